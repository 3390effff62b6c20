// The filters of GET /v2/events run by SQLite: how many events a filter
// selects, and the ids of one page of them.
#ifndef SDB_LIB_STORE_EVENT_FILTER_H_
#define SDB_LIB_STORE_EVENT_FILTER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/db.h"

namespace sdb {

// The filters of GET /v2/events; nullopt members are not applied.
struct EventFilter {
  std::set<std::string> types;
  bool active = false;
  std::optional<std::string> status;
  std::optional<std::string> start_after;  // start_date >= this
  std::optional<std::string> end_before;   // end_date <= this
  std::optional<int> impact;
  std::optional<bool> system;
  std::set<int64_t> components;
  int page = 1;
  int limit = 50;
};

// What a filter selects: the number of events on every page, and the ids
// of the requested page.
struct EventPage {
  size_t total = 0;
  std::vector<int64_t> ids;  // newest start first (start_date, then id)
};

// The events `filter` selects at database time `now`: their number, and
// the ids of page `filter.page` of `filter.limit` events (none when the
// total is 0). Active: open, or started and not yet ended nor resolved,
// completed or cancelled (the only filter that depends on `now`).
// Components: any of them. The connection keeps the counts of filters
// without `active` until the data generation moves. Call it inside a
// read transaction (Transaction::Kind::kDeferred) that also loads the
// page's events (LoadEvent), for one snapshot.
EventPage FindEvents(Database& db, const EventFilter& filter,
                     const std::string& now);

}  // namespace sdb

#endif  // SDB_LIB_STORE_EVENT_FILTER_H_
