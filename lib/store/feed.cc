// The feeds' reads: see feed.h.
#include "store/feed.h"

namespace sdb {
namespace {

// How far back the first, cheap query for a region's newest events looks
// before it falls back to the region's whole list (see RegionFeedIds).
constexpr int kRecentWindow = 2000;

// Reads the event ids a query returns (column 0).
std::vector<int64_t> Ids(Statement& query) {
  std::vector<int64_t> ids;
  while (query.Step()) ids.push_back(query.Int(0));
  query.Reset();
  return ids;
}

}  // namespace

std::vector<int64_t> ComponentFeedIds(Database& db, int64_t component_id,
                                      int limit) {
  // One component's events are few: read them all by the relation's
  // component index and sort.
  Statement& query = db.Prepare(
      "SELECT i.id FROM incident i WHERE i.id IN ("
      " SELECT incident_id FROM incident_component_relation"
      " WHERE component_id = ?1) "
      "ORDER BY i.start_date DESC, i.id DESC LIMIT ?2");
  query.Bind(1, component_id).Bind(2, int64_t{limit});
  return Ids(query);
}

std::vector<int64_t> RegionFeedIds(Database& db, const std::string& region,
                                   int limit) {
  // A busy region finds its newest events among the newest of all: the
  // scan walks incident_by_start backwards and stops at the limit, checking
  // each event's own components (the CROSS JOIN keeps that order). A quiet
  // region would make it read every event, so the scan stops at the
  // kRecentWindow newest, and the region's own list is the fallback, its
  // length bounded by the region's events.
  Statement& recent = db.Prepare(
      "SELECT i.id FROM incident i "
      "WHERE i.start_date >= coalesce((SELECT start_date FROM incident"
      " ORDER BY start_date DESC, id DESC LIMIT 1 OFFSET ?3), '') "
      "AND EXISTS (SELECT 1 FROM incident_component_relation r"
      " CROSS JOIN component_attribute a"
      " WHERE r.incident_id = i.id AND a.component_id = r.component_id"
      " AND a.name = 'region' AND a.value = ?1) "
      "ORDER BY i.start_date DESC, i.id DESC LIMIT ?2");
  recent.Bind(1, region)
      .Bind(2, int64_t{limit})
      .Bind(3, int64_t{kRecentWindow - 1});
  std::vector<int64_t> ids = Ids(recent);
  if (static_cast<int>(ids.size()) < limit) {
    Statement& all = db.Prepare(
        "SELECT i.id FROM incident i WHERE i.id IN ("
        " SELECT r.incident_id FROM component_attribute a"
        " JOIN incident_component_relation r"
        " ON r.component_id = a.component_id"
        " WHERE a.name = 'region' AND a.value = ?1) "
        "ORDER BY i.start_date DESC, i.id DESC LIMIT ?2");
    all.Bind(1, region).Bind(2, int64_t{limit});
    ids = Ids(all);
  }
  return ids;
}

std::vector<int64_t> MaintenanceCalendarIds(Database& db,
                                            const std::string& region,
                                            std::optional<int64_t> component_id,
                                            const std::string& now) {
  // Two range scans (ending after now; no end) over an index on end_date,
  // so ended maintenances are never read.
#define SDB_CALENDAR_MEMBER                                         \
  "EXISTS (SELECT 1 FROM incident_component_relation r"             \
  " CROSS JOIN component_attribute a"                               \
  " WHERE r.incident_id = i.id AND a.component_id = r.component_id" \
  " AND a.name = 'region' AND a.value = ?2"                         \
  " AND (?3 IS NULL OR r.component_id = ?3))"
  Statement& query = db.Prepare(
      "SELECT i.id, i.start_date FROM incident i"
      " WHERE i.impact = 0 AND i.end_date > ?1 AND " SDB_CALENDAR_MEMBER
      " UNION ALL "
      "SELECT i.id, i.start_date FROM incident i"
      " WHERE i.impact = 0 AND i.end_date IS NULL AND " SDB_CALENDAR_MEMBER
      " ORDER BY 2, 1");
#undef SDB_CALENDAR_MEMBER
  query.Bind(1, now).Bind(2, region);
  if (component_id) {
    query.Bind(3, *component_id);
  } else {
    query.BindNull(3);
  }
  return Ids(query);
}

}  // namespace sdb
