// Events (incidents, maintenances, info notes) with their components and
// updates, read for the API's JSON views (v1 and v2).
#ifndef SDB_LIB_STORE_EVENTS_H_
#define SDB_LIB_STORE_EVENTS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace sdb {

struct ApiUpdate {
  int64_t id = 0;
  std::string timestamp;  // database time
  std::string status;
  std::string text;
  std::optional<std::string> author;
};

struct ApiEvent {
  int64_t id = 0;
  std::string title;  // the `text` column
  std::optional<std::string> description;
  int impact = 0;
  std::string start_date;  // database time
  std::optional<std::string> end_date;
  bool system = false;
  std::string type;
  std::optional<std::string> status;
  std::vector<int64_t> components;  // ascending ids
  std::vector<ApiUpdate> updates;   // oldest first (timestamp, then id)
};

// Every event, by id.
std::vector<ApiEvent> LoadAllEvents(Database& db);
// Calls `visit` with every event, by id, as LoadAllEvents reads them, but
// keeps none: one pass over each table, for views of every event that
// write each one out as it comes. With `component`, only the events of
// that component, found through its index. `visit` may move from the
// event, and must not read events itself (the cursors are open). Call it
// inside a transaction for one snapshot.
void ForEachEvent(Database& db, const std::function<void(ApiEvent&)>& visit,
                  std::optional<int64_t> component = std::nullopt);
// One event, or nullopt when there is none with `id`.
std::optional<ApiEvent> LoadEvent(Database& db, int64_t id);

}  // namespace sdb

#endif  // SDB_LIB_STORE_EVENTS_H_
