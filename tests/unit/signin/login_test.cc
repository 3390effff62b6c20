// Unit tests of operator sign-in without the network: ID token
// verification (signature, algorithm pin, kid, iss, aud/azp, exp, iat,
// nonce), discovery and JWKS parsing, PKCE, group matching, and the
// SQLite session store (hashing, expiry, rotation, single-use states).
#include "signin/login.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <boost/test/unit_test.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "base/config.h"
#include "base/crypto.h"
#include "base/jwt.h"
#include "signin/oidc.h"
#include "store/db.h"
#include "test_support.h"
#include "web/session.h"

namespace {

using nlohmann::json;
constexpr long long kNow = 1795892700;

// An RSA key made once for the suite, its public half as a JWKS.
struct TestKey {
  std::shared_ptr<EVP_PKEY> key;
  std::string jwks;
  TestKey(const std::string& kid, unsigned bits = 2048) {
    key.reset(EVP_RSA_gen(bits), EVP_PKEY_free);
    auto b64 = [this](const char* name) {
      BIGNUM* bn = nullptr;
      EVP_PKEY_get_bn_param(key.get(), name, &bn);
      std::string bytes(BN_num_bytes(bn), '\0');
      BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
      BN_free(bn);
      return sdb::Base64UrlEncode(bytes);
    };
    jwks = json{{"keys",
                 {{{"kty", "RSA"},
                   {"kid", kid},
                   {"use", "sig"},
                   {"alg", "RS256"},
                   {"n", b64(OSSL_PKEY_PARAM_RSA_N)},
                   {"e", b64(OSSL_PKEY_PARAM_RSA_E)}}}}}
               .dump();
  }
  std::string Sign(const json& header, const json& claims) const {
    std::string input = sdb::Base64UrlEncode(header.dump()) + "." +
                        sdb::Base64UrlEncode(claims.dump());
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    size_t length = 0;
    EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, key.get());
    EVP_DigestSign(context, nullptr, &length,
                   reinterpret_cast<const unsigned char*>(input.data()),
                   input.size());
    std::string signature(length, '\0');
    EVP_DigestSign(
        context, reinterpret_cast<unsigned char*>(signature.data()), &length,
        reinterpret_cast<const unsigned char*>(input.data()), input.size());
    EVP_MD_CTX_free(context);
    signature.resize(length);
    return input + "." + sdb::Base64UrlEncode(signature);
  }
};

const TestKey& Key() {
  static const TestKey key("k1");
  return key;
}

json Claims() {
  return {{"iss", "https://id.example.com/realms/main"},
          {"sub", "alice"},
          {"aud", "status-dashboard"},
          {"exp", kNow + 300},
          {"iat", kNow - 5},
          {"nonce", "n-123"},
          {"name", "Alice"}};
}

json Header() { return {{"alg", "RS256"}, {"kid", "k1"}}; }

