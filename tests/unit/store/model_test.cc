// Unit tests of the model on an in-memory database built from the real sql/,
// with rows inserted by SQL as a sysadmin's script would.
#include "store/model.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/db.h"
#include "test_support.h"

namespace {

constexpr char kNow[] = "2026-05-01 12:00:00";

// A migrated in-memory database and a Model over it.
struct ModelDb {
  ModelDb() { sdb::Migrate(db); }
  sdb::Database db{":memory:", sdb::Database::Mode::kReadWriteCreate};
  sdb::Model model{db};
};

// Two regions, attributes added in an order that is not alphabetical.
constexpr char kCatalog[] = R"sql(
INSERT INTO component (id, name) VALUES
  (1, 'Compute'), (2, 'Storage'), (3, 'Compute'), (4, 'Bare');
INSERT INTO component_attribute (id, component_id, name, value) VALUES
  (1, 1, 'region', 'Region1'),
  (2, 1, 'type', 'ecs'),
  (3, 1, 'category', 'Cat1'),
  (4, 2, 'type', 'obs'),
  (5, 2, 'region', 'Region1'),
  (6, 3, 'region', 'Region2'),
  (7, 3, 'category', 'Cat1');
)sql";

// Around kNow: incidents open, closed and future; maintenances under way,
// finished and planned.
constexpr char kEvents[] = R"sql(
INSERT INTO incident (id, text, description, impact, start_date, end_date, system, type, status) VALUES
  (1, 'Open major', NULL, 2, '2026-05-01 10:00:00', NULL, 1, 'incident', 'analyzing'),
  (2, 'Maintenance under way', NULL, 0, '2026-05-01 11:00:00', '2026-05-01 14:00:00', 0, 'maintenance', NULL),
  (3, 'Closed incident', NULL, 3, '2026-05-01 08:00:00', '2026-05-01 09:00:00', 0, 'incident', 'resolved'),
  (4, 'Planned later', 'Replacing disks', 0, '2026-05-03 08:00:00', '2026-05-03 10:00:00', 0, 'maintenance', NULL),
  (5, 'Open minor', NULL, 1, '2026-05-01 09:30:00', NULL, 0, 'incident', NULL),
  (6, 'Planned sooner', NULL, 0, '2026-05-02 08:00:00', '2026-05-02 09:00:00', 0, 'maintenance', NULL),
  (7, 'Future incident', NULL, 2, '2026-05-04 08:00:00', NULL, 0, 'incident', NULL),
  (8, 'Maintenance done', NULL, 0, '2026-04-30 08:00:00', '2026-04-30 10:00:00', 0, 'maintenance', NULL),
  (9, 'Maintenance with its own description', 'Own text', 0, '2026-05-01 11:30:00', '2026-05-01 13:00:00', 0, 'maintenance', NULL);
INSERT INTO incident_component_relation (incident_id, component_id) VALUES
  (1, 2), (1, 1), (2, 3), (3, 1), (4, 1), (5, 1), (6, 2), (9, 3);
INSERT INTO incident_status (id, incident_id, timestamp, text, status, author) VALUES
  (1, 1, '2026-05-01 10:05:00', 'Looking into it', 'analyzing', 'monitoring'),
  (2, 1, '2026-05-01 10:30:00', 'Fix deployed', 'fixing', 'alice'),
  (3, 1, '2026-05-01 10:40:00', 'not an update', 'description', NULL),
  (4, 1, '2026-05-01 10:20:00', 'Older', 'analyzing', NULL),
  (5, 2, '2026-05-01 10:00:00', 'Upgrading the hypervisors', 'description', 'bob'),
  (6, 2, '2026-05-01 11:10:00', 'Started', 'in progress', NULL),
  (7, 9, '2026-05-01 11:00:00', 'Update text is not the description', 'description', NULL);
)sql";

std::vector<int64_t> Ids(const std::vector<sdb::Incident>& incidents) {
  std::vector<int64_t> ids;
  for (const auto& incident : incidents) ids.push_back(incident.id);
  return ids;
}

