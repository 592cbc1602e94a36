/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the probe engine's pure parts: probes built from a parsed
 * command line carry exactly the configured fields, and the matcher accepts
 * the replies (direct and ICMP errors quoting the probe) that answer them
 * and nothing else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cli/config.h"
#include "probe/probe.h"
#include "proto/build.h"
#include "proto/packet.h"

struct fixture {
	struct config cfg;
	struct probe_tmpl tmpl;
	struct probe_target tg;
	uint8_t buf[2048];
	size_t len;
	struct pkt p;
};

static void
parse(struct fixture *f, const char *const *args, size_t n)
{
	struct cli_env env = { .is_root = true, .env_priv = -1, .seeded = true,
			       .seed = 42 };
	char *argv[32];
	struct errbuf eb = { { 0 } };
	size_t i;

	static char prog[] = "npecho";

	argv[0] = prog;
	for (i = 0; i < n; i++)
		memcpy(&argv[i + 1], &args[i], sizeof(argv[0])); /* argv is not written */
	assert_int_equal(cli_parse((int)n + 1, argv, &env, &f->cfg, &eb), 0);
	assert_int_equal(probe_tmpl_init(&f->tmpl, &f->cfg, 0, &eb), 0);
}

static void
target4(struct probe_target *tg, const char *src, const char *dst)
{
	memset(tg, 0, sizeof(*tg));
	tg->af = AF_INET;
	inet_pton(AF_INET, src, tg->src);
	inet_pton(AF_INET, dst, tg->addr);
	tg->icmp_id = 4242;
	tg->icmp_seq = 1;
}

static void
build(struct fixture *f, uint16_t dport, uint8_t ttl, uint16_t seq)
{
	struct probe_vals v = { .dport = dport, .ttl = ttl, .icmp_seq = seq };

	assert_int_equal(probe_build(&f->tmpl, &f->cfg, &f->tg, &v, f->buf,
				     sizeof(f->buf), &f->len), 0);
	assert_int_equal(pkt_decode(f->buf, f->len, PKT_LINK_IP, &f->p), 0);
	assert_int_equal(f->p.problems, 0);
}

static void
ctx_for(const struct fixture *f, struct match_ctx *m)
{
	memset(m, 0, sizeof(*m));
	m->mode = f->cfg.mode;
	m->af = f->cfg.af;
	m->targets = &f->tg;
	m->n_targets = 1;
	m->sport = (uint16_t)f->cfg.sport.v;
	m->icmp_type = (uint8_t)f->cfg.icmp_type.v;
}

/* A reply from the target built with pkt_build, decoded. */
static void
reply4(struct pkt_spec *s, const struct probe_target *tg, uint8_t *buf,
       size_t cap, struct pkt *out)
{
	size_t len;

	s->ip_version = 4;
	s->ip4.ttl = 63;
	memcpy(s->ip4.src, tg->addr, 4);
	memcpy(s->ip4.dst, tg->src, 4);
	assert_int_equal(pkt_build(buf, cap, &len, s, NULL), 0);
	assert_int_equal(pkt_decode(buf, len, PKT_LINK_IP, out), 0);
}

static void
test_tcp_probe_fields(void **state)
{
	static const char *const a[] = { "--tcp", "-p", "80", "-g", "4000",
		"--seq", "77", "--flags", "SA", "--win", "999", "--ttl", "9",
		"--tos", "0x10", "--id", "555", "--df",
		"--tcp-options", "mss=1400,sackok,wscale=7", "10.0.0.2" };
	struct fixture f;

	(void)state;
	memset(&f, 0, sizeof(f));
	parse(&f, a, sizeof(a) / sizeof(a[0]));
	target4(&f.tg, "10.0.0.1", "10.0.0.2");
	build(&f, 80, 9, 0);
	assert_true(f.p.layers & PKT_HAS_TCP);
	assert_int_equal(f.p.tcp.sport, 4000);
	assert_int_equal(f.p.tcp.dport, 80);
	assert_int_equal(f.p.tcp.seq, 77);
	assert_int_equal(f.p.tcp.flags, TCP_SYN | TCP_ACK);
	assert_int_equal(f.p.tcp.win, 999);
	assert_int_equal(f.p.ip4.ttl, 9);
	assert_int_equal(f.p.ip4.tos, 0x10);
	assert_int_equal(f.p.ip4.id, 555);
	assert_int_equal(f.p.ip4.flags, IP4_FLAG_DF);
	assert_true(f.p.tcp.has_mss && f.p.tcp.has_sackok && f.p.tcp.has_wscale);
	assert_int_equal(f.p.tcp.mss, 1400);
	assert_int_equal(f.p.tcp.wscale, 7);
	config_free(&f.cfg);
}