sdb::IdTokenCheck Check(const std::string& token,
                        const std::string& jwks = Key().jwks) {
  auto keys = sdb::ParseJwks(jwks);
  BOOST_REQUIRE(keys);
  return sdb::VerifyIdToken(token, *keys,
                            {"https://id.example.com/realms/main/",
                             "status-dashboard", "n-123", kNow});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(login)

BOOST_AUTO_TEST_CASE(good_id_token_verifies) {
  auto check = Check(Key().Sign(Header(), Claims()));
  BOOST_TEST(check.reason == "");
  BOOST_REQUIRE(check.claims);
  BOOST_TEST((*check.claims)["name"] == "Alice");
  // An audience list that holds us, with azp naming us, is fine too.
  json claims = Claims();
  claims["aud"] = {"status-dashboard", "other"};
  claims["azp"] = "status-dashboard";
  BOOST_TEST(Check(Key().Sign(Header(), claims)).claims.has_value());
}

BOOST_AUTO_TEST_CASE(bad_id_tokens_are_refused_with_a_reason) {
  struct Case {
    const char* what;
    json header;
    json claims;
    const char* reason;
  };
  auto with = [](json object, const char* key, json value) {
    if (value.is_null()) {
      object.erase(key);
    } else {
      object[key] = value;
    }
    return object;
  };
  const Case cases[] = {
      {"expired", Header(), with(Claims(), "exp", kNow - 61), "expired"},
      {"no exp", Header(), with(Claims(), "exp", nullptr), "no exp"},
      {"issued in the future", Header(), with(Claims(), "iat", kNow + 3600),
       "iat"},
      {"other issuer", Header(), with(Claims(), "iss", "https://evil.example"),
       "issued by"},
      {"other audience", Header(), with(Claims(), "aud", "another-client"),
       "another client"},
      {"audience list without azp", Header(),
       with(Claims(), "aud", json{"status-dashboard", "x"}), "azp"},
      {"wrong nonce", Header(), with(Claims(), "nonce", "n-999"), "nonce"},
      {"no nonce", Header(), with(Claims(), "nonce", nullptr), "nonce"},
      {"no sub", Header(), with(Claims(), "sub", nullptr), "no sub"},
      {"alg none", with(Header(), "alg", "none"), Claims(), "\"none\""},
      {"alg HS256 (key confusion)", with(Header(), "alg", "HS256"), Claims(),
       "\"HS256\""},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      auto check = Check(Key().Sign(c.header, c.claims));
      BOOST_TEST(!check.claims.has_value());
      BOOST_TEST(check.reason.find(c.reason) != std::string::npos,
                 check.reason);
    }
  }
}

