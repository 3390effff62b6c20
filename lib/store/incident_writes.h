// The operator forms' writes to the incident table: a new incident or
// maintenance opened by an operator, and an update's new fields. The
// update rows, component links and moves are status_report.h's.
#ifndef SDB_LIB_STORE_INCIDENT_WRITES_H_
#define SDB_LIB_STORE_INCIDENT_WRITES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "store/db.h"

namespace sdb {

// The columns of an incident an operator opens (system = 0).
struct OperatorIncident {
  std::string title;
  std::optional<std::string> description;
  int impact = 1;
  std::string start_date;               // database time
  std::optional<std::string> end_date;  // database time
  std::string type = "incident";        // "incident" or "maintenance"
  std::optional<std::string> status;
};

// Inserts `incident` with no components; returns its id. Call inside the
// request's write transaction.
int64_t InsertOperatorIncident(Database& db, const OperatorIncident& incident);

// Sets the title, impact, status, start and end of incident `id` and marks
// it an operator's (system = 0). Call inside the request's write
// transaction.
void UpdateIncidentFields(Database& db, int64_t id, const std::string& title,
                          int impact, const std::string& status,
                          const std::string& start_date,
                          const std::optional<std::string>& end_date);

}  // namespace sdb

#endif  // SDB_LIB_STORE_INCIDENT_WRITES_H_
