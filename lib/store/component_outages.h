// What availability is computed from: which components were ever in an
// event, and the closed outages (impact 3) of each component.
#ifndef SDB_LIB_STORE_COMPONENT_OUTAGES_H_
#define SDB_LIB_STORE_COMPONENT_OUTAGES_H_

#include <cstdint>
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

}  // namespace sdb

#endif  // SDB_LIB_STORE_COMPONENT_OUTAGES_H_
