/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for option handling: Nping's --ip-options syntax gives the
 * bytes nping 0.7.93 really sent (captured with -vvv on loopback), the IPv4
 * option builders, the --tcp-options parser with its error messages, and
 * options surviving a build/decode round trip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_proto_util.h"

#include "proto/build.h"
#include "proto/ip4opt.h"
#include "proto/ipv4.h"
#include "proto/tcpopt.h"

static size_t
ipspec(const char *spec, uint8_t *out)
{
	struct errbuf eb = { { 0 } };
	size_t len = 99;

	assert_int_equal(ip4_opts_parse_spec(spec, out, 40, &len, &eb), 0);
	assert_string_equal(eb.msg, "");
	return len;
}

static void
test_ip_spec_like_nping(void **state)
{
	uint8_t o[40], want[40];
	size_t n;

	(void)state;
	/* R: NOP, RR len 39 ptr 4 (the fixture's option bytes). */
	n = ipspec("R", o);
	assert_int_equal(n, 40);
	memset(want, 0, sizeof(want));
	memcpy(want, "\x01\x07\x27\x04", 4);
	assert_memory_equal(o, want, 40);
	/* T: 44 28 05 00 + 36 zero bytes. */
	n = ipspec("T", o);
	assert_int_equal(n, 40);
	memset(want, 0, sizeof(want));
	memcpy(want, "\x44\x28\x05\x00", 4);
	assert_memory_equal(o, want, 40);
	/* U: 44 24 05 01 + 32 zero bytes. */
	n = ipspec("u", o);
	assert_int_equal(n, 36);
	memcpy(want, "\x44\x24\x05\x01", 4);
	assert_memory_equal(o, want, 36);
	/* L 10.9.1.1: 01 83 0b 04 0a 09 01 01 00 00 00 00 */
	n = ipspec("L 10.9.1.1", o);
	assert_int_equal(n, 12);
	assert_memory_equal(o, "\x01\x83\x0b\x04\x0a\x09\x01\x01\0\0\0\0", 12);
	/* S 1.2.3.4 5.6.7.8: 01 89 0f 04 ... 00 00 00 00 */
	n = ipspec("S 1.2.3.4 5.6.7.8", o);
	assert_int_equal(n, 16);
	assert_memory_equal(o, "\x01\x89\x0f\x04\x01\x02\x03\x04\x05\x06\x07"
			    "\x08\0\0\0\0", 16);
	/* \x01\x02*3: 01 02 02 02 */
	n = ipspec("\\x01\\x02*3", o);
	assert_int_equal(n, 4);
	assert_memory_equal(o, "\x01\x02\x02\x02", 4);
	n = ipspec("\\x44\\x0c\\x05\\x00\\x00*8", o);
	assert_int_equal(n, 12);
	assert_int_equal(ip4_opts_check(o, n), 0);
}

static void
test_ip_spec_errors(void **state)
{
	static const char *const bad[] = {
		"Z", "", "RR", "S", "L ", "S 1.2.3", "L 1.2.3.4 x",
		("S 1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4 5.5.5.5 6.6.6.6 7.7.7.7 "
		 "8.8.8.8 9.9.9.9"),
		"\\x0", "\\xzz", "\\x01*0", "\\x01*41", "*3", "\\x01 \\x02",
	};
	struct errbuf eb;
	uint8_t o[40];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		eb.msg[0] = '\0';
		assert_int_equal(ip4_opts_parse_spec(bad[i], o, sizeof(o), &n,
						     &eb), ERR_INVALID);
		assert_true(strlen(eb.msg) > 0);
	}
	/* Eight addresses is the most that fits with Nping's extra slot. */
	n = ipspec("S 1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4 5.5.5.5 6.6.6.6 "
		   "7.7.7.7 8.8.8.8", o);
	assert_int_equal(n, 40);
	assert_int_equal(ip4_opts_parse_spec("L 1.2.3.4", o, 5, &n, NULL),
			 ERR_NOSPACE);
	assert_int_equal(ip4_opts_parse_spec("Q", o, 40, &n, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "'Q'"));
}

