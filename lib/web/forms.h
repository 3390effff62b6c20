// What the operator forms share: field errors, the checks on lengths and
// impacts, datetime-local values in the operator's zone, and the option
// lists the templates show.
#ifndef SDB_LIB_WEB_FORMS_H_
#define SDB_LIB_WEB_FORMS_H_

#include <ctemplate/template.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "base/timeutil.h"
#include "store/model.h"
#include "store/subscribers.h"
#include "web/http.h"

namespace sdb {

// Field name -> what is wrong with it ("title" -> "Use at least 8 ...").
using FieldErrors = std::map<std::string, std::string>;

// `text` without leading and trailing blanks (spaces, tabs, line breaks).
std::string TrimBlanks(const std::string& text);

// Characters (UTF-8 code points) in `text`.
size_t CharCount(const std::string& text);

// An event title as the operator forms take it: kTitleMin to kTitleMax
// characters on one line.
inline constexpr size_t kTitleMin = 8, kTitleMax = 200;

// Adds the "title" error to `errors` when `title` (already trimmed) is
// shorter or longer than that, or holds a control character (a line break,
// a TAB, ...): a title is shown on one line everywhere.
void CheckTitle(const std::string& title, FieldErrors* errors);

// "maintenance" | "minor" | "major" | "outage" (or "0".."3") -> 0..3.
std::optional<int> ParseImpactKey(const std::string& key);

// Reads a form's text fields: each named field's value as sent into its
// string, "" when the form lacks the field.
struct TextField {
  const char* name;    // "title"
  std::string* value;  // &form.title
};
void ReadFormFields(const Request& request,
                    std::initializer_list<TextField> fields);

// A form's id value ("12"): ASCII digits only, 1 up to INT64_MAX.
std::optional<int64_t> ParsePositiveId(const std::string& text);

// The id of the component among `components` that `text` names ("12").
std::optional<int64_t> KnownComponentId(
    const std::string& text, const std::vector<Component>& components);

// The zone of the form's "timezone" field: that zone when it is known,
// else an error in `errors`; the operator's zone when the field is absent.
DisplayZone FormZone(const Request& request, FieldErrors* errors);

// A datetime-local field read in `zone` as database time; the current
// second when it names the current minute (the form's default), so quick
// successive updates keep their order. nullopt (and an error for `field`)
// when it is malformed; nullopt without error when it is empty.
std::optional<std::string> FormTime(const std::string& value,
                                    const DisplayZone& zone,
                                    const std::string& now,
                                    const std::string& field,
                                    FieldErrors* errors);

// A form field's error keys in its page's template: the section FIELD_ERROR
// and FIELD_ERROR_TEXT in it (TITLE_ERROR, TITLE_ERROR_TEXT for "title").
struct FieldErrorKeys {
  const char* field;
  const ctemplate::StaticTemplateString& section;
  const ctemplate::StaticTemplateString& text;
};

// Shows, for every field in `errors`, its section from `fields` with the
// message as its text, and ERRORS with ERROR_COUNT. A field `fields` lacks
// gets no section (its template has none to show) but is counted.
void FillFieldErrors(const FieldErrors& errors,
                     std::span<const FieldErrorKeys> fields,
                     ctemplate::TemplateDictionary* dict);

// ZONE_OPTIONS (see ZoneOptionsHtml).
void FillZoneChoices(const std::string& selected,
                     ctemplate::TemplateDictionary* dict);

// The component checkboxes grouped by region and category: a REGION_GROUP
// section per region (REGION_NAME) with a CATEGORY_GROUP per category
// (CATEGORY_NAME) with a COMPONENT_CHOICE per component (COMPONENT_ID,
// COMPONENT_NAME, COMPONENT_CHECKED when its id is in `checked`).
void FillComponentChoices(const std::vector<Component>& components,
                          const std::vector<std::string>& checked,
                          ctemplate::TemplateDictionary* dict);

// The scope fields of the subscription forms (/subscribe and the webhooks
// of /subscriptions), as posted: kinds "incidents" and "maintenance"
// (checkboxes), "scope" all | regions | components, "regions" and
// "components" repeated.
struct ScopeForm {
  bool incidents = true;
  bool maintenance = true;
  std::string scope = "all";
  std::vector<std::string> regions;
  std::vector<std::string> components;
};
ScopeForm ReadScopeForm(const Request& request);
// The form showing `scope` (a subscription being changed).
ScopeForm ScopeFormOf(const SubscriptionScope& scope);

// The scope `form` asks for, or nullopt with "kinds" (neither kind) and
// "scope" errors (an unknown scope, regions or components not of this
// dashboard, none chosen for the scope) in `errors`. Lists are sorted and
// without repeats.
std::optional<SubscriptionScope> CheckScopeForm(
    const ScopeForm& form, const std::vector<Component>& components,
    FieldErrors* errors);

// Includes scope_fields.tpl at `dict`'s SCOPE_FIELDS with `form` checked
// and the "kinds" and "scope" messages of `errors`.
void FillScopeFields(const std::vector<Component>& components,
                     const ScopeForm& form, const FieldErrors& errors,
                     ctemplate::TemplateDictionary* dict);

// A short description of `scope` for lists: "Incidents and maintenance,
// whole page", "Incidents, regions EU-DE, EU-NL", "Maintenance, 3
// components".
std::string ScopeSummary(const SubscriptionScope& scope);

// CSRF_FIELD and CSRF_TOKEN for the operator's form.
void FillCsrf(const Operator& who, ctemplate::TemplateDictionary* dict);

}  // namespace sdb

#endif  // SDB_LIB_WEB_FORMS_H_
