// The subscriptions outbox: see notifications.h.
#include "store/notifications.h"

namespace sdb {
namespace {

constexpr char kColumns[] =
    "id, incident_id, kind, status_id, impact, previous_impact, created_at, "
    "due_at";

NotificationEvent ReadEvent(Statement& row) {
  NotificationEvent event;
  event.id = row.Int(0);
  event.incident_id = row.Int(1);
  event.kind = row.Text(2);
  if (!row.IsNull(3)) event.status_id = row.Int(3);
  event.impact = static_cast<int>(row.Int(4));
  if (!row.IsNull(5)) event.previous_impact = static_cast<int>(row.Int(5));
  event.created_at = row.Text(6);
  event.due_at = row.Text(7);
  return event;
}

}  // namespace

std::vector<NotificationEvent> ClaimDueEvents(Database& db,
                                              const std::string& worker,
                                              const std::string& now,
                                              const std::string& lease_until,
                                              int limit) {
  std::vector<NotificationEvent> events;
  RunWriteTransaction(db, [&] {
    events.clear();
    Statement& select = db.Prepare(
        std::string("SELECT ") + kColumns +
        " FROM notification_event WHERE done_at IS NULL AND due_at <= ?1 "
        "AND (claimed_until IS NULL OR claimed_until <= ?1) "
        "ORDER BY due_at, id LIMIT ?2");
    select.Bind(1, now).Bind(2, static_cast<int64_t>(limit));
    while (select.Step()) events.push_back(ReadEvent(select));
    select.Reset();
    Statement& claim = db.Prepare(
        "UPDATE notification_event SET claimed_by = ?2, claimed_until = ?3 "
        "WHERE id = ?1");
    for (const auto& event : events) {
      claim.Bind(1, event.id).Bind(2, worker).Bind(3, lease_until).Run();
      claim.Reset();
    }
  });
  return events;
}

bool MarkEventDone(Database& db, int64_t id, const std::string& worker,
                   const std::string& now) {
  bool done = false;
  RunWriteTransaction(db, [&] {
    Statement& update = db.Prepare(
        "UPDATE notification_event SET done_at = ?3, claimed_until = NULL "
        "WHERE id = ?1 AND claimed_by = ?2 AND done_at IS NULL");
    update.Bind(1, id).Bind(2, worker).Bind(3, now).Run();
    update.Reset();
    done = sqlite3_changes(db.handle()) == 1;
  });
  return done;
}

std::vector<NotificationEvent> PendingEvents(Database& db) {
  std::vector<NotificationEvent> events;
  Statement& select =
      db.Prepare(std::string("SELECT ") + kColumns +
                 " FROM notification_event WHERE done_at IS NULL "
                 "ORDER BY due_at, id");
  while (select.Step()) events.push_back(ReadEvent(select));
  select.Reset();
  return events;
}

std::optional<std::string> NextEventDue(Database& db) {
  Statement& select = db.Prepare(
      "SELECT min(due_at) FROM notification_event WHERE done_at IS NULL");
  std::optional<std::string> due;
  if (select.Step() && !select.IsNull(0)) due = select.Text(0);
  select.Reset();
  return due;
}

}  // namespace sdb
