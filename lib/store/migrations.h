// The schema migrations of sql/, compiled into the library by the Makefile
// (build/gen/migrations.cc) so a program and its schema always agree.
#ifndef SDB_LIB_STORE_MIGRATIONS_H_
#define SDB_LIB_STORE_MIGRATIONS_H_

#include <cstddef>

namespace sdb {

struct Migration {
  const char* name;  // file name, e.g. "0001_initial.sql"
  const char* sql;   // its whole text
};

// In file-name order; migration i (0-based) brings user_version to i + 1.
extern const Migration kMigrations[];
extern const std::size_t kMigrationCount;

}  // namespace sdb

#endif  // SDB_LIB_STORE_MIGRATIONS_H_
