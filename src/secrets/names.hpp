// Secret-like names: the identifier around a keyword hit ("DB_PASSWORD", "x-api-key",
// "clientSecret", "aws_secret_access_key") and what family of secret its value would be.
// Internal to the module.
#pragma once

#include <cstddef>
#include <string_view>

namespace ccsync::secrets {

enum class NameClass : unsigned char {
  none,          // not a secret name ("keyboard", "input_tokens", "password_hash", "key_id")
  password,      // password, passwd, pwd, pass, passphrase, secret
  token,         // *token, api/access/private/secret key, client secret
  aws_secret,    // an AWS secret access key name
  authorization, // Authorization (an HTTP header)
  generic,       // key, credential(s), creds: reported only for random-looking values
};

// An identifier in scanned text: [begin, end).
struct Name {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The identifier (letters, digits, '_', '-', '.') around `pos` in `text`, at most 64 bytes on
// either side. A JSON escape letter just before it ("\nTOKEN=") is not part of it.
Name read_name(std::string_view text, std::size_t pos);

// The family that `name` announces. Only the last word counts ("api_key" and "apiKey" are tokens,
// "key_id" is nothing); words split at '_', '-', '.' and camelCase.
NameClass classify_name(std::string_view name);

} // namespace ccsync::secrets
