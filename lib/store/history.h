// The history page's reads: closed incidents and finished maintenances,
// newest end first, a bounded page at a time.
//
// Pages are cut by keyset on (end_date, id), never by OFFSET, so every page
// costs the same however far back it is.
#ifndef SDB_LIB_STORE_HISTORY_H_
#define SDB_LIB_STORE_HISTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/model.h"

namespace sdb {

// Events per page: bounds the page whatever the history holds. 50 keeps a
// page about as large as the board (some 45 KB); 100 made it twice that.
inline constexpr int kHistoryPageSize = 50;

// A position in the history order: the event with this end_date and id.
struct HistoryCursor {
  std::string end_date;  // database time
  int64_t id = 0;

  bool operator==(const HistoryCursor&) const = default;
};

// What the visitor filters by; unset members do not filter.
struct HistoryFilter {
  std::optional<std::string> region;  // events touching a component there
  std::optional<int> impact;          // 0..3
};

// The page asked for: the newest events (no cursor), those just older than
// `before`, or those just newer than `after`.
struct HistoryQuery {
  HistoryFilter filter;
  std::optional<HistoryCursor> before;
  std::optional<HistoryCursor> after;
};

// One page of events.
struct HistoryPage {
  // Newest first, with component_ids; latest_update and description_text
  // are not loaded (the page does not show them).
  std::vector<Incident> events;
  // Where the "Newer" and "Older" links continue (after= and before=);
  // nullopt when there is nothing in that direction.
  std::optional<HistoryCursor> newer;
  std::optional<HistoryCursor> older;
};

// Loads the page `query` asks for: at most `page_size` events with an
// end_date at or before `now`. An `after` page with no more than a page of
// newer events left is the first page. Uses the indexes on end_date and
// (impact, end_date); see store/history.cc for the region filter's plan.
HistoryPage LoadHistoryPage(Database& db, const std::string& now,
                            const HistoryQuery& query,
                            int page_size = kHistoryPageSize);

// The SQL LoadHistoryPage runs for one variant: `filter`'s members present
// or not (their values are bound as parameters), with a cursor or not,
// towards newer events (ascending) or older (descending), and the region
// plan for a small or a large region. Exposed so tests can check every
// variant's EXPLAIN QUERY PLAN.
std::string HistorySql(const HistoryFilter& filter, bool cursor, bool newer,
                       bool small_region);

}  // namespace sdb

#endif  // SDB_LIB_STORE_HISTORY_H_
