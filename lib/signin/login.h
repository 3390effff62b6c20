// Operator sign-in for the `login` program: OpenID Connect (authorization
// code flow with state, nonce and PKCE S256; ID token checked against the
// provider's JWKS; groups from the token or the userinfo endpoint) and
// GitHub OAuth, then a server-side session (session.h). Every failure ends
// on an explanatory page and a log line, never a 500.
//
//   GET  /login/<provider>[?next=PATH]   -> 303 to the provider
//   GET  /auth/<provider>?code&state     -> session cookie, 303 to PATH
//   POST /logout (with the CSRF token)   -> session ended, 303 to /
//   GET  /logout                         -> a page with the sign-out button
#ifndef SDB_LIB_SIGNIN_LOGIN_H_
#define SDB_LIB_SIGNIN_LOGIN_H_

#include <string>
#include <vector>

#include "web/http.h"

namespace sdb {

class App;
struct Config;

// Whether `groups` (an ID token or userinfo "groups" claim: strings, with
// or without Keycloak's leading "/") names `required`.
bool InGroup(const std::vector<std::string>& groups,
             const std::string& required);

// The login program's handler: every route above.
Response HandleLogin(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_SIGNIN_LOGIN_H_
