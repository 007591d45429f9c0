// Reading and changing the marker, the machine records and the shared placeholder table.
#include "sync/repo/registry.hpp"

#include "config/json_words.hpp"
#include "platform/fs.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "version.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace ccsync::sync {
using nlohmann::json;

namespace {

json
to_json(const MachineRecord& r)
{
  return {{"machine_id", r.machine_id},
          {"install_id", r.install_id},
          {"os", r.os},
          {"hostname", r.hostname},
          {"home", r.home},
          {"claude_dir", r.claude_dir},
          {"ccsync_version", r.ccsync_version},
          {"registered_at", r.registered_at}};
}

std::optional<MachineRecord>
parse_machine(const std::string& text)
{
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) {
    return std::nullopt;
  }
  const auto field = [&](const char* key) {
    return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : "";
  };
  MachineRecord r{field("machine_id"),     field("install_id"),   field("os"),
                  field("hostname"),       field("home"),         field("claude_dir"),
                  field("ccsync_version"), field("registered_at")};
  if (r.machine_id.empty()) {
    return std::nullopt;
  }
  return r;
}

std::string
pretty(const json& j)
{
  return j.dump(2) + "\n";
}

std::optional<git::Change>
change_if_different(const Snapshot& snapshot, const std::string& path, std::string content)
{
  if (snapshot.read(path) == content) {
    return std::nullopt;
  }
  return git::Change{path, std::move(content)};
}

} // namespace

void
verify_repository(const RemoteState& remote, const Snapshot& snapshot)
{
  if (remote.branches.empty()) {
    return; // an empty repository: the first machine will make it a ccsync repository
  }
  const auto marker = snapshot.read(k_marker_path);
  if (!remote.has_main() || !marker) {
    throw Error(ErrorKind::config, "the remote is not empty and is not a ccsync repository",
                "give ccsync an empty repository of its own (--remote), or the one your other "
                "machines use");
  }
  const json j = json::parse(*marker, nullptr, false);
  if (!j.is_object() || !j.contains("format_version") || !j.at("format_version").is_number()) {
    throw Error(ErrorKind::config, "the remote's ccsync.json is damaged",
                "restore it from the repository's history");
  }
  refuse_newer_format(snapshot);
}

void
refuse_newer_format(const Snapshot& snapshot)
{
  const auto marker = snapshot.read(k_marker_path);
  const json j = marker ? json::parse(*marker, nullptr, false) : json();
  const auto version = j.is_object() ? j.find("format_version") : json::const_iterator();
  if (!j.is_object() || version == j.end() || !version->is_number()) {
    return;
  }
  const double found = version->get<double>();
  if (found > k_encrypted_format_version) {
    throw Error(ErrorKind::config,
                "this repository was written by a newer ccsync (format " +
                  j.at("format_version").dump() + "; this ccsync knows format " +
                  std::to_string(k_encrypted_format_version) + ")",
                "update ccsync on this machine; nothing was changed");
  }
}

std::optional<git::Change>
marker_change(const Snapshot& snapshot, const std::string& machine_id)
{
  if (snapshot.read(k_marker_path)) {
    return std::nullopt;
  }
  return git::Change{k_marker_path, new_marker_text(machine_id)};
}

std::string
new_marker_text(const std::string& machine_id)
{
  return pretty({{"format_version", k_format_version},
                 {"created_by", machine_id},
                 {"created_with", std::string("ccsync ") + k_version},
                 {"created_at", util::format_utc(util::now())}});
}

std::string
machine_record_path(const std::string& machine_id)
{
  return "machines/" + machine_id + ".json";
}

std::string
installation_id(const platform::Dirs& dirs, const std::string& hostname)
{
  // Three lines: the id, the host and the home it belongs to.
  const std::string where = hostname + "\n" + dirs.home.string() + "\n";
  if (const auto text = platform::read_file(dirs.install_id_file())) {
    const auto newline = text->find('\n');
    std::string id = text->substr(0, newline);
    const std::string rest = newline == std::string::npos ? "" : text->substr(newline + 1);
    if (id.size() == 32 && rest == where) {
      return id;
    }
    if (id.size() == 32 && rest.empty()) { // written by an older ccsync: adopt it here
      platform::write_file_atomic(dirs.install_id_file(), id + "\n" + where);
      return id;
    }
    spdlog::warn("{} was made on another host or home: this installation gets its own id",
                 dirs.install_id_file().string());
  }
  std::string id = platform::random_hex(16);
  platform::write_file_atomic(dirs.install_id_file(), id + "\n" + where);
  return id;
}