BOOST_AUTO_TEST_CASE(tampered_or_foreign_signatures_fail) {
  std::string token = Key().Sign(Header(), Claims());
  // The payload changed after signing.
  json forged = Claims();
  forged["sub"] = "mallory";
  size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  std::string swapped = token.substr(0, dot1 + 1) +
                        sdb::Base64UrlEncode(forged.dump()) +
                        token.substr(dot2);
  BOOST_TEST(Check(swapped).reason.find("signature") != std::string::npos);
  // Signed by another key that claims our kid.
  TestKey other("k1");
  BOOST_TEST(Check(other.Sign(Header(), Claims())).reason.find("signature") !=
             std::string::npos);
  // Not three parts.
  BOOST_TEST(Check("a.b").reason.find("compact") != std::string::npos);
  BOOST_TEST(Check(token + ".x").reason.find("compact") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unknown_kid_asks_for_the_keys_again) {
  json header = Header();
  header["kid"] = "k2";
  auto check = Check(Key().Sign(header, Claims()));
  BOOST_TEST(check.unknown_key);
  BOOST_TEST(!check.claims.has_value());
}

BOOST_AUTO_TEST_CASE(jwks_keeps_only_rsa_signing_keys) {
  json jwks = json::parse(Key().jwks);
  json enc = jwks["keys"][0];
  enc["use"] = "enc";
  enc["kid"] = "enc";
  jwks["keys"].push_back(enc);
  jwks["keys"].push_back({{"kty", "EC"}, {"kid", "ec"}, {"crv", "P-256"}});
  jwks["keys"].push_back({{"kty", "RSA"}, {"kid", "broken"}, {"n", "!!"}});
  auto keys = sdb::ParseJwks(jwks.dump());
  BOOST_REQUIRE(keys);
  BOOST_TEST(keys->size() == 1u);
  BOOST_TEST(keys->front().kid == "k1");
  BOOST_TEST(!sdb::ParseJwks("[]").has_value());
  BOOST_TEST(!sdb::ParseJwks("{\"keys\": 3}").has_value());
  // Short RSA keys are not trusted.
  TestKey weak("weak", 1024);
  BOOST_TEST(sdb::ParseJwks(weak.jwks)->empty());
}

BOOST_AUTO_TEST_CASE(discovery_must_name_the_configured_issuer) {
  json doc = {
      {"issuer", "https://id.example.com/realms/main"},
      {"authorization_endpoint", "https://id.example.com/auth"},
      {"token_endpoint", "https://id.example.com/token"},
      {"jwks_uri", "https://id.example.com/jwks"},
      {"scopes_supported", {"openid", "groups"}},
      {"token_endpoint_auth_methods_supported", {"client_secret_post"}}};
  std::string why;
  auto meta = sdb::ParseDiscovery(doc.dump(),
                                  "https://id.example.com/realms/main/", &why);
  BOOST_REQUIRE(meta);
  BOOST_TEST(meta->token_endpoint == "https://id.example.com/token");
  BOOST_TEST(meta->secret_in_body);
  BOOST_TEST(meta->scopes_supported.size() == 2u);
  BOOST_TEST(!sdb::ParseDiscovery(doc.dump(), "https://evil.example", &why));
  BOOST_TEST(why.find("names issuer") != std::string::npos);
  doc.erase("jwks_uri");
  BOOST_TEST(!sdb::ParseDiscovery(doc.dump(),
                                  "https://id.example.com/realms/main", &why));
  BOOST_TEST(why.find("jwks_uri") != std::string::npos);
  BOOST_TEST(!sdb::ParseDiscovery("<html>", "https://x", &why));
}

BOOST_AUTO_TEST_CASE(pkce_challenge_matches_rfc7636_appendix_b) {
  BOOST_TEST(
      sdb::PkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") ==
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  BOOST_TEST(sdb::RandomToken(32).size() == 43u);
  BOOST_TEST(sdb::RandomToken() != sdb::RandomToken());
}

BOOST_AUTO_TEST_CASE(groups_match_with_or_without_a_leading_slash) {
  BOOST_TEST(sdb::InGroup({"staff", "/sdb-operators"}, "sdb-operators"));
  BOOST_TEST(sdb::InGroup({"sdb-operators"}, "/sdb-operators"));
  BOOST_TEST(!sdb::InGroup({"sdb-operators-old"}, "sdb-operators"));
  BOOST_TEST(!sdb::InGroup({}, "sdb-operators"));
}

BOOST_AUTO_TEST_CASE(providers_follow_the_configuration) {
  sdb::Config config;
  BOOST_TEST(sdb::SignInProviders(config).empty());
  config.openid_issuer_url = "https://id.example.com";
  BOOST_TEST(sdb::SignInProviders(config).empty());  // no client id yet
  config.openid_client_id = "sdb";
  config.github_client_id = "gh";
  BOOST_TEST(sdb::SignInProviders(config) ==
             (std::vector<std::string>{"openid", "github"}));
}

BOOST_AUTO_TEST_CASE(sessions_expire_rotate_and_end) {
  sdb::Database db(":memory:", sdb::Database::Mode::kReadWriteCreate);
  sdb::Migrate(db);
  sdb::Config config;
  config.session_max_age = 3600;
  config.session_idle_timeout = 600;
  sdb::SessionStore sessions(db, config);
  sdb::Operator alice{"Alice", "alice@example.test", "openid", "alice", ""};
  std::string cookie = sessions.Begin(alice, "", kNow);
  BOOST_TEST(alice.csrf_token.size() == 43u);
  auto found = sessions.Find(cookie, kNow + 10);
  BOOST_REQUIRE(found);
  BOOST_TEST(found->name == "Alice");
  BOOST_TEST(found->csrf_token == alice.csrf_token);
  // Only the hash is stored.
  auto& stored = db.Prepare("SELECT id_hash FROM operator_session");
  BOOST_REQUIRE(stored.Step());
  BOOST_TEST(stored.Text(0) == sdb::Sha256Hex(cookie));
  stored.Reset();
  // Activity keeps it alive past the idle timeout...
  BOOST_TEST(sessions.Find(cookie, kNow + 500).has_value());
  BOOST_TEST(sessions.Find(cookie, kNow + 1000).has_value());
  // ...but not past the absolute expiry.
  BOOST_TEST(!sessions.Find(cookie, kNow + 3600).has_value());
  BOOST_TEST(!sessions.Find(cookie, kNow + 10).has_value());  // deleted
  // Idle too long.
  cookie = sessions.Begin(alice, "", kNow);
  BOOST_TEST(!sessions.Find(cookie, kNow + 600).has_value());
  // A new sign-in ends the browser's previous session.
  std::string first = sessions.Begin(alice, "", kNow);
  std::string second = sessions.Begin(alice, first, kNow + 1);
  BOOST_TEST(!sessions.Find(first, kNow + 2).has_value());
  BOOST_TEST(sessions.Find(second, kNow + 2).has_value());
  sessions.End(second);
  BOOST_TEST(!sessions.Find(second, kNow + 3).has_value());
  BOOST_TEST(!sessions.Find("", kNow).has_value());
  BOOST_TEST(!sessions.Find(std::string(500, 'x'), kNow).has_value());
}

BOOST_AUTO_TEST_CASE(login_states_are_single_use_and_short_lived) {
  sdb::Database db(":memory:", sdb::Database::Mode::kReadWriteCreate);
  sdb::Migrate(db);
  sdb::Config config;
  sdb::SessionStore sessions(db, config);
  sdb::LoginState state{"openid", "nonce", "verifier", "/history"};
  std::string value = sessions.BeginLogin(state, kNow).value_or("");
  auto taken = sessions.TakeLogin(value, kNow + 5);
  BOOST_REQUIRE(taken);
  BOOST_TEST(taken->return_to == "/history");
  BOOST_TEST(taken->code_verifier == "verifier");
  BOOST_TEST(!sessions.TakeLogin(value, kNow + 6).has_value());
  value = sessions.BeginLogin(state, kNow).value_or("");
  BOOST_TEST(
      !sessions.TakeLogin(value, kNow + sdb::kLoginStateLifetime).has_value());
  BOOST_TEST(!sessions.TakeLogin("forged", kNow).has_value());
}

BOOST_AUTO_TEST_CASE(pending_login_states_are_capped_per_client_and_in_all) {
  sdb::Database db(":memory:", sdb::Database::Mode::kReadWriteCreate);
  sdb::Migrate(db);
  sdb::Config config;
  sdb::SessionStore sessions(db, config);
  sdb::LoginState state{"openid", "nonce", "verifier", "/", "192.0.2.1"};
  for (int i = 0; i < sdb::kMaxPendingLoginsPerClient; ++i) {
    BOOST_TEST_REQUIRE(sessions.BeginLogin(state, kNow).has_value());
  }
  // The next one from that address is refused and stores nothing ...
  BOOST_TEST(!sessions.BeginLogin(state, kNow + 1).has_value());
  BOOST_TEST(sdb_test::QueryInt(db, "SELECT count(*) FROM login_state") ==
             sdb::kMaxPendingLoginsPerClient);
  // ... while another address may start one,
  sdb::LoginState other = state;
  other.client = "192.0.2.2";
  BOOST_TEST(sessions.BeginLogin(other, kNow + 1).has_value());
  // and once the first ones have expired, the first address may again.
  BOOST_TEST(
      sessions.BeginLogin(state, kNow + sdb::kLoginStateLifetime).has_value());
  // In all: no more than kMaxPendingLogins at once, whatever the address.
  db.Exec("DELETE FROM login_state");
  for (int i = 0; i < sdb::kMaxPendingLogins; ++i) {
    state.client = "198.51.100." + std::to_string(i);
    BOOST_TEST_REQUIRE(sessions.BeginLogin(state, kNow).has_value());
  }
  state.client = "203.0.113.9";
  BOOST_TEST(!sessions.BeginLogin(state, kNow).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
