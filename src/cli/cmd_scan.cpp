// ccsync scan [SESSION_ID...] [--format table|json]: what push would redact (or refuse, with
// secrets = block) in this machine's sessions: file, line, kind and a masked preview of each
// secret, never the secret itself. Reads Claude's directory only; the repository is not opened.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/sync_view.hpp"
#include "sync/local_sessions.hpp"
#include "sync/secret_scan.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <set>

namespace ccsync::cli {
using nlohmann::json;

namespace {

struct ScanOptions {
  std::vector<std::string> ids;
  Format format = Format::table;
};

// The secrets of one session: its transcript and its other files (subagents, tool results...).
std::vector<sync::SecretHit>
scan_session(const sync::LocalSession& session, const secrets::Scanner& scanner)
{
  std::vector<sync::SecretHit> hits = sync::scan_file(session.transcript, scanner);
  for (const auto& name : sync::session_files(session.sidecar_dir, session.tasks_dir)) {
    const auto file = sync::session_file_path(session.sidecar_dir, session.tasks_dir, name);
    const auto more = sync::scan_file(file, scanner);
    hits.insert(hits.end(), more.begin(), more.end());
  }
  return hits;
}

json
to_json(const std::string& id, const sync::SecretHit& hit)
{
  return {{"session_id", id},
          {"file", hit.file.string()},
          {"line", hit.line},
          {"kind", hit.kind},
          {"preview", hit.preview}};
}

int
run_scan(Context& context, const ScanOptions& options)
{
  const auto redactor = sync::make_redactor(context.dirs, context.config.config);
  const std::set<std::string> wanted(options.ids.begin(), options.ids.end());
  json found = json::array();
  for (const auto& session : sync::find_local_sessions(context.dirs.claude_dir)) {
    if (!wanted.empty() && wanted.count(session.id) == 0) {
      continue;
    }
    for (const auto& hit : scan_session(session, redactor->scanner())) {
      found.push_back(to_json(session.id, hit));
      if (options.format == Format::table) {
        context.out << sync::describe(hit) << "\n";
      }
    }
  }
  if (options.format == Format::json) {
    context.out << found.dump(2) << "\n";
  } else if (found.empty()) {
    context.out << "No secrets found\n";
  } else {
    context.out << found.size() << " secret" << (found.size() == 1 ? "" : "s") << " found; push "
                << (redactor->policy() == secrets::Policy::block    ? "refuses these sessions"
                    : redactor->policy() == secrets::Policy::redact ? "replaces them by markers"
                                                                    : "sends them as they are")
                << " (secrets = " << context.config.config.secrets.value << ")\n";
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
