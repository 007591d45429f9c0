// Encrypting a sync repository and changing its key (see encryption.hpp).
#include "sync/repo/encryption.hpp"

#include "platform/fs.hpp"
#include "sync/format.hpp"
#include "sync/repo/registry.hpp"
#include "sync/store/session_store.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "crypto/keychain.hpp"

namespace ccsync::sync {
using nlohmann::json;

namespace {

json
to_json(const EncryptionRecord& record)
{
  json j = {{"cipher", "xchacha20poly1305, deflated first, path as associated data"},
            {"key_check", record.key_check}};
  if (record.passphrase) {
    j["passphrase"] = {{"kdf", "argon2id"},
                       {"salt", record.passphrase->salt_hex},
                       {"operations", record.passphrase->operations},
                       {"memory_bytes", record.passphrase->memory_bytes}};
  }
  return j;
}

std::filesystem::path
next_key_file(const platform::Dirs& dirs)
{
  return dirs.key_file().string() + ".next";
}

std::filesystem::path
previous_key_file(const platform::Dirs& dirs)
{
  return dirs.key_file().string() + ".prev";
}

// The paths of every regular file under `dir` of `snapshot` but ccsync.json.
void
list_files(const Snapshot& snapshot, const std::string& dir, std::vector<std::string>& files)
{
  for (const auto& entry : snapshot.entries(dir)) {
    const std::string path = dir.empty() ? entry.name : dir + "/" + entry.name;
    if (entry.is_tree) {
      list_files(snapshot, path, files);
    } else if (path != k_marker_path) {
      files.push_back(path);
    }
  }
}

bool
is_session_meta(const std::string& path)
{
  return path.starts_with("sessions/") && path.ends_with("/meta.json");
}

// A session's meta.json with its chunks' blob ids as they are after the rewrite (`written`: path
// -> new blob id; each chunk by its own path, since a plain repository may hold equal bytes at
// two paths as one blob); a meta that does not parse is kept as it is.
std::string
with_new_chunk_ids(const std::string& text, const std::map<std::string, std::string>& written)
{
  auto meta = parse_meta(text);
  if (!meta) {
    return text;
  }
  for (auto& chunk : meta->chunks) {
    const auto found = written.find(chunk_path(meta->session_id, chunk.name));
    if (found != written.end()) {
      chunk.hash = found->second;
    }
  }
  return to_json(*meta);
}

// Memory folders are named for their project (Sealing::folder_name): under a new key they take
// the new name. `renamed_folders` collects old name -> (new name, project).
std::string
rehomed(const Snapshot& snapshot, const Sealing& sealing, const std::string& path,
        std::map<std::string, std::pair<std::string, std::string>>& renamed_folders)
{
  const std::string prefix = "memory/";
  const auto slash = path.find('/', prefix.size());
  if (!path.starts_with(prefix) || slash == std::string::npos) {
    return path;
  }
  const std::string folder = path.substr(prefix.size(), slash - prefix.size());
  auto found = renamed_folders.find(folder);
  if (found == renamed_folders.end()) {
    const auto text = snapshot.folder_text("memory", folder);
    const std::string name = text ? sealing.folder_name(*text) : folder;
    found = renamed_folders.emplace(folder, std::make_pair(name, text.value_or(""))).first;
  }
  return prefix + found->second.first + path.substr(slash);
}

// The old memory folders removed and each new one's k_folder_text_file written.
void
add_folder_moves(const std::map<std::string, std::pair<std::string, std::string>>& renamed,
                 std::vector<git::Change>& changes)
{
  for (const auto& [old_name, moved] : renamed) {
    if (moved.first != old_name) {
      changes.emplace_back("memory/" + old_name, std::nullopt);
    }
    if (!moved.second.empty()) {
      changes.emplace_back("memory/" + moved.first + "/" + k_folder_text_file, moved.second);
    }
  }
}

// Every file of `snapshot` sealed anew (read through the old sealing, written through the new)
// as blob changes, one file in memory at a time: first every file but the session metas, then
// the metas, which name their chunks by blob id.
std::vector<git::Change>
resealed_main(SyncRepo& repo, const Snapshot& snapshot, RewriteReport& report)
{
  std::vector<std::string> files;
  list_files(snapshot, "", files);
  std::stable_partition(files.begin(), files.end(),
                        [](const std::string& path) { return !is_session_meta(path); });
  std::map<std::string, std::string> written; // path -> its new blob id
  std::map<std::string, std::pair<std::string, std::string>> folders;
  std::vector<git::Change> changes;
  for (const auto& path : files) {
    auto content = snapshot.read(path);
    if (!content || path.ends_with(std::string("/") + k_folder_text_file)) {
      continue;
    }
    if (is_session_meta(path)) {
      content = with_new_chunk_ids(*content, written);
    }
    report.bytes += content->size();
    ++report.files;
    const std::string target = rehomed(snapshot, repo.sealing(), path, folders);
    const std::string id = repo.write_blob(target, *content);
    written[path] = id;
    changes.emplace_back(target, std::nullopt, id);
  }
  add_folder_moves(folders, changes);
  return changes;
}

// A lock ref's files sealed anew, as content changes (edit_ref seals them on that ref).
std::vector<git::Change>
resealed_lock(const Snapshot& snapshot)
{
  std::vector<git::Change> changes;
  for (const auto& entry : snapshot.entries("")) {
    if (!entry.is_tree) {
      changes.emplace_back(entry.name, snapshot.read(entry.name));
    }
  }
  return changes;
}

} // namespace

EncryptionRecord
record_of(const crypto::RepoKey& key, const std::optional<crypto::PassphraseParams>& passphrase)
{
  return {key.check_value(), passphrase};
}

git::Change
encrypted_marker(const Snapshot& snapshot, const EncryptionRecord& record,
                 const std::string& machine_id)
{
  json marker = json::parse(snapshot.read(k_marker_path).value_or("{}"), nullptr, false);
  if (!marker.is_object() || marker.empty()) {
    marker = json::parse(new_marker_text(machine_id));
  }
  marker["format_version"] = k_encrypted_format_version;
  marker["encryption"] = to_json(record);
  return {k_marker_path, marker.dump(2) + "\n"};
}

std::vector<crypto::RepoKey>
machine_keys(const platform::Dirs& dirs, const std::optional<std::string>& from_env)
{
  std::vector<crypto::RepoKey> keys;
  if (from_env && !from_env->empty()) {
    auto key = crypto::RepoKey::from_recovery(*from_env);
    if (!key) {
      throw Error(ErrorKind::config, "CCSYNC_KEY is not a ccsync recovery string",
                  "set it to what 'ccsync key export' prints (ccsync-key-1-...), or unset it");
    }
    keys.push_back(std::move(*key));
  }
  for (const auto& file : {dirs.key_file(), next_key_file(dirs), previous_key_file(dirs)}) {
    if (auto key = crypto::RepoKey::load(file)) {
      keys.push_back(std::move(*key));
    }
  }
  return keys;
}

void
remember_encrypted(const platform::Dirs& dirs, const std::string& remote_url)
{
  if (!remembered_encrypted(dirs, remote_url)) {
    platform::write_file_atomic(dirs.ccsync_home / "encrypted-remote", remote_url + "\n", 0600);
  }
}

bool
remembered_encrypted(const platform::Dirs& dirs, const std::string& remote_url)
{
  return platform::read_file(dirs.ccsync_home / "encrypted-remote") == remote_url + "\n";
}

void
promote_next_key(const platform::Dirs& dirs, const std::optional<EncryptionRecord>& record)
{
  const auto next = crypto::RepoKey::load(next_key_file(dirs));
  if (!next || !record || next->check_value() != record->key_check) {
    return;
  }
  const auto current = crypto::RepoKey::load(dirs.key_file());
  if (current && current->check_value() == record->key_check) {
    std::error_code ignored;
    std::filesystem::remove(next_key_file(dirs), ignored); // the same key twice
    return;
  }
  if (current) {
    current->save(previous_key_file(dirs));
  }
  std::error_code error;
  std::filesystem::rename(next_key_file(dirs), dirs.key_file(), error);
  if (error) {
    throw Error(ErrorKind::io,
                "the repository's key is in " + next_key_file(dirs).string() +
                  ", which could not become the key file: " + error.message(),
                "move it to " + dirs.key_file().string() + " (ccsync reads it where it is)");
  }
}

std::vector<crypto::RepoKey>
keychain_keys(const platform::Dirs& dirs)
{
  if (!dirs.session_bus) {
    return {};
  }
  auto key = crypto::keychain_load(dirs.ccsync_home.string());
  return key ? std::vector<crypto::RepoKey>{std::move(*key)} : std::vector<crypto::RepoKey>{};
}

KeyHome
keep_key(const platform::Dirs& dirs, const crypto::RepoKey& key)
{
  if (dirs.session_bus && crypto::keychain_store(dirs.ccsync_home.string(), key)) {
    const auto back = crypto::keychain_load(dirs.ccsync_home.string());
    if (back && back->check_value() == key.check_value()) {
      std::error_code ignored;
      std::filesystem::remove(dirs.key_file(), ignored);
      std::filesystem::remove(next_key_file(dirs), ignored);
      return KeyHome::keychain;
    }
  }
  const auto current = crypto::RepoKey::load(dirs.key_file());
  if (current && current->check_value() != key.check_value()) {
    current->save(
      previous_key_file(dirs)); // never overwritten unseen: it may open another repository
  }
  key.save(dirs.key_file());
  return KeyHome::file;
}

RewriteReport
rewrite_under(SyncRepo& repo, const crypto::RepoKey& key, const EncryptionRecord& record,
              const std::string& message)
{
  const platform::Dirs& dirs = repo.dirs();
  promote_next_key(dirs, repo.sealing().record()); // an earlier rotation's, never overwritten
  key.save(next_key_file(dirs));
  repo.sealing().begin_rewrite(key);
  RewriteReport report;
  repo.edit(message, [&](const Snapshot& snapshot) {
    report = {};
    std::vector<git::Change> changes = resealed_main(repo, snapshot, report);
    changes.push_back(encrypted_marker(snapshot, record, ""));
    return changes;
  });
  // Still rewriting: the old key (still the key file) opens the lock records not reached yet,
  // here and, if this stops, in the next command and the next rotation.
  for (const auto& ref : repo.remote_refs(k_locks_prefix)) {
    const auto result = repo.edit_ref(ref, message, resealed_lock);
    report.locks += result.commit ? 1 : 0;
  }
  promote_next_key(dirs, record);
  repo.sealing().finish_rewrite();
  spdlog::info("sealed {} files ({} bytes) and {} lock records under a new key", report.files,
               report.bytes, report.locks);
  return report;
}

} // namespace ccsync::sync
