// sync-index: read, write, stamps. One record per line, fields separated by spaces, strings
// percent-escaped ("%" alone is the empty string):
//   ccsync sync-index 1
//   config <fingerprint, hex>
//   S <id> <size> <mtime_ns> <state> <meta id|-> <pushed bytes> <tail hash, hex>
//     <placeholders hash, hex> <folder> <cwd>
//   F <size> <mtime_ns> <sidecar path>          (a file of the session above)
//   B <chunk blob id> <local end|->             (the session above's chunks, in order)
//   M <size> <mtime_ns> <path>                  (a memory file or CLAUDE.md)
#include "sync/local/sync_index.hpp"

#include "platform/fs.hpp"
#include "util/text.hpp"

#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <array>
#include <charconv>

namespace ccsync::sync {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_header = "ccsync sync-index 1";
constexpr const char* k_file_name = "sync-index";

constexpr std::array<std::pair<IndexState, std::string_view>, 6> k_states = {{
  {IndexState::synced, "synced"},
  {IndexState::outside, "outside"},
  {IndexState::local, "local"},
  {IndexState::ignored, "ignored"},
  {IndexState::excluded, "excluded"},
  {IndexState::forgotten, "forgotten"},
}};

std::string_view
state_name(IndexState state)
{
  for (const auto& [value, name] : k_states) {
    if (value == state) {
      return name;
    }
  }
  return "synced";
}

std::optional<IndexState>
parse_state(std::string_view name)
{
  for (const auto& [value, known] : k_states) {
    if (known == name) {
      return value;
    }
  }
  return std::nullopt;
}

bool
needs_escape(char c)
{
  return c == '%' || c == ' ' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

std::string
escape(std::string_view text)
{
  if (text.empty()) {
    return "%";
  }
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (needs_escape(c)) {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += k_hex[u >> 4U];
      out += k_hex[u & 0xFU];
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string>
unescape(std::string_view token)
{
  if (token == "%") {
    return std::string();
  }
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '%') {
      out += token[i];
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= token.size() ||
        std::from_chars(token.data() + i + 1, token.data() + i + 3, value, 16).ptr !=
          token.data() + i + 3) {
      return std::nullopt;
    }
    out += static_cast<char>(value);
    i += 2;
  }
  return out;
}

template <class T> bool
parse_number(std::string_view token, T& value, int base = 10)
{
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value, base);
  return error == std::errc() && end == token.data() + token.size();
}

// The space-separated fields of `line`.
std::vector<std::string_view>
fields_of(std::string_view line)
{
  std::vector<std::string_view> fields;
  while (!line.empty()) {
    const std::size_t space = std::min(line.find(' '), line.size());
    fields.push_back(line.substr(0, space));
    line.remove_prefix(std::min(space + 1, line.size()));
  }
  return fields;
}

std::string
hex(std::uint64_t value)
{
  std::array<char, 17> buffer{};
  auto* const end = std::to_chars(buffer.data(), buffer.data() + 16, value, 16).ptr;
  return std::string(buffer.data(), end);
}

bool
parse_stamp(std::string_view size, std::string_view mtime, FileStamp& stamp)
{
  return parse_number(size, stamp.size) && parse_number(mtime, stamp.mtime_ns);
}

// Reads the records into `index`; false at the first malformed line.
class Parser {
public:
  Parser(std::map<std::string, IndexEntry>& entries, std::map<std::string, FileStamp>& shared,
         std::uint64_t& fingerprint)
      : m_entries(entries)
      , m_shared(shared)
      , m_fingerprint(fingerprint)
  {}

  bool
  line(std::string_view text)
  {
    const auto f = fields_of(text);
    if (f.empty()) {
      return false;
    }
    if (f[0] == "config" && f.size() == 2) {
      return parse_number(f[1], m_fingerprint, 16);
    }

    if (f[0] == "S" && f.size() == 11) {
      return session(f);
    }
    if (f[0] == "F" && f.size() == 4 && m_current != nullptr) {
      const auto path = unescape(f[3]);
      return path && parse_stamp(f[1], f[2], m_current->sidecars[*path]);
    }
    if (f[0] == "B" && f.size() == 3 && m_current != nullptr) {
      Boundary boundary{std::string(f[1]), std::nullopt};
      std::uint64_t end = 0;
      if (f[2] != "-" && !parse_number(f[2], end)) {
        return false;
      }
      boundary.local_end = f[2] == "-" ? std::nullopt : std::optional(end);
      m_current->boundaries.push_back(std::move(boundary));
      return true;
    }
    if (f[0] == "M" && f.size() == 4) {
      const auto path = unescape(f[3]);
      return path && parse_stamp(f[1], f[2], m_shared[*path]);
    }
    return false;
  }

private:
  bool
  session(const std::vector<std::string_view>& f)
  {
    IndexEntry entry;
    const auto state = parse_state(f[4]);
    auto folder = unescape(f[9]);
    auto cwd = unescape(f[10]);
    if (!state || !folder || !cwd || !parse_stamp(f[2], f[3], entry.transcript) ||
        !parse_number(f[6], entry.pushed_bytes) || !parse_number(f[7], entry.tail_hash, 16) ||
        !parse_number(f[8], entry.placeholders, 16)) {
      return false;
    }
    entry.state = *state;
    entry.meta_id = f[5] == "-" ? "" : std::string(f[5]);
    entry.project_dir = std::move(*folder);
    entry.cwd = std::move(*cwd);
    m_current = &(m_entries[std::string(f[1])] = std::move(entry));
    return true;
  }

