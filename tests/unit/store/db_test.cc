// Unit tests of the database layer and the schema in sql/: migrations and
// the schema version check, transactions, the comment on every column, the
// data_generation triggers and the CHECK constraints.
#include "store/db.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "test_support.h"

namespace {

using sdb_test::QueryInt;

// A migrated in-memory database.
struct MigratedDb {
  MigratedDb() { sdb::Migrate(db); }
  sdb::Database db{":memory:", sdb::Database::Mode::kReadWriteCreate};
};

int64_t Generation(sdb::Database& db) {
  return QueryInt(db, "SELECT generation FROM data_generation");
}

using sdb_test::ErrorOf;

using sdb_test::Contains;

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  BOOST_TEST_REQUIRE(file.good(), "cannot read " << path);
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

std::string Trim(const std::string& s) {
  auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(db)

BOOST_AUTO_TEST_CASE(migrate_sets_user_version_to_schema_version) {
  sdb::Database db(":memory:", sdb::Database::Mode::kReadWriteCreate);
  BOOST_TEST(db.UserVersion() == 0);
  BOOST_TEST(sdb::Database::SchemaVersion() >= 1);
  BOOST_TEST(sdb::Migrate(db) == sdb::Database::SchemaVersion());
  BOOST_TEST(db.UserVersion() == sdb::Database::SchemaVersion());
  BOOST_CHECK_NO_THROW(db.RequireCurrentSchema());
}

BOOST_AUTO_TEST_CASE(migrate_twice_applies_nothing_the_second_time) {
  MigratedDb m;
  BOOST_TEST(sdb::Migrate(m.db) == 0);
  BOOST_TEST(m.db.UserVersion() == sdb::Database::SchemaVersion());
}

BOOST_AUTO_TEST_CASE(schema_version_counts_the_files_in_sql) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator("sql")) {
    if (entry.path().extension() == ".sql") ++files;
  }
  BOOST_TEST(files == sdb::Database::SchemaVersion());
}

BOOST_AUTO_TEST_CASE(fresh_database_is_refused_with_migrate_hint) {
  sdb::Database db(":memory:", sdb::Database::Mode::kReadWriteCreate);
  std::string message = ErrorOf([&] { db.RequireCurrentSchema(); });
  BOOST_TEST(Contains(message, "sdb-admin migrate"), message);
}

BOOST_AUTO_TEST_CASE(newer_database_is_refused) {
  MigratedDb m;
  int newer = sdb::Database::SchemaVersion() + 1;
  m.db.Exec("PRAGMA user_version = " + std::to_string(newer));
  std::string message = ErrorOf([&] { m.db.RequireCurrentSchema(); });
  BOOST_TEST(Contains(message, std::to_string(newer)), message);
  BOOST_TEST(Contains(message, "newer"), message);
  // Migrate does not touch a database newer than this build.
  BOOST_CHECK_THROW(sdb::Migrate(m.db), sdb::Error);
  BOOST_TEST(m.db.UserVersion() == newer);
}

BOOST_AUTO_TEST_CASE(opening_a_missing_file_without_create_fails) {
  BOOST_CHECK_THROW(sdb::Database("/nonexistent/dir/status.db"), sdb::Error);
}

BOOST_AUTO_TEST_CASE(foreign_keys_are_enforced) {
  MigratedDb m;
  BOOST_CHECK_THROW(
      m.db.Exec("INSERT INTO component_attribute (component_id, name, value) "
                "VALUES (999, 'region', 'R')"),
      sdb::Error);
}

BOOST_AUTO_TEST_CASE(transaction_rolls_back_unless_committed) {
  MigratedDb m;
  {
    sdb::Transaction transaction(m.db);
    m.db.Exec("INSERT INTO component (id, name) VALUES (1, 'Dropped')");
    BOOST_TEST(QueryInt(m.db, "SELECT count(*) FROM component") == 1);
  }
  BOOST_TEST(QueryInt(m.db, "SELECT count(*) FROM component") == 0);
  {
    sdb::Transaction transaction(m.db, sdb::Transaction::Kind::kDeferred);
    m.db.Exec("INSERT INTO component (id, name) VALUES (2, 'Kept')");
    transaction.Commit();
  }
  BOOST_TEST(QueryInt(m.db, "SELECT count(*) FROM component") == 1);
  BOOST_TEST(QueryInt(m.db, "SELECT id FROM component") == 2);
}

BOOST_AUTO_TEST_CASE(transaction_rolls_back_when_an_exception_unwinds) {
  MigratedDb m;
  BOOST_CHECK_THROW(
      {
        sdb::Transaction transaction(m.db);
        m.db.Exec("INSERT INTO component (id, name) VALUES (1, 'A')");
        m.db.Exec("INSERT INTO component (id, name) VALUES (1, 'duplicate')");
        transaction.Commit();
      },
      sdb::Error);
  BOOST_TEST(QueryInt(m.db, "SELECT count(*) FROM component") == 0);
  // The connection is usable again: no transaction was left open.
  BOOST_CHECK_NO_THROW(sdb::Transaction(m.db).Commit());
}

