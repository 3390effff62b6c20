# Status Dashboard build. `make` builds the programs, `make run` starts the
# development stack, `make test` builds with sanitizers and runs every suite.
# Every target that needs packages calls `deps` first.

PREFIX      ?= /usr
SYSCONFDIR  ?= /etc
LOCALSTATEDIR ?= /var
DESTDIR     ?=
PORT        ?= 8080
RUNDIR      ?= run
CATALOG     ?= bootstrap/catalog-test.yaml
# Processes per program in `make run` (multiwatch keeps them alive).
WORKERS     ?= 2

PKGS        := fcgi cgicc libctemplate sqlite3 hiredis yaml-cpp libcurl libxxhash
CXX         ?= g++
# -Wno-missing-field-initializers: C++20 designated and partial aggregate
# initialisation with member defaults is the intended style.
CXXFLAGS_BASE := -std=c++20 -Wall -Wextra -Werror -Wno-missing-field-initializers -MMD -MP -Ilib -Ibuild/gen -Ibuild/gen/templates -DUSE_OS_TZDB=1 \
                 $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS      := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -ldate-tz -lcrypto

# Two build variants: release (optimised, for running) and test
# (AddressSanitizer + UBSan, for `make test`).
VARIANT ?= release
ifeq ($(VARIANT),test)
  OPTFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
else
  OPTFLAGS := -O2 -g
endif
BUILDDIR ?= build/$(VARIANT)
B := $(BUILDDIR)

