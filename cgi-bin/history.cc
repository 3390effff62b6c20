// history: closed incidents and finished maintenances by month.
#include "pages/history.h"

#include "base/timeutil.h"
#include "store/model.h"
#include "web/serve.h"

namespace sdb {

// GET /history
//   ?region=NAME   only events touching a component in region NAME
//   ?impact=0..3   only events of that impact (0 maintenance ... 3 outage)
//   ?before=CURSOR the page of events just older than CURSOR ("Older")
//   ?after=CURSOR  the page of events just newer than CURSOR ("Newer")
// Events whose end_date has passed, ordered by end_date then id, newest
// first, under a heading per month of their end (the seed's grouping), at
// most kHistoryPageSize a page; CURSOR is YYYYMMDDhhmmss-ID of an event.
// 200 the page (also when empty); 404 for an unknown region; 400 for a bad
// impact, a malformed cursor, or both before and after.
Response HandleHistory(App& app, const Request& request) {
  HistoryData data;
  data.now = DbNow();
  Transaction snapshot(app.db(), Transaction::Kind::kDeferred);
  data.components = app.model().Components();
  HistoryQueryResult parsed =
      ParseHistoryQuery(request, ComponentRegions(data.components));
  if (parsed.status != 200) return app.ErrorPage(parsed.status, parsed.message);
  data.query = parsed.query;
  data.page = LoadHistoryPage(app.db(), data.now, data.query);
  snapshot.Commit();

  ctemplate::TemplateDictionary dict("history");
  PageChrome chrome = app.Chrome(request, "Event history", "history");
  if (data.query.filter.region) {
    chrome.feeds = RegionFeeds(*data.query.filter.region);
  }
  FillHistoryDictionary(data, chrome.zone, &dict);
  FillPageChrome(chrome, &dict);
  Response response;
  response.body = app.templates().Expand("history.tpl", dict);
  return response;
}

}  // namespace sdb

int main() {
  sdb::ServeSpec spec;
  spec.cache = true;
  spec.cache_params = {"region", "impact", "before", "after"};
  return sdb::RunProgram("history", spec, sdb::HandleHistory);
}
