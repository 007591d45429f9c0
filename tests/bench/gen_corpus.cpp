// gen_corpus: a seeded, deterministic generator of realistic Claude Code data for the benchmarks.
//
//   gen_corpus --out CLAUDE_DIR --home HOME [--sessions N] [--total-mb MB] [--seed S]
//              [--big-mb MB] [--mid-mb MB] [--now YYYY-MM-DD] [--summary FILE]
//   gen_corpus --append BYTES --session FILE [--seed S]
//
// The first form writes projects/<enc(cwd)>/<uuid>.jsonl transcripts (cwds are ASCII directories
// under HOME, which are created), sidecar folders (<uuid>/subagents/agent-<id>.jsonl + .meta.json,
// <uuid>/tool-results/<id>.txt) for some sessions, tasks/<uuid>/*.json for a few, and
// memory/*.md for some projects. Transcript sizes are log-normal (median ~120 KB, p99 ~4.5 MB,
// as real users' corpora), scaled so that everything totals about --total-mb;
// --big-mb adds one transcript of that size, --mid-mb one more of that size (benchmarks append to
// it). Timestamps lie in the 28 days before --now (Claude deletes older sessions, ccsync does not
// pull them), and every file's mtime is its last timestamp. A JSON summary goes to stdout (and to
// --summary FILE).
//
// The second form appends about BYTES of new turns to an existing transcript, continuing its
// chain (parentUuid, sessionId, cwd, timestamps), and prints {"appended": N, ...}. The same seed,
// file and size always append the same bytes.
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "corpus_session.hpp"

namespace fs = std::filesystem;
using corpus::Rng;
using Json = nlohmann::ordered_json;

namespace {

const char* const k_name_words[] = {
  "api",      "web",       "core",   "data",  "ml",       "infra",   "cli",    "sync",
  "auth",     "billing",   "search", "notes", "blog",     "game",    "engine", "parser",
  "compiler", "dashboard", "mobile", "agent", "pipeline", "scraper", "bot",    "tools",
  "kit",      "lab",       "site",   "docs",  "ops",      "edge",    "stream", "vault",
  "ledger",   "atlas",     "orbit",  "pixel", "quartz",   "harbor",  "falcon", "server"};
const char* const k_orgs[] = {"acme",      "globex",     "initech", "umbrella",  "hooli",
                              "wayne-ent", "stark_labs", "openlab", "nimbus.io", "tyrell"};
const char* const k_subdirs[] = {"backend",      "frontend",      "docs",
                                 "services/api", "packages/core", "tools/migrate"};
const char* const k_models[] = {"claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929",
                                "claude-opus-4-1-20250805", "claude-haiku-4-5-20251001"};

struct Options {
  std::string out;
  std::string home;
  std::size_t sessions = 100;
  double total_mb = 30;
  std::uint64_t seed = 1;
  double big_mb = 0;
  double mid_mb = 0;
  std::string now = "2026-11-20";
  std::string summary;
  std::size_t append = 0;
  std::string session;
};

[[noreturn]] void
usage(const std::string& error)
{
  std::cerr << "gen_corpus: " << error << "\n"
            << "usage: gen_corpus --out CLAUDE_DIR --home HOME [--sessions N] [--total-mb MB] "
               "[--seed S] [--big-mb MB] [--mid-mb MB] [--now YYYY-MM-DD] [--summary FILE]\n"
               "       gen_corpus --append BYTES --session FILE [--seed S]\n";
  std::exit(2);
}

Options
parse(int argc, char** argv)
{
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << "usage: gen_corpus --out CLAUDE_DIR --home HOME [--sessions N] [--total-mb MB] "
                   "[--seed S] [--big-mb MB] [--mid-mb MB] [--now YYYY-MM-DD] [--summary FILE]\n"
                   "       gen_corpus --append BYTES --session FILE [--seed S]\n";
      std::exit(0);
    }
    if (i + 1 >= argc) {
      usage("missing value for " + arg);
    }
    const std::string value = argv[++i];
    char* end = nullptr;
    const auto number = [&] {
      errno = 0;
      const double v = std::strtod(value.c_str(), &end);
      if (errno != 0 || end == value.c_str() || *end != '\0' || v < 0) {
        usage("not a number: " + arg + " " + value);
      }
      return v;
    };
    if (arg == "--out") {
      o.out = value;
    } else if (arg == "--home") {
      o.home = value;
    } else if (arg == "--sessions") {
      o.sessions = static_cast<std::size_t>(number());
    } else if (arg == "--total-mb") {
      o.total_mb = number();
    } else if (arg == "--seed") {
      o.seed = std::strtoull(value.c_str(), nullptr, 10);
    } else if (arg == "--big-mb") {
      o.big_mb = number();
    } else if (arg == "--mid-mb") {
      o.mid_mb = number();
    } else if (arg == "--now") {
      o.now = value;
    } else if (arg == "--summary") {
      o.summary = value;
    } else if (arg == "--append") {
      o.append = static_cast<std::size_t>(number());
    } else if (arg == "--session") {
      o.session = value;
    } else {
      usage("unknown option " + arg);
    }
  }
  if (o.append == 0 && (o.out.empty() || o.home.empty())) {
    usage("--out and --home are required (or --append BYTES --session FILE)");
  }
  if (o.append != 0 && o.session.empty()) {
    usage("--append needs --session FILE");
  }
  if (!o.home.empty()) { // absolute, without a trailing separator: cwds are HOME + "/..."
    o.home = fs::absolute(o.home).lexically_normal().string();
    while (o.home.size() > 1 && o.home.back() == '/') {
      o.home.pop_back();
    }
  }
  return o;
}

