// Operator form helpers: see forms.h.
#include "web/forms.h"

#include <algorithm>
#include <charconv>

// The keys as ctemplate's build-time constants: the names are the same in
// incident.tpl's update form, which these helpers fill too.
#include "open_incident.tpl.varnames.h"
#include "scope_fields.tpl.varnames.h"
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

std::optional<int64_t> KnownComponentId(
    const std::string& text, const std::vector<Component>& components) {
  auto id = ParsePositiveId(text);
  if (!id || std::none_of(components.begin(), components.end(),
                          [&](const Component& c) { return c.id == *id; })) {
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

void FillComponentChoices(const std::vector<Component>& components,
                          const std::vector<std::string>& checked,
                          ctemplate::TemplateDictionary* dict) {
  for (const std::string& region : ComponentRegions(components)) {
    auto* region_dict = dict->AddSectionDictionary(koi_REGION_GROUP);
    region_dict->SetValue(koi_REGION_NAME, region);
    for (const auto& [category, members] :
         ComponentsByCategory(components, region)) {
      auto* category_dict =
          region_dict->AddSectionDictionary(koi_CATEGORY_GROUP);
      category_dict->SetValue(koi_CATEGORY_NAME, category);
      for (const Component* component : members) {
        auto* item = category_dict->AddSectionDictionary(koi_COMPONENT_CHOICE);
        std::string id = std::to_string(component->id);
        item->SetValue(koi_COMPONENT_ID, id);
        item->SetValue(koi_COMPONENT_NAME, component->name);
        if (std::find(checked.begin(), checked.end(), id) != checked.end()) {
          item->ShowSection(koi_COMPONENT_CHECKED);
        }
      }
    }
  }
}

namespace {

std::vector<std::string> AllParams(const Request& request, const char* name) {
  std::vector<std::string> values;
  auto [first, last] = request.params.equal_range(name);
  for (auto it = first; it != last; ++it) values.push_back(it->second);
  return values;
}

template <typename T>
void SortUnique(std::vector<T>* items) {
  std::sort(items->begin(), items->end());
  items->erase(std::unique(items->begin(), items->end()), items->end());
}

}  // namespace

ScopeForm ReadScopeForm(const Request& request) {
  ScopeForm form;
  form.incidents = request.Param("incidents").value_or("") == "1";
  form.maintenance = request.Param("maintenance").value_or("") == "1";
  form.scope = request.Param("scope").value_or("");
  form.regions = AllParams(request, "regions");
  form.components = AllParams(request, "components");
  return form;
}

ScopeForm ScopeFormOf(const SubscriptionScope& scope) {
  ScopeForm form;
  form.incidents = scope.incidents;
  form.maintenance = scope.maintenance;
  form.scope = scope.scope;
  form.regions = scope.regions;
  for (int64_t id : scope.components) {
    form.components.push_back(std::to_string(id));
  }
  return form;
}

std::optional<SubscriptionScope> CheckScopeForm(
    const ScopeForm& form, const std::vector<Component>& components,
    FieldErrors* errors) {
  SubscriptionScope scope;
  scope.incidents = form.incidents;
  scope.maintenance = form.maintenance;
  scope.scope = form.scope;
  if (!form.incidents && !form.maintenance) {
    (*errors)["kinds"] = "Choose incidents, maintenance or both.";
  }
  if (form.scope == "regions") {
    auto regions = ComponentRegions(components);
    for (const std::string& region : form.regions) {
      if (std::find(regions.begin(), regions.end(), region) == regions.end()) {
        (*errors)["scope"] =
            "\"" + region + "\" is not a region of this dashboard.";
        return std::nullopt;
      }
      scope.regions.push_back(region);
    }
    SortUnique(&scope.regions);
    if (scope.regions.empty())
      (*errors)["scope"] = "Choose at least one region.";
  } else if (form.scope == "components") {
    for (const std::string& text : form.components) {
      auto id = KnownComponentId(text, components);
      if (!id) {
        (*errors)["scope"] =
            "\"" + text + "\" is not a component of this dashboard.";
        return std::nullopt;
      }
      scope.components.push_back(*id);
    }
    SortUnique(&scope.components);
    if (scope.components.empty()) {
      (*errors)["scope"] = "Choose at least one component.";
    }
  } else if (form.scope != "all") {
    (*errors)["scope"] =
        "Choose the whole page, some regions or some components.";
  }
  if (errors->count("kinds") || errors->count("scope")) return std::nullopt;
  return scope;
}

void FillScopeFields(const std::vector<Component>& components,
                     const ScopeForm& form, const FieldErrors& errors,
                     ctemplate::TemplateDictionary* dict) {
  // {{>SCOPE_FIELDS}} is in each form's own template (its varnames).
  auto* fields =
      dict->AddIncludeDictionary(ctemplate::TemplateString("SCOPE_FIELDS"));
  fields->SetFilename("scope_fields.tpl");
  if (form.incidents) fields->ShowSection(ksf_INCIDENTS_CHECKED);
  if (form.maintenance) fields->ShowSection(ksf_MAINTENANCE_CHECKED);
  if (form.scope == "regions") {
    fields->ShowSection(ksf_SCOPE_REGIONS);
  } else if (form.scope == "components") {
    fields->ShowSection(ksf_SCOPE_COMPONENTS);
  } else {
    fields->ShowSection(ksf_SCOPE_ALL);
  }
  for (const std::string& region : ComponentRegions(components)) {
    auto* pick = fields->AddSectionDictionary(ksf_REGION_PICK);
    pick->SetValue(ksf_REGION_PICK_NAME, region);
    if (std::find(form.regions.begin(), form.regions.end(), region) !=
        form.regions.end()) {
      pick->ShowSection(ksf_REGION_PICK_CHECKED);
    }
  }
  FillComponentChoices(components, form.components, fields);
  if (auto it = errors.find("kinds"); it != errors.end()) {
    fields->SetValueAndShowSection(ksf_KINDS_ERROR_TEXT, it->second,
                                   ksf_KINDS_ERROR);
  }
  if (auto it = errors.find("scope"); it != errors.end()) {
    fields->SetValueAndShowSection(ksf_SCOPE_ERROR_TEXT, it->second,
                                   ksf_SCOPE_ERROR);
  }
}

std::string ScopeSummary(const SubscriptionScope& scope) {
  std::string text = scope.incidents && scope.maintenance
                         ? "Incidents and maintenance"
                     : scope.incidents ? "Incidents"
                                       : "Maintenance";
  if (scope.scope == "regions") {
    text += ", region" + std::string(scope.regions.size() == 1 ? " " : "s ");
    for (size_t i = 0; i < scope.regions.size(); ++i) {
      text += (i ? ", " : "") + scope.regions[i];
    }
  } else if (scope.scope == "components") {
    size_t n = scope.components.size();
    text += ", " + std::to_string(n) + (n == 1 ? " component" : " components");
  } else {
    text += ", whole page";
  }
  return text;
}

void FillCsrf(const Operator& who, ctemplate::TemplateDictionary* dict) {
  dict->SetValue(koi_CSRF_FIELD, kCsrfField);
  dict->SetValue(koi_CSRF_TOKEN, who.csrf_token);
}

}  // namespace sdb
