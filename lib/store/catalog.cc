// The component catalog: see catalog.h.
#include "store/catalog.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

namespace sdb {
namespace {

// The schema's length limits (sql/0001_initial.sql), in characters.
constexpr std::size_t kMaxNameChars = 200;
constexpr std::size_t kMaxAttributeNameChars = 30;
constexpr std::size_t kMaxAttributeValueChars = 50;

// The number of code points in `text`, or -1 when it is not valid UTF-8
// (overlong forms, surrogates and values above U+10FFFF included).
long Utf8Length(std::string_view text) {
  long count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    int extra;
    uint32_t code;
    if (lead < 0x80) {
      extra = 0;
      code = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
      code = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      code = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      code = lead & 0x07;
    } else {
      return -1;
    }
    if (i + extra >= text.size()) return -1;  // truncated sequence
    for (int k = 1; k <= extra; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return -1;
      code = (code << 6) | (next & 0x3F);
    }
    if ((extra == 2 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) ||
        (extra == 3 && (code < 0x10000 || code > 0x10FFFF))) {
      return -1;
    }
    i += extra + 1;
    ++count;
  }
  return count;
}

bool HasControlCharacter(std::string_view text) {
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

const char* KindOf(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return "a string";
    default:
      return "nothing";
  }
}

// Where the root node of each document starts, for counting the documents
// of a catalog file without building them.
class RootMarks : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> roots;

  void OnDocumentStart(const YAML::Mark&) override { at_root_ = true; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&,
                       YAML::anchor_t, YAML::EmitterStyle::value) override {
    Node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Node(mark);
  }
  void OnMapEnd() override {}

 private:
  void Node(const YAML::Mark& mark) {
    if (at_root_) roots.push_back(mark);
    at_root_ = false;
  }
  bool at_root_ = false;
};

// Parses one catalog file; every error names the file and the line.
class CatalogParser {
 public:
  explicit CatalogParser(const std::string& file_name) : file_(file_name) {}

  std::vector<CatalogComponent> Parse(const std::string& text) {
    try {
      // Not YAML::LoadAll: yaml-cpp 0.7 never returns from it for some
      // malformed text ("," at the top level, yaml-cpp issue 1040), each
      // round yielding one more null document. A catalog is one document,
      // so the parser reads two at most, and the first is loaded alone.
      std::istringstream input(text);
      YAML::Parser parser(input);
      RootMarks marks;
      for (int i = 0; i < 2 && parser.HandleNextDocument(marks); ++i) {
      }
      return ParseDocuments(YAML::Load(text), marks.roots);
    } catch (const YAML::Exception& e) {
      Fail(e.mark.is_null() ? 1 : e.mark.line + 1, e.msg);
    }
  }

 private:
  [[noreturn]] void Fail(int line, const std::string& what) const {
    throw Error(file_ + ":" + std::to_string(line) + ": " + what);
  }

  static int LineOf(const YAML::Node& node, int fallback) {
    YAML::Mark mark = node.Mark();
    return mark.is_null() ? fallback : mark.line + 1;
  }

  // The text of `node` after checking it is a non-empty string of valid
  // UTF-8 without control characters and at most `max_chars` long; `what`
  // names it in errors reported at `line`.
  std::string CheckedString(const YAML::Node& node, int line,
                            const std::string& what,
                            std::size_t max_chars) const {
    if (!node.IsScalar()) {
      Fail(line, what + " must be a string, not " + KindOf(node));
    }
    const std::string& text = node.Scalar();
    if (text.empty()) Fail(line, what + " is empty");
    long length = Utf8Length(text);
    if (length < 0) Fail(line, what + " is not valid UTF-8");
    if (HasControlCharacter(text)) {
      Fail(line, what + " contains a control character");
    }
    if (static_cast<std::size_t>(length) > max_chars) {
      Fail(line, what + " is " + std::to_string(length) +
                     " characters long; the limit is " +
                     std::to_string(max_chars));
    }
    return text;
  }

