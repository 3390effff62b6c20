// api: the monitoring API (v1, v2 and the OpenAPI document); see lib/api.h.
#include "api/api.h"

#include "web/serve.h"

int main() {
  return sdb::RunProgram("api", sdb::ApiServeSpec(), sdb::HandleApi);
}
