// The per-project secrets policy (config `secrets_projects`) through push_sessions: each session
// is redacted, refused or sent verbatim under its own project's policy, whatever the session
// planned before it had (the policy travels with each call: secrets::Redaction).
#include "secrets/redactor.hpp"
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

TEST_SUITE_END();
