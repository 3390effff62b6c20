// The OpenID Connect pieces of operator sign-in that need no network:
// the discovery document, the provider's signing keys (JWKS), ID token
// verification (RS256/RS384/RS512 signatures, iss, aud, azp, exp, iat,
// nonce) and the PKCE S256 challenge. login.h does the fetching.
#ifndef SDB_LIB_SIGNIN_OIDC_H_
#define SDB_LIB_SIGNIN_OIDC_H_

#include <openssl/evp.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sdb {

// What sign-in uses of a provider's /.well-known/openid-configuration.
struct OidcMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string userinfo_endpoint;  // may be empty
  std::string jwks_uri;
  std::vector<std::string> scopes_supported;
  // How the client authenticates at the token endpoint: true for
  // client_secret_post (sent only when the provider lacks
  // client_secret_basic).
  bool secret_in_body = false;
};

// Parses the discovery document; nullopt with `*why` set when a required
// endpoint is missing or the issuer is not `expected_issuer` (compared
// without a trailing slash), as OpenID Connect Discovery 1.0 §4.3 demands.
std::optional<OidcMetadata> ParseDiscovery(const std::string& text,
                                           const std::string& expected_issuer,
                                           std::string* why);

// One public key of the provider.
struct SigningKey {
  std::string kid;  // may be empty when the provider has a single key
  std::string alg;  // "RS256", ... or empty when the JWK names none
  std::shared_ptr<EVP_PKEY> key;
};

// The RSA signing keys of a JWKS document (keys for encryption and of
// other types are skipped); nullopt when the text is not a JWKS.
std::optional<std::vector<SigningKey>> ParseJwks(const std::string& text);

struct IdTokenExpectations {
  std::string issuer;
  std::string client_id;
  std::string nonce;
  long long now = 0;      // Unix time
  long long leeway = 60;  // seconds of clock skew allowed on exp and iat
};

struct IdTokenCheck {
  std::optional<nlohmann::json> claims;  // set when the token is good
  std::string reason;                    // why not (for the log)
  // The token names a key id the given keys lack: fetch the JWKS again.
  bool unknown_key = false;
};

// Verifies a compact JWS ID token against `keys` and `expect`.
IdTokenCheck VerifyIdToken(const std::string& token,
                           const std::vector<SigningKey>& keys,
                           const IdTokenExpectations& expect);

// base64url(SHA-256(verifier)): the PKCE S256 code challenge.
std::string PkceChallenge(const std::string& verifier);

}  // namespace sdb

#endif  // SDB_LIB_SIGNIN_OIDC_H_
