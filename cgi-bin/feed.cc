// feed: the RSS, Atom, JSON Feed and maintenance calendar feeds.
#include "pages/feed.h"

#include "base/timeutil.h"
#include "web/serve.h"

namespace sdb {

// GET /rss/, /atom/, /feed.json, /maintenance.ics
//   ?mt=REGION     the region (required)
//   ?srv=NAME      only the component NAME in that region
// 200 the 10 newest events of the selection (RSS 2.0, Atom 1.0, JSON Feed
// 1.1), or its maintenances not yet ended (iCalendar); 404 with the seed's
// plain text when mt is missing, the region unknown or NAME not found there.
Response HandleFeed(App& app, const Request& request) {
  std::optional<FeedFormat> format = FeedFormatOf(request.path);
  if (!format) return app.ErrorPage(404, "There is no feed at this address.");
  FeedData data;
  data.base_url = BaseUrl(app.config(), request);
  data.site_title = app.config().site_title;
  std::string now = DbNow();
  Transaction snapshot(app.db(), Transaction::Kind::kDeferred);
  data.components = app.model().Components();
  std::string error;
  auto selection = SelectFeed(request.Param("mt"), request.Param("srv"),
                              data.components, &error);
  if (!selection) {
    Response response;
    response.status = 404;
    response.content_type = "text/plain; charset=utf-8";
    response.body = error;
    return response;
  }
  data.selection = std::move(*selection);
  data.changed_at = app.model().CurrentGeneration().changed_at;
  data.events =
      *format == FeedFormat::kCalendar
          ? LoadCalendarEvents(app.db(), app.model(), data.selection, now)
          : LoadFeedEvents(app.db(), app.model(), data.selection, kFeedEvents);
  snapshot.Commit();

  Response response;
  response.content_type = FeedContentType(*format);
  if (*format == FeedFormat::kRss || *format == FeedFormat::kAtom) {
    ctemplate::TemplateDictionary dict("feed");
    bool rss = *format == FeedFormat::kRss;
    if (rss) {
      FillRssDictionary(data, &dict);
    } else {
      FillAtomDictionary(data, &dict);
    }
    response.body = app.templates().Expand(rss ? "rss.tpl" : "atom.tpl", dict);
  } else if (*format == FeedFormat::kJson) {
    response.body = RenderJsonFeed(data);
  } else {
    response.body = RenderMaintenanceCalendar(data);
  }
  return response;
}

}  // namespace sdb

int main() {
  sdb::ServeSpec spec;
  spec.cache = true;
  spec.cache_params = {"mt", "srv"};
  return sdb::RunProgram("feed", spec, sdb::HandleFeed);
}
