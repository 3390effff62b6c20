// API bearer tokens (base/jwt.h): BearerToken on the Authorization header,
// VerifyToken, and base64url both ways.
//
// Input, one of:
//  - an Authorization header value or bare token (no line break): checked
//    as received (almost always refused at the signature);
//  - "HEADER-JSON\nPAYLOAD-JSON": both signed with the secret first, so the
//    checks after the signature (alg, exp, nbf, iat, aud, payload key,
//    author) see the fuzzer's JSON.
#include <cstdint>
#include <string>

#include "base/crypto.h"
#include "base/jwt.h"
#include "fuzz_support.h"

namespace {

constexpr char kSecret[] = "fuzz-secret";
constexpr char kPayloadKey[] = "stackmon";
constexpr long long kNow = 1795892700;

void Verify(const std::string& token) {
  sdb::TokenCheck check = sdb::VerifyToken(token, kSecret, kPayloadKey, kNow);
  FUZZ_ASSERT(check.principal.has_value() == check.reason.empty());
  // No secret, no token.
  FUZZ_ASSERT(!sdb::VerifyToken(token, "", kPayloadKey, kNow).principal);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = sdb_fuzz::Text(data, size);

  // base64url: decoding what was encoded gives the bytes back.
  std::string encoded = sdb::Base64UrlEncode(text);
  FUZZ_ASSERT(encoded.find('=') == std::string::npos);
  auto decoded = sdb::Base64UrlDecode(encoded);
  FUZZ_ASSERT(decoded && *decoded == text);
  if (auto bytes = sdb::Base64UrlDecode(text)) {
    FUZZ_ASSERT(bytes->size() <= text.size());
  }

  auto [header, payload] = sdb_fuzz::SplitLine(text);
  if (text.find('\n') == std::string::npos) {
    if (auto token = sdb::BearerToken(text)) {
      FUZZ_ASSERT(token->size() < text.size());
      Verify(*token);
    }
    Verify(text);
    return 0;
  }
  std::string signing_input =
      sdb::Base64UrlEncode(header) + "." + sdb::Base64UrlEncode(payload);
  std::string token =
      signing_input + "." +
      sdb::Base64UrlEncode(sdb::HmacSha256(kSecret, signing_input));
  Verify(token);
  if (header == R"({"alg":"HS256"})") {
    FUZZ_ASSERT(sdb::SignToken(payload, kSecret) == token);
  }
  return 0;
}
