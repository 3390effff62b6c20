// audit: the audit log of operators' and the API's changes (operators only).
//   GET /audit[?before=TIME]
#include "pages/audit.h"

#include "web/serve.h"

int main() {
  sdb::ServeSpec spec;
  spec.operators_only = true;
  return sdb::RunProgram("audit", spec, sdb::HandleAudit);
}
