// Unit tests of the history page: cursors and parameters, LoadHistoryPage on
// an in-memory database built from the real sql/ (selection, order, keyset
// pages, filters, query plans), and FillHistoryDictionary expanded through
// the real templates/history.tpl.
#include "pages/history.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/model.h"
#include "test_support.h"
#include "web/page.h"
#include "base/template.h"

namespace {

constexpr char kNow[] = "2026-05-01 12:00:00";

// Region1: components 1, 2; Region2: component 3; Region3: component 4
// (no events).
constexpr char kCatalog[] = R"sql(
INSERT INTO component (id, name) VALUES (1, 'Compute'), (2, 'Storage'), (3, 'Compute'), (4, 'Edge');
INSERT INTO component_attribute (component_id, name, value) VALUES
  (1, 'region', 'Region1'), (2, 'region', 'Region1'), (3, 'region', 'Region2'),
  (4, 'region', 'Region3');
)sql";

// Closed events 1..8 (ids 4 and 5 end at the same time), one open, one
// ending later than kNow, one planned.
constexpr char kEvents[] = R"sql(
INSERT INTO incident (id, text, impact, start_date, end_date, type) VALUES
  (1, 'March outage', 3, '2026-03-10 08:00:00', '2026-03-10 09:00:00', 'incident'),
  (2, 'March maintenance', 0, '2026-03-20 08:00:00', '2026-03-20 10:00:00', 'maintenance'),
  (3, 'Late March minor', 1, '2026-03-31 20:00:00', '2026-03-31 23:30:00', 'incident'),
  (4, 'April major', 2, '2026-04-02 08:00:00', '2026-04-02 09:00:00', 'incident'),
  (5, 'April <script>x</script>', 3, '2026-04-01 08:00:00', '2026-04-02 09:00:00', 'incident'),
  (6, 'April maintenance', 0, '2026-04-15 08:00:00', '2026-04-15 09:00:00', 'maintenance'),
  (7, 'Began in March', 1, '2026-03-30 08:00:00', '2026-04-20 09:00:00', 'incident'),
  (8, 'May morning', 2, '2026-05-01 06:00:00', '2026-05-01 12:00:00', 'incident'),
  (9, 'Still open', 3, '2026-04-30 08:00:00', NULL, 'incident'),
  (10, 'Ends later today', 0, '2026-05-01 11:00:00', '2026-05-01 13:00:00', 'maintenance'),
  (11, 'Planned', 0, '2026-05-05 08:00:00', '2026-05-05 09:00:00', 'maintenance');
INSERT INTO incident_component_relation (incident_id, component_id) VALUES
  (1, 1), (2, 2), (3, 3), (4, 1), (4, 3), (5, 2), (6, 3), (7, 1), (8, 3),
  (9, 1), (10, 1), (11, 1);
)sql";

struct HistoryDb {
  HistoryDb() {
    sdb::Migrate(db);
    db.Exec(kCatalog);
    db.Exec(kEvents);
  }
  sdb::Database db{":memory:", sdb::Database::Mode::kReadWriteCreate};
  sdb::Model model{db};

  sdb::HistoryPage Page(const sdb::HistoryQuery& query = {},
                        int page_size = sdb::kHistoryPageSize) {
    return sdb::LoadHistoryPage(db, kNow, query, page_size);
  }
};

std::vector<int64_t> Ids(const sdb::HistoryPage& page) {
  std::vector<int64_t> ids;
  for (const auto& event : page.events) ids.push_back(event.id);
  return ids;
}

using IdList = std::vector<int64_t>;

sdb::Request RequestWith(
    std::initializer_list<std::pair<const char*, const char*>> params) {
  sdb::Request request;
  request.method = "GET";
  request.path = "/history";
  for (const auto& [name, value] : params) request.params.emplace(name, value);
  return request;
}

const std::vector<std::string> kRegions = {"Region1", "Region2", "Region3"};

