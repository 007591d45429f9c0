// The interactive session picker of `resume`: a full-screen list on the terminal (ncurses:
// it knows every terminal's keys and sizes, which hand-written escape sequences would not),
// arrow keys to move, typing to filter, Enter to open, Esc or Ctrl-C to leave.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ccsync::cli {

struct PickerRow {
  std::string text;    // the line shown
  std::string search;  // what typing filters on (title, project, id)
  bool enabled = true; // false: shown dimmed; Enter shows `reason` instead of opening it
  std::string reason;
};

// The indexes of the rows whose `search` contains every word of `filter` (case-insensitive).
std::vector<std::size_t> filter_rows(const std::vector<PickerRow>& rows, const std::string& filter);

// Shows the picker on the controlling terminal; the chosen row's index, or nothing when the
// person left (Esc, Ctrl-C) or there is no terminal.
std::optional<std::size_t> pick(const std::vector<PickerRow>& rows, const std::string& heading,
                                std::string filter);

} // namespace ccsync::cli
