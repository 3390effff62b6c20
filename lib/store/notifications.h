// The outbox of subscriptions (notification_event, sql/0009): the changes
// that subscribers are told about, recorded by triggers with the writes
// that make them, and claimed by the notify workers with a lease so that
// several may run and one killed mid-way loses nothing.
#ifndef SDB_LIB_STORE_NOTIFICATIONS_H_
#define SDB_LIB_STORE_NOTIFICATIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace sdb {

struct NotificationEvent {
  int64_t id = 0;
  int64_t incident_id = 0;
  std::string kind;  // "incident.created", "maintenance.started", ...
  std::optional<int64_t> status_id;  // the update it carries
  int impact = 0;
  std::optional<int> previous_impact;  // incident.impact_changed
  std::string created_at;              // database times (UTC)
  std::string due_at;
};

// Claims up to `limit` events due at `now` (database time) that no worker
// holds, oldest due first, for `worker` until `lease_until`; an event whose
// lease ran out (its worker died) is claimed again. One write transaction:
// two workers never get the same event.
std::vector<NotificationEvent> ClaimDueEvents(Database& db,
                                              const std::string& worker,
                                              const std::string& now,
                                              const std::string& lease_until,
                                              int limit);

// Marks `id` fanned out at `now`, if `worker` still holds it; false when
// its lease was lost to another worker (which then does the work).
bool MarkEventDone(Database& db, int64_t id, const std::string& worker,
                   const std::string& now);

// The events not fanned out yet, in the order they are due (operators'
// view, tests).
std::vector<NotificationEvent> PendingEvents(Database& db);

// When the next pending event is due, if any: the worker sleeps until then.
std::optional<std::string> NextEventDue(Database& db);

}  // namespace sdb

#endif  // SDB_LIB_STORE_NOTIFICATIONS_H_
