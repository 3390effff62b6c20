// Online backup and restore: see backup.h.
#include "store/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "base/error.h"

namespace sdb {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DbHandle = std::unique_ptr<sqlite3, CloseDb>;

DbHandle Open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) {
    throw Error("cannot open " + path + ": " +
                (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

void Exec(sqlite3* db, const std::string& sql, const std::string& what) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    throw Error(what + ": " + text);
  }
}

// The first column of the first row of `sql`, as text ("" for no row).
std::string Scalar(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    throw Error(std::string(sqlite3_errmsg(db)));
  }
  std::string value;
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    if (text) value = reinterpret_cast<const char*>(text);
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    throw Error(std::string(sqlite3_errmsg(db)));
  }
  return value;
}

std::string QuickCheckOf(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA quick_check(5)", -1, &stmt, nullptr) !=
      SQLITE_OK) {
    return sqlite3_errmsg(db);
  }
  std::string result;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    if (!result.empty()) result += "; ";
    result += text ? reinterpret_cast<const char*>(text) : "";
  }
  if (rc != SQLITE_DONE) result = sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  return result;
}

// Copies all of `from` into `to` in one backup step, retrying while either
// side is busy (a writer holding the lock for longer than the busy timeout
// of a statement). Returns the number of pages.
int64_t Copy(sqlite3* to, sqlite3* from, const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) throw Error(what + ": " + sqlite3_errmsg(to));
  int rc;
  for (int attempt = 0;; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt == 200) break;
    sqlite3_sleep(50);
  }
  int64_t pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    throw Error(what + ": " + sqlite3_errstr(rc) + " (" + sqlite3_errmsg(to) +
                ")");
  }
  int code = sqlite3_errcode(to);
  if (code != SQLITE_OK && code != SQLITE_DONE) {
    throw Error(what + ": " + sqlite3_errmsg(to));
  }
  return pages;
}

void SyncDirectoryOf(const std::string& path) {
  auto slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  if (dir.empty()) dir = "/";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

std::string QuickCheck(Database& db) { return QuickCheckOf(db.handle()); }

BackupInfo BackupDatabase(Database& db, const std::string& target) {
  std::string temporary = target + ".tmp-" + std::to_string(::getpid());
  // Created here so the copy is private from its first byte: it holds
  // session and audit data.
  int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Error("cannot create " + temporary + ": " + std::strerror(errno));
  }
  ::close(fd);
  BackupInfo info;
  try {
    DbHandle copy =
        Open(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
    info.pages = Copy(copy.get(), db.handle(), "backup to " + target);
    // One self-contained file: no -wal beside it.
    Exec(copy.get(), "PRAGMA journal_mode = DELETE", "backup to " + target);
    std::string check = QuickCheckOf(copy.get());
    if (check != "ok") {
      throw Error("backup to " + target + " failed its check: " + check);
    }
    info.schema_version = std::stoi(Scalar(copy.get(), "PRAGMA user_version"));
    copy.reset();
    if (std::rename(temporary.c_str(), target.c_str()) != 0) {
      throw Error("cannot rename " + temporary + " to " + target + ": " +
                  std::strerror(errno));
    }
  } catch (...) {
    std::remove(temporary.c_str());
    std::remove((temporary + "-journal").c_str());
    throw;
  }
  SyncDirectoryOf(target);
  return info;
}

RestoreInfo RestoreDatabase(Database& db, const std::string& source) {
  RestoreInfo info;
  DbHandle backup = Open(source, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  std::string check = QuickCheckOf(backup.get());
  if (check != "ok") {
    throw Error(source + " is not a usable database: " + check);
  }
  if (Scalar(backup.get(),
             "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = "
             "'data_generation'")
          .empty()) {
    throw Error(source + " is not a status dashboard database");
  }
  info.backup_schema_version =
      std::stoi(Scalar(backup.get(), "PRAGMA user_version"));
  if (info.backup_schema_version > Database::SchemaVersion()) {
    throw Error(source + " has schema version " +
                std::to_string(info.backup_schema_version) +
                ", newer than this build (" +
                std::to_string(Database::SchemaVersion()) +
                "): restore it with the release that wrote it");
  }
  // Every generation the live database has used stays behind us.
  int64_t before = 0;
  try {
    std::string live =
        Scalar(db.handle(), "SELECT generation FROM data_generation");
    if (!live.empty()) before = std::stoll(live);
  } catch (const Error&) {
    before = 0;  // a new or foreign database: nothing cached from it
  }
  info.pages = Copy(db.handle(), backup.get(), "restore from " + source);
  backup.reset();
  info.migrations_applied = Migrate(db);
  Transaction bump(db, Transaction::Kind::kImmediate);
  db.Prepare(
        "UPDATE data_generation SET generation = MAX(generation, ?1) + 1, "
        "changed_at = datetime('now')")
      .Bind(1, before)
      .Run();
  // Sessions in the backup are from another time: ones ended since would
  // come back to life. Everyone signs in again instead.
  for (const char* table : {"operator_session", "login_state"}) {
    Statement& exists = db.Prepare(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    bool found = exists.Bind(1, table).Step();
    exists.Reset();
    if (found) {
      db.Exec(std::string("DELETE FROM ") + table);
      if (std::string(table) == "operator_session") {
        info.sessions_ended = db.Changes();
      }
    }
  }
  Statement& generation = db.Prepare("SELECT generation FROM data_generation");
  if (generation.Step()) info.generation = generation.Int(0);
  generation.Reset();
  bump.Commit();
  return info;
}

}  // namespace sdb
