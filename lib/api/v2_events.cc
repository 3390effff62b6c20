// API v2 events (incidents, maintenances, info notes): GET, POST and
// PATCH /v2/events, their extraction and updates, and the deprecated
// /v2/incidents aliases (see v2_handlers.h).
#include <algorithm>

#include "api/v2.h"
#include "api/v2_handlers.h"
#include "base/rfc3339.h"
#include "store/event_filter.h"
#include "store/event_writes.h"
#include "store/status_report.h"

namespace sdb {

using v2::Fail;
using v2::Fields;
using v2::ImpactFits;
using v2::IsType;
using v2::kImpactRule;
using v2::ParseId;
using v2::ReadObject;
using v2::VisibleUpdates;

namespace {

constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxDescription = 1500;
constexpr char kSystemDescription[] =
    "System-wide incident affecting multiple components. Created "
    "automatically.";
constexpr char kFilterError[] =
    "filter query parameter has an invalid format or value";

std::string Anchor(int64_t id, const std::string& title) {
  return "<a href='/incidents/" + std::to_string(id) + "'>" + title + "</a>";
}

// Moves `component` from `from` (an open incident) into `to`, with the
// "moved" updates; closes `from` when it was its last component (the
// closed incident keeps the link).
void MoveComponent(Database& db, int64_t component, int64_t from,
                   const std::string& from_title, int64_t to,
                   const std::string& to_title, const std::string& author,
                   const std::string& now) {
  std::string label = ComponentLabel(db, component, ReportRules::kV2);
  LinkComponent(db, to, component);
  AddUpdate(db, to, "SYSTEM", label + " moved from " + Anchor(from, from_title),
            author, now, from);
  std::string moved = label + " moved to " + Anchor(to, to_title);
  if (CountComponents(db, from) == 1) {
    ResolveIncident(db, from, now);
    AddUpdate(db, from, "resolved", moved + ", Incident closed by system",
              author, now, to);
  } else {
    UnlinkComponent(db, from, component);
    AddUpdate(db, from, "SYSTEM", moved, author, now, to);
  }
}

std::vector<std::string> SplitCsv(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    items.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

bool KnownStatus(const std::string& status) {
  for (const char* type : {"incident", "maintenance", "info"}) {
    if (V2StatusAllowed(type, status, false) ||
        V2StatusAllowed(type, status, true)) {
      return true;
    }
  }
  return status == "SYSTEM";
}

std::optional<EventFilter> ReadFilter(const Request& request) {
  EventFilter filter;
  if (auto type = request.Param("type")) {
    for (const std::string& item : SplitCsv(*type)) {
      if (!IsType(item)) return std::nullopt;
      filter.types.insert(item);
    }
  }
  if (auto active = request.Param("active")) {
    if (*active != "true") return std::nullopt;
    filter.active = true;
  }
  if (auto status = request.Param("status")) {
    if (!KnownStatus(*status)) return std::nullopt;
    filter.status = *status;
  }
  if (auto start = request.Param("start_date")) {
    filter.start_after = ParseRfc3339(*start);
    if (!filter.start_after) return std::nullopt;
  }
  if (auto end = request.Param("end_date")) {
    filter.end_before = ParseRfc3339(*end);
    if (!filter.end_before) return std::nullopt;
  }
  if (filter.start_after && filter.end_before &&
      *filter.end_before < *filter.start_after) {
    return std::nullopt;
  }
  auto small_int = [](const std::string& text, int min,
                      int max) -> std::optional<int> {
    if (text.empty() || text.size() > 6 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    int value = std::stoi(text);
    if (value < min || value > max) return std::nullopt;
    return value;
  };
  if (auto impact = request.Param("impact")) {
    filter.impact = small_int(*impact, 0, 3);
    if (!filter.impact) return std::nullopt;
  }
  if (auto system = request.Param("system")) {
    if (*system == "true") {
      filter.system = true;
    } else if (*system == "false") {
      filter.system = false;
    } else {
      return std::nullopt;
    }
  }
  if (auto components = request.Param("components")) {
    for (const std::string& item : SplitCsv(*components)) {
      auto id = small_int(item, 1, 2048);
      if (!id) return std::nullopt;
      filter.components.insert(*id);
    }
  }
  if (auto page = request.Param("page")) {
    auto value = small_int(*page, 1, 999999);
    if (!value) return std::nullopt;
    filter.page = *value;
  }
  if (auto limit = request.Param("limit")) {
    auto value = small_int(*limit, 10, 50);
    if (!value || (*value != 10 && *value != 20 && *value != 50)) {
      return std::nullopt;
    }
    filter.limit = *value;
  }
  return filter;
}

std::vector<ApiEvent> AllEvents(Database& db) {
  Transaction snapshot(db, Transaction::Kind::kDeferred);
  std::vector<ApiEvent> events = LoadAllEvents(db);
  snapshot.Commit();
  return events;
}

// A POST /v2/events body, its fields checked.
struct NewEvent {
  std::string title;
  std::optional<std::string> description;
  long long impact = 0;
  std::vector<int64_t> components;
  std::string start;
  std::optional<std::string> end;
  bool system = false;
  std::string type;
};

// The fields of a POST /v2/events body, or nullopt with the message of
// the 400 in `error`.
std::optional<NewEvent> ReadNewEvent(const Json& body, std::string* error) {
  Fields fields(body);
  fields.Allow({"title", "description", "impact", "components", "start_date",
                "end_date", "system", "type", "updates"});
  auto title = fields.Text("title", true, kMaxTitle);
  auto description = fields.Text("description", false, kMaxDescription);
  auto impact = fields.Integer("impact", true);
  auto components = fields.Ids("components", true);
  auto start = fields.Time("start_date", true);
  auto end = fields.Time("end_date", false);
  bool system = fields.Bool("system").value_or(false);
  auto type = fields.Text("type", true, 0);
  if (fields.Has("updates")) {
    const Json& updates = body["updates"];
    if (!updates.is_array() || !updates.empty()) {
      fields.Fail("field \"updates\" must be empty");
    }
  }
  if (!fields.ok()) {
    *error = fields.error();
    return std::nullopt;
  }
  return NewEvent{*title, description, *impact, *components,
                  *start, end,         system,  *type};
}

// Why `event` breaks the type, impact or system rules, or nullopt.
std::optional<std::string> NewEventKindError(const NewEvent& event) {
  if (!IsType(event.type)) {
    return "field \"type\" must be one of incident, maintenance, info";
  }
  if (!ImpactFits(event.type, event.impact)) return kImpactRule;
  if (event.system && event.type != "incident") {
    return "system incident must be of type 'incident'";
  }
  return std::nullopt;
}

// Why the dates of `event` do not suit its type at database time `now`,
// or nullopt.
std::optional<std::string> NewEventDatesError(const NewEvent& event,
                                              const std::string& now) {
  if (event.type == "incident") {
    if (event.end) return "an incident must not have an end_date";
    if (event.start > now) return "an incident must not start in the future";
  } else if (!event.end) {
    return "a " + event.type + " needs an end_date";
  }
  if (event.end && *event.end < event.start) {
    return "end_date is before start_date";
  }
  return std::nullopt;
}

// The first of `components` that does not exist, or nullopt.
std::optional<int64_t> MissingComponent(
    Database& db, const std::vector<int64_t>& components) {
  for (int64_t id : components) {
    if (!ComponentExists(db, id)) return id;
  }
  return std::nullopt;
}

// A system event: the status-report procedure for each component. The
// "result" entries, one per component.
Json ReportSystemEvent(Database& db, const NewEvent& event,
                       const std::string& author, const std::string& now) {
  Json result = Json::array();
  for (int64_t id : event.components) {
    StatusReport report;
    report.component_id = id;
    report.impact = static_cast<int>(event.impact);
    report.title = event.title;
    report.description = event.description && !event.description->empty()
                             ? *event.description
                             : kSystemDescription;
    report.start_date = event.start;
    report.author = author;
    ReportResult outcome =
        ReportComponentStatus(db, report, ReportRules::kV2, now);
    Json entry = {{"component_id", id}, {"incident_id", outcome.incident_id}};
    if (outcome.outcome == ReportOutcome::kInMaintenance) {
      entry["error"] = "event creation failed, component in maintenance";
    }
    result.push_back(entry);
  }
  return result;
}

// A regular event: created with its first update; a new incident takes its
// components out of the other open incidents (not maintenances or info).
// The "result" entries, one per component.
Json CreateUserEvent(Database& db, const NewEvent& event,
                     const std::string& author, const std::string& now) {
  std::string status = event.type == "incident" ? "detected" : "planned";
  int64_t created =
      InsertEvent(db, {event.title,
                       event.description && !event.description->empty()
                           ? event.description
                           : std::optional<std::string>(),
                       static_cast<int64_t>(event.impact), event.start,
                       event.end, event.type, status});
  const char* first_text =
      event.type == "incident"      ? "The incident is detected."
      : event.type == "maintenance" ? "Maintenance is planned."
                                    : "The informational notification is "
                                      "planned.";
  AddUpdate(db, created, status, first_text, author,
            event.start <= now ? event.start : now);
  Json result = Json::array();
  for (int64_t id : event.components) {
    if (event.type == "incident") {
      for (const IncidentTitle& other : OpenIncidentsWith(db, id, created)) {
        MoveComponent(db, id, other.id, other.title, created, event.title,
                      author, now);
      }
    }
    LinkComponent(db, created, id);
    result.push_back({{"component_id", id}, {"incident_id", created}});
  }
  return result;
}

// A PATCH /v2/events/{id} body, its fields checked; nullopt members keep
// the event's.
struct EventPatch {
  std::string message;
  std::string status;
  std::string update_date;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<long long> impact;
  std::optional<std::string> start;
  std::optional<std::string> end;
  std::optional<std::string> type;
};

// The fields of a PATCH /v2/events/{id} body, or nullopt with the message
// of the 400 in `error`.
std::optional<EventPatch> ReadEventPatch(const Json& body, std::string* error) {
  Fields fields(body);
  fields.Allow({"message", "status", "update_date", "title", "description",
                "impact", "start_date", "end_date", "type"});
  auto message = fields.Text("message", true, 0);
  auto status = fields.Text("status", true, 0);
  auto update_date = fields.Time("update_date", true);
  auto title = fields.Text("title", false, kMaxTitle);
  auto description = fields.Text("description", false, kMaxDescription);
  auto impact = fields.Integer("impact", false);
  auto start = fields.Time("start_date", false);
  auto end = fields.Time("end_date", false);
  auto type = fields.Text("type", false, 0);
  if (title && title->empty()) fields.Fail("field \"title\" must not be empty");
  if (!fields.ok()) {
    *error = fields.error();
    return std::nullopt;
  }
  return EventPatch{*message, *status, *update_date, title, description,
                    impact,   start,   end,          type};
}

// Why `patch` may not give `event` the type `new_type`, the impact
// `new_impact` and its status, or nullopt.
std::optional<std::string> TransitionError(const ApiEvent& event,
                                           const EventPatch& patch,
                                           const std::string& new_type,
                                           long long new_impact) {
  if (!IsType(new_type)) {
    return "field \"type\" must be one of incident, maintenance, info";
  }
  if (!ImpactFits(new_type, new_impact)) return kImpactRule;
  bool closed = event.end_date.has_value();
  bool incident = new_type == "incident";
  if (!V2StatusAllowed(new_type, patch.status, incident && closed)) {
    return "status '" + patch.status + "' is not allowed for " +
           (incident && closed ? "a closed incident" : "a " + new_type);
  }
  if (incident && new_impact != event.impact &&
      patch.status != "impact changed") {
    return "an impact change needs the status 'impact changed'";
  }
  return std::nullopt;
}

// The end of `event` after `patch` as a `new_type` in `*new_end` (its
// start is the patch's or its own), or why the dates may not change so.
std::optional<std::string> PatchedEnd(const ApiEvent& event,
                                      const EventPatch& patch,
                                      const std::string& new_type,
                                      const std::string& new_start,
                                      std::optional<std::string>* new_end) {
  bool closed = event.end_date.has_value();
  *new_end = event.end_date;
  if (new_type == "incident") {
    bool dates = (patch.start && *patch.start != event.start_date) ||
                 (patch.end && patch.end != event.end_date);
    if (closed && dates && patch.status != "changed") {
      return "the dates of a closed incident change only with the status "
             "'changed'";
    }
    if (!closed && dates) {
      return "an open incident's start_date cannot change and its end_date "
             "comes from the status 'resolved'";
    }
    if (patch.end) *new_end = patch.end;
    if (patch.status == "resolved") *new_end = patch.update_date;
    if (patch.status == "reopened") new_end->reset();
  } else {
    if (patch.end) *new_end = patch.end;
    if (!*new_end) return "a " + new_type + " needs an end_date";
  }
  if (*new_end && **new_end < new_start) return "end_date is before start_date";
  return std::nullopt;
}

}  // namespace

// GET /v2/events
//   ?type=incident,maintenance,info  ?active=true  ?status=S
//   ?start_date=T (start at or after)  ?end_date=T (end at or before)
//   ?impact=0..3  ?system=true|false  ?components=1,2 (any of)
//   ?page=N (from 1)  ?limit=10|20|50 (default 50)
// 200 {"data": [...], "pagination": {pageIndex, recordsPerPage,
// totalRecords, totalPages}}, newest start first; {"data": []} without
// pagination when nothing matches; 400 an invalid filter.
Response V2GetEvents(ApiCall& call) {
  auto filter = ReadFilter(call.request);
  if (!filter) return Fail(400, kFilterError);
  std::string now = call.env.DbNow();
  // Filtered, counted and paged by SQLite, and only the page's events read
  // with their components and updates: loading every event there ever was
  // (100,000 with 300,000 updates) took a quarter of a second a request.
  Database& db = call.env.db;
  Transaction snapshot(db, Transaction::Kind::kDeferred);
  EventPage page = FindEvents(db, *filter, now);
  size_t total = page.total;
  if (total == 0) return JsonResponse(200, {{"data", Json::array()}});
  size_t pages = (total + filter->limit - 1) / filter->limit;
  Json data = Json::array();
  for (int64_t id : page.ids) {
    if (auto event = LoadEvent(db, id)) data.push_back(V2Event(*event));
  }
  snapshot.Commit();
  return JsonResponse(200, {{"data", std::move(data)},
                            {"pagination",
                             {{"pageIndex", filter->page},
                              {"recordsPerPage", filter->limit},
                              {"totalRecords", total},
                              {"totalPages", pages}}}});
}

// GET /v2/incidents (deprecated)
// 200 {"data": [...]}: every event, newest start first, no pagination.
Response V2GetIncidentsDeprecated(ApiCall& call) {
  std::vector<ApiEvent> events = AllEvents(call.env.db);
  std::sort(events.begin(), events.end(),
            [](const ApiEvent& a, const ApiEvent& b) {
              return a.start_date != b.start_date ? a.start_date > b.start_date
                                                  : a.id > b.id;
            });
  // Written event by event: a Json tree of every event (100,000) took 6 s
  // and 1 GB.
  std::string body = "{\"data\":[";
  for (size_t i = 0; i < events.size(); ++i) {
    if (i) body += ',';
    body += JsonText(V2Event(events[i]));
  }
  body += "]}";
  return JsonTextResponse(200, std::move(body));
}

// GET /v2/events/{id}
// 200 the event; 400 id not a number; 404 no such event.
Response V2GetEvent(ApiCall& call) {
  auto id = ParseId(call.args[0]);
  if (!id) return Fail(400, "event invalid format");
  auto event = LoadEvent(call.env.db, *id);
  if (!event) return Fail(404, "event does not exist");
  return JsonResponse(200, V2Event(*event));
}

// POST /v2/events  (bearer token)
//   {"title", "description"?, "impact", "components": [ids], "start_date",
//    "end_date"?, "system"?, "type", "updates"? (must be empty)}
// 200 {"result": [{"component_id", "incident_id"?, "error"?}]}, one entry
// per component; 400 invalid body, broken type/impact/date rules, or an
// unknown component.
//   Regular events are created with their first update; a new incident
//   takes its components out of the other open incidents. System events
//   ("system": true, type incident: the monitoring path) go through the
//   status-report procedure per component: joined, deduplicated,
//   escalated, or refused for a component in maintenance.
Response V2PostEvent(ApiCall& call) {
  Response error;
  auto body = ReadObject(call, &error);
  if (!body) return error;
  std::string problem;
  auto event = ReadNewEvent(*body, &problem);
  if (!event) return Fail(400, problem);
  if (auto kind_error = NewEventKindError(*event)) {
    return Fail(400, *kind_error);
  }
  std::string now = call.env.DbNow();
  if (auto dates_error = NewEventDatesError(*event, now)) {
    return Fail(400, *dates_error);
  }

  Database& db = call.env.db;
  const std::string& author = call.principal->author;
  Response response;
  call.Write([&] {
    if (auto missing = MissingComponent(db, event->components)) {
      response = Fail(400, "component does not exist, component_id: " +
                               std::to_string(*missing));
      return;
    }
    Json result = event->system ? ReportSystemEvent(db, *event, author, now)
                                : CreateUserEvent(db, *event, author, now);
    response = JsonResponse(200, {{"result", result}});
  });
  return response;
}

// PATCH /v2/events/{id}  (bearer token)
//   {"message", "status", "update_date", "title"?, "description"?,
//    "impact"?, "start_date"?, "end_date"?, "type"?}
// 200 the event with the new update; 400 invalid body or a transition the
// event's type does not allow; 404 no such event.
Response V2PatchEvent(ApiCall& call) {
  auto id = ParseId(call.args[0]);
  if (!id) return Fail(400, "event invalid format");
  Response error;
  auto body = ReadObject(call, &error);
  if (!body) return error;
  std::string problem;
  auto patch = ReadEventPatch(*body, &problem);
  if (!patch) return Fail(400, problem);

  Database& db = call.env.db;
  const std::string& author = call.principal->author;
  Response response;
  call.Write([&] {
    auto event = LoadEvent(db, *id);
    if (!event) {
      response = Fail(404, "event does not exist");
      return;
    }
    std::string new_type = patch->type.value_or(event->type);
    long long new_impact = patch->impact.value_or(event->impact);
    if (auto refused = TransitionError(*event, *patch, new_type, new_impact)) {
      response = Fail(400, *refused);
      return;
    }
    std::string new_start = patch->start.value_or(event->start_date);
    std::optional<std::string> new_end;
    if (auto refused =
            PatchedEnd(*event, *patch, new_type, new_start, &new_end)) {
      response = Fail(400, *refused);
      return;
    }
    const auto& description = patch->description;
    UpdateEventFields(
        db, *id,
        {patch->title.value_or(event->title),
         description ? (description->empty() ? std::optional<std::string>()
                                             : description)
                     : event->description,
         static_cast<int64_t>(new_impact), new_start, new_end, new_type,
         patch->status});
    AddUpdate(db, *id, patch->status, patch->message, author,
              patch->update_date);
    response = JsonResponse(200, V2Event(*LoadEvent(db, *id)));
  });
  return response;
}

// POST /v2/events/{id}/extract  (bearer token)
//   {"components": [ids]}: components of the event to move out
// 200 the new incident (same impact, title, description, type); 400
// invalid body, a component not in the event, none left behind, or the
// event is not an open incident; 404 no such event.
Response V2ExtractEvent(ApiCall& call) {
  auto id = ParseId(call.args[0]);
  if (!id) return Fail(400, "event invalid format");
  Response error;
  auto body = ReadObject(call, &error);
  if (!body) return error;
  Fields fields(*body);
  fields.Allow({"components"});
  auto components = fields.Ids("components", true);
  if (!fields.ok()) return Fail(400, fields.error());
  Database& db = call.env.db;
  const std::string& author = call.principal->author;
  std::string now = call.env.DbNow();
  Response response;
  call.Write([&] {
    auto event = LoadEvent(db, *id);
    if (!event) {
      response = Fail(404, "event does not exist");
      return;
    }
    if (event->type != "incident" || event->end_date) {
      response = Fail(400,
                      "components can be extracted only from an open "
                      "incident");
      return;
    }
    for (int64_t component : *components) {
      if (std::find(event->components.begin(), event->components.end(),
                    component) == event->components.end()) {
        response = Fail(400, "component " + std::to_string(component) +
                                 " is not in the event");
        return;
      }
    }
    if (components->size() >= event->components.size()) {
      response = Fail(400, "at least one component must stay in the event");
      return;
    }
    int64_t created = InsertExtractedIncident(db, *event, now);
    for (int64_t component : *components) {
      MoveComponent(db, component, *id, event->title, created, event->title,
                    author, now);
    }
    response = JsonResponse(200, V2Event(*LoadEvent(db, created)));
  });
  return response;
}

// PATCH /v2/events/{id}/updates/{index}  (bearer token)
//   {"text": S}: the new text of the event's update at `index` (0 = first)
// 200 {id, status, text, timestamp}; 400 invalid body; 404 no such event
// or update.
Response V2PatchUpdate(ApiCall& call) {
  auto id = ParseId(call.args[0]);
  const std::string& index_text = call.args[1];
  if (!id || index_text.empty() || index_text.size() > 9 ||
      index_text.find_first_not_of("0123456789") != std::string::npos) {
    return Fail(400, "event or update invalid format");
  }
  size_t index = std::stoul(index_text);
  Response error;
  auto body = ReadObject(call, &error);
  if (!body) return error;
  Fields fields(*body);
  fields.Allow({"text"});
  auto text = fields.Text("text", true, 0);
  if (!fields.ok()) return Fail(400, fields.error());
  Database& db = call.env.db;
  Response response;
  call.Write([&] {
    auto event = LoadEvent(db, *id);
    if (!event) {
      response = Fail(404, "event does not exist");
      return;
    }
    std::vector<const ApiUpdate*> updates = VisibleUpdates(*event);
    if (index >= updates.size()) {
      response = Fail(404, "update does not exist");
      return;
    }
    const ApiUpdate& update = *updates[index];
    SetUpdateText(db, update.id, *text);
    response =
        JsonResponse(200, {{"id", index},
                           {"status", update.status},
                           {"text", *text},
                           {"timestamp", FormatRfc3339(update.timestamp)}});
  });
  return response;
}

}  // namespace sdb
