/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for analysis/: for every tag, one hand-built SENT/CAPT pair
 * (or SENT/CAPT/reply set) that yields exactly that tag and nothing else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/analysis.h"
#include "analysis/analysis_int.h"
#include "util/err.h"
#include "test_analysis_pkts.h"

/* One probe: sent and captured, then finish. */
static struct analysis *
run_pair(const struct pkt *sent, const struct pkt *capt)
{
	struct analysis *a = analysis_new();

	assert_non_null(a);
	tp_add(a, 1, sent, capt);
	assert_int_equal(analysis_finish(a), 0);
	return a;
}

/* a holds exactly one finding, tagged tag, seen in count/total probes. */
static const struct finding *
only(const struct analysis *a, const char *tag, unsigned count,
     unsigned total)
{
	const struct finding *f;
	size_t i;

	for (i = 0; i < analysis_count(a); i++)
		print_message("finding %s: %s\n", analysis_finding(a, i)->tag,
			      analysis_finding(a, i)->text);
	assert_int_equal(analysis_count(a), 1);
	f = analysis_finding(a, 0);
	assert_string_equal(f->tag, tag);
	assert_int_equal(f->count, count);
	assert_int_equal(f->total, total);
	assert_true(f->n_probes >= 1);
	assert_true(strlen(f->text) > 10);
	assert_int_equal(f->text[strlen(f->text) - 1], '.');
	return f;
}

static void
test_nat_source(void **state)
{
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	tp_syn(&c);
	inet_pton(AF_INET, "192.0.2.7", c.ip4.src);
	c.ip4.csum = 0x3333;
	c.tcp.csum = 0x4444;
	a = run_pair(&s, &c);
	f = only(a, "nat-source", 1, 1);
	assert_string_equal(f->field, "ip.src");
	assert_string_equal(f->sent, "10.0.0.1:40000");
	assert_string_equal(f->capt, "192.0.2.7:40000");
	assert_int_equal(f->severity, FINDING_NOTICE);
	assert_string_equal(f->text, "Source IP changed: 10.0.0.1:40000 -> "
			    "192.0.2.7:40000 in 1/1 probe: a NAT between you "
			    "and the server.");
	analysis_free(a);
}

static void
test_nat_dest(void **state)
{
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_echo(&s, 7, 1);
	tp_echo(&c, 7, 1);
	inet_pton(AF_INET, "172.16.0.5", c.ip4.dst);
	a = run_pair(&s, &c);
	f = only(a, "nat-dest", 1, 1);
	assert_string_equal(f->sent, "10.9.9.9");
	assert_string_equal(f->capt, "172.16.0.5");
	assert_non_null(strstr(f->text, "DNAT"));
	analysis_free(a);
}

static void
test_port_source(void **state)
{
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_udp(&s);
	tp_udp(&c);
	c.udp.sport = 1024;
	a = run_pair(&s, &c);
	f = only(a, "port-source", 1, 1);
	assert_string_equal(f->field, "udp.sport");
	assert_string_equal(f->sent, "53");
	assert_string_equal(f->capt, "1024");
	analysis_free(a);
}

static void
test_port_dest(void **state)
{
	struct pkt s, c;
	struct analysis *a;

	(void)state;
	tp_syn(&s);
	tp_syn(&c);
	c.tcp.dport = 8080;
	a = run_pair(&s, &c);
	assert_string_equal(only(a, "port-dest", 1, 1)->capt, "8080");
	analysis_free(a);
}

static void
test_icmp_id(void **state)
{
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_echo(&s, 100, 1);
	tp_echo(&c, 200, 1);
	a = run_pair(&s, &c);
	f = only(a, "icmp-id-changed", 1, 1);
	assert_string_equal(f->field, "icmp.id");
	assert_string_equal(f->sent, "100");
	assert_string_equal(f->capt, "200");
	analysis_free(a);
}

