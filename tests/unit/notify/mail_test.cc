// Unit tests of mail composition (notify/mail.h): encoded words, quoted-
// printable, the headers and the multipart structure.
#include "notify/mail.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "base/error.h"
#include "test_support.h"

namespace {

using sdb_test::Contains;

sdb::MailMessage Sample() {
  sdb::MailMessage m;
  m.from = "Status Dashboard <status@example.com>";
  m.to = "alice@example.org";
  m.subject = "[Major incident] API errors \u2014 EU-DE";
  m.text = "Grüße\nline two";
  m.html = "<p>Grüße</p>";
  m.message_id = "incident-7-update-2@example.com";
  m.thread_id = "incident-7@example.com";
  m.date = 1796270400;  // 2026-12-03 04:00:00 UTC
  m.unsubscribe_url = "https://status.example.com/subscribe/unsubscribe?t=abc";
  return m;
}

// Every line of a composed message ends in CRLF and stays within 78
// characters (RFC 5322's recommendation).
bool LinesOk(const std::string& message) {
  size_t begin = 0;
  while (begin < message.size()) {
    size_t end = message.find("\r\n", begin);
    if (end == std::string::npos) return false;
    if (end - begin > 78) return false;
    if (message.substr(begin, end - begin).find('\n') != std::string::npos) {
      return false;
    }
    begin = end + 2;
  }
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mail)

BOOST_AUTO_TEST_CASE(plain_ascii_header_text_is_kept) {
  BOOST_TEST(sdb::EncodeHeaderText("Status: all good") == "Status: all good");
}

BOOST_AUTO_TEST_CASE(non_ascii_header_text_is_encoded_in_words) {
  std::string encoded = sdb::EncodeHeaderText("API errors \u2014 EU-DE");
  BOOST_TEST(encoded == "=?UTF-8?B?QVBJIGVycm9ycyDigJQgRVUtREU=?=");
  // A long subject: several words, folded, none over 75 characters, and no
  // UTF-8 character cut in two (each word decodes on its own).
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "\u00e4\u20ac";
  std::string words = sdb::EncodeHeaderText(long_text);
  BOOST_TEST(sdb_test::Count(words, "=?UTF-8?B?") > 1u);
  size_t begin = 0;
  while (begin < words.size()) {
    size_t end = words.find("\r\n ", begin);
    if (end == std::string::npos) end = words.size();
    BOOST_TEST(end - begin <= 75u);
    begin = end + 3;
  }
}

BOOST_AUTO_TEST_CASE(line_breaks_in_header_text_are_encoded_not_sent) {
  std::string encoded = sdb::EncodeHeaderText("Hi\r\nBcc: victim@example.org");
  BOOST_TEST(encoded.find('\n') == std::string::npos);
  BOOST_TEST(encoded.rfind("=?UTF-8?B?", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(quoted_printable_encodes_and_wraps) {
  BOOST_TEST(sdb::QuotedPrintable("a=b") == "a=3Db");
  BOOST_TEST(sdb::QuotedPrintable("Gr\u00fc\u00dfe") == "Gr=C3=BC=C3=9Fe");
  BOOST_TEST(sdb::QuotedPrintable("end \nnext") == "end=20\r\nnext");
  std::string wrapped = sdb::QuotedPrintable(std::string(200, 'x'));
  BOOST_TEST(Contains(wrapped, "=\r\n"));
  BOOST_TEST(LinesOk(wrapped + "\r\n"));
}

BOOST_AUTO_TEST_CASE(composed_message_has_the_headers_and_parts) {
  std::string message = sdb::ComposeMail(Sample());
  BOOST_TEST(LinesOk(message));
  BOOST_TEST(
      Contains(message, "From: Status Dashboard <status@example.com>\r\n"));
  BOOST_TEST(Contains(message, "To: alice@example.org\r\n"));
  BOOST_TEST(Contains(message, "Subject: =?UTF-8?B?"));
  BOOST_TEST(Contains(message, "Date: Thu, 03 Dec 2026 04:00:00 +0000\r\n"));
  BOOST_TEST(
      Contains(message, "Message-ID: <incident-7-update-2@example.com>\r\n"));
  BOOST_TEST(Contains(message, "In-Reply-To: <incident-7@example.com>\r\n"));
  BOOST_TEST(Contains(message, "References: <incident-7@example.com>\r\n"));
  BOOST_TEST(Contains(message,
                      "List-Unsubscribe: <https://status.example.com/subscribe/"
                      "unsubscribe?t=abc>\r\n"));
  BOOST_TEST(Contains(message,
                      "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
  BOOST_TEST(Contains(message, "MIME-Version: 1.0\r\n"));
  BOOST_TEST(Contains(
      message, "Content-Type: multipart/alternative;\r\n boundary=\"sdb-"));
  BOOST_TEST(Contains(message, "Content-Type: text/plain; charset=utf-8\r\n"));
  BOOST_TEST(Contains(message, "Content-Type: text/html; charset=utf-8\r\n"));
  BOOST_TEST(Contains(message, "Gr=C3=BC=C3=9Fe\r\nline two"));
  BOOST_TEST(sdb_test::Count(message, "\r\n--sdb-") ==
             3u);                                     // two parts, the end
  BOOST_TEST(sdb::ComposeMail(Sample()) == message);  // the same bytes again
}

BOOST_AUTO_TEST_CASE(first_message_of_a_thread_and_confirmation_mails) {
  sdb::MailMessage m = Sample();
  m.thread_id = m.message_id;
  m.unsubscribe_url.clear();
  m.html.clear();
  std::string message = sdb::ComposeMail(m);
  BOOST_TEST(!Contains(message, "In-Reply-To"));
  BOOST_TEST(!Contains(message, "List-Unsubscribe"));
  BOOST_TEST(!Contains(message, "multipart"));
  BOOST_TEST(Contains(message, "Content-Type: text/plain; charset=utf-8\r\n"));
}

BOOST_AUTO_TEST_CASE(display_names_and_addresses) {
  sdb::MailMessage m = Sample();
  m.from = "Statusseite Grüße <status@example.com>";
  BOOST_TEST(Contains(sdb::ComposeMail(m), "From: =?UTF-8?B?"));
  BOOST_TEST(Contains(sdb::ComposeMail(m), "?= <status@example.com>\r\n"));
  BOOST_TEST(sdb::MailAddressOf("A <a@b.c>") == "a@b.c");
  BOOST_TEST(sdb::MailAddressOf("a@b.c") == "a@b.c");
  m.to = "alice@example.org\r\nBcc: x@y.z";
  BOOST_CHECK_THROW(sdb::ComposeMail(m), sdb::Error);
}

BOOST_AUTO_TEST_SUITE_END()
