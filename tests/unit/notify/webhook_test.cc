// Unit tests of webhook signatures and the address check against
// server-side request forgery (notify/webhook.h).
#include "notify/webhook.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace {

std::string Check(const std::string& url, sdb::WebhookUrlPolicy policy = {}) {
  std::vector<std::string> addresses;
  return sdb::CheckWebhookUrl(url, policy, &addresses);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook)

// The value a receiver recomputes: Python's
// hmac.new(b"whsec-test", b'1796270400.{"event":"incident.created"}',
// hashlib.sha256).hexdigest() gives the same hex.
BOOST_AUTO_TEST_CASE(signature_is_hmac_sha256_over_timestamp_and_body) {
  BOOST_TEST(sdb::WebhookSignature("whsec-test", 1796270400,
                                   "{\"event\":\"incident.created\"}") ==
             "t=1796270400,v1=0c117a236e7dff543c72f96f5f293df6ea61a41fd096d741"
             "1eb2be17dae4b003");
  BOOST_TEST(sdb::WebhookSignature("other", 1796270400, "{}") !=
             sdb::WebhookSignature("whsec-test", 1796270400, "{}"));
  BOOST_TEST(sdb::WebhookSignature("whsec-test", 1796270401, "{}") !=
             sdb::WebhookSignature("whsec-test", 1796270400, "{}"));
}

BOOST_AUTO_TEST_CASE(special_addresses) {
  for (const char* address :
       {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
        "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc00::1",
        "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"}) {
    BOOST_TEST_CONTEXT(address) { BOOST_TEST(sdb::IsSpecialAddress(address)); }
  }
  for (const char* address : {"8.8.8.8", "93.184.216.34", "172.32.0.1",
                              "2001:db8::1", "2606:4700::1111"}) {
    BOOST_TEST_CONTEXT(address) { BOOST_TEST(!sdb::IsSpecialAddress(address)); }
  }
}

BOOST_AUTO_TEST_CASE(urls_that_may_not_be_used) {
  BOOST_TEST(Check("ftp://example.com/hook") != "");
  BOOST_TEST(Check("http://93.184.216.34/hook") != "");  // http not allowed
  BOOST_TEST(Check("https://user:pw@93.184.216.34/hook") != "");
  BOOST_TEST(Check("https:///hook") != "");
  BOOST_TEST(Check("https://127.0.0.1/hook") != "");
  BOOST_TEST(Check("https://[::1]:8443/hook") != "");
  BOOST_TEST(Check("https://169.254.169.254/latest/meta-data") != "");
  BOOST_TEST(Check("https://localhost/hook") != "");  // resolves to loopback
  BOOST_TEST(Check("https://10.0.0.5:8443/hook").find("private") !=
             std::string::npos);
  BOOST_TEST(Check("https://no-such-host.invalid/hook").find("resolved") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(urls_that_may_be_used_and_their_pinned_addresses) {
  std::vector<std::string> addresses;
  BOOST_TEST(sdb::CheckWebhookUrl("https://93.184.216.34:8443/hook?x=1", {},
                                  &addresses) == "");
  BOOST_TEST(addresses == std::vector<std::string>{"93.184.216.34"});
  sdb::WebhookUrlPolicy tests{.allow_http = true, .allow_private = true};
  BOOST_TEST(sdb::CheckWebhookUrl("http://127.0.0.1:9000/hook", tests,
                                  &addresses) == "");
  BOOST_TEST(addresses == std::vector<std::string>{"127.0.0.1"});
  BOOST_TEST(
      sdb::CheckWebhookUrl("https://[2001:db8::1]/hook", {}, &addresses) == "");
}

BOOST_AUTO_TEST_SUITE_END()
