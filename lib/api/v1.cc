// API v1: see v1.h. The shapes follow the seed's marshmallow schemas;
// keys come out sorted, as Flask's JSON provider writes them.
#include "api/v1.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "store/model.h"
#include "store/status_report.h"

namespace sdb {
namespace {

constexpr char kMissing[] = "Missing data for required field.";
constexpr char kNotNull[] = "Field may not be null.";
constexpr char kUnknown[] = "Unknown field.";
constexpr char kBadType[] = "Invalid input type.";
constexpr size_t kMaxTitle = 200;

// "YYYY-MM-DD HH:MM" from database time.
Json Minutes(const std::optional<std::string>& db_time) {
  if (!db_time) return nullptr;
  return db_time->substr(0, 16);
}

size_t Utf8Length(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xc0) != 0x80;
  return n;
}

// A marshmallow String: the value, or the error message.
std::optional<std::string> StringField(const Json& value, Json* error) {
  if (value.is_null()) {
    *error = Json::array({kNotNull});
  } else if (!value.is_string()) {
    *error = Json::array({"Not a valid string."});
  } else {
    return value.get<std::string>();
  }
  return std::nullopt;
}

// A marshmallow Integer (not strict): integers, integral floats and
// strings of digits; not booleans. Values beyond the 64-bit range are
// clamped (they are refused later as impacts).
std::optional<long long> IntegerField(const Json& value, Json* error) {
  constexpr auto kMax = std::numeric_limits<long long>::max();
  if (value.is_null()) {
    *error = Json::array({kNotNull});
    return std::nullopt;
  }
  if (value.is_number_unsigned()) {
    auto n = value.get<unsigned long long>();
    return n > static_cast<unsigned long long>(kMax)
               ? kMax
               : static_cast<long long>(n);
  }
  if (value.is_number_integer()) return value.get<long long>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    // The range first: converting a double beyond long long is undefined.
    if (d > -1e18 && d < 1e18 &&
        d == static_cast<double>(static_cast<long long>(d))) {
      return static_cast<long long>(d);
    }
  }
  if (value.is_string()) {
    std::string s = value.get<std::string>();
    size_t begin = s.find_first_not_of(" \t\n\r");
    size_t end = s.find_last_not_of(" \t\n\r");
    if (begin != std::string::npos) {
      s = s.substr(begin, end - begin + 1);
      size_t digits = (s[0] == '-' || s[0] == '+') ? 1 : 0;
      if (s.size() > digits && s.size() - digits <= 18 &&
          s.find_first_not_of("0123456789", digits) == std::string::npos) {
        return std::stoll(s);
      }
    }
  }
  *error = Json::array({"Not a valid integer."});
  return std::nullopt;
}

// A database time as Minutes() writes it, appended as JSON.
void AppendMinutes(std::string& out, std::string_view db_time) {
  AppendJsonString(out, db_time.substr(0, 16));
}

void AppendMinutesOrNull(std::string& out,
                         const std::optional<std::string>& db_time) {
  if (db_time) {
    AppendMinutes(out, *db_time);
  } else {
    out += "null";
  }
}

// V1Incident(event) as JsonResponse writes it, without the Json tree: the
// keys in the order Json sorts them.
void AppendV1Incident(std::string& out, const ApiEvent& event) {
  out += "{\"end_date\":";
  AppendMinutesOrNull(out, event.end_date);
  out += ",\"id\":";
  out += std::to_string(event.id);
  out += ",\"impact\":";
  out += std::to_string(event.impact);
  out += ",\"start_date\":";
  AppendMinutes(out, event.start_date);
  out += ",\"text\":";
  AppendJsonString(out, event.title);
  out += ",\"updates\":[";
  for (auto it = event.updates.rbegin(); it != event.updates.rend(); ++it) {
    if (it != event.updates.rbegin()) out += ',';
    out += "{\"status\":";
    AppendJsonString(out, it->status);
    out += ",\"text\":";
    AppendJsonString(out, it->text);
    out += ",\"timestamp\":";
    AppendMinutes(out, it->timestamp);
    out += '}';
  }
  out += "]}";
}

// A component as the seed writes it, in two parts around its incidents:
// {"attributes":[...],"id":N,"incidents":[  and  ],"name":"..."}.
std::pair<std::string, std::string> V1ComponentText(
    const Component& component) {
  std::string head = "{\"attributes\":[";
  for (size_t i = 0; i < component.attributes.size(); ++i) {
    const auto& [name, value] = component.attributes[i];
    head += i ? ",{\"name\":" : "{\"name\":";
    AppendJsonString(head, name);
    head += ",\"value\":";
    AppendJsonString(head, value);
    head += '}';
  }
  head += "],\"id\":" + std::to_string(component.id) + ",\"incidents\":[";
  std::string tail = "],\"name\":";
  AppendJsonString(tail, component.name);
  tail += '}';
  return {std::move(head), std::move(tail)};
}

