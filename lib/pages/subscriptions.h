// The subscriptions page (/subscriptions, operators only): how many
// addresses follow what, the webhook endpoints (add, pause, resume,
// delete; each change in the audit log), and the delivery log (resend).
#ifndef SDB_LIB_PAGES_SUBSCRIPTIONS_H_
#define SDB_LIB_PAGES_SUBSCRIPTIONS_H_

#include <ctemplate/template.h>

#include <optional>
#include <string>
#include <vector>

#include "base/timeutil.h"
#include "notify/webhook.h"
#include "store/model.h"
#include "store/subscribers.h"
#include "web/forms.h"
#include "web/http.h"

namespace sdb {

class App;

// The add-an-endpoint form as posted.
struct WebhookForm {
  std::string url;
  std::string format;  // "json" | "slack"
  ScopeForm scope;
};

WebhookForm ReadWebhookForm(const Request& request);

// A checked endpoint.
struct PlannedWebhook {
  std::string url;
  std::string format;
  SubscriptionScope scope;
};

// The endpoint `form` asks for, or nullopt with the "url", "format",
// "kinds" and "scope" errors: a URL of at most 2000 characters that
// CheckWebhookUrl accepts under `policy` (which resolves its host), a
// known format, a valid scope.
std::optional<PlannedWebhook> CheckWebhookForm(
    const WebhookForm& form, const std::vector<Component>& components,
    const WebhookUrlPolicy& policy, FieldErrors* errors);

// What the page shows besides the form.
struct SubscriptionsView {
  std::vector<SubscriberCount> counts;
  std::vector<Subscriber> webhooks;
  std::string notice;  // after a change: what was done
};

void FillSubscriptionsDictionary(const SubscriptionsView& view,
                                 const std::vector<Component>& components,
                                 const WebhookForm& form,
                                 const FieldErrors& errors,
                                 const WebhookUrlPolicy& policy,
                                 const DisplayZone& zone,
                                 ctemplate::TemplateDictionary* dict);

Response HandleSubscriptions(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_PAGES_SUBSCRIPTIONS_H_
