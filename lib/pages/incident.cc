// The incident page: see incident.h.
#include "pages/incident.h"

#include <cctype>
#include <charconv>
#include <string_view>

#include "base/crypto.h"
#include "base/timeutil.h"
#include "incident.tpl.varnames.h"
#include "web/forms.h"
#include "web/page.h"
#include "web/serve.h"

namespace sdb {
namespace {

constexpr char kPathPrefix[] = "/incidents/";

// The fields of the update form that CheckUpdateForm (and FormZone) can
// find fault with.
const FieldErrorKeys kUpdateErrorKeys[] = {
    {"title", ki_TITLE_ERROR, ki_TITLE_ERROR_TEXT},
    {"message", ki_MESSAGE_ERROR, ki_MESSAGE_ERROR_TEXT},
    {"status", ki_STATUS_ERROR, ki_STATUS_ERROR_TEXT},
    {"impact", ki_IMPACT_ERROR, ki_IMPACT_ERROR_TEXT},
    {"date", ki_DATE_ERROR, ki_DATE_ERROR_TEXT},
    {"start", ki_START_ERROR, ki_START_ERROR_TEXT},
    {"end", ki_END_ERROR, ki_END_ERROR_TEXT},
    {"timezone", ki_TIMEZONE_ERROR, ki_TIMEZONE_ERROR_TEXT},
};

// "analyzing" -> "Analyzing", "SYSTEM" -> "System": a status in words.
std::string StatusLabel(const std::string& status) {
  if (status == "SYSTEM") return "System";
  std::string label = status;
  if (!label.empty()) {
    label[0] =
        static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  }
  return label;
}

// Where the seed's anchor for incident `id` sits in `text`: the offset of
// "<a href='/incidents/<id>'>" (either quote), of the text inside it, and
// just past the closing "</a>".
struct Anchor {
  size_t begin = 0;
  size_t inner = 0;
  size_t inner_end = 0;
  size_t end = 0;
};

std::optional<Anchor> FindSeedAnchor(const std::string& text, int64_t id) {
  for (char quote : {'\'', '"'}) {
    std::string open = std::string("<a href=") + quote + kPathPrefix +
                       std::to_string(id) + quote + ">";
    size_t begin = text.find(open);
    if (begin == std::string::npos) continue;
    size_t inner = begin + open.size();
    size_t close = text.find("</a>", inner);
    if (close == std::string::npos) continue;
    return Anchor{begin, inner, close, close + 4};
  }
  return std::nullopt;
}

// The words for where the event stands at `now`.
void FillState(const Incident& incident, const std::string& now,
               ctemplate::TemplateDictionary* dict) {
  bool started = incident.start_date <= now;
  bool ended = incident.end_date && *incident.end_date <= now;
  const char* key;
  const char* text;
  if (incident.IsMaintenance()) {
    if (ended) {
      key = "completed";
      text = "This maintenance has been completed.";
    } else if (started) {
      key = "in-progress";
      text = "This maintenance is in progress.";
    } else {
      key = "planned";
      text = "This maintenance is planned.";
    }
  } else {
    if (ended) {
      key = "resolved";
      text = "This incident has been resolved.";
    } else if (started) {
      key = "ongoing";
      text = "This incident is ongoing.";
    } else {
      key = "planned";
      text = "This incident has not started yet.";
    }
  }
  dict->SetValue(ki_STATE_KEY, key);
  dict->SetValue(ki_STATE_TEXT, text);
}

void FillUpdate(const Update& update, const IncidentData& data,
                const DisplayZone& zone, ctemplate::TemplateDictionary* item) {
  item->SetIntValue(ki_UPDATE_ID, update.id);
  item->SetValue(ki_UPDATE_STATUS, StatusLabel(update.status));
  SetTime(item, ki_UPDATE_TIME_DISPLAY, ki_UPDATE_TIME_ISO, update.timestamp,
          zone);
  if (update.author && !update.author->empty()) {
    item->SetValueAndShowSection(ki_UPDATE_AUTHOR, *update.author, ki_AUTHOR);
  }
  std::optional<std::string> title;
  if (update.related_incident_id) {
    auto it = data.related_titles.find(*update.related_incident_id);
    if (it != data.related_titles.end()) title = it->second;
  }
  std::optional<Anchor> anchor;
  if (update.related_incident_id) {
    anchor = FindSeedAnchor(update.text, *update.related_incident_id);
  }
  if (!anchor) {
    item->SetValue(ki_TEXT_BEFORE, update.text);
    if (title) {
      auto* link = item->AddSectionDictionary(ki_RELATED_EXTRA);
      link->SetIntValue(ki_RELATED_ID, *update.related_incident_id);
      link->SetValue(ki_RELATED_TITLE, *title);
    }
    return;
  }
  item->SetValue(ki_TEXT_BEFORE, update.text.substr(0, anchor->begin));
  item->SetValue(ki_TEXT_AFTER, update.text.substr(anchor->end));
  if (title) {
    auto* link = item->AddSectionDictionary(ki_RELATED_LINK);
    link->SetIntValue(ki_RELATED_ID, *update.related_incident_id);
    link->SetValue(ki_RELATED_TITLE, *title);
  } else {
    // The other incident is gone: its old title, as text.
    item->SetValueAndShowSection(
        ki_RELATED_TEXT,
        update.text.substr(anchor->inner, anchor->inner_end - anchor->inner),
        ki_RELATED_GONE);
  }
}

}  // namespace

std::optional<int64_t> ParseIncidentPath(const std::string& path) {
  std::string_view prefix(kPathPrefix);
  if (path.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  std::string_view digits(path);
  digits.remove_prefix(prefix.size());
  if (digits.empty()) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int64_t id = 0;
  auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (error != std::errc() || end != digits.data() + digits.size() || id < 1) {
    return std::nullopt;
  }
  return id;
}

std::optional<IncidentData> LoadIncidentData(Database& db, Model& model,
                                             int64_t id,
                                             const std::string& now) {
  Transaction snapshot(db, Transaction::Kind::kDeferred);
  std::optional<Incident> incident = model.FindIncident(id);
  if (!incident) return std::nullopt;
  IncidentData data;
  data.now = now;
  data.incident = std::move(*incident);
  data.updates = model.Updates(id);
  data.components = model.Components();
  for (const Update& update : data.updates) {
    if (!update.related_incident_id) continue;
    int64_t related = *update.related_incident_id;
    if (data.related_titles.count(related)) continue;
    if (related == id) {
      data.related_titles[related] = data.incident.title;
    } else if (auto other = model.FindIncident(related)) {
      data.related_titles[related] = other->title;
    }
  }
  snapshot.Commit();
  return data;
}

std::string IncidentFirstRegion(const IncidentData& data) {
  ComponentIndex index = IndexComponents(data.components);
  for (int64_t id : data.incident.component_ids) {
    auto it = index.find(id);
    if (it == index.end()) continue;
    const std::string& region = it->second->Attribute("region");
    if (!region.empty()) return region;
  }
  return "";
}

void FillIncidentDictionary(const IncidentData& data, const DisplayZone& zone,
                            ctemplate::TemplateDictionary* dict) {
  const Incident& incident = data.incident;
  ComponentIndex index = IndexComponents(data.components);
  FillEventSummary(incident, index, zone, dict);
  const char* type = incident.IsMaintenance()  ? "Maintenance"
                     : incident.type == "info" ? "Information"
                                               : "Incident";
  dict->SetValue(ki_TYPE_TEXT, type);
  FillState(incident, data.now, dict);

  // A maintenance that has not begun shows when it is planned to.
  bool started = incident.start_date <= data.now;
  dict->SetValue(ki_START_LABEL, incident.IsMaintenance() && !started
                                     ? "Planned start"
                                     : "Began at");
  if (incident.end_date) {
    bool ended = *incident.end_date <= data.now;
    dict->SetValue(ki_END_LABEL, ended ? "Ended at" : "Planned end");
  }
  if (!incident.description_text.empty()) {
    dict->SetValueAndShowSection(ki_DESCRIPTION, incident.description_text,
                                 ki_HAS_DESCRIPTION);
  }

  int shown = 0;
  for (const Update& update : data.updates) {
    // The maintenance description is shown above, not again as an update.
    if (update.status == "description" &&
        update.text == incident.description_text) {
      continue;
    }
    FillUpdate(update, data, zone, dict->AddSectionDictionary(ki_UPDATE_ITEM));
    ++shown;
  }
  if (shown == 0) dict->ShowSection(ki_NO_UPDATES);
  if (shown > 0) dict->ShowSection(ki_HAS_UPDATES);
}

Response IncidentPage(App& app, const Request& request,
                      const IncidentData& data, const UpdateFormState* state,
                      int status) {
  ctemplate::TemplateDictionary dict("incident");
  PageChrome chrome = app.Chrome(request, data.incident.title, "");
  std::string region = IncidentFirstRegion(data);
  if (!region.empty()) chrome.feeds = RegionFeeds(region);
  FillIncidentDictionary(data, chrome.zone, &dict);
  if (request.signed_in) {
    FillUpdateFormDictionary(data, *request.signed_in, chrome.zone, state,
                             &dict);
  }
  FillPageChrome(chrome, &dict);
  Response response;
  response.status = status;
  response.body = app.templates().Expand("incident.tpl", dict);
  return response;
}

bool IsResolved(const Incident& incident) {
  return !incident.IsMaintenance() && incident.end_date.has_value();
}

std::vector<std::string> UpdateStatuses(const Incident& incident) {
  if (incident.IsMaintenance()) return {"in progress", "modified", "completed"};
  if (IsResolved(incident)) return {"reopened", "changed"};
  return {"analyzing", "fixing", "impact changed", "observing", "resolved"};
}

std::string IncidentVersion(const Incident& incident,
                            const std::vector<Update>& updates) {
  std::string text = incident.title + "\n" + std::to_string(incident.impact) +
                     "\n" + incident.start_date + "\n" +
                     incident.end_date.value_or("-") + "\n" +
                     incident.status.value_or("-") + "\n";
  for (int64_t id : incident.component_ids) text += std::to_string(id) + ",";
  int64_t newest = 0;
  for (const Update& update : updates) newest = std::max(newest, update.id);
  text += "\n" + std::to_string(newest);
  return Sha256Hex(text).substr(0, 16);
}

void FillUpdateFormDictionary(const IncidentData& data, const Operator& who,
                              const DisplayZone& zone,
                              const UpdateFormState* state,
                              ctemplate::TemplateDictionary* dict) {
  const Incident& incident = data.incident;
  auto* form_dict = dict->AddSectionDictionary(ki_UPDATE_FORM);
  FillCsrf(who, form_dict);
  form_dict->SetValue(ki_VERSION, IncidentVersion(incident, data.updates));
  UpdateForm form;
  if (state) {
    form = state->form;
  } else {
    form.title = incident.title;
    // To the second: the default is never before an update already shown.
    form.date = zone.ToLocalInput(data.now, /*seconds=*/true);
    form.timezone = zone.name();
  }
  form_dict->SetValue(ki_FORM_TITLE_VALUE, form.title);
  form_dict->SetValue(ki_MESSAGE_VALUE, form.message);
  form_dict->SetValue(ki_DATE_VALUE, form.date);
  form_dict->SetValue(ki_START_VALUE, form.start);
  form_dict->SetValue(ki_END_VALUE, form.end);
  for (const std::string& status : UpdateStatuses(incident)) {
    auto* option = form_dict->AddSectionDictionary(ki_STATUS_CHOICE);
    option->SetValue(ki_STATUS_CHOICE_VALUE, status);
    if (status == form.status) option->ShowSection(ki_STATUS_CHOICE_SELECTED);
  }
  int selected = ParseImpactKey(form.impact).value_or(incident.impact);
  for (int impact = kMaintenance; impact <= kOutage; ++impact) {
    if ((impact == kMaintenance) != incident.IsMaintenance()) continue;
    auto* option = form_dict->AddSectionDictionary(ki_IMPACT_CHOICE);
    option->SetValue(ki_IMPACT_CHOICE_KEY, ImpactKey(impact));
    option->SetValue(ki_IMPACT_CHOICE_TEXT, ImpactText(impact));
    if (impact == selected) option->ShowSection(ki_IMPACT_CHOICE_SELECTED);
  }
  FillZoneChoices(form.timezone.empty() ? zone.name() : form.timezone,
                  form_dict);
  if (state) {
    FillFieldErrors(state->errors, kUpdateErrorKeys, form_dict);
    if (!state->notice.empty()) {
      form_dict->SetValueAndShowSection(ki_NOTICE_TEXT, state->notice,
                                        ki_NOTICE);
    }
  }
  bool open_incident = !incident.IsMaintenance() && !incident.end_date;
  if (open_incident && incident.component_ids.size() > 1) {
    ComponentIndex index = IndexComponents(data.components);
    auto* separate = form_dict->AddSectionDictionary(ki_SEPARATE);
    for (int64_t id : incident.component_ids) {
      auto it = index.find(id);
      if (it == index.end()) continue;
      auto* item = separate->AddSectionDictionary(ki_SEPARATE_ITEM);
      item->SetValue(ki_SEPARATE_COMPONENT_ID, std::to_string(id));
      std::string label = it->second->name;
      const std::string& region = it->second->Attribute("region");
      if (!region.empty()) label += " (" + region + ")";
      item->SetValue(ki_SEPARATE_COMPONENT_NAME, label);
    }
  }
}

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
