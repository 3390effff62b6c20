// The "Open incident" page (operators only): GET /incidents shows the form
// for a new incident or maintenance, POST /incidents checks it with the
// seed's rules and writes it in one transaction.
#ifndef SDB_LIB_PAGES_OPEN_INCIDENT_H_
#define SDB_LIB_PAGES_OPEN_INCIDENT_H_

#include <ctemplate/template.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/timeutil.h"
#include "store/db.h"
#include "store/model.h"
#include "web/forms.h"
#include "web/http.h"

namespace sdb {

class App;

// The form as the operator filled it in (kept to show it again).
struct OpenIncidentForm {
  std::string title;
  std::string impact;  // "maintenance", "minor", "major", "outage"
  std::vector<std::string> components;  // component ids as sent
  std::string start, end;               // datetime-local values
  std::string description;
  std::string timezone;
};

// A checked new event.
struct NewEvent {
  std::string title;
  int impact = kMinor;
  std::vector<int64_t> component_ids;  // ascending, no duplicates
  std::string start;                   // database time
  std::optional<std::string> end;      // database time
  std::optional<std::string> description;
};

OpenIncidentForm ReadOpenIncidentForm(const Request& request);

// The seed's rules: title 8-200 characters; a known impact; at least one
// known component; start not in the future for an incident (empty: now);
// for a maintenance a start and an end after it; a description up to 1500
// characters. Times are read in `zone`. Fills `errors` and returns nullopt
// when anything is wrong.
std::optional<NewEvent> CheckOpenIncidentForm(
    const OpenIncidentForm& form, const DisplayZone& zone,
    const std::vector<Component>& components, const std::string& now,
    FieldErrors* errors);

// Writes `event` at `now` inside the caller's transaction: the incident,
// its components, and for an incident (not a maintenance) the move of each
// component out of the other open incidents holding it, on both sides,
// closing incidents left without components; then the audit record.
// Returns the new id.
int64_t CreateEvent(Database& db, const NewEvent& event, const Operator& who,
                    const std::string& now, const std::string& request_id);

// Fills templates/open_incident.tpl: the components as checkboxes grouped
// by region and category, the impacts, the zones, the form's values and
// errors.
void FillOpenIncidentDictionary(const std::vector<Component>& components,
                                const OpenIncidentForm& form,
                                const FieldErrors& errors,
                                ctemplate::TemplateDictionary* dict);

Response HandleOpenIncident(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_PAGES_OPEN_INCIDENT_H_
