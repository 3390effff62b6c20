// SQLite access: RAII handles, statements prepared once per connection and
// reused across requests, transactions, and the embedded schema migrations.
#ifndef SDB_LIB_STORE_DB_H_
#define SDB_LIB_STORE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>

#include "base/error.h"

namespace sdb {

// One prepared statement. Bind parameters are 1-based, columns 0-based,
// as in the SQLite C API. Every error throws sdb::Error.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const char* value) {
    return Bind(index, std::string_view(value));
  }
  Statement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<std::string>& value);

  // Advances to the next row: true when a row is available, false when done.
  bool Step();
  // Runs a statement that returns no rows (or ignores them) to completion.
  void Run();
  // Rewinds and clears the bindings so the statement can be used again.
  void Reset();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A connection with WAL, a busy timeout and foreign keys on.
class Database {
 public:
  // The schema version this build expects: the number of files in sql/.
  static int SchemaVersion();

  enum class Mode { kReadWrite, kReadWriteCreate };
  // Opens `path` (":memory:" works). Throws sdb::Error when it cannot.
  explicit Database(const std::string& path, Mode mode = Mode::kReadWrite);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // The statement for `sql`, prepared on first use and kept for the life of
  // the connection; returned rewound with no bindings. Do not hold it across
  // another Prepare of the same text.
  Statement& Prepare(std::string_view sql);
  // Runs one or more statements without parameters.
  void Exec(const std::string& sql);

  int UserVersion();
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int Changes() const;
  int64_t LastInsertId() const;
  sqlite3* handle() { return db_; }

  // Throws sdb::Error with a message telling the sysadmin to run
  // `sdb-admin migrate` unless the schema is exactly SchemaVersion().
  void RequireCurrentSchema();

  // How often a statement found the database locked by another connection
  // and waited to retry (SQLite's busy handler; a statement gives up with
  // SQLITE_BUSY after 5 s of waits), and how often a whole write
  // transaction was run again (RunWriteTransaction). For /metrics.
  int64_t busy_waits() const { return busy_waits_; }
  int64_t transaction_retries() const { return transaction_retries_; }
  void CountTransactionRetry() { ++transaction_retries_; }

  // What a connection keeps between requests that is derived from the data
  // (e.g. the catalog, keyed by the data generation: Model::Components):
  // one T per connection, value-initialised on first use, gone with the
  // connection.
  template <typename T>
  T& Memo() {
    std::shared_ptr<void>& slot = memos_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<T>();
    return *static_cast<T*>(slot.get());
  }

 private:
  static int BusyHandler(void* self, int attempts);

  sqlite3* db_ = nullptr;
  int64_t busy_waits_ = 0;
  int64_t transaction_retries_ = 0;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
  std::unordered_map<std::type_index, std::shared_ptr<void>> memos_;
};

// BEGIN on construction, ROLLBACK on destruction unless Commit() was called.
class Transaction {
 public:
  enum class Kind { kDeferred, kImmediate, kExclusive };
  explicit Transaction(Database& db, Kind kind = Kind::kImmediate);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void Commit();

 private:
  Database& db_;
  bool done_ = false;
};

// Applies every migration newer than the database's user_version inside one
// exclusive transaction and sets user_version. Returns how many it applied.
// A database newer than this build is an error.
int Migrate(Database& db);

// Runs `body` in one BEGIN IMMEDIATE transaction and commits it. When
// SQLite reports the database busy or locked (after its own busy timeout),
// the whole transaction is rolled back and run again, a bounded number of
// times within the busy timeout (5 s); `body` must therefore start from
// scratch on each call. A database still busy then throws Unavailable, as
// does a full disk; other errors propagate after the rollback.
void RunWriteTransaction(Database& db, const std::function<void()>& body);

}  // namespace sdb

#endif  // SDB_LIB_STORE_DB_H_
