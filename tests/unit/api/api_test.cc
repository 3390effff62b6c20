// Unit tests of the API plumbing: the dispatch table against the OpenAPI
// document (both ways), routing outcomes, the v1 body validation, the lists
// of every event against their Json trees, the v2 status rules, listing
// filters and totals, and RFC 3339 times. Behaviour end to end is in
// tests/integration/api_test.sh.
#include "api/api.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <set>
#include <string>
#include <tuple>

#include "api/openapi.h"
#include "api/v1.h"
#include "api/v2.h"
#include "base/config.h"
#include "base/log.h"
#include "base/rfc3339.h"
#include "store/model.h"

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(c));
  return s;
}

// A migrated in-memory database and what HandleApiRequest needs.
struct ApiFixture {
  ApiFixture() {
    sdb::Migrate(db);
    db.Exec("INSERT INTO component (id, name) VALUES (1, 'Compute')");
    config.secret_key = "dev";
  }
  sdb::Response Send(const std::string& method, const std::string& path,
                     const std::string& body = "") {
    sdb::Request request;
    request.method = method;
    request.path = path;
    request.body = body;
    request.content_type = "application/json";
    request.headers["authorization"] =
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdGFja21vbiI6ImR1bW15In0."
        "sGIFMtllH4yK0j3dNVG38EWB3PkeB57BR2vetuBhJl0";
    return sdb::HandleApiRequest(env, request);
  }
  std::string Header(const sdb::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }

  sdb::Database db{":memory:", sdb::Database::Mode::kReadWriteCreate};
  sdb::Config config;
  sdb::Logger log{"api_test", "error"};
  sdb::ApiEnv env{db, config, log, 1795892700};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(api)

BOOST_AUTO_TEST_CASE(every_dispatched_route_is_documented) {
  const sdb::Json& paths = sdb::OpenApiDocument().at("paths");
  for (const sdb::ApiRoute& route : sdb::ApiRoutes()) {
    BOOST_TEST((paths.contains(route.pattern) &&
                paths[route.pattern].contains(Lower(route.method))),
               route.method << " " << route.pattern << " is not documented");
  }
}

BOOST_AUTO_TEST_CASE(every_documented_route_is_dispatched) {
  std::set<std::string> dispatched;
  for (const sdb::ApiRoute& route : sdb::ApiRoutes()) {
    dispatched.insert(Lower(route.method) + " " + route.pattern);
  }
  size_t documented = 0;
  for (const auto& [path, item] : sdb::OpenApiDocument().at("paths").items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters" || method == "summary") continue;
      ++documented;
      BOOST_TEST(dispatched.count(method + " " + path) == 1u,
                 method << " " << path << " is documented but not dispatched");
    }
  }
  BOOST_TEST(documented == dispatched.size());
}

BOOST_AUTO_TEST_CASE(document_is_openapi_31_and_every_ref_resolves) {
  const sdb::Json& document = sdb::OpenApiDocument();
  BOOST_TEST(document.at("openapi").get<std::string>() == "3.1.0");
  BOOST_TEST(document.at("info").at("title").get<std::string>() ==
             "Status Dashboard API");
  // Every "$ref" names an existing "#/..." pointer.
  std::function<void(const sdb::Json&)> walk = [&](const sdb::Json& node) {
    if (node.is_object()) {
      if (auto it = node.find("$ref"); it != node.end()) {
        std::string ref = it->get<std::string>();
        BOOST_TEST_REQUIRE(ref.rfind("#/", 0) == 0u, ref);
        BOOST_TEST(document.contains(sdb::Json::json_pointer(ref.substr(1))),
                   ref << " does not resolve");
      }
      for (const auto& [key, value] : node.items()) walk(value);
    } else if (node.is_array()) {
      for (const auto& value : node) walk(value);
    }
  };
  walk(document);
  // Every authenticated route says so.
  const sdb::Json& paths = document.at("paths");
  for (const sdb::ApiRoute& route : sdb::ApiRoutes()) {
    bool secured =
        paths[route.pattern][Lower(route.method)].contains("security");
    BOOST_TEST(secured == (route.auth != sdb::ApiRoute::Auth::kPublic),
               route.method << " " << route.pattern);
  }
}

