// bench-post: the write-path load of `make bench`. Sends a fixed list of
// HTTP requests over keep-alive connections to 127.0.0.1 and reports
// posts per second, latency percentiles and the status of every request.
//
//   bench-post --port P --token T --connections C [--statuses FILE] LIST
//
// LIST has one request a line: GROUP<TAB>METHOD<TAB>PATH<TAB>JSON-BODY.
// Connection GROUP % C sends the lines of its groups in file order, each
// after the previous answer: the posts of one group (one component) keep
// their order whatever C is, so C = 1 is the serial run of the same posts.
// wrk cannot do this: its Lua hooks do not say which connection asks.
// Prints one line: "requests N seconds S rate R p50_us X p99_us Y codes
// 201:n,409:m"; with --statuses, writes "LINE STATUS" per request, by line.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Post {
  size_t line = 0;
  std::string method, path, body;
  int status = 0;
  long long micros = 0;
};

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "bench-post: " << message << std::endl;
  std::exit(1);
}

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Die("socket: " + std::string(std::strerror(errno)));
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    Die("connect: " + std::string(std::strerror(errno)));
  }
  return fd;
}

// One keep-alive connection; reconnects when the server closes it.
class Connection {
 public:
  explicit Connection(int port) : port_(port) {}
  ~Connection() {
    if (fd_ >= 0) close(fd_);
  }

  // Sends `request` and returns the response's status (0 on a broken
  // connection after one retry).
  int Exchange(const std::string& request) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0) fd_ = Connect(port_);
      if (SendAll(request)) {
        bool close_after = false;
        int status = ReadResponse(&close_after);
        if (status > 0) {
          if (close_after) Reset();
          return status;
        }
      }
      Reset();
    }
    return 0;
  }

 private:
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
    buffer_.clear();
  }

  bool SendAll(const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n =
          send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  bool Fill() {
    char chunk[16384];
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  // Reads one response (Content-Length or chunked body); its status, or 0.
  int ReadResponse(bool* close_after) {
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return 0;
    }
    std::string head = buffer_.substr(0, header_end);
    buffer_.erase(0, header_end + 4);
    if (head.size() < 12 || head.compare(0, 5, "HTTP/") != 0) return 0;
    int status = std::atoi(head.c_str() + 9);
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    *close_after = lower.find("\r\nconnection: close") != std::string::npos;
    size_t at = lower.find("\r\ncontent-length:");
    if (at != std::string::npos) {
      size_t length = std::strtoull(lower.c_str() + at + 17, nullptr, 10);
      while (buffer_.size() < length) {
        if (!Fill()) return 0;
      }
      buffer_.erase(0, length);
      return status;
    }
    if (lower.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
      for (;;) {
        size_t line_end;
        while ((line_end = buffer_.find("\r\n")) == std::string::npos) {
          if (!Fill()) return 0;
        }
        size_t size = std::strtoull(buffer_.c_str(), nullptr, 16);
        buffer_.erase(0, line_end + 2);
        while (buffer_.size() < size + 2) {
          if (!Fill()) return 0;
        }
        buffer_.erase(0, size + 2);
        if (size == 0) return status;
      }
    }
    // No length: the body runs to the end of the connection.
    while (Fill()) {
    }
    *close_after = true;
    return status;
  }

  int port_;
  int fd_ = -1;
  std::string buffer_;
};

std::vector<std::string> Split(const std::string& line, char sep, size_t max) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (fields.size() + 1 < max) {
    size_t end = line.find(sep, start);
    if (end == std::string::npos) break;
    fields.push_back(line.substr(start, end - start));
    start = end + 1;
  }
  fields.push_back(line.substr(start));
  return fields;
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0, connections = 50;
  std::string token, list, statuses;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value of " + arg);
      return argv[++i];
    };
    if (arg == "--port") {
      port = std::atoi(value().c_str());
    } else if (arg == "--connections") {
      connections = std::atoi(value().c_str());
    } else if (arg == "--token") {
      token = value();
    } else if (arg == "--statuses") {
      statuses = value();
    } else if (!arg.empty() && arg[0] != '-' && list.empty()) {
      list = arg;
    } else {
      Die("usage: bench-post --port P --token T --connections C "
          "[--statuses FILE] LIST");
    }
  }
  if (port <= 0 || connections <= 0 || list.empty()) Die("bad arguments");

  std::ifstream in(list);
  if (!in) Die("cannot read " + list);
  std::vector<Post> posts;
  std::vector<std::vector<size_t>> per_connection(connections);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto fields = Split(line, '\t', 4);
    if (fields.size() != 4)
      Die("malformed line " + std::to_string(posts.size() + 1));
    long group = std::atol(fields[0].c_str());
    per_connection[static_cast<size_t>(group % connections)].push_back(
        posts.size());
    posts.push_back({posts.size() + 1, fields[1], fields[2], fields[3]});
  }

  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      Connection connection(port);
      for (size_t index : per_connection[c]) {
        Post& post = posts[index];
        std::string request = post.method + " " + post.path +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Authorization: Bearer " +
                              token +
                              "\r\nContent-Type: application/json\r\n"
                              "Content-Length: " +
                              std::to_string(post.body.size()) + "\r\n\r\n" +
                              post.body;
        auto begin = std::chrono::steady_clock::now();
        post.status = connection.Exchange(request);
        post.micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - begin)
                          .count();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();

  std::vector<long long> latencies;
  std::map<int, size_t> codes;
  for (const Post& post : posts) {
    latencies.push_back(post.micros);
    ++codes[post.status];
  }
  std::sort(latencies.begin(), latencies.end());
  auto percentile = [&](double p) {
    if (latencies.empty()) return 0LL;
    size_t at = static_cast<size_t>(p / 100.0 * (latencies.size() - 1) + 0.5);
    return latencies[std::min(at, latencies.size() - 1)];
  };
  std::ostringstream code_text;
  for (const auto& [code, count] : codes) {
    code_text << (code_text.tellp() ? "," : "") << code << ":" << count;
  }
  std::printf(
      "requests %zu seconds %.3f rate %.1f p50_us %lld p99_us %lld codes %s\n",
      posts.size(), seconds, posts.size() / seconds, percentile(50),
      percentile(99), code_text.str().c_str());
  if (!statuses.empty()) {
    std::ofstream out(statuses);
    for (const Post& post : posts)
      out << post.line << " " << post.status << "\n";
    if (!out) Die("cannot write " + statuses);
  }
  return 0;
}
