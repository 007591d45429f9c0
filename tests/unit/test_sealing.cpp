// store/sealing: how the sync repository's objects are stored, in every state a machine meets:
// a plain repository, an encrypted one with the key, without it, with a wrong one, several keys
// (an interrupted rotation), a rewrite under a new key; lock records' leniency and folder names.
#include "sync/store/sealing.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "crypto/sealed.hpp"

using namespace ccsync;
using crypto::RepoKey;
using sync::EncryptionRecord;
using sync::Sealing;

namespace {

ErrorKind
kind_of(const std::function<void()>& action)
{
  try {
    action();
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("no error");
  return ErrorKind::internal;
}

Sealing
encrypted_with(const RepoKey& repository_key, std::vector<RepoKey> keys)
{
  Sealing sealing;
  sealing.set_repository(EncryptionRecord{repository_key.check_value(), std::nullopt});
  sealing.set_keys(std::move(keys));
  return sealing;
}

const std::string k_meta = "sessions/5e/5e55/meta.json";

} // namespace

TEST_SUITE_BEGIN("sealing");

TEST_CASE("a plain repository stores objects as they are")
{
  const Sealing plain;
  CHECK_FALSE(plain.writes_sealed());
  CHECK(plain.seal(k_meta, "{}") == "{}");
  CHECK(plain.open(k_meta, std::string("{}")) == "{}");
  CHECK(plain.open(k_meta, std::nullopt) == std::nullopt);
  CHECK(plain.folder_name("{{HOME}}/app") == "%7B%7BHOME%7D%7D%2Fapp");
  CHECK_NOTHROW(plain.require_key());
}

TEST_CASE("an encrypted repository seals everything but ccsync.json, each at its place")
{
  const RepoKey key = RepoKey::generate();
  const Sealing sealing = encrypted_with(key, {key});
  CHECK_NOTHROW(sealing.require_key());
  const std::string sealed = sealing.seal(k_meta, "{\"title\":\"parser\"}");
  CHECK(sealed.starts_with(crypto::k_sealed_magic));
  CHECK(sealing.open(k_meta, sealed) == "{\"title\":\"parser\"}");
  CHECK(sealing.seal("ccsync.json", "{}") == "{}");
  CHECK(sealing.open("ccsync.json", std::string("{}")) == "{}");
  // moved to another path: never read, it reads as absent (one bad object holds back only its own)
  CHECK(sealing.open("sessions/5e/5e56/meta.json", sealed) == std::nullopt);
  // a plain object planted in an encrypted repository: the same
  CHECK(sealing.open(k_meta, std::string("{\"title\":\"x\"}")) == std::nullopt);
}

TEST_CASE("a plain repository's objects are read as they are, whatever their first bytes")
{
  const Sealing plain;
  const std::string looks_sealed = std::string(crypto::k_sealed_magic) + "not sealed";
  CHECK(plain.open(k_meta, looks_sealed) == looks_sealed);
}

TEST_CASE("a repository known to be encrypted whose ccsync.json lost its record is refused")
{
  const RepoKey key = RepoKey::generate();
  Sealing sealing = encrypted_with(key, {key});
  sealing.expect_encrypted(true);
  sealing.set_repository(std::nullopt); // someone pushed a ccsync.json without the record
  CHECK(kind_of([&] { sealing.require_key(); }) == ErrorKind::config);
  CHECK(kind_of([&] { (void)sealing.seal(k_meta, "{}"); }) == ErrorKind::config);
  CHECK(kind_of([] { (void)sync::encryption_of(R"({"format_version":3})"); }) == ErrorKind::config);
}

TEST_CASE("lock records a rotation did not reach open with the older key this machine has")
{
  const RepoKey old_key = RepoKey::generate();
  const RepoKey new_key = RepoKey::generate();
  const std::string place = "refs/ccsync/locks/5e55/lock.json";
  const std::string old_record = crypto::seal(old_key, place, "{\"held\":true}");
  const Sealing sealing = encrypted_with(new_key, {old_key, new_key});
  CHECK(sealing.open(place, old_record) == "{\"held\":true}");
}

TEST_CASE("lock records: plain ones are read, ones that do not open read as damaged")
{
  const RepoKey key = RepoKey::generate();
  const Sealing sealing = encrypted_with(key, {key});
  const std::string place = "refs/ccsync/locks/5e55/lock.json";
  CHECK(sealing.open(place, std::string("{\"held\":true}")) == "{\"held\":true}");
  const std::string other = crypto::seal(RepoKey::generate(), place, "{\"held\":true}");
  CHECK(sealing.open(place, other) == std::string());
  // sealed for another session's ref: damaged too
  const std::string moved = sealing.seal("refs/ccsync/locks/5e56/lock.json", "{}");
  CHECK(sealing.open(place, moved) == std::string());
  CHECK(sealing.open(place, sealing.seal(place, "{}")) == "{}");
}

TEST_CASE("without the key, or with another, nothing is read or written: Error{auth}")
{
  const RepoKey key = RepoKey::generate();
  const std::string sealed = encrypted_with(key, {key}).seal(k_meta, "{}");
  const Sealing none = encrypted_with(key, {});
  CHECK(kind_of([&] { none.require_key(); }) == ErrorKind::auth);
  CHECK(kind_of([&] { (void)none.open(k_meta, sealed); }) == ErrorKind::auth);
  CHECK(kind_of([&] { (void)none.seal(k_meta, "{}"); }) == ErrorKind::auth);
  const Sealing wrong = encrypted_with(key, {RepoKey::generate()});
  CHECK(kind_of([&] { wrong.require_key(); }) == ErrorKind::auth);
  CHECK(kind_of([&] { (void)wrong.open(k_meta, sealed); }) == ErrorKind::auth);
  CHECK_FALSE(wrong.can_open());
  CHECK_FALSE(none.can_open());
  CHECK(encrypted_with(key, {key}).can_open());
}

TEST_CASE("of several keys (an interrupted rotation left two), the repository's is used")
{
  const RepoKey old_key = RepoKey::generate();
  const RepoKey new_key = RepoKey::generate();
  const std::string sealed = encrypted_with(new_key, {new_key}).seal(k_meta, "{}");
  const Sealing sealing = encrypted_with(new_key, {old_key, new_key});
  CHECK_NOTHROW(sealing.require_key());
  REQUIRE(sealing.key());
  CHECK(sealing.key()->check_value() == new_key.check_value());
  CHECK(sealing.open(k_meta, sealed) == "{}");
}

TEST_CASE("a rewrite reads plain and old objects and writes under the new key")
{
  const RepoKey old_key = RepoKey::generate();
  const RepoKey new_key = RepoKey::generate();
  Sealing sealing = encrypted_with(old_key, {old_key});
  const std::string old_sealed = sealing.seal(k_meta, "old");
  sealing.begin_rewrite(new_key);
  CHECK(sealing.open(k_meta, old_sealed) == "old");
  CHECK(sealing.open(k_meta, std::string("plain")) == "plain");
  const std::string resealed = sealing.seal(k_meta, "old");
  CHECK(crypto::open(new_key, k_meta, resealed) == "old");
  CHECK_FALSE(crypto::open(old_key, k_meta, resealed));
  const std::string old_name = encrypted_with(old_key, {old_key}).folder_name("{{HOME}}/app");
  CHECK(sealing.folder_name("{{HOME}}/app") != old_name);
  sealing.finish_rewrite();
  sealing.set_repository(EncryptionRecord{new_key.check_value(), std::nullopt});
  CHECK_NOTHROW(sealing.require_key());
  CHECK(sealing.open(k_meta, resealed) == "old");
}

TEST_CASE("folder names in an encrypted repository reveal no project, and are stable")
{
  const RepoKey key = RepoKey::generate();
  const Sealing sealing = encrypted_with(key, {key});
  const std::string name = sealing.folder_name("{{HOME}}/src/secret-project");
  CHECK(name.size() == 32);
  CHECK(name.find("secret") == std::string::npos);
  CHECK(sealing.folder_name("{{HOME}}/src/secret-project") == name);
  CHECK(sealing.folder_name("{{HOME}}/src/other") != name);
}

TEST_CASE("ccsync.json's encryption record: absent, present, damaged")
{
  CHECK_FALSE(sync::encryption_of(R"({"format_version":2})"));
  CHECK_FALSE(sync::encryption_of("not json"));
  const auto record = sync::encryption_of(
    R"({"encryption":{"key_check":"ab","passphrase":{"salt":"00","operations":3,"memory_bytes":8}}})");
  REQUIRE(record);
  CHECK(record->key_check == "ab");
  REQUIRE(record->passphrase);
  CHECK(record->passphrase->operations == 3);
  CHECK(kind_of([] { (void)sync::encryption_of(R"({"encryption":{"check":1}})"); }) ==
        ErrorKind::config);
  CHECK(kind_of([] {
          (void)sync::encryption_of(R"({"encryption":{"key_check":"ab","passphrase":{}}})");
        }) == ErrorKind::config);
}

TEST_SUITE_END();
