// The Redis page cache: see cache.h.
#include "web/cache.h"

#include <sys/time.h>

#include <memory>

#include "base/timeutil.h"

namespace sdb {
namespace {

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

// Where to connect, from SDB_CACHE_REDIS_URL or host/port/password.
struct Target {
  std::string host;
  int port = 6379;
  std::string socket_path;
  std::string password;
  int db = 0;
};

Target ParseTarget(const Config& config) {
  Target t{config.cache_redis_host, config.cache_redis_port, "",
           config.cache_redis_password, 0};
  const std::string& url = config.cache_redis_url;
  if (url.empty()) return t;
  if (url.rfind("unix://", 0) == 0) {
    std::string rest = url.substr(7);
    auto q = rest.find("?db=");
    if (q != std::string::npos) {
      t.db = std::atoi(rest.c_str() + q + 4);
      rest.resize(q);
    }
    t.socket_path = rest;
    return t;
  }
  std::string rest = url.rfind("redis://", 0) == 0 ? url.substr(8) : url;
  auto at = rest.rfind('@');
  if (at != std::string::npos) {
    std::string auth = rest.substr(0, at);
    auto colon = auth.find(':');
    t.password = colon == std::string::npos ? auth : auth.substr(colon + 1);
    rest = rest.substr(at + 1);
  }
  auto slash = rest.find('/');
  if (slash != std::string::npos) {
    t.db = std::atoi(rest.c_str() + slash + 1);
    rest.resize(slash);
  }
  auto colon = rest.rfind(':');
  if (colon != std::string::npos) {
    t.port = std::atoi(rest.c_str() + colon + 1);
    rest.resize(colon);
  }
  if (!rest.empty()) t.host = rest;
  return t;
}

}  // namespace

std::string EncodeCachedPage(const CachedPage& page) {
  return page.content_type + "\n" + page.etag + "\n" +
         std::to_string(page.last_modified) + "\n" + page.body;
}

std::optional<CachedPage> DecodeCachedPage(const std::string& data) {
  CachedPage page;
  auto a = data.find('\n');
  if (a == std::string::npos) return std::nullopt;
  auto b = data.find('\n', a + 1);
  if (b == std::string::npos) return std::nullopt;
  auto c = data.find('\n', b + 1);
  if (c == std::string::npos) return std::nullopt;
  page.content_type = data.substr(0, a);
  page.etag = data.substr(a + 1, b - a - 1);
  try {
    page.last_modified = std::stoll(data.substr(b + 1, c - b - 1));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  page.body = data.substr(c + 1);
  return page;
}

PageCache::PageCache(const Config& config, const Logger& log)
    : config_(config), log_(log), enabled_(config.cache_type == "redis") {}

PageCache::~PageCache() {
  if (context_ != nullptr) redisFree(context_);
}

void PageCache::Drop(const std::string& why) {
  ++errors_;
  log_.Warning("redis: " + why + "; serving without the cache");
  if (context_ != nullptr) redisFree(context_);
  context_ = nullptr;
  retry_after_ = UnixNow() + 1;
}

redisContext* PageCache::Connection() {
  if (!enabled_) return nullptr;
  if (context_ != nullptr) return context_;
  if (UnixNow() < retry_after_) return nullptr;
  Target target = ParseTarget(config_);
  timeval timeout{config_.cache_redis_timeout_ms / 1000,
                  (config_.cache_redis_timeout_ms % 1000) * 1000};
  context_ =
      target.socket_path.empty()
          ? redisConnectWithTimeout(target.host.c_str(), target.port, timeout)
          : redisConnectUnixWithTimeout(target.socket_path.c_str(), timeout);
  if (context_ == nullptr) {
    Drop("cannot allocate a connection");
    return nullptr;
  }
  if (context_->err) {
    Drop(std::string("cannot connect: ") + context_->errstr);
    return nullptr;
  }
  redisSetTimeout(context_, timeout);
  if (!target.password.empty()) {
    Reply reply(static_cast<redisReply*>(
        redisCommand(context_, "AUTH %s", target.password.c_str())));
    if (!reply || reply->type == REDIS_REPLY_ERROR) {
      Drop("authentication failed");
      return nullptr;
    }
  }
  if (target.db != 0) {
    // Redis's own SELECT (a database number), passed as arguments.
    std::string number = std::to_string(target.db);
    const char* argv[] = {"SELECT", number.c_str()};
    Reply reply(static_cast<redisReply*>(
        redisCommandArgv(context_, 2, argv, nullptr)));
    if (!reply || reply->type == REDIS_REPLY_ERROR) {
      Drop("cannot select database " + std::to_string(target.db));
      return nullptr;
    }
  }
  return context_;
}

std::optional<CachedPage> PageCache::Get(const std::string& key) {
  redisContext* c = Connection();
  if (c == nullptr) return std::nullopt;
  std::string full_key = config_.cache_key_prefix + key;
  Reply reply(static_cast<redisReply*>(
      redisCommand(c, "GET %b", full_key.data(), full_key.size())));
  if (!reply) {
    Drop(std::string("GET failed: ") + c->errstr);
    return std::nullopt;
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    ++errors_;
    log_.Warning(std::string("redis: GET: ") + reply->str);
    return std::nullopt;
  }
  if (reply->type != REDIS_REPLY_STRING) return std::nullopt;
  return DecodeCachedPage(std::string(reply->str, reply->len));
}

void PageCache::Put(const std::string& key, const CachedPage& page,
                    int ttl_seconds) {
  redisContext* c = Connection();
  if (c == nullptr || ttl_seconds <= 0) return;
  std::string full_key = config_.cache_key_prefix + key;
  std::string data = EncodeCachedPage(page);
  Reply reply(static_cast<redisReply*>(
      redisCommand(c, "SET %b %b EX %d", full_key.data(), full_key.size(),
                   data.data(), data.size(), ttl_seconds)));
  if (!reply) {
    Drop(std::string("SET failed: ") + c->errstr);
  } else if (reply->type == REDIS_REPLY_ERROR) {
    ++errors_;
    log_.Warning(std::string("redis: SET: ") + reply->str);
  }
}

std::string PageCache::Probe() {
  if (!enabled_) return "off";
  redisContext* c = Connection();
  if (c == nullptr) return "unavailable";
  Reply reply(static_cast<redisReply*>(redisCommand(c, "PING")));
  if (!reply) {
    Drop(std::string("PING failed: ") + c->errstr);
    return "unavailable";
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    ++errors_;
    log_.Warning(std::string("redis: PING: ") + reply->str);
    return "unavailable";
  }
  return "ok";
}

}  // namespace sdb
