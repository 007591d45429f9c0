// A loopback fake of the Anthropic Messages API for driving the real Claude Code CLI in tests
// (claude-code.md, Appendix). It binds 127.0.0.1 on a port the OS chooses, prints the port on
// stdout (and writes it to --port-file), answers POST /v1/messages (streamed or not) with a fixed
// text reply, POST /v1/messages/count_tokens with a token count, and everything else with 404.
// Each request body to /v1/messages is appended as one line to --requests, so a test can check
// what a resumed session sent. A prompt containing "CCSYNC_FAKE_DELAY_MS=<n>" delays the answer.
// It runs until SIGTERM or SIGINT.
//
// Usage: fake_anthropic [--port-file FILE] [--requests FILE] [--reply TEXT]
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <pthread.h>
#include <string>
#include <thread>

namespace {

struct Options {
  std::string port_file;
  std::string requests_file;
  std::string reply = "Hello from the fake model.";
};

std::mutex g_requests_mutex;
std::atomic<int> g_message_count{0};

bool
parse_options(int argc, char** argv, Options& options)
{
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc)
      return false;
    if (arg == "--port-file")
      options.port_file = argv[++i];
    else if (arg == "--requests")
      options.requests_file = argv[++i];
    else if (arg == "--reply")
      options.reply = argv[++i];
    else
      return false;
  }
  return true;
}

// Appends `body` (re-serialised on one line when it is JSON) to the requests file.
void
record(const Options& options, const std::string& body)
{
  if (options.requests_file.empty())
    return;
  const auto json = nlohmann::json::parse(body, nullptr, false);
  const std::string line = json.is_discarded() ? body : json.dump();
  const std::lock_guard<std::mutex> lock(g_requests_mutex);
  std::ofstream out(options.requests_file, std::ios::app | std::ios::binary);
  out << line << '\n';
}

// Sleeps if the request asks for it with CCSYNC_FAKE_DELAY_MS=<n>.
void
maybe_delay(const std::string& body)
{
  const std::string marker = "CCSYNC_FAKE_DELAY_MS=";
  const auto pos = body.find(marker);
  if (pos == std::string::npos)
    return;
  const long ms = std::strtol(body.c_str() + pos + marker.size(), nullptr, 10);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

nlohmann::json
message_json(const std::string& model, const std::string& text, int n)
{
  return {{"id", "msg_fake_" + std::to_string(n)},
          {"type", "message"},
          {"role", "assistant"},
          {"model", model},
          {"content", nlohmann::json::array({{{"type", "text"}, {"text", text}}})},
          {"stop_reason", "end_turn"},
          {"stop_sequence", nullptr},
          {"usage", {{"input_tokens", 10}, {"output_tokens", 5}}}};
}

std::string
event(const std::string& name, const nlohmann::json& data)
{
  return "event: " + name + "\ndata: " + data.dump() + "\n\n";
}

std::string
stream_body(const std::string& model, const std::string& text, int n)
{
  nlohmann::json start = message_json(model, "", n);
  start["content"] = nlohmann::json::array();
  start["stop_reason"] = nullptr;
  std::string out = event("message_start", {{"type", "message_start"}, {"message", start}});
  out += event("content_block_start", {{"type", "content_block_start"},
                                       {"index", 0},
                                       {"content_block", {{"type", "text"}, {"text", ""}}}});
  out += event("content_block_delta", {{"type", "content_block_delta"},
                                       {"index", 0},
                                       {"delta", {{"type", "text_delta"}, {"text", text}}}});
  out += event("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}});
  out +=
    event("message_delta", {{"type", "message_delta"},
                            {"delta", {{"stop_reason", "end_turn"}, {"stop_sequence", nullptr}}},
                            {"usage", {{"output_tokens", 5}}}});
  out += event("message_stop", {{"type", "message_stop"}});
  return out;
}

void
handle_messages(const Options& options, const httplib::Request& req, httplib::Response& res)
{
  record(options, req.body);
  maybe_delay(req.body);
  const auto json = nlohmann::json::parse(req.body, nullptr, false);
  const std::string model = json.is_object() && json.contains("model") && json["model"].is_string()
                              ? json["model"].get<std::string>()
                              : "claude-fake";
  const bool stream = json.is_object() && json.value("stream", false);
  const int n = ++g_message_count;
  if (stream) {
    res.set_content(stream_body(model, options.reply, n), "text/event-stream");
  } else {
    res.set_content(message_json(model, options.reply, n).dump(), "application/json");
  }
}

void
write_port(const Options& options, int port)
{
  std::printf("%d\n", port);
  std::fflush(stdout);
  if (options.port_file.empty())
    return;
  const std::string tmp = options.port_file + ".tmp";
  std::ofstream(tmp) << port << '\n';
  std::rename(tmp.c_str(), options.port_file.c_str()); // readers never see a partial file
}

} // namespace

int
main(int argc, char** argv)
{
  Options options;
  if (!parse_options(argc, argv, options)) {
    std::fprintf(stderr,
                 "usage: fake_anthropic [--port-file FILE] [--requests FILE] [--reply TEXT]\n");
    return 2;
  }
  // Block the stop signals in every thread; one thread waits for them and stops the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  server.Post("/v1/messages", [&](const httplib::Request& req, httplib::Response& res) {
    handle_messages(options, req, res);
  });
  server.Post("/v1/messages/count_tokens", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"input_tokens":10})", "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::fprintf(stderr, "fake_anthropic: cannot bind 127.0.0.1\n");
    return 1;
  }
  std::thread stopper([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    server.stop();
  });
  write_port(options, port);
  stopper.detach(); // still waiting if listen ends by itself; exit ends it
  return server.listen_after_bind() ? 0 : 1;
}
