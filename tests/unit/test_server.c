/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for server/table.h: session admission limits, echo budgets,
 * reply-flow matching on decoded packets, the passphrase file and peer
 * formatting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "helpers/pktbuild.h"
#include "proto/packet.h"
#include "server/table.h"

static const uint8_t CLI4[4] = { 10, 77, 1, 1 };
static const uint8_t SRV4[4] = { 10, 77, 2, 2 };
static const uint8_t OTHER4[4] = { 10, 77, 3, 3 };
static const uint8_t CLI6[16] = { 0xfd, 0x77, 0, 1, [15] = 1 };
static const uint8_t SRV6[16] = { 0xfd, 0x77, 0, 2, [15] = 2 };

static struct srv_addr
addr4(const uint8_t ip[4])
{
	struct srv_addr a;

	memset(&a, 0, sizeof(a));
	a.af = AF_INET;
	memcpy(a.ip, ip, 4);
	return a;
}

/* ---- table ---- */

static void
test_table_limits(void **state)
{
	struct srv_table t;
	struct srv_addr a = addr4(CLI4), b = addr4(OTHER4), c;
	const char *why = NULL;
	int i0, i1, i2, i3;

	(void)state;
	assert_int_equal(srv_table_init(&t, 0, 1), ERR_INVALID);
	assert_int_equal(srv_table_init(&t, 3, 0), ERR_INVALID);
	assert_int_equal(srv_table_init(&t, 3, 2), 0);

	i0 = srv_table_add(&t, &a, &t, &why);
	i1 = srv_table_add(&t, &a, &t, &why);
	assert_true(i0 >= 0 && i1 >= 0 && i0 != i1);
	assert_int_equal(srv_table_count_addr(&t, &a), 2);
	/* third from the same address: per-address cap */
	assert_int_equal(srv_table_add(&t, &a, &t, &why), ERR_LIMIT);
	assert_string_equal(why, "too many sessions from this address");
	/* another address fills the table */
	i2 = srv_table_add(&t, &b, &t, &why);
	assert_true(i2 >= 0 && i2 != i0 && i2 != i1);
	/* the same 4 bytes as IPv6 are a different address, but the table
	 * is full now */
	memset(&c, 0, sizeof(c));
	c.af = AF_INET6;
	memcpy(c.ip, CLI4, 4);
	assert_int_equal(srv_table_count_addr(&t, &c), 0);
	assert_int_equal(srv_table_add(&t, &c, &t, &why), ERR_LIMIT);
	assert_string_equal(why, "too many sessions");

	/* removing frees exactly that slot; bad indexes are ignored */
	srv_table_remove(&t, -1);
	srv_table_remove(&t, 99);
	srv_table_remove(&t, i1);
	srv_table_remove(&t, i1);
	assert_int_equal(t.used, 2);
	assert_int_equal(srv_table_count_addr(&t, &a), 1);
	i3 = srv_table_add(&t, &c, &c, &why);
	assert_int_equal(i3, i1);
	assert_ptr_equal(t.slots[i3].owner, &c);
	srv_table_fini(&t);
	srv_table_fini(&t);
	srv_table_fini(NULL);
}

static void
test_budget(void **state)
{
	uint64_t plain, ext;

	(void)state;
	/* an explicit budget wins, whatever the spec says */
	assert_int_equal(srv_echo_budget(7, 1000, 1), 7);
	/* -c 0 runs until interrupted: still bounded, by the maximum */
	assert_true(srv_echo_budget(0, 0, 0) == SRV_BUDGET_MAX);
	assert_true(srv_echo_budget(0, 0, 1) == SRV_BUDGET_MAX);
	/* and no explicit budget goes past it either */
	assert_true(srv_echo_budget(UINT64_MAX, 5, 0) == SRV_BUDGET_MAX);
	assert_true(srv_echo_budget(SRV_BUDGET_MAX + 1, 0, 0) ==
		    SRV_BUDGET_MAX);
	/* derived: every probe of a multi-port run plus slack fits, and
	 * replies double it */
	plain = srv_echo_budget(0, 5, 0);
	ext = srv_echo_budget(0, 5, 1);
	assert_true(plain >= 5u * SRV_BUDGET_FACTOR + SRV_BUDGET_SLACK);
	assert_true(ext >= 2 * 5u * SRV_BUDGET_FACTOR);
	assert_true(ext > plain);
	assert_true(srv_echo_budget(0, 65535, 1) > 65535u * 2);
	assert_true(srv_echo_budget(0, 6, 0) > plain);
}

/* ---- reply flows ---- */

