// OpenID Connect without the network: see oidc.h.
#include "signin/oidc.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/sha.h>

#include "base/crypto.h"
#include "base/error.h"
#include "base/jwt.h"

namespace sdb {
namespace {

using nlohmann::json;

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string StringField(const json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<json> ParseObject(const std::string& text) {
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) return std::nullopt;
  return value;
}

struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

std::shared_ptr<EVP_PKEY> RsaPublicKey(const std::string& n_text,
                                       const std::string& e_text) {
  auto n_bytes = Base64UrlDecode(n_text);
  auto e_bytes = Base64UrlDecode(e_text);
  if (!n_bytes || !e_bytes || n_bytes->empty() || e_bytes->empty()) {
    return nullptr;
  }
  auto bin = [](const std::string& bytes) {
    return Bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                        static_cast<int>(bytes.size()), nullptr));
  };
  Bn n = bin(*n_bytes), e = bin(*e_bytes);
  if (!n || !e) return nullptr;
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> builder(
      OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  if (!builder ||
      !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get())) {
    return nullptr;
  }
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(
      OSSL_PARAM_BLD_to_param(builder.get()), OSSL_PARAM_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(
      EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY,
                        params.get()) <= 0) {
    return nullptr;
  }
  std::shared_ptr<EVP_PKEY> owned(key, EVP_PKEY_free);
  // Keys below 2048 bits are not trusted (RFC 7518 §3.3).
  if (EVP_PKEY_get_bits(key) < 2048) return nullptr;
  return owned;
}

const EVP_MD* DigestFor(const std::string& alg) {
  if (alg == "RS256") return EVP_sha256();
  if (alg == "RS384") return EVP_sha384();
  if (alg == "RS512") return EVP_sha512();
  return nullptr;
}

bool SignatureMatches(EVP_PKEY* key, const EVP_MD* digest,
                      const std::string& signed_text,
                      const std::string& signature) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
      EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return context &&
         EVP_DigestVerifyInit(context.get(), nullptr, digest, nullptr, key) ==
             1 &&
         EVP_DigestVerify(
             context.get(),
             reinterpret_cast<const unsigned char*>(signature.data()),
             signature.size(),
             reinterpret_cast<const unsigned char*>(signed_text.data()),
             signed_text.size()) == 1;
}

bool AudienceHas(const json& aud, const std::string& client_id) {
  if (aud.is_string()) return aud.get<std::string>() == client_id;
  if (!aud.is_array()) return false;
  for (const auto& item : aud) {
    if (item.is_string() && item.get<std::string>() == client_id) return true;
  }
  return false;
}

}  // namespace

