// The passphrase prompt (see passphrase.hpp).
#include "cli/passphrase.hpp"

#include "config/token.hpp"
#include "platform/fs.hpp"
#include "util/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <string_view>
#include <termios.h>

namespace ccsync::cli {
namespace {

constexpr std::size_t k_shortest = 12;

// The terminal with echo off while it is held; echo comes back when it is dropped.
class QuietTerminal {
public:
  QuietTerminal()
      : m_fd(::open("/dev/tty", O_RDWR | O_CLOEXEC))
  {
    if (!m_fd || tcgetattr(m_fd.get(), &m_saved) != 0) {
      throw Error(ErrorKind::usage, "a passphrase is needed and there is no terminal to ask on",
                  std::string("set ") + config::k_passphrase_variable +
                    ", or give the key as a recovery string (--key-file FILE or CCSYNC_KEY)");
    }
    termios quiet = m_saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(m_fd.get(), TCSAFLUSH, &quiet);
  }
  QuietTerminal(const QuietTerminal&) = delete;
  QuietTerminal& operator=(const QuietTerminal&) = delete;
  QuietTerminal(QuietTerminal&&) = delete;
  QuietTerminal& operator=(QuietTerminal&&) = delete;
  ~QuietTerminal() { tcsetattr(m_fd.get(), TCSAFLUSH, &m_saved); }

  std::string
  ask(const std::string& prompt)
  {
    say(prompt);
    std::string line;
    char c = 0;
    while (::read(m_fd.get(), &c, 1) == 1 && c != '\n') {
      line.push_back(c);
    }
    say("\n");
    return line;
  }

private:
  void
  say(std::string_view text) const
  {
    while (!text.empty()) {
      const ssize_t written = ::write(m_fd.get(), text.data(), text.size());
      if (written <= 0) {
        return; // a prompt that cannot be shown: the answer is still read
      }
      text.remove_prefix(static_cast<std::size_t>(written));
    }
  }

  platform::Fd m_fd;
  termios m_saved{};
};

} // namespace

std::string
ask_passphrase(const platform::Environment& env, const std::string& prompt, Confirm confirm)
{
  std::string passphrase;
  if (const auto given = env.get(config::k_passphrase_variable); given && !given->empty()) {
    passphrase = *given;
  } else {
    QuietTerminal terminal;
    passphrase = terminal.ask(prompt + ": ");
    if (confirm == Confirm::yes && terminal.ask("Again: ") != passphrase) {
      throw Error(ErrorKind::usage, "the two passphrases differ", "run the command again");
    }
  }
  if (confirm == Confirm::yes && passphrase.size() < k_shortest) {
    throw Error(ErrorKind::usage, "the passphrase is shorter than 12 characters",
                "choose a longer one (a few words); nothing was changed");
  }
  return passphrase;
}

} // namespace ccsync::cli
