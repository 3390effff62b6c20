// Unit tests of the operations layer: route labels, the Prometheus text
// rendering, the metrics network list, the endpoint names, and the request
// log line (fields, escaping).
#include "web/metrics.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "base/config.h"
#include "base/error.h"
#include "base/log.h"
#include "base/netaddr.h"
#include "test_support.h"
#include "web/health.h"

namespace {

using sdb_test::Contains;

sdb::RequestRecord Record(const std::string& path, int status,
                          double seconds = 0.003,
                          const std::string& method = "GET") {
  sdb::RequestRecord record;
  record.request_id = "r1";
  record.program = "board";
  record.method = method;
  record.path = path;
  record.status = status;
  record.seconds = seconds;
  return record;
}

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
  metrics.Record(Record("/", 200));
  metrics.Record(Record("/", 200));
  metrics.Record(Record("/", 304));
  metrics.Record(Record("/", 200, 0.003, "BREW"));
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
  metrics.Record(Record("/", 200, 0.0005));  // first bucket
  metrics.Record(Record("/", 200, 0.004));   // le 0.005
  metrics.Record(Record("/", 200, 0.3));     // le 0.5
  metrics.Record(Record("/", 200, 60));      // only +Inf
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
    metrics.Record(Record("/v2/r" + std::to_string(i), 200));
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
  sdb::RequestRecord hit = Record("/", 200);
  hit.cache = "hit";
  sdb::RequestRecord miss = Record("/", 200);
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

BOOST_AUTO_TEST_SUITE(netaddr)

BOOST_AUTO_TEST_CASE(networks_match_their_addresses) {
  sdb::NetworkList list =
      sdb::NetworkList::Parse("127.0.0.0/8, ::1/128 10.1.2.3 2001:db8::/32");
  BOOST_TEST(list.Contains("127.0.0.1"));
  BOOST_TEST(list.Contains("127.255.0.9"));
  BOOST_TEST(list.Contains("::ffff:127.0.0.1"));  // IPv4-mapped
  BOOST_TEST(list.Contains("::1"));
  BOOST_TEST(list.Contains("10.1.2.3"));
  BOOST_TEST(!list.Contains("10.1.2.4"));
  BOOST_TEST(list.Contains("2001:db8:1::5"));
  BOOST_TEST(!list.Contains("2001:db9::1"));
  BOOST_TEST(!list.Contains("128.0.0.1"));
  BOOST_TEST(!list.Contains("::2"));
  BOOST_TEST(!list.Contains("not an address"));
  BOOST_TEST(!list.Contains(""));
  sdb::NetworkList odd = sdb::NetworkList::Parse("192.168.1.128/25");
  BOOST_TEST(odd.Contains("192.168.1.200"));
  BOOST_TEST(!odd.Contains("192.168.1.100"));
  BOOST_TEST(sdb::NetworkList::Parse("0.0.0.0/0").Contains("203.0.113.9"));
  BOOST_TEST(sdb::NetworkList::Parse("::/0").Contains("2001:db8::1"));
  BOOST_TEST(!sdb::NetworkList::Parse("").Contains("127.0.0.1"));
}

BOOST_AUTO_TEST_CASE(bad_networks_are_errors_naming_the_entry) {
  for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x",
                          "localhost", "10.0.0", "1024"}) {
    BOOST_TEST_CONTEXT(bad) {
      std::string message;
      try {
        sdb::NetworkList::Parse(std::string("127.0.0.1 ") + bad);
      } catch (const sdb::Error& e) {
        message = e.what();
      }
      BOOST_TEST(Contains(message, std::string("\"") + bad + "\""), message);
    }
  }
}

BOOST_AUTO_TEST_CASE(config_key_is_checked_at_startup) {
  sdb::Config defaults = sdb::ParseConfig("sdb.conf", "", {});
  BOOST_TEST(defaults.metrics_networks == "127.0.0.0/8 ::1/128");
  sdb::Config set = sdb::ParseConfig(
      "sdb.conf", "SDB_METRICS_NETWORKS=10.0.0.0/8 127.0.0.1\n", {});
  BOOST_TEST(set.metrics_networks == "10.0.0.0/8 127.0.0.1");
  std::string message;
  try {
    sdb::ParseConfig("sdb.conf", "SDB_METRICS_NETWORKS=10.0.0.0/40\n", {});
  } catch (const sdb::Error& e) {
    message = e.what();
  }
  BOOST_TEST(Contains(message, "sdb.conf:1: SDB_METRICS_NETWORKS"), message);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(request_log)

BOOST_AUTO_TEST_CASE(record_fields) {
  sdb::RequestRecord record = Record("/incidents/7", 200, 0.0012345);
  record.cache = "hit";
  BOOST_TEST(sdb::FormatRequestRecord(record) ==
             "id=r1 method=GET path=/incidents/7 status=200 "
             "duration_ms=1.234 cache=hit operator=-");
  record.operator_name = "Olga Operator";
  record.cache = "";
  BOOST_TEST(sdb::FormatRequestRecord(record) ==
             "id=r1 method=GET path=/incidents/7 status=200 "
             "duration_ms=1.234 cache=- operator=\"Olga Operator\"");
}

BOOST_AUTO_TEST_CASE(values_cannot_break_the_line) {
  sdb::RequestRecord record = Record("/a\nforged=1 \"x\"\\", 404);
  record.request_id = "";
  std::string line = sdb::FormatRequestRecord(record);
  BOOST_TEST(line ==
             "id=- method=GET path=\"/a\\nforged=1 \\\"x\\\"\\\\\" "
             "status=404 duration_ms=3.000 cache=- operator=-");
  BOOST_TEST(!Contains(line, "\n"));
  BOOST_TEST(sdb::EscapeLogText("a\r\tb\x01\x7f") == "a\\r\\tb\\x01\\x7f");
  BOOST_TEST(sdb::EscapeLogText("UTF-8 ü stays") == "UTF-8 ü stays");
}

BOOST_AUTO_TEST_SUITE_END()
