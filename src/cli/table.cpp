// Terminal tables (table.hpp).
#include "cli/table.hpp"

#include "platform/host.hpp"

#include <algorithm>
#include <numeric>

namespace ccsync::cli {
namespace {

constexpr std::size_t k_gap = 2;

std::size_t
total_width(const std::vector<std::size_t>& widths)
{
  const std::size_t gaps = widths.empty() ? 0 : k_gap * (widths.size() - 1);
  return std::accumulate(widths.begin(), widths.end(), gaps);
}

std::size_t
floor_of(const Column& column)
{
  return column.shrink == Shrink::never ? 0 : std::max(column.min_width, column.header.size());
}

// The shrinking column with the most room above its floor, if any has room.
std::optional<std::size_t>
widest_shrinkable(const std::vector<Column>& columns, const std::vector<std::size_t>& widths)
{
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const bool room = columns[i].shrink != Shrink::never && widths[i] > floor_of(columns[i]);
    if (room && (!best || widths[i] > widths[*best])) {
      best = i;
    }
  }
  return best;
}

// The first `bytes` bytes of `text`, less a UTF-8 character that would be cut in two.
std::string
head_of(const std::string& text, std::size_t bytes)
{
  while (bytes > 0 && bytes < text.size() &&
         (static_cast<unsigned char>(text[bytes]) & 0xC0U) == 0x80U) {
    --bytes; // text[bytes] continues a character: end before that character starts
  }
  return text.substr(0, bytes);
}

} // namespace

void
Table::add_row(std::vector<std::string> cells)
{
  cells.resize(m_columns.size());
  m_rows.push_back(std::move(cells));
}

std::vector<std::size_t>
Table::widths(std::optional<std::size_t> width) const
{
  std::vector<std::size_t> widths;
  for (std::size_t i = 0; i < m_columns.size(); ++i) {
    std::size_t natural = m_columns[i].header.size();
    for (const auto& row : m_rows) {
      natural = std::max(natural, row[i].size());
    }
    widths.push_back(natural);
  }
  while (width && total_width(widths) > *width) {
    const auto column = widest_shrinkable(m_columns, widths);
    if (!column) {
      break; // every column at its floor: the line is as short as it can be
    }
    --widths[*column];
  }
  return widths;
}

void
Table::print(std::ostream& out, std::optional<std::size_t> width) const
{
  const std::vector<std::size_t> sizes = widths(width);
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string cell = fit_cell(cells[i], sizes[i], m_columns[i].shrink);
      text += cell;
      if (i + 1 < cells.size()) {
        text += std::string(sizes[i] - std::min(sizes[i], cell.size()) + k_gap, ' ');
      }
    }
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << "\n";
  };
  std::vector<std::string> headers;
  for (const auto& column : m_columns) {
    headers.push_back(column.header);
  }
  line(headers);
  for (const auto& row : m_rows) {
    line(row);
  }
}

std::optional<std::size_t>
terminal_columns()
{
  const auto width = platform::terminal_width();
  return width ? std::optional<std::size_t>(*width) : std::nullopt;
}

std::string
fit_cell(const std::string& text, std::size_t width, Shrink shrink)
{
  if (text.size() <= width || shrink == Shrink::never) {
    return text;
  }
  if (shrink == Shrink::prefix || width < 3) {
    return head_of(text, width);
  }
  return head_of(text, width - 3) + "...";
}

} // namespace ccsync::cli
