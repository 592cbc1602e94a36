/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for analysis/ over whole runs: a clean routed path, NAT both
 * ways, intermittent loss, load balancing, safe payloads, IPv6, ARP, the
 * API's error cases, and the text printer (output/analysis_text.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/analysis.h"
#include "output/analysis_text.h"
#include "util/err.h"
#include "test_analysis_pkts.h"

static void
dump(const struct analysis *a)
{
	size_t i;

	for (i = 0; i < analysis_count(a); i++)
		print_message("finding %s: %s\n", analysis_finding(a, i)->tag,
			      analysis_finding(a, i)->text);
}

/* Five SYNs with MSS and payload through 4 routers, replies too. */
static void
test_clean_path_only_hops(void **state)
{
	static const uint8_t pay[] = "GET / HTTP/1.0\r\n\r\n";
	struct analysis *a = analysis_new();
	struct pkt s, c, srv, r;
	uint32_t i;

	(void)state;
	analysis_set_extension(a, 1);
	for (i = 1; i <= 5; i++) {
		tp_syn(&s);
		tp_mss(&s, 1460);
		tp_payload(&s, pay, sizeof(pay) - 1);
		s.tcp.seq = 1000 * i;
		c = s;
		c.ip4.ttl = 60;
		c.ip4.csum = 0xabcd;
		c.tcp.csum = 0x1234;
		tp_synack(&srv);
		srv.tcp.ack = s.tcp.seq + 1;
		r = srv;
		r.ip4.ttl = 60;
		tp_add(a, i, &s, &c);
		assert_int_equal(analysis_add_server_reply(a, i, &srv), 0);
		assert_int_equal(analysis_add_rcvd(a, i, &r), 0);
	}
	assert_int_equal(analysis_finish(a), 0);
	dump(a);
	assert_int_equal(analysis_count(a), 1);
	assert_string_equal(analysis_finding(a, 0)->tag, "hops");
	assert_string_equal(analysis_finding(a, 0)->text, "TTL fell by 4: 4 "
			    "hops between you and the server.");
	assert_int_equal(analysis_finding(a, 0)->count, 5);
	analysis_free(a);
}

/*
 * SNAT with port translation and a sequence-number randomizer on the way
 * out, undone on the way back: the forward changes are reported, the
 * replies (addressed to the NAT, acknowledging the rewritten sequence) are
 * not "changed on the way back".
 */
static void
test_nat_both_ways(void **state)
{
	struct analysis *a = analysis_new();
	struct pkt s, c, srv, r;
	const struct finding *f;
	uint32_t i;

	(void)state;
	for (i = 1; i <= 5; i++) {
		tp_syn(&s);
		c = s;
		inet_pton(AF_INET, "192.0.2.7", c.ip4.src);
		c.tcp.sport = 1024;
		c.tcp.seq = 900000 + i;
		c.ip4.ttl = 63;
		tp_synack(&srv);
		memcpy(srv.ip4.dst, c.ip4.src, 4);
		srv.tcp.dport = 1024;
		srv.tcp.ack = c.tcp.seq + 1;
		tp_synack(&r);
		r.tcp.ack = s.tcp.seq + 1;
		tp_add(a, i, &s, &c);
		assert_int_equal(analysis_add_server_reply(a, i, &srv), 0);
		assert_int_equal(analysis_add_rcvd(a, i, &r), 0);
	}
	assert_int_equal(analysis_finish(a), 0);
	dump(a);
	assert_int_equal(analysis_count(a), 4);
	f = analysis_find(a, "nat-source");
	assert_non_null(f);
	assert_string_equal(f->text, "Source IP and port changed: "
			    "10.0.0.1:40000 -> 192.0.2.7:1024 in 5/5 probes: "
			    "a NAT between you and the server.");
	assert_non_null(analysis_find(a, "port-source"));
	f = analysis_find(a, "tcp-seq-changed");
	assert_non_null(f);
	assert_true(f->varies); /* a new number per probe */
	assert_null(strstr(f->text, "disagree")); /* that is randomizing */
	assert_string_equal(analysis_find(a, "hops")->text,
			    "TTL fell by 1: 1 hop between you and the server.");
	assert_null(analysis_find(a, "reply-path-changed"));
	analysis_free(a);
}

