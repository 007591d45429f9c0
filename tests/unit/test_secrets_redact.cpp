// secrets/: redaction keeps transcript lines valid JSON and every other byte as it was; markers
// are stable per secret and key; the allowlist; previews that never reveal a secret.
#include "paths/token.hpp"
#include "secrets/redact.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "unit/secrets_samples.hpp"

using namespace ccsync;
using namespace ccsync::secrets;
using namespace ccsync::secrets::test;

namespace {

const MarkerKey k_key =
  MarkerKey::from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const MarkerKey k_other_key =
  MarkerKey::from_hex("f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff");

std::string
redacted(std::string_view text, const MarkerKey& key = k_key)
{
  return redact(text, Scanner().scan(text), key);
}

// The markers in `text`, in order: "{{!REDACTED:" kind ":" 4 lowercase hex "}}".
std::vector<std::string>
markers_in(std::string_view text)
{
  constexpr std::string_view open = "{{!REDACTED:";
  std::vector<std::string> out;
  for (std::size_t at = text.find(open); at != std::string_view::npos;
       at = text.find(open, at + 1)) {
    const std::size_t colon = text.find(':', at + open.size());
    if (colon == std::string_view::npos || colon + 7 > text.size() ||
        text.substr(colon + 5, 2) != "}}")
      continue;
    const std::string_view kind = text.substr(at + open.size(), colon - at - open.size());
    const std::string_view hex = text.substr(colon + 1, 4);
    const bool kind_ok = !kind.empty() && std::all_of(kind.begin(), kind.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || c == '-';
    });
    const bool hex_ok = std::all_of(hex.begin(), hex.end(), [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
    if (kind_ok && hex_ok)
      out.emplace_back(text.substr(at, colon + 7 - at));
  }
  return out;
}

const std::string k_token = "ghp_" + random_chars(36, k_base62, 42);
const std::string k_key_block = pem("RSA PRIVATE KEY", 10, 43);

} // namespace

TEST_SUITE_BEGIN("secrets");

TEST_CASE("redacted lines stay valid JSON and keep every other byte")
{
  const std::string text = "export GITHUB_TOKEN=" + k_token + "\ncat id_rsa\n" + k_key_block +
                           "\npassword: \"Tr0ub4dor&3x\" and done";
  for (const std::string& line : {line_with(text), nested_line(text)}) {
    CAPTURE(line);
    const auto found = Scanner().scan(line);
    REQUIRE(found.size() == 3);
    const std::string out = redact(line, found, k_key);
    REQUIRE(nlohmann::json::accept(out));
    const auto markers = markers_in(out);
    REQUIRE(markers.size() == 3);
    std::string expected; // the line with each secret's bytes, and only those, replaced
    std::size_t done = 0;
    for (std::size_t i = 0; i < found.size(); ++i) {
      expected += line.substr(done, found[i].offset - done) + markers[i];
      done = found[i].end();
      CHECK(markers[i] == marker(found[i].kind, secret_text(line, found[i]), k_key));
    }
    CHECK(out == expected + line.substr(done));
    CHECK(Scanner().scan(out).empty()); // markers are not secrets
  }
  const auto parsed = nlohmann::json::parse(redacted(line_with(text)));
  const std::string content = parsed["message"]["content"];
  CHECK(content.find(k_token) == std::string::npos);
  CHECK(content.find("Tr0ub4dor") == std::string::npos);
  CHECK(content.starts_with("export GITHUB_TOKEN={{!REDACTED:github-token:"));
  CHECK(content.ends_with("\" and done"));
}

TEST_CASE("one secret gets one marker, raw or escaped; another key gives another marker")
{
  const std::string raw = redacted("token " + k_token + "\n" + k_key_block + "\n");
  const std::string once = redacted(line_with("token " + k_token + "\n" + k_key_block + "\n"));
  const std::string nested = redacted(nested_line("token " + k_token + "\n" + k_key_block + "\n"));
  const auto expected = markers_in(raw);
  REQUIRE(expected.size() == 2);
  CHECK(markers_in(once) == expected);
  CHECK(markers_in(nested) == expected);
  CHECK(expected[0].starts_with("{{!REDACTED:github-token:"));
  CHECK(expected[1].starts_with("{{!REDACTED:private-key:"));

  CHECK(marker(Kind::github_token, k_token, k_key) == expected[0]);
  CHECK(marker(Kind::github_token, k_token, k_other_key) != expected[0]);
  CHECK(marker(Kind::github_token, k_token + "x", k_key) != expected[0]);
  CHECK(marker(Kind::github_token, "ghp_same", k_key) ==
        marker(Kind::github_token, "ghp_same", k_key));
}

TEST_CASE("markers stay inside JSON strings and are never read as path placeholders")
{
  for (const Kind kind : k_all_kinds) {
    const std::string m = marker(kind, "s3cr3t-value", k_key);
    CAPTURE(m);
    CHECK(m.find_first_of("\"\\") == std::string::npos);
    CHECK(std::count(m.begin(), m.end(), ':') == 2);
    CHECK(markers_in(m).size() == 1);
    CHECK_FALSE(paths::match_token(m, 0));
    CHECK(nlohmann::json::parse("\"" + m + "\"") == m);
  }
}

TEST_CASE("redaction merges overlapping findings and ignores bytes past the end")
{
  const std::string text = "abcdefghij";
  const std::vector<Finding> findings{
    {2, 3, Kind::token}, {4, 3, Kind::password}, {8, 10, Kind::jwt}};
  const std::string out = redact(text, findings, k_key);
  const auto markers = markers_in(out);
  REQUIRE(markers.size() == 2);
  CHECK(out == "ab" + markers[0] + "h" + markers[1]);
  CHECK(markers[0] == marker(Kind::token, "cdefg", k_key));
  CHECK(redact(text, {}, k_key) == text);
}

TEST_CASE("allowlist: exact entries and re: patterns drop findings, raw or escaped")
{
  const std::string other = "ghp_" + random_chars(36, k_base62, 44);
  const std::string text = "a=" + k_token + " b=" + other + " password: Tr0ub4dor&3x\n";
  CHECK(Scanner().scan("https://x.example/?token=" + other + "&page=2").size() == 1);
  CHECK(Scanner().scan(text).size() == 3);

  const Scanner exact(Allowlist({k_token}));
  for (const std::string& t : {text, line_with(text), nested_line(text)}) {
    const auto found = exact.scan(t);
    REQUIRE(found.size() == 2);
    CHECK(secret_text(t, found[0]) == other);
  }
  const Scanner pattern(Allowlist({"re:ghp_[A-Za-z0-9]{36}", "", "Tr0ub4dor&3x"}));
  CHECK(pattern.scan(line_with(text)).empty());
  const Scanner partial(Allowlist({"re:ghp_"})); // must match the whole secret
  CHECK(partial.scan(text).size() == 3);
}

TEST_CASE("a bad allowlist pattern is a configuration error naming the entry")
{
  try {
    Allowlist({"fine", "re:ghp_[A-Z"});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::config);
    CHECK(std::string(e.what()).find("'re:ghp_[A-Z'") != std::string::npos);
    CHECK_FALSE(e.hint().empty());
  }
}

