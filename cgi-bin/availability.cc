// availability: monthly availability per component.
#include "pages/availability.h"

#include "web/serve.h"

int main() {
  sdb::ServeSpec spec;
  spec.cache = true;
  spec.cache_params = {"months", "region"};
  return sdb::RunProgram("availability", spec, sdb::HandleAvailability);
}
