// incident: one incident or maintenance and its updates.
#include "pages/incident.h"

#include "base/timeutil.h"
#include "web/serve.h"

namespace sdb {

// GET /incidents/<id>
//   <id>  the incident's number: ASCII digits only
// 200 the incident, its facts and its whole timeline, newest first;
// 404 the error page for an id that is not a number ("5abc", "-1", too
//     large) or names no incident.
// Cached per path and time zone (the id is in the path, not a parameter);
// signed-in operators also get the update form, never from the cache.
Response HandleIncident(App& app, const Request& request) {
  std::optional<int64_t> id = ParseIncidentPath(request.path);
  if (!id) {
    return app.ErrorPage(404,
                         "There is no incident at this address: an "
                         "incident address is /incidents/ followed by "
                         "its number.");
  }
  std::optional<IncidentData> data =
      LoadIncidentData(app.db(), app.model(), *id, DbNow());
  if (!data) {
    return app.ErrorPage(404, "There is no incident or maintenance number " +
                                  std::to_string(*id) + ".");
  }
  return IncidentPage(app, request, *data, nullptr, 200);
}

}  // namespace sdb

int main() {
  sdb::ServeSpec spec;
  spec.cache = true;
  spec.cache_params = {};
  return sdb::RunProgram("incident", spec, sdb::HandleIncident);
}
