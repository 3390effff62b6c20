// Unit tests of backup and restore (lib/backup.h) and of the database
// busy counters that /metrics reports.
#include "store/backup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "base/error.h"
#include "store/migrations.h"
#include "test_support.h"

namespace {

using sdb_test::QueryInt;

using sdb_test::TempDir;

// A migrated database at `path` with one component.
void MakeDatabase(const std::string& path, const std::string& component) {
  sdb::Database db(path, sdb::Database::Mode::kReadWriteCreate);
  sdb::Migrate(db);
  db.Prepare("INSERT INTO component (name) VALUES (?1)")
      .Bind(1, component)
      .Run();
}

using sdb_test::ErrorOf;

using sdb_test::Contains;

}  // namespace

BOOST_AUTO_TEST_SUITE(backup)

BOOST_AUTO_TEST_CASE(backup_is_a_private_self_contained_copy) {
  TempDir dir;
  MakeDatabase(dir.File("live.db"), "Compute");
  sdb::Database live(dir.File("live.db"));
  sdb::BackupInfo info = sdb::BackupDatabase(live, dir.File("copy.db"));
  BOOST_TEST(info.pages > 0);
  BOOST_TEST(info.schema_version == sdb::Database::SchemaVersion());
  struct stat st {};
  BOOST_TEST_REQUIRE(stat(dir.File("copy.db").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  BOOST_TEST(!std::filesystem::exists(dir.File("copy.db-wal")));
  sdb::Database copy(dir.File("copy.db"));
  BOOST_TEST(QueryInt(copy,
                      "SELECT count(*) FROM component WHERE name = "
                      "'Compute'") == 1);
  BOOST_TEST(sdb::QuickCheck(copy) == "ok");
  // Taken again, it replaces the file; no temporary file stays.
  sdb::BackupDatabase(live, dir.File("copy.db"));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
    BOOST_TEST(entry.path().filename().string().find(".tmp-") ==
               std::string::npos);
    ++files;
  }
  BOOST_TEST(files >= 2);
}

BOOST_AUTO_TEST_CASE(backup_sees_committed_data_only) {
  TempDir dir;
  MakeDatabase(dir.File("live.db"), "Compute");
  sdb::Database live(dir.File("live.db"));
  sdb::Database writer(dir.File("live.db"));
  sdb::Transaction open(writer);
  writer.Prepare("INSERT INTO component (name) VALUES ('Uncommitted')").Run();
  sdb::BackupDatabase(live, dir.File("copy.db"));  // not blocked by the writer
  sdb::Database copy(dir.File("copy.db"));
  BOOST_TEST(QueryInt(copy, "SELECT count(*) FROM component") == 1);
}

BOOST_AUTO_TEST_CASE(backup_failure_leaves_nothing) {
  TempDir dir;
  MakeDatabase(dir.File("live.db"), "Compute");
  sdb::Database live(dir.File("live.db"));
  std::string message =
      ErrorOf([&] { sdb::BackupDatabase(live, dir.File("missing/copy.db")); });
  BOOST_TEST(Contains(message, dir.File("missing/copy.db")), message);
}

BOOST_AUTO_TEST_CASE(restore_replaces_content_and_moves_the_generation_on) {
  TempDir dir;
  MakeDatabase(dir.File("backup.db"), "FromBackup");
  bool sessions = false;
  {
    sdb::Database source(dir.File("backup.db"));
    sessions = QueryInt(source,
                        "SELECT count(*) FROM sqlite_schema WHERE name = "
                        "'operator_session'") == 1;
    if (sessions) {
      // A session that had ended by the time of the restore.
      source.Exec(
          "INSERT INTO operator_session (id_hash, csrf_token, provider, "
          "subject, name, created_at, last_seen_at, expires_at) VALUES "
          "('h', 't', 'openid', 's', 'Olga', 0, 0, 4102444800)");
    }
    sdb::BackupDatabase(source, dir.File("copy.db"));
  }
  MakeDatabase(dir.File("live.db"), "Live");
  sdb::Database live(dir.File("live.db"));
  for (int i = 0; i < 20; ++i) {
    live.Prepare("INSERT INTO component (name) VALUES (?1)")
        .Bind(1, "More" + std::to_string(i))
        .Run();
  }
  int64_t before = QueryInt(live, "SELECT generation FROM data_generation");
  sdb::RestoreInfo info = sdb::RestoreDatabase(live, dir.File("copy.db"));
  BOOST_TEST(info.migrations_applied == 0);
  BOOST_TEST(info.generation > before);
  if (sessions) {
    BOOST_TEST(info.sessions_ended == 1);
    BOOST_TEST(QueryInt(live, "SELECT count(*) FROM operator_session") == 0);
  }
  BOOST_TEST(QueryInt(live, "SELECT generation FROM data_generation") ==
             info.generation);
  BOOST_TEST(QueryInt(live, "SELECT count(*) FROM component") == 1);
  BOOST_TEST(QueryInt(live,
                      "SELECT count(*) FROM component WHERE name = "
                      "'FromBackup'") == 1);
  // Another connection (a running program) sees the restored data.
  sdb::Database other(dir.File("live.db"));
  BOOST_TEST(QueryInt(other, "SELECT count(*) FROM component") == 1);
  live.Prepare("INSERT INTO component (name) VALUES ('After')").Run();
  BOOST_TEST(QueryInt(other, "SELECT count(*) FROM component") == 2);
}

BOOST_AUTO_TEST_CASE(restore_migrates_an_older_backup) {
  TempDir dir;
  {
    // Schema version 1: the first migration only.
    sdb::Database old(dir.File("old.db"),
                      sdb::Database::Mode::kReadWriteCreate);
    old.Exec(sdb::kMigrations[0].sql);
    old.Exec("PRAGMA user_version = 1");
    old.Exec("INSERT INTO component (name) VALUES ('Old')");
  }
  sdb::Database fresh(dir.File("fresh.db"),
                      sdb::Database::Mode::kReadWriteCreate);
  sdb::RestoreInfo info = sdb::RestoreDatabase(fresh, dir.File("old.db"));
  BOOST_TEST(info.backup_schema_version == 1);
  BOOST_TEST(info.migrations_applied == sdb::Database::SchemaVersion() - 1);
  BOOST_TEST(fresh.UserVersion() == sdb::Database::SchemaVersion());
  BOOST_TEST(QueryInt(fresh,
                      "SELECT count(*) FROM component WHERE name = "
                      "'Old'") == 1);
}

BOOST_AUTO_TEST_CASE(restore_refuses_unusable_backups) {
  TempDir dir;
  MakeDatabase(dir.File("live.db"), "Live");
  sdb::Database live(dir.File("live.db"));
  int64_t generation = QueryInt(live, "SELECT generation FROM data_generation");
  {
    MakeDatabase(dir.File("newer.db"), "Newer");
    sdb::Database newer(dir.File("newer.db"));
    newer.Exec("PRAGMA user_version = 999");
  }
  BOOST_TEST(Contains(
      ErrorOf([&] { sdb::RestoreDatabase(live, dir.File("newer.db")); }),
      "newer than this build"));
  {
    sdb::Database other(dir.File("other.db"),
                        sdb::Database::Mode::kReadWriteCreate);
    other.Exec("CREATE TABLE t (x)");
  }
  BOOST_TEST(Contains(
      ErrorOf([&] { sdb::RestoreDatabase(live, dir.File("other.db")); }),
      "is not a status dashboard database"));
  BOOST_TEST(Contains(
      ErrorOf([&] { sdb::RestoreDatabase(live, dir.File("absent.db")); }),
      dir.File("absent.db")));
  BOOST_TEST(QueryInt(live, "SELECT generation FROM data_generation") ==
             generation);
  BOOST_TEST(QueryInt(live,
                      "SELECT count(*) FROM component WHERE name = "
                      "'Live'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(busy_counters)

BOOST_AUTO_TEST_CASE(waits_for_a_lock_are_counted) {
  TempDir dir;
  MakeDatabase(dir.File("live.db"), "Compute");
  sdb::Database holder(dir.File("live.db"));
  sdb::Database waiter(dir.File("live.db"));
  BOOST_TEST(waiter.busy_waits() == 0);
  auto lock = std::make_unique<sdb::Transaction>(
      holder, sdb::Transaction::Kind::kImmediate);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    lock->Commit();
  });
  {
    sdb::Transaction write(waiter, sdb::Transaction::Kind::kImmediate);
    write.Commit();
  }
  release.join();
  BOOST_TEST(waiter.busy_waits() > 0);
  BOOST_TEST(waiter.transaction_retries() == 0);
  waiter.CountTransactionRetry();
  BOOST_TEST(waiter.transaction_retries() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
