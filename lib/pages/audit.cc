// The audit log and page: see audit.h.
#include "pages/audit.h"

#include "audit.tpl.varnames.h"
#include "web/serve.h"

namespace sdb {
namespace {

constexpr int kPageSize = 100;

}  // namespace

void FillAuditDictionary(const std::vector<AuditEntry>& entries, bool more,
                         const DisplayZone& zone,
                         ctemplate::TemplateDictionary* dict) {
  if (entries.empty()) dict->ShowSection(ka_NO_ENTRIES);
  for (const auto& entry : entries) {
    auto* row = dict->AddSectionDictionary(ka_ENTRY);
    row->SetValue(ka_AT_ISO, IsoTime(entry.at));
    row->SetValue(ka_AT_DISPLAY, zone.Format(entry.at));
    row->SetValue(ka_SOURCE, entry.source == "api" ? "API" : "Operator");
    row->SetValue(ka_AUTHOR, entry.author);
    row->SetValue(ka_ACTION, entry.action);
    row->SetValue(ka_CHANGES, entry.changes);
    if (entry.incident_id) {
      row->SetValueAndShowSection(
          ka_INCIDENT_ID, std::to_string(*entry.incident_id), ka_INCIDENT);
    }
  }
  if (more && !entries.empty()) {
    dict->SetValueAndShowSection(ka_BEFORE, entries.back().at, ka_MORE);
  }
}

// GET /audit[?before=DBTIME] (operators only)
Response HandleAudit(App& app, const Request& request) {
  std::string before = request.Param("before").value_or("");
  if (!before.empty() && !ParseDbTime(before)) {
    return app.ErrorPage(400,
                         "\"before\" must be a time such as " + DbNow() + ".");
  }
  auto entries = LoadAuditEntries(app.db(), before, kPageSize + 1);
  bool more = entries.size() > static_cast<size_t>(kPageSize);
  if (more) entries.pop_back();
  ctemplate::TemplateDictionary dict("audit");
  PageChrome chrome = app.Chrome(request, "Audit log", "");
  FillAuditDictionary(entries, more, chrome.zone, &dict);
  FillPageChrome(chrome, &dict);
  Response response;
  response.body = app.templates().Expand("audit.tpl", dict);
  return response;
}

}  // namespace sdb