static void
test_hops(void **state)
{
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	tp_syn(&c);
	c.ip4.ttl = 61;
	c.ip4.csum = 0x9999;
	a = run_pair(&s, &c);
	f = only(a, "hops", 1, 1);
	assert_int_equal(f->severity, FINDING_INFO);
	assert_string_equal(f->text, "TTL fell by 3: 3 hops between you and "
			    "the server.");
	assert_false(f->varies);
	analysis_free(a);
}

static void
test_ttl_raised(void **state)
{
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	tp_syn(&c);
	s.ip4.ttl = 5;
	c.ip4.ttl = 64;
	a = run_pair(&s, &c);
	f = only(a, "ttl-rewritten", 1, 1);
	assert_string_equal(f->sent, "5");
	assert_string_equal(f->capt, "64");
	assert_non_null(strstr(f->text, "TTL raised"));
	analysis_free(a);
}

/* Probes sent with TTL 60, 62, 64 all arrive with 55: forced, not hops. */
static void
test_ttl_fixed(void **state)
{
	struct analysis *a = analysis_new();
	const struct finding *f;
	struct pkt s, c;
	uint32_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		tp_syn(&s);
		tp_syn(&c);
		s.ip4.ttl = (uint8_t)(60 + 2 * i);
		c.ip4.ttl = 55;
		tp_add(a, i + 1, &s, &c);
	}
	assert_int_equal(analysis_finish(a), 0);
	f = only(a, "ttl-rewritten", 3, 3);
	assert_false(f->varies);
	assert_non_null(strstr(f->text, "55 whatever was sent (60 to 64)"));
	analysis_free(a);
	/* Forced to 64 from below and from above: still one fixed value. */
	a = analysis_new();
	for (i = 0; i < 2; i++) {
		tp_syn(&s);
		tp_syn(&c);
		s.ip4.ttl = i ? 100 : 30;
		c.ip4.ttl = 64;
		tp_add(a, i + 1, &s, &c);
	}
	assert_int_equal(analysis_finish(a), 0);
	f = only(a, "ttl-rewritten", 2, 2);
	assert_non_null(strstr(f->text, "64 whatever was sent (30 to 100)"));
	analysis_free(a);
}

static void
test_dscp(void **state)
{
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	tp_syn(&c);
	s.ip4.tos = 0xb8; /* EF */
	c.ip4.tos = 0x00;
	a = run_pair(&s, &c);
	f = only(a, "dscp-changed", 1, 1);
	assert_string_equal(f->sent, "46");
	assert_string_equal(f->capt, "0");
	analysis_free(a);
}

static void
test_ecn(void **state)
{
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	tp_syn(&c);
	s.ip4.tos = 0x02;
	c.ip4.tos = 0x00;
	a = run_pair(&s, &c);
	f = only(a, "ecn-changed", 1, 1);
	assert_string_equal(f->sent, "ECT(0)");
	assert_string_equal(f->capt, "Not-ECT");
	assert_int_equal(f->severity, FINDING_NOTICE);
	analysis_free(a);
	/* Congestion marking is what ECN is for: only info. */
	c.ip4.tos = 0x03;
	a = run_pair(&s, &c);
	f = only(a, "ecn-changed", 1, 1);
	assert_int_equal(f->severity, FINDING_INFO);
	assert_non_null(strstr(f->text, "congestion"));
	analysis_free(a);
}

static void
test_ip_id(void **state)
{
	struct pkt s, c;
	struct analysis *a;

	(void)state;
	tp_syn(&s);
	tp_syn(&c);
	c.ip4.id = 999;
	a = run_pair(&s, &c);
	assert_string_equal(only(a, "ip-id-changed", 1, 1)->capt, "999");
	analysis_free(a);
	/* A sent ID of 0 is the kernel's to fill: never a finding. */
	s.ip4.id = 0;
	a = run_pair(&s, &c);
	assert_int_equal(analysis_count(a), 0);
	analysis_free(a);
}

