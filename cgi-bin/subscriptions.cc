// subscriptions: subscriber counts, webhook endpoints and the delivery log
// (operators only).
//   GET /subscriptions[?state=STATE], POST /subscriptions
#include "pages/subscriptions.h"

#include "web/serve.h"

int main() {
  sdb::ServeSpec spec;
  spec.methods = {"GET", "HEAD", "POST"};
  spec.operators_only = true;
  return sdb::RunProgram("subscriptions", spec, sdb::HandleSubscriptions);
}
