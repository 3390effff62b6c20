// The audit log: see audit_log.h.
#include "store/audit_log.h"

namespace sdb {

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

void RunRecordedApiWrite(Database& db, const ApiWriteRecord& record,
                         const std::function<void()>& body) {
  // SQLite's count includes the rows triggers change: every change bumps
  // data_generation once, which is not part of what the request did.
  auto generation = [&] {
    Statement& query = db.Prepare("SELECT generation FROM data_generation");
    int64_t value = query.Step() ? query.Int(0) : 0;
    query.Reset();
    return value;
  };
  // Nor are the subscriptions outbox's rows that triggers insert and
  // delete: each of those also bumps notification_outbox_changes, so it is
  // two changes that are not the request's.
  auto outbox = [&] {
    Statement& query =
        db.Prepare("SELECT changes FROM notification_outbox_changes");
    int64_t value = query.Step() ? query.Int(0) : 0;
    query.Reset();
    return value;
  };
  RunWriteTransaction(db, [&] {
    int64_t outbox_before = outbox();
    int64_t before = sqlite3_total_changes64(db.handle()) - generation();
    body();
    int64_t changes = sqlite3_total_changes64(db.handle()) - generation() -
                      before - 2 * (outbox() - outbox_before);
    if (changes <= 0) return;
    Statement& insert = db.Prepare(
        "INSERT INTO api_audit (at, author, method, path, request_id, body, "
        "changes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insert.Bind(1, record.at)
        .Bind(2, record.author)
        .Bind(3, record.method)
        .Bind(4, record.path)
        .Bind(5, record.request_id.empty()
                     ? std::optional<std::string>()
                     : std::optional<std::string>(record.request_id))
        .Bind(6, record.body)
        .Bind(7, changes)
        .Run();
  });
}

std::vector<AuditEntry> LoadAuditEntries(Database& db,
                                         const std::string& before, int limit) {
  Statement& query = db.Prepare(
      "SELECT at, 'operator', author, action, nullif(incident_id, 0), "
      "changes, id "
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

}  // namespace sdb
