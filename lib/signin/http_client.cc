// Outgoing HTTP: see http_client.h.
#include "signin/http_client.h"

#include <memory>

#include "base/curl.h"
#include "web/http.h"

namespace sdb {
namespace {

struct Sink {
  std::string body;
  size_t limit = 0;
  bool too_large = false;
};

size_t Collect(char* data, size_t size, size_t count, void* context) {
  auto* sink = static_cast<Sink*>(context);
  size_t n = size * count;
  if (sink->body.size() + n > sink->limit) {
    sink->too_large = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  sink->body.append(data, n);
  return n;
}

HttpResult Perform(const std::string& url, const HttpHeaders& headers,
                   const std::string* form_body, const std::string& user,
                   const std::string& password, const HttpLimits& limits) {
  HttpResult result;
  CurlHandle curl = NewCurlHandle();
  if (!curl) {
    result.error = "libcurl could not be initialised";
    return result;
  }
  CURL* c = curl.get();
  Sink sink;
  sink.limit = limits.max_body_bytes;
  char error[CURL_ERROR_SIZE] = "";
  CurlList list;
  for (const auto& header : headers) {
    list.reset(curl_slist_append(list.release(), header.c_str()));
  }
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, limits.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, limits.total_timeout_ms);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "status-dashboard");
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  if (list) curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
  if (form_body) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form_body->c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE,
                     static_cast<long>(form_body->size()));
  }
  if (!user.empty()) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  CURLcode code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    result.error = sink.too_large
                       ? "the response is larger than " +
                             std::to_string(limits.max_body_bytes) + " bytes"
                   : error[0] ? std::string(error)
                              : std::string(curl_easy_strerror(code));
    return result;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.status);
  result.body = std::move(sink.body);
  return result;
}

}  // namespace

HttpResult HttpGet(const std::string& url, const HttpHeaders& headers,
                   const HttpLimits& limits) {
  return Perform(url, headers, nullptr, "", "", limits);
}

HttpResult HttpPostForm(const std::string& url, const FormFields& fields,
                        const HttpHeaders& headers, const std::string& user,
                        const std::string& password, const HttpLimits& limits) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body +=
        (body.empty() ? "" : "&") + UrlEncode(name) + "=" + UrlEncode(value);
  }
  return Perform(url, headers, &body, user, password, limits);
}

}  // namespace sdb
