// CLI11 glue: one place that turns CLI11's exceptions into ccsync's errors, help in ccsync's own
// words (no CLI11 type names such as TEXT or ENUM), --format, sub-actions, numbers.
#include "cli/args.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace ccsync::cli {
namespace {

// Help as ccsync writes it: an option's value is shown by the word its command gave it
// (option_text), or by its name in capitals; positionals and flags show none.
class HelpWords : public CLI::Formatter {
public:
  HelpWords()
  {
    label("Positionals", "Arguments");
    label("SUBCOMMAND", "ACTION");
    label("SUBCOMMANDS", "ACTIONS");
  }

  std::string
  make_option_opts(const CLI::Option* opt) const override
  {
    if (opt->get_positional() || opt->get_type_name().empty()) {
      return ""; // an argument is named by itself; a flag takes no value
    }
    if (!opt->get_option_text().empty()) {
      return " " + opt->get_option_text();
    }
    std::string word = opt->get_lnames().empty() ? "VALUE" : opt->get_lnames().front();
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return c == '-' ? '_' : std::toupper(c); });
    return " " + word;
  }
};

// The text after the first ": " of CLI11's message (its list of arguments), or all of it.
std::string
after_colon(const std::string& message)
{
  const auto colon = message.find(": ");
  return colon == std::string::npos ? message : message.substr(colon + 2);
}

// The option CLI11's message is about: the text before the first ':' or ' '.
std::string
subject(const std::string& message)
{
  return message.substr(0, message.find_first_of(": "));
}

std::vector<std::string>
action_names(const CLI::App& app)
{
  std::vector<std::string> names;
  for (const CLI::App* action : app.get_subcommands({})) {
    names.push_back(action->get_name());
  }
  return names;
}

std::string
joined(const std::vector<std::string>& words)
{
  std::string text;
  for (const auto& word : words) {
    text += (text.empty() ? "" : ", ") + word;
  }
  return text;
}

// An argument CLI11 did not expect: an unknown option, an unknown action, or one too many.
Error
extras_error(const CLI::App& app, const std::string& message, const std::string& help)
{
  const std::string extras = after_colon(message); // CLI11 lists them last one first
  const std::string first = extras.substr(extras.rfind(' ') + 1);
  const auto actions = action_names(app);
  if (first.starts_with("-")) {
    return Error(ErrorKind::usage, "unknown option '" + first + "'", help);
  }
  if (!actions.empty() && app.get_subcommands().empty()) {
    const std::string guess = util::nearest(first, actions);
    return Error(ErrorKind::usage, "unknown action '" + first + "'",
                 guess.empty() ? "the actions are " + joined(actions) + "; " + help
                               : "did you mean '" + guess + "'?");
  }
  return Error(ErrorKind::usage, "unexpected argument '" + first + "'", help);
}

// CLI11's words for a wrong number of values or an unconvertible one, in ccsync's.
std::string
value_problem(const std::string& message)
{
  const std::string name = subject(message);
  if (message.find(" missing") != std::string::npos) {
    return name + " needs a value";
  }
  if (message.starts_with("Could not convert: ")) {
    const std::string rest = after_colon(message);
    const auto equals = rest.find(" = ");
    return equals == std::string::npos
             ? "a value is not valid"
             : rest.substr(0, equals) + ": '" + rest.substr(equals + 3) + "' is not valid";
  }
  if (message.find("flag") != std::string::npos ||
      message.find("true/false") != std::string::npos) {
    return name + " takes no value";
  }
  return name + " was given the wrong number of values";
}

std::string
required_problem(const CLI::App& app, const std::string& message)
{
  if (message.find("subcommand") != std::string::npos) {
    return "give one action: " + joined(action_names(app));
  }
  return "missing " + subject(message);
}

Error
usage_error(const CLI::App& app, const CLI::ParseError& e, const std::string& command)
{
  const std::string action = chosen_action(app, "");
  const std::string help =
    "see 'ccsync " + command + (action.empty() ? "" : " " + action) + " --help'";
  const std::string message = e.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    return extras_error(app, message, help);
  }
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    return Error(ErrorKind::usage, required_problem(app, message), help);
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr ||
      dynamic_cast<const CLI::ConversionError*>(&e) != nullptr) {
    return Error(ErrorKind::usage, value_problem(message), help);
  }
  return Error(ErrorKind::usage, message, help); // ours (validators) or plain words (excludes)
}

void
use_help_words(CLI::App& app)
{
  const auto words = std::make_shared<HelpWords>();
  app.formatter(words);
  for (CLI::App* action : app.get_subcommands({})) {
    action->formatter(words);
  }
}

std::string
ending_in_newline(std::string text)
{
  if (!text.ends_with('\n')) {
    text += '\n';
  }
  return text;
}

} // namespace

void
parse_args(CLI::App& app, const std::string& command, const Args& args)
{
  app.name("ccsync " + command);
  use_help_words(app);
  std::vector<std::string> reversed(args.rbegin(), args.rend()); // CLI11 wants them backwards
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    throw HelpRequested{ending_in_newline(app.help())};
  } catch (const CLI::ParseError& e) {
    throw usage_error(app, e, command);
  }
}

void
add_format_option(CLI::App& app, Format& format)
{
  app
    .add_option_function<std::string>(
      "--format",
      [&format](const std::string& value) {
        format = value == "json" ? Format::json : Format::table;
      },
      "Output format: table (the default) or json")
    ->option_text("table|json")
    ->check(CLI::Validator(
      [](const std::string& value) {
        return value == "table" || value == "text" || value == "json"
                 ? std::string()
                 : "'" + value + "' is not table or json";
      },
      ""));
}

CLI::Option*
add_number_option(CLI::App& app, const std::string& name, long& value,
                  const std::string& description, NumberRange range)
{
  return app.add_option(name, value, description)
    ->check(CLI::Validator(
      [range](const std::string& text) {
        long number = 0;
        const auto* const end = text.data() + text.size();
        const auto parsed = std::from_chars(text.data(), end, number);
        if (parsed.ec != std::errc() || parsed.ptr != end) {
          return "'" + text + "' is not a whole number";
        }
        if (number < range.min || number > range.max) {
          return text + " is not between " + std::to_string(range.min) + " and " +
                 std::to_string(range.max);
        }
        return std::string();
      },
      ""));
}

CLI::App*
add_action(CLI::App& app, const std::string& name, const std::string& summary)
{
  app.require_subcommand(0, 1);
  return app.add_subcommand(name, summary)->group("Actions");
}

std::string
chosen_action(const CLI::App& app, const std::string& fallback)
{
  const auto chosen = app.get_subcommands();
  return chosen.empty() ? fallback : chosen.front()->get_name();
}

} // namespace ccsync::cli
