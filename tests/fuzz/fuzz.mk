# libFuzzer targets (tests/fuzz/*_fuzz.cc), built with clang and run by
# tests/fuzz/run.sh. Included by the Makefile, whose variables it reuses
# (CXXFLAGS_BASE, LDLIBS, LIB_SRCS, VARNAMES, build/gen/migrations.cc).
#   make fuzz-build                 every target into build/fuzz/bin/
#   make fuzz [FUZZ_SECONDS=60]     runs each target on a copy of its corpus
# The lib objects are compiled again with clang and the fuzzer's
# instrumentation into build/fuzz/ (never mixed with the g++ objects).

FUZZ_CXX     ?= clang++
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FZ := build/fuzz
FUZZ_SRCS := $(wildcard tests/fuzz/*_fuzz.cc)
FUZZ_NAMES := $(patsubst tests/fuzz/%_fuzz.cc,%,$(FUZZ_SRCS))
FUZZ_BINS := $(patsubst %,$(FZ)/bin/%_fuzz,$(FUZZ_NAMES))
FUZZ_LIB_OBJS := $(patsubst lib/%.cc,$(FZ)/lib/%.o,$(LIB_SRCS)) $(FZ)/gen/migrations.o

# -fno-sanitize-recover: a UBSan report ends the run, so it counts as a
# crash. -fsanitize=fuzzer-no-link: coverage feedback without libFuzzer's
# main (only the targets link it).
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CXXFLAGS := $(CXXFLAGS_BASE) -O1 -g -fno-omit-frame-pointer \
                 $(FUZZ_SAN) -fsanitize=fuzzer-no-link

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	@tests/fuzz/run.sh --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

$(FZ)/lib/%.o: lib/%.cc | $(VARNAMES)
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -c $< -o $@

$(FZ)/gen/migrations.o: build/gen/migrations.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -c $< -o $@

$(FZ)/libsdb.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(FZ)/obj/%_fuzz.o: tests/fuzz/%_fuzz.cc | $(VARNAMES)
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -c $< -o $@

$(FZ)/bin/%_fuzz: $(FZ)/obj/%_fuzz.o $(FZ)/libsdb.a
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer $< $(FZ)/libsdb.a $(LDLIBS) -o $@
