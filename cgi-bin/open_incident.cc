// open_incident: the form operators open incidents and schedule
// maintenances with.   GET /incidents, POST /incidents
#include "pages/open_incident.h"

#include "web/serve.h"

int main() {
  sdb::ServeSpec spec;
  spec.methods = {"GET", "HEAD", "POST"};
  spec.operators_only = true;
  return sdb::RunProgram("open_incident", spec, sdb::HandleOpenIncident);
}