  // The name of a mapping key, which must be a plain string.
  std::string KeyName(const YAML::Node& key, int line) const {
    if (!key.IsScalar()) Fail(line, std::string("a key is ") + KindOf(key));
    return key.Scalar();
  }

  // `root` is the first document, `roots` where each document's root
  // starts (two at most).
  std::vector<CatalogComponent> ParseDocuments(
      const YAML::Node& root, const std::vector<YAML::Mark>& roots) {
    if (roots.empty() || root.IsNull()) {
      Fail(1, "no `components:` list (the file holds no YAML document)");
    }
    if (roots.size() > 1) {
      Fail(roots[1].is_null() ? 1 : roots[1].line + 1,
           "a second YAML document; a catalog is one document");
    }
    int root_line = LineOf(root, 1);
    if (!root.IsMap()) {
      Fail(root_line, std::string("the top level must be a mapping with a "
                                  "`components:` list, not ") +
                          KindOf(root));
    }
    YAML::Node list;
    int list_line = 0;
    for (const auto& item : root) {
      int line = LineOf(item.first, root_line);
      std::string key = KeyName(item.first, line);
      if (key != "components") {
        Fail(line, "unknown top-level key \"" + key +
                       "\" (the only one is `components`)");
      }
      if (list_line != 0) {
        Fail(line, "`components` repeats the key at line " +
                       std::to_string(list_line));
      }
      list = item.second;
      list_line = line;
    }
    if (list_line == 0) Fail(root_line, "no `components:` list");
    if (!list.IsSequence()) {
      Fail(list_line,
           std::string("`components` must be a list, not ") + KindOf(list));
    }

    std::vector<CatalogComponent> components;
    // Name and sorted attributes of every entry so far, with its line.
    std::map<
        std::pair<std::string, std::set<std::pair<std::string, std::string>>>,
        int>
        seen;
    for (const auto& entry : list) {
      CatalogComponent component = ParseEntry(entry, list_line);
      std::set<std::pair<std::string, std::string>> attributes(
          component.attributes.begin(), component.attributes.end());
      auto [it, inserted] =
          seen.emplace(std::make_pair(component.name, std::move(attributes)),
                       component.line);
      if (!inserted) {
        Fail(component.line, "component \"" + component.name +
                                 "\" with the same attributes is already "
                                 "listed at line " +
                                 std::to_string(it->second));
      }
      components.push_back(std::move(component));
    }
    return components;
  }

  CatalogComponent ParseEntry(const YAML::Node& entry, int list_line) {
    CatalogComponent component;
    component.line = LineOf(entry, list_line);
    if (!entry.IsMap()) {
      Fail(component.line,
           std::string("a component must be a mapping with `name` and "
                       "`attributes`, not ") +
               KindOf(entry));
    }
    int name_line = 0;
    int attributes_line = 0;
    for (const auto& item : entry) {
      int line = LineOf(item.first, component.line);
      std::string key = KeyName(item.first, line);
      if (key == "name") {
        if (name_line != 0) {
          Fail(line,
               "`name` repeats the key at line " + std::to_string(name_line));
        }
        name_line = line;
        component.name =
            CheckedString(item.second, line, "component name", kMaxNameChars);
      } else if (key == "attributes") {
        if (attributes_line != 0) {
          Fail(line, "`attributes` repeats the key at line " +
                         std::to_string(attributes_line));
        }
        attributes_line = line;
        component.attributes = ParseAttributes(item.second, line);
      } else {
        Fail(line, "unknown key \"" + key +
                       "\" in a component (the keys are `name` and "
                       "`attributes`)");
      }
    }
    if (name_line == 0) Fail(component.line, "a component without `name`");
    return component;
  }

