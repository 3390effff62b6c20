// Configuration: the seed's SDB_* variables, read from an optional config
// file (KEY=value lines, the systemd EnvironmentFile format) and then from
// the environment, which wins. Unknown SDB_* keys are an error, so a typo
// never silently falls back to a default.
#ifndef SDB_LIB_BASE_CONFIG_H_
#define SDB_LIB_BASE_CONFIG_H_

#include <map>
#include <string>
#include <vector>

namespace sdb {

struct Config {
  std::string database = "/var/lib/status-dashboard/status.db";  // SDB_DATABASE
  std::string template_dir =
      "/usr/share/status-dashboard/templates";  // SDB_TEMPLATE_DIR
  std::string cache_type = "redis";             // SDB_CACHE_TYPE: redis | none
  std::string cache_key_prefix = "sdb:";        // SDB_CACHE_KEY_PREFIX
  std::string cache_redis_host = "127.0.0.1";   // SDB_CACHE_REDIS_HOST
  int cache_redis_port = 6379;                  // SDB_CACHE_REDIS_PORT
  std::string
      cache_redis_url;  // SDB_CACHE_REDIS_URL: redis://[:pw@]host[:port][/db]
                        // or unix:///path
  std::string cache_redis_password;  // SDB_CACHE_REDIS_PASSWORD
  int cache_default_timeout = 300;   // SDB_CACHE_DEFAULT_TIMEOUT, seconds
  int cache_redis_timeout_ms = 200;  // SDB_CACHE_REDIS_TIMEOUT_MS
  std::string secret_key;            // SDB_SECRET_KEY (API tokens)
  std::string api_payload_key = "stackmon";  // SDB_API_PAYLOAD_KEY
  std::string openid_issuer_url;             // SDB_OPENID_ISSUER_URL
  std::string openid_client_id;              // SDB_OPENID_CLIENT_ID
  std::string openid_client_secret;          // SDB_OPENID_CLIENT_SECRET
  std::string openid_required_group;         // SDB_OPENID_REQUIRED_GROUP
  std::string github_client_id;              // SDB_GITHUB_CLIENT_ID
  std::string github_client_secret;          // SDB_GITHUB_CLIENT_SECRET
  // SDB_GITHUB_BASE_URL / SDB_GITHUB_API_URL: where GitHub's OAuth pages
  // and REST API live (GitHub Enterprise, or a stand-in in tests).
  std::string github_base_url = "https://github.com";
  std::string github_api_url = "https://api.github.com";
  // SDB_GITHUB_REQUIRED_ORG: when set, only members of this GitHub
  // organisation may sign in (asks for the read:org scope).
  std::string github_required_org;
  int session_max_age =
      43200;  // SDB_SESSION_MAX_AGE: seconds a session lasts at most
  int session_idle_timeout =
      3600;  // SDB_SESSION_IDLE_TIMEOUT: seconds without a request that end it
  std::string site_title = "Status Dashboard";  // SDB_SITE_TITLE
  // SDB_BASE_URL: the site's public address for absolute links in feeds
  // ("https://status.example.com", no trailing slash); empty: taken from
  // each request's scheme and Host header.
  std::string base_url;
  std::string log_level =
      "info";                   // SDB_LOG_LEVEL: error | warning | info | debug
  long max_body_bytes = 65536;  // SDB_MAX_BODY_BYTES
  // SDB_METRICS_NETWORKS: addresses that may read /metrics, networks
  // separated by spaces or commas (netaddr.h).
  std::string metrics_networks = "127.0.0.0/8 ::1/128";
  // SDB_TRUSTED_PROXIES: the addresses (as the web server reports the
  // client, REMOTE_ADDR) whose X-Forwarded-Proto is believed: a TLS
  // terminator in front of nginx. Empty: the header is ignored, and only the
  // web server's own HTTPS parameter says a request came over https.
  std::string trusted_proxies;
  // SDB_STALE_SECONDS: how long nginx may serve a public page from its
  // microcache while the program cannot answer (stale-if-error).
  long stale_seconds = 86400;
  // SDB_WORKERS: processes per program under systemd (the units pass it to
  // multiwatch); checked here so a typo is an error, otherwise unused.
  long workers = 2;
  // Mail to subscribers (lib/notify): SDB_SMTP_URL smtp://host:port
  // (STARTTLS when offered, required with a password) or smtps://host:port;
  // empty: no mail is sent. SDB_SMTP_USER and SDB_SMTP_PASSWORD log in;
  // SDB_MAIL_FROM is the sender, "Name <address>".
  std::string smtp_url;
  std::string smtp_user;
  std::string smtp_password;
  std::string mail_from = "Status Dashboard <status-dashboard@localhost>";
  // The notify worker (issue 15). SDB_NOTIFY_SYSTEM_DELAY: seconds a new
  // incident opened by monitoring waits before subscribers are told (one
  // closed within it tells nobody). SDB_NOTIFY_RETRY_FOR: seconds a failed
  // delivery is retried (backoff with jitter) before it is marked failed.
  // SDB_NOTIFY_LEASE: seconds a worker holds what it claimed; a killed
  // worker's deliveries are taken over after it. SDB_NOTIFY_PAUSE_AFTER:
  // failed attempts in a row that pause a webhook endpoint.
  long notify_system_delay = 300;
  long notify_retry_for = 86400;
  long notify_lease = 60;
  long notify_pause_after = 20;
  // Webhooks: SDB_WEBHOOK_TIMEOUT seconds per request; SDB_WEBHOOK_ALLOW_HTTP
  // allows http:// endpoints as well as https://; SDB_WEBHOOK_ALLOW_PRIVATE
  // allows loopback, link-local and private addresses (tests, closed
  // networks). Both off by default: no server-side request forgery.
  long webhook_timeout = 10;
  bool webhook_allow_http = false;
  bool webhook_allow_private = false;
  // /subscribe: confirmation mails per address and per client address in
  // an hour (SDB_SUBSCRIBE_LIMIT_EMAIL, SDB_SUBSCRIBE_LIMIT_CLIENT).
  long subscribe_limit_email = 3;
  long subscribe_limit_client = 10;
};

// Reads the file named by SDB_CONFIG (default
// /etc/status-dashboard/sdb.conf; a missing default file is fine, a missing
// named one is not), then the SDB_* environment. Throws sdb::Error naming
// the file, line and key for unknown keys and malformed values.
Config LoadConfig();

// The same from explicit inputs, for tests: `file_text` in the config file
// format (may be empty) and the environment as name/value pairs.
Config ParseConfig(const std::string& file_name, const std::string& file_text,
                   const std::map<std::string, std::string>& environment);

// The names of every key LoadConfig accepts, for documentation and tests.
std::vector<std::string> ConfigKeys();

// The sign-in providers this configuration enables: "openid" when
// SDB_OPENID_ISSUER_URL and SDB_OPENID_CLIENT_ID are set, "github" when
// SDB_GITHUB_CLIENT_ID is; in that order.
std::vector<std::string> SignInProviders(const Config& config);

}  // namespace sdb

#endif  // SDB_LIB_BASE_CONFIG_H_
