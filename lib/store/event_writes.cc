// The v2 API's writes of components and events: see event_writes.h.
#include "store/event_writes.h"

namespace sdb {
namespace {

// Binds the seven EventFields, in their declared order, to the parameters
// ?first to ?first+6.
Statement& BindEventFields(Statement& statement, int first,
                           const EventFields& fields) {
  return statement.Bind(first, fields.title)
      .Bind(first + 1, fields.description)
      .Bind(first + 2, fields.impact)
      .Bind(first + 3, fields.start_date)
      .Bind(first + 4, fields.end_date)
      .Bind(first + 5, fields.type)
      .Bind(first + 6, fields.status);
}

}  // namespace

bool ComponentExists(Database& db, int64_t id) {
  Statement& query = db.Prepare("SELECT 1 FROM component WHERE id = ?1");
  query.Bind(1, id);
  bool found = query.Step();
  query.Reset();
  return found;
}

int64_t CreateComponent(
    Database& db, const std::string& name,
    const std::vector<std::pair<std::string, std::string>>& attributes) {
  db.Prepare("INSERT INTO component (name) VALUES (?1)").Bind(1, name).Run();
  int64_t id = db.LastInsertId();
  for (const auto& [key, value] : attributes) {
    db.Prepare(
          "INSERT INTO component_attribute (component_id, name, value) "
          "VALUES (?1, ?2, ?3)")
        .Bind(1, id)
        .Bind(2, key)
        .Bind(3, value)
        .Run();
  }
  return id;
}

int64_t InsertEvent(Database& db, const EventFields& fields) {
  Statement& statement = db.Prepare(
      "INSERT INTO incident (text, description, impact, start_date, "
      "end_date, system, type, status) "
      "VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7)");
  BindEventFields(statement, 1, fields).Run();
  return db.LastInsertId();
}

void UpdateEventFields(Database& db, int64_t id, const EventFields& fields) {
  Statement& statement = db.Prepare(
      "UPDATE incident SET text = ?2, description = ?3, impact = ?4, "
      "start_date = ?5, end_date = ?6, type = ?7, status = ?8 "
      "WHERE id = ?1");
  BindEventFields(statement.Bind(1, id), 2, fields).Run();
}

int64_t InsertExtractedIncident(Database& db, const ApiEvent& from,
                                const std::string& now) {
  db.Prepare(
        "INSERT INTO incident (text, description, impact, start_date, "
        "system, type, status) VALUES (?1, ?2, ?3, ?4, ?5, 'incident', ?6)")
      .Bind(1, from.title)
      .Bind(2, from.description)
      .Bind(3, int64_t{from.impact})
      .Bind(4, now)
      .Bind(5, int64_t{from.system})
      .Bind(6, from.status)
      .Run();
  return db.LastInsertId();
}

std::vector<IncidentTitle> OpenIncidentsWith(Database& db, int64_t component,
                                             int64_t except) {
  Statement& open = db.Prepare(
      "SELECT i.id, i.text FROM incident i "
      "JOIN incident_component_relation r ON r.incident_id = i.id "
      "WHERE r.component_id = ?1 AND i.id <> ?2 "
      "AND i.end_date IS NULL AND i.impact > 0 "
      "AND i.type = 'incident' ORDER BY i.id");
  open.Bind(1, component).Bind(2, except);
  std::vector<IncidentTitle> found;
  while (open.Step()) found.push_back({open.Int(0), open.Text(1)});
  open.Reset();
  return found;
}

void ResolveIncident(Database& db, int64_t id, const std::string& now) {
  db.Prepare(
        "UPDATE incident SET end_date = max(?2, start_date), "
        "status = 'resolved' WHERE id = ?1")
      .Bind(1, id)
      .Bind(2, now)
      .Run();
}

void SetUpdateText(Database& db, int64_t update_id, const std::string& text) {
  db.Prepare("UPDATE incident_status SET text = ?2 WHERE id = ?1")
      .Bind(1, update_id)
      .Bind(2, text)
      .Run();
}

}  // namespace sdb
