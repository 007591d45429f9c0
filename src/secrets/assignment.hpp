// The "= value" after a secret name, read by hand: the operator, the quote that opens the value,
// an auth scheme word, a terminal colour sequence, and where the value may end. Each byte after a
// name is looked at by one name only, so a line of repeated names ("key=key=key=...") is scanned
// in linear time. Internal to the module.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ccsync::secrets {

struct Assignment {
  std::string_view open;    // the quote opening the value, with its escaping backslashes ("": none)
  bool scheme = false;      // "Bearer ", "Basic " or "token " came before the value
  bool url_encoded = false; // quotes or operator written as %22, %3A, %3D (URL-encoded JSON)
  std::size_t value = 0;    // where the value starts
};

// The assignment after the name ending at `name_end`, if an operator follows (`=`, `:`, `=>`,
// `:=`; never the comparison `==`). With `blank_operator` (a command-line flag, `config set
// NAME VALUE`), blanks alone are one too.
std::optional<Assignment> read_operator(std::string_view text, std::size_t name_end,
                                        bool blank_operator = false);

// True if the name from `begin` to `end` takes its value after a blank: a long flag (`--token
// VALUE`), or a name after `set` on its line (`aws configure set aws_secret_access_key VALUE`,
// `npm config set //registry/:_authToken VALUE`).
bool takes_blank_operator(std::string_view text, std::size_t begin, std::size_t end);

// True if `text` continues at `pos` (an '&') with another query parameter ("&name=").
bool starts_parameter(std::string_view text, std::size_t pos);

// `text` with its %XX escapes decoded (a '+' is a blank).
std::string percent_decode(std::string_view text);

// True if the name starting at `begin` sits inside an ARN ("arn:aws:secretsmanager:...:secret:x"):
// a part of an identifier, not a name with a value.
bool inside_arn(std::string_view text, std::size_t begin);

// Length of the terminal colour sequence (SGR: ESC [ digits ; ... m, the ESC raw, or written
// as \u001b, \x1b, \033 or \e behind one to three backslashes) at `pos`; 0 if there is none.
std::size_t sgr_length(std::string_view text, std::size_t pos);

// True if a colour sequence ends right before `pos`.
bool sgr_before(std::string_view text, std::size_t pos);

// The quoted value starting at `begin`, up to the quote that closes `open` (the same quote behind
// as many backslashes, no more): it may hold other quotes and more deeply escaped ones. Nothing
// if a blank or the end of `window` bytes comes first; then `*stop` is where reading stopped.
std::optional<std::string_view> quoted_value(std::string_view text, std::size_t begin,
                                             std::string_view open, std::size_t window,
                                             std::size_t* stop);

// Where an unquoted value starting at `begin` ends at the latest: the first blank, quote,
// separator (`,;)]}|>`) or next query parameter (`&name=`), within `window` bytes.
std::size_t unquoted_limit(std::string_view text, std::size_t begin, std::size_t window);

} // namespace ccsync::secrets
