// The program frame: see serve.h.
#include "web/serve.h"

#include <fcgiapp.h>
#include <malloc.h>
#include <openssl/crypto.h>
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "base/timeutil.h"
#include "error.tpl.varnames.h"
#include "web/health.h"
#include "web/session.h"

namespace sdb {
namespace {

// Where a request comes from and its response goes: a FastCGI request or
// the process's own CGI environment.
class Exchange {
 public:
  virtual ~Exchange() = default;
  virtual std::string Var(const char* name) const = 0;
  virtual std::string ReadBody(size_t length) = 0;
  virtual void Write(const std::string& data) = 0;
};

class FcgiExchange : public Exchange {
 public:
  explicit FcgiExchange(FCGX_Request& request) : request_(request) {}
  std::string Var(const char* name) const override {
    const char* value = FCGX_GetParam(name, request_.envp);
    return value ? value : "";
  }
  std::string ReadBody(size_t length) override {
    std::string body(length, '\0');
    int n =
        length ? FCGX_GetStr(body.data(), static_cast<int>(length), request_.in)
               : 0;
    body.resize(n > 0 ? static_cast<size_t>(n) : 0);
    return body;
  }
  void Write(const std::string& data) override {
    FCGX_PutStr(data.data(), static_cast<int>(data.size()), request_.out);
  }

 private:
  FCGX_Request& request_;
};

class CgiExchange : public Exchange {
 public:
  std::string Var(const char* name) const override {
    const char* value = std::getenv(name);
    return value ? value : "";
  }
  std::string ReadBody(size_t length) override {
    std::string body(length, '\0');
    size_t n = length ? std::fread(body.data(), 1, length, stdin) : 0;
    body.resize(n);
    return body;
  }
  void Write(const std::string& data) override {
    std::fwrite(data.data(), 1, data.size(), stdout);
    std::fflush(stdout);
  }
};

// RAII for the libfcgi request handle.
class FcgiRequest {
 public:
  FcgiRequest() { FCGX_InitRequest(&request_, 0, 0); }
  ~FcgiRequest() { FCGX_Free(&request_, 1); }
  FcgiRequest(const FcgiRequest&) = delete;
  FcgiRequest& operator=(const FcgiRequest&) = delete;
  FCGX_Request& get() { return request_; }

