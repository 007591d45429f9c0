// The wall clock and its test offset (see clock.hpp).
#include "util/clock.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace ccsync::util {
namespace {

// The offset the environment sets, in seconds; 0 when unset or not a whole number. Read here
// rather than through config/ because util/ sits below it, and only tests set it.
std::chrono::seconds
test_offset()
{
  const char* text = std::getenv(k_test_clock_offset_variable);
  if (text == nullptr) {
    return std::chrono::seconds(0);
  }
  const std::string_view value(text);
  std::int64_t seconds = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  const bool whole = error == std::errc() && end == value.data() + value.size();
  return std::chrono::seconds(whole ? seconds : 0);
}

} // namespace

std::chrono::system_clock::time_point
now()
{
  static const std::chrono::seconds offset = test_offset();
  return std::chrono::system_clock::now() + offset;
}

std::int64_t
now_epoch()
{
  return std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count();
}

} // namespace ccsync::util
