// API v2 components: GET /v2/components, GET /v2/components/{id} and
// POST /v2/components (see v2_handlers.h).
#include <set>

#include "api/v2.h"
#include "api/v2_handlers.h"
#include "store/event_writes.h"
#include "store/model.h"
#include "store/status_report.h"

namespace sdb {

using v2::Fail;
using v2::Fields;
using v2::ParseId;
using v2::ReadObject;
using v2::Utf8Length;

namespace {

Json ComponentJson(const Component& component) {
  Json attributes = Json::array();
  for (const auto& [name, value] : component.attributes) {
    attributes.push_back({{"name", name}, {"value", value}});
  }
  return {{"id", component.id},
          {"name", component.name},
          {"attributes", attributes}};
}

}  // namespace

// GET /v2/components
// 200 a bare array of {id, name, attributes: [{name, value}]}.
Response V2GetComponents(ApiCall& call) {
  Json result = Json::array();
  for (const Component& component : Model(call.env.db).Components()) {
    result.push_back(ComponentJson(component));
  }
  return JsonResponse(200, result);
}

// GET /v2/components/{id}
// 200 the component; 400 id not a number; 404 no such component.
Response V2GetComponent(ApiCall& call) {
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
Response V2PostComponent(ApiCall& call) {
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

}  // namespace sdb
