// Throughput of the secret scanner.
//
// Usage: bench_secrets [MEGABYTES] [RUNS]      (defaults: 100 MB, 5 runs)
//
// Builds a seeded, realistic transcript in memory: JSON lines with Claude Code's metadata and
// usage blocks, user prompts, assistant prose with code, tool_use inputs (file paths, shell
// commands), tool results with source code, command output and nested JSON (escaped twice), and
// a handful of real-looking secrets. Prints the median MB/s (wall clock and thread CPU time) of
// Scanner::scan over the whole buffer, of the scans a push makes after each 64 KB append (only
// the new bytes and their look-back context), of memchr (the ceiling), and the findings; exits 1
// if the incremental scans found other secrets than the whole scan. Then the time of one append
// after 1 MB and after the whole input: equal when the scan is O(new bytes).
// Build with -DCMAKE_BUILD_TYPE=Release; run on an idle machine.
#include "secrets/scanner.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <random>
#include <string>
#include <string_view>
#include <time.h>
#include <vector>

using namespace ccsync::secrets;
using nlohmann::json;

namespace {

using Rng = std::mt19937_64;

// Bytes per append in the incremental run (a few turns of a conversation).
constexpr std::size_t k_append_step = 64 * 1000;

const char* const k_prose[] = {
  "Can you look at why the login flow fails when the token expires?",
  "The API key is read from the environment; never hard-code it in the source.",
  "I refactored the password reset handler so that it hashes with bcrypt before storing.",
  "Let me check the configuration loader first, then the cache key computation.",
  "Tests pass locally but CI fails on the integration step with a timeout after 30s.",
  "Use a Bearer token in the Authorization header; the client secret stays on the server.",
  "The session store keeps one entry per user id, keyed by the SHA of the refresh token.",
  "I'll update the README and add a section about credentials and secret rotation.",
  "This function parses the JSON response and returns the access token and its expiry.",
  "The monkey patch in conftest.py replaces the keyring backend during tests.",
  "Now run the migration and check that every row has a non-null created_at column.",
  "See https://docs.python.org/3/library/secrets.html and https://example.com/api/v2/users.",
};

const char* const k_code[] = {
  "def get_client(settings):\n    api_key = os.environ[\"OPENAI_API_KEY\"]\n    return "
  "Client(api_key=api_key, timeout=30)\n",
  "export async function login(user: string, password: string): Promise<Session> {\n  const "
  "token = await auth.signIn(user, password);\n  return { token, expiresAt: Date.now() + TTL "
  "};\n}\n",
  "for (const auto& [key, value] : headers) {\n  if (key == \"Authorization\") continue;\n  "
  "out.emplace(key, value);\n}\n",
  "if len(password) < 8:\n    raise ValueError(\"password too short\")\nsecret_key = "
  "settings.SECRET_KEY\n",
  "const config = {\n  apiKey: process.env.API_KEY!,\n  baseUrl: "
  "\"https://api.example.com/v1\",\n  retries: 3,\n};\n",
  "SELECT id, email, password_hash, created_at FROM users WHERE id = $1;\n",
  "  token: ${{ secrets.GITHUB_TOKEN }}\n  password: ${DB_PASSWORD}\n  host: localhost\n",
  "std::string cache_key = fmt::format(\"{}/{}\", project, digest);\nreturn "
  "m_cache.find(cache_key) != m_cache.end();\n",
  "    keyboard_layout = \"us\"\n    max_tokens = 4096\n    token_count += len(tokens)\n",
};

const char* const k_output[] = {
  "commit 3c4d5e6f70814c9d8e0f2a3b4c5d6e7f80912345\nAuthor: Alice <alice@example.com>\nDate:   "
  "Mon Nov 2 09:14:09 2026 +0000\n\n    Fix token refresh race\n",
  "PASS src/auth/login.test.ts (4.21 s)\n  login\n    \xE2\x9C\x93 rejects a wrong password (12 "
  "ms)\n    \xE2\x9C\x93 refreshes an expired token (30 ms)\n\nTests: 24 passed, 24 total\n",
  "total 48\ndrwxr-xr-x  6 alice staff  192 Nov  2 09:14 .\n-rw-r--r--  1 alice staff 1843 "
  "Nov  2 09:12 package.json\n-rw-------  1 alice staff  411 Nov  2 09:10 .env.example\n",
  "npm WARN deprecated uuid@3.4.0: Please upgrade to version 7 or higher.\nadded 1187 "
  "packages, and audited 1188 packages in 14s\nfound 0 vulnerabilities\n",
  "  -- 12 passed, 0 failed in 0.31s --\nReady. Listening on http://127.0.0.1:8080\n",
};

// Concatenation by appending: GCC 12 -O2 warns falsely (-Wrestrict) on "literal" + std::string.
std::string
cat(std::initializer_list<std::string_view> parts)
{
  std::string out;
  for (const std::string_view part : parts)
    out += part;
  return out;
}

std::string
random_of(Rng& rng, std::size_t n, std::string_view alphabet)
{
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += alphabet[rng() % alphabet.size()];
  return out;
}

// Real-looking secrets, a few per 100 MB.
std::string
secret_text(Rng& rng)
{
  const std::string_view b62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  switch (rng() % 6) {
  case 0: return cat({"export GITHUB_TOKEN=ghp_", random_of(rng, 36, b62), "\n"});
  case 1:
    return cat(
      {"aws_access_key_id = AKIA", random_of(rng, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")});
  case 2:
    return cat({"DATABASE_URL=postgres://app:", random_of(rng, 14, b62), "@db.internal:5432/app"});
  case 3: return cat({"{\"password\": \"", random_of(rng, 12, b62), "!\"}"});
  case 4: return cat({"OPENAI_API_KEY=sk-proj-", random_of(rng, 48, b62)});
  default: {
    std::string pem = "-----BEGIN RSA PRIVATE KEY-----\n";
    for (int i = 0; i < 20; ++i)
      pem += random_of(rng, 64, std::string(b62) + "+/") + "\n";
    return pem + "-----END RSA PRIVATE KEY-----\n";
  }
  }
}

std::string
uuid(Rng& rng)
{
  const std::string h = random_of(rng, 32, "0123456789abcdef");
  const std::string_view v = h;
  return cat({v.substr(0, 8), "-", v.substr(8, 4), "-4", v.substr(13, 3), "-a", v.substr(17, 3),
              "-", v.substr(20, 12)});
}

template <typename T, std::size_t N> const T&
pick(Rng& rng, const T (&items)[N])
{
  return items[rng() % N];
}

std::string
path(Rng& rng)
{
  const char* const dirs[] = {"src/auth", "src/api", "tests/unit", "lib/cache", "config"};
  const char* const files[] = {"login.ts", "client.py", "session.cpp", "settings.yaml", "keys.go"};
  return cat({"/home/alice/src/app/", pick(rng, dirs), "/", pick(rng, files)});
}

json
content(Rng& rng, bool with_secret)
{
  std::string text;
  switch (rng() % 5) {
  case 0: text = cat({pick(rng, k_prose), " ", pick(rng, k_prose)}); break;
  case 1: text = cat({pick(rng, k_prose), "\n\n```\n", pick(rng, k_code), "```\n"}); break;
  case 2:
    for (int i = 0; i < 3; ++i) { // appended, not operator+: GCC 12 -O2 warns falsely (-Wrestrict)
      text += std::to_string(i * 40 + 1);
      text += "\xE2\x86\x92";
      text += pick(rng, k_code);
    }
    break;
  case 3: text = cat({pick(rng, k_output), pick(rng, k_output)}); break;
  default: // a JSON document inside the result: escaped twice in the line
    text = json{{"id", uuid(rng)},
                {"status", "ok"},
                {"items", {{{"path", path(rng)}, {"sha", random_of(rng, 40, "0123456789abcdef")}}}},
                {"message", pick(rng, k_prose)}}
             .dump();
  }
  if (with_secret)
    text += cat({"\n", secret_text(rng), "\n"});
  return text;
}

json
message(Rng& rng, bool with_secret)
{
  if (!with_secret && rng() % 3 == 0) {
    const char* const commands[] = {
      "git log -3", "npm test", "ls -la",
      "curl -H \"Authorization: Bearer $TOKEN\" https://api.example.com/v1/me"};
    const json input = rng() % 2
                         ? json{{"file_path", path(rng)}}
                         : json{{"command", pick(rng, commands)}, {"description", "Run it"}};
    return {
      {"role", "assistant"},
      {"model", "claude-sonnet-4-5-20250929"},
      {"id", cat({"msg_01", random_of(rng, 22, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn0123")})},
      {"content",
       {{{"type", "tool_use"},
         {"id", cat({"toolu_01", random_of(rng, 22, "abcdefXYZ0123")})},
         {"name", rng() % 2 ? "Read" : "Bash"},
         {"input", input}}}},
      {"usage",
       {{"input_tokens", rng() % 5000},
        {"cache_creation_input_tokens", rng() % 9000},
        {"cache_read_input_tokens", rng() % 90000},
        {"output_tokens", rng() % 900},
        {"service_tier", "standard"}}}};
  }
  return {{"role", "user"},
          {"content",
           {{{"type", "tool_result"},
             {"tool_use_id", cat({"toolu_01", random_of(rng, 22, "abcdefXYZ0123")})},
             {"content", content(rng, with_secret)}}}}};
}

std::string
make_line(Rng& rng, bool with_secret)
{
  json line = {{"parentUuid", uuid(rng)},
               {"isSidechain", false},
               {"userType", "external"},
               {"cwd", "/home/alice/src/app"},
               {"sessionId", "6990f3a2-5b1c-4d7e-9a55-0c1f2e3d4b5a"},
               {"version", "2.1.197"},
               {"gitBranch", "main"},
               {"message", message(rng, with_secret)},
               {"uuid", uuid(rng)},
               {"timestamp", "2026-11-02T09:14:09.402Z"}};
  line["type"] = line["message"]["role"];
  std::string out = line.dump();
  out += '\n';
  return out;
}

// Median MB/s of `work` over `runs` runs: wall clock, and CPU time of this thread (what one core
// does when the machine is shared).
struct Rates {
  double wall = 0;
  double cpu = 0;
};

double
thread_seconds()
{
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

Rates
median_mbps(std::size_t bytes, int runs, const std::function<void()>& work)
{
  std::vector<double> wall;
  std::vector<double> cpu;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_seconds();
    work();
    const double cpu_took = thread_seconds() - cpu_start;
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    wall.push_back(static_cast<double>(bytes) / 1e6 / took.count());
    cpu.push_back(static_cast<double>(bytes) / 1e6 / cpu_took);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

// Scans `input` as a push would after each of its appends: the text so far, from the end of the
// previous append (cut at a line end about every `step` bytes).
std::size_t
scan_appends(const Scanner& scanner, std::string_view input, std::size_t step)
{
  std::vector<Finding> found;
  std::size_t from = 0;
  while (from < input.size()) {
    const std::size_t cut = input.find('\n', std::min(input.size() - 1, from + step));
    const std::size_t end = cut == std::string_view::npos ? input.size() : cut + 1;
    scanner.scan(input.substr(0, end), from, found);
    from = end;
  }
  return found.size();
}

// Median microseconds to scan one append of about `step` bytes that ends the first `size` bytes
// of `input` (cut at line ends), as a push does: the cost of an append, which must not grow with
// what came before it.
double
append_micros(const Scanner& scanner, std::string_view input, std::size_t size, std::size_t step)
{
  const std::size_t end = input.rfind('\n', size - 1) + 1;
  const std::size_t from = input.rfind('\n', end - step) + 1;
  std::vector<double> took;
  std::vector<Finding> found;
  for (int i = 0; i < 51; ++i) {
    const auto start = std::chrono::steady_clock::now();
    found.clear();
    scanner.scan(input.substr(0, end), from, found);
    const std::chrono::duration<double, std::micro> t = std::chrono::steady_clock::now() - start;
    took.push_back(t.count());
  }
  std::sort(took.begin(), took.end());
  return took[took.size() / 2];
}

// Seconds to scan one 4 MiB line of `unit` repeated (hostile input; median of `runs`).
double
hostile_seconds(const Scanner& scanner, const std::string& unit, int runs)
{
  std::string line;
  while (line.size() < std::size_t{4} << 20U) {
    line += unit;
  }
  std::vector<double> took;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    static_cast<void>(scanner.scan(line));
    took.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(took.begin(), took.end());
  return took[took.size() / 2];
}

void
print_hostile(const Scanner& scanner, int runs)
{
  std::printf("one 4 MiB hostile line, seconds:");
  for (const char* unit : {"key=", "key=a,", "password=\"", "-eyJ", "sk-", "%22key%22%3A%22",
                           "--token ", "token=Qx7Lm2Xv8Rt4Bn7Wc1Yp5Hk3\n"}) {
    std::printf(" '%s' %.3f", unit, hostile_seconds(scanner, unit, runs));
  }
  std::printf("\n");
}

} // namespace

int
main(int argc, char** argv)
{
  const std::size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100;
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  Rng rng(1);
  std::string input;
  input.reserve(megabytes * 1000000 + 65536);
  std::size_t lines = 0;
  std::size_t planted = 0;
  while (input.size() < megabytes * 1000000) {
    const bool with_secret = rng() % 4000 == 0;
    planted += with_secret ? 1 : 0;
    input += make_line(rng, with_secret);
    ++lines;
  }

  const Scanner scanner;
  std::vector<Finding> found;
  const Rates scan = median_mbps(input.size(), runs, [&] {
    found.clear();
    scanner.scan(input, 0, found);
  });
  std::size_t appended_found = 0;
  const Rates appends = median_mbps(
    input.size(), runs, [&] { appended_found = scan_appends(scanner, input, k_append_step); });
  const void* volatile sink = nullptr;
  const Rates ceiling = median_mbps(
    input.size(), runs, [&] { sink = std::memchr(input.data(), '\x01', input.size()); });
  std::printf("input %.1f MB, %zu lines, %zu with a planted secret, median of %d runs\n",
              static_cast<double>(input.size()) / 1e6, lines, planted, runs);
  std::printf("                         wall MB/s   cpu MB/s\n");
  std::printf("scan (whole)             %9.0f  %9.0f\n", scan.wall, scan.cpu);
  std::printf("scan (%zu KB appends)    %9.0f  %9.0f\n", k_append_step / 1000, appends.wall,
              appends.cpu);
  std::printf("memchr (ceiling)         %9.0f  %9.0f\n", ceiling.wall, ceiling.cpu);
  std::printf("one %zu KB append: %.0f us after 1 MB, %.0f us after %.0f MB\n",
              k_append_step / 1000, append_micros(scanner, input, 1000000, k_append_step),
              append_micros(scanner, input, input.size(), k_append_step),
              static_cast<double>(input.size()) / 1e6);
  std::printf("findings %zu (whole), %zu (appends)\n", found.size(), appended_found);
  print_hostile(scanner, runs);
  return found.size() == appended_found ? 0 : 1;
}