BOOST_AUTO_TEST_CASE(statements_bind_and_read_values) {
  MigratedDb m;
  m.db.Prepare(
          "INSERT INTO incident (id, text, impact, start_date, description) "
          "VALUES (?1, ?2, ?3, ?4, ?5)")
      .Bind(1, int64_t{7})
      .Bind(2, "it's <b>broken</b>")
      .Bind(3, int64_t{2})
      .Bind(4, std::string("2026-05-01 10:00:00"))
      .Bind(5, std::optional<std::string>())
      .Run();
  BOOST_TEST(m.db.Changes() == 1);
  BOOST_TEST(m.db.LastInsertId() == 7);
  sdb::Statement& query = m.db.Prepare(
      "SELECT text, impact, description, end_date FROM incident WHERE id = ?1");
  query.Bind(1, int64_t{7});
  BOOST_TEST_REQUIRE(query.Step());
  BOOST_TEST(query.Text(0) == "it's <b>broken</b>");
  BOOST_TEST(query.Int(1) == 2);
  BOOST_TEST(query.IsNull(2));
  BOOST_TEST(!query.OptionalText(3).has_value());
  BOOST_TEST(!query.Step());
  query.Reset();
}

// Every CREATE TABLE in sql/ has a `--` comment line just above it, and every
// column definition inside it a `--` comment on its line (Fossil style).
BOOST_AUTO_TEST_CASE(every_table_and_column_has_a_comment) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator("sql")) {
    if (entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  BOOST_TEST_REQUIRE(!files.empty());
  int tables = 0;
  int columns = 0;
  for (const auto& path : files) {
    std::istringstream in(ReadFile(path.string()));
    std::string line;
    std::string previous;
    std::string table;  // inside this CREATE TABLE when not empty
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      std::string text = Trim(line);
      BOOST_TEST_CONTEXT(path.string() << ":" << number << ": " << text) {
        if (table.empty() && StartsWith(text, "CREATE TABLE")) {
          ++tables;
          table = text;
          BOOST_TEST(StartsWith(previous, "--"),
                     "table without a comment line above it");
        } else if (!table.empty() && StartsWith(text, ")")) {
          table.clear();
        } else if (!table.empty() && !text.empty() && !StartsWith(text, "--")) {
          // Table constraints describe columns already commented.
          bool constraint =
              StartsWith(text, "UNIQUE") || StartsWith(text, "PRIMARY KEY") ||
              StartsWith(text, "CHECK") || StartsWith(text, "FOREIGN KEY") ||
              StartsWith(text, "CONSTRAINT");
          if (!constraint) {
            ++columns;
            BOOST_TEST(Contains(text, "--"), "column without a comment");
          }
        }
      }
      previous = text;
    }
  }
  BOOST_TEST(tables >= 6);
  BOOST_TEST(columns >= 25);
}

BOOST_AUTO_TEST_CASE(data_generation_starts_with_one_row) {
  MigratedDb m;
  BOOST_TEST(QueryInt(m.db, "SELECT count(*) FROM data_generation") == 1);
  BOOST_TEST(Generation(m.db) >= 1);
}

