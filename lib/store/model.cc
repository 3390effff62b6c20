// The model: see model.h.
#include "store/model.h"

#include <algorithm>
#include <unordered_map>

#include "store/incident_row.h"

namespace sdb {
namespace {

#define SDB_UPDATE_COLUMNS \
  "id, timestamp, status, text, author, related_incident_id"

// An Update from a row of SDB_UPDATE_COLUMNS.
Update ReadUpdate(const Statement& row) {
  Update update{row.Int(0),  row.Text(1),         row.Text(2),
                row.Text(3), row.OptionalText(4), std::nullopt};
  if (!row.IsNull(5)) update.related_incident_id = row.Int(5);
  return update;
}

}  // namespace

const char* ImpactKey(int impact) {
  switch (impact) {
    case kMaintenance:
      return "maintenance";
    case kMinor:
      return "minor";
    case kMajor:
      return "major";
    case kOutage:
      return "outage";
    default:
      return "unknown";
  }
}

const char* ImpactText(int impact) {
  switch (impact) {
    case kMaintenance:
      return "Scheduled maintenance";
    case kMinor:
      return "Minor incident (i.e. performance impact)";
    case kMajor:
      return "Major incident";
    case kOutage:
      return "Service outage";
    default:
      return "Unknown impact";
  }
}

const std::string& Component::Attribute(const std::string& name) const {
  static const std::string kEmpty;
  for (const auto& [key, value] : attributes) {
    if (key == name) return value;
  }
  return kEmpty;
}

Generation Model::CurrentGeneration() {
  Statement& query =
      db_.Prepare("SELECT generation, changed_at FROM data_generation");
  Generation generation;
  if (query.Step()) {
    generation.number = query.Int(0);
    generation.changed_at = query.Text(1);
  }
  query.Reset();
  return generation;
}

std::vector<Component> Model::Components() {
  // Every page reads the catalog, which changes only with the data
  // generation: the connection keeps the last one it read from committed
  // data (never one read by a transaction that has written, which may yet
  // roll back) and reads again when the generation moved.
  struct Catalog {
    int64_t generation = -1;
    std::vector<Component> components;
  };
  std::optional<Transaction> snapshot;
  if (sqlite3_get_autocommit(db_.handle())) {
    snapshot.emplace(db_, Transaction::Kind::kDeferred);
  }
  Catalog& memo = db_.Memo<Catalog>();
  int64_t generation = CurrentGeneration().number;
  bool committed = sqlite3_txn_state(db_.handle(), "main") != SQLITE_TXN_WRITE;
  if (committed && memo.generation == generation) {
    if (snapshot) snapshot->Commit();
    return memo.components;
  }
  // Two scans in rowid order rather than a join: reading the attributes in
  // id order and appending each to its component keeps every component's
  // attributes in id order without the per-component lookups and sort of
  // "LEFT JOIN ... ORDER BY c.id, a.id". Both scans read one snapshot: the
  // caller's transaction, else our own.
  Statement& query = db_.Prepare("SELECT id, name FROM component ORDER BY id");
  std::vector<Component> components;
  std::unordered_map<int64_t, size_t> index;
  while (query.Step()) {
    index.emplace(query.Int(0), components.size());
    components.push_back(Component{query.Int(0), query.Text(1), {}});
  }
  query.Reset();
  Statement& attributes = db_.Prepare(
      "SELECT component_id, name, value FROM component_attribute ORDER BY id");
  while (attributes.Step()) {
    auto it = index.find(attributes.Int(0));
    if (it == index.end()) continue;
    components[it->second].attributes.emplace_back(attributes.Text(1),
                                                   attributes.Text(2));
  }
  attributes.Reset();
  if (snapshot) snapshot->Commit();
  if (committed) {
    memo.generation = generation;
    memo.components = components;
  }
  return components;
}

std::vector<Incident> Model::LoadIncidents(Statement& query) {
  std::vector<Incident> incidents;
  while (query.Step()) {
    incidents.push_back(ReadIncidentRow<Incident>(query));
  }
  query.Reset();

  Statement& components = db_.Prepare(
      "SELECT component_id FROM incident_component_relation "
      "WHERE incident_id = ?1 ORDER BY component_id");
  Statement& latest =
      db_.Prepare("SELECT " SDB_UPDATE_COLUMNS
                  " FROM incident_status "
                  "WHERE incident_id = ?1 AND status <> 'description' "
                  "ORDER BY timestamp DESC, id DESC LIMIT 1");
  Statement& description = db_.Prepare(
      "SELECT text FROM incident_status "
      "WHERE incident_id = ?1 AND status = 'description' "
      "ORDER BY timestamp DESC, id DESC LIMIT 1");
  for (Incident& incident : incidents) {
    components.Bind(1, incident.id);
    while (components.Step())
      incident.component_ids.push_back(components.Int(0));
    components.Reset();

    latest.Bind(1, incident.id);
    if (latest.Step()) {
      incident.latest_update = ReadUpdate(latest);
    }
    latest.Reset();

    if (incident.description && !incident.description->empty()) {
      incident.description_text = *incident.description;
    } else if (incident.IsMaintenance()) {
      description.Bind(1, incident.id);
      if (description.Step()) incident.description_text = description.Text(0);
      description.Reset();
    }
  }
  return incidents;
}

std::optional<Incident> Model::FindIncident(int64_t id) {
  Statement& query = db_.Prepare("SELECT " SDB_INCIDENT_COLUMNS
                                 " FROM incident WHERE id = ?1");
  query.Bind(1, id);
  std::vector<Incident> found = LoadIncidents(query);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<Update> Model::Updates(int64_t incident_id) {
  Statement& query =
      db_.Prepare("SELECT " SDB_UPDATE_COLUMNS
                  " FROM incident_status "
                  "WHERE incident_id = ?1 ORDER BY timestamp DESC, id DESC");
  query.Bind(1, incident_id);
  std::vector<Update> updates;
  while (query.Step()) updates.push_back(ReadUpdate(query));
  query.Reset();
  return updates;
}

std::vector<Incident> Model::ActiveEvents(const std::string& now) {
  // Read through incident_by_end (open, or ending after now: a handful of
  // rows) and sort those. The unary + keep SQLite off incident_by_start,
  // which it would otherwise walk for the ORDER BY through every event
  // that ever started (100,000 rows for a few years of history).
  Statement& query = db_.Prepare(
      "SELECT " SDB_INCIDENT_COLUMNS
      " FROM incident "
      "WHERE (end_date IS NULL OR end_date > ?1) AND +start_date <= ?1 "
      "ORDER BY +start_date DESC, id DESC");
  query.Bind(1, now);
  return LoadIncidents(query);
}

std::vector<Incident> Model::PlannedMaintenances(const std::string& now) {
  // By start (few events start in the future), not by impact: the + keeps
  // SQLite off incident_by_impact_end, which holds every past maintenance.
  Statement& query = db_.Prepare("SELECT " SDB_INCIDENT_COLUMNS
                                 " FROM incident "
                                 "WHERE +impact = 0 AND start_date > ?1 "
                                 "ORDER BY start_date, id");
  query.Bind(1, now);
  return LoadIncidents(query);
}

std::optional<std::string> Model::NextScheduledChange(const std::string& now) {
  Statement& query = db_.Prepare(
      "SELECT min(t) FROM ("
      " SELECT min(start_date) AS t FROM incident WHERE start_date > ?1"
      " UNION ALL"
      " SELECT min(end_date) FROM incident WHERE end_date > ?1)");
  query.Bind(1, now);
  std::optional<std::string> next;
  if (query.Step()) next = query.OptionalText(0);
  query.Reset();
  return next;
}

std::optional<std::string> Model::LastScheduledChange(const std::string& now) {
  Statement& query = db_.Prepare(
      "SELECT max(t) FROM ("
      " SELECT max(start_date) AS t FROM incident WHERE start_date <= ?1"
      " UNION ALL"
      " SELECT max(end_date) FROM incident WHERE end_date <= ?1)");
  query.Bind(1, now);
  std::optional<std::string> last;
  if (query.Step()) last = query.OptionalText(0);
  query.Reset();
  return last;
}

std::vector<std::string> ComponentRegions(
    const std::vector<Component>& components) {
  std::vector<std::string> regions;
  for (const Component& component : components) {
    const std::string& region = component.Attribute("region");
    if (!region.empty() &&
        std::find(regions.begin(), regions.end(), region) == regions.end()) {
      regions.push_back(region);
    }
  }
  return regions;
}

// Events under way at `now` by impact, read in one statement: the events
// of Model::ActiveEvents, found the same way, through incident_by_end (open,
// or ending after now: a handful of rows). The unary + keep SQLite from
// walking incident_by_impact_end for the GROUP BY, or incident_by_start,
// through every event there ever was.
std::array<int64_t, 4> CountEventsUnderWayByImpact(Database& db,
                                                   const std::string& now) {
  std::array<int64_t, 4> counts{};
  Statement& query = db.Prepare(
      "SELECT impact, COUNT(*) FROM incident "
      "WHERE (end_date IS NULL OR end_date > ?1) AND +start_date <= ?1 "
      "GROUP BY +impact");
  query.Bind(1, now);
  while (query.Step()) {
    int64_t impact = query.Int(0);
    if (impact >= 0 && impact < 4) counts[impact] = query.Int(1);
  }
  query.Reset();
  return counts;
}

std::string ComponentName(Database& db, int64_t id) {
  Statement& query = db.Prepare("SELECT name FROM component WHERE id = ?1");
  query.Bind(1, id);
  std::string name = query.Step() ? query.Text(0) : "";
  query.Reset();
  return name;
}

}  // namespace sdb
