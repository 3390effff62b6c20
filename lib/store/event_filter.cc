// The GET /v2/events filters as SQL over the incident table: see
// event_filter.h.
#include "store/event_filter.h"

#include <map>
#include <variant>

#include "store/model.h"

namespace sdb {
namespace {

// `filter` as SQL over the incident table (its WHERE clause, the values to
// bind to its ?1, ?2, ... in order, and the ORDER BY terms of the newest
// start first).
struct EventFilterSql {
  std::string where;
  std::vector<std::variant<std::string, int64_t>> values;
  std::string order = "start_date DESC, id DESC";
};

EventFilterSql FilterSql(const EventFilter& filter, const std::string& now) {
  EventFilterSql sql;
  auto param = [&](std::variant<std::string, int64_t> value) {
    sql.values.push_back(std::move(value));
    return "?" + std::to_string(sql.values.size());
  };
  std::vector<std::string> conditions;
  if (!filter.types.empty()) {
    std::string list;
    for (const std::string& type : filter.types) {
      list += (list.empty() ? "" : ", ") + param(type);
    }
    conditions.push_back("type IN (" + list + ")");
  }
  if (filter.active) {
    // Found through incident_by_end (open, or ending from now on: a handful
    // of rows) and sorted. The unary + keep SQLite off incident_by_start,
    // which it would otherwise walk, for the start or for the order,
    // through every event that ever started (120 ms a request on 100,000).
    std::string at = param(now);
    conditions.push_back("(end_date IS NULL OR (+start_date <= " + at +
                         " AND end_date >= " + at +
                         " AND coalesce(status, '') NOT IN "
                         "('resolved', 'completed', 'cancelled')))");
    sql.order = "+start_date DESC, id DESC";
  }
  if (filter.status) {
    conditions.push_back("coalesce(status, '') = " + param(*filter.status));
  }
  if (filter.start_after) {
    conditions.push_back("start_date >= " + param(*filter.start_after));
  }
  if (filter.end_before) {
    conditions.push_back("end_date <= " + param(*filter.end_before));
  }
  if (filter.impact) {
    conditions.push_back("impact = " + param(int64_t{*filter.impact}));
  }
  if (filter.system) {
    conditions.push_back("system = " + param(int64_t{*filter.system ? 1 : 0}));
  }
  if (!filter.components.empty()) {
    // One parameter, a JSON array, whatever the number of ids: one
    // prepared statement per combination of filters, not per list length.
    std::string ids;
    for (int64_t id : filter.components) {
      ids += (ids.empty() ? "" : ",") + std::to_string(id);
    }
    conditions.push_back(
        "id IN (SELECT incident_id FROM incident_component_relation "
        "WHERE component_id IN (SELECT value FROM json_each(" +
        param("[" + ids + "]") + ")))");
  }
  // No WHERE at all without filters: SQLite counts a table from its
  // smallest index only for a bare count(*).
  for (size_t i = 0; i < conditions.size(); ++i) {
    sql.where += (i ? " AND " : " WHERE ") + conditions[i];
  }
  return sql;
}

void BindFilter(Statement& statement, const EventFilterSql& sql) {
  for (size_t i = 0; i < sql.values.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    if (const auto* text = std::get_if<std::string>(&sql.values[i])) {
      statement.Bind(index, *text);
    } else {
      statement.Bind(index, std::get<int64_t>(sql.values[i]));
    }
  }
}

// The number of events `sql` selects. Counting reads every row the filter
// allows (all 100,000 events for an unfiltered page: an index larger than
// SQLite's page cache, read again on every request), so the connection
// keeps the counts of filters that do not depend on the time until the
// data generation moves.
size_t CountEvents(Database& db, const EventFilterSql& sql, bool timeless) {
  struct Counts {
    int64_t generation = -1;
    std::map<std::string, size_t> by_filter;
  };
  constexpr size_t kMaxKept = 64;
  Counts* counts = nullptr;
  std::string key = sql.where;
  if (timeless) {
    counts = &db.Memo<Counts>();
    int64_t generation = Model(db).CurrentGeneration().number;
    if (counts->generation != generation) {
      counts->generation = generation;
      counts->by_filter.clear();
    }
    for (const auto& value : sql.values) {
      key += '\n';
      key += std::holds_alternative<int64_t>(value)
                 ? std::to_string(std::get<int64_t>(value))
                 : std::get<std::string>(value);
    }
    auto it = counts->by_filter.find(key);
    if (it != counts->by_filter.end()) return it->second;
  }
  Statement& count = db.Prepare("SELECT count(*) FROM incident" + sql.where);
  BindFilter(count, sql);
  count.Step();
  size_t total = static_cast<size_t>(count.Int(0));
  count.Reset();
  if (counts && counts->by_filter.size() < kMaxKept) {
    counts->by_filter.emplace(std::move(key), total);
  }
  return total;
}

}  // namespace

EventPage FindEvents(Database& db, const EventFilter& filter,
                     const std::string& now) {
  EventFilterSql sql = FilterSql(filter, now);
  EventPage result;
  result.total = CountEvents(db, sql, /*timeless=*/!filter.active);
  if (result.total == 0) return result;
  int limit_param = static_cast<int>(sql.values.size()) + 1;
  Statement& page =
      db.Prepare("SELECT id FROM incident" + sql.where + " ORDER BY " +
                 sql.order + " LIMIT ?" + std::to_string(limit_param) +
                 " OFFSET ?" + std::to_string(limit_param + 1));
  BindFilter(page, sql);
  page.Bind(limit_param, int64_t{filter.limit})
      .Bind(limit_param + 1, int64_t{filter.page - 1} * filter.limit);
  while (page.Step()) result.ids.push_back(page.Int(0));
  page.Reset();
  return result;
}

}  // namespace sdb
