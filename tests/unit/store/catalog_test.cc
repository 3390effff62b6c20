// Unit tests of the catalog: parsing and its errors, Provision, CatalogSql,
// PurgeSql, on in-memory databases built from the real sql/.
#include "store/catalog.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "store/db.h"
#include "test_support.h"

namespace {

using sdb::CatalogComponent;

// bootstrap/catalog-test.yaml without its comments.
constexpr char kTestCatalog[] = R"(components:
  - name: Component11
    attributes:
      region: Region1
      category: Cat1
  - name: Component12
    attributes:
      region: Region1
      category: Cat1
  - name: Component13
    attributes:
      region: Region1
      category: Cat1
  - name: Component21
    attributes:
      region: Region1
      category: Cat2
  - name: Component22
    attributes:
      region: Region1
      category: Cat2
  - name: Component23
    attributes:
      region: Region1
      category: Cat2
  - name: Component31
    attributes:
      region: Region1
      category: Cat3
  - name: Component32
    attributes:
      region: Region1
      category: Cat3
  - name: Component33
    attributes:
      region: Region2
      category: Cat3
  - name: Component31
    attributes:
      region: Region2
      category: Cat4
  - name: Component32
    attributes:
      region: Region2
      category: Cat4
  - name: Component33
    attributes:
      region: Region2
      category: Cat4
)";

// The awkward cases: one name in several regions, an entry that is a subset
// of an earlier one, no attributes, quotes, flow style, non-ASCII text.
constexpr char kTrickyCatalog[] = R"(components:
- name: Auto Scaling
  attributes: {category: Compute, region: EU-DE, type: as}
- name: Auto Scaling
  attributes: {category: Compute, region: EU-NL, type: as}
- name: Auto Scaling
  attributes: {region: EU-NL}
- name: "Tom's ''quoted'' service"
  attributes:
    region: "O'Hare; DROP TABLE component; --"
- name: Bare
- name: Bare
  attributes: {region: EU-DE}
- name: Ünïcödé Dienst
  attributes: {region: Zürich}
- attributes: {region: EU-DE, type: antiddos}
  name: Anti DDoS
)";

// An in-memory database at the current schema.
struct MemoryDb {
  sdb::Database db{":memory:", sdb::Database::Mode::kReadWriteCreate};
  MemoryDb() { sdb::Migrate(db); }
};

using sdb_test::QueryInt;

int64_t Count(sdb::Database& db, const std::string& table) {
  return QueryInt(db, "SELECT count(*) FROM " + table);
}

int64_t Generation(sdb::Database& db) {
  return QueryInt(db, "SELECT generation FROM data_generation");
}

// Every component and attribute row, one per line, in id order.
std::string DumpCatalogRows(sdb::Database& db) {
  std::string dump;
  sdb::Statement& components =
      db.Prepare("SELECT id, name FROM component ORDER BY id");
  while (components.Step()) {
    dump += "component " + std::to_string(components.Int(0)) + " " +
            components.Text(1) + "\n";
  }
  components.Reset();
  sdb::Statement& attributes = db.Prepare(
      "SELECT id, component_id, name, value FROM component_attribute"
      " ORDER BY id");
  while (attributes.Step()) {
    dump += "attribute " + std::to_string(attributes.Int(0)) + " of " +
            std::to_string(attributes.Int(1)) + " " + attributes.Text(2) + "=" +
            attributes.Text(3) + "\n";
  }
  attributes.Reset();
  return dump;
}

// The message ParseCatalog throws for `yaml`, or "" when it accepts it.
std::string ParseError(const std::string& yaml) {
  try {
    sdb::ParseCatalog(yaml, "f.yaml");
  } catch (const sdb::Error& e) {
    return e.what();
  }
  return "";
}

