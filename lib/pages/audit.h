// The audit page (/audit, operators only): the operators' changes
// (operator_audit, written by the forms) and the monitoring API's writes
// (api_audit) in one list, newest first.
#ifndef SDB_LIB_PAGES_AUDIT_H_
#define SDB_LIB_PAGES_AUDIT_H_

#include <ctemplate/template.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/timeutil.h"
#include "store/audit_log.h"
#include "web/http.h"

namespace sdb {

class App;

void FillAuditDictionary(const std::vector<AuditEntry>& entries, bool more,
                         const DisplayZone& zone,
                         ctemplate::TemplateDictionary* dict);

Response HandleAudit(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_PAGES_AUDIT_H_
