// The v2 API's writes of components and events (POST and PATCH under
// /v2/), and the reads they decide on. The update rows and component links
// they add are status_report.h's (AddUpdate, LinkComponent).
#ifndef SDB_LIB_STORE_EVENT_WRITES_H_
#define SDB_LIB_STORE_EVENT_WRITES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/db.h"
#include "store/events.h"

namespace sdb {

// Whether a component with `id` exists. Call inside the request's write
// transaction when a write depends on it.
bool ComponentExists(Database& db, int64_t id);

// Inserts a component named `name` with `attributes` (name, value pairs,
// in order); returns its id. Call inside the request's write transaction.
int64_t CreateComponent(
    Database& db, const std::string& name,
    const std::vector<std::pair<std::string, std::string>>& attributes);

// The columns of an event the API writes.
struct EventFields {
  std::string title;                       // the `text` column
  std::optional<std::string> description;  // nullopt: NULL
  int64_t impact = 0;
  std::string start_date;               // database time
  std::optional<std::string> end_date;  // database time; nullopt: open
  std::string type;
  std::string status;
};

// Inserts a user event (system = 0) with `fields`, without components or
// updates; returns its id. Call inside the request's write transaction.
int64_t InsertEvent(Database& db, const EventFields& fields);

// Sets every column of `fields` on event `id` (system is kept). Call inside
// the request's write transaction.
void UpdateEventFields(Database& db, int64_t id, const EventFields& fields);

// Inserts an open incident that copies the title, description, impact,
// system flag and status of `from` and starts at `now`, without
// components or updates; returns its id. For extracting components into
// it: call inside the request's write transaction.
int64_t InsertExtractedIncident(Database& db, const ApiEvent& from,
                                const std::string& now);

struct IncidentTitle {
  int64_t id = 0;
  std::string title;
};

// The open incidents (type 'incident', no end_date, impact above 0, system
// or not) that hold `component`, other than `except`, by id. Call inside
// the request's write transaction before moving the component out of them.
std::vector<IncidentTitle> OpenIncidentsWith(Database& db, int64_t component,
                                             int64_t except);

// Closes incident `id` at `now` (or at its start, when that is later) with
// status 'resolved'. Call inside the request's write transaction, with the
// update that says why.
void ResolveIncident(Database& db, int64_t id, const std::string& now);

// Replaces the text of the update (incident_status row) `update_id`. Call
// inside the request's write transaction.
void SetUpdateText(Database& db, int64_t update_id, const std::string& text);

}  // namespace sdb

#endif  // SDB_LIB_STORE_EVENT_WRITES_H_
