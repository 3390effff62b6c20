// The feeds of a region or of one component in it: the seed's RSS 2.0 feed
// (/rss/?mt=REGION[&srv=COMPONENT]), the same selection as Atom 1.0 and
// JSON Feed 1.1, and an iCalendar (RFC 5545) feed of planned and current
// maintenances. Checking the parameters and rendering are pure functions,
// unit-tested without I/O; the two queries pick the events.
#ifndef SDB_LIB_PAGES_FEED_H_
#define SDB_LIB_PAGES_FEED_H_

#include <ctemplate/template.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/config.h"
#include "store/db.h"
#include "store/model.h"
#include "web/http.h"

namespace sdb {

enum class FeedFormat { kRss, kAtom, kJson, kCalendar };

// The format a request path asks for: /rss or /rss/, /atom or /atom/,
// /feed.json, /maintenance.ics; nullopt for any other path.
std::optional<FeedFormat> FeedFormatOf(const std::string& path);
// "application/rss+xml; charset=utf-8", "application/atom+xml",
// "application/feed+json", "text/calendar; charset=utf-8".
const char* FeedContentType(FeedFormat format);

// The RSS items the seed shows at most; the other formats show as many.
inline constexpr int kFeedEvents = 10;

// The seed's answer (404) to a feed request without ?mt=.
inline constexpr char kFeedHint[] =
    "Status Dashboard RSS feed\n"
    "Please read the documentation to\n"
    "make the correct request";

// What ?mt= and ?srv= select: a region, or one component in it.
struct FeedSelection {
  std::string region;
  std::optional<Component> component;
};

// Checks ?mt= (`mt`) and ?srv= (`srv`) against the catalog the way the seed
// does: returns the selection, or nullopt with the seed's 404 text in
// `*error`: kFeedHint without `mt`, "Component: X is not found" when no
// component X has region `mt`, "R is not a supported region" when no
// component has region R. An empty value counts as absent.
std::optional<FeedSelection> SelectFeed(
    const std::optional<std::string>& mt, const std::optional<std::string>& srv,
    const std::vector<Component>& components, std::string* error);

// An event with its whole timeline, newest update first.
struct FeedEvent {
  Incident incident;
  std::vector<Update> updates;  // Model::Updates: includes "description"
};

// The `limit` newest events (by start, then id) touching the selection:
// incidents and maintenances with a component in the region, or with the
// component.
std::vector<FeedEvent> LoadFeedEvents(Database& db, Model& model,
                                      const FeedSelection& selection,
                                      int limit);

// The maintenances of the selection that have not ended at `now` (planned
// and under way, cancelled ones included), soonest first.
std::vector<FeedEvent> LoadCalendarEvents(Database& db, Model& model,
                                          const FeedSelection& selection,
                                          const std::string& now);

// Everything a feed shows.
struct FeedData {
  // Absolute links start with this ("https://status.example.com").
  std::string base_url;
  std::string site_title = "Status Dashboard";
  FeedSelection selection;
  // Database time of the last change of the data (the data generation):
  // the feed's date when no event gives one.
  std::string changed_at;
  std::vector<Component> components;  // for the affected services
  std::vector<FeedEvent> events;
};

// "EU-DE - Incidents | Status Dashboard", or with a component
// "Cloud Container Engine (EU-DE) - Incidents | Status Dashboard": the
// seed's titles, with the site title configured.
std::string FeedTitle(const FeedData& data);
// The feed's own absolute address in `format`.
std::string FeedSelfUrl(const FeedData& data, FeedFormat format);
// "<base>/incidents/<id>": an event's link and its id in every format.
std::string EventUrl(const FeedData& data, int64_t id);

// The HTML body of an event, as the seed writes it: the updates newest
// first (time, status, text), then "Incident impact: <key>", "Incident has
// started on: <time>", "Incident end date: <time>" when ended, and the
// seed's closing sentence; a maintenance's description and the affected
// services come first. All text written by people is HTML-escaped.
std::string FeedEventHtml(const FeedData& data, const FeedEvent& event);

// The database time an event last changed: its newest update, else its
// start.
std::string EventModified(const FeedEvent& event);

// Fill `dict` for templates/rss.tpl and templates/atom.tpl.
void FillRssDictionary(const FeedData& data,
                       ctemplate::TemplateDictionary* dict);
void FillAtomDictionary(const FeedData& data,
                        ctemplate::TemplateDictionary* dict);
// The JSON Feed 1.1 document.
std::string RenderJsonFeed(const FeedData& data);
// The iCalendar document: one VEVENT per event of `data` (LoadCalendarEvents),
// with UID "maintenance-<id>@<host of base_url>", DTSTAMP the newest update
// (else changed_at), DTSTART/DTEND in UTC, SEQUENCE the number of updates
// (posting an update is how a maintenance changes, so it only rises), and
// STATUS:CANCELLED when IsCancelled, else CONFIRMED. CRLF line ends, lines
// folded at 75 octets.
std::string RenderMaintenanceCalendar(const FeedData& data);

// Whether a maintenance is cancelled: its stored status is "cancelled" (the
// v2 API and the forms set it), or, for data written by hand, its newest
// update other than the description has status "cancelled".
bool IsCancelled(const FeedEvent& event);

// `text` with invalid UTF-8 replaced by U+FFFD, CR LF and lone CR turned
// into LF, and control characters other than tab and LF removed: what XML,
// JSON and iCalendar can all carry.
std::string CleanText(std::string_view text);
// RFC 5545 TEXT escaping: backslash, semicolon, comma and LF escaped (after
// CleanText).
std::string ICalText(std::string_view text);
// One content line: folded so that no line exceeds 75 octets (never inside
// a UTF-8 sequence), each line ended by CRLF.
std::string ICalLine(std::string_view line);
// "20260501T100000Z" for a database time.
std::string ICalTime(const std::string& db_time);

class App;

// The handler of the feed program (the RSS, Atom, JSON Feed and maintenance
// calendar feeds); its route block is in feed.cc.
Response HandleFeed(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_PAGES_FEED_H_
