// The "Open incident" page: see open_incident.h.
#include "pages/open_incident.h"

#include <algorithm>

#include "open_incident.tpl.varnames.h"
#include "store/audit_log.h"
#include "store/incident_writes.h"
#include "store/model.h"
#include "store/status_report.h"
#include "web/page.h"
#include "web/serve.h"

namespace sdb {
namespace {

constexpr size_t kDescriptionMax = 1500;

// The fields CheckOpenIncidentForm (and FormZone) can find fault with.
const FieldErrorKeys kErrorKeys[] = {
    {"title", koi_TITLE_ERROR, koi_TITLE_ERROR_TEXT},
    {"impact", koi_IMPACT_ERROR, koi_IMPACT_ERROR_TEXT},
    {"components", koi_COMPONENTS_ERROR, koi_COMPONENTS_ERROR_TEXT},
    {"start", koi_START_ERROR, koi_START_ERROR_TEXT},
    {"end", koi_END_ERROR, koi_END_ERROR_TEXT},
    {"description", koi_DESCRIPTION_ERROR, koi_DESCRIPTION_ERROR_TEXT},
    {"timezone", koi_TIMEZONE_ERROR, koi_TIMEZONE_ERROR_TEXT},
};

std::string ChangesText(const NewEvent& event, Database& db) {
  std::string text = "title: " + event.title +
                     "\nimpact: " + ImpactKey(event.impact) +
                     "\nstart: " + event.start;
  if (event.end) text += "\nend: " + *event.end;
  text += "\ncomponents:";
  for (int64_t id : event.component_ids) {
    text += " " + ComponentLabel(db, id, ReportRules::kV1) + ";";
  }
  if (event.description) text += "\ndescription: " + *event.description;
  return text;
}

}  // namespace

OpenIncidentForm ReadOpenIncidentForm(const Request& request) {
  OpenIncidentForm form;
  ReadFormFields(request, {{"title", &form.title},
                           {"impact", &form.impact},
                           {"start", &form.start},
                           {"end", &form.end},
                           {"description", &form.description},
                           {"timezone", &form.timezone}});
  auto [first, last] = request.params.equal_range("components");
  for (auto it = first; it != last; ++it) form.components.push_back(it->second);
  return form;
}

std::optional<NewEvent> CheckOpenIncidentForm(
    const OpenIncidentForm& form, const DisplayZone& zone,
    const std::vector<Component>& components, const std::string& now,
    FieldErrors* errors) {
  NewEvent event;
  event.title = TrimBlanks(form.title);
  CheckTitle(event.title, errors);
  auto impact = ParseImpactKey(form.impact);
  if (!impact) {
    (*errors)["impact"] =
        "Choose the impact: maintenance, minor, major or outage.";
  } else {
    event.impact = *impact;
  }
  for (const std::string& text : form.components) {
    auto id = KnownComponentId(text, components);
    if (!id) {
      (*errors)["components"] =
          "\"" + text + "\" is not a component of this dashboard.";
      break;
    }
    event.component_ids.push_back(*id);
  }
  std::sort(event.component_ids.begin(), event.component_ids.end());
  event.component_ids.erase(
      std::unique(event.component_ids.begin(), event.component_ids.end()),
      event.component_ids.end());
  if (event.component_ids.empty() && !errors->count("components")) {
    (*errors)["components"] = "Choose at least one affected component.";
  }
  bool maintenance = impact && *impact == kMaintenance;
  auto start = FormTime(form.start, zone, now, "start", errors);
  auto end = FormTime(form.end, zone, now, "end", errors);
  if (maintenance) {
    if (!start && !errors->count("start")) {
      (*errors)["start"] = "A maintenance needs its planned start.";
    }
    if (!end && !errors->count("end")) {
      (*errors)["end"] = "A maintenance needs its planned end.";
    }
    if (start && end && *end <= *start) {
      (*errors)["end"] =
          "The end must come after the start (" + zone.Format(*start) + ").";
    }
  } else if (impact) {
    if (start && *start > now) {
      (*errors)["start"] =
          "An incident cannot start in the future; schedule a maintenance "
          "for planned work.";
    }
    if (!TrimBlanks(form.end).empty() && !errors->count("end")) {
      (*errors)["end"] =
          "An incident ends with a \"resolved\" update; leave the end empty.";
    }
  }
  std::string description = TrimBlanks(form.description);
  if (CharCount(description) > kDescriptionMax) {
    (*errors)["description"] =
        "The description may have up to 1500 characters; it has " +
        std::to_string(CharCount(description)) + ".";
  }
  if (!errors->empty()) return std::nullopt;
  event.start = start.value_or(now);
  event.end = end;
  if (!description.empty()) event.description = description;
  return event;
}

int64_t CreateEvent(Database& db, const NewEvent& event, const Operator& who,
                    const std::string& now, const std::string& request_id) {
  bool maintenance = event.impact == kMaintenance;
  int64_t id = InsertOperatorIncident(
      db, {.title = event.title,
           .description = event.description,
           .impact = event.impact,
           .start_date = event.start,
           .end_date = event.end,
           .type = maintenance ? "maintenance" : "incident",
           .status = maintenance ? std::optional<std::string>("planned")
                                 : std::nullopt});
  for (int64_t component : event.component_ids) {
    LinkComponent(db, id, component);
  }
  if (!maintenance) {
    // The new incident takes its components from the open incidents that
    // hold them, as the seed does.
    for (int64_t component : event.component_ids) {
      for (int64_t other : OpenIncidentsHolding(db, component, now, id)) {
        MoveComponent(db, component, other, id, who.name, now);
      }
    }
  }
  RecordOperatorChange(
      db, who,
      {now, maintenance ? "schedule maintenance" : "open incident", id,
       ChangesText(event, db)},
      request_id);
  return id;
}

void FillOpenIncidentDictionary(const std::vector<Component>& components,
                                const OpenIncidentForm& form,
                                const FieldErrors& errors,
                                ctemplate::TemplateDictionary* dict) {
  dict->SetValue(koi_TITLE_VALUE, form.title);
  dict->SetValue(koi_START_VALUE, form.start);
  dict->SetValue(koi_END_VALUE, form.end);
  dict->SetValue(koi_DESCRIPTION_VALUE, form.description);
  for (int impact = kMaintenance; impact <= kOutage; ++impact) {
    auto* option = dict->AddSectionDictionary(koi_IMPACT_CHOICE);
    option->SetValue(koi_IMPACT_CHOICE_KEY, ImpactKey(impact));
    option->SetValue(koi_IMPACT_CHOICE_TEXT, ImpactText(impact));
    bool selected = form.impact.empty() ? impact == kMinor
                                        : ParseImpactKey(form.impact) == impact;
    if (selected) option->ShowSection(koi_IMPACT_CHOICE_SELECTED);
  }
  FillComponentChoices(components, form.components, dict);
  FillZoneChoices(form.timezone, dict);
  FillFieldErrors(errors, kErrorKeys, dict);
}

// GET /incidents            the form (operators only; 401 otherwise)
// POST /incidents           title, impact, components (repeated), start,
//                           end, description, timezone, csrf_token
// 303 to / (incident) or /incidents/<id> (maintenance); 422 the form again
// with the input and a message next to each wrong field.
Response HandleOpenIncident(App& app, const Request& request) {
  const Operator& who = *request.signed_in;
  std::vector<Component> components = app.model().Components();
  OpenIncidentForm form;
  FieldErrors errors;
  std::string now = DbNow();
  if (request.method == "POST") {
    form = ReadOpenIncidentForm(request);
    DisplayZone zone = FormZone(request, &errors);
    auto event = CheckOpenIncidentForm(form, zone, components, now, &errors);
    if (event) {
      int64_t id = 0;
      RunWriteTransaction(app.db(), [&] {
        id = CreateEvent(app.db(), *event, who, now, request.request_id);
      });
      return SeeOther(event->impact == kMaintenance
                          ? "/incidents/" + std::to_string(id)
                          : "/");
    }
  } else {
    form.timezone = RequestZone(request).name();
    form.start = RequestZone(request).ToLocalInput(now);
  }
  ctemplate::TemplateDictionary dict("open_incident");
  PageChrome chrome = app.Chrome(request, "Open an incident", "");
  FillOpenIncidentDictionary(components, form, errors, &dict);
  FillCsrf(who, &dict);
  FillPageChrome(chrome, &dict);
  Response response;
  response.status = errors.empty() ? 200 : 422;
  response.body = app.templates().Expand("open_incident.tpl", dict);
  return response;
}

}  // namespace sdb
