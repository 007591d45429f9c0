// ccsync scan [SESSION_ID...] [--format table|json]: what push would redact (or refuse, with
// secrets = block) in this machine's sessions, memory and CLAUDE.md: file, line, kind and a
// masked preview of each secret, never the secret itself. Reads Claude's directory only; the
// repository is not opened.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/session_ref.hpp"
#include "cli/sync_view.hpp"
#include "platform/fs.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/sharing/secret_scan.hpp"

#include <nlohmann/json.hpp>

#include <system_error>

#include <ostream>
#include <set>

namespace ccsync::cli {
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct ScanOptions {
  std::vector<std::string> ids;
  Format format = Format::table;
};

// The global CLAUDE.md and every project's memory files: what push may send besides sessions.
std::vector<fs::path>
memory_files(const fs::path& claude_dir)
{
  std::vector<fs::path> files{claude_dir / "CLAUDE.md"};
  std::error_code ec; // an entry whose type cannot be told is not listed
  for (const auto& project : platform::list_dir(claude_dir / "projects")) {
    for (const auto& entry : platform::list_dir(project.path() / "memory")) {
      if (entry.is_regular_file(ec)) {
        files.push_back(entry.path());
      }
    }
  }
  return files;
}

std::vector<sync::SecretHit>
scan_all(const Context& context, const ScanOptions& options, const secrets::Scanner& scanner)
{
  const std::vector<std::string> named =
    resolve_ids(options.ids, local_session_ids(context), "here");
  const std::set<std::string> wanted(named.begin(), named.end());
  std::vector<sync::SecretHit> hits;
  for (const auto& session : sync::find_local_sessions(context.dirs.claude_dir)) {
    if (wanted.empty() || wanted.contains(session.id)) {
      const auto more = sync::scan_session(session, scanner);
      hits.insert(hits.end(), more.begin(), more.end());
    }
  }
  if (!wanted.empty()) {
    return hits;
  }
  for (const auto& file : memory_files(context.dirs.claude_dir)) {
    if (const auto text = platform::read_file(file)) {
      const auto more = sync::scan_text(file, *text, scanner);
      hits.insert(hits.end(), more.begin(), more.end());
    }
  }
  return hits;
}

int
run_scan(Context& context, const ScanOptions& options)
{
  const auto redactor = sync::make_redactor(context.dirs, context.config.config);
  const auto hits = scan_all(context, options, redactor->scanner());
  if (options.format == Format::json) {
    json found = json::array();
    for (const auto& hit : hits) {
      found.push_back(secret_json(hit));
    }
    context.out << found.dump(2) << "\n";
  } else {
    print_secrets(context.out, hits, context.config.config.secrets.value);
  }
  return 0;
}

} // namespace

Invocation
parse_scan_command(const Args& args)
{
  ScanOptions options;
  CLI::App app("Report the secrets push would redact or refuse (never the secrets themselves).");
  app.add_option("SESSION_ID", options.ids, "Scan only these sessions");
  add_format_option(app, options.format);
  parse_args(app, "scan", args);
  return {Needs{.config = true, .initialised = false, .repo = false},
          [options](Context& context) { return run_scan(context, options); }};
}

} // namespace ccsync::cli
