// ccsync config show | add-placeholder NAME=PATH | set-path NAME MACHINE_ID PATH
//               | remove-path NAME MACHINE_ID | add-exclude PATTERN | remove-exclude PATTERN
//               | add-sync-dir PATH | remove-sync-dir PATH
#pragma once

#include "cli/args.hpp"
#include "cli/context.hpp"

#include <string>

namespace ccsync::cli {

struct ConfigOptions {
  enum class Action {
    show,
    add_placeholder,
    set_path,
    remove_path,
    add_exclude,
    remove_exclude,
    add_sync_dir,
    remove_sync_dir
  } action = Action::show;
  Format format = Format::table;
  std::string name;
  std::string machine_id; // set-path and remove-path
  std::string path;       // also the directory of add-sync-dir and remove-sync-dir
  std::string pattern;    // add-exclude, remove-exclude
};

ConfigOptions parse_config(const Args& args);
int run_config(Context& context, const ConfigOptions& options);

} // namespace ccsync::cli
