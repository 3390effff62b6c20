// Unit tests of subscribers and subscription requests (sql/0010,
// store/subscribers.h): confirming a request once and only before it
// expires, replacing a subscription's scope, the limits' counts, deleting.
#include "store/subscribers.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "test_support.h"

namespace {

using sdb_test::QueryInt;

struct Subscriptions {
  Subscriptions() {
    sdb::Migrate(db);
    db.Exec(
        "INSERT INTO component (id, name) VALUES (1, 'Compute'), "
        "(2, 'Storage')");
  }
  sdb::SubscriptionRequest Request(const std::string& email,
                                   const std::string& token_hash) {
    sdb::SubscriptionRequest request;
    request.email = email;
    request.time_zone = "Europe/Berlin";
    request.token_hash = token_hash;
    request.client_hash = "client-a";
    request.created_at = "2026-12-01 10:00:00";
    request.expires_at = "2026-12-02 10:00:00";
    return request;
  }
  sdb::Database db{":memory:", sdb::Database::Mode::kReadWriteCreate};
};

using Result = sdb::Confirmation::Result;

BOOST_FIXTURE_TEST_CASE(a_request_confirms_once_before_it_expires,
                        Subscriptions) {
  auto request = Request("Ann@Example.com", "h1");
  request.scope.scope = "components";
  request.scope.components = {2, 99};  // 99 does not exist
  request.scope.maintenance = false;
  sdb::AddSubscriptionRequest(db, request);
  BOOST_TEST((
      sdb::ConfirmSubscription(db, "nope", "2026-12-01 11:00:00", "n").result ==
      Result::kUnknown));
  auto confirmed =
      sdb::ConfirmSubscription(db, "h1", "2026-12-01 11:00:00", "nonce");
  BOOST_TEST((confirmed.result == Result::kConfirmed));
  auto subscriber = sdb::FindSubscriber(db, confirmed.subscriber_id);
  BOOST_TEST_REQUIRE(subscriber.has_value());
  BOOST_TEST(subscriber->address == "Ann@Example.com");
  BOOST_TEST(subscriber->channel == "email");
  BOOST_TEST(subscriber->secret == "nonce");
  BOOST_TEST(subscriber->time_zone == "Europe/Berlin");
  BOOST_TEST(!subscriber->scope.maintenance);
  BOOST_TEST(subscriber->scope.components == std::vector<int64_t>{2});
  BOOST_TEST(
      (sdb::ConfirmSubscription(db, "h1", "2026-12-01 11:00:01", "x").result ==
       Result::kUsed));

  sdb::AddSubscriptionRequest(db, Request("late@example.com", "h2"));
  BOOST_TEST(
      (sdb::ConfirmSubscription(db, "h2", "2026-12-02 10:00:00", "x").result ==
       Result::kExpired));
  BOOST_TEST(QueryInt(db, "SELECT count(*) FROM subscriber") == 1);
}

BOOST_FIXTURE_TEST_CASE(confirming_again_replaces_the_scope_and_keeps_links,
                        Subscriptions) {
  sdb::AddSubscriptionRequest(db, Request("ann@example.com", "h1"));
  auto first = sdb::ConfirmSubscription(db, "h1", "2026-12-01 11:00:00", "n1");
  auto request = Request("ANN@example.com", "h2");
  request.scope.scope = "regions";
  request.scope.regions = {"EU-DE", "EU-NL"};
  sdb::AddSubscriptionRequest(db, request);
  auto second = sdb::ConfirmSubscription(db, "h2", "2026-12-01 12:00:00", "n2");
  BOOST_TEST(second.subscriber_id == first.subscriber_id);
  auto subscriber = sdb::FindSubscriber(db, first.subscriber_id);
  BOOST_TEST(subscriber->secret == "n1");
  BOOST_TEST(subscriber->scope.scope == "regions");
  BOOST_TEST(subscriber->scope.regions ==
             (std::vector<std::string>{"EU-DE", "EU-NL"}));
  auto counts = sdb::CountEmailSubscribers(db);
  int regions = 0;
  for (const auto& c : counts) {
    if (c.scope == "region") regions += c.count;
    if (c.scope == "all") BOOST_TEST(c.count == 0);
    if (c.scope == "regions") BOOST_TEST(c.count == 1);
  }
  BOOST_TEST(regions == 2);
}

BOOST_FIXTURE_TEST_CASE(limits_count_by_address_and_client, Subscriptions) {
  sdb::AddSubscriptionRequest(db, Request("ann@example.com", "h1"));
  auto other = Request("ANN@example.com", "h2");
  other.created_at = "2026-12-01 10:30:00";
  other.client_hash = "client-b";
  sdb::AddSubscriptionRequest(db, other);
  BOOST_TEST(sdb::RequestsForEmailSince(db, "Ann@Example.com",
                                        "2026-12-01 10:00:00") == 2);
  BOOST_TEST(sdb::RequestsForEmailSince(db, "ann@example.com",
                                        "2026-12-01 10:00:01") == 1);
  BOOST_TEST(
      sdb::RequestsFromClientSince(db, "client-a", "2026-12-01 09:00:00") == 1);
  BOOST_TEST(sdb::PurgeSubscriptionRequests(db, "2026-12-03 00:00:00") == 2);
}

BOOST_FIXTURE_TEST_CASE(deleting_a_subscriber_forgets_the_address,
                        Subscriptions) {
  sdb::AddSubscriptionRequest(db, Request("ann@example.com", "h1"));
  auto confirmed =
      sdb::ConfirmSubscription(db, "h1", "2026-12-01 11:00:00", "n1");
  BOOST_TEST(sdb::DeleteSubscriber(db, confirmed.subscriber_id));
  BOOST_TEST(!sdb::DeleteSubscriber(db, confirmed.subscriber_id));
  BOOST_TEST(QueryInt(db, "SELECT count(*) FROM subscription_request") == 0);
  BOOST_TEST(QueryInt(db, "SELECT count(*) FROM subscriber") == 0);
}

BOOST_FIXTURE_TEST_CASE(webhooks_pause_and_resume, Subscriptions) {
  sdb::SubscriptionScope scope;
  scope.scope = "regions";
  scope.regions = {"EU-DE"};
  int64_t id = sdb::AddWebhook(db, "https://hooks.example.com/x", "slack",
                               scope, "s3cret", "Op", "2026-12-01 10:00:00");
  BOOST_TEST(sdb::PauseSubscriber(db, id, "paused by Op", "2026-12-01 11:00"));
  auto hooks = sdb::Webhooks(db);
  BOOST_TEST_REQUIRE(hooks.size() == 1u);
  BOOST_TEST(hooks[0].format == "slack");
  BOOST_TEST(hooks[0].paused_at.has_value());
  BOOST_TEST(hooks[0].scope.regions == std::vector<std::string>{"EU-DE"});
  BOOST_TEST(*hooks[0].created_by == "Op");
  BOOST_TEST(sdb::ResumeSubscriber(db, id));
  BOOST_TEST(!sdb::Webhooks(db)[0].paused_at.has_value());
  // An email subscription cannot carry a webhook format.
  BOOST_CHECK_THROW(db.Exec("INSERT INTO subscriber (channel, address, format, "
                            "incidents, maintenance, scope, secret) VALUES "
                            "('email', 'a@b', 'json', 1, 1, 'all', 'x')"),
                    sdb::Error);
}

}  // namespace