static void
test_ip_opt_builders(void **state)
{
	static const uint8_t addrs[2][4] = { { 1, 2, 3, 4 }, { 5, 6, 7, 8 } };
	uint8_t o[64];
	size_t n;

	(void)state;
	assert_int_equal(ip4_opt_rr(o, sizeof(o), &n, 2), 0);
	assert_int_equal(n, 11);
	assert_memory_equal(o, "\x07\x0b\x04", 3);
	assert_int_equal(ip4_opt_rr(o, sizeof(o), &n, 10), ERR_INVALID);
	assert_int_equal(ip4_opt_rr(o, 10, &n, 2), ERR_NOSPACE);
	assert_int_equal(ip4_opt_ts(o, sizeof(o), &n, 3, 2), 0);
	assert_int_equal(n, 20);
	assert_memory_equal(o, "\x44\x14\x05\x03", 4);
	assert_int_equal(ip4_opt_ts(o, sizeof(o), &n, 2, 1), ERR_INVALID);
	assert_int_equal(ip4_opt_ts(o, sizeof(o), &n, 1, 5), ERR_INVALID);
	assert_int_equal(ip4_opt_srr(o, sizeof(o), &n, 0, addrs, 2), 0);
	assert_int_equal(n, 11);
	assert_memory_equal(o, "\x83\x0b\x04\x01\x02\x03\x04\x05\x06\x07\x08",
			    11);
	assert_int_equal(ip4_opt_raw(o, sizeof(o), &n,
				     (const uint8_t *)"\x94\x04\0\0", 4), 0);
	assert_int_equal(n, 4);
	assert_int_equal(ip4_opts_check(o, 4), 0);
	assert_int_equal(ip4_opts_check((const uint8_t *)"\x07\x01", 2),
			 ERR_INVALID);
	assert_int_equal(ip4_opts_check((const uint8_t *)"\x01\x07", 2),
			 ERR_INVALID);
	assert_int_equal(ip4_opts_check((const uint8_t *)"\x07\x05\x04", 3),
			 ERR_INVALID);
	assert_int_equal(ip4_opts_check((const uint8_t *)"\x00\x07", 2), 0);
}

/* The RR reply of doc/output.md §3.3: RR with 4 hops recorded, then EOL. */
static void
test_ip_opt_walk(void **state)
{
	uint8_t o[40];
	struct ip4_opt opt;
	size_t pos = 0;

	(void)state;
	memset(o, 0, sizeof(o));
	memcpy(o, "\x07\x27\x14\x0a\x09\x02\x01", 7);
	assert_int_equal(ip4_opt_next(o, 40, &pos, &opt), 1);
	assert_int_equal(opt.kind, IP4OPT_RR);
	assert_int_equal(opt.len, 39);
	assert_int_equal(opt.off, 0);
	assert_int_equal(o[opt.off + 2], 20); /* pointer: 4 hops filled */
	assert_int_equal(ip4_opt_next(o, 40, &pos, &opt), 1);
	assert_int_equal(opt.kind, IP4OPT_EOL);
	assert_int_equal(opt.off, 39);
	assert_int_equal(ip4_opt_next(o, 40, &pos, &opt), 0);
	/* NOP, then a length running past the end. */
	pos = 0;
	assert_int_equal(ip4_opt_next((const uint8_t *)"\x01\x83\x09", 3,
				      &pos, &opt), 1);
	assert_int_equal(opt.kind, IP4OPT_NOP);
	assert_int_equal(ip4_opt_next((const uint8_t *)"\x01\x83\x09", 3,
				      &pos, &opt), ERR_INVALID);
}

/* Options from the spec, built into a packet, decode unchanged. */
static void
test_ip_opts_round_trip(void **state)
{
	static const char *const specs[] = { "R", "T", "U", "L 10.9.1.1",
					     "S 1.2.3.4 5.6.7.8", "\\x01*3" };
	uint8_t o[128];
	struct pkt_spec s;
	struct pkt pk;
	size_t i, n, len;

	(void)state;
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		memset(&s, 0, sizeof(s));
		s.ip_version = 4;
		s.l4 = 1;
		s.icmp4.type = 8;
		n = ipspec(specs[i], s.ip4.opts);
		s.ip4.opts_len = (uint8_t)n;
		assert_int_equal(pkt_build(o, sizeof(o), &len, &s, NULL), 0);
		assert_int_equal(pkt_decode(o, len, PKT_LINK_IP, &pk), 0);
		assert_int_equal(pk.problems, 0);
		assert_int_equal(pk.ip4.ihl, 5 + (n + 3) / 4);
		assert_memory_equal(pk.ip4.opts, s.ip4.opts, n);
		assert_true(pkt_cksum_ok(&pk));
	}
}

