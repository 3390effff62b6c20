// The audit log and page: see audit.h.
#include "pages/audit.h"

#include "web/serve.h"

namespace sdb {
namespace {

constexpr int kPageSize = 100;

}  // namespace

void FillAuditDictionary(const std::vector<AuditEntry>& entries, bool more,
                         const DisplayZone& zone,
                         ctemplate::TemplateDictionary* dict) {
  if (entries.empty()) dict->ShowSection("NO_ENTRIES");
  for (const auto& entry : entries) {
    auto* row = dict->AddSectionDictionary("ENTRY");
    row->SetValue("AT_ISO", IsoTime(entry.at));
    row->SetValue("AT_DISPLAY", zone.Format(entry.at));
    row->SetValue("SOURCE", entry.source == "api" ? "API" : "Operator");
    row->SetValue("AUTHOR", entry.author);
    row->SetValue("ACTION", entry.action);
    row->SetValue("CHANGES", entry.changes);
    if (entry.incident_id) {
      row->SetValueAndShowSection(
          "INCIDENT_ID", std::to_string(*entry.incident_id), "INCIDENT");
    }
  }
  if (more && !entries.empty()) {
    dict->SetValueAndShowSection("BEFORE", entries.back().at, "MORE");
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
