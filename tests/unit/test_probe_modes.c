/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the --tr hop table (probe/trace.h) and the probe order
 * and port lookup every probe mode shares (probe/base_int.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probe/base_int.h"
#include "probe/trace.h"

static struct pkt
icmp4_pkt(uint8_t last_octet, uint8_t type, uint8_t code)
{
	struct pkt p;

	memset(&p, 0, sizeof(p));
	p.layers = PKT_HAS_IP4 | PKT_HAS_ICMP4;
	p.ip4.src[0] = 10;
	p.ip4.src[3] = last_octet;
	p.icmp4.type = type;
	p.icmp4.code = code;
	return p;
}

static void
test_reply_text(void **state)
{
	struct pkt p = icmp4_pkt(1, 11, 0);
	char buf[128];

	(void)state;
	trace_reply_text(&p, buf, sizeof(buf));
	assert_string_equal(buf, "TTL=0 during transit (type=11/code=0)");
	p = icmp4_pkt(1, 0, 0);
	trace_reply_text(&p, buf, sizeof(buf));
	assert_string_equal(buf, "Echo reply (type=0/code=0)");
	memset(&p, 0, sizeof(p));
	p.layers = PKT_HAS_IP4 | PKT_HAS_TCP;
	p.tcp.flags = 0x12;
	trace_reply_text(&p, buf, sizeof(buf));
	assert_string_equal(buf, "TCP SA");
	p.tcp.flags = 0x14;
	trace_reply_text(&p, buf, sizeof(buf));
	assert_string_equal(buf, "TCP RA");
	memset(&p, 0, sizeof(p));
	p.layers = PKT_HAS_IP6 | PKT_HAS_ICMP6;
	p.icmp6.type = 3;
	trace_reply_text(&p, buf, sizeof(buf));
	assert_non_null(strstr(buf, "(type=3/code=0)"));
	/* Truncation keeps a terminated prefix. */
	p = icmp4_pkt(1, 11, 0);
	assert_int_equal(trace_reply_text(&p, buf, 4), 37);
	assert_string_equal(buf, "TTL");
}

static char *
print_table(const struct trace *tr, size_t t, const char *name)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(trace_print(tr, t, name, "10.0.0.9", f), 0);
	fclose(f);
	return text;
}

static void
test_table_to_destination(void **state)
{
	const uint8_t dest[4] = { 10, 0, 0, 9 };
	struct trace *tr = trace_new(1);
	struct pkt r1 = icmp4_pkt(1, 11, 0), d = icmp4_pkt(9, 0, 0);
	char *text;

	(void)state;
	assert_non_null(tr);
	trace_note_sent(tr, 0, 1, 1000000);
	trace_note_sent(tr, 0, 2, 2000000);
	trace_note_sent(tr, 0, 3, 3000000);
	trace_note_sent(tr, 0, 4, 4000000);
	trace_note_reply(tr, 0, 1000000, 1500000, &r1, dest);
	/* A second answer to the same hop does not replace the first. */
	trace_note_reply(tr, 0, 1000000, 1900000, &d, dest);
	/* A send time never seen is ignored. */
	trace_note_reply(tr, 0, 2500000, 2600000, &d, dest);
	trace_note_reply(tr, 0, 3000000, 3250000, &d, dest);
	trace_note_reply(tr, 0, 4000000, 4100000, &d, dest);
	text = print_table(tr, 0, NULL);
	assert_string_equal(text,
		"\nHops to 10.0.0.9 (3 hops):\n"
		" 1  10.0.0.1  0.500ms  TTL=0 during transit (type=11/code=0)\n"
		" 2  *\n"
		" 3  10.0.0.9  0.250ms  Echo reply (type=0/code=0)  (destination)\n");
	free(text);
	trace_free(tr);
}

static void
test_table_not_reached(void **state)
{
	const uint8_t dest[4] = { 10, 0, 0, 9 };
	struct trace *tr = trace_new(2);
	struct pkt r1 = icmp4_pkt(1, 11, 0);
	char *text;

	(void)state;
	trace_note_sent(tr, 1, 1, 10);
	trace_note_sent(tr, 1, 2, 20);
	trace_note_sent(tr, 0, 1, 10);
	trace_note_reply(tr, 1, 10, 1000010, &r1, dest);
	/* Out-of-range targets are ignored. */
	trace_note_sent(tr, 2, 1, 30);
	trace_note_reply(tr, 5, 10, 20, &r1, dest);
	text = print_table(tr, 1, "far.example");
	assert_string_equal(text,
		"\nHops to far.example (10.0.0.9) (destination not reached):\n"
		" 1  10.0.0.1  1.000ms  TTL=0 during transit (type=11/code=0)\n"
		" 2  *\n");
	free(text);
	text = print_table(tr, 0, NULL);
	assert_string_equal(text,
		"\nHops to 10.0.0.9 (destination not reached):\n 1  *\n");
	free(text);
	trace_free(tr);
	trace_free(NULL);
	trace_note_sent(NULL, 0, 1, 1);
}

static void
test_base_order_and_ports(void **state)
{
	static uint16_t ports[] = { 22, 80, 443 };
	struct run_base b;
	uint64_t round;
	size_t p, t, k;

	(void)state;
	memset(&b, 0, sizeof(b));
	b.ports = ports;
	b.n_ports = 3;
	b.n_targets = 2;
	/* Targets innermost, then ports, rounds outermost. */
	for (k = 0; k < 12; k++) {
		base_coords(&b, k, &round, &p, &t);
		assert_int_equal(t, k % 2);
		assert_int_equal(p, (k % 6) / 2);
		assert_int_equal(round, k / 6);
		base_coords(&b, k, NULL, &p, &t);
		assert_int_equal(p, (k % 6) / 2);
	}
	assert_int_equal(base_port_index(&b, 22), 0);
	assert_int_equal(base_port_index(&b, 80), 1);
	assert_int_equal(base_port_index(&b, 443), 2);
	assert_int_equal(base_port_index(&b, 81), -1);
	assert_int_equal(base_port_index(&b, 0), -1);
	assert_int_equal(base_port_index(&b, 65535), -1);
	b.n_ports = 0;
	assert_int_equal(base_port_index(&b, 22), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_text),
		cmocka_unit_test(test_table_to_destination),
		cmocka_unit_test(test_table_not_reached),
		cmocka_unit_test(test_base_order_and_ports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
