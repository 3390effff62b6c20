// The OpenID Connect parsers of sign-in (signin/oidc.h): the discovery
// document (ParseDiscovery), the provider's keys (ParseJwks), and the ID
// token of the token response (VerifyIdToken).
//
// Input: a first line naming what follows, then the text:
//   "discovery"  a discovery document, checked against the issuer below;
//   "jwks"       a JWKS document;
//   "idtoken"    "HEADER-JSON\nPAYLOAD-JSON": signed with the fuzzer's own
//                RSA key (RS384/RS512 when the header names it, else RS256)
//                so the claim checks after the signature see the JSON;
//   anything else: the rest as a compact ID token, checked as received.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/jwt.h"
#include "fuzz_support.h"
#include "signin/oidc.h"

namespace {

constexpr char kIssuer[] = "https://id.example.com/realms/ops";

const sdb::IdTokenExpectations& Expect() {
  static const sdb::IdTokenExpectations expect{kIssuer, "status-dashboard",
                                               "n-0S6_WzA2Mj", 1795892700};
  return expect;
}

// The fuzzer's signing key, and the provider's keys as ParseJwks reads
// them from its JWKS.
struct Keys {
  EVP_PKEY* private_key = nullptr;
  std::vector<sdb::SigningKey> keys;
};

std::string Param(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  FUZZ_ASSERT(EVP_PKEY_get_bn_param(key, name, &bn) == 1);
  std::string bytes(BN_num_bytes(bn), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return sdb::Base64UrlEncode(bytes);
}

const Keys& TheKeys() {
  static const Keys* keys = [] {
    auto* k = new Keys;
    k->private_key = EVP_RSA_gen(2048);
    FUZZ_ASSERT(k->private_key != nullptr);
    std::string jwks = R"({"keys":[{"kty":"RSA","use":"sig","kid":"k1","n":")" +
                       Param(k->private_key, OSSL_PKEY_PARAM_RSA_N) +
                       R"(","e":")" +
                       Param(k->private_key, OSSL_PKEY_PARAM_RSA_E) + R"("}]})";
    auto parsed = sdb::ParseJwks(jwks);
    FUZZ_ASSERT(parsed && parsed->size() == 1);
    k->keys = *parsed;
    return k;
  }();
  return *keys;
}

std::string Sign(const std::string& signing_input, const EVP_MD* digest) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
      EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t length = 0;
  FUZZ_ASSERT(EVP_DigestSignInit(context.get(), nullptr, digest, nullptr,
                                 TheKeys().private_key) == 1);
  const auto* in = reinterpret_cast<const unsigned char*>(signing_input.data());
  FUZZ_ASSERT(EVP_DigestSign(context.get(), nullptr, &length, in,
                             signing_input.size()) == 1);
  std::string signature(length, '\0');
  FUZZ_ASSERT(EVP_DigestSign(context.get(),
                             reinterpret_cast<unsigned char*>(signature.data()),
                             &length, in, signing_input.size()) == 1);
  signature.resize(length);
  return signature;
}

void Verify(const std::string& token,
            const std::vector<sdb::SigningKey>& keys) {
  sdb::IdTokenCheck check = sdb::VerifyIdToken(token, keys, Expect());
  FUZZ_ASSERT(check.claims.has_value() == check.reason.empty());
  if (check.claims) {
    FUZZ_ASSERT(check.claims->is_object());
    FUZZ_ASSERT(!check.unknown_key);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto [kind, rest] = sdb_fuzz::SplitLine(sdb_fuzz::Text(data, size));
  if (kind == "discovery") {
    std::string why;
    auto meta = sdb::ParseDiscovery(rest, kIssuer, &why);
    FUZZ_ASSERT(meta.has_value() == why.empty());
    if (meta) {
      FUZZ_ASSERT(!meta->authorization_endpoint.empty() &&
                  !meta->token_endpoint.empty() && !meta->jwks_uri.empty());
    }
  } else if (kind == "jwks") {
    if (auto keys = sdb::ParseJwks(rest)) {
      for (const auto& key : *keys) FUZZ_ASSERT(key.key != nullptr);
      // A token checked against the document's keys.
      Verify("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", *keys);
    }
  } else if (kind == "idtoken") {
    auto [header, payload] = sdb_fuzz::SplitLine(rest);
    const EVP_MD* digest = EVP_sha256();
    nlohmann::json parsed = nlohmann::json::parse(header, nullptr, false);
    if (parsed.is_object() && parsed.contains("alg")) {
      if (parsed["alg"] == "RS384") digest = EVP_sha384();
      if (parsed["alg"] == "RS512") digest = EVP_sha512();
    }
    std::string signing_input =
        sdb::Base64UrlEncode(header) + "." + sdb::Base64UrlEncode(payload);
    std::string token =
        signing_input + "." + sdb::Base64UrlEncode(Sign(signing_input, digest));
    Verify(token, TheKeys().keys);
  } else {
    Verify(rest, TheKeys().keys);
  }
  return 0;
}
