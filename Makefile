# sluice - a streaming SQL engine. `make` builds ./sluice, `make test` runs every test
# (plain, then under AddressSanitizer and UndefinedBehaviorSanitizer), `make run` runs
# the demo, `make bench` the benchmarks. `make deps` installs missing Debian packages.

CC      ?= gcc
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS_ALL = -std=c11 -D_GNU_SOURCE -I. -I$(BUILD)/parser $(WARN)
LDLIBS  := -lxxhash -ledit -lm

BUILD   ?= build
LEMPAR  := /usr/share/lemon/lempar.c

MODULES := common catalog parser planner exec connectors shell
LIB_SRCS := $(filter-out shell/main.c,$(foreach m,$(MODULES),$(wildcard $(m)/*.c)))
LIB_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRCS)) $(BUILD)/parser/parse.o
MAIN_OBJ := $(BUILD)/shell/main.o
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(UNIT_SRCS))

.PHONY: all deps test check unit sqltest asan run bench fuzz clean format

all: deps $(BUILD)/sluice
	@ln -sf $(BUILD)/sluice sluice

# ---- Debian packages --------------------------------------------------------------
# Installs what is missing, once; a stamp file remembers that everything was there.
DEPS_STAMP := $(BUILD)/.deps-ok
deps: $(DEPS_STAMP)
$(DEPS_STAMP):
	@./.ci/install-deps
	@mkdir -p $(BUILD) && touch $@

# ---- the binary -------------------------------------------------------------------
$(BUILD)/sluice: $(LIB_OBJS) $(MAIN_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c | $(DEPS_STAMP) $(BUILD)/parser/parse.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# The grammar: lemon writes parse.c and parse.h; any conflict fails the build.
$(BUILD)/parser/parse.c $(BUILD)/parser/parse.h &: parser/parse.y | $(DEPS_STAMP)
	@mkdir -p $(BUILD)/parser
	cp parser/parse.y $(BUILD)/parser/parse.y
	cd $(BUILD)/parser && lemon -s -T$(LEMPAR) parse.y > lemon.log 2>&1 || \
	    { cat lemon.log; rm -f parse.c parse.h; echo "lemon: grammar has conflicts or errors"; exit 1; }
	@if grep -Eq 'parsing conflicts|conflicts\.+ +[1-9]' $(BUILD)/parser/lemon.log; then cat $(BUILD)/parser/lemon.log; \
	    rm -f $(BUILD)/parser/parse.c; exit 1; fi

$(BUILD)/parser/parse.o: $(BUILD)/parser/parse.c
	$(CC) $(CPPFLAGS_ALL) -Wno-unused-parameter -Wno-missing-prototypes -Wno-shadow \
	    $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# ---- tests ------------------------------------------------------------------------
$(BUILD)/test_unit: $(UNIT_OBJS) $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcunit

unit: deps $(BUILD)/test_unit
	$(BUILD)/test_unit

sqltest: all
	SLUICE=$(BUILD)/sluice tests/sql/run-tests

# `check` is one plain pass; `test` adds the sanitizer pass and ends with CUnit's
# summary of it.
check: deps $(BUILD)/sluice $(BUILD)/test_unit
	@ln -sf $(BUILD)/sluice sluice
	SLUICE=$(BUILD)/sluice tests/sql/run-tests
	tests/shell/run-tests $(BUILD)/sluice
	tests/nexmark/run-tests $(BUILD)/sluice
	$(BUILD)/test_unit

test: check
	$(MAKE) asan

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined
asan: deps
	$(MAKE) BUILD=build-asan CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" \
	    build-asan/sluice build-asan/test_unit
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	    SLUICE=build-asan/sluice tests/sql/run-tests
	ASAN_OPTIONS=detect_leaks=1 tests/shell/run-tests build-asan/sluice
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 tests/nexmark/run-tests build-asan/sluice
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build-asan/test_unit

# ---- demo, benchmarks, fuzzing ----------------------------------------------------
run: all
	./sluice -f sql-examples/demo.sql

bench: all
	bench/run-bench

fuzz: deps
	tests/fuzz/run-fuzz

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-fuzz sluice

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
