// PEM private key blocks, raw or inside JSON strings (line breaks written "\n" or "\\n"). A block
// is reported from its BEGIN line through its END line; a block whose END line is missing is
// reported up to where its body stops, unless it runs into the end of the text: then the rest
// may come with the next append, and the block is reported whole when it does. The private key
// of a Google service-account JSON ("private_key": "-----BEGIN PRIVATE KEY-----\n...") is its
// own kind.
#include "secrets/detect.hpp"
#include "secrets/patterns.hpp"
#include "secrets/text.hpp"

#include <algorithm>

namespace ccsync::secrets {

namespace {

bool
is_base64_byte(char c)
{
  return is_alnum(c) || c == '+' || c == '/' || c == '=';
}

// True if `block` holds key material: a run of 40+ base64 characters (escaped slashes count),
// not one character repeated. Keeps "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END" out.
bool
has_key_material(std::string_view block)
{
  std::size_t run = 0;
  std::size_t same = 0;
  std::size_t i = 0;
  while (i < block.size()) {
    const std::size_t escape = value_escape_length(block, i);
    if (escape > 0 || is_base64_byte(block[i])) {
      same = i > 0 && escape == 0 && block[i] == block[i - 1] ? same + 1 : 1;
      if (same >= 16) {
        return false;
      }
      if (++run >= 40) {
        return true;
      }
      i += std::max<std::size_t>(escape, 1);
    } else {
      run = 0;
      ++i;
    }
  }
  return false;
}

// True if the block at `start` is the value of a "private_key" field.
bool
is_private_key_field(std::string_view text, std::size_t start)
{
  std::size_t i = start;
  const std::size_t stop = start > 48 ? start - 48 : 0;
  while (i > stop && std::string_view(" \t:\"'\\").find(text[i - 1]) != std::string_view::npos) {
    --i;
  }
  return i >= 11 && text.substr(i - 11, 11) == "private_key";
}

Kind
block_kind(std::string_view text, std::size_t start, std::string_view type)
{
  return type == "PRIVATE KEY" && is_private_key_field(text, start) ? Kind::gcp_service_account
                                                                    : Kind::private_key;
}

// Length of `block` without the line breaks, blanks and escapes its body ended with.
std::size_t
trimmed_length(std::string_view block)
{
  std::size_t end = block.size();
  while (end > 0) {
    const char c = block[end - 1];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\\') {
      --end;
    } else if ((c == 'n' || c == 'r' || c == 't') && end >= 2 && block[end - 2] == '\\') {
      end -= 2;
    } else {
      break;
    }
  }
  return end;
}

// A BEGIN line without an END line within reach.
void
probe_open_block(ScanState& state, std::size_t start)
{
  Match match;
  if (!match_at(patterns().pem_open, state.text, start, k_max_pem, match)) {
    return;
  }
  const std::size_t end = start + match[0].size();
  const bool at_window_end = match[0].size() == k_max_pem;
  // Later BEGIN lines inside this body give the same answer; past a cut window, look again.
  state.pem_end = at_window_end ? start + k_max_pem / 2 : end;
  if (end == state.text.size() || at_window_end) {
    return; // may continue in the next append, or too long to be a key
  }
  const std::string_view block = match[0].substr(0, trimmed_length(match[0]));
  if (has_key_material(block)) {
    state.add(start, start + block.size(), block_kind(state.text, start, match[1]));
  }
}

} // namespace

void
probe_pem(ScanState& state, std::size_t pos)
{
  // "-B" is the last dash of "-----BEGIN ".
  if (pos < 4 || pos - 4 < state.pem_end || !has_at(state.text, pos - 4, "-----BEGIN ")) {
    return;
  }
  const std::size_t start = pos - 4;
  Match match;
  if (!match_at(patterns().pem_block, state.text, start, k_max_pem, match)) {
    probe_open_block(state, start);
    return;
  }
  state.pem_end = start + match[0].size();
  if (has_key_material(match[0])) {
    state.add(start, state.pem_end, block_kind(state.text, start, match[1]));
  }
}

} // namespace ccsync::secrets
