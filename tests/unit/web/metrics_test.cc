// Unit tests of the request metrics (web/metrics.h): route labels, the
// Prometheus text rendering, and the operations endpoints' names.
#include "web/metrics.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "base/config.h"
#include "base/log.h"
#include "test_support.h"
#include "web/health.h"

namespace {

using sdb_test::Contains;

using sdb_test::RequestRecordOf;

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(route_labels) {
  struct Case {
    const char* path;
    int status;
    const char* route;
  } const kCases[] = {
      {"/", 200, "/"},
      {"/index", 200, "/index"},
      {"/incidents/42", 200, "/incidents/{id}"},
      {"/incidents/42", 404, "/incidents/{id}"},  // a real route, no such id
      {"/v2/events/7/updates/3", 200, "/v2/events/{id}/updates/{id}"},
      {"/rss/", 200, "/rss/"},
      {"/feed.json", 200, "/feed.json"},
      {"/incidents/abc", 404, "other"},  // nothing answered it
      {"/v2/whatever", 404, "other"},
      {"/v2/events", 405, "other"},
      {"/a/b/c/d/e/f/g", 200, "other"},  // too deep
      {"/x y", 200, "other"},            // unusual characters
      {"/\"quoted\"", 200, "other"},
      {"", 200, "other"},
      {"relative", 200, "other"},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT(c.path << " " << c.status) {
      BOOST_TEST(sdb::MetricsRoute(c.path, c.status) == c.route);
    }
  }
  BOOST_TEST(sdb::MetricsRoute("/" + std::string(100, 'a'), 200) == "other");
}

BOOST_AUTO_TEST_CASE(counts_requests_by_route_method_and_status) {
  sdb::Metrics metrics("board");
  metrics.Record(RequestRecordOf("/", 200));
  metrics.Record(RequestRecordOf("/", 200));
  metrics.Record(RequestRecordOf("/", 304));
  metrics.Record(RequestRecordOf("/", 200, 0.003, "BREW"));
  std::string text = metrics.Render({});
  BOOST_TEST(Contains(text,
                      "sdb_requests_total{program=\"board\",route=\"/\","
                      "method=\"GET\",status=\"200\"} 2\n"),
             text);
  BOOST_TEST(Contains(text,
                      "sdb_requests_total{program=\"board\",route=\"/\","
                      "method=\"GET\",status=\"304\"} 1\n"));
  BOOST_TEST(Contains(text,
                      "sdb_requests_total{program=\"board\",route=\"/\","
                      "method=\"other\",status=\"200\"} 1\n"));
  BOOST_TEST(Contains(text, "# TYPE sdb_requests_total counter\n"));
  BOOST_TEST(Contains(text, "# HELP sdb_requests_total "));
}

BOOST_AUTO_TEST_CASE(latency_histogram_is_cumulative) {
  sdb::Metrics metrics("board");
  metrics.Record(RequestRecordOf("/", 200, 0.0005));  // first bucket
  metrics.Record(RequestRecordOf("/", 200, 0.004));   // le 0.005
  metrics.Record(RequestRecordOf("/", 200, 0.3));     // le 0.5
  metrics.Record(RequestRecordOf("/", 200, 60));      // only +Inf
  std::string text = metrics.Render({});
  auto bucket = [&](const std::string& le, int count) {
    std::string line =
        "sdb_request_duration_seconds_bucket{program=\"board\","
        "route=\"/\",le=\"" +
        le + "\"} " + std::to_string(count) + "\n";
    BOOST_TEST(Contains(text, line), line);
  };
  bucket("0.001", 1);
  bucket("0.0025", 1);
  bucket("0.005", 2);
  bucket("0.25", 2);
  bucket("0.5", 3);
  bucket("10", 3);
  bucket("+Inf", 4);
  BOOST_TEST(Contains(text,
                      "sdb_request_duration_seconds_count{program=\"board\","
                      "route=\"/\"} 4\n"));
  BOOST_TEST(Contains(text,
                      "sdb_request_duration_seconds_sum{program=\"board\","
                      "route=\"/\"} 60.3045\n"),
             text);
  BOOST_TEST(Contains(text, "# TYPE sdb_request_duration_seconds histogram\n"));
}

BOOST_AUTO_TEST_CASE(route_labels_are_capped) {
  sdb::Metrics metrics("api");
  for (size_t i = 0; i < sdb::Metrics::kMaxRoutes + 10; ++i) {
    metrics.Record(RequestRecordOf("/v2/r" + std::to_string(i), 200));
  }
  std::string text = metrics.Render({});
  BOOST_TEST(
      Contains(text, "route=\"other\",method=\"GET\",status=\"200\"} 10\n"),
      text);
  BOOST_TEST(!Contains(
      text, "route=\"/v2/r" + std::to_string(sdb::Metrics::kMaxRoutes) + "\""));
}

BOOST_AUTO_TEST_CASE(cache_outcomes_and_snapshot_gauges) {
  sdb::Metrics metrics("board");
  sdb::RequestRecord hit = RequestRecordOf("/", 200);
  hit.cache = "hit";
  sdb::RequestRecord miss = RequestRecordOf("/", 200);
  miss.cache = "miss";
  metrics.Record(hit);
  metrics.Record(hit);
  metrics.Record(miss);
  sdb::MetricsSnapshot snapshot;
  snapshot.db_busy_waits = 7;
  snapshot.db_transaction_retries = 2;
  snapshot.cache_errors = 3;
  snapshot.open_by_impact = std::array<int64_t, 4>{1, 0, 2, 0};
  snapshot.schema_version = 5;
  snapshot.data_generation = 99;
  std::string text = metrics.Render(snapshot);
  for (const char* line : {
           "sdb_cache_requests_total{program=\"board\",result=\"hit\"} 2\n",
           "sdb_cache_requests_total{program=\"board\",result=\"miss\"} 1\n",
           "sdb_cache_errors_total{program=\"board\"} 3\n",
           "sdb_db_busy_retries_total{program=\"board\"} 7\n",
           "sdb_db_transaction_retries_total{program=\"board\"} 2\n",
           "sdb_database_up{program=\"board\"} 1\n",
           "sdb_open_incidents{program=\"board\",impact=\"maintenance\"} 1\n",
           "sdb_open_incidents{program=\"board\",impact=\"minor\"} 0\n",
           "sdb_open_incidents{program=\"board\",impact=\"major\"} 2\n",
           "sdb_open_incidents{program=\"board\",impact=\"outage\"} 0\n",
           "sdb_schema_version{program=\"board\"} 5\n",
           "sdb_data_generation{program=\"board\"} 99\n",
           "# TYPE sdb_process_start_time_seconds gauge\n",
       }) {
    BOOST_TEST(Contains(text, line), line);
  }
  // Without the database: it says so, and leaves the data gauges out.
  std::string down = metrics.Render({});
  BOOST_TEST(Contains(down, "sdb_database_up{program=\"board\"} 0\n"));
  BOOST_TEST(!Contains(down, "sdb_open_incidents{"));
}

BOOST_AUTO_TEST_CASE(cache_outcome_from_the_frame_header) {
  sdb::Response response;
  BOOST_TEST(sdb::CacheOutcome(response) == "");
  response.headers.emplace_back("x-cache", "HIT");
  BOOST_TEST(sdb::CacheOutcome(response) == "hit");
  response.headers.clear();
  response.headers.emplace_back("X-Cache", "MISS");
  BOOST_TEST(sdb::CacheOutcome(response) == "miss");
}

BOOST_AUTO_TEST_CASE(label_values_are_escaped) {
  BOOST_TEST(sdb::EscapeLabel("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
}

BOOST_AUTO_TEST_CASE(ops_endpoints) {
  BOOST_TEST(sdb::OpsEndpoint("/healthz", "board") == "healthz");
  BOOST_TEST(sdb::OpsEndpoint("/readyz/board", "board") == "readyz");
  BOOST_TEST(sdb::OpsEndpoint("/metrics/api", "api") == "metrics");
  BOOST_TEST(sdb::OpsEndpoint("/metrics/api", "board") == "");
  BOOST_TEST(sdb::OpsEndpoint("/metricsx", "board") == "");
  BOOST_TEST(sdb::OpsEndpoint("/", "board") == "");
}

BOOST_AUTO_TEST_SUITE_END()
