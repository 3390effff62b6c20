// The operations endpoints: see health.h.
#include "web/health.h"

#include "base/netaddr.h"
#include "base/timeutil.h"
#include "store/db.h"
#include "web/metrics.h"
#include "web/serve.h"

namespace sdb {
namespace {

Response Text(int status, const std::string& body) {
  Response response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Cache-Control", "no-store");
  response.body = body;
  return response;
}

// True when `request` comes from a network in SDB_METRICS_NETWORKS (or from
// no network at all: a CGI run from the shell).
bool FromMetricsNetwork(App& app, const Request& request) {
  return request.remote_addr.empty() ||
         NetworkList::Parse(app.config().metrics_networks)
             .Contains(request.remote_addr);
}

// The verdict for everyone; the database and Redis detail (schema version,
// errors) only for the networks that may read /metrics.
Response Ready(App& app, bool detail) {
  std::string database;
  bool ready = false;
  try {
    int have = app.db().UserVersion();
    int want = Database::SchemaVersion();
    app.model().CurrentGeneration();  // the data is readable
    if (have == want) {
      ready = true;
      database = "ok (schema version " + std::to_string(have) + ")";
    } else {
      database = "schema version " + std::to_string(have) +
                 ", this build needs " + std::to_string(want) +
                 (have < want ? ": run `sdb-admin migrate`" : "");
    }
  } catch (const std::exception& e) {
    database = std::string("unavailable: ") + e.what();
    app.log().Error("readyz: database " + database);
  }
  std::string redis = app.cache().Probe();
  if (redis == "unavailable") redis += " (pages are served without it)";
  std::string verdict = ready ? "ready\n" : "not ready\n";
  if (!detail) return Text(ready ? 200 : 503, verdict);
  return Text(ready ? 200 : 503,
              verdict + "database: " + database + "\nredis: " + redis + "\n");
}

Response MetricsPage(App& app) {
  MetricsSnapshot snapshot;
  snapshot.db_busy_waits = app.db().busy_waits();
  snapshot.db_transaction_retries = app.db().transaction_retries();
  snapshot.cache_errors = app.cache().errors();
  try {
    Transaction read(app.db(), Transaction::Kind::kDeferred);
    snapshot.open_by_impact = CountEventsUnderWayByImpact(app.db(), DbNow());
    snapshot.schema_version = app.db().UserVersion();
    snapshot.data_generation = app.model().CurrentGeneration().number;
    read.Commit();
  } catch (const std::exception& e) {
    snapshot.open_by_impact.reset();
    app.log().Error(std::string("metrics: cannot read the database: ") +
                    e.what());
  }
  Response response = Text(200, app.metrics().Render(snapshot));
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return response;
}

}  // namespace

std::string OpsEndpoint(const std::string& path, const std::string& program) {
  for (const char* name : {"healthz", "readyz", "metrics"}) {
    std::string bare = std::string("/") + name;
    if (path == bare || path == bare + "/" + program) return name;
  }
  return "";
}

std::optional<Response> AnswerOpsRequest(App& app, const std::string& program,
                                         const Request& request) {
  std::string endpoint = OpsEndpoint(request.path, program);
  if (endpoint.empty()) return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD") {
    Response response = Text(405, "Only GET and HEAD are answered here.\n");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  if (endpoint == "healthz") return Text(200, "ok\n");
  if (endpoint == "readyz") return Ready(app, FromMetricsNetwork(app, request));
  if (!FromMetricsNetwork(app, request)) {
    app.log().Warning("metrics refused to " + request.remote_addr +
                      ": not in SDB_METRICS_NETWORKS");
    return Text(403, "Metrics are not available from this address.\n");
  }
  return MetricsPage(app);
}

void ObserveRequest(App& app, const RequestRecord& record) {
  app.metrics().Record(record);
  LogLevel level = LogLevel::kInfo;
  if (record.status >= 500) {
    level = LogLevel::kError;
  } else if (record.status < 400 &&
             !OpsEndpoint(record.path, record.program).empty()) {
    level = LogLevel::kDebug;
  }
  app.log().Request(level, record);
}

}  // namespace sdb