/* Probes 2 and 4 never arrive; the others cross 2 routers. */
static void
test_intermittent_loss(void **state)
{
	struct analysis *a = analysis_new();
	const struct finding *f;
	struct pkt s, c;
	uint32_t i;

	(void)state;
	for (i = 1; i <= 5; i++) {
		tp_echo(&s, 77, (uint16_t)i);
		c = s;
		c.ip4.ttl = 62;
		assert_int_equal(analysis_add_probe(a, i, &s), 0);
		if (i != 2 && i != 4)
			assert_int_equal(analysis_add_capt(a, i, &c), 0);
	}
	assert_int_equal(analysis_finish(a), 0);
	dump(a);
	assert_int_equal(analysis_count(a), 2);
	f = analysis_find(a, "probe-lost");
	assert_int_equal(f->count, 2);
	assert_int_equal(f->total, 5);
	assert_int_equal(f->n_probes, 2);
	assert_int_equal(f->probes[0], 2);
	assert_int_equal(f->probes[1], 4);
	assert_string_equal(f->text, "2/5 probes never reached the server "
			    "(probes 2, 4): intermittent loss on the way "
			    "there.");
	f = analysis_find(a, "hops");
	assert_int_equal(f->count, 3);
	assert_int_equal(f->total, 3);
	analysis_free(a);
}

/* Two paths of different length and two NAT addresses. */
static void
test_load_balancing(void **state)
{
	static const uint8_t ttl[5] = { 61, 61, 60, 61, 60 };
	struct analysis *a = analysis_new();
	const struct finding *f;
	struct pkt s, c;
	uint32_t i;

	(void)state;
	for (i = 0; i < 5; i++) {
		tp_udp(&s);
		c = s;
		c.ip4.ttl = ttl[i];
		inet_pton(AF_INET, ttl[i] == 60 ? "192.0.2.8" : "192.0.2.7",
			  c.ip4.src);
		tp_add(a, i + 10, &s, &c);
	}
	assert_int_equal(analysis_finish(a), 0);
	dump(a);
	assert_int_equal(analysis_count(a), 2);
	f = analysis_find(a, "hops");
	assert_true(f->varies);
	assert_string_equal(f->text, "TTL fell by 3 to 4: 3 to 4 hops between "
			    "you and the server; probes disagree, the path "
			    "changes (load balancing?).");
	f = analysis_find(a, "nat-source");
	assert_true(f->varies);
	assert_int_equal(f->count, 5);
	assert_int_equal(f->probes[0], 10);
	assert_non_null(strstr(f->text, "probes disagree"));
	analysis_free(a);
}

/* A NAT in front of 3 of 5 probes only. */
static void
test_partial_nat_counts(void **state)
{
	struct analysis *a = analysis_new();
	const struct finding *f;
	struct pkt s, c;
	uint32_t i;

	(void)state;
	for (i = 1; i <= 5; i++) {
		tp_syn(&s);
		c = s;
		if (i % 2)
			inet_pton(AF_INET, "192.0.2.7", c.ip4.src);
		tp_add(a, i, &s, &c);
	}
	assert_int_equal(analysis_finish(a), 0);
	f = analysis_find(a, "nat-source");
	assert_int_equal(analysis_count(a), 1);
	assert_int_equal(f->count, 3);
	assert_int_equal(f->total, 5);
	assert_false(f->varies);
	assert_non_null(strstr(f->text, " in 3/5 probes: "));
	analysis_free(a);
}

/* The server zeroes payloads (safe payloads): not a change. */
static void
test_safe_payloads(void **state)
{
	static const uint8_t pay[8] = { 'n', 'p', 'e', 'c', 'h', 'o', 1, 2 };
	static const uint8_t zero[8] = { 0 };
	struct analysis *a = analysis_new();
	struct analysis_summary sum;
	struct pkt s, c;

	(void)state;
	tp_udp(&s);
	tp_payload(&s, pay, sizeof(pay));
	tp_udp(&c);
	tp_payload(&c, zero, sizeof(zero));
	tp_add(a, 1, &s, &c);
	assert_int_equal(analysis_finish(a), 0);
	dump(a);
	assert_int_equal(analysis_count(a), 0);
	analysis_summary(a, &sum);
	assert_int_equal(sum.payload_zeroed, 1);
	assert_int_equal(sum.probes, 1);
	assert_int_equal(sum.captured, 1);
	analysis_free(a);
}

