// The progress line of a transfer (see progress.hpp).
#include "cli/progress.hpp"

#include "util/text.hpp"

#include <ostream>

namespace ccsync::cli {
namespace {

constexpr auto k_redraw_every = std::chrono::milliseconds(100);

// A transfer that began after the one seen last (objects counted from 0 again, or another way).
bool
starts_anew(const git::TransferProgress& last, const git::TransferProgress& now)
{
  return now.direction != last.direction || now.objects < last.objects ||
         now.total_objects != last.total_objects;
}

} // namespace

git::ProgressObserver
TerminalProgress::observer()
{
  return [this](const git::TransferProgress& progress) { update(progress); };
}

void
TerminalProgress::update(const git::TransferProgress& progress)
{
  const auto now = Clock::now();
  if (starts_anew(m_last, progress) || m_started == Clock::time_point()) {
    m_started = now;
    m_shown = false;
  }
  m_last = progress;
  const bool done = progress.total_objects > 0 && progress.objects >= progress.total_objects;
  if (now - m_started < m_quiet_for && !m_shown) {
    return; // quick transfers say nothing
  }
  if (done || !m_shown || now - m_drawn >= k_redraw_every) {
    draw(progress, done);
  }
}

void
TerminalProgress::draw(const git::TransferProgress& progress, bool done)
{
  const double seconds = std::chrono::duration<double>(Clock::now() - m_started).count();
  const auto rate = static_cast<std::uint64_t>(static_cast<double>(progress.bytes) /
                                               (seconds > 0.001 ? seconds : 0.001));
  m_err << "\r\033[K"
        << (progress.direction == git::TransferProgress::Direction::fetch ? "fetch: " : "upload: ")
        << progress.objects << "/" << progress.total_objects << " objects, "
        << util::human_size(progress.bytes) << ", " << util::human_size(rate) << "/s"
        << (done ? ", done\n" : "") << std::flush;
  m_drawn = Clock::now();
  m_shown = !done;
}

} // namespace ccsync::cli
