// Operator updates and separation: see post_update.h.
#include "pages/post_update.h"

#include <algorithm>

#include "pages/incident.h"
#include "store/audit_log.h"
#include "store/incident_writes.h"
#include "store/status_report.h"
#include "web/page.h"
#include "web/serve.h"

namespace sdb {
namespace {

constexpr size_t kMessageMin = 10, kMessageMax = 2000;

// Updates that record what happened (not the maintenance description).
std::vector<const Update*> Timeline(const std::vector<Update>& updates) {
  std::vector<const Update*> timeline;
  for (const Update& update : updates) {
    if (update.status != "description") timeline.push_back(&update);
  }
  return timeline;
}

std::optional<std::string> LatestTime(const std::vector<Update>& updates) {
  std::optional<std::string> latest;
  for (const Update* update : Timeline(updates)) {
    if (!latest || update->timestamp > *latest) latest = update->timestamp;
  }
  return latest;
}

// The earliest and latest times of updates with `status`.
std::optional<std::string> EarliestWith(const std::vector<Update>& updates,
                                        const std::string& status) {
  std::optional<std::string> earliest;
  for (const Update& update : updates) {
    if (update.status == status &&
        (!earliest || update.timestamp < *earliest)) {
      earliest = update.timestamp;
    }
  }
  return earliest;
}

std::optional<std::string> LatestWith(const std::vector<Update>& updates,
                                      const std::string& status) {
  std::optional<std::string> latest;
  for (const Update& update : updates) {
    if (update.status == status && (!latest || update.timestamp > *latest)) {
      latest = update.timestamp;
    }
  }
  return latest;
}

}  // namespace

UpdateForm ReadUpdateForm(const Request& request) {
  UpdateForm form;
  ReadFormFields(request, {{"title", &form.title},
                           {"message", &form.message},
                           {"status", &form.status},
                           {"impact", &form.impact},
                           {"date", &form.date},
                           {"start", &form.start},
                           {"end", &form.end},
                           {"timezone", &form.timezone},
                           {"version", &form.version}});
  return form;
}

std::optional<PlannedUpdate> CheckUpdateForm(const UpdateForm& form,
                                             const Incident& incident,
                                             const std::vector<Update>& updates,
                                             const DisplayZone& zone,
                                             const std::string& now,
                                             FieldErrors* errors) {
  PlannedUpdate plan;
  plan.title = TrimBlanks(form.title);
  if (plan.title.empty()) plan.title = incident.title;
  CheckTitle(plan.title, errors);
  plan.message = TrimBlanks(form.message);
  size_t length = CharCount(plan.message);
  if (length < kMessageMin || length > kMessageMax) {
    (*errors)["message"] = "The message needs 10 to 2000 characters; it has " +
                           std::to_string(length) + ".";
  }
  auto statuses = UpdateStatuses(incident);
  plan.status = form.status;
  if (std::find(statuses.begin(), statuses.end(), plan.status) ==
      statuses.end()) {
    std::string list;
    for (const auto& s : statuses) list += (list.empty() ? "" : ", ") + s;
    (*errors)["status"] = "Choose one of: " + list + ".";
  }
  plan.impact = incident.impact;
  if (!form.impact.empty()) {
    auto impact = ParseImpactKey(form.impact);
    bool same_kind =
        impact && ((*impact == kMaintenance) == incident.IsMaintenance());
    if (!same_kind) {
      (*errors)["impact"] = incident.IsMaintenance()
                                ? "A maintenance keeps the maintenance impact."
                                : "Choose minor, major or outage: an incident "
                                  "cannot become a maintenance.";
    } else {
      plan.impact = *impact;
    }
  }
  if (plan.status == "impact changed" && plan.impact == incident.impact &&
      !errors->count("impact")) {
    (*errors)["impact"] = "Choose the new impact: it is " +
                          std::string(ImpactKey(incident.impact)) + " now.";
  }

  auto date = FormTime(form.date, zone, now, "date", errors);
  plan.time = date.value_or(now);
  bool time_ok = !errors->count("date");
  if (time_ok && plan.time > now) {
    (*errors)["date"] = "An update cannot be in the future.";
    time_ok = false;
  }
  bool may_precede_start = plan.status == "modified";
  if (time_ok && !may_precede_start && plan.time < incident.start_date) {
    (*errors)["date"] =
        "The update cannot be before the start (" +
        zone.Format(incident.start_date) + ")" +
        (incident.IsMaintenance()
             ? "; post \"modified\" with an earlier start first."
             : ".");
    time_ok = false;
  }
  if (auto latest = LatestTime(updates);
      time_ok && latest && plan.time < *latest) {
    (*errors)["date"] = "The update must come after the latest one (" +
                        zone.Format(*latest) + ").";
  }

  auto start = FormTime(form.start, zone, now, "start", errors);
  auto end = FormTime(form.end, zone, now, "end", errors);
  if (plan.status == "resolved" || plan.status == "completed") {
    plan.end = plan.time;
  } else if (plan.status == "reopened") {
    plan.end = "";
  } else if (plan.status == "changed") {
    if (!end) {
      if (!errors->count("end")) (*errors)["end"] = "Enter the corrected end.";
    } else if (*end < incident.start_date) {
      (*errors)["end"] = "The end cannot be before the start (" +
                         zone.Format(incident.start_date) + ").";
    } else if (*end > now) {
      (*errors)["end"] = "The end of an incident cannot be in the future.";
    } else {
      plan.end = *end;
    }
  } else if (plan.status == "modified") {
    std::string new_start = start.value_or(incident.start_date);
    std::string new_end = end.value_or(incident.end_date.value_or(""));
    if (!start && !end && !errors->count("start") && !errors->count("end")) {
      (*errors)["start"] = "Enter the new start, the new end, or both.";
    } else if (!new_end.empty() && new_end <= new_start) {
      (*errors)[end ? "end" : "start"] =
          "The start must come before the end (" + zone.Format(new_end) + ").";
    } else {
      // Work already reported in progress started no later than that.
      auto began = EarliestWith(updates, "in progress");
      auto finished = LatestWith(updates, "completed");
      if (began && new_start > *began) {
        (*errors)["start"] = "Work was reported in progress at " +
                             zone.Format(*began) +
                             "; the start cannot be later.";
      } else if (finished && !new_end.empty() && new_end < *finished) {
        (*errors)["end"] = "The maintenance was completed at " +
                           zone.Format(*finished) +
                           "; the end cannot be earlier.";
      } else {
        if (start) plan.start = new_start;
        if (end) plan.end = new_end;
      }
    }
  }
  if (!errors->empty()) return std::nullopt;
  return plan;
}

void ApplyUpdate(Database& db, const Incident& incident,
                 const PlannedUpdate& update, const Operator& who,
                 const std::string& now, const std::string& request_id) {
  std::optional<std::string> end = incident.end_date;
  if (update.end) end = update.end->empty() ? std::nullopt : update.end;
  std::string start = update.start.value_or(incident.start_date);
  UpdateIncidentFields(db, incident.id, update.title, update.impact,
                       update.status, start, end);
  AddUpdate(db, incident.id, update.status, update.message, who.name,
            update.time);
  std::string changes = "status: " + update.status + "\nat: " + update.time;
  if (update.title != incident.title) {
    changes += "\ntitle: " + incident.title + " -> " + update.title;
  }
  if (update.impact != incident.impact) {
    changes += std::string("\nimpact: ") + ImpactKey(incident.impact) + " -> " +
               ImpactKey(update.impact);
  }
  if (start != incident.start_date) {
    changes += "\nstart: " + incident.start_date + " -> " + start;
  }
  if (end != incident.end_date) {
    changes += "\nend: " + incident.end_date.value_or("(none)") + " -> " +
               end.value_or("(none)");
  }
  if (incident.system) changes += "\nopened by: system -> operator";
  changes += "\nmessage: " + update.message;
  RecordOperatorChange(db, who, {now, "post update", incident.id, changes},
                       request_id);
}

int64_t SeparateComponent(Database& db, const Incident& incident,
                          int64_t component, const Operator& who,
                          const std::string& now,
                          const std::string& request_id) {
  std::string name = ComponentName(db, component);
  std::string title = incident.title + " (" + name + ")";
  // Keep within 200 characters, cutting the original title, not the name.
  while (CharCount(title) > kTitleMax) {
    std::string base = incident.title;
    size_t cut = CharCount(title) - kTitleMax;
    size_t bytes = base.size();
    while (cut > 0 && bytes > 0) {
      --bytes;
      while (bytes > 0 &&
             (static_cast<unsigned char>(base[bytes]) & 0xC0) == 0x80)
        --bytes;
      --cut;
    }
    title = base.substr(0, bytes) + " (" + name + ")";
  }
  int64_t id = InsertOperatorIncident(db, {.title = title,
                                           .impact = incident.impact,
                                           .start_date = now,
                                           .status = incident.status});
  LinkComponent(db, id, component);
  MoveComponent(db, component, incident.id, id, who.name, now);
  RecordOperatorChange(
      db, who,
      {now, "separate component", id,
       "component: " + ComponentLabel(db, component, ReportRules::kV1) +
           "\nfrom: #" + std::to_string(incident.id) + " " + incident.title +
           "\ntitle: " + title},
      request_id);
  return id;
}

// POST /incidents/<id>/updates   title, message, status, impact, date,
//                                start, end, timezone, version, csrf_token
// POST /incidents/<id>/separate  component, version, csrf_token
// 303 to the incident (or the new one); 404 no such incident; 409 the
// incident changed since the form was shown; 422 invalid input. Both
// answer with the incident page and the form as sent.
Response HandlePostUpdate(App& app, const Request& request) {
  const Operator& who = *request.signed_in;
  std::string path = request.path;
  bool separate = false;
  for (const char* suffix : {"/updates", "/separate"}) {
    std::string s = suffix;
    if (path.size() > s.size() &&
        path.compare(path.size() - s.size(), s.size(), s) == 0) {
      separate = s == "/separate";
      path.resize(path.size() - s.size());
      break;
    }
  }
  auto id = ParseIncidentPath(path);
  if (!id || path == request.path) {
    return app.ErrorPage(404, "There is nothing to post to at this address.");
  }
  std::string now = DbNow();
  FieldErrors errors;
  UpdateFormState state;
  state.form = ReadUpdateForm(request);
  DisplayZone zone = FormZone(request, &errors);
  int status = 0;
  int64_t created = 0;
  bool found = true;
  RunWriteTransaction(app.db(), [&] {
    status = 0;
    state.errors = errors;
    state.notice.clear();
    auto incident = app.model().FindIncident(*id);
    found = incident.has_value();
    if (!found) return;
    auto updates = app.model().Updates(*id);
    if (state.form.version != IncidentVersion(*incident, updates)) {
      status = 409;
      state.notice =
          "This incident changed since you opened the page, so nothing was "
          "saved. Check the latest state and updates below, then send your "
          "change again.";
      return;
    }
    if (separate) {
      auto component = ParsePositiveId(request.Param("component").value_or(""));
      bool linked =
          component && std::find(incident->component_ids.begin(),
                                 incident->component_ids.end(),
                                 *component) != incident->component_ids.end();
      if (incident->IsMaintenance() || incident->end_date) {
        state.notice = "Only an open incident's components can be separated.";
      } else if (!linked) {
        state.notice = "That component is not affected by this incident.";
      } else if (incident->component_ids.size() < 2) {
        state.notice = "The incident's only component cannot be separated.";
      }
      if (!state.notice.empty()) {
        status = 422;
        return;
      }
      created = SeparateComponent(app.db(), *incident, *component, who, now,
                                  request.request_id);
      return;
    }
    auto plan = CheckUpdateForm(state.form, *incident, updates, zone, now,
                                &state.errors);
    if (!plan) {
      status = 422;
      return;
    }
    ApplyUpdate(app.db(), *incident, *plan, who, now, request.request_id);
  });
  if (!found) {
    return app.ErrorPage(404, "There is no incident or maintenance number " +
                                  std::to_string(*id) + ".");
  }
  if (status == 0) {
    return SeeOther("/incidents/" + std::to_string(separate ? created : *id));
  }
  auto data = LoadIncidentData(app.db(), app.model(), *id, DbNow());
  if (!data) return app.ErrorPage(404, "The incident is gone.");
  if (status == 409) {
    // Show the form again on top of the current state: the version is
    // the new one, the operator's words are kept.
    state.form.version.clear();
  }
  return IncidentPage(app, request, *data, &state, status);
}

}  // namespace sdb
