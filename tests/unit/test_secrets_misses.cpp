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
  for (const std::string unit :
       {"key=", "key=a,", "password=\"", "key=\\\"", "-eyJ", "sk-", "token: Bearer ",
        "pass:=", "api_key=\x1b[1m", "%22key%22%3A%22", "-LS0tLS1CRUdJTi", "-eyJhdXRocyI6",
        "--token ", "glpat-", "-sk-", "token=Qx7Lm2Xv8Rt4Bn7Wc1Yp5Hk3\n"}) {
    const double small = seconds_to_scan(repeated(unit, std::size_t{256} * 1024));
    const double large = seconds_to_scan(repeated(unit, std::size_t{1024} * 1024));
    std::printf("hostile '%s': 256 KiB %.3f s, 1 MiB %.3f s\n", unit.c_str(), small, large);
    CAPTURE(unit);
    CHECK(large < 8 * small + 0.05);
  }
}

TEST_CASE("tokens of other services are found by their documented prefixes")
{
  const std::string hex = "0123456789abcdef";
  const std::vector<std::string> tokens = {
    "AIza" + random_chars(35, k_base62, 10),
    "ya29.a0" + random_chars(120, k_base62, 11),
    "hf_" + random_chars(34, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 12),
    "npm_" + random_chars(36, k_base62, 13),
    "pypi-AgEIcHlwaS5vcmc" + random_chars(70, k_base62, 14),
    "dckr_pat_" + random_chars(27, k_base62, 15),
    "hvs." + random_chars(90, k_base62, 16),
    "whsec_" + random_chars(32, k_base62, 17),
    "shpat_" + random_chars(32, hex, 18),
    "shpss_" + random_chars(32, hex, 19),
    "SG." + random_chars(22, k_base62, 20) + "." + random_chars(43, k_base62, 21),
    "sq0atp-" + random_chars(22, k_base62, 22),
    "PMAK-" + random_chars(24, hex, 23) + "-" + random_chars(34, hex, 24),
    "dop_v1_" + random_chars(64, hex, 25),
    "ATATT3xFfGF0" + random_chars(180, k_base62, 26),
    "AKCp8" + random_chars(68, k_base62, 27),
    "xapp-1-A0123ABCDEF-1234567890123-" + random_chars(64, "abcdef0123456789", 28),
    "gsk_" + random_chars(52, k_base62, 29),
    "r8_" + random_chars(37, k_base62, 30),
    "lsv2_pt_" + random_chars(32, hex, 31) + "_" + random_chars(10, hex, 32),
    "AGE-SECRET-KEY-1" + random_chars(58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 33),
  };
  for (const std::string& token : tokens) {
    check_found("here: {} ok", token);
    check_found("HF_TOKEN={}", token);
  }
}

TEST_CASE("a token right after a word ending in 'sk-' is still found")
{
  check_found("task-{} done", "sk-ant-api03-" + random_chars(60, k_base62, 70));
}

TEST_CASE("public keys and ids with a service's shape stay clean")
{
  check_clean("pk_live_51H8xYzKp2mQ9rT4vW7nB3cD6fG8hJ1kL0");
  check_clean("hf_hub_download(repo_id, filename)");
  check_clean("npm_config_cache=/tmp/npm");
  check_clean("AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
}

TEST_CASE("credentials given as command-line flags or to 'config set' are found")
{
  check_found("gh auth login --token {}", "Qx7" + random_chars(29, k_base62, 40));
  check_found("mytool --password {} --verbose", "Vq8#mZ2!pLx7");
  check_found("deploy --api-key={}", "aK9" + random_chars(29, k_base62, 41));
  check_found("aws configure set aws_secret_access_key {}",
              "Zq9+Lm2Xv8Rt4Bn7Wc1Yp5Hk3Jd6Gf0Sa2Qe9Tu4");
  check_found("npm config set //registry.npmjs.org/:_authToken {}",
              random_chars(8, "abcdef0123456789", 42) + "-" +
                random_chars(4, "abcdef0123456789", 43) + "-" +
                random_chars(20, "abcdef0123456789", 44));
  check_clean("use the --password flag, or --token --verbose");
  check_clean("docker login --password-stdin < pass.txt");
  check_clean("the --password option is required");
}

TEST_CASE("a PEM key in base64 (Kubernetes) and a Docker config are found whole")
{
  const std::string key = "-----BEGIN RSA PRIVATE KEY-----\n" + random_chars(64, k_base64, 50) +
                          "\n" + random_chars(64, k_base64, 51) +
                          "\n-----END RSA PRIVATE KEY-----\n";
  const auto encode = [](const std::string& plain) {
    static constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < plain.size(); i += 3) {
      const std::size_t n = std::min<std::size_t>(3, plain.size() - i);
      unsigned bits = 0;
      for (std::size_t j = 0; j < 3; ++j) {
        bits = (bits << 8) | (j < n ? static_cast<unsigned char>(plain[i + j]) : 0U);
      }
      for (std::size_t j = 0; j < 4; ++j) {
        out += j <= n ? alphabet[(bits >> (18 - 6 * j)) & 63U] : '=';
      }
    }
    return out;
  };
  check_found("data:\n  tls.key: {}\n", encode(key));
  const std::string docker = R"({"auths":{"registry.example.io":{"auth":")" +
                             encode("deploy:" + random_chars(20, k_base62, 52)) + "\"}}}";
  check_found("  .dockerconfigjson: {}\n", encode(docker));
  check_clean("tls.crt: " +
              encode("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
}

TEST_CASE("the false positives seen in use stay clean")
{
  check_clean("\"Key\": \"uploads/2024/user-123/avatar.png\"");
  check_clean(
    "\"secret\": \"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf\"");
  check_clean(
    "applicationServerKey: urlB64(\"BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJ\")");
  check_clean(
    "\"publicKey\": \"BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3\"");
  check_clean("STRIPE_PUBLISHABLE_KEY=pk_live_51H8xYzKp2mQ9rT4vW7nB3cD6fG8hJ1kL0");
  check_clean("cacheKey: \"a8Fj2kL9qR3mZ7xV1bN4\"");
  check_clean("partition_key = \"tenant-7f3a9c2e1b\"");
}

TEST_CASE("a token wrapped across lines by a terminal is found whole; prose after it is not")
{
  const std::string token = "sk-proj-" + random_chars(100, k_base62, 60);
  const std::string wrapped =
    token.substr(0, 40) + "\n" + token.substr(40, 40) + "\n" + token.substr(80) + "\n";
  const std::string text = "OPENAI_API_KEY=" + wrapped + "$ echo done\n";
  const auto plain = found(text);
  REQUIRE(plain.size() == 1);
  CHECK(plain[0] == wrapped.substr(0, wrapped.size() - 1));
  const auto in_line = found(line_with(text));
  REQUIRE(in_line.size() == 1);
  CHECK(in_line[0] == escaped(wrapped.substr(0, wrapped.size() - 1)));
  const auto short_line =
    found("GITHUB_TOKEN=ghp_" + random_chars(36, k_base62, 61) + "\nREADME.md\n");
  REQUIRE(short_line.size() == 1);
  CHECK(short_line[0].find("README") == std::string::npos);
}

TEST_CASE("a secret in URL-encoded JSON is found")
{
  check_found("https://app.internal/cb?state=%7B%22db_password%22%3A%20%22{}%22%7D",
              "Vq8mZ2pLx7Kd9");
  check_found("https://app.internal/cb?state=%7B%22key%22%3A%22{}%22%7D", "AKIAQYLPMN5HHWFPZAM2");
}
