// secrets/: every family found raw and JSON-escaped (once and twice) with the exact bytes of the
// secret as they sit in the line, and the look-alikes (placeholders, UUIDs, hashes, paths, code)
// that must not be reported.
#include "secrets/prefilter.hpp"
#include "secrets/scanner.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <random>
#include <string>
#include <vector>

#include "unit/secrets_samples.hpp"

using namespace ccsync::secrets;
using namespace ccsync::secrets::test;

namespace {

std::vector<Sample>
true_positives()
{
  const std::string gh = "ghp_" + random_chars(36, k_base62, 1);
  return {
    {Kind::aws_access_key, "aws_access_key_id = {}", "AKIAQYLPMN5HHWFPZAM2"},
    {Kind::aws_access_key, "{\"AccessKeyId\": \"{}\", \"Expiration\": 0}", "ASIAY34FZKBOKMUTVV7A"},
    {Kind::aws_secret_key, "aws_secret_access_key = {}",
     "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"},
    {Kind::aws_secret_key, "{\"SecretAccessKey\": \"{}\"}",
     "Zq9+Lm2Xv8Rt4Bn7Wc1Yp5Hk3Jd6Gf0Sa2Qe9Tu4"},
    {Kind::github_token, "export GITHUB_TOKEN={}", gh},
    {Kind::github_token, "git clone https://{}@github.com/o/r",
     "gho_" + random_chars(36, k_base62, 2)},
    {Kind::github_token, "token: {}",
     "github_pat_" + random_chars(22, k_base62, 3) + "_" + random_chars(59, k_base62, 4)},
    {Kind::gitlab_token, "GITLAB_TOKEN=\"{}\"", "glpat-" + random_chars(20, k_base62, 5)},
    {Kind::slack_token, "SLACK_BOT_TOKEN={}",
     "xoxb-2840281937-4829103857261-" + random_chars(24, k_base62, 6)},
    {Kind::slack_token, "url = \"https://{}\"",
     "hooks.slack.com/services/T0A1B2C3D/B0123ABCD/" + random_chars(24, k_base62, 7)},
    {Kind::stripe_key, "stripe.api_key = '{}'", "sk_live_" + random_chars(24, k_base62, 8)},
    {Kind::stripe_key, "STRIPE={}", "rk_test_" + random_chars(24, k_base62, 9)},
    {Kind::openai_key, "OPENAI_API_KEY={}", "sk-proj-" + random_chars(48, k_base62, 10)},
    {Kind::openai_key, "client = OpenAI(api_key=\"{}\")",
     "sk-" + random_chars(20, k_base62, 11) + "T3BlbkFJ" + random_chars(20, k_base62, 12)},
    {Kind::anthropic_key, "ANTHROPIC_API_KEY={}",
     "sk-ant-api03-" + random_chars(93, k_base62, 13) + "AA"},
    {Kind::jwt, "Cookie: session={}; Path=/",
     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
     "aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"},
    {Kind::private_key, "$ cat id_rsa\n{}\n$ ", pem("RSA PRIVATE KEY")},
    {Kind::private_key, "key:\n{}\n", pem("OPENSSH PRIVATE KEY", 20, 21)},
    {Kind::private_key, "{}", pem("EC PRIVATE KEY", 3, 31)},
    {Kind::private_key, "{} trailing", pem("ENCRYPTED PRIVATE KEY", 8, 41)},
    {Kind::private_key, "{}",
     pem("RSA PRIVATE KEY", 10, 51, "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F2A1B\n\n")},
    {Kind::private_key, "{}", pem("PGP PRIVATE KEY BLOCK", 10, 61, "Version: GnuPG v2\n\n")},
    {Kind::private_key, "standalone {} pkcs8", pem("PRIVATE KEY", 10, 71)},
    {Kind::password, "password = \"{}\"", "Tr0ub4dor&3x"},
    {Kind::password, "DB_PASSWORD={}\nDB_USER=app", "s3cr3tP4ss!"},
    {Kind::password, "  password: {}\n", "N0t-S0-Secret-9"},
    {Kind::password, "{\"password\": \"{}\"}", "hunter2hunter2"},
    {Kind::password, "PASSWORD: {}", "Zx81!quartz"},
    {Kind::password, "SESSION_SECRET = {}", "8f7d6s5a4q3w"},
    {Kind::token, "api_key = \"{}\"", "a8f5f167f44f4964e6c998dee827110c"},
    {Kind::service_token, "{\"access_token\": \"{}\", \"expires_in\": 3600}",
     "ya29.a0AfH6SMBx7" + random_chars(40, k_base62, 14)},
    {Kind::token, "client_secret: {}", "GOCSPX-" + random_chars(28, k_base62, 15)},
    {Kind::token, "X-Api-Key: {}", random_chars(32, k_base62, 16)},
    {Kind::service_token, "const apiKey = '{}';", "AIzaSy" + random_chars(33, k_base62, 17)},
    {Kind::bearer, "curl -H \"Authorization: Bearer {}\" https://api.example.com",
     "mF_9.B5f-4.1JqM"},
    {Kind::bearer, "Authorization: Basic {}", "dXNlcjpzM2NyZXRwYXNz"},
    {Kind::bearer, "the header was Bearer {} and it worked", random_chars(30, k_base62, 18)},
    {Kind::bearer, "{\"headers\": {\"Authorization\": \"{}\"}}",
     "Zx81-" + random_chars(20, k_base62, 19)},
    {Kind::connection_string, "DATABASE_URL=postgres://app:{}@db.internal:5432/app", "Xk9mPq2vLr"},
    {Kind::connection_string, "mongodb+srv://admin:{}@cluster0.ab1cd.mongodb.net/test",
     "p4ssW0rd2024"},
    {Kind::connection_string, "redis://:{}@cache:6379/0", "r3d1s-s3cr3t"},
    {Kind::connection_string, "mysql://root:{}@127.0.0.1/db", "hunter22"},
    {Kind::connection_string, "amqp://guest:{}@rabbit/", "Gu3st!pass"},
    {Kind::connection_string, "https://deploy:{}@git.example.org/r.git",
     "tkn" + random_chars(12, k_base62, 20)},
    {Kind::high_entropy, "{\"key\": \"{}\"}", "q8Zt3Lw9Vx2Rb7Nm4Kp6Jd1H"},
    {Kind::high_entropy, "credentials = {}", random_chars(40, k_base62, 21)},
    {Kind::high_entropy, "hmac_key: {}", random_chars(32, k_base64, 22) + "=="},
  };
}

// Texts in which nothing may be reported.
std::vector<std::string>
false_positives()
{
  return {
    "password = \"changeme\"",
    "password: \"********\"",
    "api_key = \"<your-api-key>\"",
    "token: ${GITHUB_TOKEN}",
    "API_KEY=xxxxxxxxxxxxxxxxxxxxxxxx",
    "password: REDACTED",
    "password=short",
    "token = \"your_token_here\"",
    "secret = \"{{!REDACTED:password:1a2b}}\" and AWS {{!REDACTED:aws-access-key:ffff}}",
    "password = getpass()",
    "token = os.environ[\"TOKEN\"]",
    "apiKey: process.env.OPENAI_API_KEY!,",
    "secret_key = settings.SECRET_KEY",
    "password: string;",
    "  password: Optional[str] = None",
    "const token = await getToken(user);",
    "if (password.length < 8) return false;",
    "{\"usage\":{\"input_tokens\":1234,\"cache_read_input_tokens\":98765,\"output_tokens\":12}}",
    "{\"max_tokens\": 4096, \"token_type\": \"Bearer\"}",
    "{\"key\": \"value\", \"keyboard\": \"us-international-layout\"}",
    "key: \"user-profile-settings-page-2024\"",
    "{\"sessionId\": \"6990f3a2-5b1c-4d7e-9a55-0c1f2e3d4b5a\"}",
    "{\"api_key\": \"6990f3a2-5b1c-4d7e-9a55-0c1f2e3d4b5a\"}",
    "commit 3c4d5e6f70814c9d8e0f2a3b4c5d6e7f80912345 (HEAD -> main)",
    "{\"key\": \"3c4d5e6f70814c9d8e0f2a3b4c5d6e7f80912345\"}",
    "{\"cache_key\": \"/home/alice/src/app/main.cpp\"}",
    "{\"key\": \"src/components/settings/panel.tsx\"}",
    "{\"key\": \"SGVsbG8sIHRoaXMgaXMgb3JkaW5hcnkgdGV4dA==\"}",
    "postgres://user:password@localhost:5432/db",
    "amqp://guest:guest@localhost:5672/",
    "see https://github.com/org/repo/blob/main/README.md and http://localhost:8080/api",
    "curl -H \"Authorization: Bearer $TOKEN\" -H 'Authorization: Bearer <token>'",
    "Use a Bearer token for authentication; the bearer must be kept secret.",
    "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----",
    "-----BEGIN PUBLIC KEY-----\n" + random_chars(64, k_base64, 3) + "\n-----END PUBLIC KEY-----",
    "header eyJhbGciOiJIUzI1NiJ9 only",
    "AKIAXXXXXXXXXXXXXXXX and AKIAIOSFODNN7EXAMPLE",
    "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "run task-manager-very-long-name-2024 and ask-questions-first-123",
    "sk-learn is not scikit; sk-your-key-here-please-1234567890",
    "xoxb-your-token-here",
    "{\"password_hash\": \"$2b$12$KIXQJ4l7fZz8m0bGQeHfUe\", \"token_count\": 99999999}",
    "TASKIA1234567890ABCDEF is not a key",
    "password protected zip; enter the password: it is on the wiki",
    "the public key (key_id 1f2e3d4c5b6a7988) goes to {\"private_key_id\": \"" +
      random_chars(40, "0123456789abcdef", 4) + "\"}",
  };
}

std::vector<Finding>
scan(std::string_view text)
{
  return Scanner().scan(text);
}

// Checks that `text` yields exactly one finding, of `kind`, covering `expected`.
void
check_single(std::string_view text, Kind kind, std::string_view expected)
{
  CAPTURE(text);
  const auto found = scan(text);
  REQUIRE(found.size() == 1);
  CHECK(kind_name(found[0].kind) == kind_name(kind));
  CHECK(text.substr(found[0].offset, found[0].length) == expected);
}

} // namespace

