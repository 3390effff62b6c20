// SQLite access: see db.h.
#include "store/db.h"

#include <chrono>
#include <thread>

#include "store/migrations.h"

namespace sdb {
namespace {

// How long a statement waits for another writer before it gives up with
// SQLITE_BUSY, and how long RunWriteTransaction keeps retrying.
constexpr int kBusyTimeoutMs = 5000;

// Throws the error SQLite reports on `db`: Unavailable when another writer
// holds the database past the busy timeout or the disk is full, else Error.
[[noreturn]] void ThrowFor(sqlite3* db, const std::string& text) {
  int primary = db ? sqlite3_errcode(db) & 0xff : SQLITE_NOMEM;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    throw Unavailable(Unavailable::Reason::kBusy, text);
  }
  if (primary == SQLITE_FULL) {
    throw Unavailable(Unavailable::Reason::kFull, text);
  }
  throw Error(text);
}

[[noreturn]] void Fail(sqlite3* db, const std::string& what) {
  ThrowFor(db, what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt_,
                         nullptr) != SQLITE_OK) {
    Fail(db, "prepare \"" + std::string(sql.substr(0, 80)) + "\"");
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) Fail(db_, "bind");
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  if (sqlite3_bind_text(stmt_, index, value.data(),
                        static_cast<int>(value.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    Fail(db_, "bind");
  }
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) Fail(db_, "bind");
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}

bool Statement::Step() {
  switch (sqlite3_step(stmt_)) {
    case SQLITE_ROW:
      return true;
    case SQLITE_DONE:
      return false;
    default:
      Fail(db_,
           "step \"" + std::string(sqlite3_sql(stmt_)).substr(0, 80) + "\"");
  }
}

void Statement::Run() {
  while (Step()) {
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::Text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     sqlite3_column_bytes(stmt_, column));
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

int Database::SchemaVersion() { return static_cast<int>(kMigrationCount); }

Database::Database(const std::string& path, Mode mode) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::kReadWriteCreate) flags |= SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = "cannot open database " + path + ": " +
                          (db_ ? sqlite3_errmsg(db_) : "out of memory");
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(message);
  }
  sqlite3_busy_handler(db_, &Database::BusyHandler, this);
  sqlite3_extended_result_codes(db_, 1);
  try {
    Exec(
        "PRAGMA foreign_keys = ON;"
        "PRAGMA journal_mode = WAL;"
        "PRAGMA synchronous = NORMAL;");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

// SQLite's own busy timeout (5 s, the same back-off), counting the waits.
int Database::BusyHandler(void* self, int attempts) {
  static constexpr int kDelays[] = {1,  2,  5,  10, 15, 20,
                                    25, 25, 25, 50, 50, 100};
  static constexpr int kSteps = sizeof kDelays / sizeof kDelays[0];
  int step = attempts < kSteps ? attempts : kSteps - 1;
  int delay = kDelays[step];
  int prior = 0;  // milliseconds waited before this attempt
  for (int i = 0; i < step; ++i) prior += kDelays[i];
  prior += delay * (attempts - step);
  if (prior + delay > kBusyTimeoutMs) {
    delay = kBusyTimeoutMs - prior;
    if (delay <= 0) return 0;
  }
  ++static_cast<Database*>(self)->busy_waits_;
  sqlite3_sleep(delay);
  return 1;
}

Database::~Database() {
  statements_.clear();
  sqlite3_close(db_);
}

Statement& Database::Prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) {
    it = statements_
             .emplace(std::string(sql), std::make_unique<Statement>(db_, sql))
             .first;
  }
  it->second->Reset();
  return *it->second;
}

void Database::Exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    ThrowFor(db_, text);
  }
}

int Database::UserVersion() {
  Statement& query = Prepare("PRAGMA user_version");
  query.Step();
  int version = static_cast<int>(query.Int(0));
  query.Reset();
  return version;
}

int Database::Changes() const { return sqlite3_changes(db_); }

int64_t Database::LastInsertId() const {
  return sqlite3_last_insert_rowid(db_);
}

void Database::RequireCurrentSchema() {
  int have = UserVersion();
  int want = SchemaVersion();
  if (have == want) return;
  if (have < want) {
    throw Error("database schema is version " + std::to_string(have) +
                ", this build needs " + std::to_string(want) +
                ": run `sdb-admin migrate` first");
  }
  throw Error("database schema is version " + std::to_string(have) +
              ", newer than this build (" + std::to_string(want) +
              "): install the matching release");
}

Transaction::Transaction(Database& db, Kind kind) : db_(db) {
  switch (kind) {
    case Kind::kDeferred:
      db_.Exec("BEGIN");
      break;
    case Kind::kImmediate:
      db_.Exec("BEGIN IMMEDIATE");
      break;
    case Kind::kExclusive:
      db_.Exec("BEGIN EXCLUSIVE");
      break;
  }
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::Commit() {
  db_.Exec("COMMIT");
  done_ = true;
}

int Migrate(Database& db) {
  Transaction transaction(db, Transaction::Kind::kExclusive);
  int have = db.UserVersion();
  int want = Database::SchemaVersion();
  if (have > want) db.RequireCurrentSchema();  // throws: newer than us
  for (int i = have; i < want; ++i) {
    try {
      db.Exec(kMigrations[i].sql);
    } catch (const Error& e) {
      throw Error(std::string("migration ") + kMigrations[i].name +
                  " failed: " + e.what());
    }
  }
  db.Exec("PRAGMA user_version = " + std::to_string(want));
  transaction.Commit();
  return want - have;
}

void RunWriteTransaction(Database& db, const std::function<void()>& body) {
  constexpr int kAttempts = 8;
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(kBusyTimeoutMs);
  for (int attempt = 1;; ++attempt) {
    int code = SQLITE_OK;
    try {
      Transaction transaction(db, Transaction::Kind::kImmediate);
      try {
        body();
        transaction.Commit();
        return;
      } catch (const Error&) {
        // Read before the rollback in ~Transaction resets it.
        code = sqlite3_extended_errcode(db.handle());
        throw;
      }
    } catch (const Error&) {
      if (code == SQLITE_OK) code = sqlite3_extended_errcode(db.handle());
      int primary = code & 0xff;
      bool busy = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
      // A writer that held the lock past the busy timeout is not waited
      // for again: the caller answers 503 (Unavailable) at once.
      if (!busy || attempt == kAttempts ||
          std::chrono::steady_clock::now() >= deadline) {
        throw;
      }
    }
    db.CountTransactionRetry();
    std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
  }
}

}  // namespace sdb
