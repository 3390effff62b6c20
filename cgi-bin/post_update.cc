// post_update: an operator's update to an incident or maintenance, and the
// separation of a component into a new incident.
//   POST /incidents/<id>/updates, POST /incidents/<id>/separate
#include "pages/post_update.h"

#include "web/serve.h"

int main() {
  sdb::ServeSpec spec;
  spec.methods = {"POST"};
  spec.operators_only = true;
  return sdb::RunProgram("post_update", spec, sdb::HandlePostUpdate);
}
