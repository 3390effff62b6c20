// Unit tests of the incident page: the path parser, LoadIncidentData on an
// in-memory database built from the real sql/, and FillIncidentDictionary
// expanded through the real templates/incident.tpl.
#include "pages/incident.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "store/db.h"
#include "store/model.h"
#include "test_support.h"
#include "web/page.h"
#include "base/template.h"

namespace {

constexpr char kNow[] = "2026-05-01 12:00:00";

// A migrated in-memory database with two regions and a few events.
struct IncidentDb {
  IncidentDb() {
    sdb::Migrate(db);
    db.Exec(R"sql(
INSERT INTO component (id, name) VALUES (1, 'Compute'), (2, 'Storage'), (3, 'Compute');
INSERT INTO component_attribute (component_id, name, value) VALUES
  (1, 'region', 'Region1'), (1, 'category', 'Cat1'),
  (2, 'region', 'Region1'), (3, 'region', 'Region2');
INSERT INTO incident (id, text, description, impact, start_date, end_date, type) VALUES
  (1, 'Disk <script>alert(1)</script> failure', NULL, 3, '2026-05-01 09:00:00', '2026-05-01 10:30:00', 'incident'),
  (2, 'Follow-up & more', NULL, 3, '2026-05-01 10:30:00', NULL, 'incident'),
  (3, 'Kernel upgrade', NULL, 0, '2026-05-03 08:00:00', '2026-05-03 10:00:00', 'maintenance'),
  (4, 'Network maintenance', '<b>Swap</b> the routers', 0, '2026-05-01 11:00:00', '2026-05-01 14:00:00', 'maintenance'),
  (5, 'Old maintenance', NULL, 0, '2026-04-01 08:00:00', '2026-04-01 09:00:00', 'maintenance'),
  (6, 'Heads-up', NULL, 1, '2026-05-01 08:00:00', NULL, 'info');
INSERT INTO incident_component_relation (incident_id, component_id) VALUES
  (1, 1), (1, 3), (2, 1), (3, 2), (4, 2), (5, 1), (6, 3);
INSERT INTO incident_status (id, incident_id, timestamp, text, status, author, related_incident_id) VALUES
  (1, 1, '2026-05-01 09:05:00', 'Looking <script>x()</script>', 'analyzing', 'monitoring', NULL),
  (2, 1, '2026-05-01 10:30:00', 'Compute (Cat1, Region1, ecs) moved to <a href=''/incidents/2''>Old title</a>', 'SYSTEM', NULL, 2),
  (3, 1, '2026-05-01 10:30:00', 'CLOSED BY SYSTEM', 'resolved', '', NULL),
  (4, 2, '2026-05-01 10:30:00', 'Compute (Cat1, Region1, ecs) moved from <a href=''/incidents/1''>x</a>, more', 'SYSTEM', NULL, 1),
  (5, 3, '2026-04-20 10:00:00', 'Upgrading the <kernel>', 'description', 'bob', NULL),
  (6, 3, '2026-04-21 10:00:00', 'Moved by a week', 'modified', 'bob', NULL),
  (7, 6, '2026-05-01 08:00:00', 'Linked by hand', 'analyzing', NULL, 1);
)sql");
  }
  sdb::Database db{":memory:", sdb::Database::Mode::kReadWriteCreate};
  sdb::Model model{db};

