// availability: monthly availability per component.
#include "pages/availability.h"

#include "base/timeutil.h"
#include "web/serve.h"

namespace sdb {

// GET /availability
//   ?region=NAME  the region shown first (default: the first); every
//                 region's table is on the page
//   ?months=N     how many months, 1 to 12 (default 6), the current one last
// 200 the table; 400 when N is not a whole number from 1 to 12; 404 the
// table of the first region when NAME is unknown.
Response HandleAvailability(App& app, const Request& request) {
  std::optional<std::string> months_param = request.Param("months");
  std::optional<int> months = ParseAvailabilityMonths(months_param);
  if (!months) {
    return app.ErrorPage(
        400, "The number of months must be a whole number from 1 to " +
                 std::to_string(kMaxAvailabilityMonths) + ", not \"" +
                 *months_param + "\".");
  }
  AvailabilityData data;
  data.now = DbNow();
  data.months = *months;
  long long now = ParseDbTime(data.now).value_or(UnixNow());
  std::string from = FormatDbTime(LastMonths(now, *months).front().start);
  {
    Transaction snapshot(app.db(), Transaction::Kind::kDeferred);
    data.components = app.model().Components();
    data.outages = LoadOutages(app.db(), from, data.now,
                               ShownComponentIds(data.components));
    snapshot.Commit();
  }
  ctemplate::TemplateDictionary dict("availability");
  PageChrome chrome = app.Chrome(request, "Availability", "availability");
  std::string shown;
  bool known = FillAvailabilityDictionary(data, request.Param("region"),
                                          chrome.zone, &dict, &shown);
  if (!shown.empty()) chrome.feeds = RegionFeeds(shown);
  FillPageChrome(chrome, &dict);
  Response response;
  response.status = known ? 200 : 404;
  response.body = app.templates().Expand("availability.tpl", dict);
  return response;
}

}  // namespace sdb

int main() {
  sdb::ServeSpec spec;
  spec.cache = true;
  spec.cache_params = {"months", "region"};
  return sdb::RunProgram("availability", spec, sdb::HandleAvailability);
}
