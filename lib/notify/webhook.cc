// Webhook signatures and address checks: see webhook.h.
#include "notify/webhook.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <memory>

#include "base/crypto.h"
#include "base/netaddr.h"

namespace sdb {
namespace {

struct AddrInfoDeleter {
  void operator()(addrinfo* list) const { freeaddrinfo(list); }
};

}  // namespace

std::string WebhookSignature(const std::string& secret, long long timestamp,
                             const std::string& body) {
  std::string t = std::to_string(timestamp);
  return "t=" + t + ",v1=" + HexEncode(HmacSha256(secret, t + "." + body));
}

bool IsSpecialAddress(const std::string& address) {
  static const NetworkList kSpecial = NetworkList::Parse(
      "0.0.0.0/8 10.0.0.0/8 100.64.0.0/10 127.0.0.0/8 169.254.0.0/16 "
      "172.16.0.0/12 192.0.0.0/24 192.168.0.0/16 198.18.0.0/15 224.0.0.0/4 "
      "240.0.0.0/4 ::/128 ::1/128 64:ff9b::/96 fc00::/7 "
      "fe80::/10 ff00::/8");
  return kSpecial.Contains(address);
}

std::string CheckWebhookUrl(const std::string& url,
                            const WebhookUrlPolicy& policy,
                            std::vector<std::string>* addresses) {
  addresses->clear();
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    if (!policy.allow_http) {
      return "The address must start with https:// (plain http is not "
             "allowed on this site).";
    }
    rest = url.substr(7);
  } else {
    return "The address must start with https://.";
  }
  if (url.find_first_of(" \t\r\n\"<>\\") != std::string::npos) {
    return "The address holds a character that is not allowed in a URL.";
  }
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string::npos) {
    return "The address may not carry a user name or password.";
  }
  std::string host = authority;
  if (!host.empty() && host[0] == '[') {
    auto close = host.find(']');
    if (close == std::string::npos) return "The address has no valid host.";
    host = host.substr(1, close - 1);
  } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
    host = host.substr(0, colon);
  }
  if (host.empty()) return "The address has no host.";
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found) {
    return "The host " + host + " cannot be resolved.";
  }
  std::unique_ptr<addrinfo, AddrInfoDeleter> list(found);
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = "";
    const void* raw =
        a->ai_family == AF_INET
            ? static_cast<const void*>(
                  &reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
            : static_cast<const void*>(
                  &reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
    if (inet_ntop(a->ai_family, raw, text, sizeof text) == nullptr) continue;
    std::string address = text;
    if (!policy.allow_private && IsSpecialAddress(address)) {
      addresses->clear();
      return "The host " + host + " is (or resolves to) " + address +
             ", an address of the server's own or a private network; "
             "webhooks may not be sent there.";
    }
    bool seen = false;
    for (const auto& known : *addresses) seen = seen || known == address;
    if (!seen) addresses->push_back(address);
  }
  if (addresses->empty()) return "The host " + host + " has no address.";
  return "";
}

}  // namespace sdb