static void
test_df(void **state)
{
	struct pkt s, c;
	struct analysis *a;

	(void)state;
	tp_syn(&s);
	tp_syn(&c);
	c.ip4.flags = 0;
	a = run_pair(&s, &c);
	assert_non_null(strstr(only(a, "df-changed", 1, 1)->text,
			       "DF bit cleared"));
	analysis_free(a);
}

static void
test_ip_options(void **state)
{
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	tp_syn(&c);
	s.ip4.ihl = 6;
	s.ip4.opts_len = 4;
	s.ip4.opts[0] = 0x94; /* router alert */
	s.ip4.opts[1] = 4;
	s.ip4.tot_len = 44;
	a = run_pair(&s, &c);
	f = only(a, "ip-options-changed", 1, 1);
	assert_string_equal(f->sent, "router-alert");
	assert_string_equal(f->capt, "none");
	assert_non_null(strstr(f->text, "router-alert removed"));
	analysis_free(a);
}

/* A first fragment (MF) with the TCP header, and its tail (no L4). */
static void
test_fragmented(void **state)
{
	static const uint8_t pay[64] = { 1, 2, 3 };
	struct pkt s, c, c2;
	struct analysis *a;
	struct analysis_summary sum;

	(void)state;
	tp_syn(&s);
	tp_payload(&s, pay, sizeof(pay));
	tp_syn(&c);
	tp_payload(&c, pay, 16);
	c.ip4.flags |= IP4_FLAG_MF;
	a = run_pair(&s, &c);
	assert_non_null(strstr(only(a, "fragmented", 1, 1)->text,
			       "arrived fragmented"));
	/* The tail arrives too: counted, and nothing else is judged. */
	tp_ip4(&c2, "10.0.0.1", "10.9.9.9", 6);
	c2.ip4.frag_off = 2;
	c2.problems = PKT_FRAGMENT;
	assert_int_equal(analysis_add_capt(a, 1, &c2), 0);
	assert_int_equal(analysis_finish(a), 0);
	only(a, "fragmented", 1, 1);
	analysis_summary(a, &sum);
	assert_int_equal(sum.extra_capt, 1);
	analysis_free(a);
}

static void
test_tcp_seq_ack_win_urp(void **state)
{
	static const struct {
		const char *tag;
		int field;
	} cases[] = {
		{ "tcp-seq-changed", 0 },
		{ "tcp-ack-changed", 1 },
		{ "tcp-window-changed", 2 },
		{ "tcp-urp-changed", 3 },
	};
	struct pkt s, c;
	struct analysis *a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tp_syn(&s);
		tp_syn(&c);
		if (cases[i].field == 0)
			c.tcp.seq = 4242;
		else if (cases[i].field == 1)
			c.tcp.ack = 4242;
		else if (cases[i].field == 2)
			c.tcp.win = 4242;
		else
			c.tcp.urp = 4242;
		a = run_pair(&s, &c);
		assert_string_equal(only(a, cases[i].tag, 1, 1)->capt, "4242");
		analysis_free(a);
	}
}

static void
test_tcp_mss(void **state)
{
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	tp_mss(&s, 1460);
	tp_syn(&c);
	tp_mss(&c, 1400);
	a = run_pair(&s, &c);
	f = only(a, "tcp-mss-changed", 1, 1);
	assert_string_equal(f->text, "TCP MSS clamped: 1460 -> 1400 in 1/1 "
			    "probe: a router clamps the MSS for a smaller MTU "
			    "ahead (PPPoE, a tunnel).");
	analysis_free(a);
}

