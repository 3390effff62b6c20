// libcurl handles owned by unique_ptr, and the one place that initialises
// libcurl (signin's HTTP client, notify's SMTP delivery).
#ifndef SDB_LIB_BASE_CURL_H_
#define SDB_LIB_BASE_CURL_H_

#include <curl/curl.h>

#include <memory>

namespace sdb {

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using CurlList = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// A new easy handle (libcurl initialised on first use); empty when libcurl
// cannot be initialised.
inline CurlHandle NewCurlHandle() {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == 0;
  return CurlHandle(initialised ? curl_easy_init() : nullptr);
}

}  // namespace sdb

#endif  // SDB_LIB_BASE_CURL_H_