  std::vector<std::pair<std::string, std::string>> ParseAttributes(
      const YAML::Node& node, int attributes_line) {
    if (!node.IsMap()) {
      Fail(attributes_line,
           std::string("`attributes` must be a mapping of names to values, "
                       "not ") +
               KindOf(node));
    }
    std::vector<std::pair<std::string, std::string>> attributes;
    std::map<std::string, int> lines;
    for (const auto& item : node) {
      int line = LineOf(item.first, attributes_line);
      std::string name = CheckedString(item.first, line, "attribute name",
                                       kMaxAttributeNameChars);
      auto [it, inserted] = lines.emplace(name, line);
      if (!inserted) {
        Fail(line, "attribute \"" + name + "\" repeats the one at line " +
                       std::to_string(it->second));
      }
      std::string value = CheckedString(item.second, line,
                                        "value of attribute \"" + name + "\"",
                                        kMaxAttributeValueChars);
      attributes.emplace_back(std::move(name), std::move(value));
    }
    return attributes;
  }

  const std::string& file_;
};

// `text` as an SQL string literal.
std::string Quote(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) {
    throw Error("a catalog string holds a NUL character, which SQL cannot");
  }
  std::string quoted = "'";
  for (char c : text) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  quoted += '\'';
  return quoted;
}

// `text` made safe for a one-line `--` comment.
std::string CommentText(std::string_view text) {
  std::string safe(text);
  for (char& c : safe) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return safe;
}

std::string BaseName(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The statements adding `component` unless it is present. Each attribute
// insert runs only when the statement before it inserted a row
// (changes() = 1) and attaches to the component that statement inserted
// (last_insert_rowid() is the new component, then the new attribute row).
void AppendComponentSql(const CatalogComponent& component, std::string& sql) {
  std::string name = Quote(component.name);
  sql += "\n-- " + CommentText(component.name);
  const char* separator = ": ";
  for (const auto& [key, value] : component.attributes) {
    sql += separator + CommentText(key) + "=" + CommentText(value);
    separator = ", ";
  }
  sql +=
      "\nINSERT INTO component (name) SELECT " + name +
      " WHERE NOT EXISTS (\n  SELECT 1 FROM component c WHERE c.name = " + name;
  for (const auto& [key, value] : component.attributes) {
    sql +=
        "\n  AND EXISTS (SELECT 1 FROM component_attribute a WHERE "
        "a.component_id = c.id AND a.name = " +
        Quote(key) + " AND a.value = " + Quote(value) + ")";
  }
  sql += ");\n";
  bool first = true;
  for (const auto& [key, value] : component.attributes) {
    sql += "INSERT INTO component_attribute (component_id, name, value)\n  ";
    if (first) {
      sql += "SELECT last_insert_rowid(), " + Quote(key) + ", " + Quote(value) +
             " WHERE changes() = 1;\n";
    } else {
      sql += "SELECT component_id, " + Quote(key) + ", " + Quote(value) +
             " FROM component_attribute WHERE id = last_insert_rowid() AND "
             "changes() = 1;\n";
    }
    first = false;
  }
}

// True when a component named like `component` has all its attributes.
bool IsPresent(Database& db, const CatalogComponent& component) {
  // Distinct pairs: a hand-built list may repeat one.
  std::set<std::pair<std::string, std::string>> wanted(
      component.attributes.begin(), component.attributes.end());
  Statement& query = db.Prepare(
      "SELECT c.id, a.name, a.value FROM component c"
      " LEFT JOIN component_attribute a ON a.component_id = c.id"
      " WHERE c.name = ?1 ORDER BY c.id");
  query.Bind(1, component.name);
  // For each candidate, how many of the wanted pairs it has (each at most
  // once: a component's attribute names are unique).
  std::map<int64_t, std::size_t> matches;
  while (query.Step()) {
    std::size_t& count = matches[query.Int(0)];
    if (!query.IsNull(1) && wanted.contains({query.Text(1), query.Text(2)})) {
      ++count;
    }
  }
  query.Reset();
  for (const auto& [id, count] : matches) {
    if (count == wanted.size()) return true;
  }
  return false;
}

}  // namespace