static void
test_tcp_reply_matching(void **state)
{
	static const char *const a[] = { "--tcp", "-p", "80", "-g", "4000",
		"10.0.0.2" };
	struct fixture f;
	struct match_ctx m;
	struct match_result res;
	struct pkt_spec s;
	struct pkt r;
	uint8_t buf[256];

	(void)state;
	memset(&f, 0, sizeof(f));
	parse(&f, a, sizeof(a) / sizeof(a[0]));
	target4(&f.tg, "10.0.0.1", "10.0.0.2");
	ctx_for(&f, &m);
	memset(&s, 0, sizeof(s));
	s.l4 = IPPROTO_TCP;
	s.tcp.sport = 80;
	s.tcp.dport = 4000;
	s.tcp.flags = TCP_SYN | TCP_ACK;
	reply4(&s, &f.tg, buf, sizeof(buf), &r);
	assert_int_equal(probe_match(&m, &r, &res), 1);
	assert_int_equal(res.key, 80);
	assert_int_equal(res.is_error, 0);
	/* To another source port of ours: not an answer. */
	s.tcp.dport = 4001;
	reply4(&s, &f.tg, buf, sizeof(buf), &r);
	assert_int_equal(probe_match(&m, &r, &res), 0);
	/* From a host that is not a target. */
	s.tcp.dport = 4000;
	memset(&f.tg.addr, 9, 4);
	reply4(&s, &f.tg, buf, sizeof(buf), &r);
	inet_pton(AF_INET, "10.0.0.2", f.tg.addr);
	assert_int_equal(probe_match(&m, &r, &res), 0);
	config_free(&f.cfg);
}

/* An ICMP error quoting the probe (the first 8 transport bytes only). */
static void
test_icmp_error_quotes_probe(void **state)
{
	static const char *const a[] = { "--udp", "-p", "7777", "10.0.0.2" };
	struct fixture f;
	struct match_ctx m;
	struct match_result res;
	struct pkt_spec s;
	struct pkt r;
	uint8_t buf[256];
	struct probe_target router;

	(void)state;
	memset(&f, 0, sizeof(f));
	parse(&f, a, sizeof(a) / sizeof(a[0]));
	target4(&f.tg, "10.0.0.1", "10.0.0.2");
	build(&f, 7777, 1, 0);
	ctx_for(&f, &m);
	memset(&s, 0, sizeof(s));
	s.l4 = IPPROTO_ICMP;
	s.icmp4.type = 11;
	s.payload = f.buf;
	s.payload_len = 28; /* IP header + 8 bytes */
	target4(&router, "10.0.0.1", "10.0.9.9"); /* a router answers */
	reply4(&s, &router, buf, sizeof(buf), &r);
	assert_int_equal(probe_match(&m, &r, &res), 1);
	assert_int_equal(res.key, 7777);
	assert_int_equal(res.is_error, 1);
	/* The same error quoting someone else's datagram (other sport). */
	f.buf[21] ^= 1;
	reply4(&s, &router, buf, sizeof(buf), &r);
	assert_int_equal(probe_match(&m, &r, &res), 0);
	config_free(&f.cfg);
}

static void
test_icmp_echo_matching(void **state)
{
	static const char *const a[] = { "--icmp", "10.0.0.2" };
	struct fixture f;
	struct match_ctx m;
	struct match_result res;
	struct pkt_spec s;
	struct pkt r;
	uint8_t buf[256];

	(void)state;
	memset(&f, 0, sizeof(f));
	parse(&f, a, sizeof(a) / sizeof(a[0]));
	target4(&f.tg, "10.0.0.1", "10.0.0.2");
	build(&f, 0, 64, 3);
	assert_int_equal(f.p.icmp4.type, 8);
	assert_int_equal(f.p.icmp4.id, 4242);
	assert_int_equal(f.p.icmp4.seq, 3);
	ctx_for(&f, &m);
	memset(&s, 0, sizeof(s));
	s.l4 = IPPROTO_ICMP;
	s.icmp4.type = 0;
	s.icmp4.id = 4242;
	s.icmp4.seq = 3;
	reply4(&s, &f.tg, buf, sizeof(buf), &r);
	assert_int_equal(probe_match(&m, &r, &res), 1);
	assert_int_equal(res.key, 3);
	s.icmp4.id = 4243; /* another ping's reply */
	reply4(&s, &f.tg, buf, sizeof(buf), &r);
	assert_int_equal(probe_match(&m, &r, &res), 0);
	s.icmp4.id = 4242;
	s.icmp4.type = 8; /* our own request looped back */
	reply4(&s, &f.tg, buf, sizeof(buf), &r);
	assert_int_equal(probe_match(&m, &r, &res), 0);
	config_free(&f.cfg);
}

static void
test_traceroute_ttl(void **state)
{
	struct config c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.traceroute = true;
	assert_int_equal(probe_ttl(&c, 0), 1);
	assert_int_equal(probe_ttl(&c, 254), 255);
	assert_int_equal(probe_ttl(&c, 255), 1);
	c.ttl.set = true;
	c.ttl.v = 250;
	assert_int_equal(probe_ttl(&c, 5), 255);
	assert_int_equal(probe_ttl(&c, 6), 250);
	c.ttl.v = 0;
	assert_int_equal(probe_ttl(&c, 2), 2);
	c.traceroute = false;
	c.ttl.v = 33;
	assert_int_equal(probe_ttl(&c, 7), 33);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_probe_fields),
		cmocka_unit_test(test_tcp_reply_matching),
		cmocka_unit_test(test_icmp_error_quotes_probe),
		cmocka_unit_test(test_icmp_echo_matching),
		cmocka_unit_test(test_traceroute_ttl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
