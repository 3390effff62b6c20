// The audit page (/audit, operators only): the operators' changes
// (operator_audit, written by the forms) and the monitoring API's writes
// (api_audit) in one list, newest first.
#ifndef SDB_LIB_AUDIT_H_
#define SDB_LIB_AUDIT_H_

#include <ctemplate/template.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db.h"
#include "http.h"
#include "timeutil.h"

namespace sdb {

class App;

// One operator change, as the forms record it.
struct AuditRecord {
  std::string at;      // database time
  std::string action;  // "open incident", "schedule maintenance", ...
  int64_t incident_id = 0;
  std::string changes;  // "field: old -> new" lines
};

// Writes `record` for `who`; call inside the change's transaction.
void RecordOperatorChange(Database& db, const Operator& who,
                          const AuditRecord& record,
                          const std::string& request_id);

// One line of the audit page.
struct AuditEntry {
  std::string at;
  std::string source;  // "operator" or "api"
  std::string author;
  std::string action;  // operator action, or "POST /v1/component_status"
  std::optional<int64_t> incident_id;
  std::string changes;  // what changed, or the API request body
};

// Entries of both logs older than `before` (database time; "" for the
// newest), newest first, at most `limit`.
std::vector<AuditEntry> LoadAuditEntries(Database& db,
                                         const std::string& before, int limit);

void FillAuditDictionary(const std::vector<AuditEntry>& entries, bool more,
                         const DisplayZone& zone,
                         ctemplate::TemplateDictionary* dict);

Response HandleAudit(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_AUDIT_H_
