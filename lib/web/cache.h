// The Redis page cache: whole rendered pages keyed by the caller (page,
// normalised parameters, data generation). Redis is an accelerator, never a
// dependency: every Redis failure is logged and reported as a miss, and
// reconnection is retried at most once a second.
#ifndef SDB_LIB_WEB_CACHE_H_
#define SDB_LIB_WEB_CACHE_H_

#include <hiredis.h>

#include <cstdint>
#include <optional>
#include <string>

#include "base/config.h"
#include "base/log.h"

namespace sdb {

struct CachedPage {
  std::string content_type;
  std::string etag;
  long long last_modified = 0;
  std::string body;
};

class PageCache {
 public:
  // Does not connect yet; the first Get or Put does.
  PageCache(const Config& config, const Logger& log);
  ~PageCache();
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  bool enabled() const { return enabled_; }
  // The page stored under `key`, or nullopt on a miss or any Redis error.
  std::optional<CachedPage> Get(const std::string& key);
  // Stores `page` under `key` for `ttl_seconds` (> 0); errors are logged.
  void Put(const std::string& key, const CachedPage& page, int ttl_seconds);

  // For /readyz: "off" when the cache is not configured, "ok" when Redis
  // answers PING, else "unavailable" (connecting at most once a second, as
  // Get and Put do).
  std::string Probe();
  // Redis failures so far (each logged; the page was served without it).
  int64_t errors() const { return errors_; }

 private:
  redisContext* Connection();
  void Drop(const std::string& why);

  const Config& config_;
  const Logger& log_;
  bool enabled_;
  redisContext* context_ = nullptr;
  long long retry_after_ = 0;
  int64_t errors_ = 0;
};

// Serialised form of a CachedPage, exposed for unit tests.
std::string EncodeCachedPage(const CachedPage& page);
std::optional<CachedPage> DecodeCachedPage(const std::string& data);

}  // namespace sdb

#endif  // SDB_LIB_WEB_CACHE_H_