static void
test_tcp_options(void **state)
{
	static const uint8_t ts[8] = { 0, 0, 0, 1, 0, 0, 0, 0 };
	static const uint8_t ws[1] = { 7 };
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	tp_mss(&s, 1460);
	tp_opt(&s, TCPOPT_TS, ts, 8);
	tp_syn(&c);
	tp_mss(&c, 1460);
	a = run_pair(&s, &c);
	f = only(a, "tcp-options-changed", 1, 1);
	assert_string_equal(f->field, "tcp.opts");
	assert_string_equal(f->sent, "mss,timestamp");
	assert_string_equal(f->capt, "mss");
	assert_non_null(strstr(f->text, ": timestamp removed in 1/1 probe"));
	analysis_free(a);
	/* Reordered, one added. */
	tp_syn(&s);
	tp_mss(&s, 1460);
	tp_opt(&s, TCPOPT_TS, ts, 8);
	tp_syn(&c);
	tp_opt(&c, TCPOPT_TS, ts, 8);
	tp_mss(&c, 1460);
	tp_opt(&c, TCPOPT_WSCALE, ws, 1);
	a = run_pair(&s, &c);
	f = only(a, "tcp-options-changed", 1, 1);
	assert_non_null(strstr(f->text, "window scale added"));
	assert_non_null(strstr(f->text, "options reordered"));
	analysis_free(a);
}

static void
test_tcp_flags(void **state)
{
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	s.tcp.flags = TCP_SYN | TCP_ECE | TCP_CWR;
	tp_syn(&c);
	a = run_pair(&s, &c);
	f = only(a, "tcp-flags-changed", 1, 1);
	assert_string_equal(f->sent, "CES");
	assert_string_equal(f->capt, "S");
	analysis_free(a);
}

static void
test_payload_changed(void **state)
{
	static const uint8_t p1[] = "hello world";
	static const uint8_t p2[] = "hellO world";
	struct pkt s, c;
	struct analysis *a;

	(void)state;
	tp_udp(&s);
	tp_payload(&s, p1, 11);
	tp_udp(&c);
	tp_payload(&c, p2, 11);
	c.udp.csum = 0x7777;
	a = run_pair(&s, &c);
	assert_non_null(strstr(only(a, "payload-changed", 1, 1)->text,
			       "first difference at byte 4"));
	analysis_free(a);
}

static void
test_payload_truncated(void **state)
{
	static const uint8_t p1[] = "hello world";
	struct pkt s, c;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_udp(&s);
	tp_payload(&s, p1, 11);
	tp_udp(&c);
	tp_payload(&c, p1, 5);
	a = run_pair(&s, &c);
	f = only(a, "payload-truncated", 1, 1);
	assert_string_equal(f->sent, "11 bytes");
	assert_string_equal(f->capt, "5 bytes");
	analysis_free(a);
	/* Cut by the capture (snaplen), not by the path: no finding. */
	c.problems = PKT_TRUNC_DATA;
	c.ip4.tot_len = 20 + 8 + 11; /* the header still says 11 */
	a = run_pair(&s, &c);
	assert_int_equal(analysis_count(a), 0);
	analysis_free(a);
}

static void
test_probe_lost(void **state)
{
	struct pkt s;
	struct analysis *a;
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	a = run_pair(&s, NULL);
	f = only(a, "probe-lost", 1, 1);
	assert_int_equal(f->probes[0], 1);
	assert_int_equal(f->severity, FINDING_WARNING);
	analysis_free(a);
}

/* Probe numbers with gaps, captures out of order: each capture finds its
 * probe (direct slot or search), the lost ones are named. */
static void
test_sparse_numbers(void **state)
{
	static const uint32_t nos[] = { 1, 2, 3, 5, 6, 40, 41, 1000 };
	struct pkt s;
	struct analysis *a = analysis_new();
	const struct finding *f;
	size_t i;

	(void)state;
	tp_syn(&s);
	for (i = 0; i < sizeof(nos) / sizeof(nos[0]); i++)
		assert_int_equal(analysis_add_probe(a, nos[i], &s), 0);
	/* 5 and 41 never arrive. */
	assert_int_equal(analysis_add_capt(a, 1000, &s), 0);
	assert_int_equal(analysis_add_capt(a, 40, &s), 0);
	assert_int_equal(analysis_add_capt(a, 3, &s), 0);
	assert_int_equal(analysis_add_capt(a, 6, &s), 0);
	assert_int_equal(analysis_add_capt(a, 1, &s), 0);
	assert_int_equal(analysis_add_capt(a, 2, &s), 0);
	assert_int_equal(analysis_finish(a), 0);
	f = only(a, "probe-lost", 2, 8);
	assert_int_equal(f->n_probes, 2);
	assert_int_equal(f->probes[0], 5);
	assert_int_equal(f->probes[1], 41);
	analysis_free(a);
}

