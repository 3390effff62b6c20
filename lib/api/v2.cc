// API v2: see v2.h. Section 2 of the contract; where the Go server has
// a bug the contract names, this does the correct thing.
#include "api/v2.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <set>

#include "base/rfc3339.h"
#include "base/timeutil.h"
#include "store/component_outages.h"
#include "store/event_filter.h"
#include "store/event_writes.h"
#include "store/model.h"
#include "store/status_report.h"

namespace sdb {
namespace {

using Auth = ApiRoute::Auth;
constexpr ApiDialect kV2 = ApiDialect::kV2;
constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxDescription = 1500;
constexpr char kSystemDescription[] =
    "System-wide incident affecting multiple components. Created "
    "automatically.";
constexpr char kFilterError[] =
    "filter query parameter has an invalid format or value";

Response Fail(int status, const std::string& message) {
  return ApiError(kV2, status, message);
}

size_t Utf8Length(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xc0) != 0x80;
  return n;
}

// A positive decimal id, or nullopt.
std::optional<int64_t> ParseId(const std::string& text) {
  if (text.empty() || text.size() > 15 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  int64_t id = std::stoll(text);
  if (id <= 0) return std::nullopt;
  return id;
}

bool IsType(const std::string& type) {
  return type == "incident" || type == "maintenance" || type == "info";
}

bool ImpactFits(const std::string& type, long long impact) {
  return type == "incident" ? impact >= 1 && impact <= 3 : impact == 0;
}

constexpr char kImpactRule[] =
    "impact must be 0 for type 'maintenance' or 'info' and gt 0 for "
    "'incident'";

// The fields of a JSON object body, checked one by one; the first problem
// is kept, naming its field.
class Fields {
 public:
  explicit Fields(const Json& body) : body_(body) {}

  const std::string& error() const { return error_; }
  bool ok() const { return error_.empty(); }
  void Fail(const std::string& message) {
    if (error_.empty()) error_ = message;
  }

  void Allow(std::initializer_list<const char*> names) {
    for (const auto& [key, value] : body_.items()) {
      bool known = false;
      for (const char* name : names) known = known || key == name;
      if (!known) Fail("unknown field \"" + key + "\"");
    }
  }
  bool Has(const char* name) const {
    auto it = body_.find(name);
    return it != body_.end() && !it->is_null();
  }
  std::optional<std::string> Text(const char* name, bool required,
                                  size_t max_length) {
    auto it = body_.find(name);
    if (it == body_.end() || it->is_null()) {
      if (required) Fail("field \"" + std::string(name) + "\" is required");
      return std::nullopt;
    }
    if (!it->is_string()) {
      Fail("field \"" + std::string(name) + "\" must be a string");
      return std::nullopt;
    }
    std::string value = it->get<std::string>();
    if (required && value.empty()) {
      Fail("field \"" + std::string(name) + "\" must not be empty");
      return std::nullopt;
    }
    if (max_length && Utf8Length(value) > max_length) {
      Fail("field \"" + std::string(name) + "\" is longer than " +
           std::to_string(max_length) + " characters");
      return std::nullopt;
    }
    return value;
  }
  std::optional<long long> Integer(const char* name, bool required) {
    auto it = body_.find(name);
    if (it == body_.end() || it->is_null()) {
      if (required) Fail("field \"" + std::string(name) + "\" is required");
      return std::nullopt;
    }
    if (!it->is_number_integer() && !it->is_number_unsigned()) {
      Fail("field \"" + std::string(name) + "\" must be an integer");
      return std::nullopt;
    }
    if (it->is_number_unsigned() &&
        it->get<unsigned long long>() > 1000000000000ULL) {
      return 1000000000000LL;
    }
    return it->get<long long>();
  }
  std::optional<bool> Bool(const char* name) {
    auto it = body_.find(name);
    if (it == body_.end() || it->is_null()) return std::nullopt;
    if (!it->is_boolean()) {
      Fail("field \"" + std::string(name) + "\" must be true or false");
      return std::nullopt;
    }
    return it->get<bool>();
  }
  // An RFC 3339 time, as database time.
  std::optional<std::string> Time(const char* name, bool required) {
    auto text = Text(name, required, 0);
    if (!text) return std::nullopt;
    auto time = ParseRfc3339(*text);
    if (!time) {
      Fail("field \"" + std::string(name) +
           "\" must be an RFC 3339 time such as 2026-01-29T10:29:59Z");
    }
    return time;
  }
  std::optional<std::vector<int64_t>> Ids(const char* name, bool required) {
    auto it = body_.find(name);
    if (it == body_.end() || it->is_null()) {
      if (required) Fail("field \"" + std::string(name) + "\" is required");
      return std::nullopt;
    }
    std::string what = "field \"" + std::string(name) +
                       "\" must be a non-empty list of component ids";
    if (!it->is_array() || it->empty()) {
      Fail(what);
      return std::nullopt;
    }
    std::vector<int64_t> ids;
    for (const Json& item : *it) {
      if (!item.is_number_unsigned() && !item.is_number_integer()) {
        Fail(what);
        return std::nullopt;
      }
      long long id = item.get<long long>();
      if (id <= 0) {
        Fail(what);
        return std::nullopt;
      }
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        ids.push_back(id);
      }
    }
    return ids;
  }

 private:
  const Json& body_;
  std::string error_;
};

// The body as a JSON object, or the 400 to answer.
std::optional<Json> ReadObject(const ApiCall& call, Response* error) {
  auto body = ParseJsonBody(call.request.body);
  if (!body) {
    *error = Fail(400, "the request body is not valid JSON");
    return std::nullopt;
  }
  if (!body->is_object()) {
    *error = Fail(400, "the request body must be a JSON object");
    return std::nullopt;
  }
  return body;
}

Json ComponentJson(const Component& component) {
  Json attributes = Json::array();
  for (const auto& [name, value] : component.attributes) {
    attributes.push_back({{"name", name}, {"value", value}});
  }
  return {{"id", component.id},
          {"name", component.name},
          {"attributes", attributes}};
}

// The updates a v2 client sees: maintenance descriptions of seed data
// are not among them.
std::vector<const ApiUpdate*> VisibleUpdates(const ApiEvent& event) {
  std::vector<const ApiUpdate*> updates;
  for (const ApiUpdate& update : event.updates) {
    if (update.status != "description") updates.push_back(&update);
  }
  return updates;
}

std::string DescriptionOf(const ApiEvent& event) {
  if (event.description && !event.description->empty()) {
    return *event.description;
  }
  for (auto it = event.updates.rbegin(); it != event.updates.rend(); ++it) {
    if (it->status == "description") return it->text;
  }
  return "";
}

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

// ---------------------------------------------------------------- handlers

// GET /v2/components
// 200 a bare array of {id, name, attributes: [{name, value}]}.
Response GetComponents(ApiCall& call) {
  Json result = Json::array();
  for (const Component& component : Model(call.env.db).Components()) {
    result.push_back(ComponentJson(component));
  }
  return JsonResponse(200, result);
}

// GET /v2/components/{id}
// 200 the component; 400 id not a number; 404 no such component.
Response GetComponent(ApiCall& call) {
  auto id = ParseId(call.args[0]);
  if (!id) return Fail(400, "component invalid format");
  for (const Component& component : Model(call.env.db).Components()) {
    if (component.id == *id) return JsonResponse(200, ComponentJson(component));
  }
  return Fail(404, "component does not exist");
}

// POST /v2/components  (bearer token)
//   {"name": S, "attrs": [{"name": "type"|"region"|"category", "value": S}]}
//   with each of the three attributes exactly once
// 201 {id, name, attributes}; 400 invalid body or the name already exists
// in that region.
Response PostComponent(ApiCall& call) {
  Response error;
  auto body = ReadObject(call, &error);
  if (!body) return error;
  Fields fields(*body);
  fields.Allow({"name", "attrs"});
  auto name = fields.Text("name", true, 200);
  std::vector<std::pair<std::string, std::string>> attributes;
  auto attrs = body->find("attrs");
  if (fields.ok() && (attrs == body->end() || !attrs->is_array())) {
    fields.Fail("field \"attrs\" must be a list of {name, value}");
  }
  if (fields.ok()) {
    for (const Json& item : *attrs) {
      if (!item.is_object() || item.size() != 2 || !item.contains("name") ||
          !item.contains("value") || !item["name"].is_string() ||
          !item["value"].is_string()) {
        fields.Fail(
            "field \"attrs\" must be a list of {\"name\": string, \"value\": "
            "string}");
        break;
      }
      std::string value = item["value"].get<std::string>();
      if (value.empty() || Utf8Length(value) > 50) {
        fields.Fail("attribute values must have 1 to 50 characters");
        break;
      }
      attributes.emplace_back(item["name"].get<std::string>(), value);
    }
  }
  if (fields.ok()) {
    std::multiset<std::string> names;
    for (const auto& [key, value] : attributes) names.insert(key);
    if (attributes.size() != 3 || names.count("type") != 1 ||
        names.count("region") != 1 || names.count("category") != 1) {
      fields.Fail(
          "field \"attrs\" must hold exactly the attributes type, region and "
          "category, each once");
    }
  }
  if (!fields.ok()) return Fail(400, fields.error());
  std::string region;
  for (const auto& [key, value] : attributes) {
    if (key == "region") region = value;
  }
  Database& db = call.env.db;
  Response response;
  call.Write([&] {
    if (FindComponent(db, *name, {{"region", region}})) {
      response = Fail(400, "component already exists");
      return;
    }
    int64_t id = CreateComponent(db, *name, attributes);
    response = JsonResponse(201, ComponentJson({id, *name, attributes}));
  });
  return response;
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

// GET /v2/events
//   ?type=incident,maintenance,info  ?active=true  ?status=S
//   ?start_date=T (start at or after)  ?end_date=T (end at or before)
//   ?impact=0..3  ?system=true|false  ?components=1,2 (any of)
//   ?page=N (from 1)  ?limit=10|20|50 (default 50)
// 200 {"data": [...], "pagination": {pageIndex, recordsPerPage,
// totalRecords, totalPages}}, newest start first; {"data": []} without
// pagination when nothing matches; 400 an invalid filter.
Response GetEvents(ApiCall& call) {
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
Response GetIncidentsDeprecated(ApiCall& call) {
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
Response GetEvent(ApiCall& call) {
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
Response PostEvent(ApiCall& call) {
  Response error;
  auto body = ReadObject(call, &error);
  if (!body) return error;
  Fields fields(*body);
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
    const Json& updates = (*body)["updates"];
    if (!updates.is_array() || !updates.empty()) {
      fields.Fail("field \"updates\" must be empty");
    }
  }
  if (!fields.ok()) return Fail(400, fields.error());
  if (!IsType(*type)) {
    return Fail(400,
                "field \"type\" must be one of incident, maintenance, info");
  }
  if (!ImpactFits(*type, *impact)) return Fail(400, kImpactRule);
  if (system && *type != "incident") {
    return Fail(400, "system incident must be of type 'incident'");
  }
  std::string now = call.env.DbNow();
  if (*type == "incident") {
    if (end) return Fail(400, "an incident must not have an end_date");
    if (*start > now) {
      return Fail(400, "an incident must not start in the future");
    }
  } else if (!end) {
    return Fail(400, "a " + *type + " needs an end_date");
  }
  if (end && *end < *start) return Fail(400, "end_date is before start_date");

  Database& db = call.env.db;
  const std::string& author = call.principal->author;
  Response response;
  call.Write([&] {
    for (int64_t id : *components) {
      if (!ComponentExists(db, id)) {
        response = Fail(400, "component does not exist, component_id: " +
                                 std::to_string(id));
        return;
      }
    }
    Json result = Json::array();
    if (system) {
      for (int64_t id : *components) {
        StatusReport report;
        report.component_id = id;
        report.impact = static_cast<int>(*impact);
        report.title = *title;
        report.description = description && !description->empty()
                                 ? *description
                                 : kSystemDescription;
        report.start_date = *start;
        report.author = author;
        ReportResult outcome =
            ReportComponentStatus(db, report, ReportRules::kV2, now);
        Json entry = {{"component_id", id},
                      {"incident_id", outcome.incident_id}};
        if (outcome.outcome == ReportOutcome::kInMaintenance) {
          entry["error"] = "event creation failed, component in maintenance";
        }
        result.push_back(entry);
      }
    } else {
      std::string status = *type == "incident" ? "detected" : "planned";
      int64_t created = InsertEvent(
          db,
          {*title,
           description && !description->empty() ? description
                                                : std::optional<std::string>(),
           static_cast<int64_t>(*impact), *start, end, *type, status});
      const char* first_text = *type == "incident" ? "The incident is detected."
                               : *type == "maintenance"
                                   ? "Maintenance is planned."
                                   : "The informational notification is "
                                     "planned.";
      AddUpdate(db, created, status, first_text, author,
                *start <= now ? *start : now);
      for (int64_t id : *components) {
        if (*type == "incident") {
          // Out of every other open incident (not maintenances or info).
          for (const IncidentTitle& other :
               OpenIncidentsWith(db, id, created)) {
            MoveComponent(db, id, other.id, other.title, created, *title,
                          author, now);
          }
        }
        LinkComponent(db, created, id);
        result.push_back({{"component_id", id}, {"incident_id", created}});
      }
    }
    response = JsonResponse(200, {{"result", result}});
  });
  return response;
}

// PATCH /v2/events/{id}  (bearer token)
//   {"message", "status", "update_date", "title"?, "description"?,
//    "impact"?, "start_date"?, "end_date"?, "type"?}
// 200 the event with the new update; 400 invalid body or a transition the
// event's type does not allow; 404 no such event.
Response PatchEvent(ApiCall& call) {
  auto id = ParseId(call.args[0]);
  if (!id) return Fail(400, "event invalid format");
  Response error;
  auto body = ReadObject(call, &error);
  if (!body) return error;
  Fields fields(*body);
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
  if (!fields.ok()) return Fail(400, fields.error());

  Database& db = call.env.db;
  const std::string& author = call.principal->author;
  Response response;
  call.Write([&] {
    auto event = LoadEvent(db, *id);
    if (!event) {
      response = Fail(404, "event does not exist");
      return;
    }
    std::string new_type = type.value_or(event->type);
    long long new_impact = impact.value_or(event->impact);
    if (!IsType(new_type)) {
      response = Fail(
          400, "field \"type\" must be one of incident, maintenance, info");
      return;
    }
    if (!ImpactFits(new_type, new_impact)) {
      response = Fail(400, kImpactRule);
      return;
    }
    bool closed = event->end_date.has_value();
    bool incident = new_type == "incident";
    if (!V2StatusAllowed(new_type, *status, incident && closed)) {
      response = Fail(400, "status '" + *status + "' is not allowed for " +
                               (incident && closed ? "a closed incident"
                                                   : "a " + new_type));
      return;
    }
    if (incident && new_impact != event->impact &&
        *status != "impact changed") {
      response =
          Fail(400, "an impact change needs the status 'impact changed'");
      return;
    }
    std::string new_start = start.value_or(event->start_date);
    std::optional<std::string> new_end = event->end_date;
    if (incident) {
      bool dates = (start && *start != event->start_date) ||
                   (end && end != event->end_date);
      if (closed && dates && *status != "changed") {
        response = Fail(400,
                        "the dates of a closed incident change only with the "
                        "status 'changed'");
        return;
      }
      if (!closed && dates) {
        response = Fail(400,
                        "an open incident's start_date cannot change and its "
                        "end_date comes from the status 'resolved'");
        return;
      }
      if (end) new_end = end;
      if (*status == "resolved") new_end = *update_date;
      if (*status == "reopened") new_end.reset();
    } else {
      if (end) new_end = end;
      if (!new_end) {
        response = Fail(400, "a " + new_type + " needs an end_date");
        return;
      }
    }
    if (new_end && *new_end < new_start) {
      response = Fail(400, "end_date is before start_date");
      return;
    }
    UpdateEventFields(
        db, *id,
        {title.value_or(event->title),
         description ? (description->empty() ? std::optional<std::string>()
                                             : description)
                     : event->description,
         static_cast<int64_t>(new_impact), new_start, new_end, new_type,
         *status});
    AddUpdate(db, *id, *status, *message, author, *update_date);
    response = JsonResponse(200, V2Event(*LoadEvent(db, *id)));
  });
  return response;
}

// POST /v2/events/{id}/extract  (bearer token)
//   {"components": [ids]}: components of the event to move out
// 200 the new incident (same impact, title, description, type); 400
// invalid body, a component not in the event, none left behind, or the
// event is not an open incident; 404 no such event.
Response ExtractEvent(ApiCall& call) {
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
Response PatchUpdate(ApiCall& call) {
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

// Seconds of [from, to) covered by the union of `intervals`.
long long Covered(std::vector<std::pair<long long, long long>> intervals,
                  long long from, long long to) {
  std::sort(intervals.begin(), intervals.end());
  long long total = 0, reach = from;
  for (auto [start, end] : intervals) {
    start = std::max(start, reach);
    end = std::min(end, to);
    if (end > start) {
      total += end - start;
      reach = end;
    }
  }
  return total;
}

// GET /v2/availability
// 200 {"data": [{id, name, region, availability: [{year, month,
// percentage}]}]}: the current month and the 11 before, newest first;
// only closed outages (impact 3) count; null for a component that was
// never in any event.
Response GetAvailability(ApiCall& call) {
  Database& db = call.env.db;
  Transaction snapshot(db, Transaction::Kind::kDeferred);
  std::vector<Component> components = Model(db).Components();
  std::set<int64_t> ever = ComponentsEverInEvents(db);
  std::map<int64_t, std::vector<std::pair<long long, long long>>> outages;
  for (const ClosedOutage& outage : ListClosedOutages(db)) {
    auto start = ParseDbTime(outage.start_date);
    auto end = ParseDbTime(outage.end_date);
    if (start && end) outages[outage.component_id].emplace_back(*start, *end);
  }
  snapshot.Commit();
  // The 12 months, newest first: {year, month, first second, end}.
  struct Month {
    int year, month;
    long long from, to;
  };
  std::vector<Month> months;
  std::string now = call.env.DbNow();
  int year = std::stoi(now.substr(0, 4)), month = std::stoi(now.substr(5, 2));
  for (int i = 0; i < 12; ++i) {
    char first[40], next[40];
    int next_year = month == 12 ? year + 1 : year;
    int next_month = month == 12 ? 1 : month + 1;
    std::snprintf(first, sizeof first, "%04d-%02d-01 00:00:00", year, month);
    std::snprintf(next, sizeof next, "%04d-%02d-01 00:00:00", next_year,
                  next_month);
    months.push_back({year, month, ParseDbTime(first).value_or(0),
                      ParseDbTime(next).value_or(0)});
    if (--month == 0) {
      month = 12;
      --year;
    }
  }
  Json data = Json::array();
  for (const Component& component : components) {
    Json availability = nullptr;
    if (ever.count(component.id)) {
      availability = Json::array();
      for (const Month& m : months) {
        double hours = (m.to - m.from) / 3600.0;
        double down = Covered(outages[component.id], m.from, m.to) / 3600.0;
        double percentage =
            std::round((100.0 - down / hours * 100.0) * 100000.0) / 100000.0;
        availability.push_back(
            {{"year", m.year}, {"month", m.month}, {"percentage", percentage}});
      }
    }
    data.push_back({{"id", component.id},
                    {"name", component.name},
                    {"region", component.Attribute("region")},
                    {"availability", availability}});
  }
  return JsonResponse(200, {{"data", data}});
}

}  // namespace

bool V2StatusAllowed(const std::string& type, const std::string& status,
                     bool closed) {
  static const std::map<std::string, std::set<std::string>> kOpen = {
      {"incident",
       {"detected", "analysing", "analyzing", "fixing", "impact changed",
        "observing", "resolved"}},
      {"maintenance",
       {"planned", "in progress", "modified", "completed", "cancelled"}},
      {"info", {"planned", "active", "completed", "cancelled"}},
  };
  if (type == "incident" && closed) {
    return status == "reopened" || status == "changed";
  }
  auto it = kOpen.find(type);
  return it != kOpen.end() && it->second.count(status);
}

Json V2Event(const ApiEvent& event) {
  Json updates = Json::array();
  size_t index = 0;
  for (const ApiUpdate* update : VisibleUpdates(event)) {
    updates.push_back({{"id", index++},
                       {"status", update->status},
                       {"text", update->text},
                       {"timestamp", FormatRfc3339(update->timestamp)}});
  }
  // Moved in: a braced list copies what it is given by name.
  Json result = {{"id", event.id},
                 {"title", event.title},
                 {"impact", event.impact},
                 {"components", event.components},
                 {"start_date", FormatRfc3339(event.start_date)},
                 {"system", event.system},
                 {"type", event.type},
                 {"updates", std::move(updates)}};
  std::string description = DescriptionOf(event);
  if (!description.empty()) result["description"] = description;
  if (event.end_date) result["end_date"] = FormatRfc3339(*event.end_date);
  if (event.status && !event.status->empty()) result["status"] = *event.status;
  return result;
}

void AddV2Routes(std::vector<ApiRoute>& routes) {
  routes.push_back({"GET", "/v2/components", GetComponents, Auth::kPublic});
  routes.push_back({"POST", "/v2/components", PostComponent, Auth::kBearer});
  routes.push_back({"GET", "/v2/components/{id}", GetComponent, Auth::kPublic});
  routes.push_back({"GET", "/v2/events", GetEvents, Auth::kPublic});
  routes.push_back({"POST", "/v2/events", PostEvent, Auth::kBearer});
  routes.push_back({"GET", "/v2/events/{id}", GetEvent, Auth::kPublic});
  routes.push_back({"PATCH", "/v2/events/{id}", PatchEvent, Auth::kBearer});
  routes.push_back(
      {"POST", "/v2/events/{id}/extract", ExtractEvent, Auth::kBearer});
  routes.push_back(
      {"PATCH", "/v2/events/{id}/updates/{index}", PatchUpdate, Auth::kBearer});
  // Deprecated aliases of the Go server.
  routes.push_back(
      {"GET", "/v2/incidents", GetIncidentsDeprecated, Auth::kPublic});
  routes.push_back({"POST", "/v2/incidents", PostEvent, Auth::kBearer});
  routes.push_back({"GET", "/v2/incidents/{id}", GetEvent, Auth::kPublic});
  routes.push_back({"PATCH", "/v2/incidents/{id}", PatchEvent, Auth::kBearer});
  routes.push_back(
      {"POST", "/v2/incidents/{id}/extract", ExtractEvent, Auth::kBearer});
  routes.push_back({"PATCH", "/v2/incidents/{id}/updates/{index}", PatchUpdate,
                    Auth::kBearer});
  routes.push_back({"GET", "/v2/availability", GetAvailability, Auth::kPublic});
}

}  // namespace sdb
