// Throughput of the placeholder engine (issue 4, rule 9).
//
// Usage: bench_paths [MEGABYTES] [RUNS]      (defaults: 128 MB, 7 runs)
//
// Builds a realistic transcript in memory (JSONL lines with cwd fields, tool inputs, tool results
// with code and shell output, paths under 10 mapped directories and some unmapped ones), then
// prints the median MB/s of: translate over the whole buffer, translate line by line through a
// LineStream, expand of the translated buffer, and memchr over the same bytes (the ceiling).
// Build with -DCMAKE_BUILD_TYPE=Release; run on an idle machine.
#include "paths/line_stream.hpp"
#include "paths/placeholders.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace ccsync::paths;

namespace {

const char* const k_dirs[] = {"/home/alice/src/app", "/home/alice/src/lib",
                              "/srv/data/sets",      "/home/alice/.claude",
                              "/opt/tools/bin",      "/home/alice/notes",
                              "/mnt/shared/team",    "/home/alice/src/app/third_party",
                              "/var/lib/ccsync-work"};
const char* const k_files[] = {"src/main.cpp",   "include/app/io.hpp", "tests/test_io.cpp",
                               "CMakeLists.txt", "docs/design.md",     "build/app",
                               "README.md"};
const char* const k_code[] = {
  "for (const auto& item : items) {\\n  total += item.size();\\n}\\n",
  "std::string render(std::string_view tpl) { return fmt::format(tpl, args...); }\\n",
  "if (rc != 0) {\\n    throw Error(ErrorKind::io, \\\"write failed\\\");\\n}\\n",
  "  -- 12 passed, 0 failed in 0.31s --\\nReady. Listening on 127.0.0.1:8080\\n",
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\\n",
};

Profile
machine()
{
  Profile p(Os::posix, "/home/alice", "/data/home/alice");
  const char* const names[] = {"APP",   "LIB",  "DATA",   "CLAUDE", "TOOLS",
                               "NOTES", "TEAM", "VENDOR", "WORK"};
  for (std::size_t i = 0; i < 9; ++i) {
    p.set(names[i], k_dirs[i]);
  }
  return p;
}

std::string
pick_path(std::mt19937_64& rng)
{
  if (rng() % 8 == 0)
    return std::string("/usr/include/c++/12/") + k_files[rng() % 7];
  return std::string(k_dirs[rng() % 9]) + "/" + k_files[rng() % 7];
}

std::string
make_line(std::mt19937_64& rng)
{
  const std::string cwd = k_dirs[rng() % 2];
  std::string line =
    "{\"parentUuid\":\"3c4d5e6f-7081-4c9d-8e0f-2a3b4c5d6e7f\",\"isSidechain\":false,";
  if (rng() % 2 == 0) {
    line +=
      "\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"name\":\"Read\","
      "\"input\":{\"file_path\":\"" +
      pick_path(rng) + "\"}}]},";
  } else {
    line += "\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"content\":\"";
    for (int i = 0, n = 2 + static_cast<int>(rng() % 6); i < n; ++i) {
      line += k_code[rng() % 5];
      if (rng() % 3 == 0)
        line += "see " + pick_path(rng) + ":42\\n";
    }
    line += "\"}]},";
  }
  line +=
    "\"type\":\"user\",\"uuid\":\"4d5e6f70-8192-4dae-9f01-3b4c5d6e7f80\","
    "\"timestamp\":\"2026-11-02T09:14:09.402Z\",\"userType\":\"external\","
    "\"entrypoint\":\"sdk-cli\",\"cwd\":\"" +
    cwd +
    "\",\"sessionId\":"
    "\"6990f3a2-5b1c-4d7e-9a55-0c1f2e3d4b5a\",\"version\":\"2.1.197\",\"gitBranch\":\"main\"}\n";
  return line;
}

double
median_mbps(std::size_t bytes, int runs, const std::function<void()>& work)
{
  std::vector<double> rates;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    rates.push_back(static_cast<double>(bytes) / 1e6 / took.count());
  }
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

} // namespace

int
main(int argc, char** argv)
{
  const std::size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 128;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 7;
  std::mt19937_64 rng(1);
  std::string input;
  input.reserve(megabytes * 1000000 + 4096);
  while (input.size() < megabytes * 1000000)
    input += make_line(rng);

  const Placeholders engine(machine());
  std::string translated;
  translated.reserve(input.size());
  std::string expanded;
  expanded.reserve(input.size() + input.size() / 4);
  std::set<std::string> missing;

  const double translate = median_mbps(input.size(), runs, [&] {
    translated.clear();
    engine.translate(input, translated);
  });
  const double streamed = median_mbps(input.size(), runs, [&] {
    std::size_t total = 0;
    LineStream lines(engine, Direction::translate, [&](std::string_view l) { total += l.size(); });
    lines.feed(input);
    lines.finish();
    if (total != translated.size())
      std::abort();
  });
  const double expand = median_mbps(translated.size(), runs, [&] {
    expanded.clear();
    engine.expand(translated, expanded, missing);
  });
  const void* volatile sink = nullptr;
  const double ceiling = median_mbps(
    input.size(), runs, [&] { sink = std::memchr(input.data(), '\x01', input.size()); });
  if (expanded != input || !missing.empty()) {
    std::fprintf(stderr, "bench_paths: round trip failed\n");
    return 1;
  }
  std::printf("input %.1f MB, translated %.1f MB, 10 mappings, median of %d runs\n",
              static_cast<double>(input.size()) / 1e6, static_cast<double>(translated.size()) / 1e6,
              runs);
  std::printf("translate            %8.0f MB/s\n", translate);
  std::printf("translate (streamed) %8.0f MB/s\n", streamed);
  std::printf("expand               %8.0f MB/s\n", expand);
  std::printf("memchr (ceiling)     %8.0f MB/s\n", ceiling);
  return 0;
}
