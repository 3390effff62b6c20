// login: operator sign-in through OpenID Connect or GitHub, and sign-out.
//   GET /login/<provider>, GET /auth/<provider>, POST /logout,
//   GET /logout (a page with the sign-out button)
#include "signin/login.h"

#include "web/serve.h"

int main() {
  return sdb::RunProgram("login", {.methods = {"GET", "HEAD", "POST"}},
                         sdb::HandleLogin);
}
