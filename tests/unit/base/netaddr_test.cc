// Unit tests of IP network lists (base/netaddr.h): matching addresses,
// errors naming the bad entry, and SDB_METRICS_NETWORKS in the config.
#include "base/netaddr.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "base/config.h"
#include "base/error.h"
#include "test_support.h"

using sdb_test::Contains;

BOOST_AUTO_TEST_SUITE(netaddr)

BOOST_AUTO_TEST_CASE(networks_match_their_addresses) {
  sdb::NetworkList list =
      sdb::NetworkList::Parse("127.0.0.0/8, ::1/128 10.1.2.3 2001:db8::/32");
  BOOST_TEST(list.Contains("127.0.0.1"));
  BOOST_TEST(list.Contains("127.255.0.9"));
  BOOST_TEST(list.Contains("::ffff:127.0.0.1"));  // IPv4-mapped
  BOOST_TEST(list.Contains("::1"));
  BOOST_TEST(list.Contains("10.1.2.3"));
  BOOST_TEST(!list.Contains("10.1.2.4"));
  BOOST_TEST(list.Contains("2001:db8:1::5"));
  BOOST_TEST(!list.Contains("2001:db9::1"));
  BOOST_TEST(!list.Contains("128.0.0.1"));
  BOOST_TEST(!list.Contains("::2"));
  BOOST_TEST(!list.Contains("not an address"));
  BOOST_TEST(!list.Contains(""));
  sdb::NetworkList odd = sdb::NetworkList::Parse("192.168.1.128/25");
  BOOST_TEST(odd.Contains("192.168.1.200"));
  BOOST_TEST(!odd.Contains("192.168.1.100"));
  BOOST_TEST(sdb::NetworkList::Parse("0.0.0.0/0").Contains("203.0.113.9"));
  BOOST_TEST(sdb::NetworkList::Parse("::/0").Contains("2001:db8::1"));
  BOOST_TEST(!sdb::NetworkList::Parse("").Contains("127.0.0.1"));
}

BOOST_AUTO_TEST_CASE(bad_networks_are_errors_naming_the_entry) {
  for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x",
                          "localhost", "10.0.0", "1024"}) {
    BOOST_TEST_CONTEXT(bad) {
      std::string message;
      try {
        sdb::NetworkList::Parse(std::string("127.0.0.1 ") + bad);
      } catch (const sdb::Error& e) {
        message = e.what();
      }
      BOOST_TEST(Contains(message, std::string("\"") + bad + "\""), message);
    }
  }
}

BOOST_AUTO_TEST_CASE(config_key_is_checked_at_startup) {
  sdb::Config defaults = sdb::ParseConfig("sdb.conf", "", {});
  BOOST_TEST(defaults.metrics_networks == "127.0.0.0/8 ::1/128");
  sdb::Config set = sdb::ParseConfig(
      "sdb.conf", "SDB_METRICS_NETWORKS=10.0.0.0/8 127.0.0.1\n", {});
  BOOST_TEST(set.metrics_networks == "10.0.0.0/8 127.0.0.1");
  std::string message;
  try {
    sdb::ParseConfig("sdb.conf", "SDB_METRICS_NETWORKS=10.0.0.0/40\n", {});
  } catch (const sdb::Error& e) {
    message = e.what();
  }
  BOOST_TEST(Contains(message, "sdb.conf:1: SDB_METRICS_NETWORKS"), message);
}

BOOST_AUTO_TEST_SUITE_END()
