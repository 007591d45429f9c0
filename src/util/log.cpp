// spdlog set-up. A plain append sink: spdlog cannot rotate one file from several processes.
#include "util/log.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <vector>

namespace ccsync::util {

void
init_logging(const std::filesystem::path& file, bool verbose)
{
  std::vector<spdlog::sink_ptr> sinks;
  // Created private first: log lines name paths and sessions (spdlog would use the umask).
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  }
  try {
    sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file.string()));
  } catch (const spdlog::spdlog_ex&) {
    // Logging is diagnostics; a read-only home must not stop the command.
  }
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

} // namespace ccsync::util