/* store.c keeps each distinct address/option part once: probes from
 * three sources, half of them with an MSS option, captured with the MSS
 * clamped, share 3 x 2 parts sent and 3 more captured (the 3 without the
 * option are the sent ones); every probe reads
 * back exactly the snap its packet gives, and the clamp is found on each
 * probe that carried the option. */
static void
probe_pkt(struct pkt *k, uint32_t i, uint16_t mss)
{
	static const char *const src[3] = { "10.0.0.1", "10.0.0.2",
					    "10.0.0.3" };

	tp_syn(k);
	inet_pton(AF_INET, src[i % 3], k->ip4.src);
	k->tcp.seq = 1000 + i; /* differs in every probe */
	k->ip4.id = (uint16_t)i;
	if (i % 2)
		tp_mss(k, mss);
}

static void
test_shared_parts(void **state)
{
	struct analysis *a = analysis_new();
	const struct finding *f;
	struct probe v;
	struct snap want;
	struct pkt s, c;
	uint32_t i;

	(void)state;
	for (i = 1; i <= 3000; i++) {
		probe_pkt(&s, i, 1460);
		probe_pkt(&c, i, 1400);
		tp_add(a, i, &s, &c);
	}
	assert_int_equal(a->n, 3000);
	assert_int_equal(a->n_ext, 9);
	for (i = 1; i <= 3000; i++) {
		an_probe_view(a, &a->p[i - 1], &v);
		assert_int_equal(v.no, i);
		probe_pkt(&s, i, 1460);
		assert_int_equal(an_snap_take(&s, &want), 0);
		assert_memory_equal(&v.sent, &want, sizeof(want));
		probe_pkt(&c, i, 1400);
		assert_int_equal(an_snap_take(&c, &want), 0);
		assert_memory_equal(&v.capt, &want, sizeof(want));
	}
	assert_int_equal(analysis_finish(a), 0);
	f = only(a, "tcp-mss-changed", 1500, 1500);
	assert_int_equal(f->probes[0], 1);
	analysis_free(a);
}

/* Sent, captured, the server's host answered, nothing came back. */
static void
test_reply_lost(void **state)
{
	struct pkt s, r;
	struct analysis *a = analysis_new();

	(void)state;
	tp_syn(&s);
	tp_synack(&r);
	tp_add(a, 1, &s, &s);
	assert_int_equal(analysis_add_server_reply(a, 1, &r), 0);
	assert_int_equal(analysis_finish(a), 0);
	only(a, "reply-lost", 1, 1);
	analysis_free(a);
}

static void
test_no_reply(void **state)
{
	struct pkt s;
	struct analysis *a = analysis_new();

	(void)state;
	tp_syn(&s);
	tp_add(a, 1, &s, &s);
	assert_int_equal(analysis_finish(a), 0);
	assert_int_equal(analysis_count(a), 0); /* undecidable without it */
	analysis_set_extension(a, 1);
	assert_int_equal(analysis_finish(a), 0);
	only(a, "no-reply", 1, 1);
	analysis_free(a);
}

/*
 * 20 UDP probes reached the server; answered (an ICMP port unreachable
 * from its host, received too) as pattern[i] says ('1' yes, '0' no).
 */
