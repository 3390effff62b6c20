// The status-report decision procedure: see status_report.h.
#include "store/status_report.h"

#include <algorithm>
#include <map>

#include "base/error.h"

namespace sdb {
namespace {

// Open incidents (not maintenances) that hold the component, by id:
// started, no end, impact above 0, opened by the API (`system` 1) or by a
// person (0).
#define SDB_OPEN_INCIDENTS_OF_COMPONENT                                 \
  "SELECT i.id, i.impact, i.text FROM incident i "                      \
  "JOIN incident_component_relation r ON r.incident_id = i.id "         \
  "WHERE r.component_id = ?1 AND i.system = ?2 AND i.impact <> 0 "      \
  "AND i.end_date IS NULL AND i.start_date <= ?3 AND i.type <> 'info' " \
  "ORDER BY i.id"

struct OpenIncident {
  int64_t id = 0;
  int impact = 0;
  std::string title;
};

std::vector<OpenIncident> OpenIncidentsOf(Database& db, int64_t component,
                                          bool system, const std::string& now) {
  Statement& query = db.Prepare(SDB_OPEN_INCIDENTS_OF_COMPONENT);
  query.Bind(1, component).Bind(2, int64_t{system ? 1 : 0}).Bind(3, now);
  std::vector<OpenIncident> found;
  while (query.Step()) {
    found.push_back(
        {query.Int(0), static_cast<int>(query.Int(1)), query.Text(2)});
  }
  query.Reset();
  return found;
}

// The active maintenance that holds the component, if any. Completed or
// cancelled maintenances no longer hold it, whatever their end date says.
std::optional<int64_t> MaintenanceOf(Database& db, int64_t component,
                                     ReportRules rules,
                                     const std::string& now) {
  // Read from the events not yet ended (incident_by_end: a handful), each
  // checked for the component by primary key. The unary + keep SQLite off
  // the component's every past event (incident_component_by_component),
  // every past maintenance (impact) and a walk in id order (ORDER BY).
  Statement& query = db.Prepare(
      "SELECT i.id FROM incident i "
      "JOIN incident_component_relation r ON r.incident_id = i.id "
      "WHERE +r.component_id = ?1 AND +i.impact = 0 AND +i.start_date <= ?2 "
      "AND (i.end_date IS NULL OR i.end_date > ?2) "
      "AND coalesce(i.status, '') NOT IN ('completed', 'cancelled') "
      "AND (?3 = 0 OR i.type = 'maintenance') "
      "ORDER BY +i.id LIMIT 1");
  query.Bind(1, component)
      .Bind(2, now)
      .Bind(3, int64_t{rules == ReportRules::kV2 ? 1 : 0});
  std::optional<int64_t> id;
  if (query.Step()) id = query.Int(0);
  query.Reset();
  return id;
}

// The first open system incident with exactly `impact`, if any.
std::optional<OpenIncident> SystemIncidentWithImpact(Database& db, int impact,
                                                     const std::string& now) {
  Statement& query = db.Prepare(
      "SELECT id, impact, text FROM incident "
      "WHERE system = 1 AND impact = ?1 AND end_date IS NULL "
      "AND start_date <= ?2 AND type = 'incident' ORDER BY id LIMIT 1");
  query.Bind(1, int64_t{impact}).Bind(2, now);
  std::optional<OpenIncident> found;
  if (query.Step()) {
    found = OpenIncident{query.Int(0), static_cast<int>(query.Int(1)),
                         query.Text(2)};
  }
  query.Reset();
  return found;
}

int64_t CreateSystemIncident(Database& db, const std::string& title,
                             const std::optional<std::string>& description,
                             int impact, const std::string& start,
                             const std::optional<std::string>& status,
                             int64_t component) {
  db.Prepare(
        "INSERT INTO incident (text, description, impact, start_date, "
        "system, type, status) VALUES (?1, ?2, ?3, ?4, 1, 'incident', ?5)")
      .Bind(1, title)
      .Bind(2, description)
      .Bind(3, int64_t{impact})
      .Bind(4, start)
      .Bind(5, status)
      .Run();
  int64_t id = db.LastInsertId();
  LinkComponent(db, id, component);
  return id;
}

std::string Anchor(const OpenIncident& incident) {
  return "<a href='/incidents/" + std::to_string(incident.id) + "'>" +
         incident.title + "</a>";
}

const char* ImpactName(int impact) {
  static const char* const kNames[] = {"maintenance", "minor", "major",
                                       "outage"};
  return impact >= 0 && impact <= 3 ? kNames[impact] : "unknown";
}

std::string ImpactWord(int impact, ReportRules rules) {
  return rules == ReportRules::kV1 ? ImpactName(impact)
                                   : std::to_string(impact);
}

// Closes `incident` because the system moved its last component away.
void CloseBySystem(Database& db, const OpenIncident& incident,
                   const std::string& move_text, int64_t moved_to,
                   ReportRules rules, const std::string& author,
                   const std::string& now) {
  db.Prepare(
        "UPDATE incident SET end_date = ?2, status = 'resolved' "
        "WHERE id = ?1")
      .Bind(1, incident.id)
      .Bind(2, now)
      .Run();
  if (rules == ReportRules::kV1) {
    AddUpdate(db, incident.id, "SYSTEM", move_text, author, now, moved_to);
    AddUpdate(db, incident.id, "SYSTEM", "CLOSED BY SYSTEM", author, now);
  } else {
    AddUpdate(db, incident.id, "resolved",
              move_text + ", Incident closed by system", author, now, moved_to);
  }
}

OpenIncident LoadOpenIncident(Database& db, int64_t id) {
  Statement& query =
      db.Prepare("SELECT id, impact, text FROM incident WHERE id = ?1");
  query.Bind(1, id);
  if (!query.Step())
    throw Error("incident " + std::to_string(id) + " vanished");
  OpenIncident found{query.Int(0), static_cast<int>(query.Int(1)),
                     query.Text(2)};
  query.Reset();
  return found;
}

}  // namespace

std::vector<int64_t> OpenIncidentsHolding(Database& db, int64_t component,
                                          const std::string& now,
                                          int64_t except) {
  std::vector<int64_t> ids;
  for (bool system : {false, true}) {
    for (const auto& open : OpenIncidentsOf(db, component, system, now)) {
      if (open.id != except) ids.push_back(open.id);
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

void MoveComponent(Database& db, int64_t component, int64_t from, int64_t to,
                   const std::string& author, const std::string& now) {
  OpenIncident source = LoadOpenIncident(db, from);
  OpenIncident target = LoadOpenIncident(db, to);
  std::string label = ComponentLabel(db, component, ReportRules::kV1);
  AddUpdate(db, target.id, "SYSTEM", label + " moved from " + Anchor(source),
            author, now, source.id);
  std::string moved_to = label + " moved to " + Anchor(target);
  if (CountComponents(db, source.id) == 1) {
    CloseBySystem(db, source, moved_to, target.id, ReportRules::kV2, author,
                  now);
  } else {
    UnlinkComponent(db, source.id, component);
    AddUpdate(db, source.id, "SYSTEM", moved_to, author, now, target.id);
  }
}

int64_t CountComponents(Database& db, int64_t incident) {
  Statement& query = db.Prepare(
      "SELECT count(*) FROM incident_component_relation "
      "WHERE incident_id = ?1");
  query.Bind(1, incident);
  query.Step();
  int64_t count = query.Int(0);
  query.Reset();
  return count;
}

void AddUpdate(Database& db, int64_t incident, const std::string& status,
               const std::string& text, const std::string& author,
               const std::string& timestamp, std::optional<int64_t> related) {
  Statement& insert = db.Prepare(
      "INSERT INTO incident_status (incident_id, timestamp, text, status, "
      "author, related_incident_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.Bind(1, incident)
      .Bind(2, timestamp)
      .Bind(3, text)
      .Bind(4, status)
      .Bind(5, author);
  if (related) {
    insert.Bind(6, *related);
  } else {
    insert.BindNull(6);
  }
  insert.Run();
}

void LinkComponent(Database& db, int64_t incident, int64_t component) {
  db.Prepare(
        "INSERT OR IGNORE INTO incident_component_relation "
        "(incident_id, component_id) VALUES (?1, ?2)")
      .Bind(1, incident)
      .Bind(2, component)
      .Run();
}

void UnlinkComponent(Database& db, int64_t incident, int64_t component) {
  db.Prepare(
        "DELETE FROM incident_component_relation "
        "WHERE incident_id = ?1 AND component_id = ?2")
      .Bind(1, incident)
      .Bind(2, component)
      .Run();
}

std::optional<int64_t> FindComponent(
    Database& db, const std::string& name,
    const std::vector<std::pair<std::string, std::string>>& attributes) {
  Statement& query = db.Prepare(
      "SELECT c.id, a.name, a.value FROM component c "
      "LEFT JOIN component_attribute a ON a.component_id = c.id "
      "WHERE c.name = ?1 ORDER BY c.id, a.id");
  query.Bind(1, name);
  std::vector<std::pair<int64_t, std::map<std::string, std::string>>> found;
  while (query.Step()) {
    if (found.empty() || found.back().first != query.Int(0)) {
      found.push_back({query.Int(0), {}});
    }
    if (!query.IsNull(1)) found.back().second[query.Text(1)] = query.Text(2);
  }
  query.Reset();
  for (const auto& [id, have] : found) {
    bool all = true;
    for (const auto& [key, value] : attributes) {
      auto it = have.find(key);
      if (it == have.end() || it->second != value) {
        all = false;
        break;
      }
    }
    if (all) return id;
  }
  return std::nullopt;
}

std::string ComponentLabel(Database& db, int64_t component_id,
                           ReportRules rules) {
  Statement& query = db.Prepare(
      "SELECT c.name, a.name, a.value FROM component c "
      "LEFT JOIN component_attribute a ON a.component_id = c.id "
      "WHERE c.id = ?1 ORDER BY a.id");
  query.Bind(1, component_id);
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  while (query.Step()) {
    name = query.Text(0);
    if (!query.IsNull(1)) attributes.emplace_back(query.Text(1), query.Text(2));
  }
  query.Reset();
  std::vector<std::string> values;
  if (rules == ReportRules::kV1) {
    for (const auto& [key, value] : attributes) values.push_back(value);
  } else {
    for (const char* key : {"category", "region", "type"}) {
      for (const auto& [k, value] : attributes) {
        if (k == key) values.push_back(value);
      }
    }
  }
  std::string label = name + " (";
  for (size_t i = 0; i < values.size(); ++i) {
    label += (i ? ", " : "") + values[i];
  }
  return label + ")";
}

ReportResult ReportComponentStatus(Database& db, const StatusReport& report,
                                   ReportRules rules, const std::string& now) {
  const int64_t component = report.component_id;
  const int impact = report.impact;
  const bool v1 = rules == ReportRules::kV1;

  // 1. An active maintenance holds the component: nothing to do.
  if (auto maintenance = MaintenanceOf(db, component, rules, now)) {
    return {ReportOutcome::kInMaintenance, *maintenance};
  }
  // 2. Incidents opened by people. v1: one at an equal or higher impact
  // covers the component; a lower one does not, and the report goes on.
  // v2: any of them covers it.
  for (const OpenIncident& incident :
       OpenIncidentsOf(db, component, /*system=*/false, now)) {
    if (!v1 || impact <= incident.impact) {
      return {ReportOutcome::kCovered, incident.id};
    }
  }

  std::vector<OpenIncident> mine =
      OpenIncidentsOf(db, component, /*system=*/true, now);
  // 4 (first half). Already in a system incident of equal or higher
  // impact: covered. The seed decides this before looking at impact 0, so
  // impact 0 in an open incident is a conflict like any lower impact.
  if (!mine.empty() && impact <= mine.front().impact) {
    return {ReportOutcome::kCovered, mine.front().id};
  }
  // Impact 0 in no open incident would open an open-ended "maintenance"
  // (the seed's bug): refused.
  if (impact == 0) return {ReportOutcome::kImpactZero, 0};

  std::string label = ComponentLabel(db, component, rules);
  auto target = SystemIncidentWithImpact(db, impact, now);

  // 3. In no system incident: join the one with this impact, or open one.
  if (mine.empty()) {
    if (target) {
      LinkComponent(db, target->id, component);
      if (v1) {
        AddUpdate(db, target->id, "SYSTEM",
                  label + " added to " + target->title, report.author, now);
      } else {
        Statement& status = db.Prepare(
            "SELECT coalesce(status, 'SYSTEM') FROM incident "
            "WHERE id = ?1");
        status.Bind(1, target->id);
        status.Step();
        std::string current = status.Text(0);
        status.Reset();
        AddUpdate(db, target->id, current,
                  label + " added to the incident by system.", report.author,
                  now);
      }
      return {ReportOutcome::kJoined, target->id};
    }
    int64_t id;
    if (v1) {
      id = CreateSystemIncident(db, report.title, report.description, impact,
                                now, std::nullopt, component);
    } else {
      std::string start = report.start_date.empty() ? now : report.start_date;
      id = CreateSystemIncident(db, report.title, report.description, impact,
                                start, "detected", component);
      AddUpdate(db, id, "detected", "The incident is detected.", report.author,
                start <= now ? start : now);
    }
    return {ReportOutcome::kCreated, id};
  }

  // 4. In a system incident of lower impact (equal or higher returned
  // above).
  const OpenIncident& source = mine.front();

  // 5. Escalation.
  bool alone = CountComponents(db, source.id) == 1;
  if (target) {
    AddUpdate(db, target->id, "SYSTEM", label + " moved from " + Anchor(source),
              report.author, now, source.id);
    LinkComponent(db, target->id, component);
    std::string moved_to = label + " moved to " + Anchor(*target);
    if (alone) {
      // (a) The emptied incident is closed; it keeps its component link so
      // its history still names what it affected.
      CloseBySystem(db, source, moved_to, target->id, rules, report.author,
                    now);
    } else {
      // (c)
      UnlinkComponent(db, source.id, component);
      AddUpdate(db, source.id, "SYSTEM", moved_to, report.author, now,
                target->id);
    }
    return {ReportOutcome::kMoved, target->id};
  }
  if (alone) {
    // (b) Raised in place.
    db.Prepare("UPDATE incident SET impact = ?2 WHERE id = ?1")
        .Bind(1, source.id)
        .Bind(2, int64_t{impact})
        .Run();
    AddUpdate(db, source.id, "SYSTEM",
              "impact changed from " + ImpactWord(source.impact, rules) +
                  " to " + ImpactWord(impact, rules),
              report.author, now);
    return {ReportOutcome::kEscalated, source.id};
  }
  // (d) Extracted into a new system incident.
  UnlinkComponent(db, source.id, component);
  OpenIncident created{
      CreateSystemIncident(db, report.title, report.description, impact, now,
                           std::nullopt, component),
      impact, report.title};
  AddUpdate(db, created.id, "SYSTEM", label + " moved from " + Anchor(source),
            report.author, now, source.id);
  AddUpdate(db, source.id, "SYSTEM", label + " moved to " + Anchor(created),
            report.author, now, created.id);
  return {ReportOutcome::kExtracted, created.id};
}

}  // namespace sdb
