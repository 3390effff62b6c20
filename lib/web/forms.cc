// Operator form helpers: see forms.h.
#include "web/forms.h"

#include <charconv>

// The keys as ctemplate's build-time constants: the names are the same in
// incident.tpl's update form, which these helpers fill too.
#include "open_incident.tpl.varnames.h"
#include "web/page.h"
#include "web/session.h"

namespace sdb {

std::string TrimBlanks(const std::string& text) {
  const char* blanks = " \t\r\n";
  size_t begin = text.find_first_not_of(blanks);
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(blanks);
  return text.substr(begin, end - begin + 1);
}

size_t CharCount(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

void CheckTitle(const std::string& title, FieldErrors* errors) {
  size_t length = CharCount(title);
  if (length < kTitleMin || length > kTitleMax) {
    (*errors)["title"] = "The title needs 8 to 200 characters; it has " +
                         std::to_string(length) + ".";
    return;
  }
  for (unsigned char c : title) {
    if (c < 0x20 || c == 0x7f) {
      (*errors)["title"] =
          "The title is one line: remove its line breaks, tabs and other "
          "control characters.";
      return;
    }
  }
}

std::optional<int> ParseImpactKey(const std::string& key) {
  for (int impact = kMaintenance; impact <= kOutage; ++impact) {
    if (key == ImpactKey(impact) || key == std::to_string(impact)) {
      return impact;
    }
  }
  return std::nullopt;
}

void ReadFormFields(const Request& request,
                    std::initializer_list<TextField> fields) {
  for (const TextField& field : fields) {
    *field.value = request.Param(field.name).value_or("");
  }
}

std::optional<int64_t> ParsePositiveId(const std::string& text) {
  int64_t id = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

DisplayZone FormZone(const Request& request, FieldErrors* errors) {
  auto name = request.Param("timezone");
  if (!name || name->empty()) return RequestZone(request);
  auto zone = DisplayZone::Find(*name);
  if (!zone) {
    (*errors)["timezone"] =
        "\"" + *name + "\" is not a time zone this site knows.";
    return DisplayZone();
  }
  return *zone;
}

std::optional<std::string> FormTime(const std::string& value,
                                    const DisplayZone& zone,
                                    const std::string& now,
                                    const std::string& field,
                                    FieldErrors* errors) {
  std::string text = TrimBlanks(value);
  if (text.empty()) return std::nullopt;
  auto time = zone.FromLocalInput(text);
  if (!time) {
    (*errors)[field] = "Enter a date and time such as 2026-11-28T14:30 (in " +
                       zone.name() + "); this one is not valid there.";
    return std::nullopt;
  }
  // The form's default is the current minute: take the current second.
  if (time->compare(0, 16, now, 0, 16) == 0) return now;
  return time;
}

void FillFieldErrors(const FieldErrors& errors,
                     std::span<const FieldErrorKeys> fields,
                     ctemplate::TemplateDictionary* dict) {
  for (const auto& [field, message] : errors) {
    for (const FieldErrorKeys& keys : fields) {
      if (field != keys.field) continue;
      dict->AddSectionDictionary(keys.section)->SetValue(keys.text, message);
    }
  }
  if (!errors.empty()) {
    dict->SetValueAndShowSection(koi_ERROR_COUNT, std::to_string(errors.size()),
                                 koi_ERRORS);
  }
}

void FillZoneChoices(const std::string& selected,
                     ctemplate::TemplateDictionary* dict) {
  dict->SetValue(koi_ZONE_OPTIONS, ZoneOptionsHtml(selected));
}

void FillCsrf(const Operator& who, ctemplate::TemplateDictionary* dict) {
  dict->SetValue(koi_CSRF_FIELD, kCsrfField);
  dict->SetValue(koi_CSRF_TOKEN, who.csrf_token);
}

}  // namespace sdb