BOOST_AUTO_TEST_CASE(both_v1_prefixes_and_the_spec_paths_are_routed) {
  ApiFixture f;
  for (const char* path :
       {"/api/v1/component_status", "/v1/component_status", "/api/v1/incidents",
        "/v1/incidents", "/api-spec.json", "/openapi.json", "/v2/components",
        "/v2/events", "/v2/availability"}) {
    BOOST_TEST(f.Send("GET", path).status == 200, path);
    BOOST_TEST(f.Send("HEAD", path).status == 200, path);
  }
}

BOOST_AUTO_TEST_CASE(unknown_route_wrong_method_and_options) {
  ApiFixture f;
  struct Case {
    const char* method;
    const char* path;
    int status;
    const char* allow;
    const char* body;
  };
  const Case cases[] = {
      {"GET", "/v1/nothing", 404, "",
       R"({"code":404,"message":"The requested URL was not found on the server.","status":"Not Found"})"},
      {"GET", "/v2/nothing", 404, "", R"({"errMsg":"page not found"})"},
      {"GET", "/v1/incidents/", 404, "", nullptr},
      {"GET", "/v2/events/1/extract", 405, "POST, OPTIONS",
       R"({"errMsg":"method not allowed"})"},
      {"DELETE", "/v1/component_status", 405, "GET, HEAD, POST, OPTIONS",
       nullptr},
      {"PATCH", "/v2/events", 405, "GET, HEAD, POST, OPTIONS", nullptr},
      {"OPTIONS", "/v2/events/7", 204, "GET, HEAD, PATCH, OPTIONS", nullptr},
  };
  for (const Case& c : cases) {
    sdb::Response response = f.Send(c.method, c.path);
    BOOST_TEST(response.status == c.status, c.method << " " << c.path);
    BOOST_TEST(f.Header(response, "Allow") == c.allow, c.path);
    if (c.body) BOOST_TEST(response.body == std::string(c.body) + "\n");
    if (c.status != 204) {
      BOOST_TEST(response.content_type == "application/json");
    }
  }
}

BOOST_AUTO_TEST_CASE(refused_tokens_are_401_before_v2_handlers) {
  ApiFixture f;
  f.config.secret_key = "other";
  sdb::Response response = f.Send("POST", "/v2/events", "{}");
  BOOST_TEST(response.status == 401);
  BOOST_TEST(response.body == "{\"errMsg\":\"not authenticated\"}\n");
  BOOST_TEST(f.Header(response, "WWW-Authenticate").rfind("Bearer", 0) == 0u);
  // v1 validates the body first.
  BOOST_TEST(f.Send("POST", "/v1/component_status", "{}").status == 422);
  BOOST_TEST(
      f.Send("POST", "/v1/component_status", R"({"name":"Compute","impact":1})")
          .status == 401);
}

// Writes that change data are audited in their transaction; refused and
// no-op requests leave no row.
BOOST_AUTO_TEST_CASE(writes_are_audited_with_their_author) {
  ApiFixture f;
  auto audit_rows = [&] {
    sdb::Statement& q = f.db.Prepare(
        "SELECT count(*), coalesce(group_concat(author || ' ' || method || ' "
        "' || path || ' ' || changes, '|'), '') FROM api_audit");
    q.Step();
    std::string rows = std::to_string(q.Int(0)) + ":" + q.Text(1);
    q.Reset();
    return rows;
  };
  std::string body = R"({"name":"Compute","impact":2})";
  BOOST_TEST(f.Send("POST", "/v1/component_status", body).status == 201);
  BOOST_TEST(audit_rows() == "1:dummy POST /v1/component_status 2");
  BOOST_TEST(f.Send("POST", "/v1/component_status", body).status == 409);
  BOOST_TEST(f.Send("POST", "/v1/component_status", "{").status == 400);
  BOOST_TEST(audit_rows() == "1:dummy POST /v1/component_status 2");
}

