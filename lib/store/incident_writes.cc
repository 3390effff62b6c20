// The operator forms' writes to the incident table: see incident_writes.h.
#include "store/incident_writes.h"

namespace sdb {

int64_t InsertOperatorIncident(Database& db, const OperatorIncident& incident) {
  db.Prepare(
        "INSERT INTO incident (text, description, impact, start_date, "
        "end_date, system, type, status) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, "
        "?7)")
      .Bind(1, incident.title)
      .Bind(2, incident.description)
      .Bind(3, int64_t{incident.impact})
      .Bind(4, incident.start_date)
      .Bind(5, incident.end_date)
      .Bind(6, incident.type)
      .Bind(7, incident.status)
      .Run();
  return db.LastInsertId();
}

void UpdateIncidentFields(Database& db, int64_t id, const std::string& title,
                          int impact, const std::string& status,
                          const std::string& start_date,
                          const std::optional<std::string>& end_date) {
  db.Prepare(
        "UPDATE incident SET text = ?2, impact = ?3, status = ?4, "
        "start_date = ?5, end_date = ?6, system = 0 WHERE id = ?1")
      .Bind(1, id)
      .Bind(2, title)
      .Bind(3, int64_t{impact})
      .Bind(4, status)
      .Bind(5, start_date)
      .Bind(6, end_date)
      .Run();
}

}  // namespace sdb
