// Operator sessions and sign-ins under way, kept in the database (so
// sessions survive restarts and need no Redis; the rows are
// store/sessions.h's). Only hashes of the random session ids and sign-in
// states are stored; the values live in the browser.
#ifndef SDB_LIB_WEB_SESSION_H_
#define SDB_LIB_WEB_SESSION_H_

#include <optional>
#include <string>

#include "base/config.h"
#include "store/db.h"
#include "store/sessions.h"
#include "web/http.h"

namespace sdb {

// The operator session cookie: pages for a session are never cached.
inline constexpr char kSessionCookie[] = "sdb_session";
// The form field every operator form carries with the session's token.
inline constexpr char kCsrfField[] = "csrf_token";
// The cookie that binds a sign-in under way to the browser that started it.
inline constexpr char kLoginCookie[] = "sdb_login";
// How long a sign-in may take at the provider, in seconds.
inline constexpr int kLoginStateLifetime = 600;
// Sign-ins under way at once, in all and from one address: anonymous
// visitors start them, so they are bounded (GET /login/... answers 429).
inline constexpr int kMaxPendingLogins = 1000;
inline constexpr int kMaxPendingLoginsPerClient = 10;

class SessionStore {
 public:
  SessionStore(Database& db, const Config& config) : db_(db), config_(config) {}

  // Starts a session for `who` and returns the cookie value; fills
  // who.csrf_token. Ends the session `previous` names, if any (the id is
  // rotated at every sign-in), and sweeps ended sessions.
  std::string Begin(Operator& who, const std::string& previous, long long now);

  // The operator of the live session `cookie` names, or nullopt (and the
  // session is deleted) when it is unknown, past its absolute expiry or
  // idle for longer than the idle timeout. Records the activity at most
  // once a minute.
  std::optional<Operator> Find(const std::string& cookie, long long now);

  // Ends the session `cookie` names (no-op when there is none).
  void End(const std::string& cookie);

  // Remembers a sign-in under way and returns its random state value;
  // nullopt (nothing stored) when kMaxPendingLogins are under way, or
  // kMaxPendingLoginsPerClient from state.client.
  std::optional<std::string> BeginLogin(const LoginState& state, long long now);

  // Takes (and forgets) the sign-in `state` names, if it is younger than
  // kLoginStateLifetime: each state is good for exactly one return.
  std::optional<LoginState> TakeLogin(const std::string& state, long long now);

 private:
  Database& db_;
  const Config& config_;
};

// The Set-Cookie value for session `value`: HttpOnly, SameSite=Lax, Path=/,
// Secure when the request came over https; `max_age` 0 deletes it.
std::string SessionCookie(const std::string& value, bool secure, int max_age);

}  // namespace sdb

#endif  // SDB_LIB_WEB_SESSION_H_