BOOST_AUTO_TEST_CASE(v1_report_validation) {
  struct Case {
    const char* body;
    const char* errors;  // sorted compact JSON, "{}" when valid
  };
  const Case cases[] = {
      {R"({"name":"A","impact":2})", "{}"},
      {R"({"name":"A","impact":2.0,"text":"T","attributes":[]})", "{}"},
      {R"({"name":"A","impact":"2"})", "{}"},
      {R"({})",
       R"({"impact":["Missing data for required field."],"name":["Missing data for required field."]})"},
      {R"([])", R"({"_schema":["Invalid input type."]})"},
      {R"({"name":null,"impact":true})",
       R"({"impact":["Not a valid integer."],"name":["Field may not be null."]})"},
      {R"({"name":"A","impact":2.5})",
       R"({"impact":["Not a valid integer."]})"},
      // Floats beyond long long (the fuzzer's 18446744073709551616, which
      // nlohmann reads as a double): refused, not converted.
      {R"({"name":"A","impact":18446744073709551616})",
       R"({"impact":["Not a valid integer."]})"},
      {R"({"name":"A","impact":-1e300})",
       R"({"impact":["Not a valid integer."]})"},
      {R"({"name":"A","impact":1,"extra":1})",
       R"({"extra":["Unknown field."]})"},
      {R"({"name":"A","impact":1,"attributes":{}})",
       R"({"attributes":["Not a valid list."]})"},
      {R"({"name":"A","impact":1,"attributes":["x",{"name":"r","value":1,"k":2}]})",
       R"({"attributes":{"0":{"_schema":["Invalid input type."]},"1":{"k":["Unknown field."],"value":["Not a valid string."]}}})"},
      {R"({"name":"A","impact":1,"text":7})",
       R"({"text":["Not a valid string."]})"},
  };
  for (const Case& c : cases) {
    sdb::V1Report report;
    sdb::Json errors = sdb::ValidateV1Report(sdb::Json::parse(c.body), &report);
    BOOST_TEST(errors.dump() == c.errors, c.body);
  }
  sdb::V1Report report;
  sdb::ValidateV1Report(
      sdb::Json::parse(R"({"name":"A","impact":1,"text":"","attributes":[
          {"name":"region","value":"R1"},{"name":"type","value":"t"},
          {"name":"region","value":"R2"}]})"),
      &report);
  BOOST_TEST(report.text == "Incident");       // empty text: the default title
  BOOST_TEST(report.attributes.size() == 2u);  // last duplicate wins
  BOOST_TEST(report.attributes[0].second == "R2");
  std::string long_title(201, 'x');
  BOOST_TEST(!sdb::ValidateV1Report(
                  {{"name", "A"}, {"impact", 1}, {"text", long_title}}, &report)
                  .empty());
}

BOOST_AUTO_TEST_CASE(v1_incident_shape) {
  sdb::ApiEvent event;
  event.id = 7;
  event.title = "Down";
  event.impact = 2;
  event.start_date = "2025-05-22 10:12:59";
  event.updates = {{1, "2025-05-22 10:13:00", "SYSTEM", "first", "x"},
                   {2, "2025-05-22 11:12:30", "SYSTEM", "second", "x"}};
  BOOST_TEST(
      sdb::V1Incident(event).dump() ==
      R"({"end_date":null,"id":7,"impact":2,"start_date":"2025-05-22 10:12","text":"Down","updates":[{"status":"SYSTEM","text":"second","timestamp":"2025-05-22 11:12"},{"status":"SYSTEM","text":"first","timestamp":"2025-05-22 10:13"}]})");
}

BOOST_AUTO_TEST_CASE(json_strings_are_written_as_the_serialiser_does) {
  using namespace std::string_literals;
  const std::string cases[] = {
      "",         "plain text", "\"quoted\"",      "back\\slash", "\n\r\t\b\f",
      "\x01\x1f", "\x7f",       "Überlastung ☃ 🚀", "\xff",        "a\xe2\x82",
      "\xc3(",    "nul\0byte"s, "</script>",
  };
  for (const std::string& text : cases) {
    std::string out = "x";
    sdb::AppendJsonString(out, text);
    BOOST_TEST(out ==
               "x" + sdb::Json(text).dump(-1, ' ', false,
                                          sdb::Json::error_handler_t::replace));
  }
}

