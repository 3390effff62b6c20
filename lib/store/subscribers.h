// Subscribers (sql/0010): email addresses confirmed through a mailed link
// (double opt-in) and operators' webhook endpoints, each with the scope and
// kinds of events it is told about; the pending subscription requests the
// confirmation links stand for, and what the limits on them count.
#ifndef SDB_LIB_STORE_SUBSCRIBERS_H_
#define SDB_LIB_STORE_SUBSCRIBERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace sdb {

// What a subscriber is told about.
struct SubscriptionScope {
  bool incidents = true;
  bool maintenance = true;
  std::string scope = "all";         // "all" | "regions" | "components"
  std::vector<std::string> regions;  // scope "regions": the regions' names
  std::vector<int64_t> components;   // scope "components": component ids
};

struct Subscriber {
  int64_t id = 0;
  std::string channel;  // "email" | "webhook"
  std::string address;  // the email address or the webhook's URL
  std::string format;   // "email" | "json" | "slack"
  SubscriptionScope scope;
  std::string time_zone = "UTC";
  // email: the nonce manage links derive from; webhook: the signing secret.
  std::string secret;
  std::string created_at;
  std::optional<std::string> created_by;
  std::optional<std::string> paused_at;
  std::optional<std::string> pause_reason;
  int failures = 0;
  std::optional<std::string> last_success_at;
  std::optional<std::string> last_error;
};

// A visitor's request waiting for its confirmation link.
struct SubscriptionRequest {
  std::string email;
  SubscriptionScope scope;
  std::string time_zone;
  std::string token_hash;   // SHA-256 hex of the mailed token
  std::string client_hash;  // SHA-256 hex of the client's address
  std::string created_at;   // database times (UTC)
  std::string expires_at;
};

// Confirmation requests for `email` (any case) and from `client_hash`
// made at or after `since`: what the limits on confirmation mails count.
int RequestsForEmailSince(Database& db, const std::string& email,
                          const std::string& since);
int RequestsFromClientSince(Database& db, const std::string& client_hash,
                            const std::string& since);

// Records `request`; returns its id.
int64_t AddSubscriptionRequest(Database& db,
                               const SubscriptionRequest& request);
// Removes request `id` (its mail could not be sent).
void DeleteSubscriptionRequest(Database& db, int64_t id);

struct Confirmation {
  enum class Result { kConfirmed, kExpired, kUsed, kUnknown };
  Result result = Result::kUnknown;
  int64_t subscriber_id = 0;  // kConfirmed: the subscriber now
  std::string email;          // kConfirmed, kExpired, kUsed
};

// Follows the link whose token hashes to `token_hash` at `now`, in one
// write transaction: an unused, unexpired request becomes the address's
// subscription (created with `new_secret` as its manage nonce, or the
// existing subscription's scope, kinds and zone replaced) and is marked
// used; an expired or used one changes nothing. Components deleted since
// the request are left out.
Confirmation ConfirmSubscription(Database& db, const std::string& token_hash,
                                 const std::string& now,
                                 const std::string& new_secret);

std::optional<Subscriber> FindSubscriber(Database& db, int64_t id);

// Replaces subscriber `id`'s scope, kinds and zone inside the caller's
// transaction; false when there is no such subscriber.
bool UpdateSubscriberScope(Database& db, int64_t id,
                           const SubscriptionScope& scope,
                           const std::string& time_zone);

// Deletes subscriber `id` with its scope, deliveries and (for an email) the
// address's pending requests; false when there was none.
bool DeleteSubscriber(Database& db, int64_t id);

// Registers a webhook endpoint inside the caller's transaction; returns
// its id.
int64_t AddWebhook(Database& db, const std::string& url,
                   const std::string& format, const SubscriptionScope& scope,
                   const std::string& secret, const std::string& operator_name,
                   const std::string& now);

// Every webhook endpoint, in the order registered.
std::vector<Subscriber> Webhooks(Database& db);

// Pauses (deliveries wait) or resumes subscriber `id`; resuming clears the
// failure count. False when there is no such subscriber.
bool PauseSubscriber(Database& db, int64_t id, const std::string& reason,
                     const std::string& now);
bool ResumeSubscriber(Database& db, int64_t id);

// Confirmed email subscribers by scope, for operators: the whole page,
// chosen regions (then each region followed), and chosen components; the
// rows other than "region" add up to all subscribers.
struct SubscriberCount {
  std::string scope;  // "all", "regions", "region", "components"
  std::string name;   // the region's name for "region"; "" otherwise
  int count = 0;
};
std::vector<SubscriberCount> CountEmailSubscribers(Database& db);

// Deletes subscription requests that expired before `before`.
int PurgeSubscriptionRequests(Database& db, const std::string& before);

}  // namespace sdb

#endif  // SDB_LIB_STORE_SUBSCRIBERS_H_