const sdb::Incident& Find(const std::vector<sdb::Incident>& incidents,
                          int64_t id) {
  for (const auto& incident : incidents) {
    if (incident.id == id) return incident;
  }
  BOOST_FAIL("incident " << id << " not found");
  return incidents.front();  // not reached
}

}  // namespace

BOOST_AUTO_TEST_SUITE(model)

BOOST_AUTO_TEST_CASE(impact_keys_and_texts) {
  struct Case {
    int impact;
    const char* key;
    const char* text;
  };
  const Case kCases[] = {
      {0, "maintenance", "Scheduled maintenance"},
      {1, "minor", "Minor incident (i.e. performance impact)"},
      {2, "major", "Major incident"},
      {3, "outage", "Service outage"},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT("impact " << c.impact) {
      BOOST_TEST(std::string(sdb::ImpactKey(c.impact)) == c.key);
      BOOST_TEST(std::string(sdb::ImpactText(c.impact)) == c.text);
    }
  }
}

BOOST_AUTO_TEST_CASE(components_with_attributes_in_insertion_order) {
  ModelDb m;
  m.db.Exec(kCatalog);
  std::vector<sdb::Component> components = m.model.Components();
  BOOST_TEST_REQUIRE(components.size() == 4u);
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  struct Case {
    int64_t id;
    const char* name;
    Pairs attributes;
  };
  const Case kCases[] = {
      {1,
       "Compute",
       {{"region", "Region1"}, {"type", "ecs"}, {"category", "Cat1"}}},
      {2, "Storage", {{"type", "obs"}, {"region", "Region1"}}},
      {3, "Compute", {{"region", "Region2"}, {"category", "Cat1"}}},
      {4, "Bare", {}},
  };
  for (size_t i = 0; i < std::size(kCases); ++i) {
    const Case& c = kCases[i];
    const sdb::Component& component = components[i];
    BOOST_TEST_CONTEXT("component " << c.id) {
      BOOST_TEST(component.id == c.id);
      BOOST_TEST(component.name == c.name);
      BOOST_TEST_REQUIRE(component.attributes.size() == c.attributes.size());
      for (size_t a = 0; a < c.attributes.size(); ++a) {
        BOOST_TEST(component.attributes[a].first == c.attributes[a].first);
        BOOST_TEST(component.attributes[a].second == c.attributes[a].second);
      }
    }
  }
  BOOST_TEST(components[0].Attribute("category") == "Cat1");
  BOOST_TEST(components[1].Attribute("category") == "");
  BOOST_TEST(components[3].Attribute("region") == "");
}

BOOST_AUTO_TEST_CASE(components_of_an_empty_catalog) {
  ModelDb m;
  BOOST_TEST(m.model.Components().empty());
}

BOOST_AUTO_TEST_CASE(active_events_are_those_under_way_newest_first) {
  ModelDb m;
  m.db.Exec(kCatalog);
  m.db.Exec(kEvents);
  std::vector<sdb::Incident> active = m.model.ActiveEvents(kNow);
  // 9 (11:30), 2 (11:00), 1 (10:00), 5 (09:30); not the closed 3 and 8, nor
  // the future 4, 6 and 7.
  BOOST_TEST(Ids(active) == (std::vector<int64_t>{9, 2, 1, 5}));
}

BOOST_AUTO_TEST_CASE(active_event_fields) {
  ModelDb m;
  m.db.Exec(kCatalog);
  m.db.Exec(kEvents);
  std::vector<sdb::Incident> active = m.model.ActiveEvents(kNow);

  const sdb::Incident& major = Find(active, 1);
  BOOST_TEST(major.title == "Open major");
  BOOST_TEST(major.impact == sdb::kMajor);
  BOOST_TEST(!major.IsMaintenance());
  BOOST_TEST(major.start_date == "2026-05-01 10:00:00");
  BOOST_TEST(!major.end_date.has_value());
  BOOST_TEST(major.system);
  BOOST_TEST(major.type == "incident");
  BOOST_TEST(major.status.value_or("<none>") == "analyzing");
  BOOST_TEST(!major.description.has_value());
  BOOST_TEST(major.component_ids == (std::vector<int64_t>{1, 2}));
  // The newest update that is not a description.
  BOOST_TEST_REQUIRE(major.latest_update.has_value());
  BOOST_TEST(major.latest_update->id == 2);
  BOOST_TEST(major.latest_update->timestamp == "2026-05-01 10:30:00");
  BOOST_TEST(major.latest_update->status == "fixing");
  BOOST_TEST(major.latest_update->text == "Fix deployed");
  BOOST_TEST(major.latest_update->author.value_or("<none>") == "alice");
  // Incidents never take their description from an update.
  BOOST_TEST(major.description_text == "");

  const sdb::Incident& minor = Find(active, 5);
  BOOST_TEST(!minor.latest_update.has_value());
  BOOST_TEST(!minor.status.has_value());
  BOOST_TEST(!minor.system);
  BOOST_TEST(minor.component_ids == (std::vector<int64_t>{1}));
}

