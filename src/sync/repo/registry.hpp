// The repository's shared bookkeeping files:
//   ccsync.json                 format marker {format_version, created_by, created_at}
//   machines/<machine_id>.json  one record per registered machine
//   shared_placeholders.json    {"NAME": {"<machine_id>": "<path>", ...}, ...}
#pragma once

#include "git/repository.hpp"
#include "platform/dirs.hpp"
#include "sync/format.hpp"
#include "sync/repo/remote_state.hpp"
#include "sync/store/snapshot.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::sync {

inline constexpr const char* k_marker_path = "ccsync.json";
inline constexpr const char* k_placeholders_path = "shared_placeholders.json";

// Throws Error{config} when the remote is not empty and is not a ccsync repository of a format
// this version understands.
void verify_repository(const RemoteState& remote, const Snapshot& snapshot);

// Throws Error{config} when the repository's marker says it was written by a newer ccsync.
void refuse_newer_format(const Snapshot& snapshot);

// The text of a new repository's marker, made by `machine_id` now.
std::string new_marker_text(const std::string& machine_id);

// The marker to write into an empty repository; nothing when it is there already.
std::optional<git::Change> marker_change(const Snapshot& snapshot, const std::string& machine_id);

struct MachineRecord {
  std::string machine_id;
  std::string install_id; // random per ccsync home: tells two hosts using one id apart
  std::string os;
  std::string hostname;
  std::string home;
  std::string claude_dir;
  std::string ccsync_version;
  std::string registered_at;
};

std::string machine_record_path(const std::string& machine_id);

// This installation's id (<ccsync home>/install-id): random, made once. The file also records the
// host and home it was made on; a ccsync home copied to another host or home gets a new id, so
// the copy is not mistaken for the original.
std::string installation_id(const platform::Dirs& dirs, const std::string& hostname);

// Throws Error{config}, before anything is written, when the repository registers `machine_id`
// to another installation than `install_id`: two installations with one machine id would drop
// each other's lines. No check when `install_id` is empty or the id is not registered.
void verify_identity(const Snapshot& snapshot, const std::string& machine_id,
                     const std::string& install_id);

// Every readable machine record (damaged ones are logged and left out).
std::vector<MachineRecord> list_machines(const Snapshot& snapshot);

// The change that registers `record` (keeping the first registration time); nothing when the
// repository already says the same. When the id is registered by another installation, throws
// Error{config} unless `force`.
enum class Force { no, yes };
std::optional<git::Change> registration_change(const Snapshot& snapshot, MachineRecord record,
                                               Force force);

// NAME -> machine id -> path.
using SharedPlaceholders = std::map<std::string, std::map<std::string, std::string>>;

// The repository's placeholder table (empty when the file is absent; Error{config} if damaged).
SharedPlaceholders read_placeholders(const Snapshot& snapshot);

struct PlaceholderPath {
  std::string name;
  std::string machine_id;
  std::string path;
};

// The table as far as it can be read, for using it (not for editing it): a damaged file is no
// table and a wrongly typed entry no entry (logged), so that it never stops every command.
SharedPlaceholders usable_placeholders(const Snapshot& snapshot);

// The change that sets `paths` in the table (an empty path removes that machine's entry);
// nothing when it says so already.
std::optional<git::Change> placeholders_change(const Snapshot& snapshot,
                                               const std::vector<PlaceholderPath>& paths);

// The changes that unregister `machine_id`: its record removed and its entries taken out of the
// placeholder table; empty when the repository knows nothing of it. Its sessions stay.
std::vector<git::Change> unregistration_changes(const Snapshot& snapshot,
                                                const std::string& machine_id);

// The mappings that apply to `machine_id`: the table's entries for it.
std::map<std::string, std::string> placeholders_for(const SharedPlaceholders& table,
                                                    const std::string& machine_id);

} // namespace ccsync::sync