 private:
  FCGX_Request request_{};
};

std::string VarOf(const void* exchange, const char* name) {
  return static_cast<const Exchange*>(exchange)->Var(name);
}

std::string RandomRequestId() {
  static const char kHex[] = "0123456789abcdef";
  unsigned char bytes[8];
  if (FILE* f = std::fopen("/dev/urandom", "rb")) {
    if (std::fread(bytes, 1, sizeof bytes, f) != sizeof bytes) {
      std::memset(bytes, 0, sizeof bytes);
    }
    std::fclose(f);
  }
  std::string id;
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

bool Allowed(const ServeSpec& spec, const std::string& method) {
  return std::find(spec.methods.begin(), spec.methods.end(), method) !=
         spec.methods.end();
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : sep) + item;
  return out;
}

// Anonymous pages may be kept briefly by browsers and proxies; the zone
// cookie changes their content.
// nginx keeps them 1 s (s-maxage) and may serve them for stale_seconds more
// while the program cannot answer (stale-if-error).
void AddPublicCacheHeaders(Response& response, long stale_seconds) {
  response.headers.emplace_back(
      "Cache-Control", "public, max-age=5, s-maxage=1, stale-if-error=" +
                           std::to_string(stale_seconds));
  response.headers.emplace_back("Vary", "Cookie");
}

bool EtagMatches(const std::string& header, const std::string& etag) {
  if (header.empty() || etag.empty()) return false;
  if (header == "*") return true;
  // A comma-separated list; weak validators compare by their opaque tag.
  std::string bare = etag.rfind("W/", 0) == 0 ? etag.substr(2) : etag;
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    std::string item = header.substr(start, end - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.rfind("W/", 0) == 0) item = item.substr(2);
    if (item == bare) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::string BodyEtag(const std::string& body) {
  // XXH3, 64 bit: stable across builds and machines, and a fraction of an
  // instruction a byte (a byte-wise hash was a tenth of a board render);
  // not a security boundary.
  XXH64_hash_t hash = XXH3_64bits(body.data(), body.size());
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "\"%016llx\"",
                static_cast<unsigned long long>(hash));
  return buffer;
}

App::App(const std::string& program)
    : program_(program),
      config_(LoadConfig()),
      log_(program, config_.log_level),
      db_(config_.database),
      model_(db_),
      templates_(config_.template_dir),
      cache_(config_, log_) {
  db_.RequireCurrentSchema();
}

Response App::ErrorPage(int status, const std::string& message,
                        const Links& links) const {
  Response response;
  response.status = status;
  try {
    ctemplate::TemplateDictionary dict("error");
    PageChrome chrome;
    chrome.title = StatusText(status);
    chrome.site_title = config_.site_title;
    chrome.signed_in = current_operator_;
    FillPageChrome(chrome, &dict);
    for (const auto& [label, href] : links) {
      auto* link = dict.AddSectionDictionary(ke_LINK);
      link->SetValue(ke_LINK_LABEL, label);
      link->SetValue(ke_LINK_HREF, href);
    }
    dict.SetIntValue(ke_STATUS, status);
    dict.SetValue(ke_STATUS_TEXT, StatusText(status));
    dict.SetValue(ke_MESSAGE, message);
    response.body = templates_.Expand("error.tpl", dict);
  } catch (const std::exception& e) {
    log_.Error(std::string("error page: ") + e.what());
    response.content_type = "text/plain; charset=utf-8";
    response.body = std::to_string(status) + " " + StatusText(status) + ": " +
                    message + "\n";
  }
  return response;
}

PageChrome App::Chrome(const Request& request, const std::string& title,
                       const std::string& active_nav) const {
  PageChrome chrome;
  chrome.title = title;
  chrome.active_nav = active_nav;
  chrome.site_title = config_.site_title;
  chrome.current_url = request.path;
  if (!request.query_string.empty()) {
    chrome.current_url += "?" + request.query_string;
  }
  chrome.zone = RequestZone(request);
  chrome.signed_in = request.signed_in;
  auto providers = SignInProviders(config_);
  if (!providers.empty()) {
    chrome.sign_in_url = "/login/" + providers.front() +
                         "?next=" + UrlEncode(chrome.current_url);
  }
  return chrome;
}

Response App::ChooseZone(const Request& request) const {
  std::string name = request.Param(kZoneParam).value_or("");
  auto zone = DisplayZone::Find(name);
  if (!zone) {
    return ErrorPage(400, "\"" + name +
                              "\" is not a time zone this site knows; pick "
                              "one from the list at the bottom of the page.");
  }
  // Only a local path is a way back: never another site.
  std::string back = LocalPathOr(request.Param("back"));
  Response response;
  response.status = 303;
  response.headers.emplace_back("Location", back);
  response.headers.emplace_back("Set-Cookie",
                                std::string(kZoneCookie) + "=" + zone->name() +
                                    "; Path=/; Max-Age=31536000; SameSite=Lax" +
                                    (request.https ? "; Secure" : ""));
  response.headers.emplace_back("Cache-Control", "no-store");
  response.content_type = "text/plain; charset=utf-8";
  response.body = "See " + back + "\n";
  return response;
}

std::string App::CacheKey(const ServeSpec& spec, const Request& request,
                          int64_t generation) const {
  // The path is part of the key: some pages take their subject from it
  // (/incidents/<id>).
  std::string key = "page:" + program_ + ":g" + std::to_string(generation) +
                    ":" + RequestZone(request).name() + ":" +
                    UrlEncode(request.path) + "?";
  // Without SDB_BASE_URL, feeds build absolute links from the request's
  // scheme and host: one visitor's Host header must not reach another's.
  if (config_.base_url.empty()) {
    key += std::string(request.https ? "https://" : "http://") +
           UrlEncode(request.Header("host")) + "," +
           UrlEncode(request.Header("x-forwarded-proto")) + "?";
  }
  for (const auto& name : spec.cache_params) {
    if (auto value = request.Param(name)) {
      key += name + "=" + UrlEncode(*value) + "&";
    }
  }
  return key;
}

Response App::Dispatch(const ServeSpec& spec, const Handler& handler,
                       const Request& request) {
  bool cacheable = spec.cache &&
                   (request.method == "GET" || request.method == "HEAD") &&
                   !request.signed_in;
  if (spec.cache && request.Param(kZoneParam)) return ChooseZone(request);
  if (!cacheable) return handler(*this, request);

  std::string now = DbNow();
  Generation generation = model_.CurrentGeneration();
  std::string key = CacheKey(spec, request, generation.number);
  if (cache_.enabled()) {
    if (auto page = cache_.Get(key)) {
      Response response;
      response.content_type = page->content_type;
      response.headers.emplace_back("ETag", page->etag);
      response.headers.emplace_back("X-Cache", "HIT");
      response.last_modified = page->last_modified;
      response.body = std::move(page->body);
      AddPublicCacheHeaders(response, config_.stale_seconds);
      return response;
    }
  }
  Response response = handler(*this, request);
  if (response.status != 200) return response;
  AddPublicCacheHeaders(response, config_.stale_seconds);
  // The page shows `now`: it changed at the last write or at the last
  // scheduled start/end, and goes stale at the next one.
  long long modified = ParseDbTime(generation.changed_at).value_or(0);
  if (auto last = model_.LastScheduledChange(now)) {
    modified = std::max(modified, ParseDbTime(*last).value_or(0));
  }
  response.last_modified = std::max(response.last_modified, modified);
  std::string etag = BodyEtag(response.body);
  response.headers.emplace_back("ETag", etag);
  if (cache_.enabled()) {
    int ttl = config_.cache_default_timeout;
    if (auto next = model_.NextScheduledChange(now)) {
      long long until = ParseDbTime(*next).value_or(0) - UnixNow();
      ttl = static_cast<int>(std::clamp<long long>(until, 1, ttl));
    }
    cache_.Put(
        key,
        {response.content_type, etag, response.last_modified, response.body},
        ttl);
    response.headers.emplace_back("X-Cache", "MISS");
  }
  return response;
}

std::optional<Response> App::CheckOperator(const ServeSpec& spec,
                                           Request& request) {
  current_operator_.reset();
  auto cookie = request.cookies.find(kSessionCookie);
  if (cookie != request.cookies.end()) {
    request.signed_in =
        SessionStore(db_, config_).Find(cookie->second, UnixNow());
    current_operator_ = request.signed_in;
  }
  if (spec.operators_only && !request.signed_in) {
    Links links;
    for (const auto& provider : SignInProviders(config_)) {
      links.emplace_back(
          provider == "github" ? "Sign in with GitHub" : "Sign in",
          "/login/" + provider + "?next=" +
              UrlEncode(request.method == "GET" ? request.path : "/"));
    }
    return ErrorPage(401,
                     links.empty()
                         ? "Only signed-in operators may use this page, and "
                           "no sign-in provider is set up on this site "
                           "(SDB_OPENID_ISSUER_URL or SDB_GITHUB_CLIENT_ID)."
                         : "Only signed-in operators may use this page. "
                           "Please sign in first.",
                     links);
  }
  bool safe = request.method == "GET" || request.method == "HEAD" ||
              request.method == "OPTIONS";
  if (safe || !request.signed_in || !spec.check_csrf) return std::nullopt;
  // A form posted with the session's cookie: it must come from one of our
  // own pages (same origin) and carry the session's token.
  std::string origin = BaseUrl(config_, request);
  std::string sender = request.Header("origin");
  bool same_site = false;
  if (!sender.empty()) {
    same_site = sender == origin;
  } else {
    std::string referer = request.Header("referer");
    same_site = referer.rfind(origin + "/", 0) == 0 || referer == origin;
  }
  std::string token = request.FormField(kCsrfField).value_or("");
  const std::string& expected = request.signed_in->csrf_token;
  bool token_ok =
      token.size() == expected.size() && !expected.empty() &&
      CRYPTO_memcmp(token.data(), expected.data(), token.size()) == 0;
  if (same_site && token_ok) return std::nullopt;
  log_.Warning("request " + request.request_id + " " + request.method + " " +
               request.path + " refused: " +
               (same_site ? "missing or wrong CSRF token"
                          : "cross-site (origin \"" + sender + "\")"));
  return ErrorPage(
      403, same_site
               ? "This form has expired or did not come from this site, so "
                 "nothing was changed. Go back, reload the page and send it "
                 "again."
               : "This request did not come from one of this site's pages, "
                 "so nothing was changed.");
}

Response App::Respond(const ServeSpec& spec, const Handler& handler,
                      Request& request) {
  try {
    std::optional<Response> refusal = CheckOperator(spec, request);
    Response response =
        refusal ? std::move(*refusal) : Dispatch(spec, handler, request);
    if (request.signed_in) {
      // An operator's pages are theirs alone: never stored anywhere.
      std::erase_if(response.headers, [](const auto& header) {
        return strcasecmp(header.first.c_str(), "Cache-Control") == 0 ||
               strcasecmp(header.first.c_str(), "X-Cache") == 0;
      });
      response.headers.emplace_back("Cache-Control", "private, no-store");
    } else if (request.cookies.count(kSessionCookie)) {
      // The session ended: forget the cookie so pages are shared again
      // (unless the handler just set a new one: a sign-in, a sign-out).
      bool sets_session = std::any_of(
          response.headers.begin(), response.headers.end(), [](const auto& h) {
            return strcasecmp(h.first.c_str(), "Set-Cookie") == 0 &&
                   h.second.rfind(std::string(kSessionCookie) + "=", 0) == 0;
          });
      if (!sets_session) {
        response.headers.emplace_back("Set-Cookie",
                                      SessionCookie("", request.https, 0));
      }
    }
    return response;
  } catch (const Unavailable& e) {
    // Nothing was changed: the client may send the request again.
    bool full = e.reason() == Unavailable::Reason::kFull;
    log_.Warning("request " + request.request_id + " " + request.method + " " +
                 request.path + " unavailable: " + e.what());
    std::string message =
        full ? "The status dashboard cannot store changes right now: its "
               "disk is full. Nothing was changed; please try again later."
             : "The status dashboard is busy storing other changes. Nothing "
               "was changed; please try again in a few seconds.";
    Response busy = spec.error_response
                        ? spec.error_response(request, 503, message)
                        : ErrorPage(503, message);
    busy.headers.emplace_back("Retry-After", full ? "60" : "5");
    return busy;
  } catch (const std::exception& e) {
    log_.Error("request " + request.request_id + " " + request.method + " " +
               request.path + " failed: " + e.what());
    const char* message =
        "Something went wrong on our side. The error has been "
        "logged; please try again in a moment.";
    if (spec.error_response) return spec.error_response(request, 500, message);
    return ErrorPage(500, message);
  }
}

std::string FinishHeaders(const Request& request, Response& response) {
  auto has = [&](const char* name) {
    for (const auto& [key, value] : response.headers) {
      if (strcasecmp(key.c_str(), name) == 0) return true;
    }
    return false;
  };
  std::string etag;
  for (const auto& [key, value] : response.headers) {
    if (strcasecmp(key.c_str(), "ETag") == 0) etag = value;
  }
  if (response.status == 200 &&
      (request.method == "GET" || request.method == "HEAD")) {
    bool not_modified = false;
    std::string if_none_match = request.Header("if-none-match");
    if (!if_none_match.empty()) {
      not_modified = EtagMatches(if_none_match, etag);
    } else if (response.last_modified > 0) {
      auto since = ParseHttpDate(request.Header("if-modified-since"));
      not_modified = since && response.last_modified <= *since;
    }
    if (not_modified) {
      response.status = 304;
      response.body.clear();
    }
  }

  std::string out = "Status: " + std::to_string(response.status) + " " +
                    StatusText(response.status) + "\r\n";
  auto add = [&](const std::string& name, const std::string& value) {
    out += name + ": " + value + "\r\n";
  };
  if (response.status != 304) add("Content-Type", response.content_type);
  if (response.last_modified > 0) {
    add("Last-Modified", HttpDate(response.last_modified));
  }
  if (!has("Cache-Control")) add("Cache-Control", "no-cache");
  add("Content-Security-Policy",
      "default-src 'none'; style-src 'self'; img-src 'self' data:; "
      "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  add("X-Content-Type-Options", "nosniff");
  add("X-Frame-Options", "DENY");
  add("Referrer-Policy", "same-origin");
  if (request.https) add("Strict-Transport-Security", "max-age=31536000");
  for (const auto& [name, value] : response.headers) add(name, value);
  if (response.status != 304)
    add("Content-Length", std::to_string(response.body.size()));
  out += "\r\n";
  if (request.method == "HEAD") response.body.clear();
  return out;
}

namespace {

// The frame's own error response: the spec's renderer, else the HTML page.
Response FrameError(App& app, const ServeSpec& spec, const Request& request,
                    int status, const std::string& message) {
  if (spec.error_response) return spec.error_response(request, status, message);
  return app.ErrorPage(status, message);
}

// Bodies from this size on are followed by malloc_trim (ServeOne).
constexpr size_t kTrimAfterBytes = 1 << 20;

// One request from `exchange` through the frame, logged.
void ServeOne(App& app, const ServeSpec& spec, const Handler& handler,
              Exchange& exchange, const std::string& program) {
  auto started = std::chrono::steady_clock::now();
  Request request;
  request.method = exchange.Var("REQUEST_METHOD");
  request.path = RequestPath(VarOf, &exchange);
  Response response;
  std::string length_text = exchange.Var("CONTENT_LENGTH");
  char* end = nullptr;
  unsigned long long length =
      length_text.empty() ? 0 : std::strtoull(length_text.c_str(), &end, 10);
  bool length_ok = length_text.empty() || (end && *end == '\0');
  // /healthz, /readyz, /metrics answer GET in every program (health.h).
  if (!Allowed(spec, request.method) &&
      OpsEndpoint(request.path, program).empty()) {
    response = FrameError(
        app, spec, request, 405,
        "This address does not accept " + request.method + " requests.");
    response.headers.emplace_back("Allow", Join(spec.methods, ", "));
  } else if (!length_ok) {
    response = FrameError(app, spec, request, 400,
                          "The Content-Length header is malformed.");
  } else if (length >
             static_cast<unsigned long long>(app.config().max_body_bytes)) {
    response = FrameError(app, spec, request, 413,
                          "The request body is larger than the " +
                              std::to_string(app.config().max_body_bytes) +
                              " bytes this server accepts.");
  } else {
    bool parsed = true;
    try {
      request = ParseRequest(VarOf, &exchange, exchange.ReadBody(length));
    } catch (const std::exception& e) {
      parsed = false;
      request.request_id = exchange.Var("REQUEST_ID");
      response = FrameError(app, spec, request, 400,
                            "The request could not be parsed.");
      app.log().Warning("unparseable request: " + std::string(e.what()));
    }
    if (parsed) {
      TrustForwardedProto(app.config().trusted_proxies, request);
      // /healthz, /readyz, /metrics: before sign-in, cache and handler.
      auto ops = AnswerOpsRequest(app, program, request);
      response = ops ? std::move(*ops) : app.Respond(spec, handler, request);
    }
  }
  if (request.request_id.empty()) request.request_id = RandomRequestId();
  exchange.Write(FinishHeaders(request, response));
  if (!response.body.empty()) exchange.Write(response.body);
  if (response.body.capacity() >= kTrimAfterBytes) {
    // A large body (the API's every-event views) leaves freed memory that
    // glibc keeps for the process; hand it back to the system.
    std::string().swap(response.body);
    malloc_trim(0);
  }
  RequestRecord record{
      request.request_id,
      program,
      request.method,
      request.path,
      response.status,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count(),
      CacheOutcome(response),
      request.signed_in ? request.signed_in->name : std::string()};
  ObserveRequest(app, record);  // the log line and the metrics (health.h)
}

}  // namespace

int App::Serve(const ServeSpec& spec, const Handler& handler) {
  if (FCGX_IsCGI()) {
    CgiExchange exchange;
    ServeOne(*this, spec, handler, exchange, program_);
    return 0;
  }
  if (FCGX_Init() != 0) {
    log_.Error("FCGX_Init failed");
    return 1;
  }
  FcgiRequest request;
  while (FCGX_Accept_r(&request.get()) >= 0) {
    FcgiExchange exchange(request.get());
    ServeOne(*this, spec, handler, exchange, program_);
    FCGX_Finish_r(&request.get());
  }
  return 0;
}

int RunProgram(const std::string& program, const ServeSpec& spec,
               const Handler& handler) {
  std::signal(SIGPIPE, SIG_IGN);
  try {
    App app(program);
    if (spec.on_start) spec.on_start(app);
    return app.Serve(spec, handler);
  } catch (const std::exception& e) {
    std::cerr << program << ": cannot start: " << e.what() << std::endl;
    return 1;
  }
}

}  // namespace sdb