/* Checksums alone never make a finding. */
static void
test_checksums_alone(void **state)
{
	struct pkt s, c;
	struct analysis *a = analysis_new();

	(void)state;
	tp_syn(&s);
	c = s;
	c.ip4.csum = 0xdead;
	c.tcp.csum = 0xbeef;
	tp_add(a, 1, &s, &c);
	assert_int_equal(analysis_finish(a), 0);
	assert_int_equal(analysis_count(a), 0);
	analysis_free(a);
}

static void
test_ipv6_hop_limit(void **state)
{
	struct pkt s, c;
	struct analysis *a = analysis_new();

	(void)state;
	tp_syn6(&s);
	c = s;
	c.ip6.hlim = 62;
	c.ip6.flow = 0x12345; /* flow labels are not compared */
	tp_add(a, 1, &s, &c);
	assert_int_equal(analysis_finish(a), 0);
	dump(a);
	assert_int_equal(analysis_count(a), 1);
	assert_string_equal(analysis_finding(a, 0)->text, "Hop limit fell by "
			    "2: 2 hops between you and the server.");
	/* An IPv6 source rewrite prints the address with brackets. */
	inet_pton(AF_INET6, "2001:db8:ff::1", c.ip6.src);
	tp_add(a, 2, &s, &c);
	assert_int_equal(analysis_finish(a), 0);
	assert_string_equal(analysis_find(a, "nat-source")->capt,
			    "[2001:db8:ff::1]:40000");
	analysis_free(a);
}

static void
test_arp_only_loss(void **state)
{
	struct pkt s;
	struct analysis *a = analysis_new();

	(void)state;
	memset(&s, 0, sizeof(s));
	s.layers = PKT_HAS_ETH | PKT_HAS_ARP;
	s.arp.op = 1;
	assert_int_equal(analysis_add_probe(a, 1, &s), 0);
	assert_int_equal(analysis_add_probe(a, 2, &s), 0);
	assert_int_equal(analysis_add_capt(a, 1, &s), 0);
	assert_int_equal(analysis_finish(a), 0);
	assert_int_equal(analysis_count(a), 1);
	assert_string_equal(analysis_finding(a, 0)->tag, "probe-lost");
	assert_int_equal(analysis_finding(a, 0)->probes[0], 2);
	analysis_free(a);
}

/* Without the extension: an RST for a probe the server never saw. */
static void
test_forged_without_extension(void **state)
{
	struct pkt s, r, err;
	struct analysis *a = analysis_new();
	const struct finding *f;

	(void)state;
	tp_syn(&s);
	tp_synack(&r);
	r.tcp.flags = TCP_RST | TCP_ACK;
	assert_int_equal(analysis_add_probe(a, 2, &s), 0);
	assert_int_equal(analysis_add_rcvd(a, 2, &r), 0);
	assert_int_equal(analysis_finish(a), 0);
	/* Nothing was ever captured: echoing may not work, so no claim. */
	assert_int_equal(analysis_count(a), 1);
	assert_non_null(analysis_find(a, "probe-lost"));
	tp_add(a, 1, &s, &s);
	/* A router's ICMP error for probe 3 explains, it is no forgery. */
	tp_ip4(&err, "10.5.5.5", "10.0.0.1", 1);
	err.layers |= PKT_HAS_ICMP4;
	err.icmp4.type = 11;
	assert_int_equal(analysis_add_probe(a, 3, &s), 0);
	assert_int_equal(analysis_add_rcvd(a, 3, &err), 0);
	assert_int_equal(analysis_finish(a), 0);
	dump(a);
	assert_int_equal(analysis_count(a), 2);
	f = analysis_find(a, "forged-reply");
	assert_non_null(strstr(f->text, "although the server never captured"));
	assert_int_equal(f->count, 1);
	assert_int_equal(f->total, 3);
	assert_int_equal(f->probes[0], 2);
	f = analysis_find(a, "probe-lost");
	assert_int_equal(f->count, 2);
	analysis_free(a);
}

/*
 * With the extension: a router answers every SYN with a reset and drops
 * it, so nothing is captured at all.  The session itself shows the server
 * captures for us, so the resets are forged; a router's ICMP error for a
 * lost probe still is not.  (The lab's "reject with tcp reset" case.)
 */