// Claude Code's project directory name for an ASCII cwd of at most 200 characters.
std::string
encode(const std::string& cwd)
{
  std::string out = cwd;
  for (char& c : out) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    c = alnum ? c : '-';
  }
  return out;
}

void
write_file(const fs::path& path, const std::string& content, std::int64_t mtime_ms)
{
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) {
    throw std::runtime_error("cannot write " + path.string());
  }
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  const timespec times[2] = {{mtime_ms / 1000, (mtime_ms % 1000) * 1000000},
                             {mtime_ms / 1000, (mtime_ms % 1000) * 1000000}};
  ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

std::string
project_name(Rng& rng)
{
  const char seps[] = {'-', '-', '_', '.'};
  std::string name = rng.pick(k_name_words);
  if (rng.chance(0.8)) {
    name += seps[rng.below(4)];
    name += rng.pick(k_name_words);
  }
  if (rng.chance(0.15)) {
    name += "-v" + std::to_string(rng.range(2, 4));
  }
  return name;
}

std::vector<std::string>
project_roots(Rng& rng, const std::string& home, std::size_t count)
{
  std::vector<std::string> roots;
  while (roots.size() < count) {
    const std::string name = project_name(rng);
    const std::string org = rng.pick(k_orgs);
    std::string root;
    switch (rng.below(7)) {
    case 0: root = home + "/src/" + name; break;
    case 1: root = home + "/work/" + org + "/" + name; break;
    case 2: root = home + "/projects/" + name; break;
    case 3: root = home + "/code/" + name; break;
    case 4: root = home + "/dev/" + org + "-" + name; break;
    case 5: root = home + "/Documents/" + name; break;
    default: root = home + "/src/github.com/" + org + "/" + name; break;
    }
    if (root.size() < 180 && std::find(roots.begin(), roots.end(), root) == roots.end()) {
      roots.push_back(root);
    }
  }
  return roots;
}

std::string
memory_file(Rng& rng, const corpus::Project& project, const std::string& name)
{
  return "---\nname: " + name + "\ndescription: " + corpus::sentence(rng, project) +
         "\ntype: project\n---\n\n" + corpus::prose(rng, project, rng.range(300, 2500)) + "\n";
}