void
verify_identity(const Snapshot& snapshot, const std::string& machine_id,
                const std::string& install_id)
{
  if (install_id.empty()) {
    return;
  }
  const auto text = snapshot.read(machine_record_path(machine_id));
  const auto record = text ? parse_machine(*text) : std::nullopt;
  if (!record || record->install_id.empty() || record->install_id == install_id) {
    return;
  }
  throw Error(ErrorKind::config,
              "machine id '" + machine_id +
                "' belongs to another installation in the sync "
                "repository (host '" +
                record->hostname + "', home " + record->home +
                "); two installations with one id would overwrite each other's lines",
              "give this installation its own id: 'ccsync init --machine-id NEW-ID' (a copied "
              "ccsync home or an edited config.json causes this); if the other one is gone for "
              "good, take the id over with 'ccsync init --force'");
}

std::vector<MachineRecord>
list_machines(const Snapshot& snapshot)
{
  std::vector<MachineRecord> machines;
  for (const auto& name : snapshot.list("machines")) {
    const auto text = snapshot.read("machines/" + name);
    auto record = text ? parse_machine(*text) : std::nullopt;
    if (record) {
      machines.push_back(std::move(*record));
    } else {
      spdlog::warn("machines/{} is not a machine record; ignored", name);
    }
  }
  return machines;
}

std::optional<git::Change>
registration_change(const Snapshot& snapshot, MachineRecord record, Force force)
{
  const std::string path = machine_record_path(record.machine_id);
  const auto text = snapshot.read(path);
  if (const auto existing = text ? parse_machine(*text) : std::nullopt) {
    if (existing->install_id != record.install_id && force == Force::no) {
      throw Error(ErrorKind::config,
                  "machine id '" + record.machine_id + "' is already registered by host '" +
                    existing->hostname + "' (home " + existing->home + ")",
                  "choose another id with --machine-id, or take the id over with --force");
    }
    if (existing->install_id == record.install_id) {
      record.registered_at = existing->registered_at;
    }
  }
  return change_if_different(snapshot, path, pretty(to_json(record)));
}

SharedPlaceholders
read_placeholders(const Snapshot& snapshot)
{
  const auto text = snapshot.read(k_placeholders_path);
  if (!text) {
    return {};
  }
  const std::string damaged = "the repository's shared_placeholders.json is damaged: ";
  const std::string hint = "restore it from the repository's history";
  try { // the JSON library's texts are not shown: they are said in ccsync's words
    return json::parse(*text).get<SharedPlaceholders>();
  } catch (const json::parse_error& e) {
    const config::JsonProblem problem = config::json_syntax_problem(*text, e.byte);
    throw Error(ErrorKind::config,
                damaged + "line " + std::to_string(problem.line) + ": " + problem.what, hint);
  } catch (const json::exception&) {
    throw Error(ErrorKind::config,
                damaged + R"(it must be an object of {"NAME": {"MACHINE_ID": "PATH"}})", hint);
  }
}

SharedPlaceholders
usable_placeholders(const Snapshot& snapshot)
{
  const auto text = snapshot.read(k_placeholders_path);
  const json j = text ? json::parse(*text, nullptr, false) : json::object();
  SharedPlaceholders table;
  if (!j.is_object()) {
    spdlog::warn("the repository's shared_placeholders.json is damaged; no shared placeholder is "
                 "used until it is restored from the repository's history");
    return table;
  }
  for (const auto& [name, machines] : j.items()) {
    if (!machines.is_object()) {
      continue;
    }
    for (const auto& [machine, path] : machines.items()) {
      if (path.is_string()) {
        table[name][machine] = path.get<std::string>();
      }
    }
  }
  return table;
}

std::optional<git::Change>
placeholders_change(const Snapshot& snapshot, const std::vector<PlaceholderPath>& paths)
{
  SharedPlaceholders table = read_placeholders(snapshot);
  for (const auto& p : paths) {
    if (!p.path.empty()) {
      table[p.name][p.machine_id] = p.path;
      continue;
    }
    if (const auto it = table.find(p.name); it != table.end()) {
      it->second.erase(p.machine_id);
      if (it->second.empty()) {
        table.erase(it);
      }
    }
  }
  return change_if_different(snapshot, k_placeholders_path, pretty(json(table)));
}

std::vector<git::Change>
unregistration_changes(const Snapshot& snapshot, const std::string& machine_id)
{
  std::vector<git::Change> changes;
  const std::string record = machine_record_path(machine_id);
  if (snapshot.entry_id(record)) {
    changes.emplace_back(record, std::nullopt);
  }
  std::vector<PlaceholderPath> entries;
  for (const auto& [name, path] : placeholders_for(read_placeholders(snapshot), machine_id)) {
    entries.push_back({name, machine_id, ""}); // an empty path removes the entry
  }
  if (auto table = placeholders_change(snapshot, entries)) {
    changes.push_back(std::move(*table));
  }
  return changes;
}

std::map<std::string, std::string>
placeholders_for(const SharedPlaceholders& table, const std::string& machine_id)
{
  std::map<std::string, std::string> mine;
  for (const auto& [name, machines] : table) {
    if (const auto it = machines.find(machine_id); it != machines.end()) {
      mine.emplace(name, it->second);
    }
  }
  return mine;
}

} // namespace ccsync::sync
