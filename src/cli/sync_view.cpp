// Engine set-up and report lines for push and pull.
#include "cli/sync_view.hpp"

#include "sync/registry.hpp"

#include <ostream>

namespace ccsync::cli {

EngineSetup
engine_setup(const Context& context) {
  const config::Config& config = context.config.config;
  auto mappings = sync::placeholders_for(sync::read_placeholders(context.repo->current()),
                                         context.machine_id());
  for (const auto& [name, path] : config.custom_placeholders.value) {
    mappings[name] = path;
  }
  EngineSetup result;
  result.placeholders = std::make_unique<paths::Placeholders>(
      sync::make_placeholders(context.dirs.home.string(), mappings));
  result.setup = {context.dirs.claude_dir,   context.dirs.ccsync_home,
                  context.machine_id(),      config.sync_directories.value,
                  result.placeholders.get(), config.lock_clock_skew_seconds.value};
  return result;
}

void
print_sessions(std::ostream& out, const std::vector<sync::SessionReport>& sessions) {
  for (const auto& s : sessions) {
    out << "  " << s.id << "  " << s.action;
    if (s.lines != 0 || s.bytes != 0) {
      out << " (" << s.lines << " lines, " << s.bytes << " bytes)";
    }
    if (!s.detail.empty()) {
      out << ": " << s.detail;
    }
    out << "\n";
  }
}

void
print_report(std::ostream& out, const std::string& heading,
             const std::vector<sync::SessionReport>& changed,
             const std::vector<sync::SessionReport>& shared, const std::string& left_heading,
             const std::vector<sync::SessionReport>& skipped) {
  out << heading << "\n";
  print_sessions(out, changed);
  print_sessions(out, shared);
  if (!skipped.empty()) {
    out << left_heading << "\n";
    print_sessions(out, skipped);
  }
  out << changed.size() << " session" << (changed.size() == 1 ? "" : "s");
}

} // namespace ccsync::cli