static void
tcp_spec_bytes(const char *spec, const char *want, size_t wlen)
{
	struct errbuf eb = { { 0 } };
	struct tcp_optlist l;
	uint8_t o[64];
	size_t n;

	assert_int_equal(tcp_opts_parse_spec(spec, &l, &eb), 0);
	assert_int_equal(tcp_optlist_encode(&l, o, sizeof(o), &n), 0);
	assert_int_equal(n, wlen);
	assert_memory_equal(o, want, wlen);
}

static void
test_tcp_spec(void **state)
{
	(void)state;
	tcp_spec_bytes("mss=1460,sackok,ts,nop,wscale=7",
		       "\x02\x04\x05\xb4\x04\x02\x08\x0a\0\0\0\0\0\0\0\0"
		       "\x01\x03\x03\x07", 20);
	tcp_spec_bytes("MSS=0x5b4", "\x02\x04\x05\xb4", 4);
	tcp_spec_bytes("ts=1:4294967295,eol",
		       "\x08\x0a\0\0\0\x01\xff\xff\xff\xff\0\0", 12);
	tcp_spec_bytes("sack=1:2/3:4",
		       "\x05\x12\0\0\0\x01\0\0\0\x02\0\0\0\x03\0\0\0\x04\0\0",
		       20);
	tcp_spec_bytes("raw=fe0401ff", "\xfe\x04\x01\xff", 4);
	tcp_spec_bytes("raw=0x1e", "\x1e\0\0\0", 4); /* malformed on purpose */
	tcp_spec_bytes("kind=30:abcd,nop", "\x1e\x04\xab\xcd\x01\0\0\0", 8);
	tcp_spec_bytes("kind=34", "\x22\x02\0\0", 4);
	tcp_spec_bytes("", "", 0);
}

static void
test_tcp_spec_errors(void **state)
{
	static const struct {
		const char *spec, *item;
	} bad[] = {
		{ "mss=65536", "'mss=65536'" },
		{ "mss", "'mss'" },
		{ "mss=", "'mss='" },
		{ "mss=-1", "'mss=-1'" },
		{ "nop,wscale=256", "'wscale=256'" },
		{ "sackok,bogus", "'bogus'" },
		{ "ts=1", "'ts=1'" },
		{ "ts=1:2:3", "'ts=1:2:3'" },
		{ "sack=1:2/3:4/5:6/7:8/9:10", "'sack=1:2/3:4/5:6/7:8/9:10'" },
		{ "sack=", "'sack='" },
		{ "raw=abc", "'raw=abc'" },
		{ "raw=xx", "'raw=xx'" },
		{ "nop=1", "'nop=1'" },
		{ "kind=256", "'kind=256'" },
		{ "mss=1,,nop", "''" },
		{ "ts,ts,ts,ts,nop", "longer than 40" },
	};
	struct tcp_optlist l;
	struct errbuf eb;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		eb.msg[0] = '\0';
		assert_int_equal(tcp_opts_parse_spec(bad[i].spec, &l, &eb),
				 ERR_INVALID);
		if (!strstr(eb.msg, bad[i].item))
			fail_msg("'%s': message '%s' lacks %s", bad[i].spec,
				 eb.msg, bad[i].item);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ip_spec_like_nping),
		cmocka_unit_test(test_ip_spec_errors),
		cmocka_unit_test(test_ip_opt_builders),
		cmocka_unit_test(test_ip_opt_walk),
		cmocka_unit_test(test_ip_opts_round_trip),
		cmocka_unit_test(test_tcp_spec),
		cmocka_unit_test(test_tcp_spec_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
