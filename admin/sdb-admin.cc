// sdb-admin: the sysadmin's command: migrate the schema, provision or print a
// component catalog, purge the data, mint API tokens, back up and restore the
// database. The logic lives in lib/catalog.cc, lib/jwt.cc and lib/backup.cc.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/config.h"
#include "base/crypto.h"
#include "base/jwt.h"
#include "base/timeutil.h"
#include "notify/mail.h"
#include "notify/smtp.h"
#include "store/backup.h"
#include "store/catalog.h"
#include "store/db.h"

namespace {

constexpr char kUsage[] =
    "usage: sdb-admin [--database PATH] COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  migrate                create the database or bring its schema up to "
    "date\n"
    "  check                  exit 0 when the database opens, has the schema\n"
    "                         this build needs and passes quick_check\n"
    "  backup FILE            write a consistent copy of the database to FILE\n"
    "                         while the site keeps serving\n"
    "  restore FILE           replace the database's content with the backup\n"
    "                         FILE (migrating an older one); running programs\n"
    "                         serve the restored data on their next request\n"
    "  provision FILE.yaml    add the catalog's components that are not "
    "present\n"
    "  catalog-sql FILE.yaml  print the catalog as an idempotent SQL script\n"
    "  purge                  delete every component, incident and update\n"
    "  purge-sql              print the SQL script that purge runs\n"
    "  token [NAME] [--expires-in SECONDS]\n"
    "                         print an API bearer token signed with\n"
    "                         SDB_SECRET_KEY; API writes record NAME\n"
    "                         (default \"monitoring\") as their author\n"
    "  mail-test ADDRESS      send a test mail to ADDRESS through "
    "SDB_SMTP_URL\n"
    "                         from SDB_MAIL_FROM, to check the mail settings\n"
    "  help                   print this text\n"
    "\n"
    "The database is PATH, else SDB_DATABASE from the environment or the\n"
    "config file (SDB_CONFIG, default /etc/status-dashboard/sdb.conf).\n";

// Reads the whole file or throws sdb::Error naming it.
std::string ReadFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    throw sdb::Error("cannot read " + path + ": " + std::strerror(errno));
  }
  std::string text;
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    text.append(buffer, n);
  }
  bool failed = std::ferror(file) != 0;
  int error = errno;
  std::fclose(file);
  if (failed) {
    throw sdb::Error("cannot read " + path + ": " + std::strerror(error));
  }
  return text;
}

// `mail-test ADDRESS`: a plain-text message with a non-ASCII subject (an
// RFC 2047 encoded word) through the configured SMTP server. Throws
// sdb::Error with the server's answer when it is not accepted.
void MailTest(const std::string& address) {
  if (address.empty() || address.find('@') == std::string::npos ||
      address.find_first_of(" <>\r\n") != std::string::npos) {
    throw sdb::Error("\"" + address + "\" is not a mail address");
  }
  sdb::Config config = sdb::LoadConfig();
  sdb::SmtpSettings settings = sdb::SmtpSettingsFrom(config);
  std::string sender = sdb::MailAddressOf(settings.from);
  std::string domain = sender.substr(sender.find('@') + 1);
  sdb::MailMessage message;
  message.from = settings.from;
  message.to = address;
  message.subject = config.site_title + ": test mail \u2014 \u2713 it works";
  message.text =
      "This is a test mail from " + config.site_title +
      " (sdb-admin mail-test).\n\nSubscribers' notifications are sent "
      "through the same server (" +
      settings.url + ") from " + settings.from + ".\n";
  message.message_id = "test-" + sdb::RandomToken(12) + "@" + domain;
  message.date = sdb::UnixNow();
  sdb::SmtpResult result =
      sdb::SendMail(settings, address, sdb::ComposeMail(message));
  if (!result.sent) {
    throw sdb::Error(
        "the mail to " + address + " was not sent through " +
        (settings.url.empty() ? "(no SDB_SMTP_URL)" : settings.url) + ": " +
        result.error + (result.permanent ? " (refused for good)" : ""));
  }
  std::cout << "test mail sent to " << address << " through " << settings.url
            << " (Message-ID <" << message.message_id << ">)\n";
}

// The database path: --database, else the configuration's.
std::string DatabasePath(const std::optional<std::string>& flag) {
  return flag ? *flag : sdb::LoadConfig().database;
}

