// Mail messages: see mail.h.
#include "notify/mail.h"

#include <openssl/evp.h>

#include <algorithm>
#include <ctime>

#include "base/crypto.h"
#include "base/error.h"

namespace sdb {
namespace {

std::string Base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool PlainHeaderText(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return text.find("=?") == std::string::npos;
}

// A header line may carry no line break of its own: addresses come from
// forms and settings, so one with CR or LF is refused outright.
const std::string& CheckedHeaderValue(const std::string& value,
                                      const char* name) {
  if (value.find_first_of("\r\n") != std::string::npos) {
    throw Error(std::string("mail header ") + name + " holds a line break");
  }
  return value;
}

// "Name <addr>" with the name encoded when it is not plain ASCII.
std::string Mailbox(const std::string& mailbox, const char* header) {
  CheckedHeaderValue(mailbox, header);
  auto open = mailbox.rfind('<');
  if (open == std::string::npos || open == 0) return mailbox;
  std::string name = mailbox.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  std::string address = mailbox.substr(open);
  if (PlainHeaderText(name) &&
      name.find_first_of("()<>[]:;@\\,.\"") == std::string::npos) {
    return name + " " + address;
  }
  return EncodeHeaderText(name) + " " + address;
}

std::string Crlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string EncodeHeaderText(const std::string& text) {
  if (PlainHeaderText(text)) return text;
  // "=?UTF-8?B?" + base64 + "?=" within 75 characters: 45 bytes a word.
  constexpr size_t kBytesPerWord = 45;
  std::string out;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = std::min(begin + kBytesPerWord, text.size());
    // Never split a UTF-8 sequence: back up to the start of a character.
    while (end < text.size() && end > begin + 1 &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(begin, end - begin)) + "?=";
    begin = end;
  }
  return out;
}

std::string QuotedPrintable(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string normalized = Crlf(text);
  std::string out;
  size_t line = 0;  // characters on the current output line
  auto emit = [&](const std::string& piece) {
    if (line + piece.size() > 75) {
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (size_t i = 0; i < normalized.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(normalized[i]);
    if (c == '\r' && i + 1 < normalized.size() && normalized[i + 1] == '\n') {
      out += "\r\n";
      line = 0;
      ++i;
      continue;
    }
    bool at_line_end = i + 1 == normalized.size() || normalized[i + 1] == '\r';
    bool literal = (c >= 33 && c <= 126 && c != '=') ||
                   ((c == ' ' || c == '\t') && !at_line_end);
    if (literal) {
      emit(std::string(1, static_cast<char>(c)));
    } else {
      emit(std::string{'=', kHex[c >> 4], kHex[c & 15]});
    }
  }
  return out;
}

std::string MailAddressOf(const std::string& mailbox) {
  auto open = mailbox.rfind('<');
  auto close = mailbox.rfind('>');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    return mailbox;
  }
  return mailbox.substr(open + 1, close - open - 1);
}

std::string MailDate(long long unix_time) {
  std::time_t t = static_cast<std::time_t>(unix_time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buffer;
}

std::string ComposeMail(const MailMessage& message) {
  CheckedHeaderValue(message.message_id, "Message-ID");
  CheckedHeaderValue(message.thread_id, "References");
  CheckedHeaderValue(message.unsubscribe_url, "List-Unsubscribe");
  std::string boundary = "sdb-" + Sha256Hex(message.message_id).substr(0, 32);
  std::string out;
  auto header = [&](const std::string& name, const std::string& value) {
    out += name + ": " + value + "\r\n";
  };
  header("From", Mailbox(message.from, "From"));
  header("To", Mailbox(message.to, "To"));
  header("Subject", EncodeHeaderText(message.subject));
  header("Date", MailDate(message.date));
  header("Message-ID", "<" + message.message_id + ">");
  if (!message.thread_id.empty() && message.thread_id != message.message_id) {
    header("In-Reply-To", "<" + message.thread_id + ">");
    header("References", "<" + message.thread_id + ">");
  }
  if (!message.unsubscribe_url.empty()) {
    header("List-Unsubscribe", "<" + message.unsubscribe_url + ">");
    header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }
  header("Auto-Submitted", "auto-generated");
  header("MIME-Version", "1.0");
  auto part = [&](const char* type, const std::string& body) {
    return std::string("Content-Type: ") + type +
           "; charset=utf-8\r\n"
           "Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
           QuotedPrintable(body) + "\r\n";
  };
  if (message.html.empty()) {
    out += part("text/plain", message.text);
    return out;
  }
  header("Content-Type",
         "multipart/alternative;\r\n boundary=\"" + boundary + "\"");
  out += "\r\n";
  out += "--" + boundary + "\r\n" + part("text/plain", message.text);
  out += "--" + boundary + "\r\n" + part("text/html", message.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace sdb
