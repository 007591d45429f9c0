// SessionWriter's tool calls: one assistant tool_use line and the user line with its result, in
// the shapes Claude Code 2.1.197 writes (claude-code.md §3.2, §3.3).
#include <algorithm>
#include <cstdio>

#include "corpus_session.hpp"

namespace corpus {

void
SessionWriter::step(std::size_t left)
{
  const std::string message_id = "msg_01" + base62(m_rng, 22);
  if (m_rng.chance(0.25) && left > 4000) {
    assistant_line(
      Json{{"type", "thinking"},
           {"thinking", prose(m_rng, m_project, cap(m_rng.lognormal(600, 0.8), left, 0.2))},
           {"signature", base64(m_rng, m_rng.range(300, 1100))}},
      message_id, nullptr);
  }
  if (m_rng.chance(0.55)) {
    assistant_line(
      Json{{"type", "text"},
           {"text", prose(m_rng, m_project, cap(m_rng.lognormal(200, 0.8), left, 0.1))}},
      message_id, nullptr);
  }
  const ToolCall call{"toolu_01" + base62(m_rng, 22), message_id};
  const double pick = m_rng.unit();
  SourceFile& file = m_project.files[m_rng.below(m_project.files.size())];
  if (pick < 0.30) {
    read_tool(call, file, left);
  } else if (pick < 0.40 && file.content.size() * 2 + 2000 < left) {
    edit_tool(call, file);
  } else if (pick < 0.45) {
    write_tool(call, left);
  } else if (pick < 0.72) {
    bash_tool(call, left);
  } else if (pick < 0.82) {
    grep_tool(call, left);
  } else if (pick < 0.88) {
    glob_tool(call, file);
  } else if (pick < 0.94 || !m_opt.agent_id.empty() || m_subagent_left < 2000) {
    todo_tool(call);
  } else {
    task_tool(call, file);
  }
}

std::string
SessionWriter::use(const ToolCall& call, const char* name, Json input)
{
  return assistant_line(
    Json{{"type", "tool_use"}, {"id", call.tool_id}, {"name", name}, {"input", std::move(input)}},
    call.message_id, "tool_use");
}

void
SessionWriter::read_tool(const ToolCall& call, const SourceFile& file, std::size_t left)
{
  const std::string abs = m_opt.cwd + "/" + file.path;
  std::string content = file.content;
  const std::size_t limit = cap(1e9, left, 0.4);
  std::size_t lines = static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n'));
  Json input{{"file_path", abs}};
  if (content.size() > limit) {
    content.resize(
      content.rfind('\n', limit) == std::string::npos ? 0 : content.rfind('\n', limit) + 1);
    const auto shown = static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n'));
    input["offset"] = 1;
    input["limit"] = std::max<std::size_t>(shown, 1);
  }
  const std::string use_uuid = use(call, "Read", input);
  const auto shown = static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n'));
  tool_result(use_uuid, call.tool_id, numbered(content),
              Json{{"type", "text"},
                   {"file",
                    {{"filePath", abs},
                     {"content", content},
                     {"numLines", shown},
                     {"startLine", 1},
                     {"totalLines", lines}}}});
}

void
SessionWriter::edit_tool(const ToolCall& call, SourceFile& file)
{
  const std::string abs = m_opt.cwd + "/" + file.path;
  const std::size_t at = m_rng.below(file.content.size() / 2 + 1);
  const std::size_t from =
    file.content.rfind('\n', at) == std::string::npos ? 0 : file.content.rfind('\n', at) + 1;
  std::size_t to = from;
  for (std::size_t k = 0, n = m_rng.range(1, 8); k < n && to < file.content.size(); ++k) {
    const std::size_t nl = file.content.find('\n', to);
    to = nl == std::string::npos ? file.content.size() : nl + 1;
  }
  const std::string old_string = file.content.substr(from, to - from);
  const std::string new_string =
    old_string + code(m_rng, m_project, file.lang, m_rng.range(40, 400));
  const std::string original = file.content;
  const std::string use_uuid = use(
    call, "Edit", Json{{"file_path", abs}, {"old_string", old_string}, {"new_string", new_string}});
  file.content.replace(from, to - from, new_string);
  const auto line =
    static_cast<std::size_t>(
      std::count(original.begin(), original.begin() + static_cast<std::ptrdiff_t>(from), '\n')) +
    1;
  Json patch_lines = Json::array();
  patch_lines.push_back("-" + old_string);
  patch_lines.push_back("+" + new_string);
  tool_result(use_uuid, call.tool_id,
              "The file " + abs +
                " has been updated. Here's the result of running `cat -n` on a snippet of the "
                "edited file:\n" +
                numbered(new_string, line),
              Json{{"filePath", abs},
                   {"oldString", old_string},
                   {"newString", new_string},
                   {"originalFile", original},
                   {"structuredPatch", Json::array({Json{{"oldStart", line},
                                                         {"oldLines", 1},
                                                         {"newStart", line},
                                                         {"newLines", 2},
                                                         {"lines", patch_lines}}})},
                   {"userModified", false},
                   {"replaceAll", false}});
}

void
SessionWriter::write_tool(const ToolCall& call, std::size_t left)
{
  const Lang lang = m_project.lang;
  SourceFile created{file_name(m_rng, lang, m_project), lang, {}};
  created.content = code(m_rng, m_project, lang, cap(m_rng.lognormal(3000, 0.8), left, 0.35) + 60);
  const std::string path = m_opt.cwd + "/" + created.path;
  const std::string use_uuid =
    use(call, "Write", Json{{"file_path", path}, {"content", created.content}});
  tool_result(use_uuid, call.tool_id, "File created successfully at: " + path,
              Json{{"type", "create"},
                   {"filePath", path},
                   {"content", created.content},
                   {"structuredPatch", Json::array()},
                   {"originalFile", nullptr}});
  m_project.files.push_back(std::move(created));
}

void
SessionWriter::bash_tool(const ToolCall& call, std::size_t left)
{
  const bool sidechain = !m_opt.agent_id.empty();
  std::size_t size = static_cast<std::size_t>(std::min(250000.0, m_rng.lognormal(900, 1.4)));
  const bool persist = m_opt.persist_large && size > 30000 && !sidechain;
  if (!persist) {
    size = cap(static_cast<double>(size), left, 0.4);
  }
  Command command = shell_command(m_rng, m_project, m_opt.cwd, size + 1);
  const std::string use_uuid =
    use(call, "Bash", Json{{"command", command.line}, {"description", command.description}});
  if (persist) {
    const std::string path = m_opt.claude_dir + "/projects/" + m_opt.project_dir_name + "/" +
                             m_opt.session_id + "/tool-results/" + call.tool_id + ".txt";
    const std::string preview = utf8_prefix(command.output, 2000);
    char kb[32];
    std::snprintf(kb, sizeof kb, "%.1fKB", static_cast<double>(command.output.size()) / 1024.0);
    tool_result(use_uuid, call.tool_id,
                "<persisted-output>\nOutput too large (" + std::string(kb) +
                  "). Full output saved to: " + path + "\n\nPreview (first 2KB):\n" + preview +
                  "\n...\n</persisted-output>",
                Json{{"stdout", preview},
                     {"stderr", ""},
                     {"interrupted", false},
                     {"isImage", false},
                     {"noOutputExpected", false},
                     {"persistedOutputPath", path},
                     {"persistedOutputSize", command.output.size()}});
    m_side.push_back({"tool-results/" + call.tool_id + ".txt", std::move(command.output)});
  } else {
    const bool failed = m_rng.chance(0.08);
    tool_result(use_uuid, call.tool_id, command.output + command.stderr_text,
                Json{{"stdout", command.output},
                     {"stderr", command.stderr_text},
                     {"interrupted", false},
                     {"isImage", false},
                     {"noOutputExpected", false}},
                failed);
  }
}

void
SessionWriter::grep_tool(const ToolCall& call, std::size_t left)
{
  const std::string needle = identifier(m_rng, m_project);
  Command c =
    shell_command(m_rng, m_project, m_opt.cwd, cap(m_rng.lognormal(800, 1.0), left, 0.4) + 1);
  const std::string use_uuid =
    use(call, "Grep",
        Json{{"pattern", needle}, {"path", m_opt.cwd}, {"output_mode", "content"}, {"-n", true}});
  const auto lines = static_cast<std::size_t>(std::count(c.output.begin(), c.output.end(), '\n'));
  tool_result(use_uuid, call.tool_id, c.output,
              Json{{"mode", "content"},
                   {"numFiles", 0},
                   {"filenames", Json::array()},
                   {"content", c.output},
                   {"numLines", lines}});
}

void
SessionWriter::glob_tool(const ToolCall& call, const SourceFile& file)
{
  Json names = Json::array();
  std::string listing;
  for (std::size_t k = 0, n = std::min(m_project.files.size(), m_rng.range(3, 40)); k < n; ++k) {
    const std::string path = m_opt.cwd + "/" + m_project.files[k].path;
    names.push_back(path);
    listing += path + "\n";
  }
  const std::string use_uuid =
    use(call, "Glob", Json{{"pattern", "**/*" + file.path.substr(file.path.rfind('.'))}});
  tool_result(use_uuid, call.tool_id, listing,
              Json{{"filenames", names},
                   {"durationMs", m_rng.range(2, 90)},
                   {"numFiles", names.size()},
                   {"truncated", false}});
}

void
SessionWriter::todo_tool(const ToolCall& call)
{
  Json todos = Json::array();
  for (std::size_t k = 0, n = m_rng.range(2, 7); k < n; ++k) {
    const std::string what = sentence(m_rng, m_project);
    todos.push_back(Json{
      {"content", what}, {"status", k == 0 ? "in_progress" : "pending"}, {"activeForm", what}});
  }
  const std::string use_uuid = use(call, "TodoWrite", Json{{"todos", todos}});
  tool_result(use_uuid, call.tool_id,
              "Todos have been modified successfully. Ensure that you continue to use the todo "
              "list to track your "
              "progress. Please proceed with the current tasks if applicable",
              Json{{"oldTodos", Json::array()}, {"newTodos", todos}});
}

// Task: a subagent with its own transcript in <id>/subagents/.
void
SessionWriter::task_tool(const ToolCall& call, const SourceFile& file)
{
  const std::string agent_id = hex(m_rng, 17);
  const std::string description = identifier(m_rng, m_project) + " " + word(m_rng);
  const std::string prompt = "Investigate " + sentence(m_rng, m_project) + " Look in " + m_opt.cwd +
                             "/" + file.path + " and report what you find.";
  const std::string use_uuid = use(
    call, "Task",
    Json{{"description", description}, {"prompt", prompt}, {"subagent_type", "general-purpose"}});
  const std::size_t budget =
    std::min(m_subagent_left, static_cast<std::size_t>(m_rng.lognormal(40000, 0.8)) + 3000);
  m_subagent_left -= budget;
  SessionOptions sub = m_opt;
  sub.agent_id = agent_id;
  sub.first_prompt = prompt;
  sub.header = true;
  sub.parent_uuid.clear();
  sub.subagent_bytes = 0;
  sub.persist_large = false;
  sub.start_ms = m_now + 100;
  SessionWriter agent(m_rng.next(), m_project, sub);
  agent.generate(budget);
  m_now = agent.last_ms() + 500;
  m_side.push_back({"subagents/agent-" + agent_id + ".jsonl", agent.text()});
  m_side.push_back(
    {"subagents/agent-" + agent_id + ".meta.json", Json{{"agentType", "general-purpose"},
                                                        {"description", description},
                                                        {"toolUseId", call.tool_id},
                                                        {"spawnDepth", 1}}
                                                     .dump()});
  Json text = Json::array({Json{{"type", "text"}, {"text", agent.last_text()}}});
  tool_result(use_uuid, call.tool_id, text,
              Json{{"status", "completed"},
                   {"prompt", prompt},
                   {"agentId", agent_id},
                   {"content", text},
                   {"totalDurationMs", m_rng.range(5000, 400000)},
                   {"totalTokens", m_rng.range(5000, 90000)},
                   {"totalToolUseCount", m_rng.range(1, 30)},
                   {"usage", usage()}});
}

} // namespace corpus