static struct analysis *
udp_run(const char *pattern, int ext)
{
	struct analysis *a = analysis_new();
	struct pkt s, err;
	uint32_t i;

	assert_non_null(a);
	tp_udp(&s);
	tp_ip4(&err, "10.9.9.9", "10.0.0.1", 1);
	err.layers |= PKT_HAS_ICMP4;
	err.ip4.tot_len = 56;
	err.icmp4.type = 3;
	err.icmp4.code = 3;
	analysis_set_extension(a, ext);
	for (i = 0; pattern[i]; i++) {
		s.ip4.id = (uint16_t)(100 + i);
		tp_add(a, i + 1, &s, &s);
		if (pattern[i] == '0')
			continue;
		if (ext)
			assert_int_equal(analysis_add_server_reply(a, i + 1,
								   &err), 0);
		assert_int_equal(analysis_add_rcvd(a, i + 1, &err), 0);
	}
	assert_int_equal(analysis_finish(a), 0);
	return a;
}

/* A burst answered, then silence or one now and then: the target's ICMP
 * rate limit, with or without the extension; never loss or a firewall. */
static void
test_icmp_rate_limited(void **state)
{
	const struct finding *f;
	struct analysis *a;

	(void)state;
	a = udp_run("11111100000000000000", 1);
	f = only(a, "icmp-rate-limited", 14, 20);
	assert_int_equal(f->probes[0], 7);
	assert_non_null(strstr(f->text, "the first 6 were answered and "
				"then 0 of the next 14"));
	assert_non_null(strstr(f->text, "rate-limits its ICMP errors"));
	analysis_free(a);
	a = udp_run("11111100000000010000", 1); /* one a second after it */
	only(a, "icmp-rate-limited", 13, 20);
	analysis_free(a);
	a = udp_run("11111100000000010000", 0);
	only(a, "icmp-rate-limited", 13, 20);
	analysis_free(a);
}

/* Patterns that are not a rate limit keep their old names. */
static void
test_not_rate_limited(void **state)
{
	static const struct {
		const char *pattern;
		unsigned silent;
	} cases[] = {
		/* answers return in a row after the silence: loss, a firewall */
		{ "11111100000000000011", 12 },
		/* the very first probe unanswered: no burst */
		{ "01111111111111111111", 1 },
		/* too few silences to tell */
		{ "11111111111111111100", 2 },
		/* nothing answered at all */
		{ "00000000000000000000", 20 },
	};
	struct analysis *a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = udp_run(cases[i].pattern, 1);
		only(a, "no-reply", cases[i].silent, 20);
		analysis_free(a);
	}
}

/* An echo reply whose payload the server zeroed in its copy (its safe
 * payloads) came back whole: not a change on the way back. */
