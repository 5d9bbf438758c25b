# Makefile for ts, the toolkit for telephone answering services.
# GNU make.  One hand-written file; no configure step.
#
#   make                 build everything into build/
#   make check           install missing packages (as root), build, run tests
#   make demo            the same, then run the demonstration
#   make DEVELOPER=1     add -Werror (CI uses it)
#   make SANITIZE=1      build with ASan and UBSan into build-san/
#   make fuzz            build the libFuzzer targets into build-fuzz/, run
#                        each FUZZ_SECONDS (tests/fuzz/README)
#   make install PREFIX=/usr DESTDIR=/tmp/pkg

VERSION := $(shell cat VERSION)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
DESTDIR ?=

PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
PROVE ?= prove
JOBS ?= 2

ifeq ($(SANITIZE),1)
B ?= build-san
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	    -fno-omit-frame-pointer
else
B ?= build
SAN_FLAGS =
endif

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wold-style-definition -Wwrite-strings -Wvla -Wpointer-arith \
       -Wformat-security -Wundef
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))

SQLITE_LIBS := $(call pc_libs,sqlite3,-lsqlite3)
CURL_LIBS := $(call pc_libs,libcurl,-lcurl)
ICAL_LIBS := $(call pc_libs,libical,-lical -licalss)
YAML_LIBS := $(call pc_libs,yaml-0.1,-lyaml)
CSV_LIBS := -lcsv	# Debian's libcsv-dev ships no .pc file
THREAD_LIBS := -lpthread
MATH_LIBS := -lm
ALL_LIBS = $(SQLITE_LIBS) $(CURL_LIBS) $(ICAL_LIBS) $(YAML_LIBS) $(CSV_LIBS) \
	   $(THREAD_LIBS) $(MATH_LIBS)

override CFLAGS += -std=c11 $(WARN) $(SAN_FLAGS) -MMD -MP
override CPPFLAGS += -D_DEFAULT_SOURCE -DTS_VERSION=\"$(VERSION)\" -iquote lib \
	$(call pc_cflags,sqlite3 libcurl libical yaml-0.1)
override LDFLAGS += $(SAN_FLAGS)

