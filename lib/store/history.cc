// The history page's reads: see history.h.
#include "store/history.h"

#include <algorithm>

namespace sdb {
namespace {

// A region with fewer incident/component links than this is filtered by
// reading its incidents first and sorting them (cheap: few rows). A larger
// region is filtered while walking the end_date index newest first, which
// stops after a page of matches; for a large region that is soon. Walking
// the index for a small region could read every closed event, and sorting a
// large region's events would read all of them: the count picks the plan
// that reads few rows.
constexpr int kSmallRegionLinks = 2000;

// Parameters of the history query, bound by number whatever the variant.
enum Param {
  kNow = 1,
  kImpact = 2,
  kCursorEnd = 3,
  kCursorId = 4,
  kRegion = 5,
  kLimit = 6
};

bool RegionIsSmall(Database& db, const std::string& region) {
  Statement& query = db.Prepare(
      "SELECT count(*) FROM (SELECT 1 FROM component_attribute a "
      "JOIN incident_component_relation r ON r.component_id = a.component_id "
      "WHERE a.name = 'region' AND a.value = ?1 LIMIT ?2)");
  query.Bind(1, region).Bind(2, static_cast<int64_t>(kSmallRegionLinks));
  query.Step();
  bool small = query.Int(0) < kSmallRegionLinks;
  query.Reset();
  return small;
}

// Up to `limit` closed events passing `filter`, beyond `cursor` when set:
// older than it, newest first; or when `newer`, newer than it, oldest
// first.
std::vector<Incident> SelectEvents(Database& db, const std::string& now,
                                   const HistoryFilter& filter,
                                   const HistoryCursor* cursor, bool newer,
                                   bool small_region, int limit) {
  Statement& query =
      db.Prepare(HistorySql(filter, cursor != nullptr, newer, small_region));
  // Going older from a cursor, the scan must start at the cursor, not at
  // `now`: SQLite seeks the end_date index with the plain `end_date <= ?1`
  // bound, not with the row value. The row value implies end_date <= the
  // cursor's, so binding the smaller of the two keeps the result exact and
  // makes a page far back cost what the first page costs.
  if (cursor && !newer) {
    query.Bind(kNow, std::min(now, cursor->end_date));
  } else {
    query.Bind(kNow, now);
  }
  if (filter.impact) query.Bind(kImpact, static_cast<int64_t>(*filter.impact));
  if (cursor) {
    query.Bind(kCursorEnd, cursor->end_date).Bind(kCursorId, cursor->id);
  }
  if (filter.region) query.Bind(kRegion, *filter.region);
  query.Bind(kLimit, static_cast<int64_t>(limit));
  std::vector<Incident> events;
  while (query.Step()) {
    Incident event;
    event.id = query.Int(0);
    event.title = query.Text(1);
    event.impact = static_cast<int>(query.Int(2));
    event.start_date = query.Text(3);
    event.end_date = query.Text(4);
    event.type = query.Text(5);
    events.push_back(std::move(event));
  }
  query.Reset();
  return events;
}

void LoadComponents(Database& db, std::vector<Incident>& events) {
  Statement& query = db.Prepare(
      "SELECT component_id FROM incident_component_relation "
      "WHERE incident_id = ?1 ORDER BY component_id");
  for (Incident& event : events) {
    query.Bind(1, event.id);
    while (query.Step()) event.component_ids.push_back(query.Int(0));
    query.Reset();
  }
}

HistoryCursor CursorOf(const Incident& event) {
  return {event.end_date.value_or(""), event.id};
}

}  // namespace

std::string HistorySql(const HistoryFilter& filter, bool cursor, bool newer,
                       bool small_region) {
  // Assembled from fixed pieces: one prepared statement per variant, every
  // value bound (see Param).
  bool by_region = filter.region && small_region;
  // Reading a small region's incidents first: the unary + keeps the planner
  // from walking an incident index instead.
  std::string end = by_region ? "+i.end_date" : "i.end_date";
  std::string sql =
      "SELECT i.id, i.text, i.impact, i.start_date, i.end_date, i.type "
      "FROM incident i WHERE " +
      end + " <= ?1";
  if (filter.impact) {
    sql += by_region ? " AND +i.impact = ?2" : " AND i.impact = ?2";
  }
  if (cursor) {
    sql += " AND (" + end + ", i.id) " + (newer ? ">" : "<") + " (?3, ?4)";
  }
  if (by_region) {
    sql +=
        " AND i.id IN (SELECT r.incident_id FROM component_attribute a "
        "JOIN incident_component_relation r ON r.component_id = a.component_id "
        "WHERE a.name = 'region' AND a.value = ?5)";
  } else if (filter.region) {
    // Per event: its few links by primary key, each checked against the
    // region's components, listed once per query (the + keeps SQLite from
    // probing the link table once per component of the region instead).
    sql +=
        " AND EXISTS (SELECT 1 FROM incident_component_relation r "
        "WHERE r.incident_id = i.id AND +r.component_id IN "
        "(SELECT component_id FROM component_attribute "
        "WHERE name = 'region' AND value = ?5))";
  }
  sql += newer ? " ORDER BY i.end_date, i.id LIMIT ?6"
               : " ORDER BY i.end_date DESC, i.id DESC LIMIT ?6";
  return sql;
}

HistoryPage LoadHistoryPage(Database& db, const std::string& now,
                            const HistoryQuery& query, int page_size) {
  const HistoryFilter& filter = query.filter;
  bool small_region = filter.region && RegionIsSmall(db, *filter.region);
  HistoryPage page;
  if (query.after) {
    std::vector<Incident> newer = SelectEvents(
        db, now, filter, &*query.after, true, small_region, page_size + 1);
    if (static_cast<int>(newer.size()) > page_size) {
      newer.resize(page_size);
      std::reverse(newer.begin(), newer.end());
      page.newer = CursorOf(newer.front());
      page.older = CursorOf(newer.back());
      page.events = std::move(newer);
      LoadComponents(db, page.events);
      return page;
    }
    // No more than a page left: that is the first page.
  }
  const HistoryCursor* before =
      query.before && !query.after ? &*query.before : nullptr;
  page.events =
      SelectEvents(db, now, filter, before, false, small_region, page_size + 1);
  if (static_cast<int>(page.events.size()) > page_size) {
    page.events.resize(page_size);
    page.older = CursorOf(page.events.back());
  }
  if (before) {
    // Whatever is newer than this page, starting from its first event (or
    // from the cursor itself when the page is empty).
    page.newer = page.events.empty() ? *before : CursorOf(page.events.front());
  }
  LoadComponents(db, page.events);
  return page;
}

}  // namespace sdb
