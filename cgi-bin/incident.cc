// incident: one incident or maintenance and its updates.
#include "pages/incident.h"

#include "web/serve.h"

int main() {
  sdb::ServeSpec spec;
  spec.cache = true;
  spec.cache_params = {};
  return sdb::RunProgram("incident", spec, sdb::HandleIncident);
}
