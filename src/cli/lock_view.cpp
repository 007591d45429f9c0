// Lock settings and display.
#include "cli/lock_view.hpp"

#include "cli/table.hpp"
#include "platform/host.hpp"
#include "sync/setup/open.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <ostream>

namespace ccsync::cli {
namespace {

std::string
state_name(lock::Status status)
{
  switch (status) {
  case lock::Status::mine: return "mine";
  case lock::Status::mine_expired: return "mine, expired";
  case lock::Status::other_active: return "active";
  case lock::Status::other_expired: return "expired";
  case lock::Status::free: return "free";
  }
  return "free";
}

std::string
age(std::int64_t seconds)
{
  if (seconds < 120) {
    return std::to_string(seconds) + "s";
  }
  if (seconds < 7200) {
    return std::to_string(seconds / 60) + "m";
  }
  return std::to_string(seconds / 3600) + "h";
}

} // namespace

sync::LockSettings
lock_settings(const Context& context)
{
  return sync::lock_settings(context.config.config);
}

lock::Timing
lock_timing(const Context& context)
{
  const sync::LockSettings settings = lock_settings(context);
  return {util::now_epoch(), settings.ttl, settings.clock_skew};
}

std::string
lock_repair_command(const std::string& session_id)
{
  return "ccsync lock release " + session_id + " --force";
}

void
print_locks(Context& context, const std::vector<lock::LockRecord>& records,
            const std::vector<std::string>& damaged, Format format)
{
  const lock::Timing timing = lock_timing(context);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : records) {
    const lock::Status status = lock::classify(r, context.machine_id(), timing);
    if (status == lock::Status::free) {
      continue;
    }
    list.push_back({{"session_id", r.session_id},
                    {"machine_id", r.holder.machine_id},
                    {"hostname", r.holder.hostname},
                    {"pid", r.holder.pid},
                    {"acquired_at", util::format_epoch(r.acquired_at)},
                    {"age_seconds", timing.now - r.acquired_at},
                    {"expires_at", util::format_epoch(r.expires_at)},
                    {"fencing_token", r.token},
                    {"state", state_name(status)}});
  }
  for (const auto& id : damaged) {
    list.push_back({{"session_id", id}, {"state", "damaged"}, {"repair", lock_repair_command(id)}});
  }
  if (format == Format::json) {
    context.out << list.dump(2) << "\n";
    return;
  }
  if (list.empty()) {
    context.out << "No session is locked\n";
    return;
  }
  Table table({{"SESSION", Shrink::prefix, 8}, {"HOLDER"}, {"AGE"}, {"EXPIRES"}, {"STATE"}});
  for (const auto& l : list) {
    if (l["state"] == "damaged") {
      table.add_row({l["session_id"].get<std::string>(), "", "", "",
                     "damaged: repair it with '" + l["repair"].get<std::string>() + "'"});
      continue;
    }
    table.add_row({l["session_id"].get<std::string>(), l["machine_id"].get<std::string>(),
                   age(l["age_seconds"].get<std::int64_t>()), l["expires_at"].get<std::string>(),
                   l["state"].get<std::string>()});
  }
  table.print(context.out, terminal_columns());
}

sync::Takeover
TakeoverPrompt::operator()(const lock::LockRecord& holder)
{
  if (m_yes) {
    return sync::Takeover::take;
  }
  if (!platform::interactive_terminal()) {
    return sync::Takeover::refuse;
  }
  const auto key = std::make_pair(holder.holder.machine_id, holder.token);
  if (const auto known = m_answers.find(key); known != m_answers.end()) {
    return known->second;
  }
  m_context.err << "Session " << holder.session_id << " is locked by " << holder.holder.machine_id
                << " since " << util::format_epoch(holder.acquired_at) << " (expires "
                << util::format_epoch(holder.expires_at) << "). Take over? [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  const bool take = answer == "y" || answer == "Y" || answer == "yes";
  return m_answers[key] = take ? sync::Takeover::take : sync::Takeover::decline;
}

std::string
declined_words(const lock::LockRecord& holder)
{
  return "Not taken over: session " + holder.session_id + " stays with " +
         holder.holder.machine_id + " (its lock expires " + util::format_epoch(holder.expires_at) +
         "); nothing changed\n";
}

} // namespace ccsync::cli
