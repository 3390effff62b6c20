// Request metrics of one program process, rendered for GET /metrics in the
// Prometheus text format: requests by route, method and status, a latency
// histogram per route, and page cache hits and misses. Counters live in the
// process (one per FastCGI program; a plain CGI process counts only its
// own request). Gauges read at scrape time (database, open incidents) come
// in as a MetricsSnapshot.
#ifndef SDB_LIB_WEB_METRICS_H_
#define SDB_LIB_WEB_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "base/log.h"
#include "web/http.h"

namespace sdb {

// What /metrics reads at scrape time, beside the counters.
struct MetricsSnapshot {
  int64_t db_busy_waits = 0;           // SQLite busy-handler retries
  int64_t db_transaction_retries = 0;  // whole write transactions run again
  int64_t cache_errors = 0;            // Redis failures (served without it)
  // Events under way now, by impact 0..3 (maintenance, minor, major,
  // outage); nullopt when the database could not be read.
  std::optional<std::array<int64_t, 4>> open_by_impact;
  int schema_version = 0;  // PRAGMA user_version, 0 if unread
  int64_t data_generation = 0;
};

class Metrics {
 public:
  // Latency histogram bucket bounds, in seconds.
  static constexpr std::array<double, 13> kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  // Distinct route labels kept per process; later ones count as "other".
  static constexpr size_t kMaxRoutes = 64;

  // Counting starts now (the process start time in the output).
  explicit Metrics(std::string program);

  // Counts one served request.
  void Record(const RequestRecord& record);

  // The exposition text (version 0.0.4) with the counters and `snapshot`.
  std::string Render(const MetricsSnapshot& snapshot) const;

 private:
  struct Histogram {
    std::array<int64_t, kBuckets.size()> counts{};  // not cumulative
    int64_t count = 0;
    double sum = 0;
  };

  std::string program_;
  long long start_time_;  // Unix time
  std::set<std::string> routes_;
  // (route, method, status) -> requests
  std::map<std::tuple<std::string, std::string, int>, int64_t> requests_;
  std::map<std::string, Histogram> latency_;  // by route
  int64_t cache_hits_ = 0;
  int64_t cache_misses_ = 0;
};

// The route label of a request: its path with every all-digit segment
// written {id} ("/incidents/{id}", "/v2/events/{id}/updates/{id}"), or
// "other" for paths no route answered (404 without an {id}, 405) and for
// unusual or long paths, so scanners cannot grow the label set.
std::string MetricsRoute(const std::string& path, int status);

// "hit" / "miss" from the frame's X-Cache header, else "".
std::string CacheOutcome(const Response& response);

// A label value with \, " and newline escaped as the format requires.
std::string EscapeLabel(const std::string& value);

}  // namespace sdb

#endif  // SDB_LIB_WEB_METRICS_H_
