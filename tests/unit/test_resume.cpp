// resume's pure parts: choosing by id prefix, the latest session, the picker's filter, and the
// words a row is made of.
#include "cli/picker.hpp"
#include "sync/catalog/catalog.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

using namespace ccsync;

namespace {

sync::CatalogEntry
entry(std::string id, std::string last_activity, bool mapped = true)
{
  sync::CatalogEntry e;
  e.id = std::move(id);
  e.last_activity = std::move(last_activity);
  e.mapped = mapped;
  return e;
}

} // namespace

TEST_SUITE_BEGIN("resume");

TEST_CASE("an id prefix: unique, ambiguous, none; a whole id wins over longer ones")
{
  const std::vector<sync::CatalogEntry> entries{entry("abc1", ""), entry("abc2", ""),
                                                entry("abc", ""), entry("def", "")};
  CHECK(sync::match_id_prefix(entries, "abc1").match == sync::IdMatch::unique);
  const auto ambiguous = sync::match_id_prefix(entries, "ab");
  CHECK(ambiguous.match == sync::IdMatch::ambiguous);
  CHECK(ambiguous.candidates.size() == 3);
  const auto exact = sync::match_id_prefix(entries, "abc");
  CHECK(exact.match == sync::IdMatch::unique);
  CHECK(exact.candidates == std::vector<std::size_t>{2});
  CHECK(sync::match_id_prefix(entries, "x").match == sync::IdMatch::none);
  CHECK(sync::match_id_prefix(entries, "").match == sync::IdMatch::none);
}

TEST_CASE("the latest session is the newest that can be opened here")
{
  const std::vector<sync::CatalogEntry> entries{entry("a", "2026-11-01T10:00:00Z"),
                                                entry("b", "2026-11-29T10:00:00.500Z", false),
                                                entry("c", "2026-11-20T10:00:00Z"), entry("d", "")};
  CHECK(sync::latest_entry(entries) == std::optional<std::size_t>(2));
  CHECK_FALSE(sync::latest_entry({}).has_value());
}

TEST_CASE("the picker's filter: every word, any case, in order")
{
  const std::vector<cli::PickerRow> rows{{"", "Fix the Parser /home/me/app 1234", true, ""},
                                         {"", "landing page /home/me/web 5678", true, ""},
                                         {"", "parser tests /home/me/web 9abc", false, "x"}};
  CHECK(cli::filter_rows(rows, "") == std::vector<std::size_t>{0, 1, 2});
  CHECK(cli::filter_rows(rows, "parser") == std::vector<std::size_t>{0, 2});
  CHECK(cli::filter_rows(rows, "PARSER web") == std::vector<std::size_t>{2});
  CHECK(cli::filter_rows(rows, "  5678 ") == std::vector<std::size_t>{1});
  CHECK(cli::filter_rows(rows, "zebra").empty());
}

TEST_CASE("times and sizes for people")
{
  CHECK(util::relative_time(5) == "just now");
  CHECK(util::relative_time(125) == "2 min ago");
  CHECK(util::relative_time(3 * 3600 + 5) == "3 h ago");
  CHECK(util::relative_time(5 * 86400) == "5 days ago");
  CHECK(util::human_size(812) == "812 B");
  CHECK(util::human_size(4300) == "4.2 KB");
  CHECK(util::human_size(17ull * 1024 * 1024) == "17.0 MB");
  CHECK(util::parse_utc_lenient("2026-11-24T15:35:29.123Z") ==
        util::parse_utc("2026-11-24T15:35:29Z"));
  CHECK(util::parse_utc_lenient("2026-11-24T15:35:29Z").has_value());
  CHECK_FALSE(util::parse_utc_lenient("yesterday").has_value());
}

TEST_SUITE_END();

TEST_CASE("a title is cut at a character boundary, never inside one")
{
  const std::string text = "ab\xC3\xA9"
                           "cd\xE2\x82\xAC"; // "abécd€"
  CHECK(util::utf8_prefix(text, 100) == text);
  CHECK(util::utf8_prefix(text, 3) == "ab");
  CHECK(util::utf8_prefix(text, 4) == "ab\xC3\xA9");
  CHECK(util::utf8_prefix(text, 7) == "ab\xC3\xA9"
                                      "cd");
  CHECK(util::utf8_prefix(text, 9) == text);
  CHECK(util::utf8_prefix(text, 0).empty());
}
