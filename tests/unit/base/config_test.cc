// Unit tests of the configuration: defaults, the config file format, the
// environment overriding the file, and the errors for unknown keys and bad
// values.
#include "base/config.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <vector>

#include "base/error.h"
#include "test_support.h"

namespace {

using Env = std::map<std::string, std::string>;

// The message of the sdb::Error that ParseConfig throws, or "" when it
// does not throw.
std::string ErrorOf(const std::string& file_text, const Env& env = {}) {
  try {
    sdb::ParseConfig("sdb.conf", file_text, env);
  } catch (const sdb::Error& e) {
    return e.what();
  }
  return "";
}

using sdb_test::Contains;

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(defaults_without_file_or_environment) {
  sdb::Config c = sdb::ParseConfig("sdb.conf", "", {});
  BOOST_TEST(c.database == "/var/lib/status-dashboard/status.db");
  BOOST_TEST(c.template_dir == "/usr/share/status-dashboard/templates");
  BOOST_TEST(c.cache_type == "redis");
  BOOST_TEST(c.cache_key_prefix == "sdb:");
  BOOST_TEST(c.cache_redis_host == "127.0.0.1");
  BOOST_TEST(c.cache_redis_port == 6379);
  BOOST_TEST(c.cache_redis_url.empty());
  BOOST_TEST(c.cache_redis_password.empty());
  BOOST_TEST(c.cache_default_timeout == 300);
  BOOST_TEST(c.cache_redis_timeout_ms == 200);
  BOOST_TEST(c.secret_key.empty());
  BOOST_TEST(c.api_payload_key == "stackmon");
  BOOST_TEST(c.log_level == "info");
  BOOST_TEST(c.max_body_bytes == 65536);
}

BOOST_AUTO_TEST_CASE(file_lines_comments_blank_quotes_and_export) {
  const std::string file =
      "# a comment line\n"
      "\n"
      "   \n"
      "  # an indented comment\n"
      "SDB_DATABASE=/srv/status.db\n"
      "SDB_SECRET_KEY=\"double quoted\"\n"
      "SDB_API_PAYLOAD_KEY='single quoted'\n"
      "export SDB_CACHE_REDIS_HOST=redis.internal\n"
      "  SDB_CACHE_KEY_PREFIX = spaced:  \n"
      "SDB_CACHE_REDIS_PORT=6380\r\n"
      "SDB_OPENID_CLIENT_SECRET=a=b=c\n"
      "SDB_GITHUB_CLIENT_ID=\"unbalanced\n"
      "SDB_LOG_LEVEL=debug";  // no newline at the end
  sdb::Config c = sdb::ParseConfig("sdb.conf", file, {});
  BOOST_TEST(c.database == "/srv/status.db");
  BOOST_TEST(c.secret_key == "double quoted");
  BOOST_TEST(c.api_payload_key == "single quoted");
  BOOST_TEST(c.cache_redis_host == "redis.internal");
  BOOST_TEST(c.cache_key_prefix == "spaced:");
  BOOST_TEST(c.cache_redis_port == 6380);
  BOOST_TEST(c.openid_client_secret == "a=b=c");
  BOOST_TEST(c.github_client_id == "\"unbalanced");
  BOOST_TEST(c.log_level == "debug");
}

BOOST_AUTO_TEST_CASE(environment_overrides_file) {
  const std::string file =
      "SDB_DATABASE=/from/file.db\n"
      "SDB_CACHE_REDIS_PORT=1234\n"
      "SDB_SECRET_KEY=file-secret\n";
  Env env = {{"SDB_DATABASE", "/from/env.db"},
             {"SDB_CACHE_REDIS_PORT", "4321"}};
  sdb::Config c = sdb::ParseConfig("sdb.conf", file, env);
  BOOST_TEST(c.database == "/from/env.db");
  BOOST_TEST(c.cache_redis_port == 4321);
  BOOST_TEST(c.secret_key == "file-secret");  // not in the environment
}

BOOST_AUTO_TEST_CASE(environment_values_are_taken_verbatim) {
  Env env = {{"SDB_SECRET_KEY", "\"quotes stay\""}};
  sdb::Config c = sdb::ParseConfig("sdb.conf", "", env);
  BOOST_TEST(c.secret_key == "\"quotes stay\"");
}

BOOST_AUTO_TEST_CASE(unknown_key_in_file_names_file_line_and_key) {
  std::string message = ErrorOf(
      "# comment\n"
      "SDB_DATABASE=/srv/status.db\n"
      "\n"
      "SDB_DATABSE=/typo.db\n");
  BOOST_TEST(Contains(message, "sdb.conf:4"), message);
  BOOST_TEST(Contains(message, "SDB_DATABSE"), message);
}

BOOST_AUTO_TEST_CASE(line_without_equals_is_an_error) {
  std::string message = ErrorOf("SDB_DATABASE=/x\nSDB_LOG_LEVEL\n");
  BOOST_TEST(Contains(message, "sdb.conf:2"), message);
}

BOOST_AUTO_TEST_CASE(unknown_sdb_environment_key_is_an_error) {
  std::string message = ErrorOf("", {{"SDB_CACHE_TYP", "redis"}});
  BOOST_TEST(Contains(message, "environment"), message);
  BOOST_TEST(Contains(message, "SDB_CACHE_TYP"), message);
}

BOOST_AUTO_TEST_CASE(non_sdb_environment_is_ignored) {
  Env env = {{"PATH", "/usr/bin"},
             {"HOME", "/root"},
             {"SDBX_DATABASE", "/nope"},
             {"sdb_database", "/nope"},
             {"DATABASE", "/nope"}};
  sdb::Config c = sdb::ParseConfig("sdb.conf", "", env);
  BOOST_TEST(c.database == "/var/lib/status-dashboard/status.db");
}

BOOST_AUTO_TEST_CASE(sdb_config_names_the_file_not_a_setting) {
  Env env = {{"SDB_CONFIG", "/etc/other.conf"}};
  BOOST_CHECK_NO_THROW(sdb::ParseConfig("sdb.conf", "", env));
}

BOOST_AUTO_TEST_CASE(bad_values_are_errors_naming_the_key) {
  struct Case {
    const char* key;
    const char* value;
  };
  const Case kCases[] = {
      {"SDB_CACHE_REDIS_PORT", "abc"},
      {"SDB_CACHE_REDIS_PORT", ""},
      {"SDB_CACHE_REDIS_PORT", "12x"},
      {"SDB_CACHE_REDIS_PORT", "6379.5"},
      {"SDB_CACHE_REDIS_PORT", "0"},
      {"SDB_CACHE_REDIS_PORT", "65536"},
      {"SDB_CACHE_REDIS_PORT", "-1"},
      {"SDB_CACHE_REDIS_PORT", "99999999999999999999999"},
      {"SDB_CACHE_DEFAULT_TIMEOUT", "0"},
      {"SDB_CACHE_DEFAULT_TIMEOUT", "86401"},
      {"SDB_CACHE_REDIS_TIMEOUT_MS", "10001"},
      {"SDB_MAX_BODY_BYTES", "1023"},
      {"SDB_MAX_BODY_BYTES", "lots"},
      {"SDB_LOG_LEVEL", "verbose"},
      {"SDB_LOG_LEVEL", "INFO"},
      {"SDB_CACHE_TYPE", "memcached"},
      {"SDB_CACHE_TYPE", ""},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT(c.key << "=\"" << c.value << "\"") {
      // From the file, with its line number.
      std::string from_file =
          ErrorOf("\n" + std::string(c.key) + "=" + c.value + "\n");
      BOOST_TEST(Contains(from_file, "sdb.conf:2"), from_file);
      BOOST_TEST(Contains(from_file, c.key), from_file);
      // From the environment.
      std::string from_env = ErrorOf("", {{c.key, c.value}});
      BOOST_TEST(Contains(from_env, c.key), from_env);
    }
  }
}

BOOST_AUTO_TEST_CASE(numbers_at_the_limits_are_accepted) {
  sdb::Config low = sdb::ParseConfig(
      "sdb.conf",
      "SDB_CACHE_REDIS_PORT=1\nSDB_CACHE_DEFAULT_TIMEOUT=1\n"
      "SDB_CACHE_REDIS_TIMEOUT_MS=1\nSDB_MAX_BODY_BYTES=1024\n",
      {});
  BOOST_TEST(low.cache_redis_port == 1);
  BOOST_TEST(low.cache_default_timeout == 1);
  BOOST_TEST(low.cache_redis_timeout_ms == 1);
  BOOST_TEST(low.max_body_bytes == 1024);
  sdb::Config high = sdb::ParseConfig(
      "sdb.conf",
      "SDB_CACHE_REDIS_PORT=65535\nSDB_CACHE_DEFAULT_TIMEOUT=86400\n"
      "SDB_CACHE_REDIS_TIMEOUT_MS=10000\nSDB_MAX_BODY_BYTES=16777216\n",
      {});
  BOOST_TEST(high.cache_redis_port == 65535);
  BOOST_TEST(high.cache_default_timeout == 86400);
  BOOST_TEST(high.cache_redis_timeout_ms == 10000);
  BOOST_TEST(high.max_body_bytes == 16777216);
}

BOOST_AUTO_TEST_CASE(cache_type_names_of_the_seed_map_to_ours) {
  struct Case {
    const char* value;
    const char* cache_type;
  };
  const Case kCases[] = {
      {"redis", "redis"},
      {"RedisCache", "redis"},
      {"none", "none"},
      {"NullCache", "none"},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT("SDB_CACHE_TYPE=" << c.value) {
      sdb::Config from_env =
          sdb::ParseConfig("sdb.conf", "", {{"SDB_CACHE_TYPE", c.value}});
      BOOST_TEST(from_env.cache_type == c.cache_type);
      sdb::Config from_file = sdb::ParseConfig(
          "sdb.conf", std::string("SDB_CACHE_TYPE=") + c.value + "\n", {});
      BOOST_TEST(from_file.cache_type == c.cache_type);
    }
  }
}

BOOST_AUTO_TEST_CASE(log_levels) {
  for (const char* level : {"error", "warning", "info", "debug"}) {
    BOOST_TEST_CONTEXT("SDB_LOG_LEVEL=" << level) {
      sdb::Config c =
          sdb::ParseConfig("sdb.conf", "", {{"SDB_LOG_LEVEL", level}});
      BOOST_TEST(c.log_level == level);
    }
  }
}

BOOST_AUTO_TEST_CASE(config_keys_contain_the_seed_names) {
  std::vector<std::string> keys = sdb::ConfigKeys();
  const char* const kSeedNames[] = {
      "SDB_SECRET_KEY",
      "SDB_API_PAYLOAD_KEY",
      "SDB_CACHE_TYPE",
      "SDB_CACHE_KEY_PREFIX",
      "SDB_CACHE_REDIS_HOST",
      "SDB_CACHE_REDIS_PORT",
      "SDB_CACHE_REDIS_URL",
      "SDB_CACHE_REDIS_PASSWORD",
      "SDB_CACHE_DEFAULT_TIMEOUT",
      "SDB_OPENID_ISSUER_URL",
      "SDB_OPENID_CLIENT_ID",
      "SDB_OPENID_CLIENT_SECRET",
      "SDB_OPENID_REQUIRED_GROUP",
      "SDB_GITHUB_CLIENT_ID",
      "SDB_GITHUB_CLIENT_SECRET",
  };
  for (const char* name : kSeedNames) {
    BOOST_TEST_CONTEXT("key " << name) {
      BOOST_TEST((std::find(keys.begin(), keys.end(), name) != keys.end()));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_config_key_is_accepted) {
  // A key ConfigKeys lists but ParseConfig rejects would be a broken promise.
  for (const std::string& key : sdb::ConfigKeys()) {
    BOOST_TEST_CONTEXT("key " << key) {
      BOOST_TEST(key.rfind("SDB_", 0) == 0u);
      std::string value = "1024";
      if (key == "SDB_LOG_LEVEL") value = "info";
      if (key == "SDB_CACHE_TYPE") value = "none";
      if (key == "SDB_WORKERS") value = "4";
      if (key == "SDB_SMTP_URL") value = "smtp://127.0.0.1:2525";
      if (key == "SDB_MAIL_FROM") value = "Status <status@example.com>";
      if (key.find("_ALLOW_") != std::string::npos) value = "true";
      if (key == "SDB_NOTIFY_PAUSE_AFTER" || key == "SDB_WEBHOOK_TIMEOUT" ||
          key == "SDB_SUBSCRIBE_LIMIT_EMAIL") {
        value = "10";
      }
      bool url = key == "SDB_BASE_URL" || key == "SDB_OPENID_ISSUER_URL" ||
                 key == "SDB_GITHUB_BASE_URL" || key == "SDB_GITHUB_API_URL";
      if (url) value = "https://status.example.com";
      if (key == "SDB_METRICS_NETWORKS" || key == "SDB_TRUSTED_PROXIES") {
        value = "127.0.0.1";
      }
      BOOST_CHECK_NO_THROW(
          sdb::ParseConfig("sdb.conf", key + "=" + value + "\n", {}));
    }
  }
}

BOOST_AUTO_TEST_CASE(sign_in_urls_are_checked) {
  auto config = sdb::ParseConfig(
      "sdb.conf",
      "SDB_OPENID_ISSUER_URL=https://id.example.com/realms/main/\n"
      "SDB_GITHUB_API_URL=http://127.0.0.1:9000\n",
      {});
  BOOST_TEST(config.openid_issuer_url == "https://id.example.com/realms/main");
  BOOST_TEST(config.github_api_url == "http://127.0.0.1:9000");
  BOOST_CHECK_THROW(
      sdb::ParseConfig("sdb.conf", "SDB_OPENID_ISSUER_URL=keycloak\n", {}),
      sdb::Error);
  BOOST_CHECK_THROW(
      sdb::ParseConfig("sdb.conf", "SDB_SESSION_IDLE_TIMEOUT=5\n", {}),
      sdb::Error);
}

BOOST_AUTO_TEST_SUITE_END()
