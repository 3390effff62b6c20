// Subscribers' account-less links: see links.h.
#include "notify/links.h"

#include <openssl/crypto.h>

#include "base/crypto.h"

namespace sdb {

std::string ManageToken(const std::string& secret_key, int64_t subscriber_id,
                        const std::string& nonce) {
  return HexEncode(HmacSha256(
      secret_key, "manage:" + std::to_string(subscriber_id) + ":" + nonce));
}

bool CheckManageToken(const std::string& secret_key, int64_t subscriber_id,
                      const std::string& nonce, const std::string& token) {
  std::string expected = ManageToken(secret_key, subscriber_id, nonce);
  return token.size() == expected.size() &&
         CRYPTO_memcmp(token.data(), expected.data(), token.size()) == 0;
}

std::string ManageUrl(const std::string& base_url, int64_t subscriber_id,
                      const std::string& token) {
  return base_url + "/subscribe/manage?s=" + std::to_string(subscriber_id) +
         "&t=" + token;
}

std::string UnsubscribeUrl(const std::string& base_url, int64_t subscriber_id,
                           const std::string& token) {
  return base_url + "/subscribe/unsubscribe?s=" +
         std::to_string(subscriber_id) + "&t=" + token;
}

std::string ConfirmUrl(const std::string& base_url, const std::string& token) {
  return base_url + "/subscribe/confirm?t=" + token;
}

}  // namespace sdb
