// libFuzzer target for rule 6: for fuzzer-chosen machines (OS, home, canonical spellings, extra
// mappings) and bytes, expand(translate(x)) == x, no name is missing, and translating line by
// line gives the same bytes. Build with -DCCSYNC_FUZZ=ON and clang; run e.g.
//   build-fuzz/tests/fuzz/fuzz_paths_roundtrip -max_total_time=30
#include "paths/line_stream.hpp"
#include "paths/placeholders.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <cstdlib>
#include <fuzzer/FuzzedDataProvider.h>
#include <optional>
#include <set>
#include <string>

using namespace ccsync::paths;

namespace {

// A directory for `os` built from fuzzer bytes, or a fixed fallback.
std::string
directory(FuzzedDataProvider& data, Os os)
{
  std::string tail = data.ConsumeRandomLengthString(24);
  if (os == Os::posix)
    return "/" + tail;
  switch (data.ConsumeIntegralInRange(0, 2)) {
  case 0: return "C:\\" + tail;
  case 1: return "\\\\nas\\" + tail;
  default: return "d:/" + tail;
  }
}

std::optional<Profile>
make_profile(FuzzedDataProvider& data)
{
  const Os os = data.ConsumeBool() ? Os::windows : Os::posix;
  try {
    const std::string home = directory(data, os);
    const std::string canonical = data.ConsumeBool() ? directory(data, os) : "";
    Profile profile(os, home, canonical);
    const char* const names[] = {"A", "PROJ", "B_2", "HOMEX"};
    for (int i = 0, n = data.ConsumeIntegralInRange(0, 4); i < n; ++i) {
      const std::string path = directory(data, os);
      profile.set(names[i], path, data.ConsumeBool() ? directory(data, os) : "");
    }
    return profile;
  } catch (const ccsync::Error&) {
    return std::nullopt; // not a valid directory: nothing to test
  }
}

// The text to translate: fuzzer bytes mixed with spellings of the mapped directories (in every
// style, with flipped case) so that most inputs contain real matches.
std::string
make_text(FuzzedDataProvider& data, const Profile& profile)
{
  std::string text;
  const auto& mappings = profile.mappings();
  while (data.remaining_bytes() > 0) {
    if (data.ConsumeIntegralInRange(0, 3) != 0) {
      text += data.ConsumeRandomLengthString(16);
      continue;
    }
    const Mapping& m = mappings[data.ConsumeIntegralInRange<std::size_t>(0, mappings.size() - 1)];
    const auto style = static_cast<PathStyle>(data.ConsumeIntegralInRange(0, 2));
    std::string spelled = spell(profile.os(), data.ConsumeBool() ? m.canonical : m.path, style);
    const auto flip = data.ConsumeIntegral<std::uint8_t>();
    for (std::size_t i = 0; i < spelled.size() && i < 8; ++i) {
      const char c = spelled[i];
      const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (letter && (flip >> i & 1) != 0)
        spelled[i] = static_cast<char>(c ^ 0x20);
    }
    text += spelled;
  }
  return text;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size)
{
  FuzzedDataProvider data(bytes, size);
  const auto profile = make_profile(data);
  if (!profile)
    return 0;
  const Placeholders engine(*profile);
  const std::string x = make_text(data, *profile);

  const std::string t = engine.translate(x);
  std::set<std::string> missing;
  std::string back;
  engine.expand(t, back, missing);
  if (back != x || !missing.empty())
    std::abort();

  std::string streamed;
  LineStream lines(engine, Direction::translate, [&](std::string_view l) { streamed += l; });
  lines.feed(x);
  lines.finish();
  if (streamed != t)
    std::abort();
  return 0;
}
