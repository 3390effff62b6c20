// Online backup and restore of the database with SQLite's backup API:
// a consistent copy taken while the programs serve and write (one read
// transaction, so writers are never blocked), and a restore that replaces
// the live database's content in one step and moves the data generation
// past every earlier one, so no cached page from before survives.
#ifndef SDB_LIB_STORE_BACKUP_H_
#define SDB_LIB_STORE_BACKUP_H_

#include <cstdint>
#include <string>

#include "store/db.h"

namespace sdb {

struct BackupInfo {
  int64_t pages = 0;
  int schema_version = 0;
};

// Copies `db` into the file `target` (replacing it atomically when it
// exists; created mode 0600, a single file without -wal), then checks the
// copy with PRAGMA quick_check. Throws sdb::Error naming the file when any
// step fails; `target` is then left as it was.
BackupInfo BackupDatabase(Database& db, const std::string& target);

struct RestoreInfo {
  int64_t pages = 0;
  int backup_schema_version = 0;
  int migrations_applied = 0;
  int64_t generation = 0;  // the data generation after the restore
  int sessions_ended = 0;  // operator sessions of the backup, all ended
};

// Replaces the content of `db` with the backup file `source`, which must be
// a status dashboard database that passes quick_check and whose schema is
// not newer than this build; an older one is migrated afterwards. Operator
// sessions restored with it are ended (operators sign in again). Running
// programs see the restored data on their next request. Throws sdb::Error
// (leaving `db` unchanged) when the backup is unusable.
RestoreInfo RestoreDatabase(Database& db, const std::string& source);

// PRAGMA quick_check of `db`: "ok", or the first problems it reports.
std::string QuickCheck(Database& db);

}  // namespace sdb

#endif  // SDB_LIB_STORE_BACKUP_H_
