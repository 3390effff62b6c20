// Unit tests of the "Open incident" rules and writes: CheckOpenIncidentForm
// for each field, and CreateEvent moving components out of open incidents.
#include "pages/open_incident.h"

#include <boost/test/unit_test.hpp>

#include "store/db.h"
#include "store/model.h"
#include "store/status_report.h"

namespace {

constexpr char kNow[] = "2026-11-28 12:00:30";

std::vector<sdb::Component> Catalog() {
  return {{1, "Compute", {{"region", "EU-DE"}, {"category", "Compute"}}},
          {2, "Storage", {{"region", "EU-DE"}, {"category", "Storage"}}}};
}

sdb::OpenIncidentForm Valid() {
  return {"Compute is slow", "minor", {"1"}, "2026-11-28T11:00", "", "", "UTC"};
}

sdb::FieldErrors Errors(const sdb::OpenIncidentForm& form,
                        const sdb::DisplayZone& zone = sdb::DisplayZone()) {
  sdb::FieldErrors errors;
  auto event = sdb::CheckOpenIncidentForm(form, zone, Catalog(), kNow, &errors);
  BOOST_TEST(event.has_value() == errors.empty());
  return errors;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(open_incident)

BOOST_AUTO_TEST_CASE(a_valid_incident_passes) {
  sdb::FieldErrors errors;
  auto event = sdb::CheckOpenIncidentForm(Valid(), sdb::DisplayZone(),
                                          Catalog(), kNow, &errors);
  BOOST_REQUIRE(event);
  BOOST_TEST(event->start == "2026-11-28 11:00:00");
  BOOST_TEST(event->impact == sdb::kMinor);
  // The current minute (the form's default) means now, to the second.
  auto form = Valid();
  form.start = "2026-11-28T12:00";
  event = sdb::CheckOpenIncidentForm(form, sdb::DisplayZone(), Catalog(), kNow,
                                     &errors);
  BOOST_REQUIRE(event);
  BOOST_TEST(event->start == kNow);
  // Empty start: now. Duplicate components count once.
  form.start = "";
  form.components = {"2", "1", "2"};
  event = sdb::CheckOpenIncidentForm(form, sdb::DisplayZone(), Catalog(), kNow,
                                     &errors);
  BOOST_REQUIRE(event);
  BOOST_TEST(event->start == kNow);
  BOOST_TEST(event->component_ids == (std::vector<int64_t>{1, 2}));
}

BOOST_AUTO_TEST_CASE(each_rule_names_its_field) {
  struct Case {
    const char* what;
    std::function<void(sdb::OpenIncidentForm&)> change;
    const char* field;
  };
  const Case cases[] = {
      {"title of 7", [](auto& f) { f.title = "1234567"; }, "title"},
      {"title of blanks", [](auto& f) { f.title = "         "; }, "title"},
      {"title of 201", [](auto& f) { f.title = std::string(201, 'x'); },
       "title"},
      {"title with a line break", [](auto& f) { f.title = "Compute\nis slow"; },
       "title"},
      {"title with a TAB", [](auto& f) { f.title = "Compute\tis slow"; },
       "title"},
      {"title with DEL", [](auto& f) { f.title = "Compute\x7fis slow"; },
       "title"},
      {"impact", [](auto& f) { f.impact = "severe"; }, "impact"},
      {"no components", [](auto& f) { f.components.clear(); }, "components"},
      {"unknown component", [](auto& f) { f.components = {"3"}; },
       "components"},
      {"component not a number", [](auto& f) { f.components = {"1x"}; },
       "components"},
      {"future incident", [](auto& f) { f.start = "2026-11-28T12:01"; },
       "start"},
      {"incident end", [](auto& f) { f.end = "2026-11-28T11:30"; }, "end"},
      {"bad date", [](auto& f) { f.start = "2026-02-30T10:00"; }, "start"},
      {"maintenance without end", [](auto& f) { f.impact = "maintenance"; },
       "end"},
      {"maintenance without start",
       [](auto& f) {
         f.impact = "maintenance";
         f.start = "";
         f.end = "2026-11-29T10:00";
       },
       "start"},
      {"maintenance end at start",
       [](auto& f) {
         f.impact = "maintenance";
         f.end = f.start;
       },
       "end"},
      {"description of 1501",
       [](auto& f) { f.description = std::string(1501, 'd'); }, "description"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      auto form = Valid();
      c.change(form);
      auto errors = Errors(form);
      BOOST_TEST(errors.size() == 1u);
      BOOST_TEST(errors.count(c.field) == 1u);
    }
  }
  // 200 characters of UTF-8 are fine even though they are 400 bytes.
  auto form = Valid();
  form.title.clear();
  for (int i = 0; i < 200; ++i) form.title += "\xc3\xa9";
  BOOST_TEST(Errors(form).empty());
  // A maintenance may start in the past or the future.
  form = Valid();
  form.impact = "maintenance";
  form.start = "2026-11-29T10:00";
  form.end = "2026-11-29T12:00";
  BOOST_TEST(Errors(form).empty());
}

BOOST_AUTO_TEST_CASE(times_are_read_in_the_chosen_zone) {
  auto berlin = sdb::DisplayZone::Find("Europe/Berlin");
  BOOST_REQUIRE(berlin);
  sdb::FieldErrors errors;
  auto form = Valid();
  form.start = "2026-11-28T12:30";  // 11:30 UTC (CET, +1)
  auto event =
      sdb::CheckOpenIncidentForm(form, *berlin, Catalog(), kNow, &errors);
  BOOST_REQUIRE(event);
  BOOST_TEST(event->start == "2026-11-28 11:30:00");
  // A wall-clock time skipped by the change to summer time does not exist.
  BOOST_TEST(!berlin->FromLocalInput("2026-03-29T02:30").has_value());
  // An ambiguous one (October) takes the earlier instant (still CEST).
  BOOST_TEST(*berlin->FromLocalInput("2026-10-25T02:30") ==
             "2026-10-25 00:30:00");
  BOOST_TEST(berlin->ToLocalInput("2026-11-28 11:30:00") == "2026-11-28T12:30");
  BOOST_TEST(berlin->ToLocalInput("2026-11-28 11:30:09", true) ==
             "2026-11-28T12:30:09");
  BOOST_TEST(*berlin->FromLocalInput("2026-11-28T12:30:09") ==
             "2026-11-28 11:30:09");
}

BOOST_AUTO_TEST_CASE(a_new_incident_takes_its_components) {
  sdb::Database db(":memory:", sdb::Database::Mode::kReadWriteCreate);
  sdb::Migrate(db);
  db.Exec(
      "INSERT INTO component (id, name) VALUES (1, 'Compute'), (2, "
      "'Storage');"
      "INSERT INTO incident (id, text, impact, start_date, system) VALUES "
      "(10, 'Old one', 1, '2026-11-28 10:00:00', 0),"
      "(11, 'Old two', 2, '2026-11-28 10:00:00', 1);"
      "INSERT INTO incident_component_relation VALUES (10, 1), (10, 2), (11, "
      "2);");
  sdb::Operator who{"Alice", "", "openid", "alice", ""};
  sdb::NewEvent event{"New incident", sdb::kMajor, {2}, kNow};
  int64_t id = sdb::CreateEvent(db, event, who, kNow, "req-1");
  sdb::Model model(db);
  // 10 loses component 2 and stays open; 11 had only 2 and is closed.
  auto old_one = model.FindIncident(10);
  BOOST_TEST(old_one->component_ids == (std::vector<int64_t>{1}));
  BOOST_TEST(!old_one->end_date.has_value());
  auto old_two = model.FindIncident(11);
  BOOST_TEST(old_two->end_date.value_or("") == kNow);
  BOOST_TEST(old_two->status.value_or("") == "resolved");
  auto created = model.FindIncident(id);
  BOOST_TEST(created->component_ids == (std::vector<int64_t>{2}));
  BOOST_TEST(model.Updates(id).size() == 2u);  // moved from 10 and from 11
  auto& audit = db.Prepare(
      "SELECT author, account, action, request_id FROM operator_audit");
  BOOST_REQUIRE(audit.Step());
  BOOST_TEST(audit.Text(0) == "Alice");
  BOOST_TEST(audit.Text(1) == "openid:alice");
  BOOST_TEST(audit.Text(2) == "open incident");
  BOOST_TEST(audit.Text(3) == "req-1");
  audit.Reset();
}

BOOST_AUTO_TEST_SUITE_END()
