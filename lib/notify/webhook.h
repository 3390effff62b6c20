// What makes a webhook request safe to send and to receive: the signature
// receivers check (HMAC-SHA256 over the timestamp and the body, so a forged
// or replayed request is rejected), and the check that an endpoint's
// address is not the server's own network (no server-side request forgery:
// loopback, link-local, private and other special addresses are refused
// unless the settings allow them).
#ifndef SDB_LIB_NOTIFY_WEBHOOK_H_
#define SDB_LIB_NOTIFY_WEBHOOK_H_

#include <string>
#include <vector>

namespace sdb {

// The header a webhook request carries, X-Status-Dashboard-Signature:
//   t=<Unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>
// A receiver recomputes v1 over the raw body with the endpoint's secret,
// compares in constant time and refuses a t older than a few minutes.
std::string WebhookSignature(const std::string& secret, long long timestamp,
                             const std::string& body);

struct WebhookUrlPolicy {
  bool allow_http = false;     // http:// as well as https://
  bool allow_private = false;  // loopback, link-local and private addresses
};

// Why the endpoint `url` may not be used ("" when it may): a scheme other
// than https (or http when allowed), no host, userinfo, or a host that is
// or resolves to a forbidden address. `addresses` receives the addresses
// the host resolved to; the sender must connect to one of these (pinned),
// not resolve the name again (DNS rebinding).
std::string CheckWebhookUrl(const std::string& url,
                            const WebhookUrlPolicy& policy,
                            std::vector<std::string>* addresses);

// True for an address no webhook may reach unless private addresses are
// allowed: loopback, link-local, private (RFC 1918, fc00::/7), carrier-
// grade NAT, unspecified, multicast and broadcast addresses, also written
// IPv4-mapped (::ffff:127.0.0.1: NetworkList reads those as IPv4).
bool IsSpecialAddress(const std::string& address);

}  // namespace sdb

#endif  // SDB_LIB_NOTIFY_WEBHOOK_H_
