// Request metrics: see metrics.h.
#include "web/metrics.h"

#include <strings.h>
#include <unistd.h>

#include <cstdio>

#include "base/timeutil.h"
#include "store/model.h"

namespace sdb {
namespace {

std::string Number(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

// A method label: the methods the programs answer, else "other".
std::string MethodLabel(const std::string& method) {
  static const char* const kKnown[] = {"GET",   "HEAD",   "POST",   "PUT",
                                       "PATCH", "DELETE", "OPTIONS"};
  for (const char* known : kKnown) {
    if (method == known) return method;
  }
  return "other";
}

// Appends the # HELP and # TYPE lines of one metric family.
void Family(std::string& out, const char* name, const char* type,
            const char* help) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " +
         type + "\n";
}

// Appends a family of one sample, labelled with the program alone.
void Single(std::string& out, const char* name, const char* type,
            const char* help, const std::string& program,
            const std::string& value) {
  Family(out, name, type, help);
  out += std::string(name) + "{" + program + "} " + value + "\n";
}

}  // namespace

std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string MetricsRoute(const std::string& path, int status) {
  if (path.empty() || path[0] != '/' || path.size() > 80) return "other";
  std::string route;
  size_t start = 1;
  int segments = 0;
  bool has_id = false;
  while (true) {
    size_t end = path.find('/', start);
    std::string segment = path.substr(
        start, end == std::string::npos ? std::string::npos : end - start);
    if (++segments > 6) return "other";
    if (!segment.empty() &&
        segment.find_first_not_of("0123456789") == std::string::npos) {
      route += "/{id}";
      has_id = true;
    } else {
      for (unsigned char c : segment) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        if (!ok) return "other";
      }
      route += "/" + segment;
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (status == 405 || (status == 404 && !has_id)) return "other";
  return route;
}

std::string CacheOutcome(const Response& response) {
  for (const auto& [name, value] : response.headers) {
    if (strcasecmp(name.c_str(), "X-Cache") != 0) continue;
    if (value == "HIT") return "hit";
    if (value == "MISS") return "miss";
  }
  return "";
}

Metrics::Metrics(std::string program)
    : program_(std::move(program)), start_time_(UnixNow()) {}

void Metrics::Record(const RequestRecord& record) {
  std::string route = MetricsRoute(record.path, record.status);
  if (!routes_.count(route)) {
    if (routes_.size() >= kMaxRoutes) {
      route = "other";
    } else {
      routes_.insert(route);
    }
  }
  ++requests_[{route, MethodLabel(record.method), record.status}];
  Histogram& histogram = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (record.seconds <= kBuckets[i]) {
      ++histogram.counts[i];
      break;
    }
  }
  ++histogram.count;
  histogram.sum += record.seconds;
  if (record.cache == "hit") ++cache_hits_;
  if (record.cache == "miss") ++cache_misses_;
}

std::string Metrics::Render(const MetricsSnapshot& snapshot) const {
  const std::string program = "program=\"" + EscapeLabel(program_) + "\"";
  std::string out;
  Family(out, "sdb_requests_total", "counter",
         "Requests answered by this process, by route, method and status.");
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += "sdb_requests_total{" + program + ",route=\"" + EscapeLabel(route) +
           "\",method=\"" + method + "\",status=\"" + std::to_string(status) +
           "\"} " + std::to_string(count) + "\n";
  }
  Family(out, "sdb_request_duration_seconds", "histogram",
         "Time from reading a request to writing its response.");
  for (const auto& [route, histogram] : latency_) {
    std::string labels = program + ",route=\"" + EscapeLabel(route) + "\"";
    int64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += histogram.counts[i];
      out += "sdb_request_duration_seconds_bucket{" + labels + ",le=\"" +
             Number(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "sdb_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(histogram.count) + "\n";
    out += "sdb_request_duration_seconds_sum{" + labels + "} " +
           Number(histogram.sum) + "\n";
    out += "sdb_request_duration_seconds_count{" + labels + "} " +
           std::to_string(histogram.count) + "\n";
  }
  Family(out, "sdb_cache_requests_total", "counter",
         "Page cache (Redis) lookups of cacheable pages, by result.");
  out += "sdb_cache_requests_total{" + program + ",result=\"hit\"} " +
         std::to_string(cache_hits_) + "\n";
  out += "sdb_cache_requests_total{" + program + ",result=\"miss\"} " +
         std::to_string(cache_misses_) + "\n";
  Single(out, "sdb_cache_errors_total", "counter",
         "Redis failures; the pages concerned were served from SQLite.",
         program, std::to_string(snapshot.cache_errors));
  Single(out, "sdb_db_busy_retries_total", "counter",
         "Waits for a locked SQLite database before retrying a statement.",
         program, std::to_string(snapshot.db_busy_waits));
  Single(out, "sdb_db_transaction_retries_total", "counter",
         "Write transactions rolled back and run again because the "
         "database stayed busy.",
         program, std::to_string(snapshot.db_transaction_retries));
  Single(out, "sdb_database_up", "gauge",
         "1 when the database could be read for this scrape, else 0.", program,
         snapshot.open_by_impact ? "1" : "0");
  if (snapshot.open_by_impact) {
    Family(out, "sdb_open_incidents", "gauge",
           "Incidents and maintenances under way now, by impact.");
    for (int impact = 0; impact < 4; ++impact) {
      out += "sdb_open_incidents{" + program + ",impact=\"" +
             ImpactKey(impact) + "\"} " +
             std::to_string((*snapshot.open_by_impact)[impact]) + "\n";
    }
    Single(out, "sdb_schema_version", "gauge",
           "The database schema version (PRAGMA user_version).", program,
           std::to_string(snapshot.schema_version));
    Single(out, "sdb_data_generation", "gauge",
           "The data generation: bumped by every write.", program,
           std::to_string(snapshot.data_generation));
  }
  // The pid tells which process answered when several serve one socket,
  // each with its own counters.
  Family(out, "sdb_process_start_time_seconds", "gauge",
         "Start time of the process, seconds since the Unix epoch.");
  out += "sdb_process_start_time_seconds{" + program + ",pid=\"" +
         std::to_string(::getpid()) + "\"} " + std::to_string(start_time_) +
         "\n";
  return out;
}

}  // namespace sdb