TEST_SUITE_BEGIN("secrets");

TEST_CASE("every family is found raw, escaped once and escaped twice, with its exact bytes")
{
  for (const Sample& sample : true_positives()) {
    const std::string raw = fill(sample.context, sample.secret);
    CAPTURE(kind_name(sample.kind));
    CAPTURE(sample.secret);
    check_single(raw, sample.kind, sample.secret);
    check_single(line_with(raw), sample.kind, escaped(sample.secret));
    check_single(nested_line(raw), sample.kind, twice(sample.secret));
    const auto found = scan(line_with(raw));
    REQUIRE(found.size() == 1);
    CHECK(secret_text(line_with(raw), found[0]) == sample.secret);
  }
}

TEST_CASE("look-alikes are not reported, raw or escaped")
{
  for (const std::string& text : false_positives()) {
    CAPTURE(text);
    CHECK(scan(text).empty());
    CHECK(scan(line_with(text)).empty());
    CHECK(scan(nested_line(text)).empty());
  }
}

TEST_CASE("escapes other encoders write: \\u003d, escaped slashes")
{
  const std::string gson = R"({"password":"abc\u003d123456"})";
  check_single(gson, Kind::password, R"(abc\u003d123456)");
  CHECK(secret_text(gson, scan(gson).at(0)) == "abc=123456");

  const std::string php = R"({"SecretAccessKey":"wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYzQ8rtd3Lk2"})";
  check_single(php, Kind::aws_secret_key, R"(wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYzQ8rtd3Lk2)");
  CHECK(secret_text(php, scan(php).at(0)) == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8rtd3Lk2");

  const std::string hook =
    R"({"url":"https:\/\/hooks.slack.com\/services\/T0A1B2C3D\/B0123ABCD\/)" +
    random_chars(24, k_base62, 5) + "\"}";
  const auto found = scan(hook);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == Kind::slack_token);
  CHECK(hook.substr(found[0].end()) == "\"}");

  std::string key = pem("RSA PRIVATE KEY", 6, 3);
  const std::string gson_key = "{\"k\":\"" + escaped(key) + "\"}";
  const auto pos = gson_key.find("==");
  std::string with_u = gson_key;
  with_u.replace(pos, 2, "\\u003d\\u003d");
  const auto u_found = scan(with_u);
  REQUIRE(u_found.size() == 1);
  CHECK(secret_text(with_u, u_found[0]) == key);
}

