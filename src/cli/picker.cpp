// The picker's screen (ncurses) and its pure filter.
#include "cli/picker.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <curses.h>
#include <sstream>
#include <termios.h>

namespace ccsync::cli {
namespace {

constexpr int k_escape = 27;
constexpr int k_ctrl_c = 3;

std::string
lower(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The terminal in full-screen mode for as long as it lives.
class Screen {
public:
  Screen()
      // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): newterm takes a FILE*; ~Screen closes it
      : m_tty(std::fopen("/dev/tty", "r+"))
  {
    if (m_tty == nullptr) {
      return;
    }
    // Keys typed while resume fetched are meant for no picker yet: dropped, so that an Enter
    // typed ahead never opens a session the person has not seen.
    static_cast<void>(::tcflush(::fileno(m_tty), TCIFLUSH)); // best effort: nothing to undo
    m_screen = newterm(nullptr, m_tty, m_tty);
    if (m_screen == nullptr) {
      return;
    }
    set_term(m_screen);
    raw(); // Ctrl-C arrives as a key: leaving is the picker's to do, cleanly
    noecho();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
  }
  Screen(const Screen&) = delete;
  Screen& operator=(const Screen&) = delete;
  Screen(Screen&&) = delete;
  Screen& operator=(Screen&&) = delete;
  ~Screen()
  {
    if (m_screen != nullptr) {
      endwin();
      delscreen(m_screen);
    }
    if (m_tty != nullptr) {
      // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): the FILE* the constructor opened
      static_cast<void>(std::fclose(m_tty)); // nothing to do if closing the tty fails
    }
  }
  bool
  ok() const
  {
    return m_screen != nullptr;
  }

private:
  std::FILE* m_tty = nullptr;
  SCREEN* m_screen = nullptr;
};

struct State {
  std::string filter;
  std::vector<std::size_t> visible;
  std::size_t selected = 0;
  std::size_t top = 0;
  std::string message;
};

void
put_line(int y, const std::string& text, attr_t attributes)
{
  attron(attributes);
  mvaddnstr(y, 0, text.c_str(), COLS);
  attroff(attributes);
}

void
draw(const std::vector<PickerRow>& rows, const std::string& heading, State& state)
{
  erase();
  const int list_height = std::max(1, LINES - 3);
  const auto height = static_cast<std::size_t>(list_height);
  if (state.selected < state.top) {
    state.top = state.selected;
  } else if (state.selected >= state.top + height) {
    state.top = state.selected - height + 1;
  }
  put_line(0, heading, A_BOLD);
  put_line(1, "filter: " + state.filter, A_NORMAL);
  for (std::size_t i = state.top; i < state.visible.size() && i < state.top + height; ++i) {
    const PickerRow& row = rows[state.visible[i]];
    attr_t attributes = row.enabled ? A_NORMAL : A_DIM;
    if (i == state.selected) {
      attributes |= A_REVERSE;
    }
    put_line(2 + static_cast<int>(i - state.top), row.text, attributes);
  }
  if (state.visible.empty()) {
    put_line(2, "(no session matches)", A_DIM);
  }
  put_line(LINES - 1,
           state.message.empty() ? "Up/Down move, type to filter, Enter opens, Esc leaves"
                                 : state.message,
           A_DIM);
  refresh();
}

void
refilter(const std::vector<PickerRow>& rows, State& state)
{
  state.visible = filter_rows(rows, state.filter);
  state.selected = 0;
  state.top = 0;
}

// Applies one key; true when the picker is finished (`chosen` says with what).
bool
on_key(int key, const std::vector<PickerRow>& rows, State& state,
       std::optional<std::size_t>& chosen)
{
  state.message.clear();
  const std::size_t page = static_cast<std::size_t>(std::max(1, LINES - 3));
  const std::size_t last = state.visible.empty() ? 0 : state.visible.size() - 1;
  switch (key) {
  case k_escape:
  case k_ctrl_c: return true;
  case KEY_UP: state.selected = state.selected == 0 ? 0 : state.selected - 1; return false;
  case KEY_DOWN: state.selected = std::min(last, state.selected + 1); return false;
  case KEY_PPAGE: state.selected = state.selected > page ? state.selected - page : 0; return false;
  case KEY_NPAGE: state.selected = std::min(last, state.selected + page); return false;
  case KEY_BACKSPACE:
  case 127:
  case 8:
    if (!state.filter.empty()) {
      state.filter.pop_back();
      refilter(rows, state);
    }
    return false;
  case '\n':
  case '\r':
  case KEY_ENTER:
    if (state.visible.empty()) {
      return false;
    }
    if (const PickerRow& row = rows[state.visible[state.selected]]; !row.enabled) {
      state.message = "cannot be opened here: " + row.reason;
      return false;
    }
    chosen = state.visible[state.selected];
    return true;
  default:
    if (key >= 32 && key < 127) {
      state.filter += static_cast<char>(key);
      refilter(rows, state);
    }
    return false;
  }
}

} // namespace

std::vector<std::size_t>
filter_rows(const std::vector<PickerRow>& rows, const std::string& filter)
{
  std::vector<std::string> words;
  std::istringstream in(lower(filter));
  for (std::string word; in >> word;) {
    words.push_back(word);
  }
  std::vector<std::size_t> visible;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string haystack = lower(rows[i].search);
    if (std::all_of(words.begin(), words.end(), [&](const std::string& word) {
          return haystack.find(word) != std::string::npos;
        })) {
      visible.push_back(i);
    }
  }
  return visible;
}

std::optional<std::size_t>
pick(const std::vector<PickerRow>& rows, const std::string& heading, std::string filter)
{
  const Screen screen;
  if (!screen.ok()) {
    return std::nullopt;
  }
  State state;
  state.filter = std::move(filter);
  refilter(rows, state);
  std::optional<std::size_t> chosen;
  for (;;) {
    draw(rows, heading, state);
    if (on_key(getch(), rows, state, chosen)) {
      return chosen;
    }
  }
}

} // namespace ccsync::cli
