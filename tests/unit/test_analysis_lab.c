/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for analysis/: the false alarms and misses that the lab cases
 * (tests/integration/analysis_lab_*.sh) showed, rebuilt by hand.
 *
 *  - Routers fill in a record-route option on a clean path: not a change,
 *    neither on the way there nor on the way back.
 *  - A router-alert option swapped behind an EOL (the checksum-neutral
 *    rewrite of analysis_lab_more.sh) is a removed option.
 *  - A stateless sequence rewriter leaves the reply's ack alone: the
 *    reply arrives as the server sent it, which is not a return-path
 *    change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/analysis.h"
#include "util/err.h"
#include "test_analysis_pkts.h"

static void
print_findings(const struct analysis *a)
{
	size_t i;

	for (i = 0; i < analysis_count(a); i++)
		print_message("finding %s: %s\n", analysis_finding(a, i)->tag,
			      analysis_finding(a, i)->text);
}

/* Sets k's IPv4 options to the n bytes of o (n a multiple of 4). */
static void
set_ipopts(struct pkt *k, const uint8_t *o, uint8_t n)
{
	k->ip4.tot_len = (uint16_t)(k->ip4.tot_len - k->ip4.opts_len + n);
	memset(k->ip4.opts, 0, sizeof(k->ip4.opts));
	memcpy(k->ip4.opts, o, n);
	k->ip4.opts_len = n;
	k->ip4.ihl = (uint8_t)(5 + n / 4);
}

/* NOP, then record route (length 39) with a pointer and `filled'
 * addresses 10.0.<i>.1 written in by routers. */
static void
set_rr(struct pkt *k, unsigned filled)
{
	uint8_t o[40] = { 1, 7, 39, 4 };
	unsigned i;

	for (i = 0; i < filled; i++) {
		o[4 + 4 * i] = 10;
		o[6 + 4 * i] = (uint8_t)(i + 2);
		o[7 + 4 * i] = 1;
	}
	o[3] = (uint8_t)(4 + 4 * filled);
	set_ipopts(k, o, 40);
}

/* A clean path of 3 routers with record route: only the hop count. */
static void
test_record_route_clean(void **state)
{
	struct pkt s, c, srv, r;
	struct analysis *a = analysis_new();
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	set_rr(&s, 0);
	c = s;
	c.ip4.ttl = 61;
	set_rr(&c, 3);
	tp_synack(&srv);
	srv.tcp.flags = TCP_RST | TCP_ACK;
	set_rr(&srv, 4);    /* the server's host echoes the option back */
	r = srv;
	r.ip4.ttl = 61;
	set_rr(&r, 7);      /* ... and routers fill it in on the way back */
	tp_add(a, 1, &s, &c);
	assert_int_equal(analysis_add_server_reply(a, 1, &srv), 0);
	assert_int_equal(analysis_add_rcvd(a, 1, &r), 0);
	assert_int_equal(analysis_finish(a), 0);
	print_findings(a);
	assert_int_equal(analysis_count(a), 1);
	f = analysis_finding(a, 0);
	assert_string_equal(f->tag, "hops");
	analysis_free(a);
}

/* A record route option that lost its room on the way is a change. */
static void
test_record_route_shortened(void **state)
{
	static const uint8_t shortrr[8] = { 7, 7, 4, 0, 0, 0, 0, 0 };
	struct pkt s, c;
	struct analysis *a = analysis_new();
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	set_rr(&s, 0);
	c = s;
	set_ipopts(&c, shortrr, 8);
	tp_add(a, 1, &s, &c);
	assert_int_equal(analysis_finish(a), 0);
	print_findings(a);
	assert_int_equal(analysis_count(a), 1);
	f = analysis_find(a, "ip-options-changed");
	assert_non_null(f);
	assert_string_equal(f->text, "IP options changed: record-route "
			    "changed in 1/1 probe: a router strips or rewrites "
			    "IP options.");
	analysis_free(a);
}

/* 94 04 00 00 -> 00 00 94 04: same checksum, the option is gone. */
static void
test_router_alert_behind_eol(void **state)
{
	static const uint8_t ra[4] = { 0x94, 4, 0, 0 };
	static const uint8_t swapped[4] = { 0, 0, 0x94, 4 };
	struct pkt s, c;
	struct analysis *a = analysis_new();
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	set_ipopts(&s, ra, 4);
	c = s;
	set_ipopts(&c, swapped, 4);
	tp_add(a, 1, &s, &c);
	assert_int_equal(analysis_finish(a), 0);
	print_findings(a);
	assert_int_equal(analysis_count(a), 1);
	f = analysis_find(a, "ip-options-changed");
	assert_non_null(f);
	assert_string_equal(f->field, "ip.opts");
	assert_string_equal(f->sent, "router-alert");
	assert_string_equal(f->capt, "none");
	assert_non_null(strstr(f->text, ": router-alert removed in 1/1 "));
	analysis_free(a);
}