TEST_CASE("a Google service-account key is its own kind, in the file and in a transcript")
{
  const std::string key = pem("PRIVATE KEY", 16, 9);
  const nlohmann::json account = {{"type", "service_account"},
                                  {"project_id", "demo-project-123"},
                                  {"private_key_id", random_chars(40, "0123456789abcdef", 1)},
                                  {"private_key", key + "\n"},
                                  {"client_email", "sa@demo-project-123.iam.gserviceaccount.com"}};
  const std::string file = account.dump(2);
  check_single(file, Kind::gcp_service_account, escaped(key));
  check_single(line_with(file), Kind::gcp_service_account, twice(key));
}

TEST_CASE("overlapping candidates give one finding of the most specific kind")
{
  const std::string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MTcwMDAwMDAwMH0." +
                          random_chars(43, k_base62, 3);
  check_single("Authorization: Bearer " + jwt, Kind::jwt, jwt);
  const std::string gh = "ghs_" + random_chars(36, k_base62, 4);
  check_single("password=" + gh, Kind::github_token, gh);
  check_single("https://x-access-token:" + gh + "@github.com/o/r.git", Kind::github_token, gh);
  check_single(line_with("{\"api_key\": \"" + gh + "\"}"), Kind::github_token, gh);
}

TEST_CASE("findings are sorted and do not overlap")
{
  std::string text;
  for (const Sample& sample : true_positives())
    text += line_with(fill(sample.context, sample.secret)) + "\n";
  const auto found = scan(text);
  CHECK(found.size() == true_positives().size());
  for (std::size_t i = 1; i < found.size(); ++i)
    CHECK(found[i - 1].end() <= found[i].offset);
}

