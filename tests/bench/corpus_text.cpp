// Vocabulary and generators of prose, code and shell output for gen_corpus (see corpus_text.hpp).
#include "corpus_text.hpp"

#include <algorithm>
#include <cstdio>

namespace corpus {
namespace {

const char* const k_words[] = {
  "the",        "a",          "to",        "of",        "and",        "in",        "is",
  "it",         "that",       "for",       "on",        "with",       "this",      "as",
  "be",         "when",       "we",        "so",        "not",        "but",       "from",
  "by",         "at",         "or",        "if",        "then",       "now",       "all",
  "one",        "each",       "only",      "also",      "still",      "before",    "after",
  "because",    "instead",    "already",   "function",  "file",       "test",      "tests",
  "build",      "error",      "value",     "return",    "call",       "calls",     "change",
  "changes",    "fix",        "check",     "update",    "read",       "write",     "parse",
  "load",       "save",       "config",    "option",    "path",       "directory", "module",
  "class",      "method",     "field",     "type",      "string",     "list",      "map",
  "index",      "cache",      "buffer",    "stream",    "request",    "response",  "server",
  "client",     "session",    "token",     "user",      "handler",    "query",     "table",
  "column",     "schema",     "migration", "commit",    "branch",     "merge",     "release",
  "version",    "dependency", "package",   "script",    "command",    "output",    "input",
  "log",        "warning",    "failure",   "result",    "case",       "edge",      "empty",
  "null",       "missing",    "duplicate", "invalid",   "correct",    "simple",    "small",
  "large",      "fast",       "slow",      "new",       "old",        "first",     "last",
  "next",       "previous",   "should",    "would",     "could",      "can",       "will",
  "must",       "need",       "needs",     "want",      "looks",      "seems",     "works",
  "fails",      "passes",     "runs",      "uses",      "returns",    "keeps",     "makes",
  "adds",       "removes",    "handles",   "expects",   "loop",       "thread",    "lock",
  "queue",      "timeout",    "retry",     "network",   "socket",     "port",      "address",
  "header",     "body",       "payload",   "json",      "yaml",       "endpoint",  "route",
  "middleware", "component",  "state",     "props",     "render",     "hook",      "event",
  "listener",   "callback",   "promise",   "async",     "await",      "pointer",   "reference",
  "memory",     "allocation", "size",      "length",    "offset",     "line",      "lines",
  "byte",       "bytes",      "character", "encoding",  "format",     "parser",    "lexer",
  "token",      "node",       "tree",      "graph",     "edge",       "vertex",    "sort",
  "search",     "filter",     "reduce",    "iterator",  "range",      "slice",     "copy",
  "move",       "clone",      "hash",      "key",       "entry",      "record",    "batch",
  "job",        "worker",     "pool",      "task",      "scheduler",  "interval",  "deadline",
  "metric",     "counter",    "histogram", "dashboard", "alert",      "deploy",    "container",
  "image",      "volume",     "cluster",   "service",   "here",       "there",     "again",
  "other",      "same",       "different", "both",      "either",     "every",     "some",
  "any",        "most",       "more",      "less",      "very",       "quite",     "rather",
  "just",       "probably",   "actually",  "currently", "explicitly", "correctly", "safely",
  "quickly",    "properly"};

const char* const k_parts[] = {
  "user",     "session", "config",   "parse",   "load",     "save",    "read",    "write",
  "build",    "render",  "handle",   "request", "response", "client",  "server",  "cache",
  "index",    "buffer",  "stream",   "token",   "query",    "result",  "error",   "value",
  "item",     "items",   "entry",    "record",  "batch",    "worker",  "task",    "queue",
  "event",    "state",   "store",    "path",    "file",     "dir",     "name",    "id",
  "count",    "size",    "offset",   "limit",   "total",    "chunk",   "line",    "lines",
  "text",     "data",    "meta",     "schema",  "field",    "column",  "row",     "table",
  "node",     "tree",    "graph",    "edge",    "key",      "hash",    "map",     "list",
  "set",      "options", "settings", "context", "manager",  "factory", "builder", "parser",
  "lexer",    "format",  "encode",   "decode",  "fetch",    "push",    "pull",    "sync",
  "merge",    "apply",   "update",   "remove",  "insert",   "find",    "lookup",  "resolve",
  "validate", "check",   "retry",    "timeout", "deadline", "lock",    "guard",   "pool",
  "thread"};

const char* const k_dirs_cpp[] = {"src",   "src/core", "src/net",  "include/app",
                                  "tests", "tools",    "src/util", "bench"};
const char* const k_dirs_py[] = {"app",   "app/api", "app/models", "app/services",
                                 "tests", "scripts", "app/utils",  "migrations"};
const char* const k_dirs_ts[] = {"src",     "src/components", "src/hooks", "src/api",
                                 "src/lib", "tests",          "scripts",   "src/pages"};

const char* const k_cpp_types[] = {"int",
                                   "bool",
                                   "std::size_t",
                                   "std::string",
                                   "std::vector<std::string>",
                                   "auto",
                                   "double",
                                   "std::optional<std::string>",
                                   "void",
                                   "Status"};

const char* const k_prose_openers[] = {"I'll start by reading",
                                       "Let me look at",
                                       "Now I need to check",
                                       "Looking at",
                                       "The problem is in",
                                       "I found the issue in",
                                       "Next, update",
                                       "This confirms that",
                                       "Let me run the tests for",
                                       "I've updated",
                                       "The failing case comes from",
                                       "To fix this, change",
                                       "Good, the build passes with",
                                       "Let me search for usages of"};

const char* const k_unicode[] = {" — ", " → ", " ✓ ", "café", "naïve", "“quoted”", " … "};

std::string
join_ident(const std::string& a, const std::string& b, int style)
{
  if (style == 0) { // snake
    return a + "_" + b;
  }
  std::string out = a;
  std::string tail = b;
  tail[0] = static_cast<char>(tail[0] - 'a' + 'A');
  out += tail;
  if (style == 2) { // Pascal
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  }
  return out;
}

const char*
extension(Lang lang)
{
  switch (lang) {
  case Lang::cpp: return ".cpp";
  case Lang::python: return ".py";
  case Lang::typescript: return ".ts";
  case Lang::shell: return ".sh";
  case Lang::markdown: return ".md";
  case Lang::json: return ".json";
  case Lang::yaml: return ".yaml";
  case Lang::cmake: return ".cmake";
  }
  return ".txt";
}

std::string
cpp_function(Rng& rng, const Project& p)
{
  const std::string name = identifier(rng, p);
  const std::string a = identifier(rng, p);
  const std::string b = identifier(rng, p);
  std::string out = "// " + sentence(rng, p) + "\n";
  out += std::string(rng.pick(k_cpp_types)) + "\n" + name + "(const std::string& " + a +
         ", std::size_t " + b + ")\n{\n";
  for (std::size_t i = 0, n = rng.range(2, 9); i < n; ++i) {
    const std::string x = identifier(rng, p);
    const std::string y = identifier(rng, p);
    switch (rng.below(8)) {
    case 0: out += "  auto " + x + " = " + a + "." + y + "(" + b + ");\n"; break;
    case 1: out += "  if (" + x + ".empty()) {\n    return {};\n  }\n"; break;
    case 2:
      out +=
        "  for (const auto& " + x + " : " + y + ") {\n    " + b + " += " + x + ".size();\n  }\n";
      break;
    case 3:
      out += "  throw std::runtime_error(\"" + word(rng) + " " + word(rng) + ": \" + " + a + ");\n";
      break;
    case 4:
      out +=
        "  const std::size_t " + x + " = " + b + " * " + std::to_string(rng.range(2, 64)) + ";\n";
      break;
    case 5: out += "  spdlog::debug(\"" + word(rng) + " {} {}\", " + x + ", " + b + ");\n"; break;
    case 6:
      out +=
        "  std::lock_guard<std::mutex> guard(m_" + x + ");\n  m_" + y + ".push_back(" + a + ");\n";
      break;
    default: out += "  " + x + " = " + y + "(" + a + ", " + b + ");\n"; break;
    }
  }
  out += "  return " + identifier(rng, p) + ";\n}\n\n";
  return out;
}

std::string
python_function(Rng& rng, const Project& p)
{
  std::string a = identifier(rng, p);
  std::string out = "def " + identifier(rng, p) + "(self, " + a + ", " + identifier(rng, p) +
                    "=None):\n    \"\"\"" + sentence(rng, p) + "\"\"\"\n";
  for (std::size_t i = 0, n = rng.range(2, 9); i < n; ++i) {
    const std::string x = identifier(rng, p);
    const std::string y = identifier(rng, p);
    switch (rng.below(7)) {
    case 0: out += "    " + x + " = self." + y + "(" + a + ")\n"; break;
    case 1: out += "    if not " + x + ":\n        return None\n"; break;
    case 2: out += "    for " + x + " in " + y + ":\n        " + a + ".append(" + x + ")\n"; break;
    case 3:
      out += "    raise ValueError(f\"" + word(rng) + " " + word(rng) + ": {" + a + "}\")\n";
      break;
    case 4: out += "    logger.info(\"" + word(rng) + " %s\", " + x + ")\n"; break;
    case 5:
      out += "    " + x + " = {\"" + word(rng) + "\": " + y + ", \"" + word(rng) +
             "\": " + std::to_string(rng.below(100)) + "}\n";
      break;
    default: out += "    " + x + " = await " + y + "(" + a + ")\n"; break;
    }
  }
  out += "    return " + identifier(rng, p) + "\n\n";
  return out;
}

std::string
ts_function(Rng& rng, const Project& p)
{
  const std::string a = identifier(rng, p);
  std::string out = "/** " + sentence(rng, p) + " */\nexport async function " + identifier(rng, p) +
                    "(" + a + ": string, " + identifier(rng, p) + "?: number): Promise<" +
                    join_ident(rng.pick(k_parts), "result", 2) + "> {\n";
  for (std::size_t i = 0, n = rng.range(2, 9); i < n; ++i) {
    const std::string x = identifier(rng, p);
    const std::string y = identifier(rng, p);
    switch (rng.below(6)) {
    case 0: out += "  const " + x + " = await " + y + "(" + a + ");\n"; break;
    case 1: out += "  if (!" + x + ") {\n    return null;\n  }\n"; break;
    case 2:
      out += "  for (const " + x + " of " + y + ") {\n    " + a + ".push(" + x + ");\n  }\n";
      break;
    case 3:
      out += "  throw new Error(`" + word(rng) + " " + word(rng) + ": ${" + a + "}`);\n";
      break;
    case 4: out += "  console.log('" + word(rng) + "', " + x + ");\n"; break;
    default:
      out += "  const " + x + " = { " + y + ", " + a +
             ", count: " + std::to_string(rng.below(100)) + " };\n";
      break;
    }
  }
  out += "  return " + identifier(rng, p) + ";\n}\n\n";
  return out;
}

std::string
structured(Rng& rng, const Project& p, Lang lang, std::size_t bytes)
{
  std::string out;
  if (lang == Lang::json) {
    out = "{\n";
    while (out.size() < bytes) {
      out += "  \"" + identifier(rng, p) + "\": ";
      switch (rng.below(4)) {
      case 0: out += std::to_string(rng.below(10000)); break;
      case 1: out += "\"" + word(rng) + "-" + word(rng) + "\""; break;
      case 2: out += rng.chance(0.5) ? "true" : "false"; break;
      default: out += "[\"" + identifier(rng, p) + "\", \"" + identifier(rng, p) + "\"]"; break;
      }
      out += ",\n";
    }
    out += "  \"version\": \"" + std::to_string(rng.below(5)) + "." +
           std::to_string(rng.below(20)) + ".0\"\n}\n";
    return out;
  }
  while (out.size() < bytes) {
    if (lang == Lang::yaml) {
      out += identifier(rng, p) + ":\n  " + identifier(rng, p) + ": " + word(rng) + "\n  " +
             identifier(rng, p) + ": " + std::to_string(rng.below(1000)) + "\n";
    } else if (lang == Lang::cmake) {
      out += "add_library(" + identifier(rng, p) + " src/" + identifier(rng, p) +
             ".cpp)\ntarget_link_libraries(" + identifier(rng, p) + " PRIVATE " +
             identifier(rng, p) + ")\n";
    } else { // shell
      out += "if [ -z \"${" + identifier(rng, p) + ":-}\" ]; then\n  echo \"" + sentence(rng, p) +
             "\" >&2\n  exit 1\nfi\n" + identifier(rng, p) + "=\"$(" + word(rng) + " --" +
             word(rng) + ")\"\n";
    }
  }
  return out;
}

} // namespace

std::string
word(Rng& rng)
{
  return rng.pick(k_words);
}

std::string
identifier(Rng& rng, const Project& project)
{
  // Mostly the project's own vocabulary (real code repeats its names), sometimes a fresh one.
  if (!project.idents.empty() && rng.chance(0.85)) {
    return project.idents[rng.below(project.idents.size())];
  }
  return join_ident(rng.pick(k_parts), rng.pick(k_parts), static_cast<int>(rng.below(2)));
}

std::string
sentence(Rng& rng, const Project& project)
{
  std::string out;
  for (std::size_t i = 0, n = rng.range(5, 18); i < n; ++i) {
    if (i > 0) {
      out += ' ';
    }
    if (rng.chance(0.08)) {
      out += '`'; // appended, not operator+: GCC 12 -O2 warns falsely (-Wrestrict)
      out += identifier(rng, project);
      out += '`';
    } else if (rng.chance(0.01)) {
      out += rng.pick(k_unicode);
    } else {
      out += word(rng);
    }
  }
  out[0] = static_cast<char>(out[0] >= 'a' && out[0] <= 'z' ? out[0] - 'a' + 'A' : out[0]);
  out += rng.chance(0.1) ? ":" : ".";
  return out;
}

std::string
file_name(Rng& rng, Lang lang, const Project& project)
{
  const char* const* dirs = k_dirs_cpp;
  if (lang == Lang::python) {
    dirs = k_dirs_py;
  } else if (lang == Lang::typescript) {
    dirs = k_dirs_ts;
  }
  std::string base = identifier(rng, project);
  if (lang == Lang::typescript && rng.chance(0.3)) {
    base[0] = static_cast<char>(base[0] >= 'a' && base[0] <= 'z' ? base[0] - 'a' + 'A' : base[0]);
    return std::string(dirs[rng.below(8)]) + "/" + base + ".tsx";
  }
  return std::string(dirs[rng.below(8)]) + "/" + base + extension(lang);
}

std::string
prose(Rng& rng, const Project& project, std::size_t bytes)
{
  std::string out;
  while (out.size() < bytes) {
    switch (rng.below(6)) {
    case 0:
      out += std::string(rng.pick(k_prose_openers)) + " `" +
             project.files[rng.below(project.files.size())].path + "`. ";
      break;
    case 1:
      for (std::size_t i = 0, n = rng.range(2, 5); i < n; ++i) {
        out += "- **" + identifier(rng, project) + "**: " + sentence(rng, project) + "\n";
      }
      out += "\n";
      break;
    case 2:
      out += "```\n" + code(rng, project, project.lang, rng.range(80, 400)) + "```\n\n";
      break;
    case 3:
      out += "See " + project.root + "/" + project.files[rng.below(project.files.size())].path +
             ":" + std::to_string(rng.range(1, 400)) + ". ";
      break;
    default: out += sentence(rng, project) + " " + sentence(rng, project) + "\n\n"; break;
    }
  }
  return out;
}

std::string
code(Rng& rng, const Project& project, Lang lang, std::size_t bytes)
{
  std::string out;
  switch (lang) {
  case Lang::cpp:
    out = "#include \"" + identifier(rng, project) + ".hpp\"\n\n#include <string>\n\n";
    break;
  case Lang::python: out = "import logging\n\nlogger = logging.getLogger(__name__)\n\n"; break;
  case Lang::typescript:
    out =
      "import { " + identifier(rng, project) + " } from './" + identifier(rng, project) + "';\n\n";
    break;
  case Lang::markdown: out = "# " + sentence(rng, project) + "\n\n"; break;
  default: break;
  }
  if (lang == Lang::json || lang == Lang::yaml || lang == Lang::cmake || lang == Lang::shell) {
    return out + structured(rng, project, lang, bytes);
  }
  while (out.size() < bytes) {
    switch (lang) {
    case Lang::cpp: out += cpp_function(rng, project); break;
    case Lang::python: out += python_function(rng, project); break;
    case Lang::typescript: out += ts_function(rng, project); break;
    default:
      out += "## " + identifier(rng, project) + "\n\n" + sentence(rng, project) + " " +
             sentence(rng, project) + "\n\n";
      break;
    }
  }
  return out;
}

Project
make_project(const std::string& root, const std::string& key, std::uint64_t seed)
{
  Rng rng(mix(seed, fnv1a(key)));
  Project p;
  p.root = root;
  p.name = root.substr(root.rfind('/') + 1);
  const Lang langs[] = {Lang::cpp, Lang::python, Lang::typescript, Lang::python, Lang::typescript};
  p.lang = rng.pick(langs);
  for (std::size_t i = 0, n = rng.range(40, 90); i < n; ++i) {
    p.idents.push_back(join_ident(rng.pick(k_parts), rng.pick(k_parts),
                                  p.lang == Lang::python ? 0 : static_cast<int>(rng.below(3) % 2)));
  }
  const std::size_t count = rng.range(12, 40);
  p.files.push_back({"README.md", Lang::markdown, {}});
  p.files.push_back({p.lang == Lang::cpp      ? "CMakeLists.txt"
                     : p.lang == Lang::python ? "pyproject.toml"
                                              : "package.json",
                     p.lang == Lang::cpp      ? Lang::cmake
                     : p.lang == Lang::python ? Lang::yaml
                                              : Lang::json,
                     {}});
  while (p.files.size() < count) {
    const Lang lang = rng.chance(0.85) ? p.lang : rng.chance(0.5) ? Lang::shell : Lang::yaml;
    std::string path =
      lang == Lang::shell ? "scripts/" + identifier(rng, p) + ".sh" : file_name(rng, lang, p);
    if (std::none_of(p.files.begin(), p.files.end(),
                     [&](const SourceFile& f) { return f.path == path; })) {
      p.files.push_back({path, lang, {}});
    }
  }
  for (auto& file : p.files) {
    const auto size =
      static_cast<std::size_t>(std::clamp(rng.lognormal(5000, 0.9), 400.0, 60000.0));
    file.content = code(rng, p, file.lang, size);
  }
  return p;
}

std::string
utf8_prefix(const std::string& text, std::size_t bytes)
{
  if (text.size() <= bytes) {
    return text;
  }
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end; // text[end] continues a character: cut before that character starts
  }
  return text.substr(0, end);
}

std::string
numbered(const std::string& content, std::size_t first_line)
{
  std::string out;
  out.reserve(content.size() + content.size() / 4);
  std::size_t number = first_line;
  std::size_t start = 0;
  char prefix[32];
  while (start < content.size()) {
    std::size_t end = content.find('\n', start);
    end = end == std::string::npos ? content.size() : end;
    std::snprintf(prefix, sizeof prefix, "%6zu\t", number++);
    out += prefix;
    out.append(content, start, end - start);
    out += '\n';
    start = end + 1;
  }
  return out;
}

} // namespace corpus
