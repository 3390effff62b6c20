// The monitoring API (program `api`): v1 at /api/v1/* and /v1/* (the seed's
// Flask API), v2 at /v2/* (stackmon's Go successor), and the OpenAPI
// document. One dispatch table of (method, route, handler, auth) in
// api.cc; the handlers live in api_v1.cc and api_v2.cc, the shared
// status-report decision procedure in status_report.cc.
#ifndef SDB_LIB_API_API_H_
#define SDB_LIB_API_API_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/config.h"
#include "base/jwt.h"
#include "base/log.h"
#include "store/db.h"
#include "web/http.h"

namespace sdb {

class App;
struct ServeSpec;

using Json = nlohmann::json;

// The error shapes of the two API generations: v1 {"code", "message",
// "status"} (flask-smorest), v2 {"errMsg"} (the Go server).
enum class ApiDialect { kV1, kV2 };

// What a request needs from the process, so the API runs without the
// frame in unit tests.
struct ApiEnv {
  Database& db;
  const Config& config;
  const Logger& log;
  // Unix time; nullopt means the clock (tests pin it).
  std::optional<long long> fixed_now;
  long long Now() const;
  // Now() as database time "YYYY-MM-DD HH:MM:SS".
  std::string DbNow() const;
};

// One request as a handler sees it.
struct ApiCall {
  ApiEnv& env;
  const Request& request;
  ApiDialect dialect;
  // The values of the route's {name} segments, in order.
  std::vector<std::string> args;
  // Set by the dispatcher before the handler runs for kBearer routes, and
  // by Authenticate() for kBearerAfterBody routes.
  std::optional<TokenPrincipal> principal;

  // Checks the bearer token; on success sets `principal` and returns true.
  // Refusals are logged with their reason.
  bool Authenticate();

  // Runs `body` as one write transaction (RunWriteTransaction) on behalf of
  // the authenticated principal; when it changed any row, the same
  // transaction adds a row to the audit log (api_audit) with the author,
  // method, path and body of the request.
  void Write(const std::function<void()>& body);
};

using ApiHandler = std::function<Response(ApiCall&)>;

struct ApiRoute {
  enum class Auth {
    kPublic,
    kBearer,           // token checked before the handler runs
    kBearerAfterBody,  // the handler validates the body first (the seed's
                       // v1 POST answers 422 before 401), then calls
                       // ApiCall::Authenticate
  };
  std::string method;   // "GET", "POST", "PATCH"; GET routes answer HEAD
  std::string pattern;  // an OpenAPI path template: "/v2/events/{id}"
  ApiHandler handler;
  Auth auth = Auth::kPublic;
};

// Every route the program dispatches, in the order they are matched.
const std::vector<ApiRoute>& ApiRoutes();

// Routes `request` through the table: JSON 404 for an unknown path, 405
// with Allow for a known path and another method, 204 with Allow for
// OPTIONS, 401 with WWW-Authenticate for a refused token, else the handler.
Response HandleApiRequest(ApiEnv& env, const Request& request);

// The compact text of `value` as the API writes it: UTF-8 kept, invalid
// bytes replaced by U+FFFD.
std::string JsonText(const Json& value);
// Error bodies and JSON responses. A JSON body is JsonText(body) and a
// newline.
Response JsonResponse(int status, const Json& body);
// The same response for JSON text a handler serialised itself (see
// AppendJsonString); `text` is taken over, without the final newline.
Response JsonTextResponse(int status, std::string text);
// Appends `text` as a JSON string to `out`, byte for byte as JsonResponse
// writes a string value, for handlers that write large bodies as text
// rather than building a Json tree.
void AppendJsonString(std::string& out, std::string_view text);
Response ApiError(ApiDialect dialect, int status, const std::string& message);
// The dialect of a path: /v2/... is kV2, everything else kV1.
ApiDialect DialectOf(const std::string& path);
// 401 in the dialect's shape with WWW-Authenticate: Bearer.
Response Unauthorized(ApiDialect dialect);

// Parses a JSON request body. nullopt when it is not well-formed JSON, is
// nested deeper than 64 levels, or is not UTF-8.
std::optional<Json> ParseJsonBody(const std::string& body);
// Whether the Content-Type is application/json or application/...+json.
bool IsJsonContentType(const std::string& content_type);

// The frame's spec and handler for cgi-bin/api.cc: every method the table
// uses, no page cache, JSON errors from the frame, and a startup check
// that SDB_SECRET_KEY is set.
ServeSpec ApiServeSpec();
Response HandleApi(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_API_API_H_
