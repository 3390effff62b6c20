// Unit tests of operator updates: the statuses of each kind of event, the
// form version, and CheckUpdateForm's rules for times and ends.
#include "pages/post_update.h"

#include <boost/test/unit_test.hpp>

namespace {

constexpr char kNow[] = "2026-11-28 12:00:30";

sdb::Incident OpenIncident() {
  sdb::Incident incident;
  incident.id = 7;
  incident.title = "Compute is slow";
  incident.impact = sdb::kMinor;
  incident.start_date = "2026-11-28 10:00:00";
  incident.component_ids = {1, 2};
  return incident;
}

sdb::UpdateForm Form(const std::string& status) {
  sdb::UpdateForm form;
  form.message = "We are looking into it.";
  form.status = status;
  return form;
}

sdb::FieldErrors Check(const sdb::UpdateForm& form,
                       const sdb::Incident& incident,
                       const std::vector<sdb::Update>& updates = {},
                       std::optional<sdb::PlannedUpdate>* plan = nullptr) {
  sdb::FieldErrors errors;
  auto result = sdb::CheckUpdateForm(form, incident, updates,
                                     sdb::DisplayZone(), kNow, &errors);
  BOOST_TEST(result.has_value() == errors.empty());
  if (plan) *plan = result;
  return errors;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(post_update)

BOOST_AUTO_TEST_CASE(statuses_follow_the_kind_of_event) {
  auto incident = OpenIncident();
  BOOST_TEST(sdb::UpdateStatuses(incident).size() == 5u);
  incident.end_date = "2026-11-28 11:00:00";
  BOOST_TEST(sdb::UpdateStatuses(incident) ==
             (std::vector<std::string>{"reopened", "changed"}));
  incident.impact = sdb::kMaintenance;
  BOOST_TEST(
      sdb::UpdateStatuses(incident) ==
      (std::vector<std::string>{"in progress", "modified", "completed"}));
}

BOOST_AUTO_TEST_CASE(the_version_changes_with_what_the_form_shows) {
  auto incident = OpenIncident();
  std::vector<sdb::Update> updates = {
      {5, "2026-11-28 10:30:00", "analyzing", "x"}};
  std::string version = sdb::IncidentVersion(incident, updates);
  BOOST_TEST(version.size() == 16u);
  BOOST_TEST(sdb::IncidentVersion(incident, updates) == version);
  updates.push_back({6, "2026-11-28 10:40:00", "fixing", "y"});
  BOOST_TEST(sdb::IncidentVersion(incident, updates) != version);
  updates.pop_back();
  incident.component_ids = {1};
  BOOST_TEST(sdb::IncidentVersion(incident, updates) != version);
}

BOOST_AUTO_TEST_CASE(resolved_sets_the_end_and_reopened_clears_it) {
  std::optional<sdb::PlannedUpdate> plan;
  auto form = Form("resolved");
  form.date = "2026-11-28T11:30";
  BOOST_TEST(Check(form, OpenIncident(), {}, &plan).empty());
  BOOST_TEST(plan->end.value_or("") == "2026-11-28 11:30:00");
  BOOST_TEST(plan->time == "2026-11-28 11:30:00");
  auto resolved = OpenIncident();
  resolved.end_date = "2026-11-28 11:30:00";
  BOOST_TEST(Check(Form("reopened"), resolved, {}, &plan).empty());
  BOOST_REQUIRE(plan->end.has_value());
  BOOST_TEST(plan->end->empty());
  BOOST_TEST(plan->time == kNow);
}

BOOST_AUTO_TEST_CASE(update_times_are_checked) {
  std::vector<sdb::Update> updates = {
      {5, "2026-11-28 11:00:00", "analyzing", "x"}};
  auto form = Form("fixing");
  form.date = "2026-11-28T12:05";
  BOOST_TEST(Check(form, OpenIncident()).count("date") == 1u);  // future
  form.date = "2026-11-28T09:59";
  BOOST_TEST(Check(form, OpenIncident()).count("date") == 1u);  // before start
  form.date = "2026-11-28T10:59";
  BOOST_TEST(Check(form, OpenIncident(), updates).count("date") == 1u);
  form.date = "2026-11-28T11:00";
  BOOST_TEST(Check(form, OpenIncident(), updates).empty());
}

BOOST_AUTO_TEST_CASE(a_new_title_is_one_line_of_8_to_200) {
  auto form = Form("fixing");
  BOOST_TEST(Check(form, OpenIncident()).empty());  // the incident's title
  form.title = "Compute is slower";
  BOOST_TEST(Check(form, OpenIncident()).empty());
  form.title = "Short";
  BOOST_TEST(Check(form, OpenIncident()).count("title") == 1u);
  form.title = "Compute\r\nis slower";
  auto errors = Check(form, OpenIncident());
  BOOST_TEST_REQUIRE(errors.count("title") == 1u);
  BOOST_TEST(errors["title"].find("one line") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(modified_keeps_the_maintenance_consistent) {
  auto maintenance = OpenIncident();
  maintenance.impact = sdb::kMaintenance;
  maintenance.start_date = "2026-11-28 14:00:00";
  maintenance.end_date = "2026-11-28 16:00:00";
  std::optional<sdb::PlannedUpdate> plan;
  auto form = Form("modified");
  form.start = "2026-11-28T15:00";
  BOOST_TEST(Check(form, maintenance, {}, &plan).empty());
  BOOST_TEST(plan->start.value_or("") == "2026-11-28 15:00:00");
  BOOST_TEST(!plan->end.has_value());
  form.start = "2026-11-28T16:00";
  BOOST_TEST(Check(form, maintenance).count("start") == 1u);
  // Maintenance impacts only; a maintenance cannot become an incident.
  form = Form("in progress");
  form.impact = "major";
  BOOST_TEST(Check(form, maintenance).count("impact") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
