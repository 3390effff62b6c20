// Small cryptographic utilities over OpenSSL: random tokens, SHA-256 and
// HMAC-SHA256, for sessions, sign-in, JWTs and form versions.
#ifndef SDB_LIB_BASE_CRYPTO_H_
#define SDB_LIB_BASE_CRYPTO_H_

#include <cstddef>
#include <string>

namespace sdb {

// `bytes` random bytes from OpenSSL's CSPRNG, base64url encoded.
std::string RandomToken(size_t bytes = 32);

// `bytes` as lower-case hex, two digits a byte.
std::string HexEncode(const std::string& bytes);

// Lower-case hex SHA-256 of `text`.
std::string Sha256Hex(const std::string& text);

// The raw 32-byte HMAC-SHA256 of `data` under `key` ("" if OpenSSL fails).
std::string HmacSha256(const std::string& key, const std::string& data);

}  // namespace sdb

#endif  // SDB_LIB_BASE_CRYPTO_H_