TEST_CASE("masked previews show at most a third of the secret")
{
  CHECK(masked_preview("AKIAQYLPMN5HHWFPZAM2") == "AKIA**************M2");
  CHECK(masked_preview("hunter2") == "*******");
  CHECK(masked_preview("") == "");
  for (std::size_t n = 1; n < 200; ++n) {
    const std::string secret = random_chars(n, k_base62, static_cast<unsigned>(n));
    const std::string preview = masked_preview(secret);
    const auto visible = static_cast<std::size_t>(
      std::count_if(preview.begin(), preview.end(), [](char c) { return c != '*'; }));
    CAPTURE(secret);
    CHECK(visible * 3 <= n);
    CHECK(preview.size() <= n);
    if (n >= 18) {
      CHECK(preview.substr(0, 4) == secret.substr(0, 4));
      CHECK(preview.back() == secret.back());
    }
  }
  CHECK(masked_preview("line\nbreak\tand\x01" + std::string(20, 'z')).find_first_of("\n\t\x01") ==
        std::string::npos);
}

TEST_CASE("marker keys: hex round trip, bad hex, fresh random keys")
{
  CHECK(k_key.to_hex() == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  CHECK(MarkerKey::from_hex(k_other_key.to_hex()).bytes() == k_other_key.bytes());
  CHECK(MarkerKey::from_hex("F0E1D2C3B4A5968778695A4B3C2D1E0F00112233445566778899AABBCCDDEEFF")
          .bytes() == k_other_key.bytes());
  for (const char* bad :
       {"", "00", "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(MarkerKey::from_hex(bad), Error);
  }
  const MarkerKey a = MarkerKey::generate();
  const MarkerKey b = MarkerKey::generate();
  CHECK(a.bytes() != b.bytes());
  CHECK(a.to_hex().size() == 64);
}

TEST_CASE("line numbers of offsets")
{
  const std::string text = "one\ntwo\n\nfour";
  CHECK(line_of(text, 0) == 1);
  CHECK(line_of(text, 3) == 1);
  CHECK(line_of(text, 4) == 2);
  CHECK(line_of(text, 9) == 4);
  CHECK(line_of(text, 100) == 4);
}

TEST_SUITE_END();
