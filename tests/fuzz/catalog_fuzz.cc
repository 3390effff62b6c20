// Catalog YAML (store/catalog.h): ParseCatalog, the parse step of
// `sdb-admin provision` and `sdb-admin catalog-sql`, then CatalogSql on
// what it accepted. Both are documented to throw sdb::Error for a bad
// catalog; any other exception escapes and counts as a crash.
//
// Input: the catalog file.
#include <cstdint>
#include <string>

#include "base/error.h"
#include "fuzz_support.h"
#include "store/catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = sdb_fuzz::Text(data, size);
  std::vector<sdb::CatalogComponent> components;
  try {
    components = sdb::ParseCatalog(text, "catalog.yaml");
  } catch (const sdb::Error& e) {
    // "FILE:LINE: what"
    FUZZ_ASSERT(std::string(e.what()).rfind("catalog.yaml:", 0) == 0);
    return 0;
  }
  for (const auto& component : components) {
    FUZZ_ASSERT(!component.name.empty());
    FUZZ_ASSERT(component.line >= 1);
  }
  try {
    std::string sql = sdb::CatalogSql(components, "catalog.yaml");
    FUZZ_ASSERT(sql.find("BEGIN") != std::string::npos);
  } catch (const sdb::Error&) {
  }
  return 0;
}
