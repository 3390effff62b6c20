// Unit tests of the API bearer tokens: the exact token metrics-processor
// builds, the algorithm pin, signatures, time claims and the payload key.
#include "base/jwt.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/test/unit_test.hpp>
#include <string>

namespace {

// header {"alg":"HS256"}, payload {"stackmon":"dummy"}, secret "dev": the
// token of the contract (section 1.3) and of metrics-processor.
constexpr char kMetricsProcessorToken[] =
    "eyJhbGciOiJIUzI1NiJ9.eyJzdGFja21vbiI6ImR1bW15In0."
    "sGIFMtllH4yK0j3dNVG38EWB3PkeB57BR2vetuBhJl0";
constexpr long long kNow = 1795892700;

sdb::TokenCheck Verify(const std::string& token,
                       const std::string& secret = "dev") {
  return sdb::VerifyToken(token, secret, "stackmon", kNow);
}

// A token with any header and payload, HMAC-SHA256 signed over them.
std::string Signed(const std::string& header, const std::string& payload,
                   const std::string& secret = "dev") {
  std::string input =
      sdb::Base64UrlEncode(header) + "." + sdb::Base64UrlEncode(payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
       &length);
  return input + "." +
         sdb::Base64UrlEncode(
             std::string(reinterpret_cast<const char*>(mac), length));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jwt)

BOOST_AUTO_TEST_CASE(metrics_processor_token_verifies_with_dev_secret) {
  auto check = Verify(kMetricsProcessorToken);
  BOOST_TEST_REQUIRE(check.principal.has_value(), check.reason);
  BOOST_TEST(check.principal->author == "dummy");
}

BOOST_AUTO_TEST_CASE(sign_token_reproduces_metrics_processor_token) {
  BOOST_TEST(sdb::SignToken(R"({"stackmon":"dummy"})", "dev") ==
             kMetricsProcessorToken);
}

BOOST_AUTO_TEST_CASE(other_secret_is_refused) {
  BOOST_TEST(!Verify(kMetricsProcessorToken, "prod").principal.has_value());
  BOOST_TEST(!Verify(kMetricsProcessorToken, "").principal.has_value());
}

BOOST_AUTO_TEST_CASE(every_altered_signature_is_refused) {
  std::string token = kMetricsProcessorToken;
  size_t dot = token.rfind('.');
  for (size_t i = dot + 1; i < token.size(); ++i) {
    std::string bad = token;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    BOOST_TEST(!Verify(bad).principal.has_value(), "position " << i);
  }
  BOOST_TEST(!Verify(token.substr(0, token.size() - 1)).principal.has_value());
  BOOST_TEST(!Verify(token.substr(0, dot + 1)).principal.has_value());
  BOOST_TEST(!Verify(token + "AA").principal.has_value());
}

BOOST_AUTO_TEST_CASE(altered_payload_is_refused) {
  std::string token = kMetricsProcessorToken;
  size_t first = token.find('.'), last = token.rfind('.');
  std::string forged = token.substr(0, first + 1) +
                       sdb::Base64UrlEncode(R"({"stackmon":"admin"})") +
                       token.substr(last);
  BOOST_TEST(!Verify(forged).principal.has_value());
}

BOOST_AUTO_TEST_CASE(only_hs256_is_accepted) {
  std::string payload = R"({"stackmon":"dummy"})";
  // alg none with an empty signature, and with a valid HS256 signature.
  std::string none = sdb::Base64UrlEncode(R"({"alg":"none"})") + "." +
                     sdb::Base64UrlEncode(payload) + ".";
  BOOST_TEST(!Verify(none).principal.has_value());
  BOOST_TEST(
      !Verify(Signed(R"({"alg":"none"})", payload)).principal.has_value());
  for (const char* header :
       {R"({"alg":"RS256","typ":"JWT"})", R"({"alg":"HS384"})",
        R"({"alg":"HS512"})", R"({"alg":"hs256"})", R"({"typ":"JWT"})",
        R"({"alg":null})", R"(["HS256"])", "not json"}) {
    BOOST_TEST(!Verify(Signed(header, payload)).principal.has_value(), header);
  }
  // typ is optional but allowed.
  BOOST_TEST(Verify(Signed(R"({"alg":"HS256","typ":"JWT"})", payload))
                 .principal.has_value());
}

BOOST_AUTO_TEST_CASE(time_claims) {
  struct Case {
    std::string payload;
    bool accepted;
  };
  const std::string k = R"("stackmon":"dummy")";
  const std::string now = std::to_string(kNow);
  const Case cases[] = {
      {"{" + k + R"(,"exp":)" + std::to_string(kNow + 60) + "}", true},
      {"{" + k + R"(,"exp":)" + now + "}", false},  // expires at now
      {"{" + k + R"(,"exp":)" + std::to_string(kNow - 1) + "}", false},
      {"{" + k + R"(,"exp":"tomorrow"})", false},
      {"{" + k + R"(,"nbf":)" + now + "}", true},
      {"{" + k + R"(,"nbf":)" + std::to_string(kNow + 60) + "}", false},
      {"{" + k + R"(,"iat":)" + now + "}", true},
      {"{" + k + R"(,"iat":"yesterday"})", false},
      {"{" + k + R"(,"aud":"status-dashboard"})", false},
      {"{" + k + R"(,"iss":"anyone"})", true},
  };
  for (const Case& c : cases) {
    BOOST_TEST(
        Verify(Signed(R"({"alg":"HS256"})", c.payload)).principal.has_value() ==
            c.accepted,
        c.payload);
  }
}

BOOST_AUTO_TEST_CASE(payload_key_must_be_present_and_truthy) {
  struct Case {
    const char* payload;
    bool accepted;
  };
  const Case cases[] = {
      {R"({"stackmon":"dummy"})", true},
      {R"({"stackmon":true})", true},
      {R"({"stackmon":1})", true},
      {R"({"stackmon":[1]})", true},
      {R"({})", false},
      {R"({"status_dashboard":"dummy"})", false},
      {R"({"stackmon":null})", false},
      {R"({"stackmon":false})", false},
      {R"({"stackmon":0})", false},
      {R"({"stackmon":0.0})", false},
      {R"({"stackmon":""})", false},
      {R"({"stackmon":[]})", false},
      {R"({"stackmon":{}})", false},
      {R"(["stackmon"])", false},
      {R"("stackmon")", false},
  };
  for (const Case& c : cases) {
    BOOST_TEST(
        Verify(Signed(R"({"alg":"HS256"})", c.payload)).principal.has_value() ==
            c.accepted,
        c.payload);
  }
  // The key is configurable.
  std::string token = sdb::SignToken(R"({"monitor":"x"})", "dev");
  BOOST_TEST(
      sdb::VerifyToken(token, "dev", "monitor", kNow).principal.has_value());
  BOOST_TEST(
      !sdb::VerifyToken(token, "dev", "stackmon", kNow).principal.has_value());
}

BOOST_AUTO_TEST_CASE(author_is_sub_else_payload_value) {
  auto author = [](const char* payload) {
    auto check = Verify(sdb::SignToken(payload, "dev"));
    return check.principal ? check.principal->author : "<refused>";
  };
  BOOST_TEST(author(R"({"stackmon":"dummy"})") == "dummy");
  BOOST_TEST(author(R"({"stackmon":"dummy","sub":"zabbix"})") == "zabbix");
  BOOST_TEST(author(R"({"stackmon":"dummy","sub":""})") == "dummy");
  BOOST_TEST(author(R"({"stackmon":true})") == "true");
  BOOST_TEST(author(R"({"stackmon":{"a":1}})") == R"({"a":1})");
}

BOOST_AUTO_TEST_CASE(malformed_tokens_are_refused) {
  for (const char* token :
       {"", ".", "..", "a.b.c", "a.b", "a.b.c.d", "eyJhbGciOiJIUzI1NiJ9..",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdGFja21vbiI6ImR1bW15In0=.x"}) {
    BOOST_TEST(!Verify(token).principal.has_value(), token);
  }
  // Padding and the standard alphabet are not base64url.
  std::string token = kMetricsProcessorToken;
  BOOST_TEST(!Verify(token + "=").principal.has_value());
  BOOST_TEST(!Verify("eyJhbGciOiJIUzI1NiJ9+" + token.substr(20))
                  .principal.has_value());
}

BOOST_AUTO_TEST_CASE(base64url_round_trip) {
  for (std::string s :
       {std::string(), std::string("f"), std::string("fo"), std::string("foo"),
        std::string("foob"), std::string("fooba"), std::string("foobar"),
        std::string("\xff\xfe\xfd"), std::string("\0\x01", 2)}) {
    BOOST_TEST(sdb::Base64UrlDecode(sdb::Base64UrlEncode(s)).value() == s);
  }
  BOOST_TEST(sdb::Base64UrlEncode("\xfb\xff") == "-_8");
  BOOST_TEST(!sdb::Base64UrlDecode("abcde").has_value());  // length 5 mod 4
  BOOST_TEST(!sdb::Base64UrlDecode("ab=c").has_value());
}

BOOST_AUTO_TEST_CASE(bearer_header) {
  BOOST_TEST(sdb::BearerToken("Bearer abc").value() == "abc");
  BOOST_TEST(sdb::BearerToken("bearer abc").value() == "abc");
  BOOST_TEST(sdb::BearerToken("BEARER   abc  ").value() == "abc");
  BOOST_TEST(!sdb::BearerToken("").has_value());
  BOOST_TEST(!sdb::BearerToken("Bearer").has_value());
  BOOST_TEST(!sdb::BearerToken("Bearer   ").has_value());
  BOOST_TEST(!sdb::BearerToken("Basic abc").has_value());
  BOOST_TEST(!sdb::BearerToken("Bearerabc").has_value());
  BOOST_TEST(!sdb::BearerToken("abc").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