static void
decode(const uint8_t *p, size_t len, struct pkt *out)
{
	assert_int_equal(pkt_decode(p, len, PKT_LINK_IP, out), 0);
}

static void
test_flows_icmp_echo(void **state)
{
	struct srv_flows fl;
	uint8_t b[128], r[128];
	struct pkt probe, rep;
	size_t n;

	(void)state;
	memset(&fl, 0, sizeof(fl));
	n = pb_icmp(b, 4, CLI4, SRV4, 8, 0, 0x10920001, NULL, 0);
	decode(b, n, &probe);
	assert_false(srv_flows_is_reply(&fl, &probe));
	srv_flows_add(&fl, &probe);
	/* the probe itself is not a reply */
	assert_false(srv_flows_is_reply(&fl, &probe));
	/* echo reply, same id, mirrored addresses */
	n = pb_icmp(r, 4, SRV4, CLI4, 0, 0, 0x10920001, NULL, 0);
	decode(r, n, &rep);
	assert_true(srv_flows_is_reply(&fl, &rep));
	/* other id */
	n = pb_icmp(r, 4, SRV4, CLI4, 0, 0, 0x10930001, NULL, 0);
	decode(r, n, &rep);
	assert_false(srv_flows_is_reply(&fl, &rep));
	/* same id to another host */
	n = pb_icmp(r, 4, SRV4, OTHER4, 0, 0, 0x10920001, NULL, 0);
	decode(r, n, &rep);
	assert_false(srv_flows_is_reply(&fl, &rep));
}

static void
test_flows_tcp_udp(void **state)
{
	struct srv_flows fl;
	uint8_t b[256], r[256];
	struct pkt probe, rep;
	size_t n, qlen;

	(void)state;
	memset(&fl, 0, sizeof(fl));
	n = pb_tcp(b, 4, CLI4, SRV4, 4000, 80, TCP_SYN);
	decode(b, n, &probe);
	srv_flows_add(&fl, &probe);
	n = pb_tcp(r, 4, SRV4, CLI4, 80, 4000, TCP_RST | TCP_ACK);
	decode(r, n, &rep);
	assert_true(srv_flows_is_reply(&fl, &rep));
	n = pb_tcp(r, 4, SRV4, CLI4, 80, 4001, TCP_RST | TCP_ACK);
	decode(r, n, &rep);
	assert_false(srv_flows_is_reply(&fl, &rep));
	/* UDP with the same ports is another protocol */
	n = pb_udp(r, 4, SRV4, CLI4, 80, 4000, 0);
	decode(r, n, &rep);
	assert_false(srv_flows_is_reply(&fl, &rep));

	/* UDP probe; a port unreachable quoting it is a reply */
	qlen = pb_udp(b, 4, CLI4, SRV4, 53, 7777, 4);
	decode(b, qlen, &probe);
	srv_flows_add(&fl, &probe);
	n = pb_icmp(r, 4, SRV4, CLI4, 3, 3, 0, b, qlen);
	decode(r, n, &rep);
	assert_true(srv_flows_is_reply(&fl, &rep));
	/* ... but not when sent to someone else */
	n = pb_icmp(r, 4, SRV4, OTHER4, 3, 3, 0, b, qlen);
	decode(r, n, &rep);
	assert_false(srv_flows_is_reply(&fl, &rep));
	/* ... nor when the quote is another flow */
	qlen = pb_udp(b, 4, CLI4, SRV4, 53, 7778, 4);
	n = pb_icmp(r, 4, SRV4, CLI4, 3, 3, 0, b, qlen);
	decode(r, n, &rep);
	assert_false(srv_flows_is_reply(&fl, &rep));
}

static void
test_flows_ipv6_and_ring(void **state)
{
	struct srv_flows fl;
	uint8_t b[256], r[256];
	struct pkt probe, rep;
	size_t n;
	uint16_t i;

	(void)state;
	memset(&fl, 0, sizeof(fl));
	n = pb_tcp(b, 16, CLI6, SRV6, 5000, 443, TCP_SYN);
	decode(b, n, &probe);
	srv_flows_add(&fl, &probe);
	srv_flows_add(&fl, &probe); /* a repeat takes no new entry */
	n = pb_tcp(r, 16, SRV6, CLI6, 443, 5000, TCP_SYN | TCP_ACK);
	decode(r, n, &rep);
	assert_true(srv_flows_is_reply(&fl, &rep));
	n = pb_icmp(r, 16, SRV6, CLI6, 129, 0, 0x00070001, NULL, 0);
	decode(r, n, &rep);
	assert_false(srv_flows_is_reply(&fl, &rep));

	/* SRV_FLOWS - 1 other flows keep the first; one more evicts it */
	for (i = 0; i < SRV_FLOWS - 1; i++) {
		n = pb_udp(b, 16, CLI6, SRV6, 100, (uint16_t)(1000 + i), 0);
		decode(b, n, &probe);
		srv_flows_add(&fl, &probe);
	}
	n = pb_tcp(r, 16, SRV6, CLI6, 443, 5000, TCP_SYN | TCP_ACK);
	decode(r, n, &rep);
	assert_true(srv_flows_is_reply(&fl, &rep));
	n = pb_udp(b, 16, CLI6, SRV6, 100, 2000, 0);
	decode(b, n, &probe);
	srv_flows_add(&fl, &probe);
	assert_false(srv_flows_is_reply(&fl, &rep));
}

