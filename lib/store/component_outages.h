// What availability is computed from: which components were ever in an
// event, and the outages (impact 3) of each component.
#ifndef SDB_LIB_STORE_COMPONENT_OUTAGES_H_
#define SDB_LIB_STORE_COMPONENT_OUTAGES_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/db.h"

namespace sdb {

// The ids of the components linked to any event, ever. Call inside a read
// transaction (Transaction::Kind::kDeferred) with the other reads of the
// same view, for one snapshot.
std::set<int64_t> ComponentsEverInEvents(Database& db);

// One closed outage of one component.
struct ClosedOutage {
  int64_t component_id = 0;
  std::string start_date;  // database time
  std::string end_date;    // database time
};

// Every (component, event) pair of the closed events of impact 3, in the
// order SQLite finds them. Call inside a read transaction
// (Transaction::Kind::kDeferred) with the other reads of the same view.
std::vector<ClosedOutage> ListClosedOutages(Database& db);

// A time a component was down: [start, end) in Unix seconds; no end while
// the outage is still open.
struct OutageInterval {
  long long start = 0;
  std::optional<long long> end;
};

// One outage of one component, as loaded.
struct ComponentOutage {
  int64_t component_id = 0;
  OutageInterval interval;
};

// The query LoadOutages runs: ?1 from, ?2 until; component_id, start_date,
// end_date (NULL while open) of every outage overlapping [?1, ?2).
extern const char kOutagesQuery[];

// The outages (impact 3) of the components `component_ids` (any order) that
// overlap [from, until): started before `until` and not ended by `from`.
// Times are database times.
std::vector<ComponentOutage> LoadOutages(
    Database& db, const std::string& from, const std::string& until,
    const std::vector<int64_t>& component_ids);

}  // namespace sdb

#endif  // SDB_LIB_STORE_COMPONENT_OUTAGES_H_