// `token [NAME] [--expires-in SECONDS]`: an HS256 token for the API with
// the payload key (SDB_API_PAYLOAD_KEY) and `sub` set to NAME, `iat` now
// and, when asked, `exp`. nullopt for bad arguments.
std::optional<std::string> Token(const std::vector<std::string>& args) {
  std::string name = "monitoring";
  std::optional<long long> expires_in;
  bool named = false;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--expires-in" && i + 1 < args.size()) {
      const std::string& text = args[++i];
      if (text.empty() || text.size() > 12 ||
          text.find_first_not_of("0123456789") != std::string::npos ||
          std::stoll(text) == 0) {
        return std::nullopt;
      }
      expires_in = std::stoll(text);
    } else if (!named && !args[i].empty() && args[i][0] != '-') {
      name = args[i];
      named = true;
    } else {
      return std::nullopt;
    }
  }
  sdb::Config config = sdb::LoadConfig();
  if (config.secret_key.empty()) {
    throw sdb::Error(
        "SDB_SECRET_KEY is not set: set it in the environment or the config "
        "file to the secret the api program uses");
  }
  long long now = sdb::UnixNow();
  nlohmann::json payload = {
      {config.api_payload_key, name}, {"sub", name}, {"iat", now}};
  if (expires_in) payload["exp"] = now + *expires_in;
  return sdb::SignToken(payload.dump(), config.secret_key);
}

// Runs one command; returns the exit status.
int Run(const std::optional<std::string>& database,
        const std::vector<std::string>& args) {
  const std::string& command = args[0];
  if (command == "migrate" && args.size() == 1) {
    std::string path = DatabasePath(database);
    sdb::Database db(path, sdb::Database::Mode::kReadWriteCreate);
    int applied = sdb::Migrate(db);
    int version = db.UserVersion();
    if (applied == 0) {
      std::cout << "database " << path << ": schema is current (version "
                << version << ")\n";
    } else {
      std::cout << "database " << path << ": applied " << applied
                << " migration(s), schema version " << version << "\n";
    }
  } else if (command == "check" && args.size() == 1) {
    std::string path = DatabasePath(database);
    sdb::Database db(path);
    db.RequireCurrentSchema();
    std::string check = sdb::QuickCheck(db);
    if (check != "ok") throw sdb::Error("database " + path + ": " + check);
    std::cout << "database " << path << ": schema version " << db.UserVersion()
              << " is current, quick_check ok\n";
  } else if (command == "backup" && args.size() == 2) {
    std::string path = DatabasePath(database);
    sdb::Database db(path);
    db.RequireCurrentSchema();
    sdb::BackupInfo info = sdb::BackupDatabase(db, args[1]);
    std::cout << "backup of " << path << " written to " << args[1] << ": "
              << info.pages << " pages, schema version " << info.schema_version
              << "\n";
  } else if (command == "restore" && args.size() == 2) {
    std::string path = DatabasePath(database);
    sdb::Database db(path, sdb::Database::Mode::kReadWriteCreate);
    sdb::RestoreInfo info = sdb::RestoreDatabase(db, args[1]);
    std::cout << "database " << path << " restored from " << args[1] << ": "
              << info.pages << " pages, schema version "
              << info.backup_schema_version;
    if (info.migrations_applied > 0) {
      std::cout << " (then " << info.migrations_applied
                << " migration(s) applied)";
    }
    std::cout << ", data generation now " << info.generation;
    if (info.sessions_ended > 0) {
      std::cout << "; " << info.sessions_ended
                << " operator session(s) ended: operators sign in again";
    }
    std::cout << "\n";
  } else if (command == "provision" && args.size() == 2) {
    auto components = sdb::ParseCatalog(ReadFile(args[1]), args[1]);
    sdb::Database db(DatabasePath(database));
    db.RequireCurrentSchema();
    sdb::ProvisionResult result = sdb::Provision(db, components);
    std::cout << "added " << result.added << ", already present "
              << result.present << "\n";
  } else if (command == "catalog-sql" && args.size() == 2) {
    std::cout << sdb::CatalogSql(sdb::ParseCatalog(ReadFile(args[1]), args[1]),
                                 args[1]);
  } else if (command == "purge" && args.size() == 1) {
    sdb::Database db(DatabasePath(database));
    db.RequireCurrentSchema();
    sdb::RunScript(db, sdb::PurgeSql());
  } else if (command == "purge-sql" && args.size() == 1) {
    std::cout << sdb::PurgeSql();
  } else if (command == "mail-test" && args.size() == 2) {
    MailTest(args[1]);
  } else if (command == "token" && args.size() <= 4) {
    auto token = Token(args);
    if (!token) {
      std::cerr << kUsage;
      return 2;
    }
    std::cout << *token << "\n";
  } else {
    std::cerr << kUsage;
    return 2;
  }
  std::cout.flush();
  if (!std::cout) throw sdb::Error("cannot write the output");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::optional<std::string> database;
  if (!args.empty() && args[0].starts_with("--database=")) {
    database = args[0].substr(std::strlen("--database="));
    args.erase(args.begin());
  } else if (args.size() >= 2 && args[0] == "--database") {
    database = args[1];
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.empty() || (database && database->empty())) {
    std::cerr << kUsage;
    return 2;
  }
  try {
    return Run(database, args);
  } catch (const std::exception& e) {
    std::cerr << "sdb-admin: " << e.what() << "\n";
    return 1;
  }
}
