// Unit tests of the status board: FillBoardDictionary on BoardData built by
// hand, expanded through the real templates/board.tpl.
#include "pages/board.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/model.h"
#include "test_support.h"
#include "web/page.h"
#include "base/template.h"

namespace {

constexpr char kNow[] = "2026-05-01 12:00:00";

sdb::Component Comp(int64_t id, const std::string& name,
                    const std::string& region, const std::string& category) {
  sdb::Component c;
  c.id = id;
  c.name = name;
  if (!region.empty()) c.attributes.emplace_back("region", region);
  if (!category.empty()) c.attributes.emplace_back("category", category);
  return c;
}

sdb::Incident Event(int64_t id, const std::string& title, int impact,
                    const std::string& start, std::vector<int64_t> components,
                    std::optional<std::string> end = std::nullopt) {
  sdb::Incident i;
  i.id = id;
  i.title = title;
  i.impact = impact;
  i.start_date = start;
  i.end_date = std::move(end);
  i.type = impact == sdb::kMaintenance ? "maintenance" : "incident";
  i.component_ids = std::move(components);
  return i;
}

// Region1: Compute (Cat1), Storage (Cat1), Network (Cat2);
// Region2: Compute (Cat1).
std::vector<sdb::Component> Catalog() {
  return {Comp(1, "Compute", "Region1", "Cat1"),
          Comp(2, "Storage", "Region1", "Cat1"),
          Comp(3, "Network", "Region1", "Cat2"),
          Comp(4, "Compute", "Region2", "Cat1")};
}

struct Page {
  bool known = false;  // what FillBoardDictionary returned
  std::string html;
};

Page Render(const sdb::BoardData& data,
            const std::optional<std::string>& region = std::nullopt,
            const sdb::DisplayZone& zone = sdb::DisplayZone()) {
  ctemplate::TemplateDictionary dict("board");
  Page page;
  page.known = sdb::FillBoardDictionary(data, region, zone, &dict);
  sdb::PageChrome chrome;
  chrome.title = "Current status";
  chrome.active_nav = "board";
  chrome.zone = zone;
  sdb::FillPageChrome(chrome, &dict);
  page.html = sdb::Templates("templates").Expand("board.tpl", dict);
  return page;
}

using sdb_test::Contains;
using sdb_test::Count;
using sdb_test::SectionById;

// The text from `start` up to and including the next `end`, or "".
std::string Slice(const std::string& html, const std::string& start,
                  const std::string& end) {
  auto begin = html.find(start);
  if (begin == std::string::npos) return "";
  auto stop = html.find(end, begin);
  if (stop == std::string::npos) return "";
  return html.substr(begin, stop + end.size() - begin);
}

// The <li> of the component called `name` in the selected region (its
// panel comes first).
std::string ComponentRow(const std::string& html, const std::string& name) {
  auto at = html.find("<span class=\"component-name\">" + name + "</span>");
  if (at == std::string::npos) return "";
  auto begin = html.rfind("<li", at);
  auto end = html.find("</li>", at);
  return html.substr(begin, end + 5 - begin);
}

// The <article> of the event under way with `id`.
std::string EventArticle(const std::string& html, int64_t id) {
  std::string marker =
      "aria-labelledby=\"incident-" + std::to_string(id) + "\"";
  auto at = html.find(marker);
  if (at == std::string::npos) return "";
  auto begin = html.rfind("<article", at);
  auto end = html.find("</article>", at);
  return html.substr(begin, end + 10 - begin);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(board)

BOOST_AUTO_TEST_CASE(regions_in_order_of_first_appearance) {
  std::vector<sdb::Component> components = {
      Comp(1, "A", "Region2", ""), Comp(2, "B", "Region1", ""),
      Comp(3, "C", "Region2", ""), Comp(4, "D", "", ""),
      Comp(5, "E", "Region3", "")};
  BOOST_TEST(sdb::ComponentRegions(components) ==
             (std::vector<std::string>{"Region2", "Region1", "Region3"}));
  BOOST_TEST(sdb::ComponentRegions({}).empty());
}

BOOST_AUTO_TEST_CASE(all_operational_without_incidents) {
  sdb::BoardData data{kNow, Catalog(), {}, {}};
  Page page = Render(data);
  BOOST_TEST(page.known);
  BOOST_TEST(Contains(page.html, "All systems operational"));
  BOOST_TEST(Count(page.html, "status-operational") == 4u);  // both regions
  BOOST_TEST(!Contains(page.html, "<article"));
  BOOST_TEST(!Contains(page.html, "planned-heading"));
  BOOST_TEST(Contains(page.html, "<title>Current status · Status Dashboard"));
  BOOST_TEST(Contains(page.html, "datetime=\"2026-05-01T12:00:00Z\""));
  BOOST_TEST(Contains(page.html, "</html>"));
}

BOOST_AUTO_TEST_CASE(empty_catalog_shows_the_hint) {
  sdb::BoardData data{kNow, {}, {}, {}};
  Page page = Render(data);
  BOOST_TEST(page.known);
  BOOST_TEST(Contains(page.html, "No components are configured yet"));
  BOOST_TEST(!Contains(page.html, "<h3>"));
  BOOST_TEST(!Render(data, "Region1").known);

  sdb::BoardData with_components{kNow, Catalog(), {}, {}};
  BOOST_TEST(!Contains(Render(with_components).html,
                       "No components are configured yet"));
}

BOOST_AUTO_TEST_CASE(region_tabs_and_selection) {
  sdb::BoardData data{kNow, Catalog(), {}, {}};
  const std::string kTab1 = "<a href=\"#region-Region1\"";
  const std::string kTab2 = "<a href=\"#region-Region2\"";
  struct Case {
    std::optional<std::string> region;
    bool known;
    std::string selected;  // the panel shown first and selected
    bool notice;
  };
  const Case kCases[] = {
      {std::nullopt, true, "Region1", false},  // the first by default
      {"Region1", true, "Region1", false},
      {"Region2", true, "Region2", false},
      {"Nowhere", false, "Region1", true},
      {"region2", false, "Region1", true},  // names are case-sensitive
      // Regression: an empty ?region= gave a 404 without the notice
      // (SetValueAndShowSection hides its section for an empty value).
      {"", false, "Region1", true},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT("region " << c.region.value_or("<absent>")) {
      Page page = Render(data, c.region);
      BOOST_TEST(page.known == c.known);
      BOOST_TEST(Count(page.html, "class=\"region-panel") == 2u);
      BOOST_TEST(Count(page.html, "region-selected") == 1u);
      std::string other = c.selected == "Region1" ? "Region2" : "Region1";
      auto selected = page.html.find("id=\"region-" + c.selected + "\"");
      BOOST_TEST_REQUIRE(selected != std::string::npos);
      BOOST_TEST(selected < page.html.find("id=\"region-" + other + "\""));
      BOOST_TEST(Contains(page.html,
                          "<section class=\"region-panel "
                          "region-selected\" id=\"region-" +
                              c.selected + "\""));
      // Each panel lists both tabs in catalog order, itself marked.
      for (std::string region : {"Region1", "Region2"}) {
        std::string panel = SectionById(page.html, "region-" + region);
        auto tab1 = panel.find(kTab1);
        auto tab2 = panel.find(kTab2);
        BOOST_TEST_REQUIRE(tab1 != std::string::npos);
        BOOST_TEST_REQUIRE(tab2 != std::string::npos);
        BOOST_TEST(tab1 < tab2);
        BOOST_TEST(Count(panel, "aria-current") == 1u);
        BOOST_TEST(Contains(panel, "<a href=\"#region-" + region +
                                       "\" aria-current=\"true\">" + region +
                                       "</a>"));
      }
      BOOST_TEST(Contains(page.html, "There is no region called") == c.notice);
      if (c.notice) {
        BOOST_TEST(Contains(page.html, "“" + *c.region + "”"));
        BOOST_TEST(Contains(page.html, "Showing Region1 instead"));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_region_is_on_the_page) {
  std::vector<sdb::Component> components = Catalog();
  components.push_back(Comp(5, "Only in two", "Region2", "Cat9"));
  sdb::BoardData data{kNow, components, {}, {}};
  for (const std::optional<std::string>& region :
       {std::optional<std::string>(), std::optional<std::string>("Region2")}) {
    BOOST_TEST_CONTEXT("region " << region.value_or("<absent>")) {
      std::string html = Render(data, region).html;
      std::string one = SectionById(html, "region-Region1");
      std::string two = SectionById(html, "region-Region2");
      BOOST_TEST(Contains(one, ">Storage<"));
      BOOST_TEST(!Contains(one, "Only in two"));
      BOOST_TEST(Count(one, "class=\"component ") == 3u);
      BOOST_TEST(Contains(two, "Only in two"));
      BOOST_TEST(!Contains(two, ">Storage<"));
      BOOST_TEST(Count(two, "class=\"component ") == 2u);
      // "Compute" is in both regions: once in each.
      BOOST_TEST(Count(html, "component-name\">Compute<") == 2u);
      BOOST_TEST(Contains(one, ">Components in Region1</h2>"));
      BOOST_TEST(Contains(two, ">Components in Region2</h2>"));
    }
  }
}

BOOST_AUTO_TEST_CASE(components_grouped_under_sorted_category_cards) {
  std::vector<sdb::Component> components = {
      Comp(1, "Zed service", "Region1", "Zeta"),
      Comp(2, "Uncategorised", "Region1", ""),
      Comp(3, "Alpha one", "Region1", "Alpha"),
      Comp(4, "Alpha two", "Region1", "Alpha"),
  };
  sdb::BoardData data{kNow, components, {}, {}};
  std::string html = Render(data).html;
  auto alpha = html.find("<h3>Alpha</h3>");
  auto other = html.find("<h3>Other</h3>");
  auto zeta = html.find("<h3>Zeta</h3>");
  BOOST_TEST_REQUIRE(alpha != std::string::npos);
  BOOST_TEST_REQUIRE(other != std::string::npos);
  BOOST_TEST_REQUIRE(zeta != std::string::npos);
  BOOST_TEST(alpha < other);
  BOOST_TEST(other < zeta);
  // Each component inside its own card, in catalog order within it.
  std::string alpha_card = Slice(html, "<h3>Alpha</h3>", "</section>");
  BOOST_TEST(Contains(alpha_card, "Alpha one"));
  BOOST_TEST(Contains(alpha_card, "Alpha two"));
  BOOST_TEST(alpha_card.find("Alpha one") < alpha_card.find("Alpha two"));
  BOOST_TEST(!Contains(alpha_card, "Zed service"));
  BOOST_TEST(
      Contains(Slice(html, "<h3>Other</h3>", "</section>"), "Uncategorised"));
  BOOST_TEST(
      Contains(Slice(html, "<h3>Zeta</h3>", "</section>"), "Zed service"));
}

BOOST_AUTO_TEST_CASE(component_status_from_events_under_way) {
  struct Case {
    const char* name;
    std::vector<sdb::Incident> active;  // newest first, all on component 1
    const char* key;
    const char* label;
    int64_t link;  // the incident linked from the status; 0: none
  };
  const Case kCases[] = {
      {"nothing", {}, "operational", "Operational", 0},
      {"minor",
       {Event(7, "Slow", 1, "2026-05-01 10:00:00", {1})},
       "minor",
       "Minor issue",
       7},
      {"major",
       {Event(7, "Errors", 2, "2026-05-01 10:00:00", {1})},
       "major",
       "Major issue",
       7},
      {"worst wins: outage older than minor",
       {Event(8, "Slow", 1, "2026-05-01 11:00:00", {1}),
        Event(7, "Down", 3, "2026-05-01 10:00:00", {1})},
       "outage",
       "Outage",
       7},
      {"worst wins: outage newer than minor",
       {Event(8, "Down", 3, "2026-05-01 11:00:00", {1}),
        Event(7, "Slow", 1, "2026-05-01 10:00:00", {1})},
       "outage",
       "Outage",
       8},
      {"equal impact: the newest",
       {Event(8, "Newer", 2, "2026-05-01 11:00:00", {1}),
        Event(7, "Older", 2, "2026-05-01 10:00:00", {1})},
       "major",
       "Major issue",
       8},
      {"maintenance under way",
       {Event(9, "Upgrade", 0, "2026-05-01 11:00:00", {1},
              "2026-05-01 14:00:00")},
       "maintenance",
       "Maintenance",
       9},
      {"incident beats a newer maintenance",
       {Event(9, "Upgrade", 0, "2026-05-01 11:00:00", {1},
              "2026-05-01 14:00:00"),
        Event(7, "Slow", 1, "2026-05-01 10:00:00", {1})},
       "minor",
       "Minor issue",
       7},
      {"incident beats an older maintenance",
       {Event(7, "Slow", 1, "2026-05-01 11:00:00", {1}),
        Event(9, "Upgrade", 0, "2026-05-01 10:00:00", {1},
              "2026-05-01 14:00:00")},
       "minor",
       "Minor issue",
       7},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT(c.name) {
      sdb::BoardData data{kNow, Catalog(), c.active, {}};
      std::string html = Render(data).html;
      std::string row = ComponentRow(html, "Compute");
      BOOST_TEST_REQUIRE(!row.empty());
      BOOST_TEST(Contains(row, std::string("status-") + c.key), row);
      BOOST_TEST(Contains(row, std::string("height=\"16\"> ") + c.label), row);
      BOOST_TEST(Contains(row, std::string("/static/icons/") + c.key + ".svg"),
                 row);
      if (c.link != 0) {
        BOOST_TEST(Contains(row, "<a href=\"/incidents/" +
                                     std::to_string(c.link) + "\""),
                   row);
      } else {
        BOOST_TEST(!Contains(row, "<a "), row);
      }
      // Components the events do not touch stay operational.
      BOOST_TEST(Contains(ComponentRow(html, "Storage"), "status-operational"));
    }
  }
}

BOOST_AUTO_TEST_CASE(planned_maintenance_marker_links_to_it) {
  sdb::Incident planned = Event(6, "Disk swap", 0, "2026-05-02 08:00:00", {2},
                                "2026-05-02 09:00:00");
  sdb::Incident later = Event(10, "Later swap", 0, "2026-05-03 08:00:00", {2},
                              "2026-05-03 09:00:00");
  sdb::BoardData data{kNow, Catalog(), {}, {planned, later}};
  std::string html = Render(data).html;
  std::string row = ComponentRow(html, "Storage");
  BOOST_TEST(Contains(row, "status-operational"), row);
  // The soonest planned maintenance is the one linked.
  BOOST_TEST(Contains(row, "<a class=\"planned\" href=\"/incidents/6\""), row);
  BOOST_TEST(Contains(row, "Planned maintenance from 2026-05-02 08:00 UTC"),
             row);
  BOOST_TEST(!Contains(row, "/incidents/10"), row);
  BOOST_TEST(!Contains(ComponentRow(html, "Compute"), "class=\"planned\""));
  // And the list of planned maintenances.
  std::string list =
      Slice(html, "<section class=\"planned-list\"", "</section>");
  BOOST_TEST(Contains(list, "<a href=\"/incidents/6\">Disk swap</a>"), list);
  BOOST_TEST(Contains(list, "<a href=\"/incidents/10\">Later swap</a>"), list);
  BOOST_TEST(list.find("Disk swap") < list.find("Later swap"));
  BOOST_TEST(Contains(list,
                      "<time datetime=\"2026-05-02T08:00:00Z\">"
                      "2026-05-02 08:00 UTC</time>"),
             list);
  BOOST_TEST(Contains(list, "<time datetime=\"2026-05-02T09:00:00Z\">"), list);
  // A planned maintenance is not an incident.
  BOOST_TEST(Contains(html, "All systems operational"));
}

BOOST_AUTO_TEST_CASE(open_incident_section) {
  sdb::Incident incident =
      Event(7, "Volumes unavailable", 3, "2026-05-01 10:00:00", {1, 2});
  incident.latest_update =
      sdb::Update{2, "2026-05-01 10:30:00", "fixing",
                  "Fix deployed to half the nodes", "alice"};
  sdb::BoardData data{kNow, Catalog(), {incident}, {}};
  std::string html = Render(data).html;
  BOOST_TEST(!Contains(html, "All systems operational"));
  std::string article = EventArticle(html, 7);
  BOOST_TEST_REQUIRE(!article.empty());
  BOOST_TEST(Contains(article, "class=\"event event-outage\""), article);
  BOOST_TEST(
      Contains(article, "<a href=\"/incidents/7\">Volumes unavailable</a>"),
      article);
  BOOST_TEST(Contains(article, "<dd>Service outage</dd>"), article);
  BOOST_TEST(Contains(article, "<dt>Affected regions</dt><dd>Region1</dd>"),
             article);
  // One region: the services without "(Region)".
  BOOST_TEST(
      Contains(article, "<dt>Affected services</dt><dd>Compute, Storage</dd>"),
      article);
  BOOST_TEST(Contains(article,
                      "<time datetime=\"2026-05-01T10:00:00Z\">"
                      "2026-05-01 10:00 UTC</time>"),
             article);
  BOOST_TEST(Contains(article, "<strong>fixing</strong>"), article);
  BOOST_TEST(Contains(article, "<time datetime=\"2026-05-01T10:30:00Z\">"),
             article);
  BOOST_TEST(Contains(article, "Fix deployed to half the nodes"), article);
}

BOOST_AUTO_TEST_CASE(incident_across_regions_names_the_region_of_each_service) {
  sdb::Incident incident =
      Event(7, "Compute down", 2, "2026-05-01 10:00:00", {1, 4});
  sdb::BoardData data{kNow, Catalog(), {incident}, {}};
  std::string article = EventArticle(Render(data).html, 7);
  BOOST_TEST(Contains(article, "<dd>Region1, Region2</dd>"), article);
  BOOST_TEST(Contains(article, "<dd>Compute (Region1), Compute (Region2)</dd>"),
             article);
  BOOST_TEST(Contains(article, "<dd>Major incident</dd>"), article);
  // Without an update there is no update block.
  BOOST_TEST(!Contains(article, "class=\"update\""), article);
}

BOOST_AUTO_TEST_CASE(maintenance_under_way_section) {
  sdb::Incident maintenance =
      Event(9, "Hypervisor upgrade", 0, "2026-05-01 11:00:00", {3},
            "2026-05-01 14:00:00");
  maintenance.description_text = "Rolling upgrade, no downtime expected";
  sdb::BoardData data{kNow, Catalog(), {maintenance}, {}};
  std::string html = Render(data).html;
  std::string article = EventArticle(html, 9);
  BOOST_TEST_REQUIRE(!article.empty());
  BOOST_TEST(Contains(article, "class=\"event event-maintenance\""), article);
  BOOST_TEST(
      Contains(article, "<a href=\"/incidents/9\">Hypervisor upgrade</a>"),
      article);
  BOOST_TEST(Contains(article, "Rolling upgrade, no downtime expected"),
             article);
  BOOST_TEST(Contains(article, "Scheduled maintenance (in progress)"), article);
  BOOST_TEST(Contains(article, "Planned end"), article);
  BOOST_TEST(Contains(article, "<time datetime=\"2026-05-01T14:00:00Z\">"),
             article);
  BOOST_TEST(Contains(ComponentRow(html, "Network"), "status-maintenance"));
}

BOOST_AUTO_TEST_CASE(text_written_by_people_is_escaped) {
  const std::string kScript = "<script>alert(1)</script>";
  std::vector<sdb::Component> components = {
      Comp(1, "Compute " + kScript, "Region1", "Cat <i>1</i>"),
      Comp(2, "Storage & \"Backup\"", "Region1", "Cat1"),
  };
  sdb::Incident incident =
      Event(7, "Title " + kScript, 3, "2026-05-01 10:00:00", {1, 2});
  incident.latest_update =
      sdb::Update{1, "2026-05-01 10:30:00", "fixing <b>now</b>",
                  "Update " + kScript, std::nullopt};
  sdb::Incident maintenance =
      Event(9, "Maintenance " + kScript, 0, "2026-05-01 11:00:00", {2},
            "2026-05-01 14:00:00");
  maintenance.description_text = "Description " + kScript;
  sdb::Incident planned =
      Event(6, "Planned " + kScript, 0, "2026-05-02 08:00:00", {1},
            "2026-05-02 09:00:00");
  sdb::BoardData data{kNow, components, {maintenance, incident}, {planned}};
  for (const std::optional<std::string>& region :
       {std::optional<std::string>(), std::optional<std::string>(kScript)}) {
    BOOST_TEST_CONTEXT("region " << region.value_or("<absent>")) {
      std::string html = Render(data, region).html;
      BOOST_TEST(!Contains(html, "<script"));
      BOOST_TEST(!Contains(html, "<b>"));
      BOOST_TEST(!Contains(html, "<i>"));
      BOOST_TEST(!Contains(html, "\"Backup\""));
      BOOST_TEST(Contains(html, "Title &lt;script&gt;alert(1)&lt;/script&gt;"));
      BOOST_TEST((Contains(html, "Storage &amp; &quot;Backup&quot;") ||
                  Contains(html, "Storage &amp; &#34;Backup&#34;")));
    }
  }
}

BOOST_AUTO_TEST_CASE(region_names_make_distinct_safe_anchors) {
  BOOST_TEST(sdb::RegionAnchor("EU-DE") == "region-EU-DE");
  BOOST_TEST(sdb::RegionAnchor("EU DE&x=1+2#top") ==
             "region-EU_20DE_26x_3D1_2B2_23top");
  // "_" is written as _5F, so no two names share an anchor.
  BOOST_TEST(sdb::RegionAnchor("a b") != sdb::RegionAnchor("a_20b"));
  BOOST_TEST(sdb::RegionAnchor("\xc3\xa9") == "region-_C3_A9");

  std::vector<sdb::Component> components = {
      Comp(1, "A", "EU DE&x=1+2#top", "Cat1"),
      Comp(2, "B", "Region2", "Cat1"),
  };
  sdb::BoardData data{kNow, components, {}, {}};
  std::string html = Render(data).html;
  BOOST_TEST(Contains(html, "<a href=\"#region-EU_20DE_26x_3D1_2B2_23top\""),
             html);
  BOOST_TEST(Contains(html, "id=\"region-EU_20DE_26x_3D1_2B2_23top\""));
  BOOST_TEST(Contains(html, ">EU DE&amp;x=1+2#top</a>"));
}

BOOST_AUTO_TEST_CASE(times_render_in_the_visitor_zone) {
  sdb::BoardData data;
  data.now = "2026-07-01 12:00:00";
  Page page =
      Render(data, std::nullopt, *sdb::DisplayZone::Find("Europe/Berlin"));
  // Summer time in Berlin is UTC+2; the machine-readable time stays UTC.
  BOOST_TEST(Contains(
      page.html,
      "<time datetime=\"2026-07-01T12:00:00Z\">2026-07-01 14:00 CEST</time>"));
  BOOST_TEST(Contains(page.html, "<option selected>Europe/Berlin</option>"));
}

// Regression: plain HTML escaping turned the line breaks of updates and
// descriptions into spaces.
BOOST_AUTO_TEST_CASE(line_breaks_in_updates_and_descriptions_are_kept) {
  std::vector<sdb::Component> components = {
      Comp(1, "Compute", "Region1", "Cat1")};
  sdb::Incident incident = Event(7, "Slow API", 2, "2026-05-01 10:00:00", {1});
  incident.latest_update = sdb::Update{1, "2026-05-01 10:30:00", "fixing",
                                       "First line\nsecond <line>"};
  sdb::Incident maintenance =
      Event(9, "Upgrade", 0, "2026-05-01 11:00:00", {1}, "2026-05-01 14:00:00");
  maintenance.description_text = "Step one\nstep two";
  sdb::BoardData data{kNow, components, {maintenance, incident}, {}};
  std::string html = Render(data).html;
  BOOST_TEST(Contains(html, "First line\nsecond &lt;line&gt;"));
  BOOST_TEST(Contains(html, "Step one\nstep two"));
}

BOOST_AUTO_TEST_SUITE_END()
