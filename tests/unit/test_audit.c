/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the path audit's verdict rules (client/audit.h): no
 * check ever says passed (or none) without an echo that shows it, a check
 * whose run had no session says unknown, and the rules name the changes
 * they are built for (MSS clamped, ECN bleached, NAPT, a transparent
 * proxy, a rewritten TTL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "client/audit.h"
#include "client/client_int.h"
#include "output/audit.h"
#include "proto/build.h"
#include "proto/tcpopt.h"

static const uint8_t cli[4] = { 10, 0, 1, 1 }, srv[4] = { 10, 0, 2, 2 };
static const uint8_t nat[4] = { 10, 0, 2, 1 };
static const uint8_t cli6[16] = { 0xfd, 0x77, 0, 1, [15] = 1 };
static const uint8_t srv6[16] = { 0xfd, 0x77, 0, 2, [15] = 2 };

/* A probe the way the audit's runs send them. */
struct probe {
	int v6;
	uint8_t l4;             /* 6 or 17 */
	uint16_t sport, dport;
	uint8_t tos, ttl, flags;
	uint16_t mss;           /* TCP option, 0: none */
	const uint8_t *src;
};

static void
put(struct ec_obs_pkt *k, const struct probe *d)
{
	struct pkt_spec s;
	struct tcp_optlist ol;

	memset(&s, 0, sizeof(s));
	s.ip_version = d->v6 ? 6 : 4;
	if (d->v6) {
		s.ip6.hlim = d->ttl;
		s.ip6.tclass = d->tos;
		memcpy(s.ip6.src, d->src ? d->src : cli6, 16);
		memcpy(s.ip6.dst, srv6, 16);
	} else {
		s.ip4.ttl = d->ttl;
		s.ip4.tos = d->tos;
		s.ip4.id = 4242;
		memcpy(s.ip4.src, d->src ? d->src : cli, 4);
		memcpy(s.ip4.dst, srv, 4);
	}
	s.l4 = d->l4;
	s.tcp.sport = s.udp.sport = d->sport;
	s.tcp.dport = s.udp.dport = d->dport;
	s.tcp.seq = 1000;
	s.tcp.flags = d->flags ? d->flags : 0x02;
	s.tcp.win = 1480;
	if (d->mss) {
		memset(&ol, 0, sizeof(ol));
		assert_int_equal(tcp_optlist_add_mss(&ol, d->mss), 0);
		assert_int_equal(tcp_optlist_to_fields(&ol, &s.tcp), 0);
	}
	assert_int_equal(pkt_build(k->b, sizeof(k->b), &k->len, &s, NULL), 0);
}

/* A run record: one started session whose probes were sent (the udp
 * checks' run: one probe per port). */
static void
sent_only(struct ec_obs *o, int v6, int udp_ports)
{
	static const uint16_t ports[] = { 53, 123, 443, 500, 4500 };
	size_t i, n = udp_ports ? 5 : 1;

	memset(o, 0, sizeof(*o));
	o->started = 1;
	o->ext = NEP_EXT_ALL;
	o->n = n;
	for (i = 0; i < n; i++) {
		struct probe d = { v6, (uint8_t)(udp_ports ? 17 : 6), 40000,
				   udp_ports ? ports[i] : 33435, 0, 64, 0, 0,
				   NULL };

		put(&o->p[i].sent, &d);
	}
}

static int
pass_like(const char *v)
{
	return !strcmp(v, "passed") || !strcmp(v, "none") ||
	       !strcmp(v, "preserved") || !strcmp(v, "endpoint-independent");
}

static int
is_udp_check(const char *name)
{
	return !strncmp(name, "udp-", 4);
}

/* Probes sent, none echoed: never a pass; dropped or unknown. */
static void
test_no_echo_is_never_a_pass(void **state)
{
	struct ec_obs *o = calloc(3, sizeof(*o));
	size_t i;
	int v6;

	(void)state;
	assert_non_null(o);
	for (v6 = 0; v6 <= 1; v6++)
		for (i = 0; i < audit_check_count(); i++) {
			const struct ec_obs *run[3] = { NULL, NULL, NULL };
			struct audit_row row;
			int k, fam = audit_check_family(i);

			if (fam && fam != (v6 ? 6 : 4))
				continue;
			for (k = 0; k < audit_check_runs(i); k++) {
				sent_only(&o[k], v6,
					  is_udp_check(audit_check_name(i)));
				run[k] = &o[k];
			}
			audit_judge(i, run, v6, &row);
			if (pass_like(row.verdict))
				fail_msg("%s: '%s' without an echo (%s)",
					 row.check, row.verdict, row.detail);
			assert_true(!strcmp(row.verdict, "dropped") ||
				    !strcmp(row.verdict, "unknown"));
			assert_true(row.detail[0] != 0);
		}
	free(o);
}

/* No session for the check's runs: unknown, and never changed. */
static void
test_no_session_is_unknown(void **state)
{
	const struct ec_obs *run[3] = { NULL, NULL, NULL };
	struct audit_row row;
	size_t i;

	(void)state;
	for (i = 0; i < audit_check_count(); i++) {
		audit_judge(i, run, audit_check_family(i) == 6, &row);
		assert_string_equal(row.verdict, "unknown");
		assert_int_equal(row.changed, 0);
	}
}

static size_t
find(const char *name, int v6)
{
	size_t i;

	for (i = 0; i < audit_check_count(); i++) {
		int fam = audit_check_family(i);

		if (!strcmp(audit_check_name(i), name) &&
		    (!fam || fam == (v6 ? 6 : 4)))
			return i;
	}
	fail_msg("no check %s", name);
	return 0;
}

static void
judge1(const char *name, int v6, const struct probe *sent,
       const struct probe *capt, struct audit_row *row)
{
	struct ec_obs *o = calloc(1, sizeof(*o));
	const struct ec_obs *run[3] = { NULL, NULL, NULL };

	assert_non_null(o);
	o->started = 1;
	o->n = 1;
	put(&o->p[0].sent, sent);
	if (capt)
		put(&o->p[0].capt, capt);
	run[0] = o;
	audit_judge(find(name, v6), run, v6, row);
	free(o);
}

static void
test_tcp_mss_clamped(void **state)
{
	struct probe s = { 0, 6, 40000, 33435, 0, 64, 0, 1460, NULL };
	struct probe c = s;
	struct audit_row row;

	(void)state;
	c.ttl = 63;
	c.mss = 536;
	judge1("tcp-mss", 0, &s, &c, &row);
	assert_string_equal(row.verdict, "clamped");
	assert_string_equal(row.detail, "MSS 1460 -> 536");
	assert_string_equal(row.sent, "1460");
	assert_string_equal(row.seen, "536");
	assert_int_equal(row.changed, 1);
	c.mss = 1460;
	judge1("tcp-mss", 0, &s, &c, &row);
	assert_string_equal(row.verdict, "passed");
	c.mss = 0;
	judge1("tcp-mss", 0, &s, &c, &row);
	assert_string_equal(row.verdict, "stripped");
}

static void
test_nat_kinds(void **state)
{
	struct probe s = { 0, 6, 40000, 33435, 0, 64, 0, 0, NULL };
	struct probe c = s;
	struct audit_row row;

	(void)state;
	judge1("nat", 0, &s, &c, &row);
	assert_string_equal(row.verdict, "none");
	assert_int_equal(row.changed, 0);
	c.src = nat;
	judge1("nat", 0, &s, &c, &row);
	assert_string_equal(row.verdict, "nat");
	c.sport = 61000;
	judge1("nat", 0, &s, &c, &row);
	assert_string_equal(row.verdict, "napt");
	assert_string_equal(row.detail,
			    "10.0.1.1 port 40000 -> 10.0.2.1 port 61000");
	judge1("port-preservation", 0, &s, &c, &row);
	assert_string_equal(row.verdict, "changed");
}

/* ECT(0), ECT(1), CE all arriving not-ECT: bleached, each named. */
static void
test_ecn_bleached(void **state)
{
	struct ec_obs *o = calloc(3, sizeof(*o));
	const struct ec_obs *run[3];
	struct audit_row row;
	int k;

	(void)state;
	assert_non_null(o);
	for (k = 0; k < 3; k++) {
		struct probe s = { 0, 17, 40000, 33436, 0, 64, 0, 0, NULL };
		struct probe c;

		s.tos = (uint8_t)(k == 0 ? 2 : k == 1 ? 1 : 3);
		c = s;
		c.tos = 0;
		o[k].started = 1;
		o[k].n = 1;
		put(&o[k].p[0].sent, &s);
		put(&o[k].p[0].capt, &c);
		run[k] = &o[k];
	}
	audit_judge(find("ecn", 0), run, 0, &row);
	assert_string_equal(row.verdict, "bleached");
	assert_string_equal(row.detail, "ECT(0) -> not-ECT, ECT(1) -> not-ECT, "
			    "CE -> not-ECT");
	/* One of them lost, the others kept: dropped, not passed. */
	memset(&o[2].p[0].capt, 0, sizeof(o[2].p[0].capt));
	for (k = 0; k < 2; k++)
		memcpy(&o[k].p[0].capt, &o[k].p[0].sent, sizeof(o[k].p[0].sent));
	audit_judge(find("ecn", 0), run, 0, &row);
	assert_string_equal(row.verdict, "dropped");
	free(o);
}

/* A SYN-ACK came back, the SYN never arrived: a transparent proxy; a
 * reset instead: reset; nothing: dropped. */
static void
test_proxy(void **state)
{
	struct probe s = { 0, 6, 40000, 80, 0, 64, 0, 0, NULL };
	struct probe r = { 0, 6, 80, 40000, 0, 64, 0x12, 0, srv };
	struct ec_obs *o = calloc(1, sizeof(*o));
	const struct ec_obs *run[3] = { NULL, NULL, NULL };
	struct audit_row row;

	(void)state;
	assert_non_null(o);
	o->started = 1;
	o->n = 1;
	put(&o->p[0].sent, &s);
	put(&o->p[0].rcvd, &r);
	run[0] = o;
	audit_judge(find("proxy-80", 0), run, 0, &row);
	assert_string_equal(row.verdict, "transparent-proxy");
	r.flags = 0x14;
	put(&o->p[0].rcvd, &r);
	audit_judge(find("proxy-80", 0), run, 0, &row);
	assert_string_equal(row.verdict, "reset");
	memset(&o->p[0].rcvd, 0, sizeof(o->p[0].rcvd));
	audit_judge(find("proxy-80", 0), run, 0, &row);
	assert_string_equal(row.verdict, "dropped");
	/* The SYN arrived as sent: none. */
	put(&o->p[0].capt, &s);
	audit_judge(find("proxy-80", 0), run, 0, &row);
	assert_string_equal(row.verdict, "none");
	free(o);
}

/* Probes sent with 64 and 48 that both arrive with 64: rewritten, no hop
 * count claimed. */
static void
test_ttl_rewritten(void **state)
{
	struct ec_obs *o = calloc(2, sizeof(*o));
	const struct ec_obs *run[3] = { NULL, NULL, NULL };
	struct audit_row row;
	int k;

	(void)state;
	assert_non_null(o);
	for (k = 0; k < 2; k++) {
		struct probe s = { 0, 6, 40000, 33435, 0, 64, 0, 0, NULL };
		struct probe c;

		s.ttl = (uint8_t)(k ? 48 : 64);
		c = s;
		c.ttl = 63;
		o[k].started = 1;
		o[k].n = 1;
		put(&o[k].p[0].sent, &s);
		put(&o[k].p[0].capt, &c);
		run[k] = &o[k];
	}
	audit_judge(find("ttl", 0), run, 0, &row);
	assert_string_equal(row.verdict, "rewritten");
	o[1].p[0].capt.len = 0;
	{
		struct probe c = { 0, 6, 40000, 33435, 0, 47, 0, 0, NULL };

		put(&o[1].p[0].capt, &c);
	}
	audit_judge(find("ttl", 0), run, 0, &row);
	assert_string_equal(row.verdict, "passed");
	assert_string_equal(row.detail, "1 hop (64 -> 63)");
	free(o);
}

/* Reply checks need the reply-echo extension (a stock Nping: unknown). */
static void
test_reply_needs_extension(void **state)
{
	struct probe s = { 0, 6, 40000, 33435, 0, 64, 0, 0, NULL };
	struct ec_obs *o = calloc(1, sizeof(*o));
	const struct ec_obs *run[3] = { NULL, NULL, NULL };
	struct audit_row row;

	(void)state;
	assert_non_null(o);
	o->started = 1;
	o->n = 1;
	put(&o->p[0].sent, &s);
	put(&o->p[0].capt, &s);
	run[0] = o;
	audit_judge(find("reply-ttl", 0), run, 0, &row);
	assert_string_equal(row.verdict, "unknown");
	assert_non_null(strstr(row.detail, "stock Nping"));
	free(o);
}

/* Names are unique per family: the JSON keys on them. */
static void
test_names_unique(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < audit_check_count(); i++)
		for (j = i + 1; j < audit_check_count(); j++)
			if (!strcmp(audit_check_name(i), audit_check_name(j)))
				assert_true(audit_check_family(i) &&
					    audit_check_family(j) &&
					    audit_check_family(i) !=
					    audit_check_family(j));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_echo_is_never_a_pass),
		cmocka_unit_test(test_no_session_is_unknown),
		cmocka_unit_test(test_tcp_mss_clamped),
		cmocka_unit_test(test_nat_kinds),
		cmocka_unit_test(test_ecn_bleached),
		cmocka_unit_test(test_proxy),
		cmocka_unit_test(test_ttl_rewritten),
		cmocka_unit_test(test_reply_needs_extension),
		cmocka_unit_test(test_names_unique),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
