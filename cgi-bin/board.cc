// board: the status board.
#include "board.h"

#include "serve.h"
#include "timeutil.h"

namespace sdb {

// GET /, GET /index
//   ?region=NAME  the region whose components are listed (default: first)
// 200 the board; 404 the board of the first region when NAME is unknown.
Response HandleBoard(App& app, const Request& request) {
  BoardData data;
  data.now = DbNow();
  {
    Transaction snapshot(app.db(), Transaction::Kind::kDeferred);
    data.components = app.model().Components();
    data.active = app.model().ActiveEvents(data.now);
    data.planned = app.model().PlannedMaintenances(data.now);
    snapshot.Commit();
  }
  ctemplate::TemplateDictionary dict("board");
  FillPageChrome({"Status", "board"}, &dict);
  bool known = FillBoardDictionary(data, request.Param("region"), &dict);
  Response response;
  response.status = known ? 200 : 404;
  response.body = app.templates().Expand("board.tpl", dict);
  return response;
}

}  // namespace sdb

int main() {
  return sdb::RunProgram(
      "board",
      {.methods = {"GET", "HEAD"}, .cache = true, .cache_params = {"region"}},
      sdb::HandleBoard);
}
