// board: the status board.
#include "pages/board.h"

#include "web/serve.h"

int main() {
  sdb::ServeSpec spec;
  spec.cache = true;
  spec.cache_params = {"region"};
  return sdb::RunProgram("board", spec, sdb::HandleBoard);
}
