// The links in subscribers' mails that need no account: a subscriber's
// manage and unsubscribe links carry a token derived from the server's
// secret and the subscriber's nonce (a new nonce revokes them), so nothing
// secret is stored and every mail can carry them.
#ifndef SDB_LIB_NOTIFY_LINKS_H_
#define SDB_LIB_NOTIFY_LINKS_H_

#include <cstdint>
#include <string>

namespace sdb {

// Hex HMAC-SHA256(secret_key, "manage:<id>:<nonce>").
std::string ManageToken(const std::string& secret_key, int64_t subscriber_id,
                        const std::string& nonce);

// Whether `token` is subscriber `id`'s manage token (constant time).
bool CheckManageToken(const std::string& secret_key, int64_t subscriber_id,
                      const std::string& nonce, const std::string& token);

// <base_url>/subscribe/manage?s=<id>&t=<token>: change the scope or leave.
std::string ManageUrl(const std::string& base_url, int64_t subscriber_id,
                      const std::string& token);
// <base_url>/subscribe/unsubscribe?s=<id>&t=<token>: a GET shows a button,
// a POST (also RFC 8058's one-click "List-Unsubscribe=One-Click") deletes
// the address.
std::string UnsubscribeUrl(const std::string& base_url, int64_t subscriber_id,
                           const std::string& token);
// <base_url>/subscribe/confirm?t=<token>: the double opt-in link.
std::string ConfirmUrl(const std::string& base_url, const std::string& token);

}  // namespace sdb

#endif  // SDB_LIB_NOTIFY_LINKS_H_
