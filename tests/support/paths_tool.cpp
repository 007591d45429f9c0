// ccsync-paths-tool: the paths module from the shell, for end-to-end scripts.
//
//   ccsync-paths-tool encode PATH            Claude's project-directory name for PATH
//   ccsync-paths-tool realpath PATH          PATH with symlinks resolved
//   ccsync-paths-tool translate|expand [--os posix|windows] --home DIR [--map NAME=DIR]...
//                                            stdin to stdout, line by line
// expand exits 3 and names the placeholders it could not place on stderr. Usage errors exit 2.
#include "paths/line_stream.hpp"
#include "paths/placeholders.hpp"
#include "paths/project_dir.hpp"
#include "paths/realpath.hpp"
#include "util/error.hpp"

#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace ccsync::paths;

namespace {

constexpr int k_usage = 2;
constexpr int k_missing = 3;

int
usage()
{
  std::fputs("usage: ccsync-paths-tool encode PATH | realpath PATH |\n"
             "       ccsync-paths-tool translate|expand [--os posix|windows] --home DIR "
             "[--map NAME=DIR]...\n",
             stderr);
  return k_usage;
}

std::optional<Profile>
parse_profile(int argc, char** argv)
{
  Os os = Os::posix;
  std::string home;
  std::vector<std::pair<std::string, std::string>> maps;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string opt = argv[i];
    const std::string value = argv[i + 1];
    if (opt == "--os")
      os = value == "windows" ? Os::windows : Os::posix;
    else if (opt == "--home")
      home = value;
    else if (opt == "--map" && value.find('=') != std::string::npos) {
      maps.emplace_back(value.substr(0, value.find('=')), value.substr(value.find('=') + 1));
    } else
      return std::nullopt;
  }
  if (home.empty() || argc % 2 != 0)
    return std::nullopt;
  Profile profile(os, home);
  for (const auto& [name, dir] : maps)
    profile.set(name, dir);
  return profile;
}

int
filter(const Profile& profile, Direction direction)
{
  const Placeholders engine(profile);
  LineStream lines(engine, direction,
                   [](std::string_view line) { std::fwrite(line.data(), 1, line.size(), stdout); });
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) {
    lines.feed(std::string_view(buffer, n));
  }
  lines.finish();
  for (const std::string& name : lines.missing()) {
    std::fprintf(stderr, "not mapped here: {{%s}}\n", name.c_str());
  }
  return lines.missing().empty() ? 0 : k_missing;
}

} // namespace

int
main(int argc, char** argv)
{
  if (argc < 2)
    return usage();
  const std::string command = argv[1];
  try {
    if (command == "encode" && argc == 3) {
      std::printf("%s\n", encode_project_dir(argv[2]).c_str());
      return 0;
    }
    if (command == "realpath" && argc == 3) {
      const auto resolved = real_path(argv[2]);
      if (!resolved)
        return 1;
      std::printf("%s\n", resolved->c_str());
      return 0;
    }
    if (command == "translate" || command == "expand") {
      const auto profile = parse_profile(argc, argv);
      if (!profile)
        return usage();
      return filter(*profile, command == "translate" ? Direction::translate : Direction::expand);
    }
  } catch (const ccsync::Error& e) {
    std::fprintf(stderr, "ccsync-paths-tool: %s\n", e.what());
    return k_usage;
  }
  return usage();
}
