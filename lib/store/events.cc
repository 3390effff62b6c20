// Events for the API's JSON views: see events.h.
#include "store/events.h"

#include "store/incident_row.h"

namespace sdb {
namespace {

ApiUpdate ReadUpdate(const Statement& row) {
  return {row.Int(0), row.Text(1), row.Text(2), row.Text(3),
          row.OptionalText(4)};
}

}  // namespace

std::vector<ApiEvent> LoadAllEvents(Database& db) {
  std::vector<ApiEvent> events;
  ForEachEvent(db,
               [&](ApiEvent& event) { events.push_back(std::move(event)); });
  return events;
}

void ForEachEvent(Database& db, const std::function<void(ApiEvent&)>& visit,
                  std::optional<int64_t> component) {
  // Three cursors in incident id order, merged: the relations and updates
  // of an event follow its row (rows of a missing incident are skipped).
  auto where = [&](const std::string& column) -> std::string {
    if (!component) return "";
    return " WHERE " + column +
           " IN (SELECT incident_id FROM incident_component_relation "
           "WHERE component_id = ?1)";
  };
  Statement& events =
      db.Prepare("SELECT " SDB_INCIDENT_COLUMNS " FROM incident" + where("id") +
                 " ORDER BY id");
  Statement& relations = db.Prepare(
      "SELECT incident_id, component_id FROM incident_component_relation" +
      where("incident_id") + " ORDER BY incident_id, component_id");
  Statement& updates = db.Prepare(
      "SELECT id, timestamp, status, text, author, incident_id "
      "FROM incident_status" +
      where("incident_id") + " ORDER BY incident_id, timestamp, id");
  if (component) {
    for (Statement* statement : {&events, &relations, &updates}) {
      statement->Bind(1, *component);
    }
  }
  // Rewound however the walk ends, so no read stays open.
  struct Rewind {
    Statement* statements[3];
    ~Rewind() {
      for (Statement* statement : statements) statement->Reset();
    }
  } rewind{{&events, &relations, &updates}};
  bool relation = relations.Step();
  bool update = updates.Step();
  while (events.Step()) {
    ApiEvent event = ReadIncidentRow<ApiEvent>(events);
    for (; relation && relations.Int(0) <= event.id;
         relation = relations.Step()) {
      if (relations.Int(0) == event.id) {
        event.components.push_back(relations.Int(1));
      }
    }
    for (; update && updates.Int(5) <= event.id; update = updates.Step()) {
      if (updates.Int(5) == event.id) {
        event.updates.push_back(ReadUpdate(updates));
      }
    }
    visit(event);
  }
}

std::optional<ApiEvent> LoadEvent(Database& db, int64_t id) {
  Statement& query = db.Prepare(
      "SELECT id, text, description, impact, start_date, end_date, system, "
      "type, status FROM incident WHERE id = ?1");
  query.Bind(1, id);
  if (!query.Step()) {
    query.Reset();
    return std::nullopt;
  }
  ApiEvent event = ReadIncidentRow<ApiEvent>(query);
  query.Reset();
  Statement& relations = db.Prepare(
      "SELECT component_id FROM incident_component_relation "
      "WHERE incident_id = ?1 ORDER BY component_id");
  relations.Bind(1, id);
  while (relations.Step()) event.components.push_back(relations.Int(0));
  relations.Reset();
  Statement& updates = db.Prepare(
      "SELECT id, timestamp, status, text, author FROM incident_status "
      "WHERE incident_id = ?1 ORDER BY timestamp, id");
  updates.Bind(1, id);
  while (updates.Step()) event.updates.push_back(ReadUpdate(updates));
  updates.Reset();
  return event;
}

}  // namespace sdb