/* Padding differences alone (NOPs vs EOL) are not a change; a value
 * change, an added option and a reordering are, each by name. */
static void
test_ip_options_by_name(void **state)
{
	static const uint8_t nops[4] = { 1, 1, 1, 1 };
	static const uint8_t ra1[8] = { 0x94, 4, 0, 1, 0x82, 3, 9, 0 };
	static const uint8_t ra2[8] = { 0x94, 4, 0, 2, 0x82, 3, 9, 0 };
	static const uint8_t rev[8] = { 0x82, 3, 9, 0x94, 4, 0, 1, 0 };
	static const uint8_t bad[4] = { 0x94, 9, 0, 0 };
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	set_ipopts(&s, nops, 4);
	tp_syn(&c);    /* no options at all */
	a = analysis_new();
	tp_add(a, 1, &s, &c);
	set_ipopts(&s, ra1, 8);
	c = s;
	set_ipopts(&c, ra2, 8);
	tp_add(a, 2, &s, &c);
	set_ipopts(&c, rev, 8);
	tp_add(a, 3, &s, &c);
	set_ipopts(&c, bad, 4);
	tp_add(a, 4, &s, &c);
	assert_int_equal(analysis_finish(a), 0);
	print_findings(a);
	assert_int_equal(analysis_count(a), 1);
	f = analysis_find(a, "ip-options-changed");
	assert_non_null(f);
	assert_int_equal(f->count, 3);
	assert_int_equal(f->total, 4);
	assert_int_equal(f->probes[0], 2);
	assert_string_equal(f->sent, "router-alert,security");
	assert_non_null(strstr(f->text, "router-alert changed"));
	assert_true(f->varies);
	analysis_free(a);

	/* probe 3 alone: reordered; probe 4 alone: malformed, in hex */
	a = analysis_new();
	set_ipopts(&c, rev, 8);
	tp_add(a, 3, &s, &c);
	assert_int_equal(analysis_finish(a), 0);
	assert_non_null(strstr(analysis_find(a, "ip-options-changed")->text,
			       "options reordered"));
	analysis_free(a);
	a = analysis_new();
	set_ipopts(&c, bad, 4);
	tp_add(a, 4, &s, &c);
	assert_int_equal(analysis_finish(a), 0);
	f = analysis_find(a, "ip-options-changed");
	assert_string_equal(f->capt, "94090000");
	assert_non_null(strstr(f->text, "malformed"));
	analysis_free(a);
}

/* Runs one SYN whose sequence number r2 rewrote to 5000 and whose reset
 * came back with ack ack_rcvd. */
static struct analysis *
run_seq_rewrite(uint32_t ack_rcvd)
{
	struct pkt s, c, srv, r;
	struct analysis *a = analysis_new();

	assert_non_null(a);
	tp_syn(&s);
	c = s;
	c.tcp.seq = 5000;
	tp_synack(&srv);
	srv.tcp.flags = TCP_RST | TCP_ACK;
	srv.tcp.seq = 0;
	srv.tcp.ack = 5001;
	r = srv;
	r.tcp.ack = ack_rcvd;
	tp_add(a, 1, &s, &c);
	assert_int_equal(analysis_add_server_reply(a, 1, &srv), 0);
	assert_int_equal(analysis_add_rcvd(a, 1, &r), 0);
	assert_int_equal(analysis_finish(a), 0);
	print_findings(a);
	return a;
}

static void
test_seq_rewrite_stateless(void **state)
{
	struct analysis *a;
	const struct finding *f;

	(void)state;
	/* Not mapped back (nft "tcp sequence set"): as the server sent it. */
	a = run_seq_rewrite(5001);
	assert_int_equal(analysis_count(a), 1);
	assert_non_null(analysis_find(a, "tcp-seq-changed"));
	analysis_free(a);
	/* Mapped back (a stateful ISN randomizer): as the client expects. */
	a = run_seq_rewrite(1001);
	assert_int_equal(analysis_count(a), 1);
	assert_non_null(analysis_find(a, "tcp-seq-changed"));
	analysis_free(a);
	/* Neither: the reply's ack was changed on the way back. */
	a = run_seq_rewrite(4242);
	assert_int_equal(analysis_count(a), 2);
	f = analysis_find(a, "reply-path-changed");
	assert_non_null(f);
	assert_string_equal(f->field, "tcp.ack");
	assert_string_equal(f->sent, "1001");
	assert_string_equal(f->capt, "4242");
	analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_route_clean),
		cmocka_unit_test(test_record_route_shortened),
		cmocka_unit_test(test_router_alert_behind_eol),
		cmocka_unit_test(test_ip_options_by_name),
		cmocka_unit_test(test_seq_rewrite_stateless),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