std::vector<CatalogComponent> ParseCatalog(const std::string& yaml_text,
                                           const std::string& file_name) {
  return CatalogParser(file_name).Parse(yaml_text);
}

std::string CatalogSql(const std::vector<CatalogComponent>& components,
                       const std::string& source_name) {
  std::string sql;
  if (source_name.empty()) {
    sql = "-- A component catalog as an SQL script (sdb::CatalogSql).\n";
  } else {
    std::string source = CommentText(BaseName(source_name));
    sql = "-- The component catalog " + source +
          " as an SQL script. Generated by\n"
          "-- `sdb-admin catalog-sql " +
          source +
          "`: do not edit, regenerate it as\n"
          "-- bootstrap/README.md says.\n";
  }
  sql +=
      "-- Adds each listed component that is not present yet, with its\n"
      "-- attributes. Present means a component of the same name that has "
      "every\n"
      "-- listed attribute with the listed value. Never updates or deletes, "
      "so\n"
      "-- running it again writes nothing. Needs the current schema "
      "(sdb-admin\n"
      "-- migrate). Run: sqlite3 -bail DATABASE < THIS_FILE\n"
      "-- How: a component is inserted unless NOT EXISTS finds it; each of "
      "its\n"
      "-- attributes is inserted only when the statement before it inserted "
      "a row\n"
      "-- (changes() = 1), and attached to the component that row belongs "
      "to\n"
      "-- (last_insert_rowid() is the new component, then its new "
      "attribute).\n"
      "BEGIN;\n";
  for (const CatalogComponent& component : components) {
    AppendComponentSql(component, sql);
  }
  sql += "\nCOMMIT;\n";
  return sql;
}

ProvisionResult Provision(Database& db,
                          const std::vector<CatalogComponent>& components) {
  Transaction transaction(db);
  ProvisionResult result;
  for (const CatalogComponent& component : components) {
    try {
      if (IsPresent(db, component)) {
        ++result.present;
        continue;
      }
      db.Prepare("INSERT INTO component (name) VALUES (?1)")
          .Bind(1, component.name)
          .Run();
      int64_t id = db.LastInsertId();
      for (const auto& [name, value] : component.attributes) {
        db.Prepare(
              "INSERT INTO component_attribute (component_id, name, value)"
              " VALUES (?1, ?2, ?3)")
            .Bind(1, id)
            .Bind(2, name)
            .Bind(3, value)
            .Run();
      }
      ++result.added;
    } catch (const Error& e) {
      std::string where = component.line > 0
                              ? " (line " + std::to_string(component.line) + ")"
                              : "";
      throw Error("component \"" + component.name + "\"" + where + ": " +
                  e.what());
    }
  }
  transaction.Commit();
  return result;
}

std::string PurgeSql() {
  return "-- Purge: deletes every incident, incident update and component, in "
         "one\n"
         "-- transaction. Keeps the schema and data_generation (its triggers "
         "count the\n"
         "-- deletes, so cached pages go stale). Generated by `sdb-admin "
         "purge-sql`.\n"
         "-- Run: sqlite3 -bail DATABASE < purge.sql, or: sdb-admin purge\n"
         "BEGIN;\n"
         "DELETE FROM incident_status;\n"
         "DELETE FROM incident_component_relation;\n"
         "DELETE FROM incident;\n"
         "DELETE FROM component_attribute;\n"
         "DELETE FROM component;\n"
         "COMMIT;\n";
}

void RunScript(Database& db, const std::string& sql) {
  bool outside_transaction = sqlite3_get_autocommit(db.handle()) != 0;
  try {
    db.Exec(sql);
  } catch (const Error&) {
    if (outside_transaction && sqlite3_get_autocommit(db.handle()) == 0) {
      sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    throw;
  }
}

}  // namespace sdb