struct Planned {
  std::size_t project = 0;
  std::string cwd;
  std::size_t bytes = 0;
  std::size_t subagent_bytes = 0;
  bool persist = false;
  bool tasks = false;
  const char* role = "";
};

double
percentile(std::vector<std::size_t> values, double p)
{
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return static_cast<double>(values[std::min(index, values.size() - 1)]);
}

int
generate(const Options& o)
{
  const std::int64_t now_ms = corpus::parse_iso_ms(o.now);
  if (now_ms < 0) {
    usage("--now wants YYYY-MM-DD");
  }
  const std::string claude_dir = fs::absolute(o.out).lexically_normal().string();
  Rng plan(corpus::mix(o.seed, 1));
  const std::size_t regular_count = o.sessions;
  const std::size_t project_count = std::max<std::size_t>(3, regular_count / 12 + 1);
  const auto roots = project_roots(plan, o.home, project_count);

  std::vector<Planned> sessions;
  const auto add = [&](std::size_t bytes, const char* role) {
    Planned s;
    const double u = plan.unit();
    s.project = static_cast<std::size_t>(u * u * static_cast<double>(project_count));
    s.cwd = roots[s.project];
    if (plan.chance(0.2)) {
      s.cwd += std::string("/") + plan.pick(k_subdirs);
    }
    s.bytes = bytes;
    s.role = role;
    sessions.push_back(s);
  };
  if (o.big_mb > 0) {
    add(static_cast<std::size_t>(o.big_mb * 1e6), "big");
  }
  if (o.mid_mb > 0) {
    add(static_cast<std::size_t>(o.mid_mb * 1e6), "mid");
  }
  const std::size_t special = sessions.size();
  double raw_total = 0;
  for (std::size_t i = 0; i < regular_count; ++i) {
    // sigma = ln(4.5 MB / 120 KB) / z(0.99)
    add(static_cast<std::size_t>(std::clamp(plan.lognormal(120000, 1.558), 1500.0, 40e6)), "");
    Planned& s = sessions.back();
    s.subagent_bytes =
      plan.chance(0.15)
        ? static_cast<std::size_t>(static_cast<double>(s.bytes) * (0.1 + 0.4 * plan.unit()))
        : 0;
    s.persist = s.bytes > 50000 && plan.chance(0.12);
    s.tasks = plan.chance(0.05);
    raw_total += static_cast<double>(s.bytes + s.subagent_bytes) * (s.persist ? 1.15 : 1.0);
  }
  const double budget = o.total_mb * 1e6 - o.big_mb * 1e6 - o.mid_mb * 1e6;
  const double scale = raw_total > 0 && budget > 0 ? budget / raw_total : 0.05;
  for (std::size_t i = special; i < sessions.size(); ++i) {
    sessions[i].bytes = std::max<std::size_t>(
      1500, static_cast<std::size_t>(static_cast<double>(sessions[i].bytes) * scale));
    sessions[i].subagent_bytes =
      static_cast<std::size_t>(static_cast<double>(sessions[i].subagent_bytes) * scale);
  }

  std::map<std::size_t, corpus::Project> projects;
  const auto project_of = [&](std::size_t index) -> const corpus::Project& {
    auto it = projects.find(index);
    if (it == projects.end()) {
      it = projects
             .emplace(index, corpus::make_project(roots[index], roots[index].substr(o.home.size()),
                                                  o.seed))
             .first;
    }
    return it->second;
  };

  std::size_t total = 0;
  std::size_t files = 0;
  std::vector<std::size_t> transcript_sizes;
  Json special_sessions = Json::object();
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const Planned& s = sessions[i];
    Rng rng(corpus::mix(o.seed, 1000 + i));
    corpus::SessionOptions so;
    so.session_id = corpus::uuid4(rng);
    so.cwd = s.cwd;
    so.home = o.home;
    so.claude_dir = claude_dir;
    so.project_dir_name = encode(s.cwd);
    so.branch =
      rng.chance(0.6) ? "main" : "feature/" + corpus::identifier(rng, project_of(s.project));
    so.entrypoint = rng.chance(0.85) ? "cli" : "sdk-cli";
    so.model = rng.pick(k_models);
    const auto duration = static_cast<std::int64_t>(static_cast<double>(s.bytes) / 2500.0 * 9000.0);
    const auto age = std::min<std::int64_t>(
      duration + 3600000 + static_cast<std::int64_t>(rng.below(20ULL * 86400000)), 28LL * 86400000);
    so.start_ms = now_ms - age;
    so.subagent_bytes = s.subagent_bytes;
    so.persist_large = s.persist;
    fs::create_directories(s.cwd);
    corpus::SessionWriter writer(rng.next(), project_of(s.project), so);
    writer.generate(s.bytes);
    const fs::path dir = fs::path(claude_dir) / "projects" / so.project_dir_name;
    const fs::path transcript = dir / (so.session_id + ".jsonl");
    write_file(transcript, writer.text(), writer.last_ms());
    total += writer.text().size();
    ++files;
    transcript_sizes.push_back(writer.text().size());
    for (const auto& side : writer.side_files()) {
      write_file(dir / so.session_id / side.relative, side.content, writer.last_ms());
      total += side.content.size();
      ++files;
    }
    if (s.tasks) {
      for (std::size_t t = 1, n = rng.range(1, 6); t <= n; ++t) {
        const std::string task = Json{
          {"id", std::to_string(t)},
          {"subject", corpus::sentence(rng, project_of(s.project))},
          {"description", corpus::sentence(rng, project_of(s.project))},
          {"status", t == n ? "in_progress" : "completed"},
          {"blocks", Json::array()},
          {"blockedBy",
           Json::array()}}.dump();
        write_file(fs::path(claude_dir) / "tasks" / so.session_id / (std::to_string(t) + ".json"),
                   task, writer.last_ms());
        total += task.size();
        ++files;
      }
    }
    if (*s.role != '\0') {
      special_sessions[s.role] = Json{{"id", so.session_id},
                                      {"path", transcript.string()},
                                      {"cwd", s.cwd},
                                      {"bytes", writer.text().size()}};
    }
  }
  std::size_t memory_projects = 0;
  for (std::size_t p = 0; p < project_count; ++p) {
    Rng rng(corpus::mix(o.seed, 500000 + p));
    if (!rng.chance(0.3)) {
      continue;
    }
    ++memory_projects;
    const corpus::Project& project = project_of(p);
    const fs::path dir = fs::path(claude_dir) / "projects" / encode(roots[p]) / "memory";
    std::string index = "# Memory index\n\n";
    for (std::size_t k = 0, n = rng.range(1, 6); k < n; ++k) {
      const std::string name = corpus::identifier(rng, project);
      const std::string body = memory_file(rng, project, name);
      write_file(dir / (name + ".md"), body, now_ms - 86400000);
      index += "- [" + name + "](" + name + ".md): " + corpus::sentence(rng, project) + "\n";
      total += body.size();
      ++files;
    }
    write_file(dir / "MEMORY.md", index, now_ms - 86400000);
    total += index.size();
    ++files;
  }
  const Json summary{{"sessions", sessions.size()},
                     {"projects", project_count},
                     {"memory_projects", memory_projects},
                     {"files", files},
                     {"bytes", total},
                     {"transcript_bytes_median", percentile(transcript_sizes, 0.5)},
                     {"transcript_bytes_p99", percentile(transcript_sizes, 0.99)},
                     {"transcript_bytes_max", percentile(transcript_sizes, 1.0)},
                     {"seed", o.seed},
                     {"now", o.now},
                     {"claude_dir", claude_dir},
                     {"home", o.home},
                     {"special", special_sessions}};
  std::cout << summary.dump(2) << "\n";
  if (!o.summary.empty()) {
    std::ofstream(o.summary) << summary.dump(2) << "\n";
  }
  return 0;
}

