// spdlog set-up. spdlog cannot rotate one file from several processes: ccsync's own sink appends
// with O_APPEND (a line lands whole whoever else writes) and follows a rotation that the process
// holding the repository lock made (rotate_log).
#include "util/log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

namespace ccsync::util {
namespace {

// Appends each line to `path`; every few seconds it checks that `path` still names the file it
// writes, and opens `path` again when it does not (the log was rotated aside).
class FollowingFileSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
  explicit FollowingFileSink(std::filesystem::path path)
      : m_path(std::move(path))
  {
    open();
  }
  FollowingFileSink(const FollowingFileSink&) = delete;
  FollowingFileSink& operator=(const FollowingFileSink&) = delete;
  FollowingFileSink(FollowingFileSink&&) = delete;
  FollowingFileSink& operator=(FollowingFileSink&&) = delete;
  ~FollowingFileSink() override
  {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }

protected:
  void
  sink_it_(const spdlog::details::log_msg& message) override
  {
    spdlog::memory_buf_t line;
    formatter_->format(message, line);
    follow_rotation();
    if (m_fd >= 0) {
      const ssize_t written = ::write(m_fd, line.data(), line.size());
      static_cast<void>(written); // logging is diagnostics: a full disk does not stop ccsync
    }
  }
  void
  flush_() override
  {}

private:
  void
  open()
  {
    // Created private: log lines name paths and sessions.
    m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    m_checked = std::chrono::steady_clock::now();
  }

  void
  follow_rotation()
  {
    const auto now = std::chrono::steady_clock::now();
    if (now - m_checked < std::chrono::seconds(5)) {
      return;
    }
    m_checked = now;
    struct stat open_file {};
    struct stat named {};
    const bool same = m_fd >= 0 && ::fstat(m_fd, &open_file) == 0 &&
                      ::stat(m_path.c_str(), &named) == 0 && open_file.st_ino == named.st_ino &&
                      open_file.st_dev == named.st_dev;
    if (!same) {
      if (m_fd >= 0) {
        ::close(m_fd);
      }
      open();
    }
  }

  std::filesystem::path m_path;
  int m_fd = -1;
  std::chrono::steady_clock::time_point m_checked;
};

} // namespace

void
init_logging(const std::filesystem::path& file, bool verbose)
{
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<FollowingFileSink>(file)); // writes nothing if it cannot open
  if (verbose) {
    sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
  }
  auto logger = std::make_shared<spdlog::logger>("ccsync", sinks.begin(), sinks.end());
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z [%P] %l: %v");
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
}

void
silence_logging()
{
  spdlog::set_default_logger(
    std::make_shared<spdlog::logger>("ccsync", std::make_shared<spdlog::sinks::null_sink_mt>()));
}

void
rotate_log(const std::filesystem::path& file, std::uintmax_t most_bytes)
{
  std::error_code error;
  if (std::filesystem::file_size(file, error) > most_bytes && !error) {
    std::filesystem::path aside = file;
    aside += ".1";
    std::filesystem::rename(file, aside, error); // replaces the older one: two files at most
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd); // the new log, private from the start; writers move to it within seconds
    }
  }
}

} // namespace ccsync::util
