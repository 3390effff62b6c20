// Events for the API's JSON views: see api_events.h.
#include "api_events.h"

#include <unordered_map>

namespace sdb {
namespace {

ApiEvent ReadEvent(const Statement& row) {
  ApiEvent event;
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

ApiUpdate ReadUpdate(const Statement& row) {
  return {row.Int(0), row.Text(1), row.Text(2), row.Text(3),
          row.OptionalText(4)};
}

}  // namespace

std::vector<ApiEvent> LoadAllEvents(Database& db) {
  std::vector<ApiEvent> events;
  std::unordered_map<int64_t, size_t> index;
  Statement& query = db.Prepare(
      "SELECT id, text, description, impact, start_date, end_date, system, "
      "type, status FROM incident ORDER BY id");
  while (query.Step()) {
    index[query.Int(0)] = events.size();
    events.push_back(ReadEvent(query));
  }
  query.Reset();
  Statement& relations = db.Prepare(
      "SELECT incident_id, component_id FROM incident_component_relation "
      "ORDER BY incident_id, component_id");
  while (relations.Step()) {
    auto it = index.find(relations.Int(0));
    if (it != index.end()) {
      events[it->second].components.push_back(relations.Int(1));
    }
  }
  relations.Reset();
  Statement& updates = db.Prepare(
      "SELECT id, timestamp, status, text, author, incident_id "
      "FROM incident_status ORDER BY incident_id, timestamp, id");
  while (updates.Step()) {
    auto it = index.find(updates.Int(5));
    if (it != index.end()) {
      events[it->second].updates.push_back(ReadUpdate(updates));
    }
  }
  updates.Reset();
  return events;
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
  ApiEvent event = ReadEvent(query);
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
