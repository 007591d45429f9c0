// Tables for the terminal (list, lock show): each column as wide as its widest cell, two spaces
// between columns, and on a terminal narrower than that the flexible columns give way: cut with
// "..." (or to a prefix, for ids, which every command accepts as a unique prefix) down to their
// minimum. Nothing wraps, and a long machine id widens its column instead of running into the
// next. On a pipe (no width) nothing is cut.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ccsync::cli {

enum class Shrink {
  never,    // always whole (a size, a time)
  ellipsis, // cut to the width, ending in "..."
  prefix,   // cut to the width (an id: a prefix of it still names it)
};

struct Column {
  std::string header;
  Shrink shrink = Shrink::never;
  std::size_t min_width = 0; // a shrinking column keeps at least this (and its header's width)
};

class Table {
public:
  explicit Table(std::vector<Column> columns)
      : m_columns(std::move(columns))
  {}

  // One row: a cell per column (missing cells are empty).
  void add_row(std::vector<std::string> cells);

  // Prints the header and the rows, fitted into `width` columns when given.
  void print(std::ostream& out, std::optional<std::size_t> width) const;

  // The widths print uses: natural, then the shrinking columns narrowed, widest first, until the
  // table fits `width` or each is at its minimum.
  std::vector<std::size_t> widths(std::optional<std::size_t> width) const;

private:
  std::vector<Column> m_columns;
  std::vector<std::vector<std::string>> m_rows;
};

// The width of the terminal standard output is, or none when it is not a terminal.
std::optional<std::size_t> terminal_columns();

// `text` cut to `width` characters as `shrink` says (whole when it fits).
std::string fit_cell(const std::string& text, std::size_t width, Shrink shrink);

} // namespace ccsync::cli
