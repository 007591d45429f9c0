// secrets/: the shapes the first scanner missed (issue 24), each written from its description:
// long JWTs, session tokens with runs of '/', passwords with quotes or a leading sigil, values
// behind a terminal colour sequence, comparisons read as assignments; and linear time on hostile
// lines. Each case is checked raw and as it sits in a transcript line (JSON-escaped once).
#include "secrets/scanner.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "unit/secrets_samples.hpp"

using namespace ccsync::secrets;
using namespace ccsync::secrets::test;

namespace {

const Scanner&
scanner()
{
  static const Scanner instance;
  return instance;
}

// The secrets of `text`, as the bytes they cover.
std::vector<std::string>
found(const std::string& text)
{
  std::vector<std::string> out;
  for (const auto& f : scanner().scan(text)) {
    out.push_back(text.substr(f.offset, f.length));
  }
  return out;
}

// `secret` is reported whole in `context` ("{}" marks it), raw and in a transcript line.
void
check_found(const std::string& context, const std::string& secret)
{
  const std::size_t at = context.find("{}");
  REQUIRE(at != std::string::npos);
  const std::string raw = context.substr(0, at) + secret + context.substr(at + 2);
  CAPTURE(raw);
  const auto plain = found(raw);
  CHECK(std::find(plain.begin(), plain.end(), secret) != plain.end());
  const std::string line = line_with(raw);
  const auto in_line = found(line);
  CHECK(std::find(in_line.begin(), in_line.end(), escaped(secret)) != in_line.end());
}

void
check_clean(const std::string& text)
{
  CAPTURE(text);
  CHECK(found(text).empty());
  CHECK(found(line_with(text)).empty());
}

std::string
base64url(std::size_t n, unsigned seed)
{
  return random_chars(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", seed);
}

} // namespace

TEST_CASE("a JWT signed with an RSA key (kilobytes long) is found whole")
{
  const std::string jwt =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJ" + base64url(700, 1) + "." + base64url(342, 2);
  REQUIRE(jwt.size() > 1000);
  check_found("token: {}", jwt);
  check_found("kubectl create token default\n{}\n", jwt);
}

TEST_CASE("an AWS session token with runs of '/' is no placeholder")
{
  const std::string token = "FwoGZXIvYXdzEBYaD" + random_chars(40, k_base62, 3) +
                            "//////////wEaDM" + random_chars(200, k_base64, 4) + "==";
  check_found("AWS_SESSION_TOKEN={}", token);
  check_found("export AWS_SESSION_TOKEN=\"{}\"", token);
}

TEST_CASE("\"example\" marks a placeholder as a word, not inside random characters")
{
  check_found("API_TOKEN={}", "q8Zt3examplev9Lr2Wm4Xp7Nc");
  check_clean("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  check_clean("password = example-password-1");
  check_clean("api_key = my_example_key_12345");
}

TEST_CASE("passwords with quotes, backslashes or a leading sigil are found")
{
  check_found("password = \"{}\"", "p@ss'w0rd`9!x");
  check_found("DB_PASSWORD='{}'", "Tr0ub\"4dor&3z");
  check_found("DB_PASSWORD={}", "$ecretPa55w0rd");
  check_found("password: \"{}\"", "%Tr0ub4dor&3x");
  check_found("\"password\": \"{}\"", "*Hx7#kq9Lm2v");
  check_found("password={}", "@Vx9!mQ2zRk4");
  check_found("password = \"{}\"", "back\\\\slash9Q");
}

TEST_CASE("references and masks with a leading sigil stay clean")
{
  check_clean("password=$DB_PASSWORD");
  check_clean("password=${DB_PASSWORD}");
  check_clean("password=$(cat /run/secrets/db)");
  check_clean("password=%DB_PASSWORD%");
  check_clean("password=@db_password");
  check_clean("password=************");
}

TEST_CASE("a value behind a terminal colour sequence is found")
{
  const std::string gh = "ghp_" + random_chars(36, k_base62, 5);
  check_found("GITHUB_TOKEN=\x1b[1m{}\x1b[0m", gh);
  check_found("Your token: \x1b[32m{}\x1b[0m", gh);
  check_found("API_KEY=\x1b[1;33m{}\x1b[0m", "aK9" + random_chars(29, k_base62, 6));
  check_found("password: \x1b[1m{}\x1b[0m", "Vq8#mZ2!pLx7");
}

TEST_CASE("a comparison is no assignment")
{
  check_clean("if password == confirm_password:");
  check_clean("if (token == expected_token_value) {");
}

namespace {

double
seconds_to_scan(const std::string& text)
{
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    static_cast<void>(scanner().scan(text));
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

std::string
repeated(const std::string& unit, std::size_t bytes)
{
  std::string out;
  while (out.size() < bytes) {
    out += unit;
  }
  return out;
}

} // namespace

// Linear, not quadratic: four times the bytes may cost about four times the time (a quadratic
// scan costs sixteen). Ratios, not absolute times: this runs under sanitizers on a shared machine.
TEST_CASE("hostile lines scan in linear time")
{
  for (const std::string unit : {"key=", "key=a,", "password=\"", "key=\\\"", "-eyJ", "sk-",
                                 "token: Bearer ", "pass:=", "api_key=\x1b[1m"}) {
    const double small = seconds_to_scan(repeated(unit, std::size_t{256} * 1024));
    const double large = seconds_to_scan(repeated(unit, std::size_t{1024} * 1024));
    std::printf("hostile '%s': 256 KiB %.3f s, 1 MiB %.3f s\n", unit.c_str(), small, large);
    CAPTURE(unit);
    CHECK(large < 8 * small + 0.05);
  }
}
