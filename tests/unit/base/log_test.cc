// Unit tests of the request log line (base/log.h): its fields, and
// escaping so that no value can break or forge a line.
#include "base/log.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "test_support.h"

using sdb_test::Contains;
using sdb_test::RequestRecordOf;

BOOST_AUTO_TEST_SUITE(request_log)

BOOST_AUTO_TEST_CASE(record_fields) {
  sdb::RequestRecord record = RequestRecordOf("/incidents/7", 200, 0.0012345);
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
  sdb::RequestRecord record = RequestRecordOf("/a\nforged=1 \"x\"\\", 404);
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
