# npecho: packet generator and remote-sniffer echo tool.
#
#   make            build build/npecho
#   make check      install missing Debian packages, build, run every test
#   make demo       install, build, run an echo session through a NAT lab
#   make asan       build build/asan/npecho and the unit tests with ASan+UBSan
#   make fuzz       build the libFuzzer targets and run each FUZZ_SECONDS (60)
#   make bench      print the benchmark tables
#   make install    PREFIX=/usr/local DESTDIR= SETCAP=1
#
# V=1 shows the full compiler lines.  SANITIZE=address,undefined adds
# sanitizers to the normal build.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CC ?= cc
CLANG ?= clang
PKG_CONFIG ?= pkg-config
FUZZ_SECONDS ?= 60
VERSION := 0.1.0

CFLAGS ?= -O2 -g
PKGS := libpcap libcrypto libevent_core libseccomp
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lpcap -lcrypto -levent_core -lseccomp) -pthread
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wcast-qual -Wno-unused-parameter
override CFLAGS += -std=c11 -D_GNU_SOURCE -Isrc -DNPECHO_VERSION=\"$(VERSION)\" \
	$(WARN) -MMD -MP $(PKG_CFLAGS)
ifneq ($(SANITIZE),)
override CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
override LDFLAGS += -fsanitize=$(SANITIZE)
endif
ifeq ($(CI),true)
override CFLAGS += -Werror
endif

BUILD ?= build
LIB_SRC := $(filter-out src/main.c,$(wildcard src/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/src/main.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
HELPER_SRC := $(wildcard tests/helpers/*.c)
HELPER_BIN := $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/helpers/%)

ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n'
endif

.PHONY: all check demo asan tsan fuzz fuzz-build bench install clean deps unit \
	netns soak tests helpers

all: $(BUILD)/npecho

$(BUILD)/npecho: $(MAIN_OBJ) $(BUILD)/libnpecho.a
	$(say) LINK $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/libnpecho.a: $(LIB_OBJ)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libnpecho.a
	@mkdir -p $(dir $@)
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS) -Itests -DNPECHO_SHARED=\"$(abspath ../shared)\" \
		-DNPECHO_TOP=\"$(abspath .)\" $(LDFLAGS) -o $@ $< \
		$(BUILD)/libnpecho.a $(CMOCKA_LIBS) $(PKG_LIBS) -lm

$(BUILD)/helpers/%: tests/helpers/%.c $(BUILD)/libnpecho.a
	@mkdir -p $(dir $@)
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS) -fPIC -o $@ $< $(BUILD)/libnpecho.a $(PKG_LIBS) -lm

tests: $(UNIT_BIN)
helpers: $(HELPER_BIN)

# The sanitizer build lives in its own tree so it never mixes objects.
asan:
	$(MAKE) BUILD=build/asan SANITIZE=address,undefined all tests helpers

# ThreadSanitizer, for the code two threads share: the capture thread's
# queue (server/capq.c), with its producer/consumer test.
TSAN_BIN := build/tsan/tests/test_capq
tsan: $(TSAN_BIN)

build/tsan/tests/test_capq: tests/unit/test_capq.c src/server/capq.c src/util/err.c
	@mkdir -p $(dir $@)
	$(say) TSAN $@
	$(Q)$(CC) -std=c11 -D_GNU_SOURCE -Isrc -Itests -O1 -g -fsanitize=thread \
		-o $@ $^ $(CMOCKA_LIBS) -pthread

deps:
	@sh scripts/deps.sh

# check: everything, once, ending with the plain "N passed, N failed" line.
check: deps
	$(MAKE) all tests helpers
	$(MAKE) asan
	$(MAKE) tsan
	$(MAKE) fuzz-build
	@sh tests/run.sh

demo: deps
	$(MAKE) all
	@sh scripts/demo.sh

unit: tests
	@NPECHO_UNIT_ONLY=1 BUILD=$(BUILD) sh tests/run.sh

# libFuzzer: the library is compiled again with clang and coverage hooks.
FUZZ_BUILD := build/fuzz
FUZZ_CFLAGS := -g -O1 -std=c11 -D_GNU_SOURCE -Isrc -DNPECHO_VERSION=\"$(VERSION)\" -MMD -MP \
	-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/%)

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CLANG $@
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/libnpecho.a: $(FUZZ_LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_BUILD)/libnpecho.a
	$(say) FUZZ $@
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_BUILD)/libnpecho.a $(PKG_LIBS) -lm

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_BIN)

bench: all
	@sh bench/run.sh

netns:
	@sh tests/netns/selftest.sh

# soak: the echo server for SOAK_SECONDS (600) under steady client churn.
soak: all
	@sh scripts/soak.sh

COMPDIR ?= $(PREFIX)/share/bash-completion/completions
UNITDIR ?= $(PREFIX)/lib/systemd/system

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(COMPDIR) $(DESTDIR)$(UNITDIR)
	install -m 0755 $(BUILD)/npecho $(DESTDIR)$(BINDIR)/npecho
	install -m 0644 doc/npecho.1 $(DESTDIR)$(MANDIR)/man1/npecho.1
	install -m 0644 contrib/npecho.bash $(DESTDIR)$(COMPDIR)/npecho
	sed 's|/usr/local/bin/npecho|$(BINDIR)/npecho|g' contrib/npecho-echo.service \
		>$(DESTDIR)$(UNITDIR)/npecho-echo.service
	if [ "$(SETCAP)" = 1 ]; then \
		setcap cap_net_raw,cap_net_admin+ep $(DESTDIR)$(BINDIR)/npecho; fi

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