BOOST_AUTO_TEST_CASE(maintenance_description_falls_back_to_its_update) {
  ModelDb m;
  m.db.Exec(kCatalog);
  m.db.Exec(kEvents);
  std::vector<sdb::Incident> active = m.model.ActiveEvents(kNow);

  const sdb::Incident& maintenance = Find(active, 2);
  BOOST_TEST(maintenance.IsMaintenance());
  BOOST_TEST(maintenance.end_date.value_or("<none>") == "2026-05-01 14:00:00");
  BOOST_TEST(maintenance.description_text == "Upgrading the hypervisors");
  BOOST_TEST(maintenance.component_ids == (std::vector<int64_t>{3}));
  BOOST_TEST_REQUIRE(maintenance.latest_update.has_value());
  BOOST_TEST(maintenance.latest_update->status == "in progress");
  BOOST_TEST(maintenance.latest_update->text == "Started");

  // The description column wins over a 'description' update.
  const sdb::Incident& own = Find(active, 9);
  BOOST_TEST(own.description.value_or("<none>") == "Own text");
  BOOST_TEST(own.description_text == "Own text");
  BOOST_TEST(!own.latest_update.has_value());
}

BOOST_AUTO_TEST_CASE(active_events_boundaries) {
  // An event is under way from its start (inclusive) to its end
  // (exclusive).
  struct Case {
    const char* start;
    const char* end;  // nullptr: open
    bool active;
  };
  const Case kCases[] = {
      {"2026-05-01 12:00:00", nullptr, true},
      {"2026-05-01 12:00:01", nullptr, false},
      {"2026-05-01 11:00:00", "2026-05-01 12:00:00", false},
      {"2026-05-01 11:00:00", "2026-05-01 12:00:01", true},
      {"2026-05-01 12:00:00", "2026-05-01 12:00:00", false},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT("start " << c.start << " end "
                                << (c.end ? c.end : "NULL")) {
      ModelDb m;
      auto& insert = m.db.Prepare(
          "INSERT INTO incident (id, text, impact, start_date, end_date) "
          "VALUES (1, 'x', 1, ?1, ?2)");
      insert.Bind(1, c.start);
      if (c.end) {
        insert.Bind(2, c.end);
      } else {
        insert.BindNull(2);
      }
      insert.Run();
      BOOST_TEST(m.model.ActiveEvents(kNow).size() == (c.active ? 1u : 0u));
    }
  }
}

BOOST_AUTO_TEST_CASE(planned_maintenances_soonest_first) {
  ModelDb m;
  m.db.Exec(kCatalog);
  m.db.Exec(kEvents);
  std::vector<sdb::Incident> planned = m.model.PlannedMaintenances(kNow);
  // Not the future incident 7, not maintenances under way or done.
  BOOST_TEST(Ids(planned) == (std::vector<int64_t>{6, 4}));
  const sdb::Incident& later = Find(planned, 4);
  BOOST_TEST(later.description_text == "Replacing disks");
  BOOST_TEST(later.component_ids == (std::vector<int64_t>{1}));
  BOOST_TEST(later.end_date.value_or("<none>") == "2026-05-03 10:00:00");
}

