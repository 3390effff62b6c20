// Configuration: see config.h.
#include "base/config.h"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include "base/error.h"
#include "base/netaddr.h"

extern char** environ;

namespace sdb {
namespace {

using Setter = std::function<void(Config&, const std::string&)>;

Setter Text(std::string Config::*field) {
  return [field](Config& c, const std::string& v) { c.*field = v; };
}

template <typename T>
Setter Number(T Config::*field, long min, long max) {
  return [field, min, max](Config& c, const std::string& v) {
    std::size_t used = 0;
    long n = 0;
    try {
      n = std::stol(v, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != v.size() || n < min || n > max) {
      throw Error("must be a whole number from " + std::to_string(min) +
                  " to " + std::to_string(max) + ", not \"" + v + "\"");
    }
    c.*field = static_cast<T>(n);
  };
}

Setter OneOf(std::string Config::*field, std::vector<std::string> allowed) {
  return [field, allowed](Config& c, const std::string& v) {
    for (const auto& a : allowed) {
      if (a == v) {
        c.*field = v;
        return;
      }
    }
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw Error("must be one of " + list + ", not \"" + v + "\"");
  };
}

Setter Flag(bool Config::*field) {
  return [field](Config& c, const std::string& v) {
    if (v == "1" || v == "true" || v == "yes" || v == "on") {
      c.*field = true;
    } else if (v == "0" || v == "false" || v == "no" || v == "off" ||
               v.empty()) {
      c.*field = false;
    } else {
      throw Error("must be true or false, not \"" + v + "\"");
    }
  };
}

// The seed's cache types map onto ours.
void SetCacheType(Config& c, const std::string& v) {
  if (v == "redis" || v == "RedisCache") {
    c.cache_type = "redis";
  } else if (v == "none" || v == "NullCache") {
    c.cache_type = "none";
  } else {
    throw Error("must be redis (or RedisCache) or none (or NullCache), not \"" +
                v + "\"");
  }
}

// An absolute http(s) URL without query or fragment, stored without a
// trailing slash; empty is allowed (the feature it names is then off, or
// for SDB_BASE_URL: links follow the request).
Setter HttpUrl(std::string Config::*field, const char* example) {
  return [field, example](Config& c, const std::string& v) {
    std::string url = v;
    while (!url.empty() && url.back() == '/') url.pop_back();
    std::string rest;
    if (url.rfind("https://", 0) == 0) rest = url.substr(8);
    if (url.rfind("http://", 0) == 0) rest = url.substr(7);
    bool ok =
        url.empty() || (!rest.empty() && rest[0] != '/' &&
                        url.find_first_of(" \t?#\"<>") == std::string::npos);
    if (!ok) {
      throw Error(
          std::string("must be an http:// or https:// address such as ") +
          example + ", not \"" + v + "\"");
    }
    c.*field = url;
  };
}

const std::map<std::string, Setter>& Setters() {
  static const auto* setters = new std::map<std::string, Setter>{
      {"SDB_DATABASE", Text(&Config::database)},
      {"SDB_TEMPLATE_DIR", Text(&Config::template_dir)},
      {"SDB_CACHE_TYPE", SetCacheType},
      {"SDB_CACHE_KEY_PREFIX", Text(&Config::cache_key_prefix)},
      {"SDB_CACHE_REDIS_HOST", Text(&Config::cache_redis_host)},
      {"SDB_CACHE_REDIS_PORT", Number(&Config::cache_redis_port, 1, 65535)},
      {"SDB_CACHE_REDIS_URL", Text(&Config::cache_redis_url)},
      {"SDB_CACHE_REDIS_PASSWORD", Text(&Config::cache_redis_password)},
      {"SDB_CACHE_DEFAULT_TIMEOUT",
       Number(&Config::cache_default_timeout, 1, 86400)},
      {"SDB_CACHE_REDIS_TIMEOUT_MS",
       Number(&Config::cache_redis_timeout_ms, 1, 10000)},
      {"SDB_SECRET_KEY", Text(&Config::secret_key)},
      {"SDB_API_PAYLOAD_KEY", Text(&Config::api_payload_key)},
      {"SDB_OPENID_ISSUER_URL",
       HttpUrl(&Config::openid_issuer_url,
               "https://keycloak.example.com/realms/main")},
      {"SDB_OPENID_CLIENT_ID", Text(&Config::openid_client_id)},
      {"SDB_OPENID_CLIENT_SECRET", Text(&Config::openid_client_secret)},
      {"SDB_OPENID_REQUIRED_GROUP", Text(&Config::openid_required_group)},
      {"SDB_GITHUB_CLIENT_ID", Text(&Config::github_client_id)},
      {"SDB_GITHUB_CLIENT_SECRET", Text(&Config::github_client_secret)},
      {"SDB_GITHUB_BASE_URL",
       HttpUrl(&Config::github_base_url, "https://github.com")},
      {"SDB_GITHUB_API_URL",
       HttpUrl(&Config::github_api_url, "https://api.github.com")},
      {"SDB_GITHUB_REQUIRED_ORG", Text(&Config::github_required_org)},
      {"SDB_SESSION_MAX_AGE", Number(&Config::session_max_age, 60, 30 * 86400)},
      {"SDB_SESSION_IDLE_TIMEOUT",
       Number(&Config::session_idle_timeout, 60, 30 * 86400)},
      {"SDB_SITE_TITLE", Text(&Config::site_title)},
      {"SDB_BASE_URL",
       HttpUrl(&Config::base_url, "https://status.example.com")},
      {"SDB_LOG_LEVEL",
       OneOf(&Config::log_level, {"error", "warning", "info", "debug"})},
      {"SDB_MAX_BODY_BYTES", Number(&Config::max_body_bytes, 1024, 16 << 20)},
      {"SDB_METRICS_NETWORKS",
       [](Config& c, const std::string& v) {
         NetworkList::Parse(v);  // throws, naming the bad entry
         c.metrics_networks = v;
       }},
      {"SDB_TRUSTED_PROXIES",
       [](Config& c, const std::string& v) {
         NetworkList::Parse(v);
         c.trusted_proxies = v;
       }},
      {"SDB_STALE_SECONDS", Number(&Config::stale_seconds, 0, 30 * 86400)},
      {"SDB_WORKERS", Number(&Config::workers, 1, 64)},
      {"SDB_SMTP_URL",
       [](Config& c, const std::string& v) {
         bool ok =
             v.empty() ||
             ((v.rfind("smtp://", 0) == 0 || v.rfind("smtps://", 0) == 0) &&
              v.find_first_of(" \t\"<>") == std::string::npos);
         if (!ok) {
           throw Error(
               "must be an smtp:// or smtps:// address such as "
               "smtp://mail.example.com:587, not \"" +
               v + "\"");
         }
         c.smtp_url = v;
       }},
      {"SDB_SMTP_USER", Text(&Config::smtp_user)},
      {"SDB_SMTP_PASSWORD", Text(&Config::smtp_password)},
      {"SDB_MAIL_FROM",
       [](Config& c, const std::string& v) {
         auto at = v.find('@');
         if (at == std::string::npos ||
             v.find_first_of("\r\n") != std::string::npos) {
           throw Error(
               "must be a mail address such as \"Status "
               "<status@example.com>\", not \"" +
               v + "\"");
         }
         c.mail_from = v;
       }},
      {"SDB_NOTIFY_SYSTEM_DELAY",
       Number(&Config::notify_system_delay, 0, 86400)},
      {"SDB_NOTIFY_RETRY_FOR",
       Number(&Config::notify_retry_for, 10, 7 * 86400)},
      {"SDB_NOTIFY_LEASE", Number(&Config::notify_lease, 1, 3600)},
      {"SDB_NOTIFY_PAUSE_AFTER", Number(&Config::notify_pause_after, 1, 1000)},
      {"SDB_WEBHOOK_TIMEOUT", Number(&Config::webhook_timeout, 1, 120)},
      {"SDB_WEBHOOK_ALLOW_HTTP", Flag(&Config::webhook_allow_http)},
      {"SDB_WEBHOOK_ALLOW_PRIVATE", Flag(&Config::webhook_allow_private)},
      {"SDB_SUBSCRIBE_LIMIT_EMAIL",
       Number(&Config::subscribe_limit_email, 1, 1000)},
      {"SDB_SUBSCRIBE_LIMIT_CLIENT",
       Number(&Config::subscribe_limit_client, 1, 100000)},
  };
  return *setters;
}

// Keys that select the config file itself rather than a setting.
bool IsMetaKey(const std::string& key) { return key == "SDB_CONFIG"; }

void Apply(Config& config, const std::string& where, const std::string& key,
           const std::string& value) {
  if (IsMetaKey(key)) return;
  auto it = Setters().find(key);
  if (it == Setters().end()) {
    throw Error(where + ": unknown configuration key " + key);
  }
  try {
    it->second(config, value);
  } catch (const Error& e) {
    throw Error(where + ": " + key + " " + e.what());
  }
}

std::string Trim(const std::string& s) {
  auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

// Removes one level of matching single or double quotes.
std::string Unquote(const std::string& s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') &&
      s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

}  // namespace

Config ParseConfig(const std::string& file_name, const std::string& file_text,
                   const std::map<std::string, std::string>& environment) {
  Config config;
  std::istringstream in(file_text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string text = Trim(line);
    if (text.empty() || text[0] == '#') continue;
    std::string where = file_name + ":" + std::to_string(number);
    auto eq = text.find('=');
    if (eq == std::string::npos) {
      throw Error(where + ": expected KEY=value, got \"" + text + "\"");
    }
    std::string key = Trim(text.substr(0, eq));
    if (key.rfind("export ", 0) == 0) key = Trim(key.substr(7));
    Apply(config, where, key, Unquote(Trim(text.substr(eq + 1))));
  }
  for (const auto& [key, value] : environment) {
    if (key.rfind("SDB_", 0) != 0) continue;
    Apply(config, "environment", key, value);
  }
  return config;
}

Config LoadConfig() {
  std::map<std::string, std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) {
      environment[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
  }
  std::string file_name = "/etc/status-dashboard/sdb.conf";
  bool named = false;
  if (auto it = environment.find("SDB_CONFIG"); it != environment.end()) {
    file_name = it->second;
    named = true;
  }
  std::string text;
  if (!file_name.empty()) {
    std::ifstream file(file_name);
    if (file) {
      std::stringstream buffer;
      buffer << file.rdbuf();
      text = buffer.str();
    } else if (named) {
      throw Error("cannot read configuration file " + file_name +
                  " (named by SDB_CONFIG)");
    }
  }
  return ParseConfig(file_name, text, environment);
}

std::vector<std::string> ConfigKeys() {
  std::vector<std::string> keys;
  for (const auto& [key, setter] : Setters()) keys.push_back(key);
  return keys;
}

std::vector<std::string> SignInProviders(const Config& config) {
  std::vector<std::string> providers;
  if (!config.openid_issuer_url.empty() && !config.openid_client_id.empty()) {
    providers.push_back("openid");
  }
  if (!config.github_client_id.empty()) providers.push_back("github");
  return providers;
}

}  // namespace sdb
