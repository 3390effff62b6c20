// The operations endpoints every program answers in the Serve frame,
// before sign-in checks, the page cache or the program's handler:
//
// GET /healthz, /healthz/<program>
//   200 "ok": the process is up and takes requests. Touches nothing else.
// GET /readyz, /readyz/<program>
//   200 when the database answers and has the schema this build needs,
//   503 otherwise; the body says which, and whether Redis answers (Redis
//   is reported, never required: pages are served without it).
// GET /metrics, /metrics/<program>
//   200 Prometheus text format (metrics.h) when REMOTE_ADDR is in
//   SDB_METRICS_NETWORKS (or there is no REMOTE_ADDR: a CGI run by hand),
//   else 403. The web server's route table restricts it as well.
//
// HEAD is answered like GET; other methods get 405. The web server routes
// /<endpoint>/<program> to that program's socket, and the bare names to
// the board.
#ifndef SDB_LIB_WEB_HEALTH_H_
#define SDB_LIB_WEB_HEALTH_H_

#include <optional>
#include <string>

#include "base/log.h"
#include "web/http.h"

namespace sdb {

class App;

// The endpoint `path` names for `program` ("healthz", "readyz",
// "metrics"), or "" when it is none of them.
std::string OpsEndpoint(const std::string& path, const std::string& program);

// The answer to `request` when it is for an operations endpoint, else
// nullopt (the request goes on to the program).
std::optional<Response> AnswerOpsRequest(App& app, const std::string& program,
                                         const Request& request);

// After a request is answered: counts it in the App's metrics and writes
// its log line (log.h), at info, at error for a 5xx answer, and at debug
// for answered /healthz, /readyz and /metrics requests, so load balancer
// probes and scrapes do not fill the log.
void ObserveRequest(App& app, const RequestRecord& record);

}  // namespace sdb

#endif  // SDB_LIB_WEB_HEALTH_H_
