// The API's OpenAPI document: see openapi.h. Written by hand next to
// the routes it describes; tests/unit/api/api_test.cc checks that it lists
// exactly the routes of ApiRoutes().
#include "api/openapi.h"

namespace sdb {
namespace {

// The v1 paths appear once under /api/v1 here; /v1 copies are added below.
constexpr char kDocument[] = R"json({
  "openapi": "3.1.0",
  "info": {
    "title": "Status Dashboard API",
    "version": "v1",
    "description": "Monitoring API of the status dashboard. v1 (the Flask seed's API) is served at /api/v1 and /v1; v2 (stackmon's Go successor) at /v2. Writes need an HS256 JWT bearer token signed with SDB_SECRET_KEY whose payload holds SDB_API_PAYLOAD_KEY (default \"stackmon\") with a truthy value; `sdb-admin token` mints one. v1 times are UTC \"YYYY-MM-DD HH:MM\"; v2 times are RFC 3339."
  },
  "servers": [{"url": "/"}],
  "tags": [
    {"name": "v1", "description": "The seed's API: component status reports"},
    {"name": "v2", "description": "Components, events, availability"},
    {"name": "meta", "description": "This document"}
  ],
  "paths": {
    "/api/v1/component_status": {
      "get": {
        "tags": ["v1"],
        "summary": "Components with every incident they were ever in",
        "description": "Without attribute_name/attribute_value: every component whose name starts with `name` (an array). With both: the one component named exactly `name` with that attribute (an object), or 404.",
        "parameters": [
          {"name": "name", "in": "query", "schema": {"type": "string"}, "description": "Name prefix, or the exact name with the attribute filter"},
          {"name": "attribute_name", "in": "query", "schema": {"type": "string"}},
          {"name": "attribute_value", "in": "query", "schema": {"type": "string"}}
        ],
        "responses": {
          "200": {"description": "An array of components, or one component with the attribute filter", "content": {"application/json": {"schema": {"oneOf": [{"type": "array", "items": {"$ref": "#/components/schemas/V1Component"}}, {"$ref": "#/components/schemas/V1Component"}]}}}},
          "404": {"description": "No component matches the attribute filter", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V1Error"}}}}
        }
      },
      "post": {
        "tags": ["v1"],
        "summary": "Report a component's status",
        "description": "Opens, joins or escalates a system incident (decision procedure of the seed). Body validation (422) runs before authentication (401). 201 answers with the incident that now holds the component, or with the active maintenance that does.",
        "security": [{"bearerAuth": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V1StatusReport"}}}},
        "responses": {
          "201": {"description": "The incident (or maintenance) holding the component", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V1Incident"}}}},
          "400": {"description": "Invalid JSON, impact outside 0..3, unknown component, or impact 0 outside a maintenance", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V1Error"}}}},
          "401": {"$ref": "#/components/responses/V1Unauthorized"},
          "409": {"description": "An open incident already covers the component at an equal or higher impact", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V1Conflict"}}}},
          "413": {"$ref": "#/components/responses/V1TooLarge"},
          "422": {"description": "Schema violation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V1ValidationError"}}}}
        }
      }
    },
    "/api/v1/incidents": {
      "get": {
        "tags": ["v1"],
        "summary": "Every incident and maintenance, by id",
        "responses": {"200": {"description": "All events", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/V1Incident"}}}}}}
      }
    },
    "/v2/components": {
      "get": {
        "tags": ["v2"],
        "summary": "Every component (a bare array)",
        "responses": {"200": {"description": "All components", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/V2Component"}}}}}}
      },
      "post": {
        "tags": ["v2"],
        "summary": "Create a component",
        "security": [{"bearerAuth": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2NewComponent"}}}},
        "responses": {
          "201": {"description": "The new component", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Component"}}}},
          "400": {"$ref": "#/components/responses/V2BadRequest"},
          "401": {"$ref": "#/components/responses/V2Unauthorized"},
          "413": {"$ref": "#/components/responses/V2TooLarge"}
        }
      }
    },
    "/v2/components/{id}": {
      "get": {
        "tags": ["v2"],
        "summary": "One component",
        "parameters": [{"$ref": "#/components/parameters/Id"}],
        "responses": {
          "200": {"description": "The component", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Component"}}}},
          "400": {"$ref": "#/components/responses/V2BadRequest"},
          "404": {"$ref": "#/components/responses/V2NotFound"}
        }
      }
    },
    "/v2/events": {
      "get": {
        "tags": ["v2"],
        "summary": "Events, filtered and paginated, newest start first",
        "parameters": [
          {"name": "type", "in": "query", "schema": {"type": "string"}, "description": "Comma-separated: incident, maintenance, info"},
          {"name": "active", "in": "query", "schema": {"type": "string", "enum": ["true"]}, "description": "Only events under way (open, or between start and end and not resolved, completed or cancelled)"},
          {"name": "status", "in": "query", "schema": {"type": "string"}},
          {"name": "start_date", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "Events starting at or after"},
          {"name": "end_date", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "Events ending at or before"},
          {"name": "impact", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 3}},
          {"name": "system", "in": "query", "schema": {"type": "boolean"}},
          {"name": "components", "in": "query", "schema": {"type": "string"}, "description": "Comma-separated component ids (1..2048); events holding any of them"},
          {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "enum": [10, 20, 50], "default": 50}}
        ],
        "responses": {
          "200": {"description": "A page of events; no pagination member when nothing matches", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2EventPage"}}}},
          "400": {"$ref": "#/components/responses/V2BadRequest"}
        }
      },
      "post": {
        "tags": ["v2"],
        "summary": "Create an event, or report a system incident per component",
        "description": "Regular events are created with their first update; a new incident takes its components out of other open incidents. With system=true (type incident) each component goes through the status-report procedure: joined, deduplicated (repeats answer with the existing incident), escalated, or refused when in maintenance.",
        "security": [{"bearerAuth": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2NewEvent"}}}},
        "responses": {
          "200": {"description": "One result per component", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2EventResults"}}}},
          "400": {"$ref": "#/components/responses/V2BadRequest"},
          "401": {"$ref": "#/components/responses/V2Unauthorized"},
          "413": {"$ref": "#/components/responses/V2TooLarge"}
        }
      }
    },
    "/v2/events/{id}": {
      "get": {
        "tags": ["v2"],
        "summary": "One event",
        "parameters": [{"$ref": "#/components/parameters/Id"}],
        "responses": {
          "200": {"description": "The event", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Event"}}}},
          "400": {"$ref": "#/components/responses/V2BadRequest"},
          "404": {"$ref": "#/components/responses/V2NotFound"}
        }
      },
      "patch": {
        "tags": ["v2"],
        "summary": "Post a status update and edit fields",
        "description": "Appends the update {status, message, update_date} and sets the status. Statuses per type: incident detected, analysing, fixing, impact changed, observing, resolved (closed: reopened, changed); maintenance planned, in progress, modified, completed, cancelled; info planned, active, completed, cancelled. An impact change needs 'impact changed'; resolved sets end_date, reopened clears it.",
        "security": [{"bearerAuth": []}],
        "parameters": [{"$ref": "#/components/parameters/Id"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2EventPatch"}}}},
        "responses": {
          "200": {"description": "The updated event", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Event"}}}},
          "400": {"$ref": "#/components/responses/V2BadRequest"},
          "401": {"$ref": "#/components/responses/V2Unauthorized"},
          "404": {"$ref": "#/components/responses/V2NotFound"},
          "413": {"$ref": "#/components/responses/V2TooLarge"}
        }
      }
    },
    "/v2/events/{id}/extract": {
      "post": {
        "tags": ["v2"],
        "summary": "Move components of an open incident into a new one",
        "security": [{"bearerAuth": []}],
        "parameters": [{"$ref": "#/components/parameters/Id"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Extract"}}}},
        "responses": {
          "200": {"description": "The new incident", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Event"}}}},
          "400": {"$ref": "#/components/responses/V2BadRequest"},
          "401": {"$ref": "#/components/responses/V2Unauthorized"},
          "404": {"$ref": "#/components/responses/V2NotFound"},
          "413": {"$ref": "#/components/responses/V2TooLarge"}
        }
      }
    },
    "/v2/events/{id}/updates/{index}": {
      "patch": {
        "tags": ["v2"],
        "summary": "Edit the text of one update",
        "security": [{"bearerAuth": []}],
        "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/Index"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "additionalProperties": false, "properties": {"text": {"type": "string", "minLength": 1}}}}}},
        "responses": {
          "200": {"description": "The edited update", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Update"}}}},
          "400": {"$ref": "#/components/responses/V2BadRequest"},
          "401": {"$ref": "#/components/responses/V2Unauthorized"},
          "404": {"$ref": "#/components/responses/V2NotFound"},
          "413": {"$ref": "#/components/responses/V2TooLarge"}
        }
      }
    },
    "/v2/incidents": {
      "get": {
        "tags": ["v2"],
        "deprecated": true,
        "summary": "Every event, newest start first, without pagination",
        "responses": {"200": {"description": "All events", "content": {"application/json": {"schema": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/V2Event"}}}}}}}}
      },
      "post": {"tags": ["v2"], "deprecated": true, "summary": "Alias of POST /v2/events", "security": [{"bearerAuth": []}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2NewEvent"}}}}, "responses": {"200": {"description": "One result per component", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2EventResults"}}}}, "400": {"$ref": "#/components/responses/V2BadRequest"}, "401": {"$ref": "#/components/responses/V2Unauthorized"}}}
    },
    "/v2/incidents/{id}": {
      "get": {"tags": ["v2"], "deprecated": true, "summary": "Alias of GET /v2/events/{id}", "parameters": [{"$ref": "#/components/parameters/Id"}], "responses": {"200": {"description": "The event", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Event"}}}}, "404": {"$ref": "#/components/responses/V2NotFound"}}},
      "patch": {"tags": ["v2"], "deprecated": true, "summary": "Alias of PATCH /v2/events/{id}", "security": [{"bearerAuth": []}], "parameters": [{"$ref": "#/components/parameters/Id"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2EventPatch"}}}}, "responses": {"200": {"description": "The updated event", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Event"}}}}, "400": {"$ref": "#/components/responses/V2BadRequest"}, "401": {"$ref": "#/components/responses/V2Unauthorized"}, "404": {"$ref": "#/components/responses/V2NotFound"}}}
    },
    "/v2/incidents/{id}/extract": {
      "post": {"tags": ["v2"], "deprecated": true, "summary": "Alias of POST /v2/events/{id}/extract", "security": [{"bearerAuth": []}], "parameters": [{"$ref": "#/components/parameters/Id"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Extract"}}}}, "responses": {"200": {"description": "The new incident", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Event"}}}}, "400": {"$ref": "#/components/responses/V2BadRequest"}, "401": {"$ref": "#/components/responses/V2Unauthorized"}, "404": {"$ref": "#/components/responses/V2NotFound"}}}
    },
    "/v2/incidents/{id}/updates/{index}": {
      "patch": {"tags": ["v2"], "deprecated": true, "summary": "Alias of PATCH /v2/events/{id}/updates/{index}", "security": [{"bearerAuth": []}], "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/Index"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}}}}, "responses": {"200": {"description": "The edited update", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Update"}}}}, "400": {"$ref": "#/components/responses/V2BadRequest"}, "401": {"$ref": "#/components/responses/V2Unauthorized"}, "404": {"$ref": "#/components/responses/V2NotFound"}}}
    },
    "/v2/availability": {
      "get": {
        "tags": ["v2"],
        "summary": "Monthly availability per component, 12 months, newest first",
        "description": "Only closed outages (impact 3) count; percentage = 100 - downtime hours / hours in the month * 100, rounded to 5 decimals; null for a component never in any event.",
        "responses": {"200": {"description": "Availability", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Availability"}}}}}
      }
    },
    "/api-spec.json": {
      "get": {"tags": ["meta"], "summary": "This document (the seed's path)", "responses": {"200": {"description": "OpenAPI 3.1 document", "content": {"application/json": {"schema": {"type": "object"}}}}}}
    },
    "/openapi.json": {
      "get": {"tags": ["meta"], "summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1 document", "content": {"application/json": {"schema": {"type": "object"}}}}}}
    }
  },
  "components": {
    "securitySchemes": {
      "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "HS256 JWT signed with SDB_SECRET_KEY; the payload must hold SDB_API_PAYLOAD_KEY (default stackmon) with a truthy value; exp and nbf are honoured. The author of writes is the sub claim, else that value."}
    },
    "parameters": {
      "Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
      "Index": {"name": "index", "in": "path", "required": true, "description": "Position of the update in the event's updates, from 0", "schema": {"type": "integer", "minimum": 0}}
    },
    "responses": {
      "V1Unauthorized": {"description": "Missing or refused token", "headers": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer realm=\"Authentication Required\""}}, "content": {"text/plain": {"schema": {"type": "string", "const": "Unauthorized Access"}}}},
      "V1TooLarge": {"description": "Body larger than SDB_MAX_BODY_BYTES", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V1Error"}}}},
      "V2BadRequest": {"description": "Invalid input; errMsg names the field or rule", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}},
      "V2Unauthorized": {"description": "Missing or refused token", "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}},
      "V2NotFound": {"description": "No such object", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}},
      "V2TooLarge": {"description": "Body larger than SDB_MAX_BODY_BYTES", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}}
    },
    "schemas": {
      "Attribute": {"type": "object", "required": ["name", "value"], "additionalProperties": false, "properties": {"name": {"type": "string"}, "value": {"type": "string"}}},
      "V1Update": {"type": "object", "properties": {"status": {"type": "string"}, "text": {"type": "string"}, "timestamp": {"type": "string", "examples": ["2025-05-22 11:12"]}}},
      "V1Incident": {"type": "object", "properties": {"id": {"type": "integer"}, "text": {"type": "string", "description": "The title"}, "impact": {"type": "integer", "minimum": 0, "maximum": 3}, "start_date": {"type": "string", "examples": ["2025-05-22 10:12"]}, "end_date": {"type": ["string", "null"]}, "updates": {"type": "array", "description": "Newest first", "items": {"$ref": "#/components/schemas/V1Update"}}}},
      "V1Component": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "attributes": {"type": "array", "items": {"$ref": "#/components/schemas/Attribute"}}, "incidents": {"type": "array", "items": {"$ref": "#/components/schemas/V1Incident"}}}},
      "V1StatusReport": {"type": "object", "required": ["name", "impact"], "additionalProperties": false, "properties": {"name": {"type": "string"}, "impact": {"type": "integer", "minimum": 0, "maximum": 3, "description": "0 only for a component in an active maintenance"}, "text": {"type": "string", "maxLength": 200, "default": "Incident", "description": "Title of a new incident"}, "attributes": {"type": "array", "items": {"$ref": "#/components/schemas/Attribute"}, "description": "Attributes the component must have (a subset of its own)"}}},
      "V1Conflict": {"type": "object", "properties": {"message": {"type": "string"}, "details": {"type": "string"}, "existingIncidentId": {"type": "integer"}, "existingIncidentTitle": {"type": "string"}, "targetComponent": {"type": "string", "examples": ["Cloud Container Engine (Container, EU-DE, cce)"]}}},
      "V1Error": {"type": "object", "properties": {"code": {"type": "integer"}, "message": {"type": "string"}, "status": {"type": "string"}}},
      "V1ValidationError": {"type": "object", "properties": {"code": {"type": "integer", "const": 422}, "status": {"type": "string"}, "errors": {"type": "object", "properties": {"json": {"type": "object", "additionalProperties": true, "description": "Field name to its messages"}}}}},
      "V2Error": {"type": "object", "required": ["errMsg"], "properties": {"errMsg": {"type": "string"}}},
      "V2Component": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "attributes": {"type": "array", "items": {"$ref": "#/components/schemas/Attribute"}}}},
      "V2NewComponent": {"type": "object", "required": ["name", "attrs"], "additionalProperties": false, "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 200}, "attrs": {"type": "array", "minItems": 3, "maxItems": 3, "description": "type, region and category, each once", "items": {"$ref": "#/components/schemas/Attribute"}}}},
      "V2Update": {"type": "object", "properties": {"id": {"type": "integer", "description": "Index in the event's updates"}, "status": {"type": "string"}, "text": {"type": "string"}, "timestamp": {"type": "string", "format": "date-time"}}},
      "V2Event": {"type": "object", "required": ["id", "title", "impact", "components", "start_date", "system", "type", "updates"], "properties": {"id": {"type": "integer"}, "title": {"type": "string"}, "description": {"type": "string", "description": "Omitted when empty"}, "impact": {"type": "integer", "minimum": 0, "maximum": 3}, "components": {"type": "array", "items": {"type": "integer"}}, "start_date": {"type": "string", "format": "date-time"}, "end_date": {"type": "string", "format": "date-time", "description": "Omitted while open"}, "system": {"type": "boolean"}, "type": {"type": "string", "enum": ["incident", "maintenance", "info"]}, "updates": {"type": "array", "description": "Oldest first", "items": {"$ref": "#/components/schemas/V2Update"}}, "status": {"type": "string", "description": "Omitted when unset"}}},
      "V2EventPage": {"type": "object", "required": ["data"], "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/V2Event"}}, "pagination": {"type": "object", "properties": {"pageIndex": {"type": "integer"}, "recordsPerPage": {"type": "integer"}, "totalRecords": {"type": "integer"}, "totalPages": {"type": "integer"}}}}},
      "V2NewEvent": {"type": "object", "required": ["title", "impact", "components", "start_date", "type"], "additionalProperties": false, "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 200}, "description": {"type": "string", "maxLength": 1500}, "impact": {"type": "integer", "minimum": 0, "maximum": 3, "description": "0 for maintenance and info, 1..3 for incident"}, "components": {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 1}}, "start_date": {"type": "string", "format": "date-time", "description": "RFC 3339, Z or an offset such as +00:00; an incident must not start in the future"}, "end_date": {"type": "string", "format": "date-time", "description": "Required for maintenance and info, refused for incident"}, "system": {"type": "boolean", "default": false}, "type": {"type": "string", "enum": ["incident", "maintenance", "info"]}, "updates": {"type": "array", "maxItems": 0}}},
      "V2EventResults": {"type": "object", "properties": {"result": {"type": "array", "items": {"type": "object", "properties": {"component_id": {"type": "integer"}, "incident_id": {"type": "integer"}, "error": {"type": "string", "examples": ["event creation failed, component in maintenance"]}}}}}},
      "V2EventPatch": {"type": "object", "required": ["message", "status", "update_date"], "additionalProperties": false, "properties": {"message": {"type": "string", "minLength": 1}, "status": {"type": "string"}, "update_date": {"type": "string", "format": "date-time"}, "title": {"type": "string", "minLength": 1, "maxLength": 200}, "description": {"type": "string", "maxLength": 1500}, "impact": {"type": "integer", "minimum": 0, "maximum": 3}, "start_date": {"type": "string", "format": "date-time"}, "end_date": {"type": "string", "format": "date-time"}, "type": {"type": "string", "enum": ["incident", "maintenance", "info"]}}},
      "V2Extract": {"type": "object", "required": ["components"], "additionalProperties": false, "properties": {"components": {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 1}}}},
      "V2Availability": {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "region": {"type": "string"}, "availability": {"type": ["array", "null"], "items": {"type": "object", "properties": {"year": {"type": "integer"}, "month": {"type": "integer"}, "percentage": {"type": "number"}}}}}}}}}
    }
  }
})json";

Json Build() {
  Json document = Json::parse(kDocument);
  Json& paths = document["paths"];
  std::vector<std::string> v1;
  for (const auto& [path, item] : paths.items()) {
    if (path.rfind("/api/v1/", 0) == 0) v1.push_back(path);
  }
  for (const std::string& path : v1) {
    paths[path.substr(4)] = paths[path];  // "/api/v1/x" -> "/v1/x"
  }
  return document;
}

}  // namespace

const Json& OpenApiDocument() {
  static const Json* document = new Json(Build());
  return *document;
}

// GET /api-spec.json, GET /openapi.json
// 200 the OpenAPI 3.1 document.
Response HandleOpenApi(ApiCall&) {
  return JsonResponse(200, OpenApiDocument());
}

}  // namespace sdb
