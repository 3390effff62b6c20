// The audit log and page: see audit.h.
#include "audit.h"

#include "serve.h"

namespace sdb {
namespace {

constexpr int kPageSize = 100;

}  // namespace

void RecordOperatorChange(Database& db, const Operator& who,
                          const AuditRecord& record,
                          const std::string& request_id) {
  db.Prepare(
        "INSERT INTO operator_audit (at, author, account, action, "
        "incident_id, changes, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7)")
      .Bind(1, record.at)
      .Bind(2, who.name)
      .Bind(3, who.provider + ":" + who.subject)
      .Bind(4, record.action)
      .Bind(5, record.incident_id)
      .Bind(6, record.changes)
      .Bind(7, request_id.empty() ? std::optional<std::string>()
                                  : std::optional<std::string>(request_id))
      .Run();
}

std::vector<AuditEntry> LoadAuditEntries(Database& db,
                                         const std::string& before, int limit) {
  Statement& query = db.Prepare(
      "SELECT at, 'operator', author, action, incident_id, changes, id "
      "FROM operator_audit WHERE ?1 = '' OR at < ?1 "
      "UNION ALL "
      "SELECT at, 'api', author, method || ' ' || path, NULL, body, id "
      "FROM api_audit WHERE ?1 = '' OR at < ?1 "
      "ORDER BY 1 DESC, 7 DESC LIMIT ?2");
  query.Bind(1, before).Bind(2, int64_t{limit});
  std::vector<AuditEntry> entries;
  while (query.Step()) {
    AuditEntry entry{query.Text(0), query.Text(1), query.Text(2),
                     query.Text(3)};
    if (!query.IsNull(4)) entry.incident_id = query.Int(4);
    entry.changes = query.Text(5);
    entries.push_back(std::move(entry));
  }
  query.Reset();
  return entries;
}

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