// The last message line of a transcript (it carries cwd, sessionId, uuid and timestamp).
std::optional<Json>
last_message(const std::string& path, std::size_t size)
{
  std::ifstream in(path, std::ios::binary);
  const std::size_t window = std::min<std::size_t>(size, 8u << 20);
  in.seekg(static_cast<std::streamoff>(size - window));
  std::string tail(window, '\0');
  in.read(tail.data(), static_cast<std::streamsize>(window));
  std::size_t end = tail.size();
  if (end > 0 && tail[end - 1] == '\n') {
    --end;
  }
  while (end > 0) { // [from, end) is one line, newest first
    const std::size_t newline = tail.rfind('\n', end - 1);
    const std::size_t from = newline == std::string::npos ? 0 : newline + 1;
    const std::string_view line(tail.data() + from, end - from);
    if (line.find("\"uuid\"") != std::string_view::npos &&
        line.find("\"cwd\"") != std::string_view::npos) {
      Json j = Json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("uuid") && j.contains("cwd") && j.contains("timestamp") &&
          !j.value("isSidechain", false)) {
        return j;
      }
    }
    if (newline == std::string::npos) {
      break;
    }
    end = newline;
  }
  return std::nullopt;
}

int
append(const Options& o)
{
  std::error_code error;
  const std::size_t size = fs::file_size(o.session, error);
  if (error) {
    std::cerr << "gen_corpus: cannot read " << o.session << ": " << error.message() << "\n";
    return 1;
  }
  const auto last = last_message(o.session, size);
  if (!last) {
    std::cerr << "gen_corpus: no message line with uuid and cwd in " << o.session << "\n";
    return 1;
  }
  const fs::path transcript = fs::absolute(o.session);
  corpus::SessionOptions so;
  so.session_id = last->value("sessionId", transcript.stem().string());
  so.cwd = (*last)["cwd"].get<std::string>();
  so.home = so.cwd;
  so.claude_dir = transcript.parent_path().parent_path().parent_path().string();
  so.project_dir_name = transcript.parent_path().filename().string();
  so.version = last->value("version", "2.1.197");
  so.branch = last->value("gitBranch", "main");
  so.entrypoint = last->value("entrypoint", "cli");
  so.parent_uuid = (*last)["uuid"].get<std::string>();
  so.header = false;
  Rng rng(corpus::mix(o.seed, size ^ corpus::fnv1a(so.session_id)));
  so.start_ms = corpus::parse_iso_ms((*last)["timestamp"].get<std::string>()) +
                static_cast<std::int64_t>(rng.range(30000, 600000));
  corpus::SessionWriter writer(rng.next(), corpus::make_project(so.cwd, so.cwd, o.seed), so);
  writer.generate(o.append);
  std::ofstream out(o.session, std::ios::binary | std::ios::app);
  out.write(writer.text().data(), static_cast<std::streamsize>(writer.text().size()));
  out.close();
  if (!out) {
    std::cerr << "gen_corpus: cannot append to " << o.session << "\n";
    return 1;
  }
  std::cout << Json{{"appended", writer.text().size()},
                    {"bytes_before", size},
                    {"bytes_after", size + writer.text().size()},
                    {"session", so.session_id}}
                 .dump()
            << "\n";
  return 0;
}

} // namespace

int
main(int argc, char** argv)
{
  try {
    const Options options = parse(argc, argv);
    return options.append != 0 ? append(options) : generate(options);
  } catch (const std::exception& e) {
    std::cerr << "gen_corpus: " << e.what() << "\n";
    return 1;
  }
}
