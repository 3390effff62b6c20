// SMTP delivery: see smtp.h.
#include "notify/smtp.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include "base/config.h"
#include "base/curl.h"
#include "notify/mail.h"

namespace sdb {
namespace {

// The message handed to libcurl piece by piece.
struct Source {
  const std::string* data;
  size_t offset = 0;
};

size_t Read(char* buffer, size_t size, size_t count, void* user) {
  auto* source = static_cast<Source*>(user);
  size_t n = std::min(size * count, source->data->size() - source->offset);
  std::memcpy(buffer, source->data->data() + source->offset, n);
  source->offset += n;
  return n;
}

}  // namespace

SmtpSettings SmtpSettingsFrom(const Config& config) {
  SmtpSettings settings;
  settings.url = config.smtp_url;
  settings.user = config.smtp_user;
  settings.password = config.smtp_password;
  settings.from = config.mail_from;
  return settings;
}

SmtpResult SendMail(const SmtpSettings& settings, const std::string& recipient,
                    const std::string& message) {
  SmtpResult result;
  CurlHandle curl = NewCurlHandle();
  if (!curl) {
    result.error = "libcurl could not be initialised";
    return result;
  }
  if (settings.url.empty()) {
    result.error = "no SMTP server is set (SDB_SMTP_URL)";
    result.permanent = true;
    return result;
  }
  CURL* c = curl.get();
  char error[CURL_ERROR_SIZE] = "";
  std::string from = "<" + MailAddressOf(settings.from) + ">";
  std::string to = "<" + recipient + ">";
  CurlList rcpt(curl_slist_append(nullptr, to.c_str()));
  Source source{&message};
  curl_easy_setopt(c, CURLOPT_URL, settings.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  // STARTTLS whenever the server offers it; a password only over TLS.
  curl_easy_setopt(c, CURLOPT_USE_SSL,
                   settings.user.empty() ? static_cast<long>(CURLUSESSL_TRY)
                                         : static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, settings.timeout_ms);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, Read);
  curl_easy_setopt(c, CURLOPT_READDATA, &source);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE,
                   static_cast<curl_off_t>(message.size()));
  if (!settings.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings.password.c_str());
  }
  CURLcode code = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.reply);
  if (code == CURLE_OK) {
    result.sent = true;
    return result;
  }
  result.error =
      error[0] ? std::string(error) : std::string(curl_easy_strerror(code));
  if (result.reply >= 500 && result.reply < 600) result.permanent = true;
  return result;
}

}  // namespace sdb
