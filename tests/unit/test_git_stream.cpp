// git/stream: URL classification, and a silent server that makes a fetch fail at the timeout.
#include "git/repository.hpp"
#include "git/stream.hpp"
#include "platform/fs.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>

#include "temp_dir.hpp"

using namespace ccsync;
using test::TempDir;

namespace {

// A socket listening on 127.0.0.1 that never accepts: connects succeed (the kernel completes
// them), and nothing is ever said.
struct SilentListener {
  platform::Fd fd{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  int port = 0;

  SilentListener()
  {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    auto* raw = reinterpret_cast<sockaddr*>(&address); // NOLINT: the sockets API
    REQUIRE(::bind(fd.get(), raw, length) == 0);
    REQUIRE(::listen(fd.get(), 8) == 0);
    REQUIRE(::getsockname(fd.get(), raw, &length) == 0);
    port = ntohs(address.sin_port);
  }
};

} // namespace

TEST_SUITE_BEGIN("git");

TEST_CASE("ssh URLs are told apart from the rest")
{
  CHECK(git::is_ssh_url("ssh://git@host/x.git"));
  CHECK(git::is_ssh_url("git+ssh://host/x.git"));
  CHECK(git::is_ssh_url("git@github.com:alice/x.git"));
  CHECK_FALSE(git::is_ssh_url("https://github.com/alice/x.git"));
  CHECK_FALSE(git::is_ssh_url("git://host/x.git"));
  CHECK_FALSE(git::is_ssh_url("/srv/x.git"));
  CHECK_FALSE(git::is_ssh_url("file:///srv/x.git"));
  CHECK_FALSE(git::is_ssh_url("C:/x.git"));
}

TEST_CASE("a fetch from a silent server fails with a network error at the timeout")
{
  const TempDir dir;
  const SilentListener silent;
  for (const std::string scheme : {"git", "http"}) {
    CAPTURE(scheme);
    const std::string url = scheme + "://127.0.0.1:" + std::to_string(silent.port) + "/x.git";
    git::configure_network(url, {std::chrono::seconds(1), ""});
    auto repo = git::Repository::open_or_create(dir / (scheme + ".git"), url);
    const auto start = std::chrono::steady_clock::now();
    try {
      repo.fetch({"+refs/heads/*:refs/remotes/origin/*"});
      FAIL("the fetch should have failed");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::network);
      CHECK(std::string(e.what()).find("within 1 s") != std::string::npos);
    }
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(took >= std::chrono::milliseconds(900));
    CHECK(took < std::chrono::seconds(4));
  }
  git::configure_network(dir.path().string(), {}); // back to libgit2's own stream
}

TEST_CASE("a missing CA file is a configuration error")
{
  const TempDir dir;
  CHECK_THROWS_AS(git::configure_network("https://localhost/x.git",
                                         {std::chrono::seconds(5), (dir / "nope.pem").string()}),
                  Error);
}

TEST_SUITE_END();
