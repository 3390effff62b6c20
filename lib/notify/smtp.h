// Sending one mail over SMTP with libcurl: smtp:// (STARTTLS when the server
// offers it, required when a password is sent) or smtps:// (TLS from the
// first byte), certificates verified, bounded in time.
#ifndef SDB_LIB_NOTIFY_SMTP_H_
#define SDB_LIB_NOTIFY_SMTP_H_

#include <string>

namespace sdb {

struct Config;

struct SmtpSettings {
  std::string url;       // SDB_SMTP_URL: smtp://host:port or smtps://host:port
  std::string user;      // SDB_SMTP_USER; empty: no authentication
  std::string password;  // SDB_SMTP_PASSWORD
  std::string from;      // SDB_MAIL_FROM: "Name <address>"
  long timeout_ms = 30000;
};

SmtpSettings SmtpSettingsFrom(const Config& config);

struct SmtpResult {
  bool sent = false;
  // The server refused for good (a 5xx answer): retrying the same message
  // to the same address will not help.
  bool permanent = false;
  long reply = 0;     // the server's last reply code (0: no answer)
  std::string error;  // empty when sent
};

// Sends `message` (ComposeMail's bytes) from the envelope address of
// settings.from to `recipient` (an address, no display name).
SmtpResult SendMail(const SmtpSettings& settings, const std::string& recipient,
                    const std::string& message);

}  // namespace sdb

#endif  // SDB_LIB_NOTIFY_SMTP_H_