/* ---- text ---- */

static void
test_addr_of_pkt(void **state)
{
	struct srv_addr src, dst, want;
	uint8_t b[128];
	struct pkt p;
	size_t n;

	(void)state;
	n = pb_icmp(b, 4, CLI4, SRV4, 8, 0, 0x10920001, NULL, 0);
	decode(b, n, &p);
	assert_int_equal(srv_addr_of_pkt(&p, 0, &src), 0);
	assert_int_equal(srv_addr_of_pkt(&p, 1, &dst), 0);
	want = addr4(CLI4);
	assert_true(srv_addr_eq(&src, &want));
	assert_false(srv_addr_eq(&dst, &want));
	want = addr4(SRV4);
	assert_true(srv_addr_eq(&dst, &want));
	n = pb_icmp(b, 16, CLI6, SRV6, 128, 0, 0x10920001, NULL, 0);
	decode(b, n, &p);
	assert_int_equal(srv_addr_of_pkt(&p, 0, &src), 0);
	assert_int_equal(src.af, AF_INET6);
	assert_memory_equal(src.ip, CLI6, 16);
	/* same bytes, other family: not equal */
	memset(&want, 0, sizeof(want));
	want.af = AF_INET;
	memcpy(want.ip, CLI6, 4);
	assert_false(srv_addr_eq(&src, &want));
	memset(&p, 0, sizeof(p));
	assert_int_equal(srv_addr_of_pkt(&p, 0, &src), ERR_INVALID);
}

/* ---- log rate limit ---- */

static void
test_ratelimit(void **state)
{
	struct srv_ratelimit rl;
	uint64_t t = 5000000000ull, step = 1000000000ull / SRV_LOG_RATE;
	int i, n = 0;

	(void)state;
	memset(&rl, 0, sizeof(rl));
	for (i = 0; i < 1000; i++)
		n += srv_rl_allow(&rl, t);
	assert_int_equal(n, SRV_LOG_BURST);
	assert_int_equal(srv_rl_take(&rl), 1000 - SRV_LOG_BURST);
	assert_int_equal(srv_rl_take(&rl), 0);
	/* one token per 1/RATE s: a second gives RATE lines */
	n = 0;
	for (i = 0; i < 10 * SRV_LOG_RATE; i++)
		n += srv_rl_allow(&rl, t + 1000000000ull + (uint64_t)i);
	assert_int_equal(n, SRV_LOG_RATE);
	/* half a token period later: still nothing */
	assert_false(srv_rl_allow(&rl, t + 1000000000ull + step / 2));
	/* a long quiet time refills the burst, not more */
	n = 0;
	for (i = 0; i < 1000; i++)
		n += srv_rl_allow(&rl, t + 3600 * 1000000000ull);
	assert_int_equal(n, SRV_LOG_BURST);
	/* a clock that goes backwards gives nothing extra */
	assert_false(srv_rl_allow(&rl, t));
}

static void
test_fmt_peer(void **state)
{
	struct srv_addr a = addr4(CLI4);
	char out[SRV_PEER_LEN];

	(void)state;
	srv_fmt_peer(&a, 34371, out, sizeof(out));
	assert_string_equal(out, "10.77.1.1:34371");
	memset(&a, 0, sizeof(a));
	a.af = AF_INET6;
	memcpy(a.ip, CLI6, 16);
	srv_fmt_peer(&a, 9929, out, sizeof(out));
	assert_string_equal(out, "[fd77:1::1]:9929");
	srv_fmt_peer(&a, 9929, out, 6);
	assert_string_equal(out, "[fd77");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_limits),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_flows_icmp_echo),
		cmocka_unit_test(test_flows_tcp_udp),
		cmocka_unit_test(test_flows_ipv6_and_ring),
		cmocka_unit_test(test_addr_of_pkt),
		cmocka_unit_test(test_ratelimit),
		cmocka_unit_test(test_fmt_peer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
