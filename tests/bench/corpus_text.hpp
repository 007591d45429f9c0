// Text for gen_corpus: a project model (source files under a working directory) and generators of
// prose, source code and shell output that compress like the real thing (a fixed vocabulary,
// repeated identifiers, structure), never random bytes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "corpus_rng.hpp"

namespace corpus {

enum class Lang { cpp, python, typescript, shell, markdown, json, yaml, cmake };

struct SourceFile {
  std::string path; // relative to the project root
  Lang lang = Lang::markdown;
  std::string content;
};

// A project: its root directory (absolute, ASCII), main language, vocabulary and files. The same
// key and seed always give the same project (the key is the root without the home directory, so
// that corpora generated under different homes hold the same text).
struct Project {
  std::string root;
  std::string name;
  Lang lang = Lang::cpp;
  std::vector<std::string> idents;
  std::vector<SourceFile> files;
};

Project make_project(const std::string& root, const std::string& key, std::uint64_t seed);

std::string word(Rng& rng);
std::string identifier(Rng& rng, const Project& project);
std::string sentence(Rng& rng, const Project& project);
// Markdown-ish prose (paragraphs, lists, inline code, paths), about `bytes` long.
std::string prose(Rng& rng, const Project& project, std::size_t bytes);
// Source code in `lang`, about `bytes` long.
std::string code(Rng& rng, const Project& project, Lang lang, std::size_t bytes);
std::string file_name(Rng& rng, Lang lang, const Project& project);

// A shell command run in `cwd` and its output (about `bytes` long).
struct Command {
  std::string line;
  std::string description;
  std::string output;
  std::string stderr_text;
};
Command shell_command(Rng& rng, const Project& project, const std::string& cwd, std::size_t bytes);

// What a user types: a request, sometimes with a pasted error or snippet.
std::string user_prompt(Rng& rng, const Project& project, const std::string& cwd);

// The longest prefix of `text` of at most `bytes` bytes that does not cut a UTF-8 character.
std::string utf8_prefix(const std::string& text, std::size_t bytes);

// `cat -n` numbering as Claude's Read tool shows it: "     1\tline".
std::string numbered(const std::string& content, std::size_t first_line = 1);

} // namespace corpus
