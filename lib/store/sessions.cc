// The rows behind operator sessions and sign-ins: see sessions.h.
#include "store/sessions.h"

namespace sdb {

std::optional<SessionRow> FindSession(Database& db,
                                      const std::string& id_hash) {
  Statement& query = db.Prepare(
      "SELECT name, email, provider, subject, csrf_token, last_seen_at, "
      "expires_at FROM operator_session WHERE id_hash = ?1");
  query.Bind(1, id_hash);
  if (!query.Step()) return std::nullopt;
  SessionRow row{{query.Text(0), query.Text(1), query.Text(2), query.Text(3),
                  query.Text(4)},
                 query.Int(5),
                 query.Int(6)};
  query.Reset();
  return row;
}

void InsertSession(Database& db, const std::string& id_hash,
                   const Operator& who, long long now, long long expires_at) {
  db.Prepare(
        "INSERT INTO operator_session (id_hash, csrf_token, provider, "
        "subject, name, email, created_at, last_seen_at, expires_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)")
      .Bind(1, id_hash)
      .Bind(2, who.csrf_token)
      .Bind(3, who.provider)
      .Bind(4, who.subject)
      .Bind(5, who.name)
      .Bind(6, who.email)
      .Bind(7, now)
      .Bind(8, expires_at)
      .Run();
}

void TouchSession(Database& db, const std::string& id_hash, long long now) {
  db.Prepare("UPDATE operator_session SET last_seen_at = ?2 WHERE id_hash = ?1")
      .Bind(1, id_hash)
      .Bind(2, now)
      .Run();
}

void DeleteSession(Database& db, const std::string& id_hash) {
  db.Prepare("DELETE FROM operator_session WHERE id_hash = ?1")
      .Bind(1, id_hash)
      .Run();
}

void DeleteEndedSessions(Database& db, long long expired_at,
                         long long idle_since) {
  db.Prepare(
        "DELETE FROM operator_session WHERE expires_at <= ?1 OR "
        "last_seen_at <= ?2")
      .Bind(1, expired_at)
      .Bind(2, idle_since)
      .Run();
}

void InsertLoginState(Database& db, const std::string& state_hash,
                      const LoginState& state, long long now) {
  db.Prepare(
        "INSERT INTO login_state (state_hash, provider, nonce, "
        "code_verifier, return_to, created_at, client) VALUES (?1, ?2, ?3, "
        "?4, ?5, ?6, ?7)")
      .Bind(1, state_hash)
      .Bind(2, state.provider)
      .Bind(3, state.nonce)
      .Bind(4, state.code_verifier)
      .Bind(5, state.return_to)
      .Bind(6, now)
      .Bind(7, state.client)
      .Run();
}

void DeleteLoginStatesBefore(Database& db, long long created_at) {
  db.Prepare("DELETE FROM login_state WHERE created_at <= ?1")
      .Bind(1, created_at)
      .Run();
}

PendingLogins CountPendingLogins(Database& db, const std::string& client,
                                 long long created_after) {
  // Both counts read an index: login_state_by_age, login_state_by_client.
  Statement& query = db.Prepare(
      "SELECT (SELECT count(*) FROM login_state WHERE created_at > ?2), "
      "(SELECT count(*) FROM login_state WHERE client = ?1 AND "
      "created_at > ?2)");
  query.Bind(1, client).Bind(2, created_after);
  PendingLogins pending;
  if (query.Step()) pending = {query.Int(0), query.Int(1)};
  query.Reset();
  return pending;
}

std::optional<std::pair<LoginState, long long>> TakeLoginState(
    Database& db, const std::string& state_hash) {
  Statement& take = db.Prepare(
      "DELETE FROM login_state WHERE state_hash = ?1 RETURNING provider, "
      "nonce, code_verifier, return_to, created_at");
  take.Bind(1, state_hash);
  if (!take.Step()) return std::nullopt;
  std::pair<LoginState, long long> taken{
      {take.Text(0), take.Text(1), take.Text(2), take.Text(3)}, take.Int(4)};
  while (take.Step()) {
  }
  take.Reset();
  return taken;
}

}  // namespace sdb