static void
test_forged_extension_nothing_captured(void **state)
{
	struct pkt s, rst, err;
	struct analysis *a = analysis_new();
	const struct finding *f;
	uint32_t i;

	(void)state;
	analysis_set_extension(a, 1);
	tp_syn(&s);
	tp_synack(&rst);
	rst.tcp.flags = TCP_RST | TCP_ACK;
	rst.ip4.ttl = 63;
	for (i = 1; i <= 3; i++) {
		assert_int_equal(analysis_add_probe(a, i, &s), 0);
		assert_int_equal(analysis_add_rcvd(a, i, &rst), 0);
	}
	tp_ip4(&err, "10.5.5.5", "10.0.0.1", 1);
	err.layers |= PKT_HAS_ICMP4;
	err.icmp4.type = 3;
	err.icmp4.code = 13;
	assert_int_equal(analysis_add_probe(a, 4, &s), 0);
	assert_int_equal(analysis_add_rcvd(a, 4, &err), 0);
	assert_int_equal(analysis_finish(a), 0);
	dump(a);
	assert_int_equal(analysis_count(a), 2);
	f = analysis_find(a, "probe-lost");
	assert_non_null(f);
	assert_int_equal(f->count, 4);
	f = analysis_find(a, "forged-reply");
	assert_non_null(f);
	assert_int_equal(f->count, 3);
	assert_int_equal(f->total, 4);
	assert_int_equal(f->probes[2], 3);
	assert_non_null(strstr(f->text, "although the server never captured"));
	/* Without the extension the same run proves nothing. */
	analysis_set_extension(a, 0);
	assert_int_equal(analysis_finish(a), 0);
	assert_int_equal(analysis_count(a), 1);
	assert_null(analysis_find(a, "forged-reply"));
	analysis_free(a);
}

/* Things that look like changes but are not. */
static void
test_no_false_alarms(void **state)
{
	static const uint8_t quote_srv[8] = { 0x45, 0, 0, 28, 1, 2, 3, 4 };
	static const uint8_t quote_got[8] = { 0x45, 0, 0, 28, 9, 9, 9, 9 };
	struct analysis *a = analysis_new();
	struct pkt s, c, srv, r;

	(void)state;
	analysis_set_extension(a, 1);
	/* 1: the source address was left for the kernel to fill in. */
	tp_syn(&s);
	c = s;
	memset(s.ip4.src, 0, 4);
	tp_add(a, 1, &s, &c);
	/* ... and the reply got congestion-marked on the way back. */
	tp_synack(&srv);
	srv.ip4.tos = 0x02;
	r = srv;
	r.ip4.tos = 0x03;
	assert_int_equal(analysis_add_server_reply(a, 1, &srv), 0);
	assert_int_equal(analysis_add_rcvd(a, 1, &r), 0);
	/* 2: a UDP probe answered with port unreachable whose quote a NAT
	 * rewrote on the way back. */
	tp_udp(&s);
	tp_add(a, 2, &s, &s);
	tp_ip4(&srv, "10.9.9.9", "10.0.0.1", 1);
	srv.layers |= PKT_HAS_ICMP4;
	srv.icmp4.type = 3;
	srv.icmp4.code = 3;
	r = srv;
	tp_payload(&srv, quote_srv, sizeof(quote_srv));
	tp_payload(&r, quote_got, sizeof(quote_got));
	assert_int_equal(analysis_add_server_reply(a, 2, &srv), 0);
	assert_int_equal(analysis_add_rcvd(a, 2, &r), 0);
	/* 3: the capture cut the IPv6 extension headers short. */
	tp_syn6(&s);
	s.ip6.n_ext = 2;
	s.ip6.ext[0] = 0;  /* hop-by-hop */
	s.ip6.ext[1] = 60; /* destination options */
	c = s;
	c.layers = PKT_HAS_IP6;
	c.problems = PKT_TRUNC_L3;
	c.ip6.n_ext = 1;
	tp_add(a, 3, &s, &c);
	assert_int_equal(analysis_add_server_reply(a, 3, &srv), 0);
	assert_int_equal(analysis_add_rcvd(a, 3, &srv), 0);
	/* 4: the server's host retransmitted its SYN-ACK; one arrived. */
	tp_syn(&s);
	tp_synack(&srv);
	tp_add(a, 4, &s, &s);
	assert_int_equal(analysis_add_server_reply(a, 4, &srv), 0);
	assert_int_equal(analysis_add_server_reply(a, 4, &srv), 0);
	assert_int_equal(analysis_add_rcvd(a, 4, &srv), 0);
	assert_int_equal(analysis_finish(a), 0);
	dump(a);
	assert_int_equal(analysis_count(a), 0);
	analysis_free(a);
}

