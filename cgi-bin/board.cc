// board: the status board.
#include "pages/board.h"

#include "base/timeutil.h"
#include "web/serve.h"

namespace sdb {

// GET /, GET /index
//   ?region=NAME  the region shown first (default: the first); every
//                 region's components are on the page
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
  PageChrome chrome = app.Chrome(request, "Status", "board");
  std::optional<std::string> region = request.Param("region");
  bool known = FillBoardDictionary(data, region, chrome.zone, &dict);
  std::vector<std::string> regions = ComponentRegions(data.components);
  if (!regions.empty()) {
    chrome.feeds = RegionFeeds(known && region ? *region : regions.front());
  }
  FillPageChrome(chrome, &dict);
  Response response;
  response.status = known ? 200 : 404;
  response.body = app.templates().Expand("board.tpl", dict);
  return response;
}

}  // namespace sdb

int main() {
  sdb::ServeSpec spec;
  spec.cache = true;
  spec.cache_params = {"region"};
  return sdb::RunProgram("board", spec, sdb::HandleBoard);
}
