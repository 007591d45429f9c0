// ccsync status [--format table|json]: machine id, remote (redacted), repository HEAD as of the
// last fetch, registered machines, last pull and push times. Offline: it never contacts the remote.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "sync/registry.hpp"
#include "sync/state.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace ccsync::cli {
using nlohmann::json;

namespace {

json
repository_head(const sync::SharedRepo& repo)
{
  const sync::Snapshot snapshot = repo.current();
  if (snapshot.empty()) {
    return nullptr;
  }
  const git::CommitInfo info = repo.describe(*snapshot.commit());
  const auto time = std::chrono::system_clock::from_time_t(static_cast<std::time_t>(info.time));
  return {{"commit", info.id}, {"summary", info.summary}, {"time", util::format_utc(time)}};
}

json
machines(const sync::SharedRepo& repo, const std::string& me)
{
  json list = json::array();
  for (const auto& m : sync::list_machines(repo.current())) {
    list.push_back({{"machine_id", m.machine_id},
                    {"os", m.os},
                    {"hostname", m.hostname},
                    {"registered_at", m.registered_at},
                    {"this_machine", m.machine_id == me}});
  }
  return list;
}

json
collect(Context& context)
{
  const sync::SyncState state = sync::load_state(context.dirs.state_file());
  const sync::SharedRepo& repo = *context.repo;
  return {{"machine_id", context.machine_id()},
          {"remote", util::redact_url(context.config.config.remote.value)},
          {"repository_head", repository_head(repo)},
          {"machines", machines(repo, context.machine_id())},
          {"last_pull", state.last_pull.empty() ? json(nullptr) : json(state.last_pull)},
          {"last_push", state.last_push.empty() ? json(nullptr) : json(state.last_push)},
          {"ccsync_home", context.dirs.ccsync_home.string()}};
}

std::string
or_never(const json& value)
{
  return value.is_null() ? "never" : value.get<std::string>();
}

void
print_table(std::ostream& out, const json& status)
{
  out << "machine:     " << status["machine_id"].get<std::string>() << "\n"
      << "remote:      " << status["remote"].get<std::string>() << "\n";
  const json& head = status["repository_head"];
  out << "repository:  "
      << (head.is_null()
            ? std::string("empty")
            : head["commit"].get<std::string>().substr(0, 12) + " " +
                head["summary"].get<std::string>() + " (" + head["time"].get<std::string>() + ")")
      << "\n";
  out << "machines:    " << status["machines"].size() << "\n";
  for (const auto& m : status["machines"]) {
    out << "  " << m["machine_id"].get<std::string>() << (m["this_machine"].get<bool>() ? " *" : "")
        << "  " << m["os"].get<std::string>() << ", " << m["hostname"].get<std::string>()
        << ", registered " << m["registered_at"].get<std::string>() << "\n";
  }
  out << "last pull:   " << or_never(status["last_pull"]) << "\n"
      << "last push:   " << or_never(status["last_push"]) << "\n";
}

} // namespace

Invocation
parse_status_command(const Args& args)
{
  Format format = Format::table;
  CLI::App app("Show this machine's sync status (offline: as of the last pull or push).");
  add_format_option(app, format);
  parse_args(app, "status", args);
  return {Needs{.config = true, .initialised = true, .repo = true}, [format](Context& context) {
            const json status = collect(context);
            if (format == Format::json) {
              context.out << status.dump(2) << "\n";
            } else {
              print_table(context.out, status);
            }
            return 0;
          }};
}

} // namespace ccsync::cli
