// history: closed incidents and finished maintenances by month.
#include "pages/history.h"

#include "web/serve.h"

int main() {
  sdb::ServeSpec spec;
  spec.cache = true;
  spec.cache_params = {"region", "impact", "before", "after"};
  return sdb::RunProgram("history", spec, sdb::HandleHistory);
}