  sdb::IncidentData Load(int64_t id, const std::string& now = kNow) {
    auto data = sdb::LoadIncidentData(db, model, id, now);
    BOOST_TEST_REQUIRE(data.has_value());
    return *data;
  }
};

std::string Render(const sdb::IncidentData& data,
                   const sdb::DisplayZone& zone = sdb::DisplayZone()) {
  ctemplate::TemplateDictionary dict("incident");
  sdb::FillIncidentDictionary(data, zone, &dict);
  sdb::PageChrome chrome;
  chrome.title = data.incident.title;
  chrome.zone = zone;
  sdb::FillPageChrome(chrome, &dict);
  return sdb::Templates("templates").Expand("incident.tpl", dict);
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

// The <li> of update `id` in the timeline, or "".
std::string UpdateItem(const std::string& html, int64_t id) {
  auto at = html.find("id=\"update-" + std::to_string(id) + "\"");
  if (at == std::string::npos) return "";
  auto end = html.find("</li>", at);
  return html.substr(at, end - at);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(incident)

BOOST_AUTO_TEST_CASE(path_ids_are_plain_positive_numbers) {
  struct Case {
    const char* path;
    std::optional<int64_t> id;
  };
  const Case kCases[] = {
      {"/incidents/1", 1},
      {"/incidents/42", 42},
      {"/incidents/007", 7},
      {"/incidents/9223372036854775807", INT64_MAX},
      {"/incidents/9223372036854775808", std::nullopt},
      {"/incidents/99999999999999999999999", std::nullopt},
      {"/incidents/0", std::nullopt},
      {"/incidents/-1", std::nullopt},
      {"/incidents/+5", std::nullopt},
      {"/incidents/5abc", std::nullopt},
      {"/incidents/abc", std::nullopt},
      {"/incidents/5 ", std::nullopt},
      {"/incidents/ 5", std::nullopt},
      {"/incidents/5/", std::nullopt},
      {"/incidents/1e3", std::nullopt},
      {"/incidents/0x10", std::nullopt},
      {"/incidents/", std::nullopt},
      {"/incidents", std::nullopt},
      {"/incident/5", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : kCases) {
    BOOST_TEST_CONTEXT(c.path) {
      BOOST_TEST((sdb::ParseIncidentPath(c.path) == c.id));
    }
  }
}

BOOST_AUTO_TEST_CASE(unknown_incident_loads_nothing) {
  IncidentDb m;
  BOOST_TEST(!sdb::LoadIncidentData(m.db, m.model, 99, kNow).has_value());
}

BOOST_AUTO_TEST_CASE(loads_the_timeline_newest_first_and_related_titles) {
  IncidentDb m;
  sdb::IncidentData data = m.Load(1);
  BOOST_TEST(data.incident.title == "Disk <script>alert(1)</script> failure");
  BOOST_TEST(data.updates.size() == 3u);
  BOOST_TEST(data.updates.front().id == 3);  // same time: higher id first
  BOOST_TEST(data.updates.back().id == 1);
  BOOST_TEST(data.related_titles.size() == 1u);
  BOOST_TEST(data.related_titles.at(2) == "Follow-up & more");
  BOOST_TEST(data.components.size() == 3u);
  BOOST_TEST(sdb::IncidentFirstRegion(data) == "Region1");
  BOOST_TEST(sdb::IncidentFirstRegion(m.Load(6)) == "Region2");
}

BOOST_AUTO_TEST_CASE(incident_facts_in_words) {
  IncidentDb m;
  std::string html = Render(m.Load(1));
  BOOST_TEST(Contains(html, "<dt>Type</dt><dd>Incident</dd>"));
  BOOST_TEST(Contains(html, "<dt>Impact</dt><dd>Service outage</dd>"));
  BOOST_TEST(Contains(html, "<dd>Region1, Region2</dd>"));
  // Several regions: each service names its region.
  BOOST_TEST(Contains(html, "<dd>Compute (Region1), Compute (Region2)</dd>"));
  BOOST_TEST(Contains(html,
                      "<dt>Began at</dt><dd><time "
                      "datetime=\"2026-05-01T09:00:00Z\">2026-05-01 "
                      "09:00 UTC</time></dd>"));
  BOOST_TEST(Contains(html,
                      "<dt>Ended at</dt><dd><time "
                      "datetime=\"2026-05-01T10:30:00Z\">2026-05-01 "
                      "10:30 UTC</time></dd>"));
  BOOST_TEST(Contains(html, "This incident has been resolved."));
  BOOST_TEST(!Contains(html, "Planned"));
  BOOST_TEST(!Contains(html, "Description"));
}

BOOST_AUTO_TEST_CASE(open_incident_has_no_end) {
  IncidentDb m;
  std::string html = Render(m.Load(2));
  BOOST_TEST(Contains(html, "This incident is ongoing."));
  BOOST_TEST(Contains(html, "<dt>Began at</dt>"));
  BOOST_TEST(!Contains(html, "Ended at"));
  BOOST_TEST(Contains(html, "<dd>Compute</dd>"));  // one region: no suffix
  BOOST_TEST(Contains(html, "Follow-up &amp; more"));
}

BOOST_AUTO_TEST_CASE(info_event_is_called_information) {
  IncidentDb m;
  std::string html = Render(m.Load(6));
  BOOST_TEST(Contains(html, "<dt>Type</dt><dd>Information</dd>"));
  BOOST_TEST(
      Contains(html, "<dd>Minor incident (i.e. performance impact)</dd>"));
}

BOOST_AUTO_TEST_CASE(planned_maintenance_shows_planned_start_and_end) {
  IncidentDb m;
  std::string html = Render(m.Load(3));
  BOOST_TEST(Contains(html, "<dt>Type</dt><dd>Maintenance</dd>"));
  BOOST_TEST(Contains(html, "<dd>Scheduled maintenance</dd>"));
  BOOST_TEST(Contains(html, "This maintenance is planned."));
  BOOST_TEST(Contains(html, "<dt>Planned start</dt>"));
  BOOST_TEST(Contains(html, "<dt>Planned end</dt>"));
  BOOST_TEST(!Contains(html, "Began at"));
  BOOST_TEST(!Contains(html, "Ended at"));
  // The seed's description update is the description, shown once, escaped.
  BOOST_TEST(Contains(html,
                      "<p class=\"description\">Upgrading the "
                      "&lt;kernel&gt;</p>"));
  BOOST_TEST(Count(html, "Upgrading the") == 1u);
  BOOST_TEST(Contains(html, "Moved by a week"));
  BOOST_TEST(Contains(html, "<span class=\"timeline-status\">Modified</span>"));
}

BOOST_AUTO_TEST_CASE(maintenance_in_progress_then_completed) {
  IncidentDb m;
  std::string html = Render(m.Load(4));
  BOOST_TEST(Contains(html, "This maintenance is in progress."));
  BOOST_TEST(Contains(html, "<dt>Began at</dt>"));
  BOOST_TEST(Contains(html, "<dt>Planned end</dt>"));
  // Its own description column, escaped.
  BOOST_TEST(Contains(html, "&lt;b&gt;Swap&lt;/b&gt; the routers"));
  BOOST_TEST(!Contains(html, "<b>Swap"));
  BOOST_TEST(Contains(html, "No updates have been posted yet."));

  html = Render(m.Load(4, "2026-05-01 15:00:00"));
  BOOST_TEST(Contains(html, "This maintenance has been completed."));
  BOOST_TEST(Contains(html, "<dt>Ended at</dt>"));
  BOOST_TEST(!Contains(html, "Planned end"));
}

BOOST_AUTO_TEST_CASE(text_written_by_people_is_escaped) {
  IncidentDb m;
  m.db.Exec(
      "UPDATE incident_status SET author = '<i>eve</i>' WHERE id = 1;"
      "UPDATE incident SET description = '<script>d()</script>' WHERE id = 1");
  std::string html = Render(m.Load(1));
  BOOST_TEST(!Contains(html, "<script"));
  BOOST_TEST(Contains(html,
                      "Disk &lt;script&gt;alert(1)&lt;/script&gt; "
                      "failure"));
  BOOST_TEST(Contains(html, "Looking &lt;script&gt;x()&lt;/script&gt;"));
  BOOST_TEST(Contains(html, "&lt;script&gt;d()&lt;/script&gt;"));
  BOOST_TEST(Contains(html, "Posted by &lt;i&gt;eve&lt;/i&gt;"));
  BOOST_TEST(!Contains(html, "<i>eve"));
}

BOOST_AUTO_TEST_CASE(line_breaks_in_text_are_kept) {
  IncidentDb m;
  m.db.Exec(
      "UPDATE incident_status SET text = 'one <b>\n' || 'two' WHERE id = 1;"
      "UPDATE incident SET description = 'first\n' || 'second' WHERE id = 1");
  std::string html = Render(m.Load(1));
  BOOST_TEST(Contains(html, ">one &lt;b&gt;\ntwo</p>"));
  BOOST_TEST(Contains(html, ">first\nsecond</p>"));
}

BOOST_AUTO_TEST_CASE(timeline_newest_first_with_status_time_and_author) {
  IncidentDb m;
  std::string html = Render(m.Load(1));
  auto first = html.find("id=\"update-3\"");
  auto second = html.find("id=\"update-2\"");
  auto third = html.find("id=\"update-1\"");
  BOOST_TEST_REQUIRE(first != std::string::npos);
  BOOST_TEST(first < second);
  BOOST_TEST(second < third);
  std::string item = UpdateItem(html, 1);
  BOOST_TEST(
      Contains(item, "<span class=\"timeline-status\">Analyzing</span>"));
  BOOST_TEST(Contains(item,
                      "<time datetime=\"2026-05-01T09:05:00Z\">"
                      "2026-05-01 09:05 UTC</time>"));
  BOOST_TEST(Contains(item, "Posted by monitoring"));
  // An empty author is no author.
  BOOST_TEST(!Contains(UpdateItem(html, 3), "Posted by"));
  BOOST_TEST(Contains(UpdateItem(html, 2), ">System</span>"));
}

BOOST_AUTO_TEST_CASE(moved_to_update_links_the_other_incident) {
  IncidentDb m;
  std::string item = UpdateItem(Render(m.Load(1)), 2);
  // The link is built from related_incident_id and the current title; the
  // stored anchor is not passed through.
  BOOST_TEST(Contains(item,
                      "<p class=\"update-text\">Compute (Cat1, Region1, "
                      "ecs) moved to <a href=\"/incidents/2\">Follow-up "
                      "&amp; more</a></p>"));
  BOOST_TEST(!Contains(item, "Old title"));
  BOOST_TEST(!Contains(item, "href='"));
  BOOST_TEST(!Contains(item, "&lt;a"));

  item = UpdateItem(Render(m.Load(2)), 4);
  BOOST_TEST(Contains(item,
                      "moved from <a href=\"/incidents/1\">Disk "
                      "&lt;script&gt;alert(1)&lt;/script&gt; failure"
                      "</a>, more</p>"));
}

BOOST_AUTO_TEST_CASE(related_link_without_anchor_in_the_text) {
  IncidentDb m;
  std::string item = UpdateItem(Render(m.Load(6)), 7);
  BOOST_TEST(Contains(item, "<p class=\"update-text\">Linked by hand</p>"));
  BOOST_TEST(Contains(item, "See <a href=\"/incidents/1\">"));
}

BOOST_AUTO_TEST_CASE(anchor_for_another_incident_stays_escaped_text) {
  IncidentDb m;
  // Markup naming an incident other than related_incident_id is not a link.
  m.db.Exec(
      "UPDATE incident_status SET text = 'see <a href=''/incidents/3''>x</a>'"
      " WHERE id = 2");
  std::string item = UpdateItem(Render(m.Load(1)), 2);
  BOOST_TEST(Contains(item,
                      "see &lt;a href=&#39;/incidents/3&#39;&gt;x&lt;/"
                      "a&gt;</p>"));
  BOOST_TEST(Contains(item, "See <a href=\"/incidents/2\">"));
  BOOST_TEST(!Contains(item, "href=\"/incidents/3\""));
}

BOOST_AUTO_TEST_CASE(related_incident_gone_shows_its_old_title_as_text) {
  IncidentDb m;
  sdb::IncidentData data = m.Load(1);
  data.related_titles.clear();  // e.g. deleted with foreign keys off
  std::string item = UpdateItem(Render(data), 2);
  BOOST_TEST(Contains(item, "moved to Old title</p>"));
  BOOST_TEST(!Contains(item, "<a "));
}

BOOST_AUTO_TEST_CASE(times_render_in_the_visitors_zone) {
  IncidentDb m;
  auto berlin = sdb::DisplayZone::Find("Europe/Berlin");
  BOOST_TEST_REQUIRE(berlin.has_value());
  std::string html = Render(m.Load(1), *berlin);
  BOOST_TEST(Contains(html,
                      "datetime=\"2026-05-01T09:00:00Z\">2026-05-01 "
                      "11:00 CEST</time>"));
  BOOST_TEST(Contains(html, ">2026-05-01 11:05 CEST</time>"));
  BOOST_TEST(!Contains(html, " UTC</time>"));
}

BOOST_AUTO_TEST_SUITE_END()
