// What HTML pages share: the chrome around every page (header, navigation,
// feed links, the time-zone form, footer) and the fill helpers for the
// pieces several pages show (times, event summaries).
#ifndef SDB_LIB_WEB_PAGE_H_
#define SDB_LIB_WEB_PAGE_H_

#include <ctemplate/template.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/timeutil.h"
#include "store/model.h"
#include "web/http.h"

namespace sdb {

// A feed the page offers as <link rel="alternate">.
struct FeedLink {
  std::string title;  // "RSS: EU-DE"
  std::string href;   // "/rss/?mt=EU-DE"
  std::string type;   // "application/rss+xml"
};

struct PageChrome {
  std::string title;       // <title> and heading
  std::string active_nav;  // "board", "history", "availability" or ""
  std::string site_title = "Status Dashboard";
  std::string current_url = "/";  // path and query: where the zone form returns
  DisplayZone zone;
  std::vector<FeedLink> feeds;
  // The operator the page is for (their name, "Open incident" and "Sign
  // out" in the header), or nullopt for a visitor.
  std::optional<Operator> signed_in;
  // Where a visitor signs in as an operator; "" when no provider is set up.
  std::string sign_in_url;
};

// The cookie holding the visitor's time zone, and the query parameter the
// zone form sends (handled by Serve: sets the cookie, redirects back).
inline constexpr char kZoneCookie[] = "sdb_tz";
inline constexpr char kZoneParam[] = "tz";

// The <option> elements of a time-zone <select>, one per display zone, with
// `selected` on the one named `selected` (none when it is not among them).
// HTML, for a template variable with the :none modifier.
std::string ZoneOptionsHtml(const std::string& selected);

// The visitor's zone from the cookie; UTC when absent or unknown.
DisplayZone RequestZone(const Request& request);

// Fills the HEADER and FOOTER includes, PAGE_TITLE and the feed links:
// every page template starts with {{>HEADER}} and ends with {{>FOOTER}}.
void FillPageChrome(const PageChrome& chrome,
                    ctemplate::TemplateDictionary* dict);

// The feeds of a region: RSS, Atom, JSON Feed and the maintenance calendar.
std::vector<FeedLink> RegionFeeds(const std::string& region);

// Sets a database time's two keys, a template's constants for a pair such
// as START_DISPLAY ("2026-11-28 20:05 CET") and START_ISO
// ("2026-11-28T19:05:00Z").
void SetTime(ctemplate::TemplateDictionary* dict,
             const ctemplate::StaticTemplateString& display_key,
             const ctemplate::StaticTemplateString& iso_key,
             const std::string& db_time, const DisplayZone& zone);

// Components by id, for looking up an incident's components.
using ComponentIndex = std::map<int64_t, const Component*>;
ComponentIndex IndexComponents(const std::vector<Component>& components);

// The region a page shows: the requested one when it is among `regions`
// (not empty), else the first. Sets SELECTED_REGION, and UNKNOWN_REGION
// with REQUESTED_REGION when the request named no known region.
struct RegionChoice {
  std::string selected;
  bool known;  // false: `requested` named no region in `regions`
};
RegionChoice ChooseRegion(const std::vector<std::string>& regions,
                          const std::optional<std::string>& requested,
                          ctemplate::TemplateDictionary* dict);

// Every region is on the board and the availability page, each in a panel
// that CSS shows as a tab (static/style.css, "Region tabs"): the selected
// panel is shown, or the one the address's #fragment names. RegionAnchor is
// the panel's id: "region-" + the name with every byte outside
// [A-Za-z0-9-] written as _XX (hex), so distinct names never share one.
std::string RegionAnchor(const std::string& region);

// The order panels appear in: `selected` first (shown first also without
// CSS), then the other `regions` in their order.
std::vector<std::string> PanelOrder(const std::vector<std::string>& regions,
                                    const std::string& selected);

// Fills a region panel's REGION_NAME, REGION_ANCHOR, REGION_SELECTED (when
// `region` is `selected`) and its tab list: one REGION_TAB section per
// region, in order, with TAB_NAME, TAB_ANCHOR and TAB_CURRENT on `region`.
void FillRegionPanel(const std::vector<std::string>& regions,
                     const std::string& region, const std::string& selected,
                     ctemplate::TemplateDictionary* panel);

// The components of `region`, grouped by their category attribute (sorted;
// "Other" for components without one), each group in catalog order.
std::map<std::string, std::vector<const Component*>> ComponentsByCategory(
    const std::vector<Component>& components, const std::string& region);

// INCIDENT_ID, INCIDENT_TITLE, IMPACT_KEY, IMPACT_TEXT, REGIONS, SERVICES
// (with " (Region)" when the event spans several regions), START_*, an END
// section with END_* when it has an end, and an UPDATE section with
// UPDATE_STATUS, UPDATE_TEXT, UPDATE_TIME_* for its latest update.
void FillEventSummary(const Incident& incident, const ComponentIndex& index,
                      const DisplayZone& zone,
                      ctemplate::TemplateDictionary* dict);

}  // namespace sdb

#endif  // SDB_LIB_WEB_PAGE_H_
