// Unit tests of the subscriptions page's rules: the scope fields shared
// with /subscribe (CheckScopeForm, ScopeSummary) and the webhook form
// (CheckWebhookForm, with the server-side request forgery policy).
#include "pages/subscriptions.h"

#include <boost/test/unit_test.hpp>

namespace {

std::vector<sdb::Component> Catalog() {
  return {{1, "Compute", {{"region", "EU-DE"}, {"category", "Compute"}}},
          {2, "Storage", {{"region", "EU-NL"}, {"category", "Storage"}}}};
}

sdb::FieldErrors ScopeErrors(const sdb::ScopeForm& form) {
  sdb::FieldErrors errors;
  auto scope = sdb::CheckScopeForm(form, Catalog(), &errors);
  BOOST_TEST(scope.has_value() == errors.empty());
  return errors;
}

sdb::WebhookForm Hook(const std::string& url) {
  sdb::WebhookForm form;
  form.url = url;
  form.format = "json";
  return form;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(subscriptions)

BOOST_AUTO_TEST_CASE(scope_fields_are_checked) {
  sdb::ScopeForm form;
  BOOST_TEST(ScopeErrors(form).empty());
  form.incidents = form.maintenance = false;
  BOOST_TEST(ScopeErrors(form).at("kinds") ==
             "Choose incidents, maintenance or both.");
  form.incidents = true;
  form.scope = "regions";
  BOOST_TEST(ScopeErrors(form).at("scope") == "Choose at least one region.");
  form.regions = {"EU-NL", "EU-DE", "EU-NL"};
  sdb::FieldErrors errors;
  auto scope = sdb::CheckScopeForm(form, Catalog(), &errors);
  BOOST_REQUIRE(scope);
  BOOST_TEST(scope->regions == (std::vector<std::string>{"EU-DE", "EU-NL"}));
  BOOST_TEST(!scope->maintenance);
  BOOST_TEST(sdb::ScopeSummary(*scope) == "Incidents, regions EU-DE, EU-NL");
  form.regions = {"Mars"};
  BOOST_TEST(ScopeErrors(form).at("scope") ==
             "\"Mars\" is not a region of this dashboard.");
  form.scope = "components";
  BOOST_TEST(ScopeErrors(form).at("scope") == "Choose at least one component.");
  form.components = {"2", "x"};
  BOOST_TEST(ScopeErrors(form).at("scope") ==
             "\"x\" is not a component of this dashboard.");
  form.components = {"2", "2"};
  scope = sdb::CheckScopeForm(form, Catalog(), &errors);
  BOOST_REQUIRE(scope);
  BOOST_TEST(scope->components == std::vector<int64_t>{2});
  BOOST_TEST(sdb::ScopeSummary(*scope) == "Incidents, 1 component");
  form.scope = "everything";
  BOOST_TEST(ScopeErrors(form).count("scope") == 1u);
  // The form of a stored scope shows it again.
  auto again = sdb::ScopeFormOf(*scope);
  BOOST_TEST(again.scope == "components");
  BOOST_TEST(again.components == std::vector<std::string>{"2"});
}

BOOST_AUTO_TEST_CASE(webhook_urls_follow_the_policy) {
  sdb::WebhookUrlPolicy strict;
  sdb::FieldErrors errors;
  auto plan = sdb::CheckWebhookForm(Hook(" https://93.184.215.14/hook "),
                                    Catalog(), strict, &errors);
  BOOST_REQUIRE(plan);
  BOOST_TEST(plan->url == "https://93.184.215.14/hook");
  for (const char* url :
       {"http://93.184.215.14/hook", "https://127.0.0.1/hook",
        "https://[::1]/hook", "https://169.254.169.254/latest/meta-data",
        "https://192.168.1.1/", "https://u:p@93.184.215.14/", "ftp://x/", ""}) {
    BOOST_TEST_CONTEXT(url) {
      sdb::FieldErrors refused;
      BOOST_TEST(
          !sdb::CheckWebhookForm(Hook(url), Catalog(), strict, &refused));
      BOOST_TEST(refused.count("url") == 1u);
    }
  }
  sdb::WebhookUrlPolicy open{.allow_http = true, .allow_private = true};
  sdb::FieldErrors allowed;
  BOOST_TEST(sdb::CheckWebhookForm(Hook("http://127.0.0.1:9/hook"), Catalog(),
                                   open, &allowed)
                 .has_value());
  auto form = Hook("https://93.184.215.14/hook");
  form.format = "xml";
  sdb::FieldErrors bad_format;
  BOOST_TEST(!sdb::CheckWebhookForm(form, Catalog(), strict, &bad_format));
  BOOST_TEST(bad_format.at("format") ==
             "Choose the generic JSON or Slack format.");
  form = Hook("https://93.184.215.14/" + std::string(2000, 'x'));
  sdb::FieldErrors too_long;
  BOOST_TEST(!sdb::CheckWebhookForm(form, Catalog(), strict, &too_long));
  BOOST_TEST(too_long.count("url") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
