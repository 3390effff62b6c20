// Components' event history and closed outages: see component_outages.h.
#include "store/component_outages.h"

namespace sdb {

std::set<int64_t> ComponentsEverInEvents(Database& db) {
  std::set<int64_t> ever;
  Statement& query = db.Prepare(
      "SELECT DISTINCT component_id FROM incident_component_relation");
  while (query.Step()) ever.insert(query.Int(0));
  query.Reset();
  return ever;
}

std::vector<ClosedOutage> ListClosedOutages(Database& db) {
  std::vector<ClosedOutage> outages;
  Statement& query = db.Prepare(
      "SELECT r.component_id, i.start_date, i.end_date FROM incident i "
      "JOIN incident_component_relation r ON r.incident_id = i.id "
      "WHERE i.impact = 3 AND i.end_date IS NOT NULL");
  while (query.Step()) {
    outages.push_back({query.Int(0), query.Text(1), query.Text(2)});
  }
  query.Reset();
  return outages;
}

}  // namespace sdb