// The lists of every event are written as text, event by event: they must
// equal, byte for byte, the Json trees of their shapes, built the
// straightforward way.
BOOST_AUTO_TEST_CASE(event_lists_equal_their_json_trees) {
  ApiFixture f;
  f.db.Exec(R"sql(
    INSERT INTO component (id, name) VALUES
      (2, 'Compute Plus'), (3, 'Störage "S3" \ ☃'), (4, 'Idle');
    INSERT INTO component_attribute (component_id, name, value) VALUES
      (2, 'region', 'EU-DE'), (2, 'category', 'Compute'),
      (3, 'region', 'EU-NL'), (3, 'type', 'tab	"q"'), (1, 'region', 'EU-DE');
    INSERT INTO incident (id, text, impact, start_date, end_date, type) VALUES
      (1, 'Down "hard" \ slash', 3, '2025-01-01 10:00:00',
       '2025-01-01 12:30:59', 'incident'),
      (3, 'Wartung für Ü ☃ 🚀', 0, '2025-02-01 08:00:00',
       '2025-02-01 09:00:00', 'maintenance'),
      (4, 'No components', 1, '2025-03-01 00:00:00', NULL, 'incident'),
      (6, CAST(X'41FF42' AS TEXT), 2, '2025-04-01 00:00:00', NULL,
       'incident');
    INSERT INTO incident_component_relation (incident_id, component_id)
      VALUES (1, 1), (1, 2), (1, 3), (3, 3), (3, 2), (6, 1);
    INSERT INTO incident_status (id, incident_id, timestamp, text, status)
      VALUES (10, 1, '2025-01-01 10:05:00', 'looking' || char(10) || 'tab	',
              'analyzing'),
             (5, 1, '2025-01-01 10:05:00', 'same time, lower id', 'fixing'),
             (11, 1, '2025-01-01 12:30:59', '<b>resolved</b>', 'resolved'),
             (12, 3, '2025-02-01 07:00:00', 'Kernel', 'description'),
             (13, 6, '2025-04-01 00:01:00', char(1) || 'ctl', 'SYSTEM');
    -- Rows of an event that does not exist, between two that do.
    PRAGMA foreign_keys = OFF;
    INSERT INTO incident_component_relation VALUES (2, 1), (5, 3);
    INSERT INTO incident_status (incident_id, timestamp, text, status)
      VALUES (2, '2025-01-02 00:00:00', 'orphan', 'SYSTEM'),
             (5, '2025-01-02 00:00:00', 'orphan', 'SYSTEM');
    PRAGMA foreign_keys = ON;
  )sql");
  auto get = [&](const std::string& path,
                 std::multimap<std::string, std::string> params) {
    sdb::Request request;
    request.method = "GET";
    request.path = path;
    request.params = std::move(params);
    return sdb::HandleApiRequest(f.env, request);
  };
  auto dump = [](const sdb::Json& json) {
    return json.dump(-1, ' ', false, sdb::Json::error_handler_t::replace) +
           "\n";
  };
  std::vector<sdb::ApiEvent> events = sdb::LoadAllEvents(f.db);
  BOOST_TEST_REQUIRE(events.size() == 4u);
  BOOST_TEST(events[0].updates.size() == 3u);
  BOOST_TEST(events[1].updates.size() == 1u);
  BOOST_TEST(events[2].components.empty());
  BOOST_TEST((events[1].components == std::vector<int64_t>{2, 3}));
  BOOST_TEST(events[0].updates[0].id == 5);  // oldest first, then by id
  BOOST_TEST(events[0].updates[1].id == 10);
  auto component_json = [&](const sdb::Component& component) {
    sdb::Json attributes = sdb::Json::array();
    for (const auto& [name, value] : component.attributes) {
      attributes.push_back({{"name", name}, {"value", value}});
    }
    sdb::Json incidents = sdb::Json::array();
    for (const sdb::ApiEvent& event : events) {
      for (int64_t id : event.components) {
        if (id == component.id) incidents.push_back(sdb::V1Incident(event));
      }
    }
    return sdb::Json{{"attributes", attributes},
                     {"id", component.id},
                     {"incidents", incidents},
                     {"name", component.name}};
  };
  auto components_json = [&](const std::string& prefix) {
    sdb::Json all = sdb::Json::array();
    for (const sdb::Component& component : sdb::Model(f.db).Components()) {
      if (component.name.rfind(prefix, 0) == 0) {
        all.push_back(component_json(component));
      }
    }
    return all;
  };

  sdb::Response all = get("/v1/component_status", {});
  BOOST_TEST(all.status == 200);
  BOOST_TEST(all.content_type == "application/json");
  BOOST_TEST(all.body == dump(components_json("")));
  BOOST_TEST(all.body.find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD
  BOOST_TEST(get("/api/v1/component_status", {{"name", "Compute"}}).body ==
             dump(components_json("Compute")));
  BOOST_TEST(get("/v1/component_status", {{"name", "Nothing"}}).body == "[]\n");

  sdb::Response one =
      get("/v1/component_status", {{"name", "Compute Plus"},
                                   {"attribute_name", "region"},
                                   {"attribute_value", "EU-DE"}});
  BOOST_TEST(one.status == 200);
  BOOST_TEST(one.body ==
             dump(component_json(sdb::Model(f.db).Components()[1])));
  BOOST_TEST(get("/v1/component_status", {{"name", "Störage \"S3\" \\ ☃"},
                                          {"attribute_name", "region"},
                                          {"attribute_value", "EU-NL"}})
                 .body ==
             dump(component_json(sdb::Model(f.db).Components()[2])));
  BOOST_TEST(get("/v1/component_status", {{"name", "Idle"},
                                          {"attribute_name", "region"},
                                          {"attribute_value", "EU-DE"}})
                 .status == 404);

  sdb::Json incidents = sdb::Json::array();
  for (const sdb::ApiEvent& event : events) {
    incidents.push_back(sdb::V1Incident(event));
  }
  sdb::Response listed = get("/api/v1/incidents", {});
  BOOST_TEST(listed.status == 200);
  BOOST_TEST(listed.body == dump(incidents));

  std::vector<sdb::ApiEvent> by_start = events;
  std::sort(by_start.begin(), by_start.end(), [](const auto& a, const auto& b) {
    return std::tie(a.start_date, a.id) > std::tie(b.start_date, b.id);
  });
  sdb::Json v2 = sdb::Json::array();
  for (const sdb::ApiEvent& event : by_start) v2.push_back(sdb::V2Event(event));
  sdb::Response deprecated = get("/v2/incidents", {});
  BOOST_TEST(deprecated.status == 200);
  BOOST_TEST(deprecated.body == dump(sdb::Json{{"data", v2}}));

  // Texts filling the blocks the handler keeps them in (4 MB), and one
  // larger than a block.
  f.db.Exec(
      "INSERT INTO incident_status (incident_id, timestamp, text, status) "
      "SELECT id, '2025-05-01 00:00:00', hex(zeroblob(400000 * id)) || id, "
      "'SYSTEM' FROM incident");
  events = sdb::LoadAllEvents(f.db);
  BOOST_TEST(get("/v1/component_status", {}).body == dump(components_json("")));

  f.db.Exec("DELETE FROM incident");
  BOOST_TEST(get("/v1/incidents", {}).body == "[]\n");
}

// The process keeps event counts per filter: every write must show.
BOOST_AUTO_TEST_CASE(v2_event_totals_follow_writes) {
  ApiFixture f;
  auto total = [&](std::multimap<std::string, std::string> params) {
    sdb::Request request;
    request.method = "GET";
    request.path = "/v2/events";
    request.params = std::move(params);
    sdb::Response response = sdb::HandleApiRequest(f.env, request);
    BOOST_TEST(response.status == 200);
    sdb::Json body = sdb::Json::parse(response.body);
    return body.contains("pagination")
               ? body["pagination"]["totalRecords"].get<int>()
               : -static_cast<int>(body["data"].size());  // 0: none
  };
  BOOST_TEST(total({}) == 0);
  f.db.Exec(R"sql(
    INSERT INTO incident (id, text, impact, start_date, type) VALUES
      (1, 'A', 1, '2025-01-01 00:00:00', 'incident'),
      (2, 'B', 0, '2025-01-02 00:00:00', 'maintenance');
    INSERT INTO incident_component_relation VALUES (1, 1);
  )sql");
  BOOST_TEST(total({}) == 2);
  BOOST_TEST(total({{"impact", "0"}}) == 1);
  BOOST_TEST(total({{"components", "1"}}) == 1);
  BOOST_TEST(total({}) == 2);  // again, from what the process kept
  f.db.Exec(
      "INSERT INTO incident (id, text, impact, start_date) VALUES "
      "(3, 'C', 2, '2025-01-03 00:00:00');"
      "INSERT INTO incident_component_relation VALUES (2, 1);");
  BOOST_TEST(total({}) == 3);
  BOOST_TEST(total({{"components", "1"}}) == 2);
  BOOST_TEST(total({{"impact", "0"}}) == 1);
  f.db.Exec("DELETE FROM incident WHERE id <> 3");
  BOOST_TEST(total({}) == 1);
  BOOST_TEST(total({{"impact", "0"}}) == 0);
}

BOOST_AUTO_TEST_CASE(v2_active_events) {
  ApiFixture f;  // now: 2026-11-28 19:05:00
  f.db.Exec(R"sql(
    INSERT INTO incident (id, text, impact, start_date, end_date, status)
    VALUES
      (1, 'open', 1, '2026-11-28 10:00:00', NULL, 'analyzing'),
      (2, 'open, starts later', 1, '2026-11-29 10:00:00', NULL, NULL),
      (3, 'ends later', 2, '2026-11-28 18:00:00', '2026-11-28 20:00:00',
       'fixing'),
      (4, 'resolved early', 2, '2026-11-28 18:00:00', '2026-11-28 20:00:00',
       'resolved'),
      (5, 'ended', 3, '2026-11-27 10:00:00', '2026-11-27 11:00:00', NULL),
      (6, 'planned', 0, '2026-11-29 10:00:00', '2026-11-29 11:00:00', NULL),
      (7, 'ends now', 1, '2026-11-28 10:00:00', '2026-11-28 19:05:00', NULL);
  )sql");
  sdb::Request request;
  request.method = "GET";
  request.path = "/v2/events";
  request.params = {{"active", "true"}};
  sdb::Response response = sdb::HandleApiRequest(f.env, request);
  BOOST_TEST(response.status == 200);
  sdb::Json body = sdb::Json::parse(response.body);
  std::vector<int> ids;
  for (const auto& event : body["data"]) ids.push_back(event["id"]);
  BOOST_TEST((ids == std::vector<int>{2, 3, 7, 1}));  // newest start first
  BOOST_TEST(body["pagination"]["totalRecords"] == 4);
}

BOOST_AUTO_TEST_CASE(v2_event_shape_omits_empty_members) {
  sdb::ApiEvent event;
  event.id = 3;
  event.title = "Upgrade";
  event.impact = 0;
  event.type = "maintenance";
  event.start_date = "2025-05-20 10:00:00";
  event.components = {218, 254};
  event.updates = {{1, "2025-05-19 09:00:00", "description", "Kernel", {}},
                   {2, "2025-05-19 09:00:01", "planned", "Planned", {}}};
  sdb::Json json = sdb::V2Event(event);
  BOOST_TEST(!json.contains("end_date"));
  BOOST_TEST(!json.contains("status"));
  BOOST_TEST(json["description"] == "Kernel");  // seed data's description row
  BOOST_TEST(json["updates"].size() == 1u);
  BOOST_TEST(json["updates"][0]["id"] == 0);
  BOOST_TEST(json["start_date"] == "2025-05-20T10:00:00Z");
  event.end_date = "2025-05-20 12:00:00";
  event.status = "planned";
  json = sdb::V2Event(event);
  BOOST_TEST(json["end_date"] == "2025-05-20T12:00:00Z");
  BOOST_TEST(json["status"] == "planned");
}

BOOST_AUTO_TEST_CASE(v2_statuses_per_type) {
  using sdb::V2StatusAllowed;
  BOOST_TEST(V2StatusAllowed("incident", "analysing", false));
  BOOST_TEST(V2StatusAllowed("incident", "impact changed", false));
  BOOST_TEST(!V2StatusAllowed("incident", "reopened", false));
  BOOST_TEST(V2StatusAllowed("incident", "reopened", true));
  BOOST_TEST(V2StatusAllowed("incident", "changed", true));
  BOOST_TEST(!V2StatusAllowed("incident", "fixing", true));
  BOOST_TEST(V2StatusAllowed("maintenance", "in progress", false));
  BOOST_TEST(!V2StatusAllowed("maintenance", "active", false));
  BOOST_TEST(V2StatusAllowed("info", "active", false));
  BOOST_TEST(!V2StatusAllowed("info", "in progress", false));
  BOOST_TEST(!V2StatusAllowed("incident", "SYSTEM", false));
}

BOOST_AUTO_TEST_CASE(rfc3339_times) {
  struct Case {
    const char* text;
    const char* db_time;  // nullptr: refused
  };
  const Case cases[] = {
      {"2026-01-29T10:29:59+00:00", "2026-01-29 10:29:59"},
      {"2026-01-29T10:29:59Z", "2026-01-29 10:29:59"},
      {"2026-01-29t10:29:59z", "2026-01-29 10:29:59"},
      {"2026-01-29T10:29:59.123456Z", "2026-01-29 10:29:59"},
      {"2026-01-29T10:29:59+02:00", "2026-01-29 08:29:59"},
      {"2026-01-29T23:30:00-01:00", "2026-01-30 00:30:00"},
      {"2024-02-29T00:00:00Z", "2024-02-29 00:00:00"},
      {"2026-01-29T10:29:59", nullptr},
      {"2026-01-29 10:29:59Z", nullptr},
      {"2026-02-30T10:00:00Z", nullptr},
      {"2026-01-29T24:00:00Z", nullptr},
      {"2026-01-29T10:29:59.Z", nullptr},
      {"2026-01-29T10:29:59+0000", nullptr},
      {"2026-1-29T10:29:59Z", nullptr},
      {"yesterday", nullptr},
      {"", nullptr},
  };
  for (const Case& c : cases) {
    auto parsed = sdb::ParseRfc3339(c.text);
    if (c.db_time) {
      BOOST_TEST(parsed.value_or("<refused>") == c.db_time, c.text);
    } else {
      BOOST_TEST(!parsed.has_value(), c.text);
    }
  }
  BOOST_TEST(sdb::FormatRfc3339("2026-01-29 10:29:59") ==
             "2026-01-29T10:29:59Z");
}

BOOST_AUTO_TEST_CASE(json_bodies) {
  BOOST_TEST(sdb::ParseJsonBody(R"({"a":[1,{"b":"]]]"}]})").has_value());
  BOOST_TEST(!sdb::ParseJsonBody("").has_value());
  BOOST_TEST(!sdb::ParseJsonBody("{").has_value());
  BOOST_TEST(!sdb::ParseJsonBody("\"\xff\"").has_value());  // not UTF-8
  BOOST_TEST(!sdb::ParseJsonBody(std::string(65, '[') + std::string(65, ']'))
                  .has_value());
  BOOST_TEST(sdb::ParseJsonBody(std::string(64, '[') + std::string(64, ']'))
                 .has_value());
  BOOST_TEST(sdb::IsJsonContentType("application/json"));
  BOOST_TEST(sdb::IsJsonContentType("Application/JSON; charset=utf-8"));
  BOOST_TEST(sdb::IsJsonContentType("application/vnd.api+json"));
  BOOST_TEST(!sdb::IsJsonContentType("application/x-www-form-urlencoded"));
  BOOST_TEST(!sdb::IsJsonContentType("text/json"));
  BOOST_TEST(!sdb::IsJsonContentType(""));
}

BOOST_AUTO_TEST_SUITE_END()
