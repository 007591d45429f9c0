// line_diff (hook/settings.hpp): the unified-style diff install-hooks --dry-run prints. A longest
// common subsequence on lines, after trimming the common head and tail: plenty for settings-sized
// files (a middle too large for the table is shown as removed, then added).
#include "hook/settings.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace ccsync::hook {
namespace {

constexpr std::size_t k_context = 3;
constexpr std::size_t k_max_table = std::size_t{1} << 22; // cells of the LCS table

// The lines of `text`, each with its '\n' (the last one may lack it).
std::vector<std::string_view>
split_lines(std::string_view text)
{
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size() - 1) + 1;
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end);
  }
  return lines;
}

struct Op {
  char kind;                // ' ', '-', '+'
  std::string_view line;    // with its '\n', if any
  std::size_t old_line = 0; // lines of the old text before this one
  std::size_t new_line = 0; // lines of the new text before this one
};

class Script {
public:
  void
  add(char kind, std::string_view line)
  {
    m_ops.push_back({kind, line, m_old, m_new});
    m_old += kind != '+' ? 1 : 0;
    m_new += kind != '-' ? 1 : 0;
  }
  const std::vector<Op>&
  ops() const
  {
    return m_ops;
  }

private:
  std::vector<Op> m_ops;
  std::size_t m_old = 0;
  std::size_t m_new = 0;
};

using Lines = std::vector<std::string_view>;

// The edit script turning a[from..a_end) into b[from..b_end) through their longest common
// subsequence (deletions before insertions).
void
diff_middle(const Lines& a, const Lines& b, std::size_t from, std::size_t a_end, std::size_t b_end,
            Script& script)
{
  const std::size_t n = a_end - from;
  const std::size_t m = b_end - from;
  if ((n + 1) * (m + 1) > k_max_table) {
    for (std::size_t i = 0; i < n; ++i) {
      script.add('-', a[from + i]);
    }
    for (std::size_t j = 0; j < m; ++j) {
      script.add('+', b[from + j]);
    }
    return;
  }
  std::vector<std::uint32_t> table((n + 1) * (m + 1), 0);
  const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
    return table[i * (m + 1) + j];
  };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) =
        a[from + i] == b[from + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[from + i] == b[from + j]) {
      script.add(' ', a[from + i++]);
      ++j;
    } else if (j == m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
      script.add('-', a[from + i++]);
    } else {
      script.add('+', b[from + j++]);
    }
  }
}

Script
edit_script(const Lines& a, const Lines& b)
{
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) {
    ++head;
  }
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  Script script;
  for (std::size_t i = 0; i < head; ++i) {
    script.add(' ', a[i]);
  }
  diff_middle(a, b, head, a.size() - tail, b.size() - tail, script);
  for (std::size_t i = a.size() - tail; i < a.size(); ++i) {
    script.add(' ', a[i]);
  }
  return script;
}

std::string
range(std::size_t before, std::size_t count)
{
  return std::to_string(count == 0 ? before : before + 1) + "," + std::to_string(count);
}

// One hunk: ops[first..last] (context included).
std::string
hunk(const std::vector<Op>& ops, std::size_t first, std::size_t last)
{
  std::size_t old_count = 0;
  std::size_t new_count = 0;
  std::string body;
  for (std::size_t k = first; k <= last; ++k) {
    const Op& op = ops[k];
    old_count += op.kind != '+' ? 1 : 0;
    new_count += op.kind != '-' ? 1 : 0;
    body += op.kind;
    if (op.line.ends_with('\n')) {
      body += op.line;
    } else {
      body += std::string(op.line) + "\n\\ No newline at end of file\n";
    }
  }
  return "@@ -" + range(ops[first].old_line, old_count) + " +" +
         range(ops[first].new_line, new_count) + " @@\n" + body;
}

} // namespace

std::string
line_diff(std::string_view old_text, std::string_view new_text)
{
  const Lines a = split_lines(old_text);
  const Lines b = split_lines(new_text);
  const Script script = edit_script(a, b);
  const std::vector<Op>& ops = script.ops();
  std::vector<std::size_t> changes;
  for (std::size_t k = 0; k < ops.size(); ++k) {
    if (ops[k].kind != ' ') {
      changes.push_back(k);
    }
  }
  std::string diff;
  for (std::size_t c = 0; c < changes.size();) {
    std::size_t end = c;
    while (end + 1 < changes.size() && changes[end + 1] - changes[end] <= 2 * k_context + 1) {
      ++end;
    }
    const std::size_t first = changes[c] - std::min(changes[c], k_context);
    const std::size_t last = std::min(changes[end] + k_context, ops.size() - 1);
    diff += hunk(ops, first, last);
    c = end + 1;
  }
  return diff;
}

} // namespace ccsync::hook
