// The rows behind operator sessions and sign-ins under way
// (operator_session, login_state, sql/0005_sessions.sql). Rows are found by
// the SHA-256 hash of the browser's value, never by the value itself;
// web/session.h makes the values, hashes and lifetimes.
#ifndef SDB_LIB_STORE_SESSIONS_H_
#define SDB_LIB_STORE_SESSIONS_H_

#include <optional>
#include <string>

#include "store/db.h"
#include "store/model.h"

namespace sdb {

// A stored session: its operator (with the session's CSRF token) and
// times (Unix seconds).
struct SessionRow {
  Operator who;
  long long last_seen_at = 0;
  long long expires_at = 0;
};

// The session stored under `id_hash`, if any.
std::optional<SessionRow> FindSession(Database& db, const std::string& id_hash);

// Stores a session for `who` (with who.csrf_token) under `id_hash`, created
// and last seen at `now`, ending at `expires_at`.
void InsertSession(Database& db, const std::string& id_hash,
                   const Operator& who, long long now, long long expires_at);

// Records activity on the session `id_hash` at `now`.
void TouchSession(Database& db, const std::string& id_hash, long long now);

// Deletes the session `id_hash` (no-op when there is none).
void DeleteSession(Database& db, const std::string& id_hash);

// Deletes the sessions that expire at or before `expired_at` or were last
// seen at or before `idle_since`.
void DeleteEndedSessions(Database& db, long long expired_at,
                         long long idle_since);

// What a sign-in remembers between leaving for the provider and returning.
struct LoginState {
  std::string provider;  // "openid" or "github"
  std::string nonce;
  std::string code_verifier;
  std::string return_to;  // a local path
  std::string client;     // REMOTE_ADDR of the browser that started it
};

// Stores `state` under `state_hash`, created at `now`.
void InsertLoginState(Database& db, const std::string& state_hash,
                      const LoginState& state, long long now);

// Deletes the sign-in states created at or before `created_at`.
void DeleteLoginStatesBefore(Database& db, long long created_at);

// How many sign-ins are under way, in all and from `client`, among those
// created after `created_after`.
struct PendingLogins {
  int64_t total = 0;
  int64_t from_client = 0;
};
PendingLogins CountPendingLogins(Database& db, const std::string& client,
                                 long long created_after);

// Deletes the sign-in state `state_hash` and returns it with the time it
// was created, or nullopt when there was none: each state is taken once.
std::optional<std::pair<LoginState, long long>> TakeLoginState(
    Database& db, const std::string& state_hash);

}  // namespace sdb

#endif  // SDB_LIB_STORE_SESSIONS_H_
