/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for output/sink.h: what each mode prints, the pcapng tap's
 * interfaces (one per name and link type) and comments, error events.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "output/sink.h"
#include "util/wire.h"

/* Reads path into a malloc'd buffer; *len its size. */
static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = malloc(1 << 16);

	assert_non_null(f);
	assert_non_null(b);
	*len = fread(b, 1, 1 << 16, f);
	fclose(f);
	return b;
}

/* Counts blocks of type bt in a big-endian pcapng file (walking every
 * block checks the lengths chain up to the end of the file). */
static unsigned
count_blocks(const uint8_t *b, size_t len, uint32_t bt)
{
	size_t off = 0;
	unsigned n = 0;

	while (off + 12 <= len) {
		uint32_t t = get_be32(b + off), bl = get_be32(b + off + 4);

		assert_true(bl >= 12 && off + bl <= len);
		n += t == bt;
		off += bl;
	}
	assert_int_equal(off, len);
	return n;
}

static int
has_bytes(const uint8_t *b, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(b + i, s, n))
			return 1;
	return 0;
}

static void
test_tap_interfaces_and_comments(void **state)
{
	char path[] = "/tmp/test_sink_XXXXXX";
	const uint8_t pkt[20] = { 0x45, 0, 0, 20 };
	struct errbuf eb = { { 0 } };
	struct config cfg;
	struct out_sink *s;
	uint8_t *b;
	size_t len;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	memset(&cfg, 0, sizeof(cfg));
	cfg.pcap_file = path;
	s = sink_new(&cfg, 0, &eb);
	assert_non_null(s);
	assert_true(sink_tapping(s));
	assert_false(sink_json(s));
	sink_tap(s, "sent", PCAPNG_LINKTYPE_RAW, 1000, pkt, sizeof(pkt),
		 sizeof(pkt), "probe 1");
	sink_tap(s, "rcvd", sink_linktype(1), 2000, pkt, sizeof(pkt),
		 sizeof(pkt), "probe 1");
	sink_tap(s, "sent", PCAPNG_LINKTYPE_RAW, 3000, pkt, sizeof(pkt),
		 sizeof(pkt), "probe 2");
	/* Same name, other link type: a new interface. */
	sink_tap(s, "sent", PCAPNG_LINKTYPE_ETHERNET, 4000, pkt, sizeof(pkt),
		 sizeof(pkt), NULL);
	assert_int_equal(sink_free(s), 0);
	b = slurp(path, &len);
	assert_int_equal(count_blocks(b, len, PCAPNG_BT_IDB), 3);
	assert_int_equal(count_blocks(b, len, PCAPNG_BT_EPB), 4);
	assert_true(has_bytes(b, len, "probe 2"));
	assert_true(has_bytes(b, len, "rcvd"));
	free(b);
	unlink(path);
}

static void
test_tap_off_and_bad_path(void **state)
{
	struct errbuf eb = { { 0 } };
	struct config cfg;
	struct out_sink *s;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	s = sink_new(&cfg, 0, &eb);
	assert_non_null(s);
	assert_false(sink_tapping(s));
	sink_tap(s, "sent", 1, 0, (const uint8_t *)"x", 1, 1, NULL);
	assert_int_equal(sink_free(s), 0);
	cfg.pcap_file = (char *)"/nonexistent-dir/x.pcapng";
	assert_null(sink_new(&cfg, 0, &eb));
	assert_true(eb.msg[0] != '\0');
	assert_int_equal(sink_free(NULL), 0);
}

static void
test_wants(void **state)
{
	struct errbuf eb = { { 0 } };
	struct config cfg;
	struct out_sink *s;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.verbosity = -1;
	s = sink_new(&cfg, 0, &eb);
	assert_false(sink_wants(s, LINE_RCVD));   /* -q: text says nothing */
	sink_free(s);
	cfg.json = 1;
	s = sink_new(&cfg, 0, &eb);
	assert_true(sink_wants(s, LINE_RCVD));    /* JSON: every packet */
	assert_true(sink_wants(s, LINE_SENT));
	sink_free(s);
	cfg.hide_sent = 1;
	s = sink_new(&cfg, 0, &eb);
	assert_false(sink_wants(s, LINE_SENT));   /* -H hides sent */
	assert_true(sink_wants(s, LINE_CAPT));
	sink_free(s);
	assert_false(sink_wants(NULL, LINE_SENT));
	assert_int_equal(sink_linktype(12), PCAPNG_LINKTYPE_RAW);
	assert_int_equal(sink_linktype(1), PCAPNG_LINKTYPE_ETHERNET);
	assert_int_equal(sink_linktype(113), 113);
}

/* JSON mode: a packet event and an error event, each one line on stdout. */
static void
test_json_lines(void **state)
{
	char path[] = "/tmp/test_sink_out_XXXXXX";
	const uint8_t ip[28] = { 0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0,
				 10, 0, 0, 1, 10, 0, 0, 2, 0x30, 0x39, 0, 53,
				 0, 8, 0, 0 };
	struct errbuf eb = { { 0 } };
	struct config cfg;
	struct out_sink *s;
	struct sink_pkt e;
	struct pkt p;
	char line[2048];
	FILE *f;
	int fd, saved;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stdout);
	saved = dup(1);
	dup2(fd, 1);
	close(fd);
	memset(&cfg, 0, sizeof(cfg));
	cfg.json = 1;
	cfg.verbosity = -2;  /* quiet text must not quiet JSON */
	s = sink_new(&cfg, 1000000000, &eb);
	assert_int_equal(pkt_decode(ip, sizeof(ip), PKT_LINK_IP, &p), 0);
	memset(&e, 0, sizeof(e));
	e.kind = LINE_RCVD;
	e.t_ns = 1500000000;
	e.probe = 7;
	e.p = &p;
	e.rtt_ns = 250000;
	sink_pkt(s, &e);
	sink_error(s, 3, ERR_SYS, "send to %s failed", "10.0.0.2");
	sink_free(s);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_non_null(strstr(line, "{\"event\":\"rcvd\",\"t\":0.500000000,"
			       "\"probe\":7,\"rtt\":0.000250000,\"len\":28,"));
	assert_non_null(strstr(line, "\"udp\":{\"sport\":12345,\"dport\":53"));
	assert_non_null(fgets(line, sizeof(line), f));
	assert_non_null(strstr(line, "{\"event\":\"error\","));
	assert_non_null(strstr(line, "\"probe\":3,"));
	assert_non_null(strstr(line, "\"msg\":\"send to 10.0.0.2 failed\"}"));
	assert_null(fgets(line, sizeof(line), f));
	fclose(f);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tap_interfaces_and_comments),
		cmocka_unit_test(test_tap_off_and_bad_path),
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_json_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
