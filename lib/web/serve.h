// The program frame every cgi-bin program shares: configuration, database,
// templates and page cache (App), and one Serve loop that takes FastCGI
// requests (or one plain CGI request), applies the policy checks (method
// allow-list, body cap), the page cache and conditional requests, turns
// exceptions into a logged 500, and writes the headers last.
#ifndef SDB_LIB_WEB_SERVE_H_
#define SDB_LIB_WEB_SERVE_H_

#include <functional>
#include <string>
#include <vector>

#include "base/config.h"
#include "base/log.h"
#include "store/db.h"
#include "store/model.h"
#include "web/cache.h"
#include "web/http.h"
#include "web/metrics.h"
#include "web/page.h"
#include "base/template.h"

namespace sdb {

class App;

struct ServeSpec {
  // Methods the program answers; others get 405 with an Allow header.
  std::vector<std::string> methods = {"GET", "HEAD"};
  // Whether anonymous GET/HEAD responses are cached whole in Redis, keyed by
  // path, the cache_params below, the visitor's zone and the generation.
  bool cache = false;
  // The query parameters that select a cached page; others are ignored by
  // the handler and left out of the cache key.
  std::vector<std::string> cache_params;
  // When set, renders the frame's own error responses (405, 400, 413, and
  // the 500 for an escaped exception) instead of the HTML error page: the
  // API answers them in JSON.
  std::function<Response(const Request& request, int status,
                         const std::string& message)>
      error_response;
  // Only signed-in operators may use this program: anonymous requests get
  // 401 with a link to the sign-in.
  bool operators_only = false;
  // Whether POSTs from a signed-in browser session must carry the session's
  // CSRF token (kCsrfField) and come from this site (Origin/Referer). Off
  // only for the API, whose writes need a bearer token a page cannot send.
  bool check_csrf = true;
  // When set, called once after the App is built, before the first request;
  // throwing sdb::Error stops the program with that message.
  std::function<void(App&)> on_start;
};

using Handler = std::function<Response(App&, const Request&)>;

class App {
 public:
  // Loads the configuration, opens the database (which must have the
  // current schema) and the templates. Throws sdb::Error when any fails.
  explicit App(const std::string& program);

  const Config& config() const { return config_; }
  const Logger& log() const { return log_; }
  Database& db() { return db_; }
  Model& model() { return model_; }
  const Templates& templates() const { return templates_; }
  PageCache& cache() { return cache_; }
  // This process's request counters for /metrics (health.h).
  Metrics& metrics() { return metrics_; }

  // Serves requests until the FastCGI socket closes; as plain CGI (no
  // FastCGI socket on fd 0), serves exactly one. Returns the exit status.
  int Serve(const ServeSpec& spec, const Handler& handler);

  // The chrome of an HTML page for `request`: site title, the visitor's
  // zone, the way back for the zone form.
  PageChrome Chrome(const Request& request, const std::string& title,
                    const std::string& active_nav) const;

  // An HTML page for an expected failure (404, 422, ...) with `message`
  // and, optionally, links onwards (label, local URL).
  using Links = std::vector<std::pair<std::string, std::string>>;
  Response ErrorPage(int status, const std::string& message,
                     const Links& links = {}) const;

  // Runs one request through the policy checks (session, operator-only,
  // CSRF), cache and handler; fills request.signed_in. Exposed so tests can
  // drive the frame without a socket.
  Response Respond(const ServeSpec& spec, const Handler& handler,
                   Request& request);

 private:
  Response Dispatch(const ServeSpec& spec, const Handler& handler,
                    const Request& request);
  // Answers the zone form (?tz=ZONE&back=URL): sets the cookie and
  // redirects back, or 400 for an unknown zone.
  Response ChooseZone(const Request& request) const;
  std::string CacheKey(const ServeSpec& spec, const Request& request,
                       int64_t generation) const;
  // The session checks before the handler: who is asking, whether they may,
  // and for a session's POST whether the form came from this site. Returns
  // the refusal, if any.
  std::optional<Response> CheckOperator(const ServeSpec& spec,
                                        Request& request);

  std::string program_;
  Config config_;
  Logger log_;
  Database db_;
  Model model_;
  Templates templates_;
  PageCache cache_;
  Metrics metrics_{program_};
  // The operator of the request being served, for the chrome of error
  // pages (which are built without the request).
  std::optional<Operator> current_operator_;
};

// What a program's main calls: builds the App (printing why and returning
// 1 when it cannot start) and serves.
int RunProgram(const std::string& program, const ServeSpec& spec,
               const Handler& handler);

// Adds the security headers and ETag/Last-Modified, answers conditional
// requests with 304, and returns the header block to write ("Status: ..."
// first, as FastCGI and CGI expect, through the blank line). What follows
// it is response.body, which is emptied when nothing may follow (HEAD, 304):
// the body is written from where it is, never copied.
std::string FinishHeaders(const Request& request, Response& response);

// A strong ETag for `body`.
std::string BodyEtag(const std::string& body);

}  // namespace sdb

#endif  // SDB_LIB_WEB_SERVE_H_