static void
test_reply_payload_zeroed(void **state)
{
	static const uint8_t tok[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, z[8];
	struct pkt s, c, r, got;
	struct analysis *a = analysis_new();

	(void)state;
	tp_echo(&s, 7, 1);
	tp_payload(&s, tok, sizeof(tok));
	tp_echo(&c, 7, 1);
	tp_payload(&c, z, sizeof(z));     /* the server zeroed the probe */
	tp_ip4(&r, "10.9.9.9", "10.0.0.1", 1);
	r.layers |= PKT_HAS_ICMP4;
	r.ip4.tot_len = 28;
	r.icmp4.id = 7;
	r.icmp4.seq = 1;
	got = r;
	tp_payload(&r, z, sizeof(z));     /* and its host's echo reply */
	tp_payload(&got, tok, sizeof(tok)); /* as it really arrived */
	analysis_set_token_payload(a, 1);
	tp_add(a, 1, &s, &c);
	assert_int_equal(analysis_add_server_reply(a, 1, &r), 0);
	assert_int_equal(analysis_add_rcvd(a, 1, &got), 0);
	assert_int_equal(analysis_finish(a), 0);
	assert_int_equal(analysis_count(a), 0);
	analysis_free(a);
}

/* The real SYN-ACK arrives, and an RST the server's host never sent. */
static void
test_forged_reply(void **state)
{
	struct pkt s, r, rst;
	struct analysis *a = analysis_new();
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	tp_synack(&r);
	rst = r;
	rst.tcp.flags = TCP_RST | TCP_ACK;
	rst.ip4.ttl = 60;
	tp_add(a, 1, &s, &s);
	assert_int_equal(analysis_add_server_reply(a, 1, &r), 0);
	assert_int_equal(analysis_add_rcvd(a, 1, &rst), 0);
	assert_int_equal(analysis_add_rcvd(a, 1, &r), 0);
	assert_int_equal(analysis_finish(a), 0);
	f = only(a, "forged-reply", 1, 1);
	assert_non_null(strstr(f->text, "TCP AR from 10.9.9.9:80"));
	analysis_free(a);
}

static void
test_reply_path_changed(void **state)
{
	struct pkt s, r, got;
	struct analysis *a = analysis_new();
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	tp_synack(&r);
	got = r;
	got.ip4.ttl = 60;   /* a normal decrement: not named */
	got.tcp.win = 1024;
	tp_add(a, 1, &s, &s);
	assert_int_equal(analysis_add_server_reply(a, 1, &r), 0);
	assert_int_equal(analysis_add_rcvd(a, 1, &got), 0);
	assert_int_equal(analysis_finish(a), 0);
	f = only(a, "reply-path-changed", 1, 1);
	assert_string_equal(f->field, "tcp.win");
	assert_string_equal(f->sent, "64240");
	assert_string_equal(f->capt, "1024");
	analysis_free(a);
}

/* Every tag of the contract, spelled exactly, in order. */
static void
test_tag_names(void **state)
{
	static const char *const want[] = {
		"nat-source", "nat-dest", "port-source", "port-dest",
		"icmp-id-changed", "hops", "ttl-rewritten", "dscp-changed",
		"ecn-changed", "ip-id-changed", "df-changed",
		"ip-options-changed", "fragmented", "tcp-seq-changed",
		"tcp-ack-changed", "tcp-window-changed", "tcp-mss-changed",
		"tcp-options-changed", "tcp-flags-changed", "tcp-urp-changed",
		"payload-changed", "payload-truncated", "probe-lost",
		"reply-lost", "no-reply", "icmp-rate-limited", "forged-reply",
		"reply-path-changed", NULL,
	};
	const char *const *got = analysis_tag_names();
	size_t i;

	(void)state;
	for (i = 0; want[i]; i++)
		assert_string_equal(got[i], want[i]);
	assert_null(got[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nat_source),
		cmocka_unit_test(test_nat_dest),
		cmocka_unit_test(test_port_source),
		cmocka_unit_test(test_port_dest),
		cmocka_unit_test(test_icmp_id),
		cmocka_unit_test(test_hops),
		cmocka_unit_test(test_ttl_raised),
		cmocka_unit_test(test_ttl_fixed),
		cmocka_unit_test(test_dscp),
		cmocka_unit_test(test_ecn),
		cmocka_unit_test(test_ip_id),
		cmocka_unit_test(test_df),
		cmocka_unit_test(test_ip_options),
		cmocka_unit_test(test_fragmented),
		cmocka_unit_test(test_tcp_seq_ack_win_urp),
		cmocka_unit_test(test_tcp_mss),
		cmocka_unit_test(test_tcp_options),
		cmocka_unit_test(test_tcp_flags),
		cmocka_unit_test(test_payload_changed),
		cmocka_unit_test(test_payload_truncated),
		cmocka_unit_test(test_probe_lost),
		cmocka_unit_test(test_sparse_numbers),
		cmocka_unit_test(test_shared_parts),
		cmocka_unit_test(test_reply_lost),
		cmocka_unit_test(test_no_reply),
		cmocka_unit_test(test_reply_payload_zeroed),
		cmocka_unit_test(test_icmp_rate_limited),
		cmocka_unit_test(test_not_rate_limited),
		cmocka_unit_test(test_forged_reply),
		cmocka_unit_test(test_reply_path_changed),
		cmocka_unit_test(test_tag_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
