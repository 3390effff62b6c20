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
  if (!previous.empty()) DeleteSession(db_, Sha256Hex(previous));
  DeleteEndedSessions(db_, now, now - config_.session_idle_timeout);
  InsertSession(db_, Sha256Hex(cookie), who, now,
                now + config_.session_max_age);
  transaction.Commit();
  return cookie;
}

std::optional<Operator> SessionStore::Find(const std::string& cookie,
                                           long long now) {
  if (cookie.empty() || cookie.size() > 128) return std::nullopt;
  std::string id_hash = Sha256Hex(cookie);
  std::optional<SessionRow> row = FindSession(db_, id_hash);
  if (!row) return std::nullopt;
  if (now >= row->expires_at ||
      now - row->last_seen_at >= config_.session_idle_timeout) {
    End(cookie);
    return std::nullopt;
  }
  if (now - row->last_seen_at >= kTouchInterval) {
    TouchSession(db_, id_hash, now);
  }
  return row->who;
}

void SessionStore::End(const std::string& cookie) {
  if (cookie.empty()) return;
  DeleteSession(db_, Sha256Hex(cookie));
}

std::optional<std::string> SessionStore::BeginLogin(const LoginState& state,
                                                    long long now) {
  std::string value = RandomToken(32);
  Transaction transaction(db_);
  DeleteLoginStatesBefore(db_, now - kLoginStateLifetime);
  PendingLogins pending =
      CountPendingLogins(db_, state.client, now - kLoginStateLifetime);
  if (pending.total >= kMaxPendingLogins ||
      pending.from_client >= kMaxPendingLoginsPerClient) {
    return std::nullopt;  // the transaction rolls back
  }
  InsertLoginState(db_, Sha256Hex(value), state, now);
  transaction.Commit();
  return value;
}

std::optional<LoginState> SessionStore::TakeLogin(const std::string& state,
                                                  long long now) {
  if (state.empty() || state.size() > 128) return std::nullopt;
  auto taken = TakeLoginState(db_, Sha256Hex(state));
  if (!taken) return std::nullopt;
  if (now - taken->second >= kLoginStateLifetime) return std::nullopt;
  return taken->first;
}

std::string SessionCookie(const std::string& value, bool secure, int max_age) {
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; Max-Age=" + std::to_string(max_age) +
         "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

}  // namespace sdb
