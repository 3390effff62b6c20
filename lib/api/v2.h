// API v2: stackmon's Go successor (status-dashboard-v3), served at /v2/*:
// components, events (incidents, maintenances, info notes) with filters,
// pagination, status updates and extraction, system events from
// monitoring, and availability. Times are RFC 3339 in UTC; errors are
// {"errMsg": "..."}.
#ifndef SDB_LIB_API_V2_H_
#define SDB_LIB_API_V2_H_

#include <string>
#include <vector>

#include "api/api.h"
#include "store/events.h"

namespace sdb {

// Appends the v2 routes to the dispatch table.
void AddV2Routes(std::vector<ApiRoute>& routes);

// An event in the v2 shape: id, title, description (omitted when empty),
// impact, components (ids), start_date, end_date (omitted while open),
// system, type, updates [{id (index), status, text, timestamp}], status
// (omitted when unset). Maintenance "description" rows of seed data are
// not updates here.
Json V2Event(const ApiEvent& event);

// Whether `status` is one an event of `type` may be given; `closed` tells
// a closed incident (which takes only "reopened" and "changed").
bool V2StatusAllowed(const std::string& type, const std::string& status,
                     bool closed);

}  // namespace sdb

#endif  // SDB_LIB_API_V2_H_
