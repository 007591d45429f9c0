// Shell commands with their output, and user prompts, for gen_corpus (see corpus_text.hpp).
#include <algorithm>
#include <cstdio>

#include "corpus_text.hpp"

namespace corpus {
namespace {

const char* const k_prompts[] = {"can you fix the failing test in",
                                 "please refactor",
                                 "why does this crash when I run",
                                 "add error handling to",
                                 "write unit tests for",
                                 "explain how",
                                 "the build is broken after my change to",
                                 "make this faster:",
                                 "review my changes in",
                                 "rename the function in",
                                 "add a command line option to",
                                 "update the docs for",
                                 "there's a memory leak somewhere in",
                                 "migrate this to the new API in",
                                 "implement pagination in",
                                 "can you clean up"};

} // namespace

Command
shell_command(Rng& rng, const Project& p, const std::string& cwd, std::size_t bytes)
{
  Command c;
  const auto& file = p.files[rng.below(p.files.size())];
  switch (rng.below(7)) {
  case 0: { // build
    c.line = p.lang == Lang::cpp      ? "cmake --build build -j4 2>&1 | tail -80"
             : p.lang == Lang::python ? "python -m mypy app"
                                      : "npm run build";
    c.description = "Build the project";
    std::size_t percent = 0;
    while (c.output.size() < bytes) {
      const auto& f = p.files[rng.below(p.files.size())];
      if (rng.chance(0.15)) {
        c.output += cwd + "/" + f.path + ":" + std::to_string(rng.range(1, 300)) + ":" +
                    std::to_string(rng.range(1, 40)) + ": warning: unused variable '" +
                    identifier(rng, p) + "' [-Wunused-variable]\n";
      } else {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "[%3zu%%] ", percent);
        percent = std::min<std::size_t>(100, percent + rng.below(3));
        c.output += std::string(buffer) + "Building CXX object " + f.path + ".o\n";
      }
    }
    break;
  }
  case 1: { // tests
    c.line = p.lang == Lang::python ? "python -m pytest -q tests/"
             : p.lang == Lang::cpp  ? "ctest --test-dir build --output-on-failure"
                                    : "npx vitest run";
    c.description = "Run the tests";
    std::size_t n = 1;
    while (c.output.size() < bytes) {
      c.output += "tests/test_" + identifier(rng, p) + ".py::test_" + identifier(rng, p) +
                  (rng.chance(0.95) ? " PASSED" : " FAILED") + " [" + std::to_string(n++ % 100) +
                  "%]\n";
    }
    c.output +=
      "\n" + std::to_string(n) + " passed in " + std::to_string(rng.range(1, 90)) + ".31s\n";
    break;
  }
  case 2: { // git log / diff
    c.line = rng.chance(0.5) ? "git log --oneline -50" : "git diff " + file.path;
    c.description = "Show recent history";
    while (c.output.size() < bytes) {
      c.output += hex(rng, 7) + " " + sentence(rng, p) + "\n";
    }
    break;
  }
  case 3: { // grep
    const std::string needle = identifier(rng, p);
    c.line = "grep -rn \"" + needle + "\" " + cwd + "/src";
    c.description = "Find usages of " + needle;
    while (c.output.size() < bytes) {
      const auto& f = p.files[rng.below(p.files.size())];
      c.output += cwd + "/" + f.path + ":" + std::to_string(rng.range(1, 500)) + ":    " + needle +
                  " = " + identifier(rng, p) + "(" + identifier(rng, p) + ");\n";
    }
    break;
  }
  case 4: { // ls
    c.line = "ls -la " + cwd + "/" + file.path.substr(0, file.path.rfind('/') + 1);
    c.description = "List files";
    c.output = "total " + std::to_string(rng.range(8, 400)) + "\n";
    while (c.output.size() < bytes) {
      c.output += "-rw-r--r-- 1 dev dev " + std::to_string(rng.range(100, 90000)) + " Nov " +
                  std::to_string(rng.range(1, 28)) + " 1" + std::to_string(rng.below(10)) + ":" +
                  std::to_string(rng.range(10, 59)) + " " + identifier(rng, p) + ".cpp\n";
    }
    break;
  }
  case 5: { // install
    c.line = p.lang == Lang::python ? "pip install -e '.[dev]'" : "npm install";
    c.description = "Install dependencies";
    while (c.output.size() < bytes) {
      c.output += "  Downloading " + identifier(rng, p) + "-" + std::to_string(rng.below(9)) + "." +
                  std::to_string(rng.below(30)) + ".tar.gz (" + std::to_string(rng.range(10, 900)) +
                  " kB)\n";
    }
    c.stderr_text = rng.chance(0.3) ? "npm warn deprecated " + word(rng) + "@1.0.2\n" : "";
    break;
  }
  default: { // run the program
    c.line = "cd " + cwd + " && ./build/" + p.name + " --verbose " + file.path;
    c.description = "Run it on " + file.path;
    while (c.output.size() < bytes) {
      c.output += "2026-11-" + std::to_string(rng.range(10, 28)) + " 12:0" +
                  std::to_string(rng.below(10)) + ":1" + std::to_string(rng.below(10)) + " INFO " +
                  identifier(rng, p) + ": " + sentence(rng, p) + "\n";
    }
    break;
  }
  }
  if (c.output.size() > bytes + 200) {
    c.output = utf8_prefix(c.output, bytes);
    c.output += "\n";
  }
  return c;
}

std::string
user_prompt(Rng& rng, const Project& p, const std::string& cwd)
{
  const auto& file = p.files[rng.below(p.files.size())];
  std::string out =
    std::string(rng.pick(k_prompts)) + " " + (rng.chance(0.5) ? file.path : cwd + "/" + file.path);
  if (rng.chance(0.4)) {
    out += "? " + sentence(rng, p);
  }
  if (rng.chance(0.15)) {
    out += "\n\n```\n" + shell_command(rng, p, cwd, rng.range(200, 3000)).output + "```";
  }
  return out;
}

} // namespace corpus
