// Updates to an incident or maintenance by an operator (operators only):
// POST /incidents/<id>/updates posts an update with the seed's rules for
// statuses, impacts and times; POST /incidents/<id>/separate moves one
// component into a new incident. The incident page shows both forms to
// operators (FillUpdateFormDictionary); an invalid or stale submission
// shows the page again with the input kept and what is wrong.
#ifndef SDB_LIB_PAGES_POST_UPDATE_H_
#define SDB_LIB_PAGES_POST_UPDATE_H_

#include <ctemplate/template.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/timeutil.h"
#include "pages/incident.h"
#include "store/db.h"
#include "store/model.h"
#include "web/forms.h"
#include "web/http.h"

namespace sdb {

class App;

UpdateForm ReadUpdateForm(const Request& request);

// A checked update.
struct PlannedUpdate {
  std::string title;
  std::string message;
  std::string status;
  int impact = 0;
  std::string time;                  // database time of the update
  std::optional<std::string> start;  // new start_date
  // New end_date: nullopt keeps it; a value sets it; "" clears it.
  std::optional<std::string> end;
};

// The seed's rules (see issue 6): message 10-2000 characters; title 8-200
// (empty keeps it); a status and impact of the event's kind; the update
// time not in the future, not before the start (a "modified" maintenance
// excepted), not before an earlier update; resolved/completed set the end,
// reopened clears it, changed moves it (not before the start, not in the
// future); modified keeps start before end and both consistent with the
// updates already posted.
std::optional<PlannedUpdate> CheckUpdateForm(const UpdateForm& form,
                                             const Incident& incident,
                                             const std::vector<Update>& updates,
                                             const DisplayZone& zone,
                                             const std::string& now,
                                             FieldErrors* errors);

// Writes `update` to `incident` inside the caller's transaction (the
// update row with the operator as author, the incident's new fields, a
// system incident becoming a user one) and the audit record.
void ApplyUpdate(Database& db, const Incident& incident,
                 const PlannedUpdate& update, const Operator& who,
                 const std::string& now, const std::string& request_id);

// Moves `component` out of open incident `incident` into a new incident of
// the same impact titled "<title> (<component>)", cross-linked, inside the
// caller's transaction; returns the new id.
int64_t SeparateComponent(Database& db, const Incident& incident,
                          int64_t component, const Operator& who,
                          const std::string& now,
                          const std::string& request_id);

Response HandlePostUpdate(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_PAGES_POST_UPDATE_H_