TEST_CASE("a secret split across the from boundary is found once and whole")
{
  const std::string key = pem("OPENSSH PRIVATE KEY", 20, 5);
  const std::string first = "notes\n" + key.substr(0, key.size() / 2);
  const std::string whole = "notes\n" + key + "\nmore notes\n";
  std::vector<Finding> out;
  const Scanner scanner;
  scanner.scan(first, 0, out);
  CHECK(out.empty()); // held back: the block may go on
  scanner.scan(whole, first.size(), out);
  REQUIRE(out.size() == 1);
  CHECK(whole.substr(out[0].offset, out[0].length) == key);
  out.clear();
  scanner.scan(whole + "and a third part\n", whole.size(), out);
  CHECK(out.empty()); // ended in the previous part: not again

  const std::string token = "ghp_" + random_chars(36, k_base62, 8);
  const std::string lines = line_with("one " + token) + "\n";
  const std::string more = lines + line_with("two") + "\n";
  CHECK(Scanner().scan(lines).size() == 1);
  out.clear();
  scanner.scan(more, lines.size(), out);
  CHECK(out.empty());
  // Context back to the start of the line is enough for a line-oriented text.
  const std::string appended = line_with("password: P4ss-" + random_chars(10, k_base62, 2));
  out.clear();
  scanner.scan(more + appended, more.size(), out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].offset > more.size());
}

TEST_CASE("an unterminated block stops where its body does")
{
  const std::string key = pem("RSA PRIVATE KEY", 8, 4);
  const std::string cut = key.substr(0, key.find("-----END"));
  const std::string line = line_with(cut);
  const auto found = scan(line);
  REQUIRE(found.size() == 1);
  CHECK(line.substr(found[0].offset, found[0].length) ==
        escaped(cut.substr(0, cut.size() - 1))); // without the last line break
}

TEST_CASE("hostile input stays linear")
{
  std::string text;
  while (text.size() < 1'000'000)
    text += "-----BEGIN PRIVATE KEY----- AAAA password=password= key: \\\\\\\" xox ghp_ eyJ ://";
  CHECK(scan(text).empty());
}

namespace {

// The positions a prefilter kernel marks in `text` (whole 64-byte blocks only).
std::vector<std::uint64_t>
kernel_masks(Prefilter::Masks kernel, std::string_view text)
{
  const std::size_t blocks = (text.size() - 1) / 64;
  std::vector<std::uint64_t> masks(blocks);
  kernel(prefilter(), reinterpret_cast<const unsigned char*>(text.data()), blocks, masks.data());
  return masks;
}

} // namespace

TEST_CASE("the prefilter's vector kernel marks every pair the table holds")
{
  std::string text; // every byte pair once, at even offsets, and random bytes
  for (unsigned pair = 0; pair < 65536; ++pair) {
    text += static_cast<char>(pair & 0xFFU);
    text += static_cast<char>(pair >> 8U);
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 100000; ++i)
    text += static_cast<char>(rng());
  const auto exact = kernel_masks(&Prefilter::scalar_masks, text);
  const auto fast = kernel_masks(prefilter().kernel(), text);
  std::size_t missed = 0;
  std::size_t extra = 0;
  for (std::size_t b = 0; b < exact.size(); ++b) {
    missed += static_cast<std::size_t>(std::popcount(exact[b] & ~fast[b]));
    extra += static_cast<std::size_t>(std::popcount(fast[b] & ~exact[b]));
  }
  CHECK(missed == 0);
  CHECK(extra < text.size() / 100); // candidates the table check drops: rare
}

TEST_SUITE_END();
