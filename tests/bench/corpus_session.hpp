// One Claude Code transcript, written turn by turn with the record mix of real sessions
// (claude-code.md §3): user prompts, assistant text/thinking/tool_use lines, tool results with
// `toolUseResult` objects, attachments, system lines, queue-operation, last-prompt and mode
// lines, compaction boundaries; plus its sidecar files (subagent transcripts and their meta,
// persisted tool outputs).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "corpus_rng.hpp"
#include "corpus_text.hpp"

namespace corpus {

struct SessionOptions {
  std::string session_id;
  std::string cwd;
  std::string home;             // for hook command lines
  std::string claude_dir;       // absolute; persisted tool outputs name files under it
  std::string project_dir_name; // the encoded cwd, the transcript's directory name
  std::string version = "2.1.197";
  std::string branch = "main";
  std::string entrypoint = "cli"; // "cli" interactive, "sdk-cli" for -p
  std::string model = "claude-sonnet-4-5-20250929";
  std::int64_t start_ms = 0;      // first timestamp
  std::string parent_uuid;        // the line the next one follows ("" = a new chain)
  bool header = true;             // open with the start-up records (a new session)
  std::size_t subagent_bytes = 0; // budget for Task subagent transcripts (sidecars)
  bool persist_large = false;     // large Bash outputs go to <id>/tool-results/
  std::string agent_id;           // non-empty: this is a subagent's (sidechain) transcript
  std::string first_prompt;       // subagents: the Task prompt
};

// At most `share` of what is `left` of a budget: large contents are cut to fit.
inline std::size_t
cap(double wanted, std::size_t left, double share)
{
  const double limit = static_cast<double>(left) * share;
  return static_cast<std::size_t>(limit < wanted ? (limit > 0 ? limit : 0) : wanted);
}

struct SideFile {
  std::string relative; // under the session's sidecar folder <id>/
  std::string content;
};

class SessionWriter {
public:
  SessionWriter(std::uint64_t seed, Project project, SessionOptions options);

  // Appends whole turns until about `bytes` more were written (never much more: large contents
  // are cut to what is left).
  void generate(std::size_t bytes);

  const std::string&
  text() const
  {
    return m_out;
  }
  std::vector<SideFile>&
  side_files()
  {
    return m_side;
  }
  std::int64_t
  last_ms() const
  {
    return m_now;
  }
  const std::string&
  last_text() const
  {
    return m_last_text;
  }

private:
  using Json = nlohmann::ordered_json;

  void turn(std::size_t budget);
  void header();
  struct ToolCall {
    std::string tool_id;
    std::string message_id;
  };
  void step(std::size_t left);
  std::string use(const ToolCall& call, const char* name, Json input);
  void read_tool(const ToolCall& call, const SourceFile& file, std::size_t left);
  void edit_tool(const ToolCall& call, SourceFile& file);
  void write_tool(const ToolCall& call, std::size_t left);
  void bash_tool(const ToolCall& call, std::size_t left);
  void grep_tool(const ToolCall& call, std::size_t left);
  void glob_tool(const ToolCall& call, const SourceFile& file);
  void todo_tool(const ToolCall& call);
  void task_tool(const ToolCall& call, const SourceFile& file);
  void compact();
  Json head(const char* type);
  void stamp(Json& j, const std::string& uuid);
  void tail(Json& j);
  void emit(const Json& j);
  void tick(std::int64_t lo_ms, std::int64_t hi_ms);
  std::string assistant_line(Json block, const std::string& message_id, const char* stop);
  void tool_result(const std::string& use_uuid, const std::string& tool_id, Json content,
                   Json result, bool is_error = false);
  Json usage();

  Rng m_rng;
  Project m_project;
  SessionOptions m_opt;
  std::string m_out;
  std::vector<SideFile> m_side;
  std::int64_t m_now;
  std::string m_parent;
  std::string m_prompt_id;
  std::string m_prompt;
  std::string m_last_text;
  std::size_t m_turns = 0;
  std::size_t m_since_compact = 0;
  std::size_t m_subagent_left = 0;
};

} // namespace corpus