std::string Render(const sdb::HistoryData& data,
                   const sdb::DisplayZone& zone = sdb::DisplayZone()) {
  ctemplate::TemplateDictionary dict("history");
  sdb::FillHistoryDictionary(data, zone, &dict);
  sdb::PageChrome chrome;
  chrome.title = "Event history";
  chrome.active_nav = "history";
  chrome.zone = zone;
  sdb::FillPageChrome(chrome, &dict);
  return sdb::Templates("templates").Expand("history.tpl", dict);
}

sdb::HistoryData DataFor(HistoryDb& m, const sdb::HistoryQuery& query = {},
                         int page_size = sdb::kHistoryPageSize) {
  sdb::HistoryData data;
  data.now = kNow;
  data.components = m.model.Components();
  data.query = query;
  data.page = m.Page(query, page_size);
  return data;
}

using sdb_test::Contains;

size_t Count(const std::string& html, const std::string& needle) {
  size_t n = 0;
  for (auto at = html.find(needle); at != std::string::npos;
       at = html.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(history)

BOOST_AUTO_TEST_CASE(cursor_round_trip) {
  sdb::HistoryCursor cursor{"2026-04-30 10:05:09", 123};
  BOOST_TEST(sdb::FormatHistoryCursor(cursor) == "20260430100509-123");
  auto parsed = sdb::ParseHistoryCursor("20260430100509-123");
  BOOST_TEST_REQUIRE(parsed.has_value());
  BOOST_TEST((*parsed == cursor));
  BOOST_TEST(sdb::ParseHistoryCursor("20260430100509-9223372036854775807")
                 .has_value());
}

BOOST_AUTO_TEST_CASE(malformed_cursors_are_refused) {
  for (const char* text :
       {"", "-", "20260430100509", "20260430100509-", "20260430100509-0",
        "20260430100509--1", "20260430100509-+1", "20260430100509-1x",
        "2026043010050-12", "202604301005090-1", "20260230100509-1",
        "20261330100509-1", "20260430250509-1", "2026-04-30-1",
        "20260430100509-99999999999999999999", "x0260430100509-1",
        "20260430100509_1"}) {
    BOOST_TEST_CONTEXT(text) {
      BOOST_TEST(!sdb::ParseHistoryCursor(text).has_value());
    }
  }
}

BOOST_AUTO_TEST_CASE(parameters_parse_into_a_query) {
  auto result =
      sdb::ParseHistoryQuery(RequestWith({{"region", "Region2"},
                                          {"impact", "3"},
                                          {"before", "20260430100509-7"},
                                          {"other", "x"}}),
                             kRegions);
  BOOST_TEST(result.status == 200);
  BOOST_TEST((result.query.filter.region == std::string("Region2")));
  BOOST_TEST((result.query.filter.impact == 3));
  BOOST_TEST_REQUIRE(result.query.before.has_value());
  BOOST_TEST(result.query.before->id == 7);
  BOOST_TEST(!result.query.after.has_value());

  result = sdb::ParseHistoryQuery(
      RequestWith(
          {{"region", ""}, {"impact", ""}, {"after", "20260430100509-7"}}),
      kRegions);
  BOOST_TEST(result.status == 200);
  BOOST_TEST(!result.query.filter.region.has_value());
  BOOST_TEST(!result.query.filter.impact.has_value());
  BOOST_TEST(result.query.after.has_value());
}

BOOST_AUTO_TEST_CASE(bad_parameters_are_4xx_with_a_message) {
  struct Case {
    const char* name;
    const char* value;
    int status;
    const char* message;
  };
  const Case kCases[] = {
      {"region", "Nowhere", 404, "no region called \u201cNowhere\u201d"},
      {"region", "region1", 404, "The regions are Region1, Region2, Region3"},
      {"impact", "4", 400, "must be 0 (maintenance)"},
      {"impact", "-1", 400, "not \u201c-1\u201d"},
      {"impact", "01", 400, "must be"},
      {"impact", "major", 400, "must be"},
      {"before", "yesterday", 400, "not a position in the history"},
      {"after", "20260431000000-1", 400, "not a position in the history"},
  };
  for (const Case& c : kCases) {
    BOOST_TEST_CONTEXT(c.name << "=" << c.value) {
      auto result =
          sdb::ParseHistoryQuery(RequestWith({{c.name, c.value}}), kRegions);
      BOOST_TEST(result.status == c.status);
      BOOST_TEST(Contains(result.message, c.message), result.message);
    }
  }
  auto both =
      sdb::ParseHistoryQuery(RequestWith({{"before", "20260430100509-7"},
                                          {"after", "20260430100509-7"}}),
                             kRegions);
  BOOST_TEST(both.status == 400);
  BOOST_TEST(Contains(both.message, "not both"));
}

BOOST_AUTO_TEST_CASE(only_ended_events_newest_end_first) {
  HistoryDb m;
  sdb::HistoryPage page = m.Page();
  // 8 ends exactly at kNow (included); 9 is open, 10 ends later, 11 is
  // planned. 5 and 4 end together: the higher id first.
  BOOST_TEST(Ids(page) == (IdList{8, 7, 6, 5, 4, 3, 2, 1}));
  BOOST_TEST(!page.newer.has_value());
  BOOST_TEST(!page.older.has_value());
  BOOST_TEST(page.events[3].component_ids == (IdList{2}));
  BOOST_TEST(page.events[4].component_ids == (IdList{1, 3}));
  BOOST_TEST(page.events[0].title == "May morning");
  BOOST_TEST(page.events[0].start_date == "2026-05-01 06:00:00");
  BOOST_TEST((page.events[0].end_date == std::string("2026-05-01 12:00:00")));
}

BOOST_AUTO_TEST_CASE(keyset_pages_walk_the_whole_history_both_ways) {
  HistoryDb m;
  sdb::HistoryPage first = m.Page({}, 3);
  BOOST_TEST(Ids(first) == (IdList{8, 7, 6}));
  BOOST_TEST(!first.newer.has_value());
  BOOST_TEST_REQUIRE(first.older.has_value());
  BOOST_TEST((*first.older == sdb::HistoryCursor{"2026-04-15 09:00:00", 6}));

  // Older: the page boundary falls between 5 and 4, which share an end.
  sdb::HistoryQuery query;
  query.before = first.older;
  sdb::HistoryPage second = m.Page(query, 3);
  BOOST_TEST(Ids(second) == (IdList{5, 4, 3}));
  BOOST_TEST_REQUIRE(second.newer.has_value());
  BOOST_TEST_REQUIRE(second.older.has_value());

  query.before = second.older;
  sdb::HistoryPage third = m.Page(query, 3);
  BOOST_TEST(Ids(third) == (IdList{2, 1}));
  BOOST_TEST(!third.older.has_value());
  BOOST_TEST_REQUIRE(third.newer.has_value());

  // Newer from the last page gives back the middle page exactly...
  query = {};
  query.after = third.newer;
  sdb::HistoryPage back = m.Page(query, 3);
  BOOST_TEST(Ids(back) == (IdList{5, 4, 3}));
  BOOST_TEST((back.newer == second.newer));
  BOOST_TEST((back.older == second.older));

  // ... and from there the first page, with no newer link.
  query.after = back.newer;
  sdb::HistoryPage top = m.Page(query, 3);
  BOOST_TEST(Ids(top) == (IdList{8, 7, 6}));
  BOOST_TEST(!top.newer.has_value());
  BOOST_TEST(top.older.has_value());
}

BOOST_AUTO_TEST_CASE(page_boundaries) {
  HistoryDb m;
  // Exactly a page: no older link.
  sdb::HistoryPage page = m.Page({}, 8);
  BOOST_TEST(page.events.size() == 8u);
  BOOST_TEST(!page.older.has_value());
  // One more than a page: the older page holds the last one.
  page = m.Page({}, 7);
  BOOST_TEST(page.events.size() == 7u);
  BOOST_TEST_REQUIRE(page.older.has_value());
  sdb::HistoryQuery query;
  query.before = page.older;
  page = m.Page(query, 7);
  BOOST_TEST(Ids(page) == (IdList{1}));
  BOOST_TEST(!page.older.has_value());

  // Older than the oldest: empty, with the way back.
  query.before = sdb::HistoryCursor{"2026-03-10 09:00:00", 1};
  page = m.Page(query, 3);
  BOOST_TEST(page.events.empty());
  BOOST_TEST(!page.older.has_value());
  BOOST_TEST(page.newer.has_value());

  // A cursor newer than everything: the first page either way.
  query = {};
  query.after = sdb::HistoryCursor{"2030-01-01 00:00:00", 1};
  BOOST_TEST(Ids(m.Page(query, 3)) == (IdList{8, 7, 6}));
  query = {};
  query.before = sdb::HistoryCursor{"2030-01-01 00:00:00", 1};
  BOOST_TEST(Ids(m.Page(query, 3)) == (IdList{8, 7, 6}));
}

BOOST_AUTO_TEST_CASE(filters_by_impact_and_region) {
  HistoryDb m;
  sdb::HistoryQuery query;
  query.filter.impact = 0;
  BOOST_TEST(Ids(m.Page(query)) == (IdList{6, 2}));
  query.filter.impact = 3;
  BOOST_TEST(Ids(m.Page(query)) == (IdList{5, 1}));
  query.filter.impact.reset();
  query.filter.region = "Region2";
  BOOST_TEST(Ids(m.Page(query)) == (IdList{8, 6, 4, 3}));
  query.filter.region = "Region1";
  BOOST_TEST(Ids(m.Page(query)) == (IdList{7, 5, 4, 2, 1}));
  query.filter.impact = 2;
  BOOST_TEST(Ids(m.Page(query)) == (IdList{4}));
  query.filter.region = "Region3";
  query.filter.impact.reset();
  BOOST_TEST(m.Page(query).events.empty());

  // Filters and pages together.
  query = {};
  query.filter.region = "Region1";
  sdb::HistoryPage first = m.Page(query, 2);
  BOOST_TEST(Ids(first) == (IdList{7, 5}));
  query.before = first.older;
  BOOST_TEST(Ids(m.Page(query, 2)) == (IdList{4, 2}));
}

// A region with many links is filtered by walking the end index, a small
// one by reading its incidents first: both give the same pages.
BOOST_AUTO_TEST_CASE(large_and_small_regions_give_the_same_answer) {
  HistoryDb m;
  // 4500 more closed events in February, alternating Region1 / Region2,
  // and one in Region3.
  m.db.Exec(R"sql(
WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 4599)
INSERT INTO incident (id, text, impact, start_date, end_date)
SELECT i, 'Bulk ' || i, 1 + i % 3, datetime('2026-02-01', '+' || i || ' minutes'),
       datetime('2026-02-01', '+' || (i + 30) || ' minutes') FROM n;
INSERT INTO incident_component_relation (incident_id, component_id)
SELECT id, CASE id % 2 WHEN 0 THEN 1 ELSE 3 END FROM incident WHERE id >= 100;
INSERT INTO incident_component_relation VALUES (2000, 4);
)sql");
  for (const char* region : {"Region1", "Region2", "Region3"}) {
    BOOST_TEST_CONTEXT(region) {
      // Expected: brute force over every closed event.
      std::vector<int64_t> expected;
      sdb::Statement& all = m.db.Prepare(
          "SELECT DISTINCT i.id FROM incident i "
          "JOIN incident_component_relation r ON r.incident_id = i.id "
          "JOIN component_attribute a ON a.component_id = r.component_id "
          "WHERE a.name = 'region' AND a.value = ?1 AND i.end_date <= ?2 "
          "ORDER BY i.end_date DESC, i.id DESC");
      all.Bind(1, region).Bind(2, kNow);
      while (all.Step()) expected.push_back(all.Int(0));
      all.Reset();

      std::vector<int64_t> walked;
      sdb::HistoryQuery query;
      query.filter.region = region;
      for (int pages = 0; pages < 100; ++pages) {
        sdb::HistoryPage page = m.Page(query, 100);
        for (const auto& event : page.events) walked.push_back(event.id);
        if (!page.older) break;
        query.before = page.older;
      }
      BOOST_TEST(walked == expected);
    }
  }
}

// Every variant of the query reads through an index: no full scan of
// incident, and no sort except the small-region plan (few rows by design).
BOOST_AUTO_TEST_CASE(every_query_variant_uses_an_index) {
  HistoryDb m;
  for (int mask = 0; mask < 32; ++mask) {
    sdb::HistoryFilter filter;
    if (mask & 1) filter.impact = 1;
    if (mask & 2) filter.region = "Region1";
    bool cursor = mask & 4;
    bool newer = mask & 8;
    bool small = mask & 16;
    std::string sql = sdb::HistorySql(filter, cursor, newer, small);
    std::string plan;
    sdb::Statement& explain = m.db.Prepare("EXPLAIN QUERY PLAN " + sql);
    while (explain.Step()) plan += explain.Text(3) + "\n";
    explain.Reset();
    BOOST_TEST_CONTEXT("variant " << mask << ": " << sql << "\n" << plan) {
      BOOST_TEST(!Contains(plan, "SCAN"));
      bool sorted_small_region = filter.region && small;
      BOOST_TEST(Contains(plan, "TEMP B-TREE") == sorted_small_region);
      if (!sorted_small_region) {
        BOOST_TEST(Contains(plan, filter.impact ? "incident_by_impact_end"
                                                : "incident_by_end"));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(grouped_by_month_of_the_end) {
  HistoryDb m;
  std::string html = Render(DataFor(m));
  BOOST_TEST(Count(html, "<section class=\"history-month\"") == 3u);
  auto may = html.find("<h2 id=\"month-2026-05\">May 2026</h2>");
  auto april = html.find("<h2 id=\"month-2026-04\">April 2026</h2>");
  auto march = html.find("<h2 id=\"month-2026-03\">March 2026</h2>");
  BOOST_TEST_REQUIRE(may != std::string::npos);
  BOOST_TEST(may < april);
  BOOST_TEST(april < march);
  // "Began in March" ended in April: listed under April.
  auto began = html.find("Began in March");
  BOOST_TEST(april < began);
  BOOST_TEST(began < march);
  BOOST_TEST(Contains(html, "<a href=\"/incidents/7\">Began in March</a>"));
}

BOOST_AUTO_TEST_CASE(month_headings_follow_the_visitors_zone) {
  HistoryDb m;
  auto tokyo = sdb::DisplayZone::Find("Asia/Tokyo");
  BOOST_TEST_REQUIRE(tokyo.has_value());
  std::string html = Render(DataFor(m), *tokyo);
  // Event 3 ends 2026-03-31 23:30 UTC = 2026-04-01 08:30 JST.
  auto april = html.find("April 2026</h2>");
  auto late = html.find("Late March minor");
  auto march = html.find("March 2026</h2>");
  BOOST_TEST(april < late);
  BOOST_TEST(late < march);
  BOOST_TEST(Contains(html, ">2026-04-01 08:30 JST</time>"));
  BOOST_TEST(!Contains(html, " UTC</time>"));
}

BOOST_AUTO_TEST_CASE(each_event_with_impact_components_start_end) {
  HistoryDb m;
  std::string html = Render(DataFor(m));
  BOOST_TEST(Contains(html, "<dt>Impact</dt><dd>Major incident</dd>"));
  // Event 4 spans two regions: services name them.
  BOOST_TEST(Contains(html,
                      "<dt>Affected regions</dt><dd>Region1, "
                      "Region2</dd>"));
  BOOST_TEST(Contains(html, "<dd>Compute (Region1), Compute (Region2)</dd>"));
  BOOST_TEST(Contains(html,
                      "<dt>Began at</dt><dd><time "
                      "datetime=\"2026-04-15T08:00:00Z\">2026-04-15 "
                      "08:00 UTC</time></dd>"));
  BOOST_TEST(Contains(html,
                      "<dt>Ended at</dt><dd><time "
                      "datetime=\"2026-04-15T09:00:00Z\">2026-04-15 "
                      "09:00 UTC</time></dd>"));
  BOOST_TEST(Count(html, "This maintenance has been completed.") == 2u);
  BOOST_TEST(Count(html, "This incident has been resolved.") == 6u);
  BOOST_TEST(Contains(html, "<li class=\"history-item event-maintenance\">"));
  BOOST_TEST(Contains(html, "<li class=\"history-item event-outage\">"));
}

BOOST_AUTO_TEST_CASE(titles_are_escaped) {
  HistoryDb m;
  std::string html = Render(DataFor(m));
  BOOST_TEST(!Contains(html, "<script"));
  BOOST_TEST(Contains(html, "April &lt;script&gt;x&lt;/script&gt;"));
}

BOOST_AUTO_TEST_CASE(filter_bar_links_keep_the_other_filter) {
  HistoryDb m;
  sdb::HistoryQuery query;
  query.filter.region = "Region2";
  query.filter.impact = 3;
  std::string html = Render(DataFor(m, query));
  BOOST_TEST(Contains(html, "<a href=\"/history?impact=3\">All regions</a>"));
  BOOST_TEST(Contains(html,
                      "<a href=\"/history?region=Region2&amp;impact=3\" "
                      "aria-current=\"true\">Region2</a>"));
  BOOST_TEST(Contains(
      html, "<a href=\"/history?region=Region1&amp;impact=3\">Region1</a>"));
  BOOST_TEST(
      Contains(html, "<a href=\"/history?region=Region2\">All impacts</a>"));
  BOOST_TEST(Contains(html,
                      "<a href=\"/history?region=Region2&amp;impact=0\">"
                      "Maintenance</a>"));
  BOOST_TEST(Contains(html, "aria-current=\"true\">Outage</a>"));
  BOOST_TEST(Count(html, "aria-current=\"true\"") == 2u);
  BOOST_TEST(Contains(html,
                      "No closed incidents or finished maintenances "
                      "match these filters."));

  html = Render(DataFor(m));
  BOOST_TEST(Contains(
      html, "<a href=\"/history\" aria-current=\"true\">All regions</a>"));
  BOOST_TEST(Contains(
      html, "<a href=\"/history\" aria-current=\"true\">All impacts</a>"));
}

BOOST_AUTO_TEST_CASE(region_names_are_encoded_in_links) {
  HistoryDb m;
  m.db.Exec(
      "INSERT INTO component (id, name) VALUES (9, 'X');"
      "INSERT INTO component_attribute (component_id, name, value) "
      "VALUES (9, 'region', 'EU & <DE>')");
  std::string html = Render(DataFor(m));
  BOOST_TEST(Contains(html,
                      "<a href=\"/history?region=EU+%26+%3CDE%3E\">EU &amp; "
                      "&lt;DE&gt;</a>"));
}

BOOST_AUTO_TEST_CASE(pager_links) {
  HistoryDb m;
  sdb::HistoryQuery query;
  query.filter.impact = 1;
  std::string html = Render(DataFor(m, query, 1));
  BOOST_TEST(Contains(html,
                      "<a rel=\"next\" href=\"/history?impact=1&amp;"
                      "before=20260420090000-7\">Older events"));
  BOOST_TEST(!Contains(html, "rel=\"prev\""));

  query.before = sdb::HistoryCursor{"2026-04-20 09:00:00", 7};
  html = Render(DataFor(m, query, 1));
  BOOST_TEST(Contains(html, "Late March minor"));
  BOOST_TEST(Contains(html,
                      "<a rel=\"prev\" href=\"/history?impact=1&amp;"
                      "after=20260331233000-3\">← Newer events"));
  BOOST_TEST(!Contains(html, "rel=\"next\""));

  html = Render(DataFor(m));
  BOOST_TEST(!Contains(html, "class=\"pager\""));
}

BOOST_AUTO_TEST_CASE(empty_history) {
  sdb::Database db(":memory:", sdb::Database::Mode::kReadWriteCreate);
  sdb::Migrate(db);
  sdb::HistoryData data;
  data.now = kNow;
  data.page = sdb::LoadHistoryPage(db, kNow, {});
  std::string html = Render(data);
  BOOST_TEST(
      Contains(html, "No closed incidents or finished maintenances yet."));
  BOOST_TEST(!Contains(html, "history-month"));
  BOOST_TEST(Contains(html, "<h1>Event history</h1>"));
}

BOOST_AUTO_TEST_SUITE_END()
