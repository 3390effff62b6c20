// The model: components, incidents and their updates, read from SQLite.
// Every query is prepared once per connection and takes bound parameters.
#ifndef SDB_LIB_STORE_MODEL_H_
#define SDB_LIB_STORE_MODEL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/db.h"

namespace sdb {

// Impact 0..3 as stored.
enum Impact { kMaintenance = 0, kMinor = 1, kMajor = 2, kOutage = 3 };

// "maintenance", "minor", "major", "outage" (CSS classes, API keys).
const char* ImpactKey(int impact);
// The seed's wording: "Scheduled maintenance", "Minor incident (i.e.
// performance impact)", "Major incident", "Service outage".
const char* ImpactText(int impact);

// A signed-in operator, as Serve finds them from the session cookie.
struct Operator {
  std::string name;        // display name; the author of their changes
  std::string email;       // "" when the provider did not share it
  std::string provider;    // "openid" or "github"
  std::string subject;     // the provider's stable user id
  std::string csrf_token;  // what this session's forms must send back
};

struct Component {
  int64_t id = 0;
  std::string name;
  // Name/value pairs in the order they were added.
  std::vector<std::pair<std::string, std::string>> attributes;

  // The value of attribute `name`, or "" when the component has none.
  const std::string& Attribute(const std::string& name) const;
};

struct Update {
  int64_t id = 0;
  std::string timestamp;  // database time
  std::string status;     // "analyzing", ..., "SYSTEM", "description"
  std::string text;
  std::optional<std::string> author;
  // The other incident a system update ("moved to", "moved from") refers
  // to; pages link it from here, never from the text.
  std::optional<int64_t> related_incident_id;
};

struct Incident {
  int64_t id = 0;
  std::string title;  // the stackmon `text` column
  std::optional<std::string> description;
  int impact = 0;
  std::string start_date;
  std::optional<std::string> end_date;
  bool system = false;
  std::string type;
  std::optional<std::string> status;
  std::vector<int64_t> component_ids;  // ascending
  // The newest update other than a maintenance description, if any.
  std::optional<Update> latest_update;

  bool IsMaintenance() const { return impact == kMaintenance; }
  // The description, or for data written by the seed the text of its
  // "description" update; empty when there is neither.
  std::string description_text;
};

// When the data last changed, for cache keys and Last-Modified.
struct Generation {
  int64_t number = 0;
  std::string changed_at;  // database time
};

class Model {
 public:
  explicit Model(Database& db) : db_(db) {}

  Generation CurrentGeneration();
  // The incident `id` with its components and latest update, or nullopt.
  std::optional<Incident> FindIncident(int64_t id);
  // The whole timeline of incident `id`, newest first (by time, then id);
  // includes "description" updates.
  std::vector<Update> Updates(int64_t incident_id);
  // Every component with its attributes, by id.
  std::vector<Component> Components();
  // Events under way at `now`: started, and not ended (end NULL or later).
  // Newest start first. Includes maintenances.
  std::vector<Incident> ActiveEvents(const std::string& now);
  // Maintenances that start after `now`, soonest first.
  std::vector<Incident> PlannedMaintenances(const std::string& now);
  // The earliest start or end after `now`, when a page showing `now` goes
  // stale by itself; nullopt when nothing is scheduled.
  std::optional<std::string> NextScheduledChange(const std::string& now);
  // The latest start or end at or before `now`, or nullopt.
  std::optional<std::string> LastScheduledChange(const std::string& now);

 private:
  // Reads incidents from `query` (columns as in kIncidentColumns) and fills
  // their components and latest update.
  std::vector<Incident> LoadIncidents(Statement& query);

  Database& db_;
};

// The regions in order of first appearance among the components.
std::vector<std::string> ComponentRegions(
    const std::vector<Component>& components);

// How many events are under way at `now` (started, not ended), by impact
// 0..3: the events of Model::ActiveEvents, counted in one statement.
std::array<int64_t, 4> CountEventsUnderWayByImpact(Database& db,
                                                   const std::string& now);

// The name of component `id`, "" when there is none.
std::string ComponentName(Database& db, int64_t id);

}  // namespace sdb

#endif  // SDB_LIB_STORE_MODEL_H_