  std::map<std::string, IndexEntry>& m_entries;
  std::map<std::string, FileStamp>& m_shared;
  std::uint64_t& m_fingerprint;
  IndexEntry* m_current = nullptr;
};

void
write_entry(std::string& out, const std::string& id, const IndexEntry& e)
{
  out += "S " + id + " " + std::to_string(e.transcript.size) + " " +
         std::to_string(e.transcript.mtime_ns) + " " + std::string(state_name(e.state)) + " " +
         (e.meta_id.empty() ? "-" : e.meta_id) + " " + std::to_string(e.pushed_bytes) + " " +
         hex(e.tail_hash) + " " + hex(e.placeholders) + " " + escape(e.project_dir) + " " +
         escape(e.cwd) + "\n";
  for (const auto& [path, stamp] : e.sidecars) {
    out += "F " + std::to_string(stamp.size) + " " + std::to_string(stamp.mtime_ns) + " " +
           escape(path) + "\n";
  }
  for (const auto& b : e.boundaries) {
    out += "B " + b.hash + " " + (b.local_end ? std::to_string(*b.local_end) : "-") + "\n";
  }
}

} // namespace

std::optional<FileStamp>
stamp_of(const fs::path& file)
{
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) {
    return std::nullopt;
  }
  return FileStamp{static_cast<std::uint64_t>(info.st_size),
                   static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 +
                     info.st_mtim.tv_nsec};
}

SyncIndex
SyncIndex::load(const fs::path& ccsync_home)
{
  SyncIndex index;
  index.m_file = ccsync_home / k_file_name;
  const auto text = platform::read_file(index.m_file);
  if (!text) {
    return index;
  }
  std::string_view rest = *text;
  const auto next_line = [&rest] {
    const std::size_t end = std::min(rest.find('\n'), rest.size());
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    return line;
  };
  bool good = next_line() == k_header;
  Parser parser(index.m_entries, index.m_memory_files, index.m_fingerprint);
  while (good && !rest.empty()) {
    good = parser.line(next_line());
  }
  if (!good) {
    spdlog::warn("{} is damaged; starting it afresh (every session is read once)",
                 index.m_file.string());
    SyncIndex fresh;
    fresh.m_file = index.m_file;
    return fresh;
  }
  return index;
}

void
SyncIndex::save() const
{
  std::string out = std::string(k_header) + "\nconfig " + hex(m_fingerprint) + "\n";
  for (const auto& [id, entry] : m_entries) {
    write_entry(out, id, entry);
  }
  for (const auto& [path, stamp] : m_memory_files) {
    out += "M " + std::to_string(stamp.size) + " " + std::to_string(stamp.mtime_ns) + " " +
           escape(path) + "\n";
  }
  platform::write_file_atomic(m_file, out, 0600);
}

const IndexEntry*
SyncIndex::find(const std::string& session_id) const
{
  const auto it = m_entries.find(session_id);
  return it == m_entries.end() ? nullptr : &it->second;
}

void
SyncIndex::set(const std::string& session_id, IndexEntry entry)
{
  m_entries[session_id] = std::move(entry);
}

void
SyncIndex::erase(const std::string& session_id)
{
  m_entries.erase(session_id);
}

ResumePoint
resume_point(const std::vector<Boundary>& known, const SessionMeta& meta)
{
  ResumePoint point;
  std::uint64_t remote = 0;
  for (std::size_t i = 0; i < meta.chunks.size() && i < known.size(); ++i) {
    if (known[i].hash != meta.chunks[i].hash) {
      break;
    }
    remote += meta.chunks[i].bytes;
    if (known[i].local_end) {
      point = {i + 1, remote, *known[i].local_end};
    }
  }
  return point;
}

std::vector<Boundary>
merge_boundaries(std::vector<Boundary> fresh, const std::vector<Boundary>& known)
{
  for (std::size_t i = 0; i < fresh.size() && i < known.size(); ++i) {
    if (fresh[i].hash != known[i].hash) {
      break;
    }
    if (!fresh[i].local_end) {
      fresh[i].local_end = known[i].local_end;
    }
  }
  return fresh;
}

void
invalidate_sync_index(const fs::path& ccsync_home)
{
  SyncIndex index = SyncIndex::load(ccsync_home);
  if (index.fingerprint() != 0) {
    index.set_fingerprint(0);
    index.save();
  }
}

IndexEntry
current_stamps(const LocalSession& session)
{
  IndexEntry entry;
  entry.transcript = stamp_of(session.transcript).value_or(FileStamp{});
  if (!session.may_have_sidecars && !session.may_have_tasks && session.beside.empty()) {
    return entry; // the listings showed neither folder nor file beside: nothing to open
  }
  for (const auto& name : session_files(session)) {
    entry.sidecars[name] = stamp_of(session_file_path(session, name)).value_or(FileStamp{});
  }
  return entry;
}

std::map<std::string, FileStamp>
memory_file_stamps(const fs::path& claude_dir)
{
  std::map<std::string, FileStamp> stamps;
  if (const auto stamp = stamp_of(claude_dir / "CLAUDE.md")) {
    stamps["CLAUDE.md"] = *stamp;
  }
  for (const auto& project : platform::list_dir(claude_dir / "projects")) {
    const fs::path memory = project.path() / "memory";
    for (const auto& file : platform::list_dir(memory)) {
      if (const auto stamp = stamp_of(file.path())) {
        stamps["projects/" + project.path().filename().string() + "/memory/" +
               file.path().filename().string()] = *stamp;
      }
    }
  }
  return stamps;
}

bool
made_under_other_placeholders(const IndexEntry& entry, std::uint64_t now)
{
  return entry.placeholders != 0 && entry.placeholders != now;
}

} // namespace ccsync::sync
