// Unit tests of the subscriptions outbox (sql/0009, store/notifications.h):
// which writes record which events, with what due time, that a rolled-back
// or no-op write records none, and the workers' leases.
#include "store/notifications.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "base/timeutil.h"
#include "test_support.h"

namespace {

using sdb_test::QueryInt;

struct Outbox {
  Outbox() { sdb::Migrate(db); }
  sdb::Database db{":memory:", sdb::Database::Mode::kReadWriteCreate};
  // The kinds of the events recorded since the last call, in order.
  std::vector<std::string> Recorded() {
    std::vector<std::string> kinds;
    sdb::Statement& q = db.Prepare(
        "SELECT kind FROM notification_event WHERE id > ?1 ORDER BY id");
    q.Bind(1, seen);
    while (q.Step()) kinds.push_back(q.Text(0));
    q.Reset();
    seen = QueryInt(db, "SELECT coalesce(max(id), 0) FROM notification_event");
    return kinds;
  }
  int64_t Incident(int impact, const std::string& start = "datetime('now')",
                   const std::string& end = "NULL") {
    db.Exec(
        "INSERT INTO incident (text, impact, start_date, end_date, type) "
        "VALUES ('t', " +
        std::to_string(impact) + ", " + start + ", " + end + ", '" +
        (impact == 0 ? "maintenance" : "incident") + "')");
    return QueryInt(db, "SELECT max(id) FROM incident");
  }
  std::string DueOf(const std::string& kind) {
    sdb::Statement& q = db.Prepare(
        "SELECT due_at FROM notification_event WHERE kind = ?1 AND done_at "
        "IS NULL ORDER BY id DESC LIMIT 1");
    q.Bind(1, kind);
    std::string due = q.Step() ? q.Text(0) : "";
    q.Reset();
    return due;
  }
  std::string Sql(const std::string& expression) {
    sdb::Statement& q = db.Prepare("SELECT " + expression);
    std::string value = q.Step() ? q.Text(0) : "";
    q.Reset();
    return value;
  }
  int64_t seen = 0;
};

using Kinds = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(notifications)

BOOST_AUTO_TEST_CASE(an_incident_s_life_records_one_event_per_change) {
  Outbox o;
  int64_t id = o.Incident(2);
  BOOST_TEST(o.Recorded() == Kinds{"incident.created"});
  o.db.Exec("INSERT INTO incident_status (incident_id, text, status) VALUES (" +
            std::to_string(id) + ", 'looking', 'analyzing')");
  BOOST_TEST(o.Recorded() == Kinds{"incident.updated"});
  BOOST_TEST(QueryInt(o.db,
                      "SELECT status_id FROM notification_event "
                      "ORDER BY id DESC LIMIT 1") ==
             QueryInt(o.db, "SELECT max(id) FROM incident_status"));
  o.db.Exec("UPDATE incident SET impact = 3 WHERE id = " + std::to_string(id));
  BOOST_TEST(o.Recorded() == Kinds{"incident.impact_changed"});
  BOOST_TEST(QueryInt(o.db,
                      "SELECT previous_impact FROM notification_event "
                      "ORDER BY id DESC LIMIT 1") == 2);
  // Resolving: the 'resolved' update and the end come together; one event.
  o.db.Exec("INSERT INTO incident_status (incident_id, text, status) VALUES (" +
            std::to_string(id) + ", 'fixed', 'resolved')");
  o.db.Exec(
      "UPDATE incident SET end_date = datetime('now'), status = "
      "'resolved' WHERE id = " +
      std::to_string(id));
  BOOST_TEST(o.Recorded() == Kinds{"incident.resolved"});
  o.db.Exec("UPDATE incident SET end_date = NULL WHERE id = " +
            std::to_string(id));
  BOOST_TEST(o.Recorded() == Kinds{"incident.reopened"});
  // Machine-written lines and writes that change nothing: no event.
  o.db.Exec("INSERT INTO incident_status (incident_id, text, status) VALUES (" +
            std::to_string(id) + ", 'auto', 'SYSTEM')");
  o.db.Exec("UPDATE incident SET impact = 3 WHERE id = " + std::to_string(id));
  o.db.Exec("UPDATE incident SET end_date = NULL WHERE id = " +
            std::to_string(id));
  BOOST_TEST(o.Recorded() == Kinds{});
}

BOOST_AUTO_TEST_CASE(a_rolled_back_write_records_nothing) {
  Outbox o;
  {
    sdb::Transaction t(o.db);
    o.Incident(1);
  }  // not committed
  BOOST_TEST(o.Recorded() == Kinds{});
  BOOST_TEST(QueryInt(o.db, "SELECT count(*) FROM notification_event") == 0);
}

BOOST_AUTO_TEST_CASE(a_maintenance_is_announced_and_its_start_and_end_due) {
  Outbox o;
  int64_t id = o.Incident(0, "datetime('now', '+1 day')",
                          "datetime('now', '+1 day', '+2 hours')");
  BOOST_TEST(o.Recorded() ==
             (Kinds{"maintenance.scheduled", "maintenance.started",
                    "maintenance.completed"}));
  BOOST_TEST(o.DueOf("maintenance.started") ==
             o.Sql("datetime('now', '+1 day')"));
  BOOST_TEST(o.DueOf("maintenance.completed") ==
             o.Sql("datetime('now', '+1 day', '+2 hours')"));
  // Moved: the pending start and end follow; an update is its own event.
  o.db.Exec(
      "UPDATE incident SET start_date = datetime('now', '+2 days'), "
      "end_date = datetime('now', '+2 days', '+1 hour') WHERE id = " +
      std::to_string(id));
  o.db.Exec("INSERT INTO incident_status (incident_id, text, status) VALUES (" +
            std::to_string(id) + ", 'moved', 'modified')");
  BOOST_TEST(o.Recorded() ==
             (Kinds{"maintenance.started", "maintenance.completed",
                    "maintenance.updated"}));
  BOOST_TEST(o.DueOf("maintenance.started") ==
             o.Sql("datetime('now', '+2 days')"));
  BOOST_TEST(QueryInt(o.db,
                      "SELECT count(*) FROM notification_event WHERE "
                      "kind = 'maintenance.started'") == 1);
  // Cancelled: the start and end are not told any more.
  o.db.Exec("UPDATE incident SET status = 'cancelled' WHERE id = " +
            std::to_string(id));
  BOOST_TEST(o.Recorded() == Kinds{"maintenance.cancelled"});
  BOOST_TEST(QueryInt(o.db,
                      "SELECT count(*) FROM notification_event WHERE "
                      "kind IN ('maintenance.started', "
                      "'maintenance.completed')") == 0);
}

BOOST_AUTO_TEST_CASE(a_maintenance_ended_early_is_completed_at_once) {
  Outbox o;
  int64_t id =
      o.Incident(0, "datetime('now', '-1 hour')", "datetime('now', '+1 hour')");
  // Already under way when entered: no start to tell, the end is due.
  BOOST_TEST(o.Recorded() ==
             (Kinds{"maintenance.scheduled", "maintenance.completed"}));
  o.db.Exec(
      "UPDATE incident SET end_date = datetime('now'), status = "
      "'completed' WHERE id = " +
      std::to_string(id));
  BOOST_TEST(o.Recorded() == Kinds{"maintenance.completed"});
  BOOST_TEST(o.DueOf("maintenance.completed") <= sdb::DbNow());
  BOOST_TEST(QueryInt(o.db,
                      "SELECT count(*) FROM notification_event WHERE "
                      "kind = 'maintenance.completed'") == 1);
}

BOOST_AUTO_TEST_CASE(workers_claim_due_events_with_a_lease) {
  Outbox o;
  o.Incident(1);
  o.Incident(2);
  o.Incident(0, "datetime('now', '+1 day')", "datetime('now', '+2 days')");
  std::string now = sdb::DbNow();
  std::string later = o.Sql("datetime('now', '+60 seconds')");
  auto first = sdb::ClaimDueEvents(o.db, "w1", now, later, 10);
  BOOST_TEST(first.size() == 3u);  // two created, one scheduled; not the start
  BOOST_TEST(first[0].kind == "incident.created");
  BOOST_TEST(sdb::ClaimDueEvents(o.db, "w2", now, later, 10).empty());
  BOOST_TEST(sdb::MarkEventDone(o.db, first[0].id, "w1", now));
  BOOST_TEST(!sdb::MarkEventDone(o.db, first[0].id, "w1", now));  // once
  // w1 dies: past its lease, w2 takes over what it had not finished.
  auto taken = sdb::ClaimDueEvents(
      o.db, "w2", later, o.Sql("datetime('now', '+120 seconds')"), 10);
  BOOST_TEST(taken.size() == 2u);
  BOOST_TEST(!sdb::MarkEventDone(o.db, taken[0].id, "w1", later));  // lost it
  BOOST_TEST(sdb::MarkEventDone(o.db, taken[0].id, "w2", later));
  // The start of the maintenance is due tomorrow.
  BOOST_TEST(*sdb::NextEventDue(o.db) <= o.Sql("datetime('now', '+1 day')"));
  BOOST_TEST(sdb::PendingEvents(o.db).size() == 3u);  // w2's other, start, end
  auto tomorrow = o.Sql("datetime('now', '+1 day', '+1 second')");
  auto due = sdb::ClaimDueEvents(o.db, "w3", tomorrow, tomorrow, 10);
  BOOST_TEST(due.size() == 2u);  // the start, and the event w2 left
}

BOOST_AUTO_TEST_SUITE_END()
