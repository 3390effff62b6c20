// API v2: see v2.h. What the handlers share, the event's JSON shape and
// the route table; the handlers are in v2_components.cc, v2_events.cc and
// v2_availability.cc. Section 2 of the contract; where the Go server has
// a bug the contract names, this does the correct thing.
#include "api/v2.h"

#include <algorithm>
#include <map>
#include <set>

#include "api/v2_handlers.h"
#include "base/rfc3339.h"

namespace sdb {
namespace {

using Auth = ApiRoute::Auth;

std::string DescriptionOf(const ApiEvent& event) {
  if (event.description && !event.description->empty()) {
    return *event.description;
  }
  for (auto it = event.updates.rbegin(); it != event.updates.rend(); ++it) {
    if (it->status == "description") return it->text;
  }
  return "";
}

}  // namespace

namespace v2 {

Response Fail(int status, const std::string& message) {
  return ApiError(ApiDialect::kV2, status, message);
}

size_t Utf8Length(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xc0) != 0x80;
  return n;
}

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

void Fields::Allow(std::initializer_list<const char*> names) {
  for (const auto& [key, value] : body_.items()) {
    bool known = false;
    for (const char* name : names) known = known || key == name;
    if (!known) Fail("unknown field \"" + key + "\"");
  }
}

bool Fields::Has(const char* name) const {
  auto it = body_.find(name);
  return it != body_.end() && !it->is_null();
}

std::optional<std::string> Fields::Text(const char* name, bool required,
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

std::optional<long long> Fields::Integer(const char* name, bool required) {
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

std::optional<bool> Fields::Bool(const char* name) {
  auto it = body_.find(name);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    Fail("field \"" + std::string(name) + "\" must be true or false");
    return std::nullopt;
  }
  return it->get<bool>();
}

std::optional<std::string> Fields::Time(const char* name, bool required) {
  auto text = Text(name, required, 0);
  if (!text) return std::nullopt;
  auto time = ParseRfc3339(*text);
  if (!time) {
    Fail("field \"" + std::string(name) +
         "\" must be an RFC 3339 time such as 2026-01-29T10:29:59Z");
  }
  return time;
}

std::optional<std::vector<int64_t>> Fields::Ids(const char* name,
                                                bool required) {
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

std::vector<const ApiUpdate*> VisibleUpdates(const ApiEvent& event) {
  std::vector<const ApiUpdate*> updates;
  for (const ApiUpdate& update : event.updates) {
    if (update.status != "description") updates.push_back(&update);
  }
  return updates;
}

}  // namespace v2

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
  for (const ApiUpdate* update : v2::VisibleUpdates(event)) {
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
  routes.push_back({"GET", "/v2/components", V2GetComponents, Auth::kPublic});
  routes.push_back({"POST", "/v2/components", V2PostComponent, Auth::kBearer});
  routes.push_back(
      {"GET", "/v2/components/{id}", V2GetComponent, Auth::kPublic});
  routes.push_back({"GET", "/v2/events", V2GetEvents, Auth::kPublic});
  routes.push_back({"POST", "/v2/events", V2PostEvent, Auth::kBearer});
  routes.push_back({"GET", "/v2/events/{id}", V2GetEvent, Auth::kPublic});
  routes.push_back({"PATCH", "/v2/events/{id}", V2PatchEvent, Auth::kBearer});
  routes.push_back(
      {"POST", "/v2/events/{id}/extract", V2ExtractEvent, Auth::kBearer});
  routes.push_back({"PATCH", "/v2/events/{id}/updates/{index}", V2PatchUpdate,
                    Auth::kBearer});
  // Deprecated aliases of the Go server.
  routes.push_back(
      {"GET", "/v2/incidents", V2GetIncidentsDeprecated, Auth::kPublic});
  routes.push_back({"POST", "/v2/incidents", V2PostEvent, Auth::kBearer});
  routes.push_back({"GET", "/v2/incidents/{id}", V2GetEvent, Auth::kPublic});
  routes.push_back(
      {"PATCH", "/v2/incidents/{id}", V2PatchEvent, Auth::kBearer});
  routes.push_back(
      {"POST", "/v2/incidents/{id}/extract", V2ExtractEvent, Auth::kBearer});
  routes.push_back({"PATCH", "/v2/incidents/{id}/updates/{index}",
                    V2PatchUpdate, Auth::kBearer});
  routes.push_back(
      {"GET", "/v2/availability", V2GetAvailability, Auth::kPublic});
}

}  // namespace sdb
