// The per-project secrets policy (config `secrets_projects`) through push_sessions: each session
// is redacted, refused or sent verbatim under its own project's policy, whatever the session
// planned before it had (the policy travels with each call: secrets::Redaction).
#include "platform/fs.hpp"
#include "secrets/redactor.hpp"
#include "secrets/scanner.hpp"
#include "sync/local/local_sessions.hpp"
#include "sync/sharing/secret_scan.hpp"
#include "sync/store/session_store.hpp"

#include <doctest/doctest.h>

#include "sync_machine.hpp"
#include "temp_dir.hpp"

using namespace ccsync;
using test::report_of;
using test::stored_transcript;
using test::SyncMachine;
using test::TempDir;

namespace {

const std::string k_one = "5e55a000-0000-4000-8000-000000000001";
const std::string k_two = "5e55a000-0000-4000-8000-000000000002";
const std::string k_three = "5e55a000-0000-4000-8000-000000000003";
constexpr std::string_view k_aws = "AKIAQYLPMN5HHWFPZAM2";

} // namespace

TEST_SUITE_BEGIN("sync");

TEST_CASE("push: each session is redacted under its own project's policy, whatever came before")
{
  // Sessions are planned in id order: k_one (warn), k_two (block), k_three (the default, redact).
  TempDir dir;
  const std::string remote = test::bare_remote(dir / "remote.git");
  SyncMachine alice(dir / "alice", remote, secrets::Policy::redact);
  alice.setup.secrets_projects = {{"{{HOME}}/open", "warn"}, {"{{HOME}}/clients/**", "block"}};
  const std::string secret = "key " + std::string(k_aws);
  alice.append(k_one, secret, "open");
  alice.append(k_two, secret, "clients/acme");
  alice.append(k_three, secret, "app");

  const sync::PushReport report = alice.push();
  const auto* refused = report_of(report.skipped, k_two);
  REQUIRE(refused != nullptr);
  CHECK(refused->outcome == sync::Outcome::failed);
  CHECK(refused->detail.find("secrets = block") != std::string::npos);
  CHECK(refused->detail.find(std::string(k_aws)) == std::string::npos);
  CHECK_FALSE(alice.repo().current().read(sync::meta_path(k_two)).has_value());
  REQUIRE(report.changed.size() == 2);
  CHECK(stored_transcript(alice.repo(), k_one).find(std::string(k_aws)) != std::string::npos);
  const std::string redacted = stored_transcript(alice.repo(), k_three);
  CHECK(redacted.find(std::string(k_aws)) == std::string::npos);
  CHECK(redacted.find("{{!REDACTED:aws-access-key:") != std::string::npos);

  SUBCASE("and again on the fast path of an append")
  {
    alice.append(k_one, secret + " again", "open");
    alice.append(k_two, secret + " again", "clients/acme");
    alice.append(k_three, secret + " again", "app");
    const sync::PushReport next = alice.push();
    const auto* again = report_of(next.skipped, k_two);
    REQUIRE(again != nullptr);
    CHECK(again->outcome == sync::Outcome::failed);
    CHECK(stored_transcript(alice.repo(), k_three).find(std::string(k_aws)) == std::string::npos);
  }
}

TEST_CASE("push: a secret pasted as the first prompt is redacted in the title before the cut")
{
  TempDir dir;
  const std::string remote = test::bare_remote(dir / "remote.git");
  SyncMachine alice(dir / "alice", remote, secrets::Policy::redact);
  const std::string token = "ghp_Zq9Lm2Xv8Rt4Bn7Wc1Yp5Hk3Jd6Gf0Sa2Qe9";
  const std::string prompt = std::string(185, 'x').replace(0, 4, "use ") + " " + token + " now";
  alice.append(k_one, prompt);
  REQUIRE(alice.push().changed.size() == 1);
  const auto meta =
    sync::parse_meta(alice.repo().current().read(sync::meta_path(k_one)).value_or(""));
  REQUIRE(meta);
  CHECK(meta->title.size() <= 200);
  CHECK(meta->title.find("ghp_") == std::string::npos);
  CHECK(meta->title.find("Zq9Lm2") == std::string::npos);
  CHECK(meta->title.starts_with("use xxx"));
}

TEST_CASE("scan: a key block in a raw tool result is found, as push redacts it")
{
  TempDir dir;
  const std::string remote = test::bare_remote(dir / "remote.git");
  SyncMachine alice(dir / "alice", remote, secrets::Policy::redact);
  alice.append(k_one, "read the key");
  const std::filesystem::path results = alice.project_folder() / k_one / "tool-results";
  std::filesystem::create_directories(results);
  std::string block = "-----BEGIN RSA PRIVATE KEY-----\n";
  for (int i = 0; i < 12; ++i) {
    block +=
      "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun" + std::to_string(i) + "\n";
  }
  block += "-----END RSA PRIVATE KEY-----\n";
  platform::write_file_atomic(results / "toolu_01.txt", "$ cat id_rsa\n" + block);

  const auto sessions = sync::find_local_sessions(alice.dirs().claude_dir);
  REQUIRE(sessions.size() == 1);
  const secrets::Scanner scanner;
  const auto hits = sync::scan_session(sessions[0], scanner);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].kind == "private-key");
  CHECK(hits[0].line == 2);

  REQUIRE(alice.push().changed.size() == 1);
  const auto meta =
    sync::parse_meta(alice.repo().current().read(sync::meta_path(k_one)).value_or(""));
  REQUIRE(meta);
  bool redacted = false;
  for (const auto& file : meta->files) {
    const auto stored = alice.repo().current().read(sync::sidecar_path(k_one, file));
    REQUIRE(stored);
    CHECK(stored->find("MIIEowIBAAKCAQEA") == std::string::npos);
    redacted = redacted || stored->find("{{!REDACTED:private-key:") != std::string::npos;
  }
  CHECK(redacted);
}

TEST_SUITE_END();
