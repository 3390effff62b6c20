// API v2 availability: GET /v2/availability (see v2_handlers.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "api/v2_handlers.h"
#include "base/timeutil.h"
#include "store/component_outages.h"
#include "store/model.h"

namespace sdb {
namespace {

// Seconds of [from, to) covered by the union of `intervals`.
long long Covered(std::vector<std::pair<long long, long long>> intervals,
                  long long from, long long to) {
  std::sort(intervals.begin(), intervals.end());
  long long total = 0, reach = from;
  for (auto [start, end] : intervals) {
    start = std::max(start, reach);
    end = std::min(end, to);
    if (end > start) {
      total += end - start;
      reach = end;
    }
  }
  return total;
}

}  // namespace

// GET /v2/availability
// 200 {"data": [{id, name, region, availability: [{year, month,
// percentage}]}]}: the current month and the 11 before, newest first;
// only closed outages (impact 3) count; null for a component that was
// never in any event.
Response V2GetAvailability(ApiCall& call) {
  Database& db = call.env.db;
  Transaction snapshot(db, Transaction::Kind::kDeferred);
  std::vector<Component> components = Model(db).Components();
  std::set<int64_t> ever = ComponentsEverInEvents(db);
  std::map<int64_t, std::vector<std::pair<long long, long long>>> outages;
  for (const ClosedOutage& outage : ListClosedOutages(db)) {
    auto start = ParseDbTime(outage.start_date);
    auto end = ParseDbTime(outage.end_date);
    if (start && end) outages[outage.component_id].emplace_back(*start, *end);
  }
  snapshot.Commit();
  // The 12 months, newest first: {year, month, first second, end}.
  struct Month {
    int year, month;
    long long from, to;
  };
  std::vector<Month> months;
  std::string now = call.env.DbNow();
  int year = std::stoi(now.substr(0, 4)), month = std::stoi(now.substr(5, 2));
  for (int i = 0; i < 12; ++i) {
    char first[40], next[40];
    int next_year = month == 12 ? year + 1 : year;
    int next_month = month == 12 ? 1 : month + 1;
    std::snprintf(first, sizeof first, "%04d-%02d-01 00:00:00", year, month);
    std::snprintf(next, sizeof next, "%04d-%02d-01 00:00:00", next_year,
                  next_month);
    months.push_back({year, month, ParseDbTime(first).value_or(0),
                      ParseDbTime(next).value_or(0)});
    if (--month == 0) {
      month = 12;
      --year;
    }
  }
  Json data = Json::array();
  for (const Component& component : components) {
    Json availability = nullptr;
    if (ever.count(component.id)) {
      availability = Json::array();
      for (const Month& m : months) {
        double hours = (m.to - m.from) / 3600.0;
        double down = Covered(outages[component.id], m.from, m.to) / 3600.0;
        double percentage =
            std::round((100.0 - down / hours * 100.0) * 100000.0) / 100000.0;
        availability.push_back(
            {{"year", m.year}, {"month", m.month}, {"percentage", percentage}});
      }
    }
    data.push_back({{"id", component.id},
                    {"name", component.name},
                    {"region", component.Attribute("region")},
                    {"availability", availability}});
  }
  return JsonResponse(200, {{"data", data}});
}

}  // namespace sdb