BOOST_AUTO_TEST_CASE(data_generation_rises_on_every_write_to_each_table) {
  struct Case {
    const char* table;
    const char* insert;
    const char* update;
    const char* remove;
  };
  const Case kCases[] = {
      {"component", "INSERT INTO component (id, name) VALUES (3, 'New')",
       "UPDATE component SET name = 'Renamed' WHERE id = 3",
       "DELETE FROM component WHERE id = 3"},
      {"component_attribute",
       "INSERT INTO component_attribute (id, component_id, name, value) "
       "VALUES (10, 1, 'region', 'Region1')",
       "UPDATE component_attribute SET value = 'Region2' WHERE id = 10",
       "DELETE FROM component_attribute WHERE id = 10"},
      {"incident",
       "INSERT INTO incident (id, text, impact, start_date) "
       "VALUES (2, 'Second', 1, '2026-05-01 10:00:00')",
       "UPDATE incident SET end_date = '2026-05-01 11:00:00' WHERE id = 2",
       "DELETE FROM incident WHERE id = 2"},
      {"incident_component_relation",
       "INSERT INTO incident_component_relation (incident_id, component_id) "
       "VALUES (1, 1)",
       "UPDATE incident_component_relation SET component_id = 2 "
       "WHERE incident_id = 1",
       "DELETE FROM incident_component_relation WHERE incident_id = 1"},
      {"incident_status",
       "INSERT INTO incident_status (id, incident_id, timestamp, text, status) "
       "VALUES (5, 1, '2026-05-01 10:05:00', 'Looking', 'analyzing')",
       "UPDATE incident_status SET text = 'Found it' WHERE id = 5",
       "DELETE FROM incident_status WHERE id = 5"},
  };
  for (const auto& c : kCases) {
    MigratedDb m;
    m.db.Exec(
        "INSERT INTO component (id, name) VALUES (1, 'One'), (2, 'Two');"
        "INSERT INTO incident (id, text, impact, start_date) "
        "VALUES (1, 'First', 2, '2026-05-01 09:00:00');");
    for (const char* sql : {c.insert, c.update, c.remove}) {
      BOOST_TEST_CONTEXT("table " << c.table << ": " << sql) {
        int64_t before = Generation(m.db);
        m.db.Exec(sql);
        BOOST_TEST(m.db.Changes() == 1);
        BOOST_TEST(Generation(m.db) > before);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(reads_do_not_bump_data_generation) {
  MigratedDb m;
  m.db.Exec("INSERT INTO component (id, name) VALUES (1, 'One')");
  int64_t before = Generation(m.db);
  QueryInt(m.db, "SELECT count(*) FROM component");
  m.db.Exec("UPDATE component SET name = 'Two' WHERE id = 999");  // no row
  BOOST_TEST(Generation(m.db) == before);
}

BOOST_AUTO_TEST_CASE(check_constraints_reject_malformed_rows) {
  struct Case {
    const char* name;
    const char* sql;
  };
  const Case kCases[] = {
      {"start_date without seconds",
       "INSERT INTO incident (text, impact, start_date) "
       "VALUES ('t', 1, '2026-05-01 10:00')"},
      {"start_date in ISO form",
       "INSERT INTO incident (text, impact, start_date) "
       "VALUES ('t', 1, '2026-05-01T10:00:00Z')"},
      {"start_date not a date",
       "INSERT INTO incident (text, impact, start_date) "
       "VALUES ('t', 1, 'yesterday')"},
      {"impact 4",
       "INSERT INTO incident (text, impact, start_date) "
       "VALUES ('t', 4, '2026-05-01 10:00:00')"},
      {"impact -1",
       "INSERT INTO incident (text, impact, start_date) "
       "VALUES ('t', -1, '2026-05-01 10:00:00')"},
      {"end before start",
       "INSERT INTO incident (text, impact, start_date, end_date) "
       "VALUES ('t', 1, '2026-05-01 10:00:00', '2026-05-01 09:00:00')"},
      {"empty title",
       "INSERT INTO incident (text, impact, start_date) "
       "VALUES ('', 1, '2026-05-01 10:00:00')"},
      {"maintenance type with an incident impact",
       "INSERT INTO incident (text, impact, start_date, type) "
       "VALUES ('t', 2, '2026-05-01 10:00:00', 'maintenance')"},
      {"unknown type",
       "INSERT INTO incident (text, impact, start_date, type) "
       "VALUES ('t', 1, '2026-05-01 10:00:00', 'outage')"},
      {"empty component name", "INSERT INTO component (name) VALUES ('')"},
  };
  MigratedDb m;
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT(c.name) {
      BOOST_CHECK_THROW(m.db.Exec(c.sql), sdb::Error);
    }
  }
  BOOST_TEST(QueryInt(m.db, "SELECT count(*) FROM incident") == 0);
  // The well-formed row is accepted.
  BOOST_CHECK_NO_THROW(
      m.db.Exec("INSERT INTO incident (text, impact, start_date) "
                "VALUES ('t', 3, '2026-05-01 10:00:00')"));
}

// A writer that holds the database (a sysadmin's `sqlite3` shell in BEGIN
// EXCLUSIVE) past the busy timeout: the write gives up after about 5 s with
// Unavailable (a 503 with Retry-After), not a plain Error (a 500), and
// changes nothing; once the lock is gone the same write goes through.
BOOST_AUTO_TEST_CASE(a_write_blocked_past_the_busy_timeout_is_unavailable) {
  sdb_test::TempDir dir;
  std::string path = dir.File("status.db");
  sdb::Database db(path, sdb::Database::Mode::kReadWriteCreate);
  sdb::Migrate(db);
  sdb::Database holder(path, sdb::Database::Mode::kReadWrite);
  holder.Exec("BEGIN EXCLUSIVE");
  auto started = std::chrono::steady_clock::now();
  auto write = [&] {
    db.Exec(
        "INSERT INTO incident (text, impact, start_date) "
        "VALUES ('t', 1, '2026-05-01 10:00:00')");
  };
  bool unavailable = false;
  try {
    sdb::RunWriteTransaction(db, write);
  } catch (const sdb::Unavailable& e) {
    unavailable = e.reason() == sdb::Unavailable::Reason::kBusy;
  }
  auto waited = std::chrono::steady_clock::now() - started;
  BOOST_TEST(unavailable);
  BOOST_TEST(waited >= std::chrono::milliseconds(4500));
  BOOST_TEST(waited < std::chrono::seconds(12));
  holder.Exec("ROLLBACK");
  BOOST_TEST(QueryInt(db, "SELECT count(*) FROM incident") == 0);
  sdb::RunWriteTransaction(db, write);
  BOOST_TEST(QueryInt(db, "SELECT count(*) FROM incident") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
