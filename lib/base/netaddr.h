// IP networks: the list of addresses that may read /metrics
// (SDB_METRICS_NETWORKS), parsed once and matched against REMOTE_ADDR.
#ifndef SDB_LIB_BASE_NETADDR_H_
#define SDB_LIB_BASE_NETADDR_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace sdb {

class NetworkList {
 public:
  // Parses networks separated by spaces or commas: "127.0.0.0/8 ::1/128",
  // "10.1.2.3" (one address), "0.0.0.0/0" (anyone). An IPv4 network also
  // matches its IPv4-mapped IPv6 form (::ffff:10.1.2.3). Throws sdb::Error
  // naming the entry that is not an address or has a bad prefix length.
  static NetworkList Parse(const std::string& text);

  // Whether `address` (as in REMOTE_ADDR) is in one of the networks; false
  // for text that is not an IP address.
  bool Contains(const std::string& address) const;

 private:
  struct Network {
    std::array<uint8_t, 16> bytes{};  // IPv4 as ::ffff:a.b.c.d
    int prefix = 128;                 // bits, counted in the 16-byte form
  };
  std::vector<Network> networks_;
};

}  // namespace sdb

#endif  // SDB_LIB_BASE_NETADDR_H_
