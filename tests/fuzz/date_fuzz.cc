// Times as the API and the operator forms read them: ParseRfc3339 (API
// v2), the datetime-local values of the forms (DisplayZone::FromLocalInput
// through FormTime) in zones with and without daylight saving, and the
// database and HTTP formats they end in (ParseDbTime, ParseHttpDate).
//
// Input: the text of one time.
#include <cstdint>
#include <string>
#include <vector>

#include "base/rfc3339.h"
#include "base/timeutil.h"
#include "fuzz_support.h"
#include "web/forms.h"

namespace {

const std::vector<sdb::DisplayZone>& Zones() {
  static const auto* zones = [] {
    auto* list = new std::vector<sdb::DisplayZone>{sdb::DisplayZone()};
    for (const char* name :
         {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
          "Asia/Kolkata", "Pacific/Chatham"}) {
      if (auto zone = sdb::DisplayZone::Find(name)) list->push_back(*zone);
    }
    return list;
  }();
  return *zones;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = sdb_fuzz::Text(data, size);

  if (auto db_time = sdb::ParseRfc3339(text)) {
    // Database time of 1970..9999, which reads back the same.
    auto unix_time = sdb::ParseDbTime(*db_time);
    FUZZ_ASSERT(unix_time && *unix_time >= 0);
    FUZZ_ASSERT(db_time->size() == 19);
    std::string again = sdb::FormatRfc3339(*db_time);
    FUZZ_ASSERT(sdb::ParseRfc3339(again) == db_time);
  }

  if (auto unix_time = sdb::ParseDbTime(text)) {
    std::string formatted = sdb::FormatDbTime(*unix_time);
    // The canonical spelling formats back to itself (16 characters: no
    // seconds, which read as :00).
    FUZZ_ASSERT(formatted == (text.size() == 16 ? text + ":00" : text));
    (void)sdb::IsoTime(text);
    for (const sdb::DisplayZone& zone : Zones()) {
      (void)zone.Format(text);
      std::string local = zone.ToLocalInput(text, true);
      FUZZ_ASSERT(local.size() >= 19);
    }
  }

  if (auto unix_time = sdb::ParseHttpDate(text)) {
    (void)sdb::HttpDate(*unix_time);
  }

  const std::string now = "2026-11-28 14:30:17";
  for (const sdb::DisplayZone& zone : Zones()) {
    auto local = zone.FromLocalInput(text);
    if (local) {
      FUZZ_ASSERT(sdb::ParseDbTime(*local).has_value());
      if (zone.name() == "UTC") {
        std::string expected = text;
        expected[10] = ' ';
        if (expected.size() == 16) expected += ":00";
        FUZZ_ASSERT(*local == expected);
      }
    }
    sdb::FieldErrors errors;
    auto form = sdb::FormTime(text, zone, now, "start_date", &errors);
    FUZZ_ASSERT(!(form && !errors.empty()));
    if (form) FUZZ_ASSERT(sdb::ParseDbTime(*form).has_value());
  }
  return 0;
}
