// Subscribers and subscription requests: see subscribers.h.
#include "store/subscribers.h"

#include <sstream>

namespace sdb {
namespace {

constexpr char kColumns[] =
    "id, channel, address, format, incidents, maintenance, scope, time_zone, "
    "secret, created_at, created_by, paused_at, pause_reason, failures, "
    "last_success_at, last_error";

// Reads the scope's regions and components of subscriber `subscriber.id`.
void LoadScopeLists(Database& db, Subscriber& subscriber) {
  Statement& regions = db.Prepare(
      "SELECT region FROM subscriber_region WHERE subscriber_id = ?1 "
      "ORDER BY region");
  regions.Bind(1, subscriber.id);
  while (regions.Step()) subscriber.scope.regions.push_back(regions.Text(0));
  regions.Reset();
  Statement& components = db.Prepare(
      "SELECT component_id FROM subscriber_component WHERE subscriber_id = ?1 "
      "ORDER BY component_id");
  components.Bind(1, subscriber.id);
  while (components.Step()) {
    subscriber.scope.components.push_back(components.Int(0));
  }
  components.Reset();
}

Subscriber ReadSubscriber(Statement& row) {
  Subscriber s;
  s.id = row.Int(0);
  s.channel = row.Text(1);
  s.address = row.Text(2);
  s.format = row.Text(3);
  s.scope.incidents = row.Int(4) != 0;
  s.scope.maintenance = row.Int(5) != 0;
  s.scope.scope = row.Text(6);
  s.time_zone = row.Text(7);
  s.secret = row.Text(8);
  s.created_at = row.Text(9);
  s.created_by = row.OptionalText(10);
  s.paused_at = row.OptionalText(11);
  s.pause_reason = row.OptionalText(12);
  s.failures = static_cast<int>(row.Int(13));
  s.last_success_at = row.OptionalText(14);
  s.last_error = row.OptionalText(15);
  return s;
}

// Replaces the scope lists of subscriber `id` with those of `scope` (only
// components that still exist).
void WriteScopeLists(Database& db, int64_t id, const SubscriptionScope& scope) {
  db.Prepare("DELETE FROM subscriber_region WHERE subscriber_id = ?1")
      .Bind(1, id)
      .Run();
  db.Prepare("DELETE FROM subscriber_component WHERE subscriber_id = ?1")
      .Bind(1, id)
      .Run();
  if (scope.scope == "regions") {
    Statement& insert = db.Prepare(
        "INSERT OR IGNORE INTO subscriber_region (subscriber_id, region) "
        "VALUES (?1, ?2)");
    for (const auto& region : scope.regions) {
      insert.Bind(1, id).Bind(2, region).Run();
      insert.Reset();
    }
  } else if (scope.scope == "components") {
    Statement& insert = db.Prepare(
        "INSERT OR IGNORE INTO subscriber_component (subscriber_id, "
        "component_id) SELECT ?1, id FROM component WHERE id = ?2");
    for (int64_t component : scope.components) {
      insert.Bind(1, id).Bind(2, component).Run();
      insert.Reset();
    }
  }
}

std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "\n") + item;
  return out;
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> items;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) items.push_back(line);
  }
  return items;
}

std::vector<int64_t> SplitIds(const std::string& text) {
  std::vector<int64_t> ids;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) ids.push_back(std::stoll(item));
  }
  return ids;
}

int CountSince(Database& db, const char* sql, const std::string& key,
               const std::string& since) {
  Statement& query = db.Prepare(sql);
  query.Bind(1, key).Bind(2, since);
  int count = query.Step() ? static_cast<int>(query.Int(0)) : 0;
  query.Reset();
  return count;
}

}  // namespace

int RequestsForEmailSince(Database& db, const std::string& email,
                          const std::string& since) {
  return CountSince(db,
                    "SELECT count(*) FROM subscription_request WHERE email = "
                    "?1 COLLATE NOCASE AND created_at >= ?2",
                    email, since);
}

int RequestsFromClientSince(Database& db, const std::string& client_hash,
                            const std::string& since) {
  return CountSince(db,
                    "SELECT count(*) FROM subscription_request WHERE client = "
                    "?1 AND created_at >= ?2",
                    client_hash, since);
}

