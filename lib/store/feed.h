// The feeds' reads: which events a region's or a component's feed and
// the maintenance calendar hold. The feeds themselves are in pages/feed.h.
#ifndef SDB_LIB_STORE_FEED_H_
#define SDB_LIB_STORE_FEED_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace sdb {

// The ids of the `limit` newest events (by start, then id) linked to
// component `component_id`.
std::vector<int64_t> ComponentFeedIds(Database& db, int64_t component_id,
                                      int limit);

// The ids of the `limit` newest events (by start, then id) linked to a
// component of `region`.
std::vector<int64_t> RegionFeedIds(Database& db, const std::string& region,
                                   int limit);

// The ids of the maintenances (impact 0) in `region` that end after `now`
// or have no end, oldest start first; only those of `component_id` when it
// is set.
std::vector<int64_t> MaintenanceCalendarIds(Database& db,
                                            const std::string& region,
                                            std::optional<int64_t> component_id,
                                            const std::string& now);

}  // namespace sdb

#endif  // SDB_LIB_STORE_FEED_H_