BOOST_AUTO_TEST_CASE(scheduled_changes) {
  ModelDb m;
  BOOST_TEST(!m.model.NextScheduledChange(kNow).has_value());
  BOOST_TEST(!m.model.LastScheduledChange(kNow).has_value());

  m.db.Exec(kCatalog);
  m.db.Exec(kEvents);
  struct Case {
    const char* now;
    const char* next;  // nullptr: none
    const char* last;  // nullptr: none
  };
  const Case kCases[] = {
      // Maintenance 9 ends at 13:00; maintenance 9 started at 11:30.
      {kNow, "2026-05-01 13:00:00", "2026-05-01 11:30:00"},
      // At a start or end exactly: that one is the last, not the next.
      {"2026-05-01 13:00:00", "2026-05-01 14:00:00", "2026-05-01 13:00:00"},
      {"2026-04-01 00:00:00", "2026-04-30 08:00:00", nullptr},
      // After everything: the future incident 7 started 2026-05-04.
      {"2026-06-01 00:00:00", nullptr, "2026-05-04 08:00:00"},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT("now " << c.now) {
      auto next = m.model.NextScheduledChange(c.now);
      auto last = m.model.LastScheduledChange(c.now);
      BOOST_TEST(next.value_or("<none>") == (c.next ? c.next : "<none>"));
      BOOST_TEST(last.value_or("<none>") == (c.last ? c.last : "<none>"));
    }
  }
}

BOOST_AUTO_TEST_CASE(current_generation_increases_after_a_write) {
  ModelDb m;
  sdb::Generation before = m.model.CurrentGeneration();
  BOOST_TEST(before.number >= 1);
  BOOST_TEST(before.changed_at.size() == 19u);
  m.db.Exec("INSERT INTO component (id, name) VALUES (1, 'New')");
  sdb::Generation after = m.model.CurrentGeneration();
  BOOST_TEST(after.number > before.number);
  BOOST_TEST(after.changed_at >= before.changed_at);
  m.db.Exec("UPDATE component SET name = 'Renamed' WHERE id = 1");
  BOOST_TEST(m.model.CurrentGeneration().number > after.number);
}

// The catalog a connection keeps between requests follows every change:
// by another connection (another program), and never keeps what a
// transaction saw before it rolled back.
BOOST_AUTO_TEST_CASE(components_follow_changes_of_another_connection) {
  sdb_test::TempDir dir;
  sdb::Database page(dir.File("status.db"),
                     sdb::Database::Mode::kReadWriteCreate);
  sdb::Migrate(page);
  page.Exec(kCatalog);
  sdb::Database writer(dir.File("status.db"));
  sdb::Model model(page);
  BOOST_TEST(model.Components().at(1).name == "Storage");
  BOOST_TEST(model.Components().at(1).name == "Storage");  // the kept copy
  writer.Exec("UPDATE component SET name = 'Object Storage' WHERE id = 2");
  BOOST_TEST(model.Components().at(1).name == "Object Storage");
  writer.Exec("UPDATE component_attribute SET value = 'Region3' WHERE id = 5");
  BOOST_TEST(model.Components().at(1).Attribute("region") == "Region3");
  writer.Exec(
      "DELETE FROM component_attribute WHERE component_id = 4;"
      "DELETE FROM component WHERE id = 4");
  BOOST_TEST(model.Components().size() == 3u);
}

BOOST_AUTO_TEST_CASE(
    components_read_in_a_rolled_back_transaction_are_not_kept) {
  ModelDb m;
  m.db.Exec(kCatalog);
  BOOST_TEST(m.model.Components().size() == 4u);
  {
    sdb::Transaction rolled_back(m.db);
    m.db.Exec("INSERT INTO component (id, name) VALUES (5, 'Fleeting')");
    BOOST_TEST(m.model.Components().size() == 5u);  // the transaction's view
  }
  BOOST_TEST(m.model.Components().size() == 4u);
  // The same generation number again, with different content.
  m.db.Exec("INSERT INTO component (id, name) VALUES (6, 'Lasting')");
  std::vector<sdb::Component> components = m.model.Components();
  BOOST_TEST(components.size() == 5u);
  BOOST_TEST(components.back().name == "Lasting");
}

BOOST_AUTO_TEST_SUITE_END()
