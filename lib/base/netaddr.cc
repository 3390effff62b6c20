// IP networks: see netaddr.h.
#include "base/netaddr.h"

#include <arpa/inet.h>

#include <cstring>
#include <optional>

#include "base/error.h"

namespace sdb {
namespace {

// The address as 16 bytes (IPv4 mapped into ::ffff:0:0/96), and whether it
// was written as IPv4.
std::optional<std::pair<std::array<uint8_t, 16>, bool>> ParseAddress(
    const std::string& text) {
  std::array<uint8_t, 16> bytes{};
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    std::memcpy(bytes.data() + 12, &v4, 4);
    return std::make_pair(bytes, true);
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memcpy(bytes.data(), &v6, 16);
    return std::make_pair(bytes, false);
  }
  return std::nullopt;
}

}  // namespace

NetworkList NetworkList::Parse(const std::string& text) {
  NetworkList list;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_of(" ,\t", start);
    if (end == std::string::npos) end = text.size();
    std::string entry = text.substr(start, end - start);
    start = end + 1;
    if (entry.empty()) continue;
    std::string address = entry;
    std::optional<int> prefix;
    if (auto slash = entry.find('/'); slash != std::string::npos) {
      address = entry.substr(0, slash);
      std::string bits = entry.substr(slash + 1);
      if (bits.empty() || bits.size() > 3 ||
          bits.find_first_not_of("0123456789") != std::string::npos) {
        throw Error("\"" + entry + "\" has a bad prefix length");
      }
      prefix = std::stoi(bits);
    }
    auto parsed = ParseAddress(address);
    if (!parsed) {
      throw Error("\"" + entry + "\" is not an IP address or network");
    }
    auto [bytes, is_v4] = *parsed;
    int max = is_v4 ? 32 : 128;
    if (prefix && *prefix > max) {
      throw Error("\"" + entry + "\" has a bad prefix length");
    }
    Network network;
    network.bytes = bytes;
    network.prefix = (is_v4 ? 96 : 0) + prefix.value_or(max);
    list.networks_.push_back(network);
  }
  return list;
}

bool NetworkList::Contains(const std::string& address) const {
  auto parsed = ParseAddress(address);
  if (!parsed) return false;
  const auto& bytes = parsed->first;
  for (const auto& network : networks_) {
    int bits = network.prefix;
    bool match = true;
    for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
      uint8_t mask =
          bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
      if ((bytes[i] & mask) != (network.bytes[i] & mask)) {
        match = false;
        break;
      }
    }
    if (match) return true;
  }
  return false;
}

}  // namespace sdb
