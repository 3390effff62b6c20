// The audit log: operators' changes (operator_audit, written by the forms)
// and the monitoring API's writes (api_audit), and reading both back.
#ifndef SDB_LIB_STORE_AUDIT_LOG_H_
#define SDB_LIB_STORE_AUDIT_LOG_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/model.h"

namespace sdb {

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

// One write of the monitoring API, as api_audit records it.
struct ApiWriteRecord {
  std::string at;  // database time
  std::string author;
  std::string method;
  std::string path;
  std::string request_id;  // "" when the request had none
  std::string body;        // the request body, or the part of it kept
};

// Runs `body` as one write transaction (RunWriteTransaction) and, when it
// changed any row, adds `record` to api_audit in the same transaction with
// the number of rows changed (data_generation's own bumps not counted).
void RunRecordedApiWrite(Database& db, const ApiWriteRecord& record,
                         const std::function<void()>& body);

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

}  // namespace sdb

#endif  // SDB_LIB_STORE_AUDIT_LOG_H_
