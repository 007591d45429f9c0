// What is wrong with a JSON text or value, in ccsync's words: a person fixing config.json by hand
// reads where (line, column) and what (a missing comma, a word without quotes), never the JSON
// library's exception text.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace ccsync::config {

struct JsonProblem {
  std::size_t line = 1;
  std::size_t column = 1;
  std::string what; // "'oops' is not a value (...)", "a comma before '}' (...)"
};

// Why `text` does not parse, the parser having stopped after reading `bytes_read` bytes (the
// offending byte is the last one read; nlohmann's parse_error::byte).
JsonProblem json_syntax_problem(std::string_view text, std::size_t bytes_read);

// "a string", "a list", "an object", "a number", "true or false", "null".
std::string json_kind(const nlohmann::json& value);

// The JSON a setting takes.
enum class JsonShape { string, string_list, string_map };

// "it must be a list of strings, not a list with a number in it": what is wrong with `value`
// where `shape` was expected.
std::string wrong_kind(const nlohmann::json& value, JsonShape shape);

// The line on which `"key":` first appears in `text`, or 1.
std::size_t line_of_key(std::string_view text, std::string_view key);

} // namespace ccsync::config