std::optional<OidcMetadata> ParseDiscovery(const std::string& text,
                                           const std::string& expected_issuer,
                                           std::string* why) {
  auto doc = ParseObject(text);
  if (!doc) {
    *why = "the discovery document is not a JSON object";
    return std::nullopt;
  }
  OidcMetadata meta;
  meta.issuer = StringField(*doc, "issuer");
  meta.authorization_endpoint = StringField(*doc, "authorization_endpoint");
  meta.token_endpoint = StringField(*doc, "token_endpoint");
  meta.userinfo_endpoint = StringField(*doc, "userinfo_endpoint");
  meta.jwks_uri = StringField(*doc, "jwks_uri");
  if (WithoutTrailingSlash(meta.issuer) !=
      WithoutTrailingSlash(expected_issuer)) {
    *why = "the discovery document names issuer \"" + meta.issuer +
           "\", not the configured \"" + expected_issuer + "\"";
    return std::nullopt;
  }
  for (const char* field :
       {"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
    if (StringField(*doc, field).empty()) {
      *why = std::string("the discovery document has no ") + field;
      return std::nullopt;
    }
  }
  if (auto it = doc->find("scopes_supported");
      it != doc->end() && it->is_array()) {
    for (const auto& scope : *it) {
      if (scope.is_string()) meta.scopes_supported.push_back(scope);
    }
  }
  if (auto it = doc->find("token_endpoint_auth_methods_supported");
      it != doc->end() && it->is_array()) {
    bool basic = false, post = false;
    for (const auto& method : *it) {
      basic = basic || method == "client_secret_basic";
      post = post || method == "client_secret_post";
    }
    meta.secret_in_body = post && !basic;
  }
  return meta;
}

std::optional<std::vector<SigningKey>> ParseJwks(const std::string& text) {
  auto doc = ParseObject(text);
  if (!doc) return std::nullopt;
  auto keys = doc->find("keys");
  if (keys == doc->end() || !keys->is_array()) return std::nullopt;
  std::vector<SigningKey> result;
  for (const auto& jwk : *keys) {
    if (!jwk.is_object() || StringField(jwk, "kty") != "RSA") continue;
    std::string use = StringField(jwk, "use");
    if (!use.empty() && use != "sig") continue;
    auto key = RsaPublicKey(StringField(jwk, "n"), StringField(jwk, "e"));
    if (!key) continue;
    result.push_back(
        {StringField(jwk, "kid"), StringField(jwk, "alg"), std::move(key)});
  }
  return result;
}

IdTokenCheck VerifyIdToken(const std::string& token,
                           const std::vector<SigningKey>& keys,
                           const IdTokenExpectations& expect) {
  IdTokenCheck check;
  size_t dot1 = token.find('.');
  size_t dot2 = dot1 == std::string::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string::npos ||
      token.find('.', dot2 + 1) != std::string::npos) {
    check.reason = "the ID token is not a compact JWS";
    return check;
  }
  auto header_text = Base64UrlDecode(token.substr(0, dot1));
  auto payload_text = Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = Base64UrlDecode(token.substr(dot2 + 1));
  std::optional<json> header, payload;
  if (header_text) header = ParseObject(*header_text);
  if (payload_text) payload = ParseObject(*payload_text);
  if (!header || !payload || !signature) {
    check.reason = "the ID token's parts are not base64url JSON objects";
    return check;
  }
  // The algorithm comes from the header but must be one we pin: never
  // "none", never an HMAC keyed with a public key.
  std::string alg = StringField(*header, "alg");
  const EVP_MD* digest = DigestFor(alg);
  if (!digest) {
    check.reason = "the ID token is signed with \"" + alg +
                   "\", not RS256, RS384 or RS512";
    return check;
  }
  std::string kid = StringField(*header, "kid");
  const SigningKey* key = nullptr;
  for (const auto& candidate : keys) {
    bool kid_fits = kid.empty() ? keys.size() == 1 : candidate.kid == kid;
    bool alg_fits = candidate.alg.empty() || candidate.alg == alg;
    if (kid_fits && alg_fits) key = &candidate;
  }
  if (!key) {
    check.reason = "no signing key \"" + kid + "\" for " + alg;
    check.unknown_key = true;
    return check;
  }
  if (!SignatureMatches(key->key.get(), digest, token.substr(0, dot2),
                        *signature)) {
    check.reason = "the ID token's signature does not verify";
    return check;
  }
  const json& claims = *payload;
  if (WithoutTrailingSlash(StringField(claims, "iss")) !=
      WithoutTrailingSlash(expect.issuer)) {
    check.reason = "the ID token was issued by \"" +
                   StringField(claims, "iss") + "\", not \"" + expect.issuer +
                   "\"";
    return check;
  }
  auto aud = claims.find("aud");
  if (aud == claims.end() || !AudienceHas(*aud, expect.client_id)) {
    check.reason =
        "the ID token is meant for another client (aud " +
        (aud == claims.end() ? std::string("missing") : aud->dump()) + ")";
    return check;
  }
  if (aud->is_array() && aud->size() > 1 &&
      StringField(claims, "azp") != expect.client_id) {
    check.reason = "the ID token has several audiences and azp is not ours";
    return check;
  }
  auto exp = claims.find("exp");
  if (exp == claims.end() || !exp->is_number()) {
    check.reason = "the ID token has no exp";
    return check;
  }
  if (exp->get<double>() + static_cast<double>(expect.leeway) <=
      static_cast<double>(expect.now)) {
    check.reason = "the ID token expired at " + exp->dump();
    return check;
  }
  auto iat = claims.find("iat");
  if (iat == claims.end() || !iat->is_number() ||
      iat->get<double>() > static_cast<double>(expect.now + expect.leeway)) {
    check.reason = "the ID token's iat is missing or in the future";
    return check;
  }
  if (StringField(claims, "nonce") != expect.nonce || expect.nonce.empty()) {
    check.reason = "the ID token's nonce is not the one this sign-in sent";
    return check;
  }
  if (StringField(claims, "sub").empty()) {
    check.reason = "the ID token has no sub";
    return check;
  }
  check.claims = claims;
  return check;
}

std::string PkceChallenge(const std::string& verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()),
         verifier.size(), digest);
  return Base64UrlEncode(
      std::string(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace sdb
