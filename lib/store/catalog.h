// The component catalog: parses the seed's catalog.yaml, turns it into an
// idempotent SQL script for sysadmins, and provisions it into a database.
#ifndef SDB_LIB_STORE_CATALOG_H_
#define SDB_LIB_STORE_CATALOG_H_

#include <string>
#include <utility>
#include <vector>

#include "store/db.h"

namespace sdb {

// One entry of the catalog's `components:` list.
struct CatalogComponent {
  std::string name;
  // Attribute name/value pairs in file order (region, category, type, ...).
  std::vector<std::pair<std::string, std::string>> attributes;
  int line = 0;  // 1-based line of the entry in its file; 0 when not parsed
};

// Parses catalog YAML of the shape
//   components:
//     - name: Component11
//       attributes: {region: Region1, category: Cat1}
// and returns the entries in file order. `attributes` may be left out (no
// attributes). Throws sdb::Error with the message "FILE:LINE: what" (1-based
// LINE, FILE is `file_name`) for bad YAML, a missing `components` list, an
// unknown key, a name or attribute that is not a non-empty string within the
// schema's limits (name 200 characters, attribute name 30, value 50), control
// characters or invalid UTF-8, a repeated key, and an entry whose name and
// attributes repeat an earlier entry's.
std::vector<CatalogComponent> ParseCatalog(const std::string& yaml_text,
                                           const std::string& file_name);

// Returns a plain SQL script (no sqlite3 dot-commands) that adds every
// component of `components` that is not present yet, in one transaction
// (BEGIN; ... COMMIT;). A component is present when a row with the same name
// has every listed attribute with the listed value (other attributes do not
// matter); an absent one is inserted with all its attributes, in list order.
// The script never updates or deletes, so running it again writes nothing,
// not even the data generation. `source_name`, when not empty, names the
// catalog file in the script's header comment. Throws sdb::Error for a
// string SQL cannot hold (one with a NUL character).
std::string CatalogSql(const std::vector<CatalogComponent>& components,
                       const std::string& source_name = "");

struct ProvisionResult {
  int added = 0;    // components inserted
  int present = 0;  // components already present (same rule as CatalogSql)
};

// Ensures every component of `components` is present, with the same rule and
// the same resulting rows as running CatalogSql(components), in one immediate
// transaction. Never modifies or deletes existing rows. Throws sdb::Error
// (for example on a schema constraint violation) after rolling back, so a
// failed call writes nothing. Must not be called inside a transaction.
ProvisionResult Provision(Database& db,
                          const std::vector<CatalogComponent>& components);

// Returns a plain SQL script that deletes every data row (updates, incident
// links, incidents, component attributes, components) in one transaction. It
// keeps the schema and data_generation, whose triggers record the deletes.
std::string PurgeSql();

// Runs a script that brings its own BEGIN/COMMIT, such as CatalogSql or
// PurgeSql, through `db`. When a statement fails, rolls back the transaction
// the script left open and throws sdb::Error, so nothing is written.
void RunScript(Database& db, const std::string& sql);

}  // namespace sdb

#endif  // SDB_LIB_STORE_CATALOG_H_
