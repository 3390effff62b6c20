// Unit tests of the audit log (store/audit_log.h): operators' changes and
// the API's writes, recorded in the change's transaction and read back as
// one list, newest first, a page at a time.
#include "store/audit_log.h"

#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <string>

#include "store/db.h"
#include "test_support.h"

namespace {

using sdb_test::QueryInt;

struct AuditDb {
  AuditDb() { sdb::Migrate(db); }
  sdb::Database db{":memory:", sdb::Database::Mode::kReadWriteCreate};
};

const sdb::Operator kAlice{"Alice Operator", "alice@example.org", "openid",
                           "alice", "csrf"};

sdb::ApiWriteRecord ApiWrite(const std::string& at, const std::string& body) {
  return {at, "monitoring", "POST", "/v1/component_status", "req-7", body};
}

// A write the API's body makes: one component row.
void AddComponent(sdb::Database& db, const std::string& name) {
  db.Prepare("INSERT INTO component (name) VALUES (?1)").Bind(1, name).Run();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_log)

BOOST_AUTO_TEST_CASE(operator_change_is_read_back_with_its_author) {
  AuditDb t;
  sdb::RecordOperatorChange(
      t.db, kAlice,
      {"2026-12-01 10:00:00", "open incident", 42, "title: DNS down"}, "r-1");
  auto entries = sdb::LoadAuditEntries(t.db, "", 10);
  BOOST_TEST_REQUIRE(entries.size() == 1u);
  BOOST_TEST(entries[0].at == "2026-12-01 10:00:00");
  BOOST_TEST(entries[0].source == "operator");
  BOOST_TEST(entries[0].author == "Alice Operator");
  BOOST_TEST(entries[0].action == "open incident");
  BOOST_TEST_REQUIRE(entries[0].incident_id.has_value());
  BOOST_TEST(*entries[0].incident_id == 42);
  BOOST_TEST(entries[0].changes == "title: DNS down");
  BOOST_TEST(QueryInt(t.db,
                      "SELECT account = 'openid:alice' AND request_id = 'r-1' "
                      "FROM operator_audit") == 1);
}

BOOST_AUTO_TEST_CASE(no_request_id_is_stored_as_null) {
  AuditDb t;
  sdb::RecordOperatorChange(
      t.db, kAlice, {"2026-12-01 10:00:00", "post update", 1, "status: x"}, "");
  BOOST_TEST(QueryInt(t.db, "SELECT request_id IS NULL FROM operator_audit") ==
             1);
}

BOOST_AUTO_TEST_CASE(api_write_is_recorded_with_the_rows_it_changed) {
  AuditDb t;
  sdb::RunRecordedApiWrite(t.db, ApiWrite("2026-12-01 11:00:00", "{\"a\":1}"),
                           [&] {
                             AddComponent(t.db, "ECS");
                             AddComponent(t.db, "EVS");
                           });
  // The data generation's own bump is not counted.
  BOOST_TEST(QueryInt(t.db, "SELECT changes FROM api_audit") == 2);
  auto entries = sdb::LoadAuditEntries(t.db, "", 10);
  BOOST_TEST_REQUIRE(entries.size() == 1u);
  BOOST_TEST(entries[0].source == "api");
  BOOST_TEST(entries[0].author == "monitoring");
  BOOST_TEST(entries[0].action == "POST /v1/component_status");
  BOOST_TEST(!entries[0].incident_id.has_value());
  BOOST_TEST(entries[0].changes == "{\"a\":1}");
}

BOOST_AUTO_TEST_CASE(api_write_that_changed_nothing_leaves_no_row) {
  AuditDb t;
  sdb::RunRecordedApiWrite(t.db, ApiWrite("2026-12-01 11:00:00", "{}"), [] {});
  BOOST_TEST(QueryInt(t.db, "SELECT count(*) FROM api_audit") == 0);
}

BOOST_AUTO_TEST_CASE(failed_api_write_leaves_neither_change_nor_row) {
  AuditDb t;
  BOOST_CHECK_THROW(
      sdb::RunRecordedApiWrite(t.db, ApiWrite("2026-12-01 11:00:00", "{}"),
                               [&] {
                                 AddComponent(t.db, "ECS");
                                 throw std::runtime_error("half-way");
                               }),
      std::runtime_error);
  BOOST_TEST(QueryInt(t.db, "SELECT count(*) FROM api_audit") == 0);
  BOOST_TEST(QueryInt(t.db, "SELECT count(*) FROM component") == 0);
}

BOOST_AUTO_TEST_CASE(both_logs_merge_newest_first_and_page_by_time) {
  AuditDb t;
  sdb::RecordOperatorChange(
      t.db, kAlice, {"2026-12-01 09:00:00", "open incident", 1, "a"}, "");
  sdb::RunRecordedApiWrite(t.db, ApiWrite("2026-12-01 10:00:00", "b"),
                           [&] { AddComponent(t.db, "B"); });
  sdb::RecordOperatorChange(t.db, kAlice,
                            {"2026-12-01 11:00:00", "post update", 1, "c"}, "");
  // Two in the same second: the later row first.
  sdb::RecordOperatorChange(t.db, kAlice,
                            {"2026-12-01 11:00:00", "post update", 1, "d"}, "");

  auto newest = sdb::LoadAuditEntries(t.db, "", 3);
  BOOST_TEST_REQUIRE(newest.size() == 3u);
  BOOST_TEST(newest[0].changes == "d");
  BOOST_TEST(newest[1].changes == "c");
  BOOST_TEST(newest[2].changes == "b");
  BOOST_TEST(newest[2].source == "api");

  auto older = sdb::LoadAuditEntries(t.db, newest[2].at, 3);
  BOOST_TEST_REQUIRE(older.size() == 1u);
  BOOST_TEST(older[0].changes == "a");
  BOOST_TEST(sdb::LoadAuditEntries(t.db, "2026-12-01 09:00:00", 3).empty());
}

BOOST_AUTO_TEST_SUITE_END()
