// Unit tests of the page cache: the stored page format, and that an
// unreachable Redis is a miss, never an error.
#include "web/cache.h"

#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>

#include "base/config.h"
#include "base/log.h"

BOOST_AUTO_TEST_SUITE(cache)

BOOST_AUTO_TEST_CASE(encode_decode_round_trip) {
  const sdb::CachedPage kPages[] = {
      {"text/html; charset=utf-8", "\"0123456789abcdef\"", 1795892700,
       "<p>one</p>\n<p>two</p>\n\n"},
      {"application/rss+xml", "\"e\"", 0, ""},
      {"text/plain", "", 1, "\n"},
      {"text/html", "W/\"weak\"", 42, "no newline at the end"},
      {"text/html", "\"x\"", 7, std::string("nul\0byte", 8)},
  };
  for (const auto& page : kPages) {
    BOOST_TEST_CONTEXT("content type " << page.content_type << ", body size "
                                       << page.body.size()) {
      std::optional<sdb::CachedPage> decoded =
          sdb::DecodeCachedPage(sdb::EncodeCachedPage(page));
      BOOST_TEST_REQUIRE(decoded.has_value());
      BOOST_TEST(decoded->content_type == page.content_type);
      BOOST_TEST(decoded->etag == page.etag);
      BOOST_TEST(decoded->last_modified == page.last_modified);
      BOOST_TEST(decoded->body == page.body);
    }
  }
}

BOOST_AUTO_TEST_CASE(malformed_data_decodes_to_nullopt) {
  const char* const kMalformed[] = {
      "",
      "text/html",
      "text/html\n\"etag\"",
      "text/html\n\"etag\"\n1795892700",
      "text/html\n\"etag\"\nnot-a-number\nbody",
      "text/html\n\"etag\"\n\nbody",
  };
  for (const char* data : kMalformed) {
    BOOST_TEST_CONTEXT("data \"" << data << "\"") {
      BOOST_TEST(!sdb::DecodeCachedPage(data).has_value());
    }
  }
}

BOOST_AUTO_TEST_CASE(unreachable_redis_is_a_miss_not_an_error) {
  sdb::Config config;
  config.cache_type = "redis";
  config.cache_redis_url = "unix:///nonexistent";
  config.cache_redis_timeout_ms = 50;
  sdb::Logger log("cache_test", "error");  // the expected warnings stay quiet
  sdb::PageCache cache(config, log);
  BOOST_TEST(cache.enabled());
  BOOST_TEST(!cache.Get("page:board:g1:").has_value());
  BOOST_CHECK_NO_THROW(
      cache.Put("page:board:g1:", {"text/html", "\"e\"", 1, "body"}, 60));
  // Still a miss, and still no exception, on the next attempts.
  BOOST_TEST(!cache.Get("page:board:g1:").has_value());
  BOOST_CHECK_NO_THROW(
      cache.Put("page:board:g1:", {"text/html", "\"e\"", 1, "body"}, 60));
}

BOOST_AUTO_TEST_CASE(disabled_cache_never_connects) {
  sdb::Config config;
  config.cache_type = "none";
  sdb::Logger log("cache_test", "error");
  sdb::PageCache cache(config, log);
  BOOST_TEST(!cache.enabled());
  BOOST_TEST(!cache.Get("key").has_value());
  BOOST_CHECK_NO_THROW(cache.Put("key", {"text/html", "\"e\"", 1, "b"}, 60));
}

BOOST_AUTO_TEST_SUITE_END()
