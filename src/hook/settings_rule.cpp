// is_ccsync_hook (hook/settings.hpp): the rule that says which entries of a settings file are
// ccsync's, in exec form and in string form (a few words of the command line read the way
// /bin/sh would, without expansion).
#include "hook/settings.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace ccsync::hook {
using Json = nlohmann::ordered_json;

namespace {

// The base name of a program path, without a Windows ".exe".
std::string
program_name(std::string_view path)
{
  const std::size_t slash = path.find_last_of("/\\");
  std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  if (name.size() > 4 && name.ends_with(".exe")) {
    name.resize(name.size() - 4);
  }
  return name;
}

bool
is_ccsync_name(std::string_view name)
{
  return name == "ccsync" || name == "claude-session-sync";
}

bool
is_assignment(std::string_view word)
{
  const std::size_t equals = word.find('=');
  if (equals == 0 || equals == std::string_view::npos || (word[0] >= '0' && word[0] <= '9')) {
    return false;
  }
  return std::all_of(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(equals), [](char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

// The next shell word of `command` from `at` (quotes removed, no expansion), or nothing at the
// end or at an operator. `at` moves past it.
std::optional<std::string>
next_word(std::string_view command, std::size_t& at)
{
  while (at < command.size() && (command[at] == ' ' || command[at] == '\t')) {
    ++at;
  }
  std::string word;
  bool any = false;
  while (at < command.size()) {
    const char c = command[at];
    if (c == ' ' || c == '\t' || c == '\n' ||
        std::string_view(";&|<>()").find(c) != std::string_view::npos) {
      break;
    }
    any = true;
    if (c == '\'' || c == '"') {
      const std::size_t close = command.find(c, at + 1);
      const std::size_t end = close == std::string_view::npos ? command.size() : close;
      for (std::size_t i = at + 1; i < end; ++i) {
        if (c == '"' && command[i] == '\\' && i + 1 < end) {
          ++i; // \" \\ \$ \` inside double quotes
        }
        word += command[i];
      }
      at = std::min(end + 1, command.size());
      continue;
    }
    if (c == '\\' && at + 1 < command.size()) {
      ++at;
    }
    word += command[at++];
  }
  return any ? std::optional(word) : std::nullopt;
}

// The program and its first argument in a shell command line, skipping `NAME=value`
// assignments and `exec`.
std::vector<std::string>
program_and_first_argument(std::string_view command)
{
  std::vector<std::string> words;
  std::size_t at = 0;
  while (words.size() < 2) {
    std::optional<std::string> word = next_word(command, at);
    if (!word) {
      break;
    }
    if (words.empty() && (is_assignment(*word) || *word == "exec")) {
      continue;
    }
    words.push_back(std::move(*word));
  }
  return words;
}

} // namespace

bool
is_ccsync_hook(const Json& hook)
{
  if (!hook.is_object() || hook.value("type", Json()) != "command" || !hook.contains("command") ||
      !hook["command"].is_string()) {
    return false;
  }
  const auto& command = hook["command"].get_ref<const std::string&>();
  if (hook.contains("args") && hook["args"].is_array()) {
    const Json& args = hook["args"];
    const std::string name = program_name(command);
    return name == "ccsync-hook" || (is_ccsync_name(name) && !args.empty() && args[0] == "hook");
  }
  const std::vector<std::string> words = program_and_first_argument(command);
  if (words.empty()) {
    return false;
  }
  const std::string name = program_name(words[0]);
  return name == "ccsync-hook" || (is_ccsync_name(name) && words.size() > 1 && words[1] == "hook");
}

} // namespace ccsync::hook
