// The status-report decision procedure: what a monitoring system's "this
// component has impact N" does to the open incidents. Shared by the v1
// POST /component_status (the seed's rules, section 1.8 of the contract)
// and the v2 system events (POST /v2/events with "system": true, section
// 2.5), which differ only where ReportRules says.
#ifndef SDB_LIB_STORE_STATUS_REPORT_H_
#define SDB_LIB_STORE_STATUS_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/db.h"

namespace sdb {

enum class ReportRules {
  // v1: any impact-0 event covers the component; a user incident covers it
  // only at an equal or higher impact (else the report falls through to
  // the system incidents); "... added to <title>" on joining; a new
  // incident starts now with no update; escalation texts name impacts
  // ("minor"), and closing writes a separate "CLOSED BY SYSTEM" update.
  kV1,
  // v2: only type 'maintenance' covers it; any open user incident covers
  // it; "... added to the incident by system." with the incident's status
  // on joining; a new incident starts at the report's start_date with a
  // "detected" update; impacts are numbers, and closing appends
  // ", Incident closed by system" with status 'resolved'.
  kV2,
};

struct StatusReport {
  int64_t component_id = 0;
  int impact = 1;                          // 0..3
  std::string title;                       // of a new incident, 1..200 chars
  std::optional<std::string> description;  // of a new incident
  std::string start_date;  // kV2: start of a new incident (database time)
  std::string author;      // recorded on every update written
};

enum class ReportOutcome {
  kInMaintenance,  // an active maintenance holds the component
  kImpactZero,     // impact 0 in no maintenance or open incident: refused
                   // (v1 400)
  kCovered,        // an open incident already covers it (v1 409)
  kCreated,        // a new system incident
  kJoined,         // added to the open system incident of that impact
  kEscalated,      // its single-component incident raised in place
  kMoved,          // moved into the open system incident of that impact
  kExtracted,      // moved out into a new system incident
};

struct ReportResult {
  ReportOutcome outcome;
  // The maintenance, the covering incident, or the incident the component
  // is in afterwards.
  int64_t incident_id = 0;
};

// Applies `report` at database time `now`. Call it inside one write
// transaction (RunWriteTransaction): it reads and decides in it. Nothing
// is written for kInMaintenance, kImpactZero and kCovered. The component
// must exist.
ReportResult ReportComponentStatus(Database& db, const StatusReport& report,
                                   ReportRules rules, const std::string& now);

// The seed's Component.find_by_name_and_attributes: the first component
// (by id) named exactly `name` whose attributes include every pair of
// `attributes` (all of them when it is empty).
std::optional<int64_t> FindComponent(
    Database& db, const std::string& name,
    const std::vector<std::pair<std::string, std::string>>& attributes);

// How update texts name a component: "Name (value, value, ...)" with the
// attribute values in the order they were added (kV1), or category,
// region, type (kV2).
std::string ComponentLabel(Database& db, int64_t component_id,
                           ReportRules rules);

// Writes that the API's v1 and v2 handlers share. Call them inside the
// request's write transaction.

// Appends an update to `incident`; `related` is the other incident a
// "moved to/from" update names, which pages link from (the text keeps the
// seed's anchor for the API's clients).
void AddUpdate(Database& db, int64_t incident, const std::string& status,
               const std::string& text, const std::string& author,
               const std::string& timestamp,
               std::optional<int64_t> related = std::nullopt);
// Adds (if absent) or removes the link between an incident and a component.
void LinkComponent(Database& db, int64_t incident, int64_t component);
void UnlinkComponent(Database& db, int64_t incident, int64_t component);
// How many components `incident` affects.
int64_t CountComponents(Database& db, int64_t incident);

// The open incidents (started, not ended, impact above 0, system or not)
// that hold `component` at `now`, other than `except`, by id.
std::vector<int64_t> OpenIncidentsHolding(Database& db, int64_t component,
                                          const std::string& now,
                                          int64_t except);

// An operator moves `component` from the open incident `from` to `to`:
// "<component> moved to <to>" on `from`, "<component> moved from <from>"
// on `to` (linked both ways). `from` keeps the link and is closed
// ("..., Incident closed by system", status resolved) when it was its last
// component; otherwise the component is unlinked from it. Call inside the
// request's write transaction; `to` must exist and hold the component.
void MoveComponent(Database& db, int64_t component, int64_t from, int64_t to,
                   const std::string& author, const std::string& now);

}  // namespace sdb

#endif  // SDB_LIB_STORE_STATUS_REPORT_H_
