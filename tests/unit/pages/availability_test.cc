// Unit tests of the availability page: the interval maths on hand-computed
// cases, the month list, the ?months= parser, the outage query on an
// in-memory database from the real sql/, and the page through the real
// templates/availability.tpl.
#include "pages/availability.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/timeutil.h"
#include "store/db.h"
#include "store/model.h"
#include "test_support.h"
#include "web/page.h"
#include "base/template.h"

namespace {

long long T(const std::string& db_time) {
  auto t = sdb::ParseDbTime(db_time);
  BOOST_REQUIRE_MESSAGE(t.has_value(), "bad time in test: " << db_time);
  return *t;
}

sdb::OutageInterval Closed(const std::string& start, const std::string& end) {
  return {T(start), T(end)};
}

sdb::OutageInterval Open(const std::string& start) {
  return {T(start), std::nullopt};
}

using sdb_test::Contains;
using sdb_test::Count;
using sdb_test::SectionById;

// Hand-computed figures. `now` is 2026-05-15 12:00:00 and the months are
// March (31 days: 2678400 s), April (30 days: 2592000 s) and May up to now
// (14.5 days: 1252800 s).
constexpr char kNow[] = "2026-05-15 12:00:00";

struct Case {
  const char* name;
  std::vector<sdb::OutageInterval> outages;
  // Seconds down in March, April, May.
  long long down[3];
  // The text each month shows.
  const char* shown[3];
};

std::vector<Case> Cases() {
  return {
      {"no outages", {}, {0, 0, 0}, {"100 %", "100 %", "100 %"}},
      // (2592000 - 3600) / 2592000 = 99.861 %
      {"one hour in April",
       {Closed("2026-04-10 10:00:00", "2026-04-10 11:00:00")},
       {0, 3600, 0},
       {"100 %", "99.86 %", "100 %"}},
      // 10:00-13:00 is 3 h, not 2 h + 2 h: (2592000 - 10800) / 2592000
      {"overlapping outages count once",
       {Closed("2026-04-10 10:00:00", "2026-04-10 12:00:00"),
        Closed("2026-04-10 11:00:00", "2026-04-10 13:00:00")},
       {0, 10800, 0},
       {"100 %", "99.58 %", "100 %"}},
      {"nested outage counts once",
       {Closed("2026-04-10 10:00:00", "2026-04-10 14:00:00"),
        Closed("2026-04-10 11:00:00", "2026-04-10 12:00:00")},
       {0, 14400, 0},
       {"100 %", "99.44 %", "100 %"}},
      {"touching outages and input order",
       {Closed("2026-04-10 11:00:00", "2026-04-10 12:00:00"),
        Closed("2026-04-10 10:00:00", "2026-04-10 11:00:00")},
       {0, 7200, 0},
       {"100 %", "99.72 %", "100 %"}},
      // 2 h in each month: (2678400 - 7200) / 2678400 = 99.731 %,
      // (2592000 - 7200) / 2592000 = 99.722 %
      {"outage crossing a month boundary is split",
       {Closed("2026-03-31 22:00:00", "2026-04-01 02:00:00")},
       {7200, 7200, 0},
       {"99.73 %", "99.72 %", "100 %"}},
      // 6 h of the 14.5 days of May so far: (1252800 - 21600) / 1252800
      {"open outage counts up to now",
       {Open("2026-05-15 06:00:00")},
       {0, 0, 21600},
       {"100 %", "100 %", "98.27 %"}},
      {"outage open since before the window",
       {Open("2026-02-20 00:00:00")},
       {2678400, 2592000, 1252800},
       {"0 %", "0 %", "0 %"}},
      // Only 11:00-12:00 has happened: (1252800 - 3600) / 1252800 = 99.712 %
      {"outage ending after now counts up to now",
       {Closed("2026-05-15 11:00:00", "2026-05-15 18:00:00")},
       {0, 0, 3600},
       {"100 %", "100 %", "99.71 %"}},
      {"future outage does not count",
       {Closed("2026-05-16 00:00:00", "2026-05-16 01:00:00"),
        Open("2026-05-20 00:00:00")},
       {0, 0, 0},
       {"100 %", "100 %", "100 %"}},
      {"outage before the window does not count",
       {Closed("2026-02-01 00:00:00", "2026-02-02 00:00:00")},
       {0, 0, 0},
       {"100 %", "100 %", "100 %"}},
      // 2591999 / 2592000 = 99.99996 %: rounded down, never "100 %".
      {"one second down never shows 100 %",
       {Closed("2026-04-10 10:00:00", "2026-04-10 10:00:01")},
       {0, 1, 0},
       {"100 %", "99.99 %", "100 %"}},
      // 0.05 % of April is 1296 s.
      {"exactly 99.95 %",
       {Closed("2026-04-10 10:00:00", "2026-04-10 10:21:36")},
       {0, 1296, 0},
       {"100 %", "99.95 %", "100 %"}},
      {"whole month down",
       {Closed("2026-04-01 00:00:00", "2026-05-01 00:00:00")},
       {0, 2592000, 0},
       {"100 %", "0 %", "100 %"}},
      {"empty outage does not count",
       {Closed("2026-04-10 10:00:00", "2026-04-10 10:00:00")},
       {0, 0, 0},
       {"100 %", "100 %", "100 %"}},
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(availability)

BOOST_AUTO_TEST_CASE(monthly_figures_hand_computed) {
  std::vector<sdb::Month> months = sdb::LastMonths(T(kNow), 3);
  BOOST_REQUIRE_EQUAL(months.size(), 3u);
  const long long kMeasured[3] = {2678400, 2592000, 1252800};
  for (const Case& c : Cases()) {
    BOOST_TEST_CONTEXT(c.name) {
      auto figures = sdb::MonthlyFigures(c.outages, months, T(kNow));
      BOOST_REQUIRE_EQUAL(figures.size(), 3u);
      for (int i = 0; i < 3; ++i) {
        BOOST_TEST_CONTEXT("month " << i) {
          BOOST_TEST(figures[i].measured == kMeasured[i]);
          BOOST_TEST(figures[i].down == c.down[i]);
          BOOST_TEST(sdb::FormatAvailability(figures[i]) == c.shown[i]);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(basis_points_round_down) {
  BOOST_TEST(sdb::AvailabilityBasisPoints({2592000, 0}) == 10000);
  BOOST_TEST(sdb::AvailabilityBasisPoints({2592000, 3600}) == 9986);
  BOOST_TEST(sdb::AvailabilityBasisPoints({2592000, 2592000}) == 0);
  BOOST_TEST(sdb::AvailabilityBasisPoints({0, 0}) == 10000);
  BOOST_TEST(sdb::FormatAvailability({10000, 1}) == "99.99 %");
  BOOST_TEST(sdb::FormatAvailability({10000, 9999}) == "0.01 %");
  BOOST_TEST(sdb::FormatAvailability({10000, 500}) == "95.00 %");
}

BOOST_AUTO_TEST_CASE(last_months_cross_the_year_and_know_leap_years) {
  auto months = sdb::LastMonths(T("2026-01-15 08:00:00"), 3);
  BOOST_REQUIRE_EQUAL(months.size(), 3u);
  BOOST_TEST(months[0].year == 2025);
  BOOST_TEST(months[0].month == 11);
  BOOST_TEST(months[0].start == T("2025-11-01 00:00:00"));
  BOOST_TEST(months[1].month == 12);
  BOOST_TEST(months[1].end == T("2026-01-01 00:00:00"));
  BOOST_TEST(months[2].year == 2026);
  BOOST_TEST(months[2].month == 1);
  BOOST_TEST(months[2].end == T("2026-02-01 00:00:00"));

  auto leap = sdb::LastMonths(T("2028-02-29 23:59:59"), 1);
  BOOST_TEST(leap[0].end - leap[0].start == 29 * 86400);
  auto twelve = sdb::LastMonths(T("2026-05-15 12:00:00"), 12);
  BOOST_REQUIRE_EQUAL(twelve.size(), 12u);
  BOOST_TEST(twelve.front().start == T("2025-06-01 00:00:00"));
  for (size_t i = 1; i < twelve.size(); ++i) {
    BOOST_TEST(twelve[i].start == twelve[i - 1].end);
  }
  // The first second of a month is in that month.
  auto first = sdb::LastMonths(T("2026-05-01 00:00:00"), 1);
  BOOST_TEST(first[0].month == 5);
  auto figures = sdb::MonthlyFigures({}, first, T("2026-05-01 00:00:00"));
  BOOST_TEST(figures[0].measured == 0);
  BOOST_TEST(sdb::FormatAvailability(figures[0]) == "100 %");
}

BOOST_AUTO_TEST_CASE(months_parameter) {
  BOOST_TEST(sdb::ParseAvailabilityMonths(std::nullopt).value() == 6);
  BOOST_TEST(sdb::ParseAvailabilityMonths(std::string("1")).value() == 1);
  BOOST_TEST(sdb::ParseAvailabilityMonths(std::string("12")).value() == 12);
  BOOST_TEST(sdb::ParseAvailabilityMonths(std::string("07")).value() == 7);
  for (const char* bad :
       {"", "0", "13", "-1", "+6", " 6", "6 ", "6x", "abc", "006", "1e1"}) {
    BOOST_TEST_CONTEXT("months=" << bad) {
      BOOST_TEST(!sdb::ParseAvailabilityMonths(std::string(bad)).has_value());
    }
  }
}

namespace {

// The outages LoadOutages returns, as sorted "component@start-end" lines.
std::vector<std::string> Lines(
    const std::vector<sdb::ComponentOutage>& outages) {
  std::vector<std::string> lines;
  for (const auto& o : outages) {
    lines.push_back(
        std::to_string(o.component_id) + "@" +
        sdb::FormatDbTime(o.interval.start) + "-" +
        (o.interval.end ? sdb::FormatDbTime(*o.interval.end) : "open"));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_CASE(load_outages_picks_outages_overlapping_the_window) {
  sdb::Database db(":memory:", sdb::Database::Mode::kReadWriteCreate);
  sdb::Migrate(db);
  db.Exec(R"sql(
INSERT INTO component (id, name) VALUES (1, 'Compute'), (2, 'Storage'), (3, 'Network');
INSERT INTO incident (id, text, impact, start_date, end_date) VALUES
  (1, 'in window', 3, '2026-04-10 10:00:00', '2026-04-10 11:00:00'),
  (2, 'ended before window', 3, '2026-02-10 10:00:00', '2026-02-28 23:59:59'),
  (3, 'still open', 3, '2026-05-15 06:00:00', NULL),
  (4, 'major, not an outage', 2, '2026-04-11 10:00:00', '2026-04-11 11:00:00'),
  (5, 'starts after until', 3, '2026-05-16 00:00:00', NULL),
  (6, 'crosses into window', 3, '2026-02-28 23:00:00', '2026-03-01 01:00:00'),
  (7, 'maintenance', 0, '2026-04-12 10:00:00', '2026-04-12 11:00:00'),
  (8, 'ends as the window starts', 3, '2026-02-28 22:00:00', '2026-03-01 00:00:00'),
  (9, 'open since before window', 3, '2026-01-05 00:00:00', NULL),
  (10, 'spans the whole window', 3, '2026-01-01 00:00:00', '2026-06-01 00:00:00'),
  (11, 'closed, starts after until', 3, '2026-05-20 00:00:00', '2026-05-21 00:00:00'),
  (12, 'impossible date', 3, '2026-02-30 10:00:00', '2026-04-01 00:00:00'),
  (13, 'open minor', 1, '2026-04-01 00:00:00', NULL),
  (14, 'open maintenance', 0, '2026-04-01 00:00:00', NULL);
INSERT INTO incident_component_relation (incident_id, component_id) VALUES
  (1, 1), (1, 2), (2, 1), (3, 2), (4, 1), (5, 1), (6, 1), (7, 1), (8, 1),
  (9, 3), (10, 2), (11, 1), (12, 1), (13, 1), (14, 1);
)sql");
  const char kFrom[] = "2026-03-01 00:00:00";
  const char kUntil[] = "2026-05-15 12:00:00";
  std::vector<std::string> want = {
      "1@2026-02-28 23:00:00-2026-03-01 01:00:00",
      "1@2026-04-10 10:00:00-2026-04-10 11:00:00",
      "2@2026-01-01 00:00:00-2026-06-01 00:00:00",
      "2@2026-04-10 10:00:00-2026-04-10 11:00:00",
      "2@2026-05-15 06:00:00-open",
      "3@2026-01-05 00:00:00-open",
  };
  BOOST_TEST(Lines(sdb::LoadOutages(db, kFrom, kUntil, {3, 1, 2})) == want,
             boost::test_tools::per_element());

  // Only the components asked for, also of an outage that has several.
  std::vector<std::string> want2 = {
      "2@2026-01-01 00:00:00-2026-06-01 00:00:00",
      "2@2026-04-10 10:00:00-2026-04-10 11:00:00",
      "2@2026-05-15 06:00:00-open",
  };
  BOOST_TEST(Lines(sdb::LoadOutages(db, kFrom, kUntil, {2})) == want2,
             boost::test_tools::per_element());
  BOOST_TEST(sdb::LoadOutages(db, kFrom, kUntil, {}).empty());
  BOOST_TEST(sdb::LoadOutages(db, kFrom, kUntil, {4}).empty());
}

BOOST_AUTO_TEST_CASE(load_outages_reads_the_outage_index) {
  // The page's cost with 100,000 events rests on this plan: outages read
  // from the window's start on in incident_outage_by_end (0007), the times
  // from the index itself, without the incident rows.
  sdb::Database db(":memory:", sdb::Database::Mode::kReadWriteCreate);
  sdb::Migrate(db);
  sdb::Statement& plan =
      db.Prepare(std::string("EXPLAIN QUERY PLAN ") + sdb::kOutagesQuery);
  std::vector<std::string> scans;
  while (plan.Step()) {
    std::string detail = plan.Text(3);
    if (detail.find(" i ") != std::string::npos) scans.push_back(detail);
  }
  plan.Reset();
  BOOST_REQUIRE_EQUAL(scans.size(), 2u);
  BOOST_TEST(scans[0] ==
             "SEARCH i USING COVERING INDEX incident_outage_by_end "
             "(impact=? AND end_date>?)");
  BOOST_TEST(scans[1] ==
             "SEARCH i USING COVERING INDEX incident_outage_by_end "
             "(impact=? AND end_date=?)");
}

namespace {

sdb::Component Comp(int64_t id, const std::string& name,
                    const std::string& region, const std::string& category) {
  sdb::Component c;
  c.id = id;
  c.name = name;
  c.attributes.emplace_back("region", region);
  c.attributes.emplace_back("category", category);
  return c;
}

struct Page {
  bool known = false;
  std::string shown;
  std::string html;
};

Page Render(const sdb::AvailabilityData& data,
            const std::optional<std::string>& region = std::nullopt) {
  ctemplate::TemplateDictionary dict("availability");
  Page page;
  page.known = sdb::FillAvailabilityDictionary(data, region, sdb::DisplayZone(),
                                               &dict, &page.shown);
  sdb::PageChrome chrome;
  chrome.title = "Availability";
  chrome.active_nav = "availability";
  sdb::FillPageChrome(chrome, &dict);
  page.html = sdb::Templates("templates").Expand("availability.tpl", dict);
  return page;
}

// The <tr> of component `id`.
std::string Row(const std::string& html, int64_t id) {
  auto at = html.find("<tr id=\"component-" + std::to_string(id) + "\">");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</tr>", at) - at);
}

sdb::AvailabilityData Data() {
  sdb::AvailabilityData data;
  data.now = kNow;
  data.months = 3;
  data.components = {Comp(1, "Compute <script>", "Region1", "Cat1"),
                     Comp(2, "Storage", "Region1", "Cat2"),
                     Comp(3, "Compute", "Region2", "Cat1")};
  data.outages = {
      {1, Closed("2026-04-10 10:00:00", "2026-04-10 11:00:00")},
      {1, Closed("2026-04-10 10:30:00", "2026-04-10 11:00:00")},
      {3, Open("2026-05-15 06:00:00")},
  };
  return data;
}

}  // namespace

// The region panel of `region`.
std::string Panel(const std::string& html, const std::string& region) {
  return SectionById(html, sdb::RegionAnchor(region));
}

BOOST_AUTO_TEST_CASE(page_shows_a_row_per_component_and_a_column_per_month) {
  Page page = Render(Data());
  BOOST_TEST(page.known);
  BOOST_TEST(page.shown == "Region1");
  std::string one = Panel(page.html, "Region1");
  BOOST_TEST(Contains(one, "<th scope=\"col\">March 2026</th>"));
  BOOST_TEST(Contains(one, "<th scope=\"col\">April 2026</th>"));
  BOOST_TEST(
      Contains(one, "May 2026 <span class=\"to-date\">(to date)</span>"));
  BOOST_TEST(!Contains(page.html, "February 2026"));
  std::string compute = Row(one, 1);
  BOOST_TEST(Contains(compute, "Compute &lt;script&gt;"));
  BOOST_TEST(!Contains(page.html, "<script"));
  BOOST_TEST(Contains(compute, "<td class=\"availability-fair\">99.86 %</td>"));
  BOOST_TEST(
      Contains(Row(one, 2), "<td class=\"availability-full\">100 %</td>"));
  BOOST_TEST(Row(one, 3).empty());  // in Region2's table
  BOOST_TEST(Contains(one, "<th scope=\"rowgroup\" colspan=\"4\">Cat1"));
  BOOST_TEST(Contains(one, "Availability in Region1, last 3 months"));
  // The tabs: in-page links, this panel's own marked.
  BOOST_TEST(Contains(one, "<a href=\"#region-Region2\">Region2</a>"));
  BOOST_TEST(Contains(
      one, "<a href=\"#region-Region1\" aria-current=\"true\">Region1</a>"));
  BOOST_TEST(Contains(one,
                      "<a href=\"/availability?region=Region1&amp;months=3\" "
                      "aria-current=\"page\">3</a>"));
}

BOOST_AUTO_TEST_CASE(every_region_has_its_table_the_selected_one_first) {
  Page page = Render(Data());
  std::string two = Panel(page.html, "Region2");
  BOOST_TEST(Contains(two, "Availability in Region2, last 3 months"));
  BOOST_TEST(
      Contains(Row(two, 3), "<td class=\"availability-fair\">98.27 %</td>"));
  BOOST_TEST(Row(two, 1).empty());
  BOOST_TEST(Contains(two,
                      "<a href=\"/availability?region=Region2&amp;months=3\" "
                      "aria-current=\"page\">3</a>"));
  BOOST_TEST(Count(page.html, "<table class=\"availability\">") == 2u);
  BOOST_TEST(Count(page.html, "region-selected") == 1u);
  BOOST_TEST(page.html.find("id=\"region-Region1\"") <
             page.html.find("id=\"region-Region2\""));
  BOOST_TEST(Contains(Panel(page.html, "Region1"),
                      "class=\"region-panel region-selected\""));

  // ?region=Region2: the same tables, Region2 selected and first.
  Page second = Render(Data(), std::string("Region2"));
  BOOST_TEST(second.known);
  BOOST_TEST(second.shown == "Region2");
  BOOST_TEST(second.html.find("id=\"region-Region2\"") <
             second.html.find("id=\"region-Region1\""));
  BOOST_TEST(Contains(Panel(second.html, "Region2"),
                      "class=\"region-panel region-selected\""));
  BOOST_TEST(Row(second.html, 1) == Row(page.html, 1));
  BOOST_TEST(Row(second.html, 3) == Row(page.html, 3));
}

BOOST_AUTO_TEST_CASE(page_of_an_unknown_region_and_of_no_catalog) {
  Page unknown = Render(Data(), std::string("Nowhere <b>"));
  BOOST_TEST(!unknown.known);
  BOOST_TEST(unknown.shown == "Region1");
  BOOST_TEST(Contains(unknown.html, "no region called “Nowhere &lt;b&gt;”"));
  BOOST_TEST(Contains(Panel(unknown.html, "Region1"),
                      "class=\"region-panel region-selected\""));
  BOOST_TEST(!Row(unknown.html, 3).empty());

  sdb::AvailabilityData empty;
  empty.now = kNow;
  Page none = Render(empty);
  BOOST_TEST(none.known);
  BOOST_TEST(none.shown.empty());
  BOOST_TEST(Contains(none.html, "No components are configured yet"));
}

BOOST_AUTO_TEST_CASE(row_markup) {
  // Cells are built in C++ (CellsHtml), the rest of the row by the template.
  BOOST_TEST(Row(Render(Data()).html, 1) ==
             "<tr id=\"component-1\">\n"
             "      <th scope=\"row\">Compute &lt;script&gt;</th>\n"
             "      <td class=\"availability-full\">100 %</td>\n"
             "      <td class=\"availability-fair\">99.86 %</td>\n"
             "      <td class=\"availability-full\">100 %</td>\n"
             "    ");
  // Every level and the shapes of the figure: 99.99 % (good), 0.01 % and
  // 0 % (poor). April has 2592000 s.
  sdb::AvailabilityData data = Data();
  data.outages = {
      {2, Closed("2026-03-10 10:00:00", "2026-03-10 10:00:01")},
      {2, Closed("2026-04-01 00:00:00", "2026-04-30 23:55:00")},
      {2, Open("2026-05-01 00:00:00")},
  };
  BOOST_TEST(Row(Render(data).html, 2) ==
             "<tr id=\"component-2\">\n"
             "      <th scope=\"row\">Storage</th>\n"
             "      <td class=\"availability-good\">99.99 %</td>\n"
             "      <td class=\"availability-poor\">0.01 %</td>\n"
             "      <td class=\"availability-poor\">0 %</td>\n"
             "    ");
}

BOOST_AUTO_TEST_CASE(shown_component_ids_are_those_with_a_region) {
  sdb::AvailabilityData data = Data();
  data.components.push_back(Comp(4, "Storage", "Region2", "Cat2"));
  sdb::Component no_region;
  no_region.id = 5;
  no_region.name = "Unplaced";
  data.components.push_back(no_region);
  using Ids = std::vector<int64_t>;
  BOOST_TEST(sdb::ShownComponentIds(data.components) == Ids({1, 2, 3, 4}));
  BOOST_TEST(sdb::ShownComponentIds({no_region}).empty());
  BOOST_TEST(sdb::ShownComponentIds({}).empty());

  // The page is the same with only the outages of the components shown,
  // which is all HandleAvailability loads.
  data.outages.push_back(
      {5, Closed("2026-04-10 10:00:00", "2026-04-10 11:00:00")});
  Ids ids = sdb::ShownComponentIds(data.components);
  sdb::AvailabilityData shown = data;
  std::erase_if(shown.outages, [&](const sdb::ComponentOutage& o) {
    return std::find(ids.begin(), ids.end(), o.component_id) == ids.end();
  });
  for (std::optional<std::string> region :
       {std::optional<std::string>(), std::optional<std::string>("Region2"),
        std::optional<std::string>("Nowhere")}) {
    BOOST_TEST_CONTEXT("region " << region.value_or("(none)")) {
      Page all = Render(data, region);
      BOOST_TEST(all.html == Render(shown, region).html);
      for (int64_t id : ids) BOOST_TEST(!Row(all.html, id).empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(default_months_show_six_and_offer_the_others) {
  sdb::AvailabilityData data = Data();
  data.months = sdb::kDefaultAvailabilityMonths;
  Page page = Render(data);
  BOOST_TEST(Contains(page.html,
                      "<a href=\"/availability?region=Region2&amp;months=3\">"
                      "3</a>"));
  BOOST_TEST(Contains(page.html, "<th scope=\"col\">December 2025</th>"));
}

BOOST_AUTO_TEST_SUITE_END()
