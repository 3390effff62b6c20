// The incident page: one incident or maintenance with its whole timeline,
// loaded by LoadIncidentData and turned into template values by a pure
// function so it can be unit-tested without I/O.
#ifndef SDB_LIB_PAGES_INCIDENT_H_
#define SDB_LIB_PAGES_INCIDENT_H_

#include <ctemplate/template.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/timeutil.h"
#include "store/model.h"
#include "web/forms.h"
#include "web/http.h"

namespace sdb {

// Everything the incident page shows.
struct IncidentData {
  std::string now;  // database time the page describes
  Incident incident;
  std::vector<Update> updates;  // Model::Updates: newest first
  std::vector<Component> components;
  // Titles of the incidents that updates refer to (related_incident_id),
  // by id; an id missing here is shown without a link.
  std::map<int64_t, std::string> related_titles;
};

// The id in "/incidents/<id>": only ASCII digits, 1 up to INT64_MAX.
// nullopt for anything else ("5abc", "-1", "+5", "", too large, a
// different path).
std::optional<int64_t> ParseIncidentPath(const std::string& path);

// Loads incident `id` as of `now` in one read snapshot; nullopt when there
// is no such incident.
std::optional<IncidentData> LoadIncidentData(Database& db, Model& model,
                                             int64_t id,
                                             const std::string& now);

// The region of the incident's first component (by id) that has one, or
// "" when none has: the page offers that region's feeds.
std::string IncidentFirstRegion(const IncidentData& data);

// Fills `dict` for templates/incident.tpl; times show in `zone`. Stored text
// (title, description, updates, authors) is set as plain values for the
// template to escape. An update whose related_incident_id is set shows a
// link to that incident built from the id and its current title; the seed's
// anchor markup in the stored text (<a href='/incidents/N'>…</a> for that
// same N) is replaced by the link, never passed through.
void FillIncidentDictionary(const IncidentData& data, const DisplayZone& zone,
                            ctemplate::TemplateDictionary* dict);

// Whether `incident` is an incident (not a maintenance) that has ended.
bool IsResolved(const Incident& incident);

// The update form as the operator filled it in.
struct UpdateForm {
  std::string title;
  std::string message;
  std::string status;
  std::string impact;  // "minor", ...
  std::string date;    // datetime-local: when the update happened
  std::string start;   // datetime-local: new start (modified)
  std::string end;     // datetime-local: new end (modified, changed)
  std::string timezone;
  std::string version;  // IncidentVersion when the form was shown
};

// What the incident page's operator forms show: the values, the errors,
// and a notice (a stale form, a refused separation).
struct UpdateFormState {
  UpdateForm form;
  FieldErrors errors;
  std::string notice;
};

// The statuses an update may set: an open incident analyzing, fixing,
// impact changed, observing, resolved; a resolved incident reopened,
// changed; a maintenance in progress, modified, completed.
std::vector<std::string> UpdateStatuses(const Incident& incident);

// A fingerprint of what the forms were based on (title, impact, times,
// status, components, latest update): a form sent with another one is
// stale.
std::string IncidentVersion(const Incident& incident,
                            const std::vector<Update>& updates);

// Fills the incident page's UPDATE_FORM section (the update form and the
// separate buttons) for `who`; `state` holds a rejected submission, if any.
void FillUpdateFormDictionary(const IncidentData& data, const Operator& who,
                              const DisplayZone& zone,
                              const UpdateFormState* state,
                              ctemplate::TemplateDictionary* dict);

class App;

// The incident page for `request`: the event, its timeline and, for a
// signed-in operator, the update and separate forms (`state`: a rejected
// submission to show again, or null), answered with `status`.
Response IncidentPage(App& app, const Request& request,
                      const IncidentData& data, const UpdateFormState* state,
                      int status);

// The handler of the incident program (one incident or maintenance and its
// updates); its route block is in incident.cc.
Response HandleIncident(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_PAGES_INCIDENT_H_