LIB_SRCS  := $(wildcard lib/*/*.cc)
LIB_OBJS  := $(patsubst lib/%.cc,$(B)/lib/%.o,$(LIB_SRCS)) $(B)/gen/migrations.o
PROGRAMS  := $(patsubst cgi-bin/%.cc,%,$(wildcard cgi-bin/*.cc))
# Programs that are not FastCGI: the admin tool and the notify worker.
ADMIN     := sdb-admin
BINS      := $(addprefix $(B)/bin/,$(PROGRAMS) $(ADMIN))
UNIT_SRCS := $(wildcard tests/unit/*.cc tests/unit/*/*.cc)
UNIT_OBJS := $(patsubst tests/unit/%.cc,$(B)/unit/%.o,$(UNIT_SRCS))
MIGRATIONS := $(sort $(wildcard sql/[0-9][0-9][0-9][0-9]_*.sql))
TEMPLATES := $(wildcard templates/*.tpl)
# ctemplate's own key headers: a StaticTemplateString for every name a
# template uses (kb_INCIDENT_ID for board.tpl...), checked and hashed at
# build time; the fill code of a page includes its template's header.
VARNAMES  := $(patsubst templates/%.tpl,build/gen/templates/%.tpl.varnames.h,$(TEMPLATES))
# Kept between builds (make would delete them as intermediate files).
.SECONDARY: $(VARNAMES)

.PHONY: all deps build run test install uninstall clean unit-tests bench
all: deps
	@$(MAKE) --no-print-directory -j$(shell nproc) build

build: $(BINS)

# Installs every missing Debian package the project needs (idempotent).
deps:
	@tools/install-deps.sh

build/gen/templates/%.tpl.varnames.h: templates/%.tpl
	@mkdir -p $(dir $@)
	ctemplate-make_tpl_varnames_h -q -t templates -f $@.tmp $*.tpl && mv $@.tmp $@

$(B)/lib/%.o: lib/%.cc | $(VARNAMES)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_BASE) $(OPTFLAGS) -c $< -o $@

# sql/*.sql compiled in, so a program and its schema always agree.
build/gen/migrations.cc: $(MIGRATIONS) tools/embed-migrations.sh
	@mkdir -p $(dir $@)
	tools/embed-migrations.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/gen/migrations.o: build/gen/migrations.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_BASE) $(OPTFLAGS) -c $< -o $@

$(B)/libsdb.a: $(LIB_OBJS)
	ar rcs $@ $^

$(B)/cgi-bin/%.o: cgi-bin/%.cc | $(VARNAMES)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_BASE) $(OPTFLAGS) -c $< -o $@

$(B)/admin/%.o: admin/%.cc | $(VARNAMES)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_BASE) $(OPTFLAGS) -c $< -o $@

$(B)/bin/%: $(B)/cgi-bin/%.o $(B)/libsdb.a
	@mkdir -p $(dir $@)
	$(CXX) $(OPTFLAGS) $< $(B)/libsdb.a $(LDLIBS) -o $@

$(B)/bin/sdb-admin: $(B)/admin/sdb-admin.o $(B)/libsdb.a
	@mkdir -p $(dir $@)
	$(CXX) $(OPTFLAGS) $< $(B)/libsdb.a $(LDLIBS) -o $@

$(B)/bin/notify: $(B)/admin/notify.o $(B)/libsdb.a
	@mkdir -p $(dir $@)
	$(CXX) $(OPTFLAGS) $< $(B)/libsdb.a $(LDLIBS) -o $@

$(B)/unit/%.o: tests/unit/%.cc | $(VARNAMES)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_BASE) $(OPTFLAGS) -Itests/unit -DBOOST_TEST_DYN_LINK -c $< -o $@

$(B)/unit_tests: $(UNIT_OBJS) $(B)/libsdb.a
	$(CXX) $(OPTFLAGS) $(UNIT_OBJS) $(B)/libsdb.a $(LDLIBS) -lboost_unit_test_framework -o $@

unit-tests: $(B)/unit_tests

# Starts Redis, the programs and nginx on 127.0.0.1:$(PORT); Ctrl-C stops all.
run: all
	tools/devstack.sh --port $(PORT) --rundir $(RUNDIR) --catalog $(CATALOG) --bin build/release/bin --workers $(WORKERS)

# Builds everything with sanitizers and runs every suite; the last line is
# "N passed, N failed".
# TEST_BUILDDIR lets parallel work trees or engineers keep separate objects.
TEST_BUILDDIR ?= build/test
test: deps
	@$(MAKE) --no-print-directory -j$(shell nproc) VARIANT=test BUILDDIR=$(TEST_BUILDDIR) \
	  build unit-tests $(TEST_BUILDDIR)/tools/bench-post fuzz-build \
	  || { echo "FAIL the test build"; echo "0 passed, 1 failed"; exit 1; }
	@tests/run.sh $(TEST_BUILDDIR)

# Load figures for every page and the API next to the static-file ceiling,
# the write path, memory and callgrind counts; writes bench/results.md.
# BENCH_BUILDDIR keeps the optimised bench build apart; BENCH_ARGS go to
# tools/bench.sh (e.g. --quick, --runs 5).
BENCH_BUILDDIR ?= build/bench
BENCH_ARGS ?=
bench: deps
	@$(MAKE) --no-print-directory -j$(shell nproc) VARIANT=release BUILDDIR=$(BENCH_BUILDDIR) build $(BENCH_BUILDDIR)/tools/bench-post
	tools/bench.sh --bin $(BENCH_BUILDDIR)/bin $(BENCH_ARGS)

$(B)/tools/bench-post: tools/bench-post.cc
	@mkdir -p $(dir $@)
	$(CXX) -std=c++20 -Wall -Wextra -Werror -O2 -pthread $< -o $@

SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR    ?= $(PREFIX)/lib/sysusers.d
INSTALL_ENV := DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" SYSCONFDIR="$(SYSCONFDIR)" \
  LOCALSTATEDIR="$(LOCALSTATEDIR)" SYSTEMDUNITDIR="$(SYSTEMDUNITDIR)" SYSUSERSDIR="$(SYSUSERSDIR)"

# Lays out the build ($(B), the release build unless BUILDDIR says otherwise)
# under FHS paths: programs in $(PREFIX)/lib/status-dashboard, sdb-admin in
# $(PREFIX)/bin, data files and the nginx and Apache configs in
# $(PREFIX)/share/status-dashboard, systemd units, the configuration in
# $(SYSCONFDIR)/status-dashboard (an existing one is kept) and the database
# directory. Records what it created in share/status-dashboard/install-manifest.
install: all
	@$(INSTALL_ENV) tools/install.sh install $(B)/bin

# Removes exactly what install created (from its manifest); keeps an edited
# configuration and the database.
uninstall:
	@$(INSTALL_ENV) tools/install.sh uninstall

clean:
	rm -rf build

include tests/fuzz/fuzz.mk

-include $(shell find build -name '*.d' 2>/dev/null)
