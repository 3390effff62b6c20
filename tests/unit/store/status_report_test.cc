// Unit tests of the status-report decision procedure (contract sections
// 1.8 and 2.5) on an in-memory database built from the real sql/, and of
// its safety under concurrent writers.
#include "store/status_report.h"

#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/db.h"

namespace {

using sdb::ReportOutcome;
using sdb::ReportRules;

constexpr char kNow[] = "2026-11-28 12:00:00";
constexpr char kEarlier[] = "2026-11-28 10:00:00";

// A migrated database with two components in Region1 (ids 1, 2) and one
// in Region2 (id 3).
struct Fixture {
  Fixture() {
    sdb::Migrate(db);
    db.Exec(
        "INSERT INTO component (id, name) VALUES (1, 'Compute'), "
        "(2, 'Storage'), (3, 'Compute');"
        "INSERT INTO component_attribute (component_id, name, value) VALUES "
        "(1, 'category', 'Cat1'), (1, 'region', 'Region1'), (1, 'type', 'ecs'),"
        "(2, 'category', 'Cat2'), (2, 'region', 'Region1'), (2, 'type', 'obs'),"
        "(3, 'category', 'Cat1'), (3, 'region', 'Region2'), (3, 'type', "
        "'ecs');");
  }

  // Adds an event holding `components`; returns its id.
  int64_t Event(const std::string& title, int impact, bool system,
                std::vector<int64_t> components,
                const std::string& start = kEarlier, const char* end = nullptr,
                const char* type = "incident", const char* status = nullptr) {
    db.Prepare(
          "INSERT INTO incident (text, impact, start_date, end_date, system, "
          "type, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .Bind(1, title)
        .Bind(2, int64_t{impact})
        .Bind(3, start)
        .Bind(4, end ? std::optional<std::string>(end) : std::nullopt)
        .Bind(5, int64_t{system})
        .Bind(6, type)
        .Bind(7, status ? std::optional<std::string>(status) : std::nullopt)
        .Run();
    int64_t id = db.LastInsertId();
    for (int64_t c : components) {
      db.Prepare("INSERT INTO incident_component_relation VALUES (?1, ?2)")
          .Bind(1, id)
          .Bind(2, c)
          .Run();
    }
    return id;
  }

  sdb::ReportResult Report(int64_t component, int impact,
                           ReportRules rules = ReportRules::kV1) {
    sdb::StatusReport report;
    report.component_id = component;
    report.impact = impact;
    report.title = "Incident";
    report.author = "dummy";
    report.start_date = kEarlier;
    return sdb::ReportComponentStatus(db, report, rules, kNow);
  }

  std::string Query(const std::string& sql) {
    sdb::Statement& q = db.Prepare(sql);
    std::string out;
    while (q.Step()) {
      if (!out.empty()) out += "\n";
      out += q.Text(0);
    }
    q.Reset();
    return out;
  }
  // "id:impact:end_date|..." for every incident.
  std::string Incidents() {
    return Query(
        "SELECT group_concat(id || ':' || impact || ':' || system || ':' || "
        "coalesce(end_date, '-'), '|') FROM (SELECT * FROM incident ORDER BY "
        "id)");
  }
  std::string ComponentsOf(int64_t incident) {
    return Query(
        "SELECT coalesce(group_concat(component_id, ','), '') FROM (SELECT "
        "component_id FROM incident_component_relation WHERE incident_id = " +
        std::to_string(incident) + " ORDER BY component_id)");
  }
  // "status:text" of every update of `incident`, oldest first.
  std::string UpdatesOf(int64_t incident) {
    return Query(
        "SELECT coalesce(group_concat(status || ':' || text || ':' || author, "
        "'\n'), '') FROM (SELECT * FROM incident_status WHERE incident_id = " +
        std::to_string(incident) + " ORDER BY id)");
  }
  int64_t Generation() {
    return std::stoll(Query("SELECT generation FROM data_generation"));
  }

  sdb::Database db{":memory:", sdb::Database::Mode::kReadWriteCreate};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(status_report)

// Step 1: an active maintenance that holds the component answers with it;
// ended, future, cancelled or completed ones and those of other components
// do not count.
BOOST_AUTO_TEST_CASE(active_maintenance_answers_and_writes_nothing) {
  Fixture f;
  int64_t m = f.Event("Upgrade", 0, false, {1, 2}, kEarlier,
                      "2026-11-28 14:00:00", "maintenance", "in progress");
  int64_t g = f.Generation();
  for (int impact : {0, 1, 2, 3}) {
    auto result = f.Report(1, impact);
    BOOST_TEST((result.outcome == ReportOutcome::kInMaintenance));
    BOOST_TEST(result.incident_id == m);
  }
  BOOST_TEST(f.Generation() == g);
}

BOOST_AUTO_TEST_CASE(inactive_maintenances_do_not_hold_the_component) {
  struct Case {
    const char* start;
    const char* end;
    const char* status;
    int64_t component;
  };
  const Case cases[] = {
      {"2026-11-28 08:00:00", "2026-11-28 11:00:00", nullptr, 1},    // ended
      {"2026-11-28 12:00:00", "2026-11-28 12:00:00", nullptr, 1},    // ends now
      {"2026-11-28 13:00:00", "2026-11-28 14:00:00", "planned", 1},  // future
      {kEarlier, "2026-11-28 14:00:00", "cancelled", 1},
      {kEarlier, "2026-11-28 14:00:00", "completed", 1},
      {kEarlier, "2026-11-28 14:00:00", nullptr, 2},  // other component
  };
  for (const Case& c : cases) {
    Fixture f;
    f.Event("Upgrade", 0, false, {c.component}, c.start, c.end, "maintenance",
            c.status);
    BOOST_TEST((f.Report(1, 2).outcome == ReportOutcome::kCreated),
               c.start << " " << c.end);
  }
}

// Impact 0 outside a maintenance is refused, never an open-ended event.
BOOST_AUTO_TEST_CASE(impact_zero_outside_maintenance_is_refused) {
  Fixture f;
  int64_t g = f.Generation();
  BOOST_TEST((f.Report(1, 0).outcome == ReportOutcome::kImpactZero));
  BOOST_TEST(
      (f.Report(1, 0, ReportRules::kV2).outcome == ReportOutcome::kImpactZero));
  BOOST_TEST(f.Generation() == g);
}

// Regression (issue 12): the seed's order of decisions for impact 0.
// Active maintenance first (201 with it), then an open incident of equal or
// higher impact (409: every open incident's impact is above 0), and only
// then the refusal of impact 0 (400). Impact 0 in an open incident was
// refused with 400 before.
BOOST_AUTO_TEST_CASE(impact_zero_decides_in_the_seed_order) {
  for (ReportRules rules : {ReportRules::kV1, ReportRules::kV2}) {
    BOOST_TEST_CONTEXT("rules " << static_cast<int>(rules)) {
      {  // in an operator's incident: covered by it
        Fixture f;
        int64_t user = f.Event("Operator's", 1, false, {1});
        int64_t g = f.Generation();
        auto result = f.Report(1, 0, rules);
        BOOST_TEST((result.outcome == ReportOutcome::kCovered));
        BOOST_TEST(result.incident_id == user);
        BOOST_TEST(f.Generation() == g);
      }
      {  // in a system incident: covered by it
        Fixture f;
        int64_t system = f.Report(1, 2, rules).incident_id;
        int64_t g = f.Generation();
        auto result = f.Report(1, 0, rules);
        BOOST_TEST((result.outcome == ReportOutcome::kCovered));
        BOOST_TEST(result.incident_id == system);
        BOOST_TEST(f.Generation() == g);
      }
      {  // in an active maintenance and an incident: the maintenance
        Fixture f;
        f.Event("Operator's", 3, false, {1});
        int64_t maintenance =
            f.Event("Upgrade", 0, false, {1}, "2026-11-28 11:00:00",
                    "2026-11-28 13:00:00", "maintenance", "in progress");
        auto result = f.Report(1, 0, rules);
        BOOST_TEST((result.outcome == ReportOutcome::kInMaintenance));
        BOOST_TEST(result.incident_id == maintenance);
      }
      {  // in an incident of another component only: refused
        Fixture f;
        f.Event("Operator's", 2, false, {2});
        f.Report(2, 3, rules);
        int64_t g = f.Generation();
        BOOST_TEST(
            (f.Report(1, 0, rules).outcome == ReportOutcome::kImpactZero));
        BOOST_TEST(f.Generation() == g);
      }
    }
  }
}

// Step 2: a user incident covers the component at an equal or higher
// impact; at a lower one the report falls through (v1).
BOOST_AUTO_TEST_CASE(user_incident_covers_at_equal_or_higher_impact) {
  struct Case {
    int user_impact, reported;
    ReportOutcome outcome;
  };
  const Case cases[] = {
      {2, 1, ReportOutcome::kCovered},
      {2, 2, ReportOutcome::kCovered},
      {2, 3, ReportOutcome::kCreated},
  };
  for (const Case& c : cases) {
    Fixture f;
    int64_t user = f.Event("Operator's", c.user_impact, false, {1});
    int64_t g = f.Generation();
    auto result = f.Report(1, c.reported);
    BOOST_TEST((result.outcome == c.outcome), c.reported);
    if (c.outcome == ReportOutcome::kCovered) {
      BOOST_TEST(result.incident_id == user);
      BOOST_TEST(f.Generation() == g);
    } else {
      // The user incident is left untouched; the component is in both.
      BOOST_TEST(f.ComponentsOf(user) == "1");
      BOOST_TEST(f.ComponentsOf(result.incident_id) == "1");
      BOOST_TEST(f.UpdatesOf(user) == "");
    }
  }
}

// Step 3: no system incident anywhere: a new one, started now, no update.
BOOST_AUTO_TEST_CASE(first_report_creates_a_system_incident) {
  Fixture f;
  auto result = f.Report(1, 2);
  BOOST_TEST((result.outcome == ReportOutcome::kCreated));
  BOOST_TEST(f.Incidents() == std::to_string(result.incident_id) + ":2:1:-");
  BOOST_TEST(f.Query("SELECT start_date || text FROM incident") ==
             std::string(kNow) + "Incident");
  BOOST_TEST(f.ComponentsOf(result.incident_id) == "1");
  BOOST_TEST(f.UpdatesOf(result.incident_id) == "");
}

BOOST_AUTO_TEST_CASE(report_joins_the_system_incident_of_equal_impact) {
  Fixture f;
  int64_t minor = f.Event("Minor one", 1, true, {3});
  int64_t major = f.Event("Major one", 2, true, {3});
  auto result = f.Report(1, 2);
  BOOST_TEST((result.outcome == ReportOutcome::kJoined));
  BOOST_TEST(result.incident_id == major);
  BOOST_TEST(f.ComponentsOf(major) == "1,3");
  BOOST_TEST(f.UpdatesOf(major) ==
             "SYSTEM:Compute (Cat1, Region1, ecs) added to Major one:dummy");
  BOOST_TEST(f.ComponentsOf(minor) == "3");
}

BOOST_AUTO_TEST_CASE(no_system_incident_of_equal_impact_creates_one) {
  Fixture f;
  int64_t minor = f.Event("Minor one", 1, true, {3});
  auto result = f.Report(1, 2);
  BOOST_TEST((result.outcome == ReportOutcome::kCreated));
  BOOST_TEST(result.incident_id != minor);
  BOOST_TEST(f.ComponentsOf(minor) == "3");
}

// Step 3, the component already in a system incident at >= impact: 409.
BOOST_AUTO_TEST_CASE(repeated_report_is_covered) {
  Fixture f;
  int64_t first = f.Report(1, 2).incident_id;
  int64_t g = f.Generation();
  for (int impact : {1, 2}) {
    auto result = f.Report(1, impact);
    BOOST_TEST((result.outcome == ReportOutcome::kCovered));
    BOOST_TEST(result.incident_id == first);
  }
  BOOST_TEST(f.Generation() == g);
}

// Escalation (a): the only component moves to the incident of the new
// impact; the emptied one is closed and keeps its link.
BOOST_AUTO_TEST_CASE(escalation_a_moves_and_closes) {
  Fixture f;
  int64_t src = f.Event("Slow", 1, true, {1});
  int64_t dst = f.Event("Down", 2, true, {2});
  auto result = f.Report(1, 2);
  BOOST_TEST((result.outcome == ReportOutcome::kMoved));
  BOOST_TEST(result.incident_id == dst);
  BOOST_TEST(f.Incidents() == std::to_string(src) + ":1:1:" + kNow + "|" +
                                  std::to_string(dst) + ":2:1:-");
  BOOST_TEST(f.ComponentsOf(src) == "1");
  BOOST_TEST(f.ComponentsOf(dst) == "1,2");
  BOOST_TEST(f.UpdatesOf(dst) ==
             "SYSTEM:Compute (Cat1, Region1, ecs) moved from <a "
             "href='/incidents/" +
                 std::to_string(src) + "'>Slow</a>:dummy");
  BOOST_TEST(f.UpdatesOf(src) ==
             "SYSTEM:Compute (Cat1, Region1, ecs) moved to <a "
             "href='/incidents/" +
                 std::to_string(dst) +
                 "'>Down</a>:dummy\nSYSTEM:CLOSED BY SYSTEM:dummy");
  BOOST_TEST(f.Query("SELECT status FROM incident WHERE id = " +
                     std::to_string(src)) == "resolved");
}

// (b): alone and no incident of the new impact: raised in place.
BOOST_AUTO_TEST_CASE(escalation_b_raises_in_place) {
  Fixture f;
  int64_t src = f.Event("Slow", 1, true, {1});
  auto result = f.Report(1, 3);
  BOOST_TEST((result.outcome == ReportOutcome::kEscalated));
  BOOST_TEST(result.incident_id == src);
  BOOST_TEST(f.Incidents() == std::to_string(src) + ":3:1:-");
  BOOST_TEST(f.UpdatesOf(src) ==
             "SYSTEM:impact changed from minor to outage:dummy");
}

// (c): not alone, an incident of the new impact exists: moved there.
BOOST_AUTO_TEST_CASE(escalation_c_moves_one_component) {
  Fixture f;
  int64_t src = f.Event("Slow", 1, true, {1, 2});
  int64_t dst = f.Event("Down", 2, true, {3});
  auto result = f.Report(1, 2);
  BOOST_TEST((result.outcome == ReportOutcome::kMoved));
  BOOST_TEST(result.incident_id == dst);
  BOOST_TEST(f.ComponentsOf(src) == "2");
  BOOST_TEST(f.ComponentsOf(dst) == "1,3");
  BOOST_TEST(f.Incidents() ==
             std::to_string(src) + ":1:1:-|" + std::to_string(dst) + ":2:1:-");
  BOOST_TEST(f.UpdatesOf(src) ==
             "SYSTEM:Compute (Cat1, Region1, ecs) moved to <a "
             "href='/incidents/" +
                 std::to_string(dst) + "'>Down</a>:dummy");
  BOOST_TEST(f.UpdatesOf(dst) ==
             "SYSTEM:Compute (Cat1, Region1, ecs) moved from <a "
             "href='/incidents/" +
                 std::to_string(src) + "'>Slow</a>:dummy");
}

// (d): not alone, no incident of the new impact: extracted into a new one.
BOOST_AUTO_TEST_CASE(escalation_d_extracts_into_a_new_incident) {
  Fixture f;
  int64_t src = f.Event("Slow", 1, true, {1, 2});
  auto result = f.Report(1, 2);
  BOOST_TEST((result.outcome == ReportOutcome::kExtracted));
  int64_t created = result.incident_id;
  BOOST_TEST(created > src);
  BOOST_TEST(f.ComponentsOf(src) == "2");
  BOOST_TEST(f.ComponentsOf(created) == "1");
  BOOST_TEST(f.Incidents() == std::to_string(src) + ":1:1:-|" +
                                  std::to_string(created) + ":2:1:-");
  BOOST_TEST(f.UpdatesOf(created) ==
             "SYSTEM:Compute (Cat1, Region1, ecs) moved from <a "
             "href='/incidents/" +
                 std::to_string(src) + "'>Slow</a>:dummy");
  BOOST_TEST(f.UpdatesOf(src) ==
             "SYSTEM:Compute (Cat1, Region1, ecs) moved to <a "
             "href='/incidents/" +
                 std::to_string(created) + "'>Incident</a>:dummy");
}

// Closed incidents and incidents that have not started do not count.
BOOST_AUTO_TEST_CASE(closed_and_future_incidents_are_ignored) {
  Fixture f;
  f.Event("Old", 2, true, {1}, "2026-11-27 10:00:00", "2026-11-27 11:00:00");
  f.Event("Old user", 3, false, {1}, "2026-11-27 10:00:00",
          "2026-11-27 11:00:00");
  f.Event("Later", 2, true, {2}, "2026-11-28 13:00:00");
  BOOST_TEST((f.Report(1, 2).outcome == ReportOutcome::kCreated));
}

// v2 rules (section 2.5).
BOOST_AUTO_TEST_CASE(v2_user_incident_covers_at_any_impact) {
  Fixture f;
  int64_t user = f.Event("Operator's", 1, false, {1});
  auto result = f.Report(1, 3, ReportRules::kV2);
  BOOST_TEST((result.outcome == ReportOutcome::kCovered));
  BOOST_TEST(result.incident_id == user);
}

BOOST_AUTO_TEST_CASE(v2_only_type_maintenance_holds_the_component) {
  Fixture f;
  f.Event("Note", 0, false, {1}, kEarlier, "2026-11-28 14:00:00", "info",
          "active");
  BOOST_TEST(
      (f.Report(1, 2, ReportRules::kV2).outcome == ReportOutcome::kCreated));
  Fixture g;
  g.Event("Note", 0, false, {1}, kEarlier, "2026-11-28 14:00:00", "info",
          "active");
  BOOST_TEST((g.Report(1, 2).outcome == ReportOutcome::kInMaintenance));
}

BOOST_AUTO_TEST_CASE(v2_create_join_escalate_texts) {
  Fixture f;
  auto created = f.Report(1, 1, ReportRules::kV2);
  BOOST_TEST((created.outcome == ReportOutcome::kCreated));
  BOOST_TEST(f.Query("SELECT start_date || '|' || status FROM incident") ==
             std::string(kEarlier) + "|detected");
  BOOST_TEST(f.UpdatesOf(created.incident_id) ==
             "detected:The incident is detected.:dummy");
  auto joined = f.Report(2, 1, ReportRules::kV2);
  BOOST_TEST((joined.outcome == ReportOutcome::kJoined));
  BOOST_TEST(f.UpdatesOf(created.incident_id) ==
             "detected:The incident is detected.:dummy\n"
             "detected:Storage (Cat2, Region1, obs) added to the incident by "
             "system.:dummy");
  BOOST_TEST(
      (f.Report(2, 1, ReportRules::kV2).outcome == ReportOutcome::kCovered));
  // Not alone, no target: extracted.
  auto extracted = f.Report(2, 2, ReportRules::kV2);
  BOOST_TEST((extracted.outcome == ReportOutcome::kExtracted));
  // Alone in the new one: raised in place, impacts as numbers.
  auto raised = f.Report(2, 3, ReportRules::kV2);
  BOOST_TEST((raised.outcome == ReportOutcome::kEscalated));
  BOOST_TEST(raised.incident_id == extracted.incident_id);
  BOOST_TEST(f.UpdatesOf(raised.incident_id)
                 .find("SYSTEM:impact changed from 2 to 3:dummy") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(v2_move_of_the_last_component_closes_the_source) {
  Fixture f;
  int64_t src =
      f.Event("Slow", 1, true, {1}, kEarlier, nullptr, "incident", "detected");
  int64_t dst = f.Event("Down", 2, true, {2, 3}, kEarlier, nullptr, "incident",
                        "detected");
  auto result = f.Report(1, 2, ReportRules::kV2);
  BOOST_TEST((result.outcome == ReportOutcome::kMoved));
  BOOST_TEST(result.incident_id == dst);
  BOOST_TEST(f.Incidents() == std::to_string(src) + ":1:1:" + kNow + "|" +
                                  std::to_string(dst) + ":2:1:-");
  BOOST_TEST(f.UpdatesOf(src) ==
             "resolved:Compute (Cat1, Region1, ecs) moved to <a "
             "href='/incidents/" +
                 std::to_string(dst) +
                 "'>Down</a>, Incident closed by system:dummy");
}

BOOST_AUTO_TEST_CASE(find_component_by_name_and_attribute_subset) {
  Fixture f;
  using Attrs = std::vector<std::pair<std::string, std::string>>;
  BOOST_TEST(sdb::FindComponent(f.db, "Compute", {}).value() == 1);
  BOOST_TEST(sdb::FindComponent(f.db, "Compute", Attrs{{"region", "Region2"}})
                 .value() == 3);
  BOOST_TEST(sdb::FindComponent(f.db, "Compute",
                                Attrs{{"region", "Region1"}, {"type", "ecs"}})
                 .value() == 1);
  BOOST_TEST(
      !sdb::FindComponent(f.db, "Compute", Attrs{{"region", "Region3"}}));
  BOOST_TEST(!sdb::FindComponent(f.db, "Compute", Attrs{{"zone", "a"}}));
  BOOST_TEST(!sdb::FindComponent(f.db, "compute", {}));
  BOOST_TEST(!sdb::FindComponent(f.db, "Comp", {}));
}

BOOST_AUTO_TEST_CASE(component_labels) {
  Fixture f;
  f.db.Exec(
      "INSERT INTO component (id, name) VALUES (4, 'Bare');"
      "INSERT INTO component (id, name) VALUES (5, 'Odd');"
      "INSERT INTO component_attribute (component_id, name, value) VALUES "
      "(5, 'type', 't'), (5, 'region', 'R'), (5, 'category', 'C');");
  BOOST_TEST(sdb::ComponentLabel(f.db, 1, ReportRules::kV1) ==
             "Compute (Cat1, Region1, ecs)");
  BOOST_TEST(sdb::ComponentLabel(f.db, 4, ReportRules::kV1) == "Bare ()");
  BOOST_TEST(sdb::ComponentLabel(f.db, 5, ReportRules::kV1) == "Odd (t, R, C)");
  BOOST_TEST(sdb::ComponentLabel(f.db, 5, ReportRules::kV2) == "Odd (C, R, t)");
}

// Many connections reporting the same status at once: one incident, every
// other report sees it, and busy databases are retried, never surfaced.
BOOST_AUTO_TEST_CASE(concurrent_reports_create_exactly_one_incident) {
  std::string path =
      (std::filesystem::temp_directory_path() /
       ("sdb-status-report-" + std::to_string(::getpid()) + ".db"))
          .string();
  {
    sdb::Database db(path, sdb::Database::Mode::kReadWriteCreate);
    sdb::Migrate(db);
    db.Exec("INSERT INTO component (id, name) VALUES (1, 'Compute')");
  }
  constexpr int kThreads = 12, kReports = 5;
  std::atomic<int> created{0}, covered{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      try {
        sdb::Database db(path);
        for (int i = 0; i < kReports; ++i) {
          sdb::ReportResult result{};
          sdb::RunWriteTransaction(db, [&] {
            sdb::StatusReport report;
            report.component_id = 1;
            report.impact = 2;
            report.title = "Incident";
            report.author = "dummy";
            result =
                sdb::ReportComponentStatus(db, report, ReportRules::kV1, kNow);
          });
          if (result.outcome == ReportOutcome::kCreated) ++created;
          if (result.outcome == ReportOutcome::kCovered) ++covered;
        }
      } catch (const std::exception&) {
        ++errors;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(errors.load() == 0);
  BOOST_TEST(created.load() == 1);
  BOOST_TEST(covered.load() == kThreads * kReports - 1);
  {
    sdb::Database db(path);
    sdb::Statement& q = db.Prepare("SELECT count(*) FROM incident");
    q.Step();
    BOOST_TEST(q.Int(0) == 1);
    q.Reset();
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::remove((path + suffix).c_str());
  }
}

BOOST_AUTO_TEST_SUITE_END()