# The tools, and the system libraries each one links (mblaze style): a tool
# links only what it uses.
TOOLS := $(sort $(patsubst cmd/%.c,%,$(wildcard cmd/*.c)))
LIBS_ts = $(SQLITE_LIBS) $(CSV_LIBS) $(YAML_LIBS) $(MATH_LIBS)
LIBS_ts-import = $(SQLITE_LIBS) $(CSV_LIBS) $(YAML_LIBS) $(MATH_LIBS)
LIBS_ts-kpi = $(SQLITE_LIBS) $(CSV_LIBS) $(YAML_LIBS) $(THREAD_LIBS) $(MATH_LIBS)
LIBS_ts-route = $(SQLITE_LIBS) $(CSV_LIBS) $(YAML_LIBS) $(MATH_LIBS)
LIBS_ts-msg = $(SQLITE_LIBS) $(CSV_LIBS) $(CURL_LIBS) $(YAML_LIBS) $(MATH_LIBS)
LIBS_ts-agenda = $(SQLITE_LIBS) $(CSV_LIBS) $(CURL_LIBS) $(ICAL_LIBS) \
	$(YAML_LIBS) $(MATH_LIBS)
LIBS_ts-export = $(SQLITE_LIBS) $(CSV_LIBS) $(ICAL_LIBS) $(YAML_LIBS) \
	$(MATH_LIBS)
LIBS_ts-purge = $(SQLITE_LIBS) $(CSV_LIBS) $(ICAL_LIBS) $(YAML_LIBS) \
	$(MATH_LIBS)

LIB_SRC := $(sort $(wildcard lib/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:%.c=$(B)/%)
TOOL_BIN := $(TOOLS:%=$(B)/%)
# tests/tools/preload_*.c are LD_PRELOAD shims (shared objects), the other
# tests/tools/*.c test helper programs.
PRELOAD_SRC := $(sort $(wildcard tests/tools/preload_*.c))
PRELOAD_SO := $(PRELOAD_SRC:tests/tools/%.c=$(B)/tests/%.so)
HELPER_SRC := $(filter-out $(PRELOAD_SRC),$(sort $(wildcard tests/tools/*.c)))
HELPER_BIN := $(HELPER_SRC:tests/tools/%.c=$(B)/tests/%)
# The fuzz targets again, with tests/fuzz/replay.c as main, built by the
# normal compiler: they replay tests/data/fuzz/ in `make check`.
REPLAY_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN := $(REPLAY_SRC:tests/fuzz/%.c=$(B)/tests/fuzz/%)

all: $(TOOL_BIN) $(HELPER_BIN) $(PRELOAD_SO) $(REPLAY_BIN)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/libts.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(TOOL_BIN): $(B)/%: $(B)/cmd/%.o $(B)/libts.a
	$(CC) $(LDFLAGS) -o $@ $< $(B)/libts.a $(LIBS_$*)

$(UNIT_BIN): $(B)/tests/unit/%: $(B)/tests/unit/%.o $(B)/libts.a
	$(CC) $(LDFLAGS) -o $@ $< $(B)/libts.a $(ALL_LIBS)

$(HELPER_BIN): $(B)/tests/%: $(B)/tests/tools/%.o $(B)/libts.a
	$(CC) $(LDFLAGS) -o $@ $< $(B)/libts.a $(ALL_LIBS)

# Without the sanitizers: a shim preloaded before ASan's runtime cannot
# work, and the fault tests skip under SANITIZE=1.
$(PRELOAD_SO): $(B)/tests/%.so: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -std=c11 $(WARN) -O2 -g -fPIC -shared -o $@ $< -ldl

$(REPLAY_BIN): $(B)/tests/fuzz/%: $(B)/tests/fuzz/%.o \
    $(B)/tests/fuzz/replay.o $(B)/libts.a
	$(CC) $(LDFLAGS) -o $@ $< $(B)/tests/fuzz/replay.o $(B)/libts.a \
	    $(ALL_LIBS)

unit: $(UNIT_BIN)

# ---- fuzzing ---------------------------------------------------------------

# Every tests/fuzz/fuzz_*.c is a libFuzzer target, built with clang into
# build-fuzz/ against the library compiled for coverage, ASan and UBSan.
# `make fuzz` runs each one FUZZ_SECONDS (all, or those named in FUZZ=...)
# with its seed corpus from tests/data/ (tests/fuzz/run.sh, README there).
FUZZ_CC ?= clang
FB := build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	   -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -g -O1 $(WARN) $(FUZZ_SAN) -MMD -MP
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(FB)/%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FB)/%.o)

$(FB)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    -c -o $@ $<

$(FB)/libts.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(FUZZ_LIB_OBJ)

$(FB)/fuzz_%: tests/fuzz/fuzz_%.c $(FB)/libts.a
	$(FUZZ_CC) $(CPPFLAGS) -iquote tests/fuzz $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer -o $@ $< $(FB)/libts.a $(ALL_LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ)

# ---- tests -----------------------------------------------------------------

# TS_NO_DEPS=1 skips the package check (for machines without dpkg or apt).
check: $(if $(TS_NO_DEPS),,deps) all unit
	TS_BUILD=$(abspath $(B)) $(PROVE) -j$(JOBS) $(PROVE_FLAGS) \
	    $(UNIT_BIN) tests/t[0-9]*.sh </dev/null

demo: $(if $(TS_NO_DEPS),,deps) all
	TS_BUILD=$(abspath $(B)) sh examples/demo.sh

bench: all
	TS_BUILD=$(abspath $(B)) sh tests/bench/run.sh $(BENCH)

lint:
	mandoc -Tlint -W warning man/*.[157]
	shellcheck -s sh -e SC1091 tests/lib.sh tests/t[0-9]*.sh examples/*.sh \
	    tests/fuzz/run.sh tests/ops.sh tests/lib-caldav.sh \
	    examples/demo.d/*.sh tests/bench/*.sh
	shellcheck -s bash completions/ts.bash .ci/run

# ---- dependencies ----------------------------------------------------------

# Debian 12 packages: to build, and to run every test and benchmark.
DEBS_BUILD = gcc make pkg-config libsqlite3-dev libcsv-dev \
	libcurl4-openssl-dev libical-dev libyaml-dev
DEBS_TEST = perl sqlite3 python3 python3-aiosmtpd python3-radicale radicale \
	apache2-utils curl openssl khal calcurse mandoc shellcheck valgrind \
	faketime chromium miller gawk mawk hyperfine clang libclang-rt-14-dev \
	libfiu-dev fiu-utils kannel kannel-extras tzdata zsh fish \
	calypso xandikos git
DEBS = $(DEBS_BUILD) $(DEBS_TEST)

deps:
	@command -v dpkg-query >/dev/null 2>&1 || { \
	    echo "deps: no dpkg-query; install the packages listed in README by hand"; \
	    exit 0; }; \
	installed=" $$(dpkg-query -W -f='$${db:Status-Abbrev} $${Package}\n' \
	    $(DEBS) 2>/dev/null | awk '$$1 == "ii" { printf "%s ", $$2 }')"; \
	missing=; for p in $(DEBS); do \
	    case "$$installed" in *" $$p "*) ;; *) missing="$$missing $$p" ;; esac; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" -ne 0 ]; then \
	    echo "missing packages; as root run:"; \
	    echo "  apt-get install --no-install-recommends" $$missing; \
	    exit 1; \
	fi; \
	echo "installing:" $$missing; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install \
	    -y -qq --no-install-recommends $$missing >/dev/null

# ---- installation ----------------------------------------------------------

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR)
	install -m 0755 $(TOOL_BIN) $(DESTDIR)$(BINDIR)
	install -m 0644 man/*.1 $(DESTDIR)$(MANDIR)/man1
	install -m 0644 man/*.5 $(DESTDIR)$(MANDIR)/man5
	install -m 0644 man/*.7 $(DESTDIR)$(MANDIR)/man7
	for t in $(TOOLS); do \
	    install -m 0644 completions/ts.bash $(DESTDIR)$(BASHCOMPDIR)/$$t; \
	    install -m 0644 completions/ts.fish $(DESTDIR)$(FISHCOMPDIR)/$$t.fish; \
	done
	install -m 0644 completions/_ts $(DESTDIR)$(ZSHCOMPDIR)/_ts

uninstall:
	for t in $(TOOLS); do \
	    rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(BASHCOMPDIR)/$$t \
		$(DESTDIR)$(FISHCOMPDIR)/$$t.fish; \
	done
	for m in man/*.[157]; do \
	    s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; \
	done
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_ts

clean:
	rm -rf build build-san build-fuzz tests/tmp

.PHONY: all unit check demo bench lint deps install uninstall clean \
	fuzz fuzz-build

-include $(shell find $(B) -name '*.d' 2>/dev/null)
-include $(shell find $(FB) -name '*.d' 2>/dev/null)
