// Operator sessions: see session.h.
#include "web/session.h"

#include "base/crypto.h"

namespace sdb {
namespace {

// Activity is written at most this often (seconds): reads stay reads.
constexpr long long kTouchInterval = 60;

}  // namespace

std::string SessionStore::Begin(Operator& who, const std::string& previous,
                                long long now) {
  std::string cookie = RandomToken(32);
  who.csrf_token = RandomToken(32);
  Transaction transaction(db_);
  if (!previous.empty()) {
    db_.Prepare("DELETE FROM operator_session WHERE id_hash = ?1")
        .Bind(1, Sha256Hex(previous))
        .Run();
  }
  db_.Prepare(
         "DELETE FROM operator_session WHERE expires_at <= ?1 OR "
         "last_seen_at <= ?2")
      .Bind(1, now)
      .Bind(2, now - config_.session_idle_timeout)
      .Run();
  db_.Prepare(
         "INSERT INTO operator_session (id_hash, csrf_token, provider, "
         "subject, name, email, created_at, last_seen_at, expires_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)")
      .Bind(1, Sha256Hex(cookie))
      .Bind(2, who.csrf_token)
      .Bind(3, who.provider)
      .Bind(4, who.subject)
      .Bind(5, who.name)
      .Bind(6, who.email)
      .Bind(7, now)
      .Bind(8, now + config_.session_max_age)
      .Run();
  transaction.Commit();
  return cookie;
}

std::optional<Operator> SessionStore::Find(const std::string& cookie,
                                           long long now) {
  if (cookie.empty() || cookie.size() > 128) return std::nullopt;
  std::string id_hash = Sha256Hex(cookie);
  auto& query = db_.Prepare(
      "SELECT name, email, provider, subject, csrf_token, last_seen_at, "
      "expires_at FROM operator_session WHERE id_hash = ?1");
  query.Bind(1, id_hash);
  if (!query.Step()) return std::nullopt;
  Operator who{query.Text(0), query.Text(1), query.Text(2), query.Text(3),
               query.Text(4)};
  long long last_seen = query.Int(5), expires_at = query.Int(6);
  query.Reset();
  if (now >= expires_at || now - last_seen >= config_.session_idle_timeout) {
    End(cookie);
    return std::nullopt;
  }
  if (now - last_seen >= kTouchInterval) {
    db_.Prepare(
           "UPDATE operator_session SET last_seen_at = ?2 WHERE id_hash = ?1")
        .Bind(1, id_hash)
        .Bind(2, now)
        .Run();
  }
  return who;
}

void SessionStore::End(const std::string& cookie) {
  if (cookie.empty()) return;
  db_.Prepare("DELETE FROM operator_session WHERE id_hash = ?1")
      .Bind(1, Sha256Hex(cookie))
      .Run();
}

std::string SessionStore::BeginLogin(const LoginState& state, long long now) {
  std::string value = RandomToken(32);
  Transaction transaction(db_);
  db_.Prepare("DELETE FROM login_state WHERE created_at <= ?1")
      .Bind(1, now - kLoginStateLifetime)
      .Run();
  db_.Prepare(
         "INSERT INTO login_state (state_hash, provider, nonce, "
         "code_verifier, return_to, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
         "?6)")
      .Bind(1, Sha256Hex(value))
      .Bind(2, state.provider)
      .Bind(3, state.nonce)
      .Bind(4, state.code_verifier)
      .Bind(5, state.return_to)
      .Bind(6, now)
      .Run();
  transaction.Commit();
  return value;
}

std::optional<LoginState> SessionStore::TakeLogin(const std::string& state,
                                                  long long now) {
  if (state.empty() || state.size() > 128) return std::nullopt;
  auto& take = db_.Prepare(
      "DELETE FROM login_state WHERE state_hash = ?1 RETURNING provider, "
      "nonce, code_verifier, return_to, created_at");
  take.Bind(1, Sha256Hex(state));
  if (!take.Step()) return std::nullopt;
  LoginState login{take.Text(0), take.Text(1), take.Text(2), take.Text(3)};
  long long created_at = take.Int(4);
  while (take.Step()) {
  }
  take.Reset();
  if (now - created_at >= kLoginStateLifetime) return std::nullopt;
  return login;
}

std::string SessionCookie(const std::string& value, bool secure, int max_age) {
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; Max-Age=" + std::to_string(max_age) +
         "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

}  // namespace sdb
