// The incident table's row as the store reads it for the pages (Incident,
// model.cc) and for the API (ApiEvent, events.cc): one column list and one
// reader, so both views decode a row the same way. Internal to lib/store/.
#ifndef SDB_LIB_STORE_INCIDENT_ROW_H_
#define SDB_LIB_STORE_INCIDENT_ROW_H_

#include "store/db.h"

// The columns ReadIncidentRow reads, in its order.
#define SDB_INCIDENT_COLUMNS \
  "id, text, description, impact, start_date, end_date, system, type, status"

namespace sdb {

// An Incident or an ApiEvent (any struct with their nine fields) from a row
// of SDB_INCIDENT_COLUMNS; components and updates are left empty.
template <typename Event>
Event ReadIncidentRow(const Statement& row) {
  Event event;
  event.id = row.Int(0);
  event.title = row.Text(1);
  event.description = row.OptionalText(2);
  event.impact = static_cast<int>(row.Int(3));
  event.start_date = row.Text(4);
  event.end_date = row.OptionalText(5);
  event.system = row.Int(6) != 0;
  event.type = row.Text(7);
  event.status = row.OptionalText(8);
  return event;
}

}  // namespace sdb

#endif  // SDB_LIB_STORE_INCIDENT_ROW_H_