/* The real SYN-ACK is dropped and a reset is injected in its place. */
static void
test_rst_injected_reply_dropped(void **state)
{
	struct analysis *a = analysis_new();
	struct pkt s, srv, rst;

	(void)state;
	tp_syn(&s);
	tp_synack(&srv);
	rst = srv;
	rst.tcp.flags = TCP_RST;
	tp_add(a, 1, &s, &s);
	assert_int_equal(analysis_add_server_reply(a, 1, &srv), 0);
	assert_int_equal(analysis_add_rcvd(a, 1, &rst), 0);
	assert_int_equal(analysis_finish(a), 0);
	dump(a);
	assert_int_equal(analysis_count(a), 2);
	assert_non_null(analysis_find(a, "reply-lost"));
	assert_non_null(strstr(analysis_find(a, "forged-reply")->text,
			       "(TCP R from 10.9.9.9:80)"));
	analysis_free(a);
}

static void
test_api_errors(void **state)
{
	struct analysis *a = analysis_new();
	struct analysis_summary sum;
	struct pkt s, r;
	int i;

	(void)state;
	tp_syn(&s);
	tp_synack(&r);
	analysis_free(NULL);
	assert_int_equal(analysis_add_probe(NULL, 1, &s), ERR_INVALID);
	assert_int_equal(analysis_add_probe(a, 1, NULL), ERR_INVALID);
	assert_int_equal(analysis_add_capt(a, 1, NULL), ERR_INVALID);
	assert_int_equal(analysis_add_rcvd(NULL, 1, &r), ERR_INVALID);
	assert_int_equal(analysis_finish(NULL), ERR_INVALID);
	assert_int_equal(analysis_count(a), 0);
	assert_null(analysis_finding(a, 0));
	assert_int_equal(analysis_add_probe(a, 1, &s), 0);
	assert_int_equal(analysis_add_probe(a, 1, &s), ERR_INVALID);
	for (i = 0; i < ANALYSIS_MAX_REPLIES; i++)
		assert_int_equal(analysis_add_rcvd(a, 1, &r), 0);
	assert_int_equal(analysis_add_rcvd(a, 1, &r), ERR_LIMIT);
	/* An echo of a probe never sent is kept out of every count. */
	assert_int_equal(analysis_add_capt(a, 99, &s), 0);
	assert_int_equal(analysis_finish(a), 0);
	analysis_summary(a, &sum);
	assert_int_equal(sum.dropped, 1);
	assert_int_equal(sum.probes, 1);
	assert_int_equal(sum.received, 1);
	assert_null(analysis_finding(a, analysis_count(a)));
	assert_null(analysis_find(a, "no-such-tag"));
	analysis_free(a);
}

/* Probes added in any order come out sorted in probes[]. */
static void
test_probe_order(void **state)
{
	static const uint32_t order[6] = { 9, 3, 70000, 1, 5, 4000000000u };
	struct analysis *a = analysis_new();
	const struct finding *f;
	struct pkt s;
	int i;

	(void)state;
	tp_syn(&s);
	for (i = 0; i < 6; i++)
		assert_int_equal(analysis_add_probe(a, order[i], &s), 0);
	assert_int_equal(analysis_finish(a), 0);
	f = analysis_find(a, "probe-lost");
	assert_int_equal(f->n_probes, 6);
	assert_int_equal(f->probes[0], 1);
	assert_int_equal(f->probes[1], 3);
	assert_int_equal(f->probes[2], 5);
	assert_int_equal(f->probes[3], 9);
	assert_int_equal(f->probes[4], 70000);
	assert_int_equal(f->probes[5], 4000000000u);
	analysis_free(a);
}

