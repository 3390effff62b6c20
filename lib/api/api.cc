// The monitoring API's dispatch table and shared plumbing: see api.h.
#include "api/api.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "api/openapi.h"
#include "api/v1.h"
#include "api/v2.h"
#include "base/timeutil.h"
#include "store/audit_log.h"
#include "web/serve.h"

namespace sdb {
namespace {

using Auth = ApiRoute::Auth;

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 1;
  if (path.empty() || path[0] != '/') return parts;
  while (true) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

// Matches `path` against the route template; fills `args` on success.
bool Match(const std::string& pattern, const std::string& path,
           std::vector<std::string>* args) {
  std::vector<std::string> want = Segments(pattern);
  std::vector<std::string> have = Segments(path);
  if (want.size() != have.size()) return false;
  std::vector<std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      if (have[i].empty()) return false;
      found.push_back(have[i]);
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  *args = std::move(found);
  return true;
}

// v1 routes are served under both prefixes: /api/v1 (the Flask seed, old
// metrics-processor) and /v1 (the Go server, metrics-processor since 2025).
void AddV1(std::vector<ApiRoute>& routes, const std::string& method,
           const std::string& suffix, ApiHandler handler, Auth auth) {
  routes.push_back({method, "/api/v1" + suffix, handler, auth});
  routes.push_back({method, "/v1" + suffix, handler, auth});
}

std::vector<ApiRoute> BuildRoutes() {
  std::vector<ApiRoute> routes;
  AddV1(routes, "GET", "/component_status", V1GetComponentStatus,
        Auth::kPublic);
  AddV1(routes, "POST", "/component_status", V1PostComponentStatus,
        Auth::kBearerAfterBody);
  AddV1(routes, "GET", "/incidents", V1GetIncidents, Auth::kPublic);
  AddV2Routes(routes);
  routes.push_back({"GET", "/api-spec.json", HandleOpenApi, Auth::kPublic});
  routes.push_back({"GET", "/openapi.json", HandleOpenApi, Auth::kPublic});
  return routes;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The depth of the deepest array/object nesting in `text`, counting only
// brackets outside strings (the body may not even be JSON).
int NestingDepth(const std::string& text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

long long ApiEnv::Now() const { return fixed_now ? *fixed_now : UnixNow(); }

std::string ApiEnv::DbNow() const { return FormatDbTime(Now()); }

bool ApiCall::Authenticate() {
  auto token = BearerToken(request.Header("authorization"));
  if (!token) {
    env.log.Info("request " + request.request_id +
                 ": no bearer token, refused");
    return false;
  }
  TokenCheck check = VerifyToken(*token, env.config.secret_key,
                                 env.config.api_payload_key, env.Now());
  if (!check.principal) {
    env.log.Warning("request " + request.request_id +
                    ": token refused: " + check.reason);
    return false;
  }
  principal = check.principal;
  return true;
}

void ApiCall::Write(const std::function<void()>& body) {
  constexpr size_t kKeptBody = 4096;
  ApiWriteRecord record{env.DbNow(),        principal ? principal->author : "",
                        request.method,     request.path,
                        request.request_id, request.body.substr(0, kKeptBody)};
  RunRecordedApiWrite(env.db, record, body);
}

const std::vector<ApiRoute>& ApiRoutes() {
  static const auto* routes = new std::vector<ApiRoute>(BuildRoutes());
  return *routes;
}

ApiDialect DialectOf(const std::string& path) {
  return path.rfind("/v2/", 0) == 0 || path == "/v2" ? ApiDialect::kV2
                                                     : ApiDialect::kV1;
}

std::string JsonText(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Response JsonResponse(int status, const Json& body) {
  return JsonTextResponse(status, JsonText(body));
}

Response JsonTextResponse(int status, std::string text) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  text += '\n';
  response.body = std::move(text);
  return response;
}

void AppendJsonString(std::string& out, std::string_view text) {
  // Printable ASCII other than '"' and '\\' is written as it is; anything
  // else (escapes, UTF-8, invalid bytes) by the Json serialiser itself.
  bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out += JsonText(text);
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

Response ApiError(ApiDialect dialect, int status, const std::string& message) {
  if (dialect == ApiDialect::kV2) {
    return JsonResponse(status, {{"errMsg", message}});
  }
  Json body = {{"code", status}, {"status", StatusText(status)}};
  // The seed's 500 carries no message.
  if (status != 500) body["message"] = message;
  return JsonResponse(status, body);
}

Response Unauthorized(ApiDialect dialect) {
  Response response;
  if (dialect == ApiDialect::kV2) {
    response = JsonResponse(401, {{"errMsg", "not authenticated"}});
  } else {
    // flask-httpauth's answer, which is not JSON.
    response.status = 401;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "Unauthorized Access";
  }
  response.headers.emplace_back("WWW-Authenticate",
                                "Bearer realm=\"Authentication Required\"");
  return response;
}

bool IsJsonContentType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  type.erase(type.find_last_not_of(" \t") + 1);
  type.erase(0, type.find_first_not_of(" \t"));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (type == "application/json") return true;
  return type.rfind("application/", 0) == 0 && type.size() > 17 &&
         type.compare(type.size() - 5, 5, "+json") == 0;
}

std::optional<Json> ParseJsonBody(const std::string& body) {
  if (NestingDepth(body) > 64) return std::nullopt;
  Json value = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

namespace {

Response Route(ApiEnv& env, const Request& request, ApiDialect dialect);

}  // namespace

Response HandleApiRequest(ApiEnv& env, const Request& request) {
  ApiDialect dialect = DialectOf(request.path);
  Response response = Route(env, request, dialect);
  if (dialect == ApiDialect::kV2) {
    // The Go server allows any origin (its single-page frontend lives on
    // another host); tokens travel in a header, never in cookies.
    response.headers.emplace_back("Access-Control-Allow-Origin", "*");
    if (request.method == "OPTIONS") {
      response.headers.emplace_back("Access-Control-Allow-Headers",
                                    "Authorization, Content-Type");
      response.headers.emplace_back("Access-Control-Allow-Methods",
                                    "GET, HEAD, POST, PATCH, OPTIONS");
    }
  }
  return response;
}

namespace {

Response Route(ApiEnv& env, const Request& request, ApiDialect dialect) {
  std::string method = request.method == "HEAD" ? "GET" : request.method;
  std::vector<std::string> allowed;
  for (const ApiRoute& route : ApiRoutes()) {
    std::vector<std::string> args;
    if (!Match(route.pattern, request.path, &args)) continue;
    if (route.method != method) {
      if (std::find(allowed.begin(), allowed.end(), route.method) ==
          allowed.end()) {
        allowed.push_back(route.method);
        if (route.method == "GET") allowed.push_back("HEAD");
      }
      continue;
    }
    ApiCall call{env, request, dialect, std::move(args), std::nullopt};
    if (route.auth == Auth::kBearer && !call.Authenticate()) {
      return Unauthorized(dialect);
    }
    return route.handler(call);
  }
  if (allowed.empty()) {
    return ApiError(dialect, 404,
                    dialect == ApiDialect::kV2
                        ? "page not found"
                        : "The requested URL was not found on the server.");
  }
  allowed.push_back("OPTIONS");
  Response response;
  if (request.method == "OPTIONS") {
    response.status = 204;
    response.content_type = "text/plain";
  } else {
    response = ApiError(dialect, 405,
                        dialect == ApiDialect::kV2
                            ? "method not allowed"
                            : "The method is not allowed for the requested "
                              "URL.");
  }
  response.headers.emplace_back("Allow", Join(allowed));
  return response;
}

}  // namespace

ServeSpec ApiServeSpec() {
  ServeSpec spec;
  spec.methods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  spec.cache = false;
  // Writes need a bearer token, which a cross-site form cannot send.
  spec.check_csrf = false;
  spec.error_response = [](const Request& request, int status,
                           const std::string& message) {
    ApiDialect dialect = DialectOf(request.path);
    if (dialect == ApiDialect::kV2 && status == 500) {
      return ApiError(dialect, 500, "internal server error");
    }
    return ApiError(dialect, status, message);
  };
  spec.on_start = [](App& app) {
    if (app.config().secret_key.empty()) {
      throw Error(
          "SDB_SECRET_KEY is not set: the API needs it to verify the "
          "monitoring tokens. Set it in the environment or the config file "
          "(generate one with `openssl rand -hex 32`), then mint tokens "
          "with `sdb-admin token`.");
    }
  };
  return spec;
}

Response HandleApi(App& app, const Request& request) {
  ApiEnv env{app.db(), app.config(), app.log(), std::nullopt};
  return HandleApiRequest(env, request);
}

}  // namespace sdb
