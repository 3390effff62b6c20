// Mail messages as subscribers receive them: RFC 5322 headers with RFC 2047
// encoded words for non-ASCII text, a MIME multipart/alternative body (UTF-8
// text and HTML, quoted-printable), a stable Message-ID, threading headers
// (one incident's mails group together) and the RFC 8058 one-click
// unsubscribe headers.
#ifndef SDB_LIB_NOTIFY_MAIL_H_
#define SDB_LIB_NOTIFY_MAIL_H_

#include <string>
#include <vector>

namespace sdb {

struct MailMessage {
  std::string from;        // "Status Dashboard <status@example.com>"
  std::string to;          // one address
  std::string subject;     // UTF-8, any length
  std::string text;        // the text/plain part, UTF-8
  std::string html;        // the text/html part, UTF-8; empty: text only
  std::string message_id;  // without the angle brackets: "x@example.com"
  std::string thread_id;   // the first message of the thread (References)
  long long date = 0;      // Unix time of the Date header
  // https:// address that unsubscribes with one POST (RFC 8058); empty:
  // none (a confirmation mail, which subscribes nobody yet).
  std::string unsubscribe_url;
};

// The whole message, CRLF line endings, ready for SMTP's DATA. The MIME
// boundary is derived from the message id, so the same message composes
// to the same bytes.
std::string ComposeMail(const MailMessage& message);

// RFC 2047: `text` as one or more "=?UTF-8?B?...?=" words of at most 75
// characters, split on UTF-8 character boundaries, separated by CRLF SP
// (folded); ASCII text without specials is returned as it is.
std::string EncodeHeaderText(const std::string& text);

// Quoted-printable (RFC 2045) with CRLF line breaks and soft breaks that
// keep every line within 76 characters.
std::string QuotedPrintable(const std::string& text);

// The address part of "Name <addr>" (or the whole text when it has none).
std::string MailAddressOf(const std::string& mailbox);

// A Date header value: "Fri, 04 Dec 2026 03:30:00 +0000".
std::string MailDate(long long unix_time);

}  // namespace sdb

#endif  // SDB_LIB_NOTIFY_MAIL_H_
