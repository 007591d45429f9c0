// Sample secrets and JSON helpers shared by the secrets tests. The secrets are made up but have
// the shape of real ones (lengths, alphabets, prefixes); key material is seeded pseudo-random.
#pragma once

#include "secrets/kind.hpp"

#include <nlohmann/json.hpp>

#include <random>
#include <string>
#include <string_view>

namespace ccsync::secrets::test {

// `text` as it sits inside a JSON string (escaped once, without the quotes).
inline std::string
escaped(std::string_view text)
{
  const std::string dumped = nlohmann::json(std::string(text)).dump();
  return dumped.substr(1, dumped.size() - 2);
}

// `text` escaped twice, as inside a JSON document stored in a JSON string.
inline std::string
twice(std::string_view text)
{
  return escaped(escaped(text));
}

// A transcript line whose message content is `text`.
inline std::string
line_with(std::string_view text)
{
  const nlohmann::json line = {{"type", "user"},
                               {"message", {{"role", "user"}, {"content", std::string(text)}}}};
  return line.dump();
}

// A transcript line whose tool result is a JSON document holding `text`: `text` is escaped twice.
inline std::string
nested_line(std::string_view text)
{
  const nlohmann::json inner = {{"stdout", std::string(text)}, {"exit_code", 0}};
  const nlohmann::json line = {{"type", "user"}, {"toolUseResult", {{"content", inner.dump()}}}};
  return line.dump();
}

// `n` pseudo-random characters of `alphabet`, the same for the same `seed`.
inline std::string
random_chars(std::size_t n, std::string_view alphabet, unsigned seed)
{
  std::mt19937 rng(seed);
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += alphabet[rng() % alphabet.size()];
  return out;
}

inline constexpr std::string_view k_base62 =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
inline constexpr std::string_view k_base64 =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// A PEM block of `type` ("RSA PRIVATE KEY") with `lines` lines of 64 base64 characters.
inline std::string
pem(std::string_view type, int lines = 12, unsigned seed = 7, std::string_view headers = "")
{
  std::string out = "-----BEGIN " + std::string(type) + "-----\n" + std::string(headers);
  for (int i = 0; i < lines; ++i)
    out += random_chars(64, k_base64, seed + static_cast<unsigned>(i)) + "\n";
  out += random_chars(20, k_base64, seed + 99) + "==\n";
  out += "-----END " + std::string(type) + "-----";
  return out;
}

// One true positive: `secret` is what must be reported, in `context` at "{}".
struct Sample {
  Kind kind;
  std::string context;
  std::string secret;
};

inline std::string
fill(std::string_view context, std::string_view secret)
{
  std::string out(context);
  const std::size_t at = out.find("{}");
  out.replace(at, 2, secret);
  return out;
}

} // namespace ccsync::secrets::test