Response Conflict(Database& db, int64_t incident_id, int64_t component_id) {
  auto incident = LoadEvent(db, incident_id);
  return JsonResponse(
      409, {{"details", "Check your request parameters"},
            {"existingIncidentId", incident_id},
            {"existingIncidentTitle", incident ? incident->title : ""},
            {"message", "Incident with this the component already exists"},
            {"targetComponent",
             ComponentLabel(db, component_id, ReportRules::kV1)}});
}

}  // namespace

Json ValidateV1Report(const Json& body, V1Report* report) {
  Json errors = Json::object();
  if (!body.is_object()) {
    errors["_schema"] = Json::array({kBadType});
    return errors;
  }
  for (const char* field : {"name", "impact"}) {
    if (!body.contains(field)) errors[field] = Json::array({kMissing});
  }
  for (const auto& [key, value] : body.items()) {
    Json error;
    if (key == "name") {
      if (auto s = StringField(value, &error)) report->name = *s;
    } else if (key == "impact") {
      if (auto n = IntegerField(value, &error)) report->impact = *n;
    } else if (key == "text") {
      if (auto s = StringField(value, &error)) {
        if (Utf8Length(*s) > kMaxTitle) {
          error = Json::array({"Longer than maximum length 200."});
        } else if (!s->empty()) {
          report->text = *s;
        }
      }
    } else if (key == "attributes") {
      if (value.is_null()) {
        error = Json::array({kNotNull});
      } else if (!value.is_array()) {
        error = Json::array({"Not a valid list."});
      } else {
        Json items = Json::object();
        std::vector<std::pair<std::string, std::string>> attributes;
        for (size_t i = 0; i < value.size(); ++i) {
          const Json& item = value[i];
          Json item_errors = Json::object();
          if (!item.is_object()) {
            item_errors["_schema"] = Json::array({kBadType});
          } else {
            std::string pair[2];
            const char* names[2] = {"name", "value"};
            for (int k = 0; k < 2; ++k) {
              auto it = item.find(names[k]);
              Json field_error;
              if (it == item.end()) {
                field_error = Json::array({kMissing});
              } else if (auto s = StringField(*it, &field_error)) {
                pair[k] = *s;
              }
              if (!field_error.is_null()) item_errors[names[k]] = field_error;
            }
            for (const auto& [item_key, unused] : item.items()) {
              if (item_key != "name" && item_key != "value") {
                item_errors[item_key] = Json::array({kUnknown});
              }
            }
            if (item_errors.empty()) attributes.emplace_back(pair[0], pair[1]);
          }
          if (!item_errors.empty()) items[std::to_string(i)] = item_errors;
        }
        if (items.empty()) {
          // Folded into a dict by the seed: the last duplicate wins.
          report->attributes.clear();
          for (const auto& [name, val] : attributes) {
            // A named copy for the lambda: clang 14 cannot capture a
            // structured binding (C++20's P1091, clang 16).
            const std::string& wanted = name;
            auto same = std::find_if(
                report->attributes.begin(), report->attributes.end(),
                [&](const auto& a) { return a.first == wanted; });
            if (same != report->attributes.end()) {
              same->second = val;
            } else {
              report->attributes.emplace_back(name, val);
            }
          }
        } else {
          error = items;
        }
      }
    } else {
      error = Json::array({kUnknown});
    }
    if (!error.is_null()) errors[key] = error;
  }
  return errors;
}

Json V1Incident(const ApiEvent& event) {
  Json updates = Json::array();
  for (auto it = event.updates.rbegin(); it != event.updates.rend(); ++it) {
    updates.push_back({{"status", it->status},
                       {"text", it->text},
                       {"timestamp", Minutes(it->timestamp)}});
  }
  return {{"end_date", Minutes(event.end_date)},
          {"id", event.id},
          {"impact", event.impact},
          {"start_date", Minutes(event.start_date)},
          {"text", event.title},
          {"updates", std::move(updates)}};
}

