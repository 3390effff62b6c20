// API bearer tokens: HS256 JSON Web Tokens as the seed (PyJWT +
// flask-httpauth) and stackmon's metrics-processor use them. The algorithm
// is pinned to HS256, the signature is compared in constant time, and the
// registered time claims are honoured when present.
#ifndef SDB_LIB_BASE_JWT_H_
#define SDB_LIB_BASE_JWT_H_

#include <optional>
#include <string>

namespace sdb {

// Who a verified token speaks for.
struct TokenPrincipal {
  // The `sub` claim when it is a non-empty string, else the value of the
  // payload key (a string as is, anything else as its JSON text). What API
  // writes record as their author.
  std::string author;
};

struct TokenCheck {
  std::optional<TokenPrincipal> principal;  // set when the token is good
  std::string reason;  // why it was refused (for the log, never the client)
};

// Verifies the compact JWS `token` against `secret`:
//  - three base64url parts (no padding), a JSON object header with
//    "alg": "HS256" exactly (no other algorithm, no "none"); "typ" optional;
//  - HMAC-SHA256 over "header.payload" equal to the signature, compared in
//    constant time; an empty `secret` refuses every token;
//  - a JSON object payload; "exp" (a number) must lie after `now`, "nbf"
//    (a number) not after `now`, "iat" must be a number when present; a
//    token with an "aud" claim is refused (no audience is configured);
//  - the payload must hold `payload_key` with a truthy value (not null,
//    false, 0, "", [] or {}).
// `now` is Unix time in seconds.
TokenCheck VerifyToken(const std::string& token, const std::string& secret,
                       const std::string& payload_key, long long now);

// The token part of an Authorization header value "Bearer <token>" (the
// scheme compared case-insensitively, surrounding blanks ignored), or
// nullopt when the header is missing or uses another scheme.
std::optional<std::string> BearerToken(const std::string& authorization);

// Signs `payload_json` (a JSON object's text, used as is) with header
// {"alg":"HS256"} and `secret`: the token metrics-processor builds.
std::string SignToken(const std::string& payload_json,
                      const std::string& secret);

// base64url without padding, and its inverse (nullopt on any character
// outside the alphabet, on padding, or on an impossible length).
std::string Base64UrlEncode(const std::string& bytes);
std::optional<std::string> Base64UrlDecode(const std::string& text);

}  // namespace sdb

#endif  // SDB_LIB_BASE_JWT_H_