/* The tail fragment arrives first; the head replaces it when it comes. */
static void
test_fragments_out_of_order(void **state)
{
	struct pkt s, head, tail;
	struct analysis *a = analysis_new();
	struct analysis_summary sum;

	(void)state;
	tp_syn(&s);
	s.tcp.win = 100;
	head = s;
	head.ip4.flags |= IP4_FLAG_MF;
	head.tcp.win = 200; /* only visible in the head */
	tp_ip4(&tail, "10.0.0.1", "10.9.9.9", 6);
	tail.ip4.frag_off = 3;
	tail.problems = PKT_FRAGMENT;
	tp_add(a, 1, &s, &tail);
	assert_int_equal(analysis_add_capt(a, 1, &head), 0);
	assert_int_equal(analysis_finish(a), 0);
	dump(a);
	assert_int_equal(analysis_count(a), 2);
	assert_non_null(analysis_find(a, "fragmented"));
	assert_string_equal(analysis_find(a, "tcp-window-changed")->capt,
			    "200");
	analysis_summary(a, &sum);
	assert_int_equal(sum.extra_capt, 1);
	analysis_free(a);
}

static char *
print_to_string(const struct analysis *a, int verbosity)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(analysis_text_print(f, a, verbosity), 0);
	fclose(f);
	return buf;
}

static void
test_text_printer(void **state)
{
	static const uint8_t pay[4] = { 1, 2, 3, 4 };
	static const uint8_t zero[4] = { 0 };
	struct analysis *a = analysis_new();
	struct pkt s, c;
	char *out;

	(void)state;
	out = print_to_string(a, 0);
	assert_string_equal(out, ""); /* nothing sent: no block */
	free(out);
	tp_udp(&s);
	tp_payload(&s, pay, sizeof(pay));
	c = s;
	tp_payload(&c, zero, sizeof(zero));
	inet_pton(AF_INET, "192.0.2.7", c.ip4.src);
	c.ip4.ttl = 61;
	tp_add(a, 1, &s, &c);
	assert_int_equal(analysis_finish(a), 0);
	out = print_to_string(a, -1);
	assert_string_equal(out,
		"Packet Echo Analysis:\n"
		" |_Source IP changed: 10.0.0.1:53 -> 192.0.2.7:53 in 1/1 "
		"probe: a NAT between you and the server.\n"
		" |_TTL fell by 3: 3 hops between you and the server.\n");
	free(out);
	out = print_to_string(a, 0);
	assert_non_null(strstr(out, " |_Payloads came back zeroed"));
	free(out);
	out = print_to_string(a, 1);
	assert_non_null(strstr(out, "hops between you and the server.\n"
			       " |    ip.ttl: sent 64, captured 61; probe 1 "
			       "[hops, info]\n"));
	free(out);
	out = print_to_string(a, -2);
	assert_string_equal(out, "");
	free(out);
	/* A lost probe's evidence states the event. */
	assert_int_equal(analysis_add_probe(a, 2, &s), 0);
	assert_int_equal(analysis_finish(a), 0);
	out = print_to_string(a, 1);
	assert_non_null(strstr(out, "\n |    probe: sent -> not captured; "
			       "probe 2 [probe-lost, warning]\n"));
	free(out);
	out = print_to_string(a, -2);
	assert_string_equal(out, "");
	free(out);
	/* A clean run still says so. */
	analysis_free(a);
	a = analysis_new();
	tp_add(a, 1, &s, &s);
	assert_int_equal(analysis_finish(a), 0);
	out = print_to_string(a, 0);
	assert_string_equal(out, "Packet Echo Analysis:\n"
			    " |_No changes seen in transit.\n");
	free(out);
	analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_path_only_hops),
		cmocka_unit_test(test_nat_both_ways),
		cmocka_unit_test(test_intermittent_loss),
		cmocka_unit_test(test_load_balancing),
		cmocka_unit_test(test_partial_nat_counts),
		cmocka_unit_test(test_safe_payloads),
		cmocka_unit_test(test_checksums_alone),
		cmocka_unit_test(test_ipv6_hop_limit),
		cmocka_unit_test(test_arp_only_loss),
		cmocka_unit_test(test_forged_without_extension),
		cmocka_unit_test(test_forged_extension_nothing_captured),
		cmocka_unit_test(test_no_false_alarms),
		cmocka_unit_test(test_rst_injected_reply_dropped),
		cmocka_unit_test(test_api_errors),
		cmocka_unit_test(test_probe_order),
		cmocka_unit_test(test_fragments_out_of_order),
		cmocka_unit_test(test_text_printer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
