// open_incident: the form operators open incidents and schedule
// maintenances with.   GET /incidents, POST /incidents
#include "open_incident.h"

#include "serve.h"

int main() {
  sdb::ServeSpec spec;
  spec.methods = {"GET", "HEAD", "POST"};
  spec.operators_only = true;
  return sdb::RunProgram("open_incident", spec, sdb::HandleOpenIncident);
}