int64_t AddSubscriptionRequest(Database& db,
                               const SubscriptionRequest& request) {
  db.Prepare(
        "INSERT INTO subscription_request (email, token_hash, incidents, "
        "maintenance, scope, time_zone, regions, components, client, "
        "created_at, expires_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
      .Bind(1, request.email)
      .Bind(2, request.token_hash)
      .Bind(3, int64_t{request.scope.incidents})
      .Bind(4, int64_t{request.scope.maintenance})
      .Bind(5, request.scope.scope)
      .Bind(6, request.time_zone)
      .Bind(7, JoinLines(request.scope.regions))
      .Bind(8, JoinIds(request.scope.components))
      .Bind(9, request.client_hash)
      .Bind(10, request.created_at)
      .Bind(11, request.expires_at)
      .Run();
  return db.LastInsertId();
}

void DeleteSubscriptionRequest(Database& db, int64_t id) {
  db.Prepare("DELETE FROM subscription_request WHERE id = ?1")
      .Bind(1, id)
      .Run();
}

Confirmation ConfirmSubscription(Database& db, const std::string& token_hash,
                                 const std::string& now,
                                 const std::string& new_secret) {
  Confirmation confirmation;
  RunWriteTransaction(db, [&] {
    confirmation = Confirmation();
    Statement& find = db.Prepare(
        "SELECT id, email, incidents, maintenance, scope, time_zone, regions, "
        "components, expires_at, used_at FROM subscription_request "
        "WHERE token_hash = ?1");
    find.Bind(1, token_hash);
    if (!find.Step()) return;
    int64_t request_id = find.Int(0);
    confirmation.email = find.Text(1);
    SubscriptionScope scope;
    scope.incidents = find.Int(2) != 0;
    scope.maintenance = find.Int(3) != 0;
    scope.scope = find.Text(4);
    std::string zone = find.Text(5);
    scope.regions = SplitLines(find.Text(6));
    scope.components = SplitIds(find.Text(7));
    std::string expires_at = find.Text(8);
    bool used = !find.IsNull(9);
    find.Reset();
    if (used) {
      confirmation.result = Confirmation::Result::kUsed;
      return;
    }
    if (expires_at <= now) {
      confirmation.result = Confirmation::Result::kExpired;
      return;
    }
    db.Prepare("UPDATE subscription_request SET used_at = ?2 WHERE id = ?1")
        .Bind(1, request_id)
        .Bind(2, now)
        .Run();
    Statement& existing = db.Prepare(
        "SELECT id FROM subscriber WHERE channel = 'email' AND address = ?1 "
        "COLLATE NOCASE");
    existing.Bind(1, confirmation.email);
    std::optional<int64_t> id;
    if (existing.Step()) id = existing.Int(0);
    existing.Reset();
    if (!id) {
      db.Prepare(
            "INSERT INTO subscriber (channel, address, format, incidents, "
            "maintenance, scope, time_zone, secret, created_at) "
            "VALUES ('email', ?1, 'email', ?2, ?3, ?4, ?5, ?6, ?7)")
          .Bind(1, confirmation.email)
          .Bind(2, int64_t{scope.incidents})
          .Bind(3, int64_t{scope.maintenance})
          .Bind(4, scope.scope)
          .Bind(5, zone)
          .Bind(6, new_secret)
          .Bind(7, now)
          .Run();
      id = db.LastInsertId();
      WriteScopeLists(db, *id, scope);
    } else {
      UpdateSubscriberScope(db, *id, scope, zone);
    }
    confirmation.result = Confirmation::Result::kConfirmed;
    confirmation.subscriber_id = *id;
  });
  return confirmation;
}

std::optional<Subscriber> FindSubscriber(Database& db, int64_t id) {
  Statement& query = db.Prepare(std::string("SELECT ") + kColumns +
                                " FROM subscriber WHERE id = ?1");
  query.Bind(1, id);
  if (!query.Step()) return std::nullopt;
  Subscriber subscriber = ReadSubscriber(query);
  query.Reset();
  LoadScopeLists(db, subscriber);
  return subscriber;
}

bool UpdateSubscriberScope(Database& db, int64_t id,
                           const SubscriptionScope& scope,
                           const std::string& time_zone) {
  db.Prepare(
        "UPDATE subscriber SET incidents = ?2, maintenance = ?3, scope = ?4, "
        "time_zone = ?5 WHERE id = ?1")
      .Bind(1, id)
      .Bind(2, int64_t{scope.incidents})
      .Bind(3, int64_t{scope.maintenance})
      .Bind(4, scope.scope)
      .Bind(5, time_zone)
      .Run();
  if (db.Changes() != 1) return false;
  WriteScopeLists(db, id, scope);
  return true;
}

bool DeleteSubscriber(Database& db, int64_t id) {
  db.Prepare(
        "DELETE FROM subscription_request WHERE email = (SELECT address FROM "
        "subscriber WHERE id = ?1 AND channel = 'email') COLLATE NOCASE")
      .Bind(1, id)
      .Run();
  db.Prepare("DELETE FROM subscriber WHERE id = ?1").Bind(1, id).Run();
  return db.Changes() == 1;
}

int64_t AddWebhook(Database& db, const std::string& url,
                   const std::string& format, const SubscriptionScope& scope,
                   const std::string& secret, const std::string& operator_name,
                   const std::string& now) {
  db.Prepare(
        "INSERT INTO subscriber (channel, address, format, incidents, "
        "maintenance, scope, time_zone, secret, created_at, created_by) "
        "VALUES ('webhook', ?1, ?2, ?3, ?4, ?5, 'UTC', ?6, ?7, ?8)")
      .Bind(1, url)
      .Bind(2, format)
      .Bind(3, int64_t{scope.incidents})
      .Bind(4, int64_t{scope.maintenance})
      .Bind(5, scope.scope)
      .Bind(6, secret)
      .Bind(7, now)
      .Bind(8, operator_name)
      .Run();
  int64_t id = db.LastInsertId();
  WriteScopeLists(db, id, scope);
  return id;
}

std::vector<Subscriber> Webhooks(Database& db) {
  std::vector<Subscriber> webhooks;
  Statement& query =
      db.Prepare(std::string("SELECT ") + kColumns +
                 " FROM subscriber WHERE channel = 'webhook' ORDER BY id");
  while (query.Step()) webhooks.push_back(ReadSubscriber(query));
  query.Reset();
  for (auto& webhook : webhooks) LoadScopeLists(db, webhook);
  return webhooks;
}

bool PauseSubscriber(Database& db, int64_t id, const std::string& reason,
                     const std::string& now) {
  db.Prepare(
        "UPDATE subscriber SET paused_at = ?2, pause_reason = ?3 WHERE id = ?1")
      .Bind(1, id)
      .Bind(2, now)
      .Bind(3, reason)
      .Run();
  return db.Changes() == 1;
}

bool ResumeSubscriber(Database& db, int64_t id) {
  db.Prepare(
        "UPDATE subscriber SET paused_at = NULL, pause_reason = NULL, "
        "failures = 0 WHERE id = ?1")
      .Bind(1, id)
      .Run();
  return db.Changes() == 1;
}

std::vector<SubscriberCount> CountEmailSubscribers(Database& db) {
  std::vector<SubscriberCount> counts;
  Statement& query = db.Prepare(
      "SELECT 'all', '', count(*) FROM subscriber WHERE channel = 'email' "
      "AND scope = 'all' "
      "UNION ALL SELECT 'regions', '', count(*) FROM subscriber WHERE channel "
      "= 'email' AND scope = 'regions' "
      "UNION ALL SELECT 'region', r.region, count(*) FROM subscriber_region r "
      "JOIN subscriber s ON s.id = r.subscriber_id WHERE s.channel = 'email' "
      "AND s.scope = 'regions' GROUP BY r.region "
      "UNION ALL SELECT 'components', '', count(*) FROM subscriber WHERE "
      "channel = 'email' AND scope = 'components'");
  while (query.Step()) {
    counts.push_back(
        {query.Text(0), query.Text(1), static_cast<int>(query.Int(2))});
  }
  query.Reset();
  return counts;
}

int PurgeSubscriptionRequests(Database& db, const std::string& before) {
  db.Prepare("DELETE FROM subscription_request WHERE expires_at < ?1")
      .Bind(1, before)
      .Run();
  return db.Changes();
}

}  // namespace sdb
