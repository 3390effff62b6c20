// Unit tests of the feeds: the seed's parameter checks, RSS and Atom through
// the real templates, JSON Feed, the iCalendar rules (CRLF, folding,
// escaping, UID, SEQUENCE, STATUS), and the two queries on an in-memory
// database built from the real sql/.
#include "pages/feed.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/config.h"
#include "base/error.h"
#include "store/db.h"
#include "store/model.h"
#include "test_support.h"
#include "web/http.h"
#include "base/template.h"

namespace {

sdb::Component Comp(int64_t id, const std::string& name,
                    const std::string& region) {
  sdb::Component c;
  c.id = id;
  c.name = name;
  c.attributes.emplace_back("region", region);
  return c;
}

std::vector<sdb::Component> Catalog() {
  return {Comp(1, "Compute", "Region1"), Comp(2, "Storage", "Region1"),
          Comp(3, "Compute", "Region2")};
}

sdb::Update Upd(int64_t id, const std::string& timestamp,
                const std::string& status, const std::string& text) {
  sdb::Update u;
  u.id = id;
  u.timestamp = timestamp;
  u.status = status;
  u.text = text;
  return u;
}

sdb::FeedEvent Event(int64_t id, const std::string& title, int impact,
                     const std::string& start,
                     std::optional<std::string> end = std::nullopt) {
  sdb::FeedEvent e;
  e.incident.id = id;
  e.incident.title = title;
  e.incident.impact = impact;
  e.incident.start_date = start;
  e.incident.end_date = std::move(end);
  e.incident.component_ids = {1};
  return e;
}

sdb::FeedData Data() {
  sdb::FeedData data;
  data.base_url = "https://status.example.com";
  data.selection.region = "Region1";
  data.changed_at = "2026-05-01 12:00:00";
  data.components = Catalog();
  sdb::FeedEvent incident =
      Event(7, "Storage <script>alert(1)</script> & more", 2,
            "2026-05-01 10:00:00", "2026-05-01 11:30:00");
  incident.updates = {
      Upd(2, "2026-05-01 11:30:00", "resolved", "Fixed <b>it</b> & done"),
      Upd(1, "2026-05-01 10:05:00", "analyzing", "Looking into it")};
  data.events.push_back(incident);
  data.events.push_back(Event(5, "Quiet one", 1, "2026-04-30 08:00:00"));
  return data;
}

using sdb_test::Contains;

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

std::string Expand(const std::string& name,
                   const ctemplate::TemplateDictionary& dict) {
  return sdb::Templates("templates").Expand(name, dict);
}

// Undoes RFC 5545 folding: CRLF followed by a space joins the lines.
std::string Unfold(std::string text) {
  for (auto at = text.find("\r\n "); at != std::string::npos;
       at = text.find("\r\n ", at)) {
    text.erase(at, 3);
  }
  return text;
}

// The lines of an iCalendar text (split at CRLF).
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\r\n", start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

// The value of property `name` of the first VEVENT, unfolded.
std::string Property(const std::string& calendar, const std::string& name) {
  for (const std::string& line : Lines(Unfold(calendar))) {
    if (line.rfind(name + ":", 0) == 0) return line.substr(name.size() + 1);
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(feed)

BOOST_AUTO_TEST_CASE(paths_and_content_types) {
  using sdb::FeedFormat;
  BOOST_TEST((sdb::FeedFormatOf("/rss/") == FeedFormat::kRss));
  BOOST_TEST((sdb::FeedFormatOf("/rss") == FeedFormat::kRss));
  BOOST_TEST((sdb::FeedFormatOf("/atom/") == FeedFormat::kAtom));
  BOOST_TEST((sdb::FeedFormatOf("/feed.json") == FeedFormat::kJson));
  BOOST_TEST((sdb::FeedFormatOf("/maintenance.ics") == FeedFormat::kCalendar));
  BOOST_TEST(!sdb::FeedFormatOf("/rss/x").has_value());
  BOOST_TEST(std::string(sdb::FeedContentType(FeedFormat::kRss)) ==
             "application/rss+xml; charset=utf-8");
  BOOST_TEST(std::string(sdb::FeedContentType(FeedFormat::kCalendar)) ==
             "text/calendar; charset=utf-8");
}

BOOST_AUTO_TEST_CASE(parameters_checked_with_the_seed_texts) {
  struct Case {
    std::optional<std::string> mt, srv;
    const char* error;  // nullptr: selected
  };
  const char* hint =
      "Status Dashboard RSS feed\nPlease read the documentation to\nmake the "
      "correct request";
  const Case cases[] = {
      {std::nullopt, std::nullopt, hint},
      {std::string(""), std::nullopt, hint},
      {std::nullopt, std::string("Compute"), hint},
      {std::string("Unknown"), std::nullopt,
       "Unknown is not a supported region"},
      {std::string("Region1"), std::string("Network"),
       "Component: Network is not found"},
      {std::string("Unknown"), std::string("Compute"),
       "Component: Compute is not found"},
      {std::string("Region2"), std::string("Storage"),
       "Component: Storage is not found"},
      {std::string("Region1"), std::nullopt, nullptr},
      {std::string("Region1"), std::string(""), nullptr},
      {std::string("Region2"), std::string("Compute"), nullptr},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("mt=" << c.mt.value_or("(none)")
                             << " srv=" << c.srv.value_or("(none)")) {
      std::string error;
      auto selection = sdb::SelectFeed(c.mt, c.srv, Catalog(), &error);
      if (c.error) {
        BOOST_TEST(!selection.has_value());
        BOOST_TEST(error == c.error);
      } else {
        BOOST_REQUIRE(selection.has_value());
        BOOST_TEST(selection->region == *c.mt);
      }
    }
  }
  std::string error;
  auto one = sdb::SelectFeed(std::string("Region2"), std::string("Compute"),
                             Catalog(), &error);
  BOOST_REQUIRE(one && one->component);
  BOOST_TEST(one->component->id == 3);
}

BOOST_AUTO_TEST_CASE(rss_escapes_and_links_like_the_seed) {
  ctemplate::TemplateDictionary dict("rss");
  sdb::FillRssDictionary(Data(), &dict);
  std::string xml = Expand("rss.tpl", dict);
  BOOST_TEST(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) ==
             0u);
  BOOST_TEST(Contains(xml, "<rss version=\"2.0\""));
  BOOST_TEST(
      Contains(xml, "<title>Region1 - Incidents | Status Dashboard</title>"));
  BOOST_TEST(Contains(xml, "<description>Region1 - Incidents</description>"));
  BOOST_TEST(Contains(xml,
                      "<atom:link href=\"https://status.example.com/rss/"
                      "?mt=Region1\" rel=\"self\""));
  BOOST_TEST(Count(xml, "<item>") == 2u);
  // Text is escaped once in <title>, and twice in the HTML of <description>.
  BOOST_TEST(Contains(xml,
                      "<title>Storage &lt;script&gt;alert(1)&lt;/script&gt; "
                      "&amp; more</title>"));
  BOOST_TEST(!Contains(xml, "<script"));
  BOOST_TEST(!Contains(xml, "<b>"));
  BOOST_TEST(Contains(xml,
                      "Fixed &amp;lt;b&amp;gt;it&amp;lt;/b&amp;gt; "
                      "&amp;amp; done"));
  BOOST_TEST(
      Contains(xml, "<link>https://status.example.com/incidents/7</link>"));
  BOOST_TEST(Contains(xml,
                      "<guid isPermaLink=\"true\">https://status.example.com/"
                      "incidents/7</guid>"));
  BOOST_TEST(Contains(xml, "Incident impact: major"));
  BOOST_TEST(Contains(xml, "Incident has started on: 2026-05-01 10:00 UTC"));
  BOOST_TEST(Contains(xml, "Incident end date: 2026-05-01 11:30 UTC"));
  BOOST_TEST(Contains(xml, "<pubDate>Fri, 01 May 2026 11:30:00 GMT</pubDate>"));
  BOOST_TEST(Contains(xml, "<pubDate>Thu, 30 Apr 2026 08:00:00 GMT</pubDate>"));
  BOOST_TEST(Contains(
      xml, "<lastBuildDate>Fri, 01 May 2026 11:30:00 GMT</lastBuildDate>"));
}

BOOST_AUTO_TEST_CASE(event_html_lists_updates_newest_first) {
  sdb::FeedData data = Data();
  std::string html = sdb::FeedEventHtml(data, data.events[0]);
  auto resolved = html.find("<strong>resolved - </strong>");
  auto analyzing = html.find("<strong>analyzing - </strong>");
  BOOST_TEST(resolved < analyzing);
  BOOST_TEST(analyzing != std::string::npos);
  BOOST_TEST(Contains(html, "<small>2026-05-01 11:30 UTC</small><br>"));
  BOOST_TEST(Contains(html, "Affected services: Compute"));
  BOOST_TEST(Contains(html, "Fixed &lt;b&gt;it&lt;/b&gt; &amp; done"));
  BOOST_TEST(Contains(html, "We apologize for the inconvenience"));
  // Open events have no end date; a move links the other event.
  sdb::FeedEvent open = data.events[1];
  sdb::Update moved = Upd(9, "2026-04-30 09:00:00", "SYSTEM",
                          "Compute (Region1) moved to Other");
  moved.related_incident_id = 12;
  open.updates = {moved};
  html = sdb::FeedEventHtml(data, open);
  BOOST_TEST(!Contains(html, "Incident end date"));
  BOOST_TEST(Contains(html,
                      "<a href=\"https://status.example.com/incidents/12\">"
                      "Compute (Region1) moved to Other</a>"));
}

BOOST_AUTO_TEST_CASE(component_feed_titles_and_links) {
  sdb::FeedData data = Data();
  data.selection.component = Catalog()[0];
  BOOST_TEST(sdb::FeedTitle(data) ==
             "Compute (Region1) - Incidents | Status Dashboard");
  BOOST_TEST(sdb::FeedSelfUrl(data, sdb::FeedFormat::kAtom) ==
             "https://status.example.com/atom/?mt=Region1&srv=Compute");
  ctemplate::TemplateDictionary dict("rss");
  sdb::FillRssDictionary(data, &dict);
  BOOST_TEST(Contains(Expand("rss.tpl", dict),
                      "/rss/?mt=Region1&amp;srv=Compute\" rel=\"self\""));
}

BOOST_AUTO_TEST_CASE(rss_channel_description_is_escaped_as_html) {
  // Readers render <description> as HTML: a region name with markup must
  // reach them as text, escaped twice like the items' descriptions.
  sdb::FeedData data = Data();
  data.selection.region = "<b>EU</b>&";
  ctemplate::TemplateDictionary dict("rss");
  sdb::FillRssDictionary(data, &dict);
  std::string xml = Expand("rss.tpl", dict);
  BOOST_TEST(Contains(xml,
                      "<description>&amp;lt;b&amp;gt;EU&amp;lt;/b&amp;gt;"
                      "&amp;amp; - Incidents</description>"),
             xml);
  BOOST_TEST(!Contains(xml, "<description>&lt;b&gt;"));
}

BOOST_AUTO_TEST_CASE(atom_entries) {
  ctemplate::TemplateDictionary dict("atom");
  sdb::FillAtomDictionary(Data(), &dict);
  std::string xml = Expand("atom.tpl", dict);
  BOOST_TEST(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) ==
             0u);
  BOOST_TEST(Contains(xml, "<feed xmlns=\"http://www.w3.org/2005/Atom\""));
  BOOST_TEST(
      Contains(xml, "<id>https://status.example.com/atom/?mt=Region1</id>"));
  BOOST_TEST(Contains(xml, "<updated>2026-05-01T11:30:00Z</updated>"));
  BOOST_TEST(Count(xml, "<entry>") == 2u);
  BOOST_TEST(Contains(xml, "<id>https://status.example.com/incidents/7</id>"));
  BOOST_TEST(Contains(xml, "<published>2026-05-01T10:00:00Z</published>"));
  BOOST_TEST(
      Contains(xml, "<category term=\"major\" label=\"Major incident\"/>"));
  BOOST_TEST(Contains(xml, "<title type=\"text\">Storage &lt;script&gt;"));
  BOOST_TEST(!Contains(xml, "<script"));
  BOOST_TEST(Contains(xml, "<author><name>Status Dashboard</name></author>"));
}

BOOST_AUTO_TEST_CASE(atom_without_events_is_dated_by_the_data) {
  sdb::FeedData data = Data();
  data.events.clear();
  ctemplate::TemplateDictionary dict("atom");
  sdb::FillAtomDictionary(data, &dict);
  std::string xml = Expand("atom.tpl", dict);
  BOOST_TEST(Contains(xml, "<updated>2026-05-01T12:00:00Z</updated>"));
  BOOST_TEST(!Contains(xml, "<entry>"));
}

BOOST_AUTO_TEST_CASE(json_feed_1_1) {
  sdb::FeedData data = Data();
  data.events[1].incident.title = "Bad \xff byte and \x01 control";
  auto feed = nlohmann::json::parse(sdb::RenderJsonFeed(data));
  BOOST_TEST(feed["version"] == "https://jsonfeed.org/version/1.1");
  BOOST_TEST(feed["title"] == "Region1 - Incidents | Status Dashboard");
  BOOST_TEST(feed["feed_url"] ==
             "https://status.example.com/feed.json?mt=Region1");
  BOOST_TEST(feed["home_page_url"] ==
             "https://status.example.com/?region=Region1");
  BOOST_REQUIRE(feed["items"].size() == 2u);
  const auto& item = feed["items"][0];
  BOOST_TEST(item["id"] == "https://status.example.com/incidents/7");
  BOOST_TEST(item["url"] == "https://status.example.com/incidents/7");
  BOOST_TEST(item["title"] == "Storage <script>alert(1)</script> & more");
  BOOST_TEST(item["date_published"] == "2026-05-01T10:00:00Z");
  BOOST_TEST(item["date_modified"] == "2026-05-01T11:30:00Z");
  BOOST_TEST(item["tags"][0] == "major");
  std::string html = item["content_html"];
  BOOST_TEST(Contains(html, "Fixed &lt;b&gt;it&lt;/b&gt;"));
  BOOST_TEST(feed["items"][1]["title"] == "Bad \xEF\xBF\xBD byte and  control");
}

BOOST_AUTO_TEST_CASE(clean_text_keeps_valid_utf8_only) {
  BOOST_TEST(sdb::CleanText("Zürich 東京 🚀") == "Zürich 東京 🚀");
  BOOST_TEST(sdb::CleanText("a\r\nb\rc\nd\te") == "a\nb\nc\nd\te");
  BOOST_TEST(sdb::CleanText(std::string("a\0b\x1b\x7f", 5)) == "ab");
  const std::string kReplacement = "\xEF\xBF\xBD";
  BOOST_TEST(sdb::CleanText("\xC0\xAF") == kReplacement + kReplacement);
  BOOST_TEST(sdb::CleanText("\xED\xA0\x80") ==
             kReplacement + kReplacement + kReplacement);
  BOOST_TEST(sdb::CleanText("cut \xE6\x9D") ==
             "cut " + kReplacement + kReplacement);
  BOOST_TEST(sdb::CleanText("\xEF\xBF\xBE") ==
             kReplacement + kReplacement + kReplacement);
}

BOOST_AUTO_TEST_CASE(ical_text_escaping) {
  BOOST_TEST(sdb::ICalText("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
  BOOST_TEST(sdb::ICalText("line\r\nbreak") == "line\\nbreak");
  BOOST_TEST(sdb::ICalText("<script>&") == "<script>&");
}

BOOST_AUTO_TEST_CASE(ical_lines_fold_at_75_octets) {
  BOOST_TEST(sdb::ICalLine("SHORT:x") == "SHORT:x\r\n");
  std::string exact(75, 'a');
  BOOST_TEST(sdb::ICalLine(exact) == exact + "\r\n");
  std::string long_line = "DESCRIPTION:" + std::string(200, 'x');
  std::string folded = sdb::ICalLine(long_line);
  for (const std::string& line : Lines(folded)) {
    BOOST_TEST(line.size() <= 75u);
  }
  BOOST_TEST(Lines(folded)[1][0] == ' ');
  BOOST_TEST(Unfold(folded) == long_line + "\r\n");
  // Multi-byte characters are never split: 3-octet characters make the
  // 75-octet boundary fall inside one.
  std::string wide = "SUMMARY:";
  for (int i = 0; i < 60; ++i) wide += "\xE6\x9D\xB1";  // 東
  folded = sdb::ICalLine(wide);
  for (const std::string& line : Lines(folded)) {
    BOOST_TEST(line.size() <= 75u);
    BOOST_TEST(sdb::CleanText(line) == line);  // valid UTF-8 on its own
  }
  BOOST_TEST(Unfold(folded) == wide + "\r\n");
}

namespace {

sdb::FeedData Calendar() {
  sdb::FeedData data;
  data.base_url = "https://status.example.com:8443";
  data.selection.region = "Region1";
  data.changed_at = "2026-05-01 12:00:00";
  data.components = Catalog();
  sdb::FeedEvent m = Event(42, "Router upgrade, phase 1; core\\edge", 0,
                           "2026-05-03 08:00:00", "2026-05-03 10:00:00");
  m.incident.type = "maintenance";
  m.incident.description_text =
      "We replace the routers, one at a time; expect short interruptions. " +
      std::string(100, 'z') + "\nSecond line.";
  m.updates = {Upd(1, "2026-05-01 09:00:00", "description", "unused")};
  data.events.push_back(m);
  return data;
}

}  // namespace

BOOST_AUTO_TEST_CASE(ical_document) {
  std::string ics = sdb::RenderMaintenanceCalendar(Calendar());
  // CRLF everywhere, no line over 75 octets.
  BOOST_TEST(Count(ics, "\n") == Count(ics, "\r\n"));
  BOOST_TEST(ics.size() >= 2u);
  BOOST_TEST(ics.substr(ics.size() - 2) == "\r\n");
  for (const std::string& line : Lines(ics)) {
    BOOST_TEST(line.size() <= 75u, "long line: " << line);
  }
  std::vector<std::string> lines = Lines(Unfold(ics));
  BOOST_TEST(lines.front() == "BEGIN:VCALENDAR");
  BOOST_TEST(lines.back() == "END:VCALENDAR");
  BOOST_TEST(Contains(ics, "\r\nVERSION:2.0\r\n"));
  BOOST_TEST(Contains(ics, "\r\nPRODID:"));
  BOOST_TEST(Count(ics, "BEGIN:VEVENT") == 1u);
  BOOST_TEST(Property(ics, "UID") == "maintenance-42@status.example.com");
  BOOST_TEST(Property(ics, "DTSTART") == "20260503T080000Z");
  BOOST_TEST(Property(ics, "DTEND") == "20260503T100000Z");
  BOOST_TEST(Property(ics, "DTSTAMP") == "20260501T090000Z");
  BOOST_TEST(Property(ics, "SEQUENCE") == "1");
  BOOST_TEST(Property(ics, "STATUS") == "CONFIRMED");
  BOOST_TEST(Property(ics, "SUMMARY") ==
             "Router upgrade\\, phase 1\\; core\\\\edge");
  std::string description = Property(ics, "DESCRIPTION");
  BOOST_TEST(Contains(description, "one at a time\\; expect short"));
  BOOST_TEST(Contains(description, "\\nSecond line."));
  BOOST_TEST(Contains(description, "Affected services: Compute"));
  BOOST_TEST(
      Contains(description, "https://status.example.com:8443/incidents/42"));
  BOOST_TEST(Property(ics, "URL") ==
             "https://status.example.com:8443/incidents/42");
}

BOOST_AUTO_TEST_CASE(ical_uid_stable_and_sequence_rising) {
  sdb::FeedData data = Calendar();
  std::string before = sdb::RenderMaintenanceCalendar(data);
  data.events[0].updates.insert(
      data.events[0].updates.begin(),
      Upd(2, "2026-05-02 09:00:00", "modified", "Moved by an hour"));
  data.events[0].incident.start_date = "2026-05-03 09:00:00";
  data.changed_at = "2026-05-02 09:00:00";
  std::string after = sdb::RenderMaintenanceCalendar(data);
  BOOST_TEST(Property(before, "UID") == Property(after, "UID"));
  BOOST_TEST(std::stoi(Property(after, "SEQUENCE")) >
             std::stoi(Property(before, "SEQUENCE")));
  BOOST_TEST(Property(after, "DTSTAMP") == "20260502T090000Z");
  BOOST_TEST(Property(after, "DTSTART") == "20260503T090000Z");
  BOOST_TEST(Contains(Unfold(after), "Latest update (modified"));
}

BOOST_AUTO_TEST_CASE(ical_cancelled_maintenance) {
  sdb::FeedData data = Calendar();
  data.events[0].incident.status = "cancelled";
  BOOST_TEST(Property(sdb::RenderMaintenanceCalendar(data), "STATUS") ==
             "CANCELLED");
  // Written by hand: only a "cancelled" update.
  data = Calendar();
  data.events[0].updates.insert(
      data.events[0].updates.begin(),
      Upd(3, "2026-05-02 10:00:00", "cancelled", "Not needed after all"));
  BOOST_TEST(Property(sdb::RenderMaintenanceCalendar(data), "STATUS") ==
             "CANCELLED");
  // A later update reopens it.
  data.events[0].updates.insert(
      data.events[0].updates.begin(),
      Upd(4, "2026-05-02 11:00:00", "planned", "Back on"));
  BOOST_TEST(Property(sdb::RenderMaintenanceCalendar(data), "STATUS") ==
             "CONFIRMED");
}

BOOST_AUTO_TEST_CASE(ical_without_updates_is_stamped_by_the_data) {
  sdb::FeedData data = Calendar();
  data.events[0].updates.clear();
  data.events[0].incident.end_date.reset();
  std::string ics = sdb::RenderMaintenanceCalendar(data);
  BOOST_TEST(Property(ics, "DTSTAMP") == "20260501T120000Z");
  BOOST_TEST(Property(ics, "SEQUENCE") == "0");
  BOOST_TEST(!Contains(ics, "DTEND"));
}

BOOST_AUTO_TEST_CASE(base_url_from_config_or_request) {
  sdb::Config config;
  sdb::Request request;
  request.headers["host"] = "status.example.org:8080";
  BOOST_TEST(sdb::BaseUrl(config, request) == "http://status.example.org:8080");
  request.https = true;
  BOOST_TEST(sdb::BaseUrl(config, request) ==
             "https://status.example.org:8080");
  // nginx's $host has no port: SERVER_PORT adds it unless it is the
  // default or a proxy forwarded the request.
  request.headers["host"] = "status.example.org";
  request.server_port = "8443";
  BOOST_TEST(sdb::BaseUrl(config, request) ==
             "https://status.example.org:8443");
  request.server_port = "443";
  BOOST_TEST(sdb::BaseUrl(config, request) == "https://status.example.org");
  request.https = false;
  request.server_port = "8080";
  BOOST_TEST(sdb::BaseUrl(config, request) == "http://status.example.org:8080");
  request.headers["host"] = "[::1]";
  BOOST_TEST(sdb::BaseUrl(config, request) == "http://[::1]:8080");
  request.headers["host"] = "[::1]:9090";
  BOOST_TEST(sdb::BaseUrl(config, request) == "http://[::1]:9090");
  request.headers["host"] = "status.example.org";
  request.headers["x-forwarded-proto"] = "https";
  request.https = true;
  BOOST_TEST(sdb::BaseUrl(config, request) == "https://status.example.org");
  request.headers["host"] = "evil.example/<x>";
  BOOST_TEST(sdb::BaseUrl(config, request) == "https://localhost");
  config.base_url = "https://status.example.com";
  BOOST_TEST(sdb::BaseUrl(config, request) == "https://status.example.com");
}

BOOST_AUTO_TEST_CASE(base_url_setting_is_checked) {
  BOOST_TEST(sdb::ParseConfig("f", "SDB_BASE_URL=https://s.example.com/\n", {})
                 .base_url == "https://s.example.com");
  BOOST_TEST(sdb::ParseConfig("f", "", {}).base_url.empty());
  for (const char* bad : {"status.example.com", "ftp://x", "https://",
                          "https://x/?a=b", "http:///path"}) {
    BOOST_TEST_CONTEXT(bad) {
      BOOST_CHECK_THROW(
          sdb::ParseConfig("f", std::string("SDB_BASE_URL=") + bad + "\n", {}),
          sdb::Error);
    }
  }
}

namespace {

// A migrated in-memory database with the catalog of Catalog().
struct FeedDb {
  FeedDb() {
    sdb::Migrate(db);
    db.Exec(R"sql(
INSERT INTO component (id, name) VALUES (1, 'Compute'), (2, 'Storage'), (3, 'Compute');
INSERT INTO component_attribute (component_id, name, value) VALUES
  (1, 'region', 'Region1'), (2, 'region', 'Region1'), (3, 'region', 'Region2');
)sql");
  }
  sdb::Database db{":memory:", sdb::Database::Mode::kReadWriteCreate};
  sdb::Model model{db};
};

std::vector<int64_t> IdsOf(const std::vector<sdb::FeedEvent>& events) {
  std::vector<int64_t> ids;
  for (const auto& e : events) ids.push_back(e.incident.id);
  return ids;
}

sdb::FeedSelection Select(const std::string& region,
                          const std::string& service = "") {
  std::string error;
  auto s = sdb::SelectFeed(region, service, Catalog(), &error);
  BOOST_REQUIRE_MESSAGE(s.has_value(), error);
  return *s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(load_feed_events_newest_ten_of_the_selection) {
  FeedDb f;
  // Events 1..12 on Compute (Region1), a day apart; 13 on Region2 only;
  // 14 on Storage and Region2's Compute.
  f.db.Exec(R"sql(
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)
INSERT INTO incident (id, text, impact, start_date, end_date)
  SELECT i, 'Event ' || i, 1, datetime('2026-04-01 10:00:00', '+' || i || ' days'),
         datetime('2026-04-01 11:00:00', '+' || i || ' days') FROM n;
INSERT INTO incident_component_relation SELECT id, 1 FROM incident;
INSERT INTO incident (id, text, impact, start_date) VALUES
  (13, 'Other region', 3, '2026-05-01 00:00:00'),
  (14, 'Both regions', 2, '2026-04-05 12:00:00');
INSERT INTO incident_component_relation VALUES (13, 3), (14, 2), (14, 3);
INSERT INTO incident_status (incident_id, timestamp, text, status) VALUES
  (12, '2026-04-13 10:10:00', 'First', 'analyzing'),
  (12, '2026-04-13 10:50:00', 'Second', 'resolved');
)sql");
  auto events = sdb::LoadFeedEvents(f.db, f.model, Select("Region1"), 10);
  std::vector<int64_t> want = {12, 11, 10, 9, 8, 7, 6, 5, 14, 4};
  BOOST_TEST(IdsOf(events) == want, boost::test_tools::per_element());
  BOOST_REQUIRE(!events.empty());
  BOOST_TEST(events[0].updates.size() == 2u);
  BOOST_TEST(events[0].updates[0].text == "Second");

  auto region2 = sdb::LoadFeedEvents(f.db, f.model, Select("Region2"), 10);
  std::vector<int64_t> want2 = {13, 14};
  BOOST_TEST(IdsOf(region2) == want2, boost::test_tools::per_element());

  auto storage =
      sdb::LoadFeedEvents(f.db, f.model, Select("Region1", "Storage"), 10);
  std::vector<int64_t> want3 = {14};
  BOOST_TEST(IdsOf(storage) == want3, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(load_feed_events_of_a_quiet_region) {
  FeedDb f;
  // 2500 newer events elsewhere hide Region2's three old ones from the
  // first, cheap query; the fallback finds them.
  f.db.Exec(R"sql(
INSERT INTO incident (id, text, impact, start_date, end_date) VALUES
  (1, 'Old 1', 3, '2020-01-01 00:00:00', '2020-01-01 01:00:00'),
  (2, 'Old 2', 3, '2020-01-02 00:00:00', '2020-01-02 01:00:00'),
  (3, 'Old 3', 3, '2020-01-03 00:00:00', '2020-01-03 01:00:00');
INSERT INTO incident_component_relation VALUES (1, 3), (2, 3), (3, 3);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
INSERT INTO incident (id, text, impact, start_date, end_date)
  SELECT 100 + i, 'Busy ' || i, 1, datetime('2025-01-01 00:00:00', '+' || i || ' hours'),
         datetime('2025-01-01 00:30:00', '+' || i || ' hours') FROM n;
INSERT INTO incident_component_relation SELECT id, 1 FROM incident WHERE id > 100;
)sql");
  auto events = sdb::LoadFeedEvents(f.db, f.model, Select("Region2"), 10);
  std::vector<int64_t> want = {3, 2, 1};
  BOOST_TEST(IdsOf(events) == want, boost::test_tools::per_element());
  auto busy = sdb::LoadFeedEvents(f.db, f.model, Select("Region1"), 10);
  BOOST_REQUIRE_EQUAL(busy.size(), 10u);
  BOOST_TEST(busy[0].incident.id == 2600);
}

BOOST_AUTO_TEST_CASE(load_calendar_events_planned_and_current_maintenances) {
  FeedDb f;
  f.db.Exec(R"sql(
INSERT INTO incident (id, text, impact, start_date, end_date, type, status) VALUES
  (1, 'Ended', 0, '2026-04-30 08:00:00', '2026-04-30 10:00:00', 'maintenance', 'completed'),
  (2, 'Under way', 0, '2026-05-01 11:00:00', '2026-05-01 14:00:00', 'maintenance', 'in progress'),
  (3, 'Planned later', 0, '2026-05-03 08:00:00', '2026-05-03 10:00:00', 'maintenance', 'planned'),
  (4, 'Planned sooner', 0, '2026-05-02 08:00:00', '2026-05-02 09:00:00', 'maintenance', 'cancelled'),
  (5, 'An incident', 2, '2026-05-01 10:00:00', NULL, 'incident', NULL),
  (6, 'No end', 0, '2026-05-04 08:00:00', NULL, 'maintenance', NULL),
  (7, 'Other region', 0, '2026-05-02 08:00:00', '2026-05-02 09:00:00', 'maintenance', NULL),
  (8, 'Storage only', 0, '2026-05-05 08:00:00', '2026-05-05 09:00:00', 'maintenance', NULL);
INSERT INTO incident_component_relation VALUES
  (1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 3), (8, 2);
)sql");
  const char* now = "2026-05-01 12:00:00";
  auto region = sdb::LoadCalendarEvents(f.db, f.model, Select("Region1"), now);
  std::vector<int64_t> want = {2, 4, 3, 6, 8};
  BOOST_TEST(IdsOf(region) == want, boost::test_tools::per_element());
  auto compute =
      sdb::LoadCalendarEvents(f.db, f.model, Select("Region1", "Compute"), now);
  std::vector<int64_t> want2 = {2, 4, 3, 6};
  BOOST_TEST(IdsOf(compute) == want2, boost::test_tools::per_element());
  BOOST_TEST(sdb::IsCancelled(compute[1]));
  BOOST_TEST(!sdb::IsCancelled(compute[0]));
}

BOOST_AUTO_TEST_SUITE_END()