// GET /api/v1/component_status, GET /v1/component_status
//   ?name=PREFIX                       components whose name starts so
//   ?name=N&attribute_name=A&attribute_value=V
//                                      the one component named N with A=V
// 200 an array of components, each with every incident it was ever in;
// 200 one object for the attribute form; 404 when that finds nothing.
Response V1GetComponentStatus(ApiCall& call) {
  // The body is the seed's JSON byte for byte, written as text: each event
  // serialised once and copied into each of its components (a Json tree of
  // every component's incidents took 8 s and 700 MB on 100,000 events).
  Database& db = call.env.db;
  std::string name = call.request.Param("name").value_or("");
  auto attribute_name = call.request.Param("attribute_name");
  auto attribute_value = call.request.Param("attribute_value");
  bool single = attribute_name && attribute_value;
  Transaction snapshot(db, Transaction::Kind::kDeferred);
  std::vector<Component> components = Model(db).Components();
  std::optional<int64_t> wanted;
  if (single) {
    wanted = FindComponent(db, name, {{*attribute_name, *attribute_value}});
  }
  std::erase_if(components, [&](const Component& component) {
    return single ? component.id != wanted : component.name.rfind(name, 0) != 0;
  });
  if (single && components.empty()) {
    return ApiError(ApiDialect::kV1, 404, "Component does not exist");
  }
  // Each event of the chosen components serialised once, into blocks that
  // never move (one string grown to 50 MB would copy itself on the way and
  // double the peak); per component, the texts of its events by event id.
  constexpr size_t kBlock = 4 << 20;
  std::deque<std::string> blocks;
  std::unordered_map<int64_t, std::vector<std::string_view>> incidents;
  for (const Component& component : components) incidents[component.id];
  std::string text;
  auto keep = [&](ApiEvent& event) {
    std::string_view kept;
    for (int64_t id : event.components) {
      auto it = incidents.find(id);
      if (it == incidents.end()) continue;
      if (kept.empty()) {
        text.clear();
        AppendV1Incident(text, event);
        if (blocks.empty() ||
            blocks.back().capacity() - blocks.back().size() < text.size()) {
          blocks.emplace_back().reserve(std::max(kBlock, text.size()));
        }
        blocks.back() += text;
        kept = std::string_view(blocks.back())
                   .substr(blocks.back().size() - text.size());
      }
      it->second.push_back(kept);
    }
  };
  ForEachEvent(db, keep, wanted);
  snapshot.Commit();

  std::vector<std::pair<std::string, std::string>> parts;
  size_t size = 2 + components.size();  // brackets, commas and the newline
  for (const Component& component : components) {
    parts.push_back(V1ComponentText(component));
    size += parts.back().first.size() + parts.back().second.size();
    for (std::string_view incident : incidents[component.id]) {
      size += incident.size() + 1;
    }
  }
  std::string body;
  body.reserve(size);
  if (!single) body += '[';
  for (size_t i = 0; i < components.size(); ++i) {
    if (i) body += ',';
    body += parts[i].first;
    const std::vector<std::string_view>& texts = incidents[components[i].id];
    for (size_t k = 0; k < texts.size(); ++k) {
      if (k) body += ',';
      body += texts[k];
    }
    body += parts[i].second;
  }
  if (!single) body += ']';
  return JsonTextResponse(200, std::move(body));
}

// POST /api/v1/component_status, POST /v1/component_status  (bearer token)
//   {"name": S, "impact": N, "text": S?, "attributes": [{"name", "value"}]?}
// 201 the incident that now holds the component (or the maintenance that
// does); 400 invalid JSON, impact outside 0..3, unknown component, or
// impact 0 outside a maintenance; 401 bad token; 409 already covered at an
// equal or higher impact; 422 schema violation (checked before the token).
Response V1PostComponentStatus(ApiCall& call) {
  Json body = Json::object();
  if (IsJsonContentType(call.request.content_type)) {
    auto parsed = ParseJsonBody(call.request.body);
    if (!parsed) {
      return JsonResponse(400, {{"code", 400},
                                {"errors", {{"json", {"Invalid JSON body."}}}},
                                {"status", "Bad Request"}});
    }
    body = std::move(*parsed);
  }
  V1Report report;
  Json errors = ValidateV1Report(body, &report);
  if (!errors.empty()) {
    return JsonResponse(422, {{"code", 422},
                              {"errors", {{"json", errors}}},
                              {"status", "Unprocessable Entity"}});
  }
  if (!call.Authenticate()) return Unauthorized(ApiDialect::kV1);
  if (report.impact < 0 || report.impact > 3) {
    return ApiError(ApiDialect::kV1, 400,
                    "Incident impact is not allowed by configuration");
  }
  Database& db = call.env.db;
  std::string now = call.env.DbNow();
  Response response;
  call.Write([&] {
    auto component = FindComponent(db, report.name, report.attributes);
    if (!component) {
      response = ApiError(ApiDialect::kV1, 400, "Component not found");
      return;
    }
    StatusReport status;
    status.component_id = *component;
    status.impact = static_cast<int>(report.impact);
    status.title = report.text;
    status.author = call.principal->author;
    ReportResult result =
        ReportComponentStatus(db, status, ReportRules::kV1, now);
    switch (result.outcome) {
      case ReportOutcome::kImpactZero:
        response = ApiError(ApiDialect::kV1, 400,
                            "Impact 0 (maintenance) is accepted only for a "
                            "component in an active maintenance");
        break;
      case ReportOutcome::kCovered:
        response = Conflict(db, result.incident_id, *component);
        break;
      default:
        response =
            JsonResponse(201, V1Incident(*LoadEvent(db, result.incident_id)));
    }
  });
  return response;
}

// GET /api/v1/incidents, GET /v1/incidents
// 200 every incident and maintenance, by id, with its updates.
Response V1GetIncidents(ApiCall& call) {
  // Written as text event by event, as V1GetComponentStatus does.
  std::string body = "[";
  Transaction snapshot(call.env.db, Transaction::Kind::kDeferred);
  ForEachEvent(call.env.db, [&](ApiEvent& event) {
    if (body.size() > 1) body += ',';
    AppendV1Incident(body, event);
  });
  snapshot.Commit();
  body += ']';
  return JsonTextResponse(200, std::move(body));
}

}  // namespace sdb