void AddIncident(sdb::Database& db, int64_t component_id) {
  db.Exec(
      "INSERT INTO incident (text, impact, start_date) VALUES"
      " ('Outage', 3, '2024-01-01 10:00:00');"
      "INSERT INTO incident_status (incident_id, text, status) VALUES"
      " (last_insert_rowid(), 'looking', 'analyzing');");
  db.Exec(
      "INSERT INTO incident_component_relation (incident_id, component_id)"
      " VALUES ((SELECT max(id) FROM incident), " +
      std::to_string(component_id) + ")");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(catalog)

BOOST_AUTO_TEST_CASE(parses_the_test_catalog) {
  std::vector<CatalogComponent> components =
      sdb::ParseCatalog(kTestCatalog, "catalog-test.yaml");
  BOOST_REQUIRE_EQUAL(components.size(), 12u);
  BOOST_TEST(components[0].name == "Component11");
  BOOST_TEST(components[0].line == 2);
  BOOST_REQUIRE_EQUAL(components[0].attributes.size(), 2u);
  BOOST_TEST(components[0].attributes[0].first == "region");
  BOOST_TEST(components[0].attributes[0].second == "Region1");
  BOOST_TEST(components[0].attributes[1].first == "category");
  BOOST_TEST(components[0].attributes[1].second == "Cat1");
  BOOST_TEST(components[8].name == "Component33");
  BOOST_TEST(components[8].attributes[0].second == "Region2");
  BOOST_TEST(components[8].attributes[1].second == "Cat3");
  BOOST_TEST(components[11].name == "Component33");
  BOOST_TEST(components[11].line == 46);
  BOOST_TEST(components[11].attributes[1].second == "Cat4");
}

BOOST_AUTO_TEST_CASE(parses_flow_style_quotes_and_missing_attributes) {
  std::vector<CatalogComponent> components =
      sdb::ParseCatalog(kTrickyCatalog, "tricky.yaml");
  BOOST_REQUIRE_EQUAL(components.size(), 8u);
  BOOST_TEST(components[2].attributes.size() == 1u);
  BOOST_TEST(components[3].name == "Tom's ''quoted'' service");
  BOOST_TEST(components[3].attributes[0].second ==
             "O'Hare; DROP TABLE component; --");
  BOOST_TEST(components[4].attributes.empty());
  BOOST_TEST(components[4].line == 11);
  BOOST_TEST(components[5].attributes.size() == 1u);
  BOOST_TEST(components[7].name == "Anti DDoS");
  BOOST_TEST(components[7].attributes[1].first == "type");
  BOOST_TEST(sdb::ParseCatalog("components: []\n", "empty.yaml").empty());
  BOOST_TEST(sdb::ParseCatalog("components: [{name: A, attributes: {}}]",
                               "empty.yaml")[0]
                 .attributes.empty());
}

BOOST_AUTO_TEST_CASE(limits_count_characters_not_bytes) {
  // Two bytes per character: at the limits in characters, over in bytes.
  std::string name, key, value;
  for (int i = 0; i < 200; ++i) name += "\xC3\xA9";
  for (int i = 0; i < 30; ++i) key += "\xC3\xA9";
  for (int i = 0; i < 50; ++i) value += "\xC3\xA9";
  std::string yaml = "components:\n  - name: " + name +
                     "\n    attributes:\n      " + key + ": " + value + "\n";
  std::vector<CatalogComponent> components =
      sdb::ParseCatalog(yaml, "limits.yaml");
  BOOST_REQUIRE_EQUAL(components.size(), 1u);
  // The schema's CHECKs agree.
  MemoryDb m;
  BOOST_TEST(sdb::Provision(m.db, components).added == 1);
}

BOOST_AUTO_TEST_CASE(errors_name_the_file_and_line) {
  const std::string long_name(201, 'n');
  const std::string long_key(31, 'k');
  const std::string long_value(51, 'v');
  struct Case {
    std::string yaml;
    std::string message;  // the expected start of the error message
  };
  const std::vector<Case> cases = {
      {"components:\n  - name: A\n    attributes: {region: R\n",
       "f.yaml:4: "},  // unterminated flow mapping: reported where it ends
      {"components:\n  - name: A\n\tattributes: {}\n", "f.yaml:3: "},
      {"", "f.yaml:1: no `components:` list"},
      {"# only a comment\n", "f.yaml:1: no `components:` list"},
      {"comps: []\n", "f.yaml:1: unknown top-level key \"comps\""},
      {"components: []\nextra: 1\n", "f.yaml:2: unknown top-level key"},
      {"components: []\ncomponents: []\n",
       "f.yaml:2: `components` repeats the key at line 1"},
      {"components: []\n---\ncomponents: []\n",
       "f.yaml:3: a second YAML document"},
      // A top-level "," made YAML::LoadAll loop for ever (yaml-cpp issue
      // 1040; found by catalog_fuzz).
      {",", "f.yaml:1: no `components:` list"},
      {",componen?s:\nname: Bare  - name: Bare\n",
       "f.yaml:1: no `components:` list"},
      {"- name: A\n", "f.yaml:1: the top level must be a mapping"},
      {"version: 1\n", "f.yaml:1: unknown top-level key \"version\""},
      {"# catalog\n\nother: 1\n", "f.yaml:3: unknown top-level key"},
      {"components:\n", "f.yaml:1: `components` must be a list, not nothing"},
      {"components:\n  name: A\n",
       "f.yaml:1: `components` must be a list, not a mapping"},
      {"components:\n  - A\n",
       "f.yaml:2: a component must be a mapping with `name` and `attributes`, "
       "not a string"},
      {"components:\n  - name: A\n    attributes: {region: R}\n    type: t\n",
       "f.yaml:4: unknown key \"type\" in a component"},
      {"components:\n  - name: A\n    name: B\n",
       "f.yaml:3: `name` repeats the key at line 2"},
      {"components:\n  - name: A\n    attributes: {}\n    attributes: {}\n",
       "f.yaml:4: `attributes` repeats the key at line 3"},
      {"components:\n  - name: A\n  - attributes: {region: R}\n",
       "f.yaml:3: a component without `name`"},
      {"components:\n  - name: A\n  - name: [x]\n",
       "f.yaml:3: component name must be a string, not a list"},
      {"components:\n  - name: {x: y}\n",
       "f.yaml:2: component name must be a string, not a mapping"},
      {"components:\n  - name:\n",
       "f.yaml:2: component name must be a string, "
       "not nothing"},
      {"components:\n  - name: ''\n", "f.yaml:2: component name is empty"},
      {"components:\n  - name: \"A\\tB\"\n",
       "f.yaml:2: component name contains a control character"},
      {"components:\n  - name: \"A\\0B\"\n",
       "f.yaml:2: component name contains a control character"},
      {"components:\n  - name: \"A\xFF\"\n",
       "f.yaml:2: component name is not valid UTF-8"},
      {"components:\n  - name: " + long_name + "\n",
       "f.yaml:2: component name is 201 characters long; the limit is 200"},
      {"components:\n  - name: A\n    attributes: [region, R]\n",
       "f.yaml:3: `attributes` must be a mapping of names to values, not a "
       "list"},
      {"components:\n  - name: A\n    attributes:\n",
       "f.yaml:3: `attributes` must be a mapping of names to values, not "
       "nothing"},
      {"components:\n  - name: A\n    attributes:\n      region: [EU]\n",
       "f.yaml:4: value of attribute \"region\" must be a string, not a list"},
      {"components:\n  - name: A\n    attributes:\n      category: C\n"
       "      region:\n",
       "f.yaml:5: value of attribute \"region\" must be a string, not nothing"},
      {"components:\n  - name: A\n    attributes:\n      region: ''\n",
       "f.yaml:4: value of attribute \"region\" is empty"},
      {"components:\n  - name: A\n    attributes:\n      " + long_key + ": R\n",
       "f.yaml:4: attribute name is 31 characters long; the limit is 30"},
      {"components:\n  - name: A\n    attributes:\n      region: " +
           long_value + "\n",
       "f.yaml:4: value of attribute \"region\" is 51 characters long; the "
       "limit is 50"},
      {"components:\n  - name: A\n    attributes:\n      ? [a]\n      : R\n",
       "f.yaml:4: attribute name must be a string, not a list"},
      {"components:\n  - name: A\n    attributes:\n      region: R\n"
       "      region: S\n",
       "f.yaml:5: attribute \"region\" repeats the one at line 4"},
      {"components:\n"
       "  - name: A\n    attributes: {region: R, category: C}\n"
       "  - name: B\n"
       "  - name: A\n    attributes: {category: C, region: R}\n",
       "f.yaml:5: component \"A\" with the same attributes is already listed "
       "at line 2"},
      {"components:\n  - name: A\n  - name: B\n  - name: A\n",
       "f.yaml:4: component \"A\" with the same attributes is already listed "
       "at line 2"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("yaml:\n" << c.yaml) {
      std::string message = ParseError(c.yaml);
      BOOST_TEST(message.substr(0, c.message.size()) == c.message,
                 "message: " << message);
    }
  }
}

BOOST_AUTO_TEST_CASE(provision_adds_the_test_catalog_once) {
  MemoryDb m;
  auto components = sdb::ParseCatalog(kTestCatalog, "catalog-test.yaml");
  sdb::ProvisionResult first = sdb::Provision(m.db, components);
  BOOST_TEST(first.added == 12);
  BOOST_TEST(first.present == 0);
  BOOST_TEST(Count(m.db, "component") == 12);
  BOOST_TEST(Count(m.db, "component_attribute") == 24);
  std::string rows = DumpCatalogRows(m.db);
  int64_t generation = Generation(m.db);

  sdb::ProvisionResult second = sdb::Provision(m.db, components);
  BOOST_TEST(second.added == 0);
  BOOST_TEST(second.present == 12);
  BOOST_TEST(DumpCatalogRows(m.db) == rows);
  BOOST_TEST(Generation(m.db) == generation);
  // Attribute ids follow the file's order: region before category.
  BOOST_TEST(rows.find("attribute 1 of 1 region=Region1\n"
                       "attribute 2 of 1 category=Cat1\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(present_means_same_name_and_a_superset_of_attributes) {
  struct Case {
    std::string yaml;
    int added;
  };
  const std::vector<Case> cases = {
      {"components: [{name: Auto Scaling, attributes: {region: EU-DE}}]", 0},
      {"components: [{name: Auto Scaling, attributes: {type: as, region: "
       "EU-DE, category: Compute}}]",
       0},
      {"components: [{name: Auto Scaling}]", 0},
      {"components: [{name: Auto Scaling, attributes: {region: EU-NL}}]", 1},
      {"components: [{name: Auto Scaling, attributes: {region: EU-DE, "
       "owner: x}}]",
       1},
      {"components: [{name: auto scaling, attributes: {region: EU-DE}}]", 1},
      {"components: [{name: Bare}]", 0},
      {"components: [{name: Bare, attributes: {region: EU-DE}}]", 1},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.yaml) {
      auto components = sdb::ParseCatalog(c.yaml, "case.yaml");
      MemoryDb provisioned;
      MemoryDb scripted;
      for (sdb::Database* db : {&provisioned.db, &scripted.db}) {
        db->Exec(
            "INSERT INTO component (id, name) VALUES (1, 'Auto Scaling');"
            "INSERT INTO component_attribute (component_id, name, value) VALUES"
            " (1, 'region', 'EU-DE'), (1, 'category', 'Compute'),"
            " (1, 'type', 'as');"
            "INSERT INTO component (id, name) VALUES (2, 'Bare');");
      }
      std::string before = DumpCatalogRows(provisioned.db);
      sdb::ProvisionResult result = sdb::Provision(provisioned.db, components);
      BOOST_TEST(result.added == c.added);
      BOOST_TEST(result.present == 1 - c.added);
      // The SQL script decides the same way.
      sdb::RunScript(scripted.db, sdb::CatalogSql(components));
      BOOST_TEST(DumpCatalogRows(scripted.db) ==
                 DumpCatalogRows(provisioned.db));
      // Existing rows are never changed: at most rows are appended.
      BOOST_TEST(DumpCatalogRows(provisioned.db).size() >= before.size());
      BOOST_TEST(Count(provisioned.db, "component") == 2 + c.added);
    }
  }
}

BOOST_AUTO_TEST_CASE(catalog_sql_twice_writes_nothing_the_second_time) {
  MemoryDb m;
  std::string sql =
      sdb::CatalogSql(sdb::ParseCatalog(kTestCatalog, "catalog-test.yaml"),
                      "bootstrap/catalog-test.yaml");
  BOOST_TEST(sql.find("BEGIN;\n") != std::string::npos);
  BOOST_TEST(sql.substr(sql.size() - 8) == "COMMIT;\n");
  BOOST_TEST(sql.find("catalog-test.yaml") != std::string::npos);
  BOOST_TEST(sql.find("bootstrap/catalog-test.yaml") == std::string::npos);
  BOOST_TEST(sql.find("UPDATE") == std::string::npos);
  BOOST_TEST(sql.find("DELETE") == std::string::npos);

  m.db.Exec(sql);
  BOOST_TEST(Count(m.db, "component") == 12);
  BOOST_TEST(Count(m.db, "component_attribute") == 24);
  std::string rows = DumpCatalogRows(m.db);
  int64_t generation = Generation(m.db);
  m.db.Exec(sql);
  BOOST_TEST(DumpCatalogRows(m.db) == rows);
  BOOST_TEST(Generation(m.db) == generation);
}

BOOST_AUTO_TEST_CASE(provision_and_catalog_sql_give_the_same_rows) {
  for (const char* yaml : {kTestCatalog, kTrickyCatalog}) {
    auto components = sdb::ParseCatalog(yaml, "catalog.yaml");
    MemoryDb provisioned;
    MemoryDb scripted;
    // Rows already there: one matching entry, one same-name other region,
    // one attribute-less component with a catalog name (must stay bare).
    for (sdb::Database* db : {&provisioned.db, &scripted.db}) {
      db->Exec(
          "INSERT INTO component (name) VALUES ('Component12');"
          "INSERT INTO component_attribute (component_id, name, value) VALUES"
          " (last_insert_rowid(), 'region', 'Region1');"
          "INSERT INTO component (name) VALUES ('Anti DDoS');"
          "INSERT INTO component_attribute (component_id, name, value) VALUES"
          " (last_insert_rowid(), 'region', 'EU-NL');"
          "INSERT INTO component (name) VALUES ('Component33');");
    }
    sdb::Provision(provisioned.db, components);
    sdb::RunScript(scripted.db, sdb::CatalogSql(components));
    BOOST_TEST(DumpCatalogRows(provisioned.db) == DumpCatalogRows(scripted.db));
    BOOST_TEST(Generation(provisioned.db) == Generation(scripted.db));
    // Running either again changes nothing.
    std::string rows = DumpCatalogRows(scripted.db);
    BOOST_TEST(sdb::Provision(scripted.db, components).added == 0);
    sdb::RunScript(provisioned.db, sdb::CatalogSql(components));
    BOOST_TEST(DumpCatalogRows(scripted.db) == rows);
    BOOST_TEST(DumpCatalogRows(provisioned.db) == rows);
  }
}

BOOST_AUTO_TEST_CASE(tricky_catalog_rows) {
  MemoryDb m;
  auto components = sdb::ParseCatalog(kTrickyCatalog, "tricky.yaml");
  sdb::ProvisionResult result = sdb::Provision(m.db, components);
  // The subset entry is present once the entry before it is added.
  BOOST_TEST(result.added == 7);
  BOOST_TEST(result.present == 1);
  BOOST_TEST(QueryInt(m.db,
                      "SELECT count(*) FROM component WHERE name ="
                      " 'Tom''s ''''quoted'''' service'") == 1);
  BOOST_TEST(QueryInt(m.db,
                      "SELECT count(*) FROM component_attribute WHERE value ="
                      " 'O''Hare; DROP TABLE component; --'") == 1);
  BOOST_TEST(QueryInt(m.db,
                      "SELECT count(*) FROM component c JOIN "
                      "component_attribute a ON a.component_id = c.id WHERE "
                      "c.name = 'Ünïcödé Dienst' AND a.value = 'Zürich'") == 1);
}

BOOST_AUTO_TEST_CASE(catalog_sql_rejects_nul) {
  std::vector<CatalogComponent> components = {{std::string("A\0B", 3), {}, 0}};
  BOOST_CHECK_THROW(sdb::CatalogSql(components), sdb::Error);
}

BOOST_AUTO_TEST_CASE(failing_provision_writes_nothing) {
  MemoryDb m;
  sdb::Provision(m.db, sdb::ParseCatalog(kTestCatalog, "catalog-test.yaml"));
  std::string rows = DumpCatalogRows(m.db);
  int64_t generation = Generation(m.db);
  // Built by hand, past the parser's checks: the schema rejects the third.
  std::vector<CatalogComponent> components = {
      {"New1", {{"region", "R"}}, 2},
      {"New2", {{"region", "R"}, {"category", "C"}}, 4},
      {"New3", {{"region", std::string(51, 'v')}}, 7},
  };
  try {
    sdb::Provision(m.db, components);
    BOOST_ERROR("Provision accepted a 51-character value");
  } catch (const sdb::Error& e) {
    BOOST_TEST(std::string(e.what()).find("component \"New3\" (line 7): ") ==
               0u);
  }
  BOOST_TEST(DumpCatalogRows(m.db) == rows);
  BOOST_TEST(Generation(m.db) == generation);
  // The connection is usable: no transaction was left open.
  BOOST_TEST(sqlite3_get_autocommit(m.db.handle()) != 0);
  BOOST_TEST(sdb::Provision(m.db, {components[0]}).added == 1);
}

BOOST_AUTO_TEST_CASE(failing_script_writes_nothing) {
  MemoryDb m;
  std::vector<CatalogComponent> components = {
      {"New1", {{"region", "R"}}, 0},
      {"New2", {{"region", std::string(51, 'v')}}, 0},
  };
  BOOST_CHECK_THROW(sdb::RunScript(m.db, sdb::CatalogSql(components)),
                    sdb::Error);
  BOOST_TEST(Count(m.db, "component") == 0);
  BOOST_TEST(sqlite3_get_autocommit(m.db.handle()) != 0);
}

BOOST_AUTO_TEST_CASE(purge_empties_every_data_table) {
  MemoryDb m;
  sdb::Provision(m.db, sdb::ParseCatalog(kTestCatalog, "catalog-test.yaml"));
  AddIncident(m.db, 1);
  AddIncident(m.db, 5);
  int64_t generation = Generation(m.db);
  std::string sql = sdb::PurgeSql();
  BOOST_TEST(sql.substr(0, 3) == "-- ");
  sdb::RunScript(m.db, sql);
  for (const char* table : {"incident_status", "incident_component_relation",
                            "incident", "component_attribute", "component"}) {
    BOOST_TEST_CONTEXT(table) { BOOST_TEST(Count(m.db, table) == 0); }
  }
  BOOST_TEST(Count(m.db, "data_generation") == 1);
  BOOST_TEST(Generation(m.db) > generation);
  BOOST_TEST(m.db.UserVersion() == sdb::Database::SchemaVersion());
  // Purging an empty database works too, and the catalog loads again.
  sdb::RunScript(m.db, sql);
  BOOST_TEST(
      sdb::Provision(m.db, sdb::ParseCatalog(kTestCatalog, "t.yaml")).added ==
      12);
}

BOOST_AUTO_TEST_SUITE_END()
