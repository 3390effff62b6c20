// Outgoing HTTP for sign-in: OpenID discovery, JWKS, token and userinfo
// requests, and GitHub's OAuth endpoints, over libcurl. TLS certificates
// and host names are always verified, only http and https are spoken,
// redirects are not followed, and every call is bounded in time and size.
#ifndef SDB_LIB_SIGNIN_HTTP_CLIENT_H_
#define SDB_LIB_SIGNIN_HTTP_CLIENT_H_

#include <string>
#include <utility>
#include <vector>

namespace sdb {

struct HttpResult {
  // The HTTP status, or 0 when no response arrived (then `error` says why:
  // refused, timed out, certificate not trusted, ...).
  long status = 0;
  std::string body;
  std::string error;
  bool ok() const { return status >= 200 && status < 300; }
};

using HttpHeaders = std::vector<std::string>;  // "Name: value" lines
using FormFields = std::vector<std::pair<std::string, std::string>>;

struct HttpLimits {
  long connect_timeout_ms = 3000;
  long total_timeout_ms = 10000;
  size_t max_body_bytes = 1 << 20;
};

// GET `url`.
HttpResult HttpGet(const std::string& url, const HttpHeaders& headers,
                   const HttpLimits& limits = {});

// POST `fields` as application/x-www-form-urlencoded to `url`; `user` and
// `password`, when `user` is not empty, go as HTTP Basic authentication.
HttpResult HttpPostForm(const std::string& url, const FormFields& fields,
                        const HttpHeaders& headers,
                        const std::string& user = "",
                        const std::string& password = "",
                        const HttpLimits& limits = {});

}  // namespace sdb

#endif  // SDB_LIB_SIGNIN_HTTP_CLIENT_H_
