# mingjing — plain GNU Make with pkg-config.
#
#   make            build ./mingjing
#   make run        build, create demo.db when absent, serve the web app on :8080
#   make test       build and run every test (installs what tests need)
#   make asan       the same tests under AddressSanitizer + UBSan
#   make fuzz       run every libFuzzer target for FUZZ_SECONDS each
#   make bench      run the benchmarks in bench/
#   make crashtest  kill CLI writers, then the server under API writes, with
#                   SIGKILL 200 times each; check nothing acknowledged is lost
#   make loadtest   wrk against the served 500-team demo, with slow clients
#
# Sources are found by folder, so adding a file needs no edit here:
#   src/util src/core src/store src/web src/cli -> one static library
#   src/cli/main.c                               -> ./mingjing
#   tests/unit/test_*.c                          -> one cmocka binary each
#   fuzz/fuzz_*.c                                -> one libFuzzer binary each
#   bench/bench_*.c                              -> one benchmark binary each

BUILD   ?= build
CC      ?= cc
PKGS    := sqlite3 libmicrohttpd jansson libsodium libutf8proc libxxhash libzip libxml-2.0 xlsxwriter libpq
OPT     ?= -O2
WARN    := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wformat=2 -Wno-format-nonliteral
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) -g $(WARN) -Isrc \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(SANFLAGS) $(EXTRA_CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread $(SANFLAGS)

ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

LIB_SRC  := $(wildcard src/util/*.c src/core/*.c src/store/*.c src/web/*.c) \
            $(filter-out src/cli/main.c,$(wildcard src/cli/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/static_files.o
LIB      := $(BUILD)/libmingjing.a
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRC:= $(wildcard bench/bench_*.c)
BENCH_BIN:= $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
HDRS     := $(wildcard src/*/*.h)

.PHONY: all deps deps-test run test asan fuzz bench clean crashtest
all: ./mingjing

deps:
	@sh scripts/deps.sh run
deps-test:
	@sh scripts/deps.sh test

$(BUILD)/%.o: %.c $(HDRS) | deps
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

# web/static/ is embedded in the binary: scripts/embed.sh writes one C file.
STATIC_FILES := $(shell find web/static -type f 2>/dev/null)
$(BUILD)/gen/static_files.c: scripts/embed.sh $(STATIC_FILES) $(wildcard web/static)
	@sh scripts/embed.sh web/static $@
$(BUILD)/gen/static_files.o: $(BUILD)/gen/static_files.c src/web/api.h | deps
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/mingjing: $(BUILD)/src/cli/main.o $(LIB)
	$(CC) -o $@ $^ $(LDLIBS_ALL)

./mingjing: $(BUILD)/mingjing
	cp $< $@

$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(HDRS) $(wildcard tests/unit/*.h) | deps-test
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests -o $@ $< $(LIB) $(LDLIBS_ALL) -lcmocka

$(BUILD)/bench/%: bench/%.c $(LIB) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LIB) $(LDLIBS_ALL)

run: ./mingjing
	@test -f demo.db || ./mingjing --db demo.db demo || { rm -f demo.db demo.db-wal demo.db-shm; exit 1; }
	@sh scripts/demo-accounts.sh ./mingjing demo.db
	./mingjing --db demo.db serve --listen $(or $(LISTEN),127.0.0.1:8080)

test: deps-test $(BUILD)/mingjing $(UNIT_BIN) $(if $(filter build,$(BUILD)),./mingjing)
	@sh tests/run.sh $(BUILD)

crashtest: $(BUILD)/mingjing
	MINGJING=$(BUILD)/mingjing bash tests/crash/crashtest.sh $(or $(KILLS),200)
	MINGJING=$(BUILD)/mingjing bash tests/crash/crashtest_serve.sh $(or $(KILLS),200)

# Load test (bench/loadtest.sh): wrk, 64 connections, 60 s of mixed API traffic
# on the demo scaled to 500 teams, then slow clients; about 3 minutes.
.PHONY: loadtest
loadtest: $(BUILD)/mingjing
	@sh scripts/deps.sh bench
	bash bench/loadtest.sh --build $(BUILD)

asan:
	$(MAKE) BUILD=build-asan SAN=1 OPT=-O1 test

# libFuzzer targets: clang, sanitizers, the library rebuilt with coverage.
FUZZ_SECONDS ?= 20
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
fuzz: deps-test
	$(MAKE) BUILD=build-fuzz CC=clang OPT=-O1 \
	  SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
	  build-fuzz/libmingjing.a
	@fail=0; for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang $(CFLAGS_ALL) -fsanitize=fuzzer,address,undefined -o build-fuzz/$$n $$f build-fuzz/libmingjing.a $(LDLIBS_ALL) || exit 1; \
	  mkdir -p fuzz/corpus/$$n fuzz/out/$$n; \
	  echo "== $$n ($(FUZZ_SECONDS)s)"; \
	  build-fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -artifact_prefix=fuzz/out/ fuzz/out/$$n fuzz/corpus/$$n >fuzz/out/$$n.log 2>&1; \
	  rc=$$?; grep -E '^(Done|SUMMARY)' fuzz/out/$$n.log; \
	  if [ $$rc -ne 0 ]; then fail=1; echo "!! $$n found a problem: see fuzz/out/$$n.log"; grep -A20 '^==' fuzz/out/$$n.log | head -40; fi; \
	done; exit $$fail

bench: $(BUILD)/mingjing $(BENCH_BIN)
	@set -e; for b in $(BENCH_BIN); do echo "== $$b"; $$b; done
	@for s in bench/*.sh; do [ -f "$$s" ] && sh "$$s" $(BUILD) || true; done

clean:
	rm -rf build build-asan build-fuzz mingjing
