// API bearer tokens: see jwt.h.
#include "base/jwt.h"

#include <openssl/crypto.h>
#include <strings.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "base/crypto.h"

namespace sdb {
namespace {

using Json = nlohmann::json;

constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int DecodeChar(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// A JSON object from `text`, or nullopt when it is not one.
std::optional<Json> ParseObject(const std::string& text) {
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

// Python's truthiness, which the seed applies to the payload key's value.
bool Truthy(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return false;
    case Json::value_t::boolean:
      return value.get<bool>();
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return value.get<double>() != 0.0;
    case Json::value_t::string:
      return !value.get_ref<const std::string&>().empty();
    case Json::value_t::array:
    case Json::value_t::object:
      return !value.empty();
    default:
      return false;
  }
}

TokenCheck Refuse(std::string reason) { return {std::nullopt, reason}; }

}  // namespace

std::string Base64UrlEncode(const std::string& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    unsigned v = byte(i) << 16;
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
  } else if (i + 2 == bytes.size()) {
    unsigned v = byte(i) << 16 | byte(i + 1) << 8;
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
  }
  return out;
}

std::optional<std::string> Base64UrlDecode(const std::string& text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = DecodeChar(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6 | static_cast<unsigned>(v)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(buffer >> bits & 0xff);
    }
  }
  return out;
}

std::optional<std::string> BearerToken(const std::string& authorization) {
  size_t begin = authorization.find_first_not_of(" \t");
  if (begin == std::string::npos) return std::nullopt;
  size_t space = authorization.find_first_of(" \t", begin);
  if (space == std::string::npos) return std::nullopt;
  std::string scheme = authorization.substr(begin, space - begin);
  if (scheme.size() != 6 || strncasecmp(scheme.c_str(), "bearer", 6) != 0) {
    return std::nullopt;
  }
  size_t start = authorization.find_first_not_of(" \t", space);
  if (start == std::string::npos) return std::nullopt;
  size_t end = authorization.find_last_not_of(" \t");
  return authorization.substr(start, end - start + 1);
}

TokenCheck VerifyToken(const std::string& token, const std::string& secret,
                       const std::string& payload_key, long long now) {
  if (secret.empty()) return Refuse("no secret key is configured");
  size_t first = token.find('.');
  size_t second =
      first == std::string::npos ? first : token.find('.', first + 1);
  if (second == std::string::npos ||
      token.find('.', second + 1) != std::string::npos) {
    return Refuse("not a compact JWS");
  }
  std::string header_part = token.substr(0, first);
  std::string payload_part = token.substr(first + 1, second - first - 1);
  auto header_text = Base64UrlDecode(header_part);
  auto payload_text = Base64UrlDecode(payload_part);
  auto signature = Base64UrlDecode(token.substr(second + 1));
  if (!header_text || !payload_text || !signature) {
    return Refuse("malformed base64url");
  }
  auto header = ParseObject(*header_text);
  if (!header) return Refuse("header is not a JSON object");
  auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string() || *alg != "HS256") {
    return Refuse("algorithm is not HS256");
  }
  std::string expected = HmacSha256(secret, header_part + "." + payload_part);
  if (expected.empty() || signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return Refuse("bad signature");
  }
  auto payload = ParseObject(*payload_text);
  if (!payload) return Refuse("payload is not a JSON object");
  auto number = [&](const char* name) -> std::optional<double> {
    auto it = payload->find(name);
    if (it == payload->end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
  };
  for (const char* name : {"exp", "nbf", "iat"}) {
    if (payload->contains(name) && !number(name)) {
      return Refuse(std::string(name) + " is not a number");
    }
  }
  auto when = static_cast<double>(now);
  if (auto exp = number("exp"); exp && *exp <= when) return Refuse("expired");
  if (auto nbf = number("nbf"); nbf && *nbf > when) {
    return Refuse("not valid yet");
  }
  if (payload->contains("aud")) return Refuse("token has an audience");
  auto value = payload->find(payload_key);
  if (value == payload->end() || !Truthy(*value)) {
    return Refuse("payload key missing or false");
  }
  TokenPrincipal principal;
  auto sub = payload->find("sub");
  if (sub != payload->end() && sub->is_string() &&
      !sub->get<std::string>().empty()) {
    principal.author = sub->get<std::string>();
  } else if (value->is_string()) {
    principal.author = value->get<std::string>();
  } else {
    principal.author =
        value->dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  return {principal, ""};
}

std::string SignToken(const std::string& payload_json,
                      const std::string& secret) {
  std::string signing_input = Base64UrlEncode(R"({"alg":"HS256"})") + "." +
                              Base64UrlEncode(payload_json);
  return signing_input + "." +
         Base64UrlEncode(HmacSha256(secret, signing_input));
}

}  // namespace sdb
