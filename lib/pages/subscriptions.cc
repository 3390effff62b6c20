// The subscriptions page: see subscriptions.h.
#include "pages/subscriptions.h"

#include "base/crypto.h"
#include "store/audit_log.h"
#include "subscriptions.tpl.varnames.h"
#include "web/page.h"
#include "web/serve.h"

namespace sdb {
namespace {

constexpr size_t kUrlMax = 2000;

const FieldErrorKeys kErrorKeys[] = {
    {"url", ks_URL_ERROR, ks_URL_ERROR_TEXT},
    {"format", ks_FORMAT_ERROR, ks_FORMAT_ERROR_TEXT},
};

const char* const kFormats[][2] = {
    {"json", "Generic JSON event (signed)"},
    {"slack", "Slack-compatible (also Mattermost, Rocket.Chat)"},
};

WebhookUrlPolicy PolicyOf(const Config& config) {
  return {.allow_http = config.webhook_allow_http,
          .allow_private = config.webhook_allow_private};
}

std::string UrlRule(const WebhookUrlPolicy& policy) {
  std::string rule = policy.allow_http ? "An http:// or https:// address"
                                       : "An https:// address";
  rule += policy.allow_private
              ? "."
              : " on the Internet: loopback, link-local and private "
                "addresses are refused.";
  return rule;
}

std::string ChangesOf(const Subscriber& webhook) {
  return "url: " + webhook.address + "\nformat: " + webhook.format +
         "\nscope: " + ScopeSummary(webhook.scope);
}

// The webhook `id`, if there is one.
std::optional<Subscriber> FindWebhook(Database& db, int64_t id) {
  auto subscriber = FindSubscriber(db, id);
  if (!subscriber || subscriber->channel != "webhook") return std::nullopt;
  return subscriber;
}

}  // namespace

WebhookForm ReadWebhookForm(const Request& request) {
  WebhookForm form;
  ReadFormFields(request, {{"url", &form.url}, {"format", &form.format}});
  form.scope = ReadScopeForm(request);
  return form;
}

std::optional<PlannedWebhook> CheckWebhookForm(
    const WebhookForm& form, const std::vector<Component>& components,
    const WebhookUrlPolicy& policy, FieldErrors* errors) {
  PlannedWebhook plan;
  plan.url = TrimBlanks(form.url);
  if (plan.url.empty()) {
    (*errors)["url"] = "Enter the endpoint's URL.";
  } else if (plan.url.size() > kUrlMax) {
    (*errors)["url"] = "The URL may have up to 2000 characters; it has " +
                       std::to_string(plan.url.size()) + ".";
  } else {
    std::vector<std::string> addresses;
    std::string why = CheckWebhookUrl(plan.url, policy, &addresses);
    if (!why.empty()) (*errors)["url"] = why;
  }
  plan.format = form.format;
  bool known = false;
  for (const auto& [key, text] : kFormats) known = known || form.format == key;
  if (!known) (*errors)["format"] = "Choose the generic JSON or Slack format.";
  auto scope = CheckScopeForm(form.scope, components, errors);
  if (!errors->empty() || !scope) return std::nullopt;
  plan.scope = *scope;
  return plan;
}

void FillSubscriptionsDictionary(const SubscriptionsView& view,
                                 const std::vector<Component>& components,
                                 const WebhookForm& form,
                                 const FieldErrors& errors,
                                 const WebhookUrlPolicy& policy,
                                 const DisplayZone& zone,
                                 ctemplate::TemplateDictionary* dict) {
  if (!view.notice.empty()) {
    dict->SetValueAndShowSection(ks_NOTICE_TEXT, view.notice, ks_NOTICE);
  }
  int total = 0;
  for (const SubscriberCount& count : view.counts) {
    total += count.scope == "region" ? 0 : count.count;
    auto* row = dict->AddSectionDictionary(ks_COUNT);
    row->SetValue(ks_COUNT_SCOPE, count.scope == "all"       ? "The whole page"
                                  : count.scope == "regions" ? "Chosen regions"
                                  : count.scope == "region"
                                      ? "… of them region " + count.name
                                      : "Chosen components");
    row->SetIntValue(ks_COUNT_VALUE, count.count);
  }
  dict->SetIntValue(ks_EMAIL_TOTAL, total);
  dict->ShowSection(view.webhooks.empty() ? ks_NO_WEBHOOKS : ks_HAS_WEBHOOKS);
  for (const Subscriber& webhook : view.webhooks) {
    auto* row = dict->AddSectionDictionary(ks_WEBHOOK);
    row->SetIntValue(ks_WEBHOOK_ID, webhook.id);
    row->SetValue(ks_WEBHOOK_URL, webhook.address);
    row->SetValue(ks_WEBHOOK_SECRET, webhook.secret);
    row->SetValue(ks_WEBHOOK_FORMAT, webhook.format);
    row->SetValue(ks_WEBHOOK_SCOPE, ScopeSummary(webhook.scope));
    row->SetValue(ks_WEBHOOK_CREATED_BY, webhook.created_by.value_or("?"));
    SetTime(row, ks_CREATED_DISPLAY, ks_CREATED_ISO, webhook.created_at, zone);
    if (webhook.paused_at) {
      auto* paused = row->AddSectionDictionary(ks_PAUSED);
      SetTime(paused, ks_PAUSED_DISPLAY, ks_PAUSED_ISO, *webhook.paused_at,
              zone);
      paused->SetValue(ks_PAUSE_REASON, webhook.pause_reason.value_or(""));
    } else {
      auto* active = row->AddSectionDictionary(ks_ACTIVE);
      if (webhook.failures > 0) {
        active->SetIntValue(ks_FAILURES, webhook.failures);
        active->ShowSection(ks_FAILING);
      }
    }
    if (webhook.last_error) {
      row->SetValueAndShowSection(ks_LAST_ERROR_TEXT, *webhook.last_error,
                                  ks_LAST_ERROR);
    }
    if (webhook.last_success_at) {
      auto* success = row->AddSectionDictionary(ks_LAST_SUCCESS);
      SetTime(success, ks_SUCCESS_DISPLAY, ks_SUCCESS_ISO,
              *webhook.last_success_at, zone);
    } else {
      row->ShowSection(ks_NEVER);
    }
  }
  dict->SetValue(ks_URL_VALUE, form.url);
  dict->SetValue(ks_URL_RULE, UrlRule(policy));
  for (const auto& [key, text] : kFormats) {
    auto* option = dict->AddSectionDictionary(ks_FORMAT_CHOICE);
    option->SetValue(ks_FORMAT_KEY, key);
    option->SetValue(ks_FORMAT_TEXT, text);
    if (form.format == key) option->ShowSection(ks_FORMAT_SELECTED);
  }
  FillScopeFields(components, form.scope, errors, dict);
  FillFieldErrors(errors, kErrorKeys, dict);
}

// GET /subscriptions (operators only)
// POST /subscriptions  action=add: url, format, the scope fields
//                      action=pause|resume|delete: id (an endpoint)
//                      with csrf_token; 303 back to the page (notice in
//                      ?done=), 422 the page with the form's errors, 404
//                      for an unknown endpoint, 400 for an unknown action.
Response HandleSubscriptions(App& app, const Request& request) {
  const Operator& who = *request.signed_in;
  std::vector<Component> components = app.model().Components();
  WebhookUrlPolicy policy = PolicyOf(app.config());
  WebhookForm form;
  form.format = "json";
  FieldErrors errors;
  std::string now = DbNow();
  SubscriptionsView view;
  if (request.method == "POST") {
    std::string action = request.Param("action").value_or("");
    if (action == "add") {
      form = ReadWebhookForm(request);
      auto plan = CheckWebhookForm(form, components, policy, &errors);
      if (plan) {
        RunWriteTransaction(app.db(), [&] {
          int64_t id = AddWebhook(app.db(), plan->url, plan->format,
                                  plan->scope, RandomToken(), who.name, now);
          RecordOperatorChange(
              app.db(), who,
              {now, "add webhook", 0, ChangesOf(*FindSubscriber(app.db(), id))},
              request.request_id);
        });
        return SeeOther("/subscriptions?done=added");
      }
    } else if (action == "pause" || action == "resume" || action == "delete") {
      auto id = ParsePositiveId(request.Param("id").value_or(""));
      if (!id) return app.ErrorPage(400, "\"id\" must name an endpoint.");
      bool found = false;
      RunWriteTransaction(app.db(), [&] {
        auto webhook = FindWebhook(app.db(), *id);
        found = webhook.has_value();
        if (!found) return;
        if (action == "pause") {
          PauseSubscriber(app.db(), *id, "paused by " + who.name, now);
        } else if (action == "resume") {
          ResumeSubscriber(app.db(), *id);
        } else {
          DeleteSubscriber(app.db(), *id);
        }
        RecordOperatorChange(app.db(), who,
                             {now, action + " webhook", 0, ChangesOf(*webhook)},
                             request.request_id);
      });
      if (!found) {
        return app.ErrorPage(
            404, "There is no webhook endpoint " + std::to_string(*id) + ".",
            {{"Subscriptions", "/subscriptions"}});
      }
      return SeeOther("/subscriptions?done=" + action);
    } else {
      return app.ErrorPage(
          400, "\"action\" must be add, pause, resume, delete or resend.");
    }
  } else {
    std::string done = request.Param("done").value_or("");
    if (done == "added") view.notice = "The endpoint was added.";
    if (done == "pause") view.notice = "The endpoint is paused.";
    if (done == "resume") view.notice = "The endpoint is active again.";
    if (done == "delete") view.notice = "The endpoint was deleted.";
  }
  view.counts = CountEmailSubscribers(app.db());
  view.webhooks = Webhooks(app.db());
  ctemplate::TemplateDictionary dict("subscriptions");
  PageChrome chrome = app.Chrome(request, "Subscriptions", "");
  FillSubscriptionsDictionary(view, components, form, errors, policy,
                              chrome.zone, &dict);
  FillCsrf(who, &dict);
  FillPageChrome(chrome, &dict);
  Response response;
  response.status = errors.empty() ? 200 : 422;
  response.body = app.templates().Expand("subscriptions.tpl", dict);
  return response;
}

}  // namespace sdb
