// crypto/: the repository key (generation, passphrase, key file, recovery string, check value) and
// sealed objects (round trip, compression, and every way a sealed object must refuse to open).
#include "platform/fs.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <string>

#include "crypto/key.hpp"
#include "crypto/sealed.hpp"
#include "temp_dir.hpp"

using namespace ccsync;
using crypto::RepoKey;

namespace {

// Transcript-like text: JSON lines with repeated keys and prose.
std::string
transcript(std::size_t lines)
{
  std::string out;
  for (std::size_t i = 0; i < lines; ++i) {
    out +=
      R"({"type":"assistant","message":{"role":"assistant","content":[{"type":"text","text":"Line )" +
      std::to_string(i) +
      R"(: the parser reads the next token and checks it."}]},"sessionId":"5e55a000-0000-4000-8000-000000000001"})" +
      "\n";
  }
  return out;
}

// Cheap Argon2id limits for tests (the product uses libsodium's moderate ones).
crypto::PassphraseParams
test_params()
{
  crypto::PassphraseParams params = RepoKey::new_passphrase_params();
  params.operations = 2;
  params.memory_bytes = std::uint64_t{8} << 20U;
  return params;
}

} // namespace

TEST_SUITE_BEGIN("crypto");

TEST_CASE("a sealed object opens at its path under its key, and shrinks")
{
  const RepoKey key = RepoKey::generate();
  const std::string plain = transcript(2000);
  const std::string sealed = crypto::seal(key, "sessions/5e/x/transcript/0001", plain);
  CHECK(sealed.starts_with(crypto::k_sealed_magic));
  CHECK(sealed.find("the parser reads") == std::string::npos);
  CHECK(sealed.size() * 4 < plain.size()); // deflated before it was sealed
  const auto opened = crypto::open(key, "sessions/5e/x/transcript/0001", sealed);
  REQUIRE(opened);
  CHECK(*opened == plain);
  CHECK(crypto::open(key, "e", crypto::seal(key, "e", "")) == std::string());
}

TEST_CASE("a sealed object refuses to open anywhere else, under another key, or changed")
{
  const RepoKey key = RepoKey::generate();
  const std::string sealed = crypto::seal(key, "sessions/5e/a/meta.json", "{\"title\":\"x\"}");
  CHECK_FALSE(crypto::open(key, "sessions/5e/b/meta.json", sealed));
  CHECK_FALSE(crypto::open(RepoKey::generate(), "sessions/5e/a/meta.json", sealed));
  for (std::size_t i = 0; i < sealed.size(); i += 7) {
    std::string changed = sealed;
    changed[i] = static_cast<char>(changed[i] ^ 0x20);
    CHECK_FALSE(crypto::open(key, "sessions/5e/a/meta.json", changed));
  }
  CHECK_FALSE(crypto::open(key, "sessions/5e/a/meta.json", sealed.substr(0, sealed.size() - 1)));
  CHECK_FALSE(crypto::open(key, "sessions/5e/a/meta.json", "{\"title\":\"x\"}"));
  // Synthetic nonces: equal at one path under one key, different anywhere else.
  CHECK(crypto::seal(key, "p", "same") == crypto::seal(key, "p", "same"));
  CHECK(crypto::seal(key, "p", "same").substr(0, 29) !=
        crypto::seal(key, "q", "same").substr(0, 29));
  CHECK(crypto::seal(key, "p", "same").substr(0, 29) !=
        crypto::seal(key, "p", "sane").substr(0, 29));
  CHECK(crypto::seal(key, "p", "same") != crypto::seal(RepoKey::generate(), "p", "same"));
}

TEST_CASE("the key file keeps the key (0600); a mistyped recovery string is refused")
{
  test::TempDir dir;
  const RepoKey key = RepoKey::generate();
  key.save(dir / "key");
  struct stat info {};
  REQUIRE(::stat((dir / "key").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777U) == 0600U);
  const auto loaded = RepoKey::load(dir / "key");
  REQUIRE(loaded);
  CHECK(loaded->bytes() == key.bytes());
  CHECK(loaded->check_value() == key.check_value());
  CHECK(RepoKey::generate().check_value() != key.check_value());
  CHECK(key.check_value().find(key.recovery().substr(13, 16)) == std::string::npos);

  std::string typo = key.recovery();
  typo[20] = typo[20] == 'a' ? 'b' : 'a';
  CHECK_FALSE(RepoKey::from_recovery(typo));
  CHECK_FALSE(RepoKey::from_recovery("ccsync-key-1-zz"));
  CHECK_FALSE(RepoKey::load(dir / "missing"));
  platform::write_file_atomic(dir / "damaged", "not a key\n");
  CHECK_FALSE(RepoKey::load(dir / "damaged"));
}

TEST_CASE("a passphrase gives the same key under the same salt and limits, another otherwise")
{
  const crypto::PassphraseParams params = test_params();
  const auto one = RepoKey::from_passphrase("correct horse battery staple", params);
  const auto two = RepoKey::from_passphrase("correct horse battery staple", params);
  REQUIRE(one);
  REQUIRE(two);
  CHECK(one->bytes() == two->bytes());
  const auto other = RepoKey::from_passphrase("correct horse battery stapler", params);
  REQUIRE(other);
  CHECK(other->check_value() != one->check_value());
  crypto::PassphraseParams salted = test_params();
  const auto resalted = RepoKey::from_passphrase("correct horse battery staple", salted);
  REQUIRE(resalted);
  CHECK(resalted->bytes() != one->bytes());
  salted.salt_hex = "not hex";
  CHECK_FALSE(RepoKey::from_passphrase("x", salted));
  crypto::PassphraseParams greedy = test_params();
  greedy.memory_bytes = std::uint64_t{1} << 40U; // a damaged repository asking for a terabyte
  CHECK_FALSE(RepoKey::from_passphrase("x", greedy));
}

TEST_SUITE_END();
