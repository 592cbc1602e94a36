/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for output/lines: SENT/RCVD/CAPT lines (real Nping lines and
 * dumps, doc/output.md §3, §3.12 and §5) and the echo-mode CAPT rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "output/lines.h"
#include "test_output_pkt.h"

static const char sent_dump[] =
"0000   45 00 00 1c a8 c0 00 00  40 01 bb 0b 0a 09 01 02  E.......@.......\n"
"0010   0a 09 02 02 08 00 b7 3f  40 bf 00 01              .......?@...    \n";
static const char capt_dump[] =
"0000   45 00 00 1c a8 c0 00 00  3f 01 bc 0b 0a 09 01 02  E.......?.......\n"
"0010   0a 09 02 02 08 00 b7 3f  40 bf 00 01              .......?@...    \n";

static char *
capture(int (*fn)(FILE *, const void *), const void *arg)
{
	char *mem = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&mem, &sz);

	assert_non_null(f);
	assert_int_equal(fn(f, arg), 0);
	fclose(f);
	return mem;
}

struct capt_args {
	double t;
	const struct pkt *s, *c;
	int v;
	const uint8_t *dump;
	size_t dump_len;
};

static int
run_capt(FILE *f, const void *arg)
{
	const struct capt_args *a = arg;

	return line_print_capt(f, a->t, a->s, a->c, a->v, a->dump,
			       a->dump_len);
}

static int
run_sent(FILE *f, const void *arg)
{
	const struct capt_args *a = arg;

	return line_print_pkt(f, LINE_SENT, a->t, a->s, a->v, a->dump,
			      a->dump_len);
}

static void
expect_capt(const struct pkt *s, const struct pkt *c, int v, const char *w)
{
	char out[1024];
	size_t n = capt_describe(s, c, v, out, sizeof(out));

	assert_string_equal(out, w);
	assert_int_equal(n, strlen(w));
}

/* The -vvv echo session of doc/output.md §3.12: SENT and CAPT lines with
 * their dumps. */
static void
test_echo_icmp_vvv(void **state)
{
	uint8_t sb[64], cb[64];
	struct pkt s, c;
	size_t sn = dump_to_bin(sent_dump, sb, sizeof(sb));
	size_t cn = dump_to_bin(capt_dump, cb, sizeof(cb));
	struct capt_args a = { 0.6733, &s, &c, 3, sb, sn };
	char *out;

	(void)state;
	fill_ip(&s, sb, sn);
	fill_ip(&c, cb, cn);
	out = capture(run_sent, &a);
	assert_string_equal(out,
"SENT (0.6733s) ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=16575 seq=1] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=43200 foff=0 ttl=64 proto=1 csum=0xbb0b]\n"
"0000   45 00 00 1c a8 c0 00 00  40 01 bb 0b 0a 09 01 02  E.......@.......\n"
"0010   0a 09 02 02 08 00 b7 3f  40 bf 00 01              .......?@...    \n");
	free(out);
	a.t = 0.6919;
	a.dump = cb;
	a.dump_len = cn;
	out = capture(run_capt, &a);
	assert_string_equal(out,
"CAPT (0.6919s) ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=16575 seq=1] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=43200 foff=0 ttl=63 proto=1 csum=0xbc0b]\n"
"0000   45 00 00 1c a8 c0 00 00  3f 01 bc 0b 0a 09 01 02  E.......?.......\n"
"0010   0a 09 02 02 08 00 b7 3f  40 bf 00 01              .......?@...    \n");
	free(out);
	/* -vv: the full line, no dump. */
	a.v = 2;
	out = capture(run_capt, &a);
	assert_string_equal(out,
"CAPT (0.6919s) ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=16575 seq=1] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=43200 foff=0 ttl=63 proto=1 csum=0xbc0b]\n");
	free(out);
	/* Only TTL decrement and checksum changed: hidden by default. */
	expect_capt(&s, &c, 0, "ICMP 10.9.1.2 > 10.9.2.2");
	expect_capt(&s, &c, 1, "ICMP [10.9.1.2 > 10.9.2.2] IP [ttl=63 csum=0xbc0b]");
	expect_capt(&s, &c, -1, "ICMP 10.9.1.2 > 10.9.2.2");
}

static void
tcp_pkt(struct pkt *p, uint8_t *b, const char *src, const char *dst,
	uint16_t sp, uint8_t ttl, uint16_t ipcsum, uint16_t win,
	uint16_t tcpcsum, const uint8_t *opts, size_t olen)
{
	struct ip4spec s = { .src = src, .dst = dst, .ttl = ttl, .proto = 6,
			     .id = 60467, .csum = ipcsum };
	uint8_t l4[64];
	size_t n = mk_tcp(l4, sp, 80, 1754993861, 0, TCP_SYN, win, tcpcsum,
			  opts, olen);

	fill_ip(p, b, mk_ip4(b, &s, l4, n));
}

/* The echo proposal's NAT example, plus middlebox rewrites. */
static void
test_capt_nat_and_rewrites(void **state)
{
	static const uint8_t mss[] = { 2, 4, 0x05, 0x78 };
	uint8_t sb[128], cb[128];
	struct pkt s, c;

	(void)state;
	tcp_pkt(&s, sb, "192.168.1.99", "74.207.254.18", 33856, 64, 0x2d6b,
		0, 0x807e, NULL, 0);
	tcp_pkt(&c, cb, "10.1.2.158", "10.0.23.56", 33856, 53, 0xf43d, 0,
		0x34fd, NULL, 0);
	expect_capt(&s, &c, 0, "TCP 10.1.2.158:33856 > 10.0.23.56:80");
	expect_capt(&s, &c, 1, "TCP [10.1.2.158:33856 > 10.0.23.56:80 csum=0x34FD] IP [ttl=53 csum=0xf43d]");
	/* A TTL that went up, a window and an added MSS option. */
	tcp_pkt(&c, cb, "10.1.2.158", "10.0.23.56", 33856, 200, 0xf43d,
		1024, 0x34fd, mss, sizeof(mss));
	expect_capt(&s, &c, 0, "TCP 10.1.2.158:33856 > 10.0.23.56:80 iplen=44 ttl=200 off=6 win=1024 <mss 1400>");
	expect_capt(&s, &c, 1, "TCP [10.1.2.158:33856 > 10.0.23.56:80 off=6 win=1024 csum=0x34FD <mss 1400>] IP [iplen=44 ttl=200 csum=0xf43d]");
	/* Options removed by the middlebox. */
	expect_capt(&c, &s, 0, "TCP 192.168.1.99:33856 > 74.207.254.18:80 iplen=40 off=5 win=0 <>");
	/* -vv and up: the full HIGH description. */
	expect_capt(&s, &c, 2, "TCP [10.1.2.158:33856 > 10.0.23.56:80 S seq=1754993861 ack=0 off=6 res=0 win=1024 csum=0x34FD urp=0 <mss 1400>] IP [ver=4 ihl=5 tos=0x00 iplen=44 id=60467 foff=0 ttl=200 proto=6 csum=0xf43d]");
}

/* The -v2 mitm-check session (doc/output.md §3.12): the CAPT line is the
 * full line. */
static void
test_capt_mitm_check_contract(void **state)
{
	uint8_t cb[64], l4[32];
	struct pkt s, c;
	struct ip4spec ip = { .src = "10.9.1.2", .dst = "10.9.2.2", .ttl = 63,
			      .proto = 6, .id = 14230, .csum = 0x2d25 };
	char line[1024];

	(void)state;
	mk_tcp(l4, 1862, 80, 1054816376, 0, TCP_SYN, 1480, 0x1418, NULL, 0);
	fill_ip(&c, cb, mk_ip4(cb, &ip, l4, 20));
	s = c;
	s.ip4.ttl = 64;
	s.ip4.csum = 0x2c25;
	capt_describe(&s, &c, 2, line, sizeof(line));
	{
		char full[1100];

		line_format(LINE_CAPT, 0.5311, line, full, sizeof(full));
		assert_string_equal(full, "CAPT (0.5311s) TCP [10.9.1.2:1862 > 10.9.2.2:80 S seq=1054816376 ack=0 off=5 res=0 win=1480 csum=0x1418 urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=14230 foff=0 ttl=63 proto=6 csum=0x2d25]");
	}
	line_format_pkt(LINE_SENT, 0.5129, &s, 2, line, sizeof(line));
	assert_string_equal(line, "SENT (0.5129s) TCP [10.9.1.2:1862 > 10.9.2.2:80 S seq=1054816376 ack=0 off=5 res=0 win=1480 csum=0x1418 urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=14230 foff=0 ttl=64 proto=6 csum=0x2c25]");
	/* Default verbosity: Nping printed the whole LOW line; npecho the
	 * addresses and what changed. */
	line_format_pkt(LINE_RCVD, 0.7955, &c, 0, line, sizeof(line));
	assert_string_equal(line, "RCVD (0.7955s) TCP 10.9.1.2:1862 > 10.9.2.2:80 S ttl=63 id=14230 iplen=40  seq=1054816376 win=1480 ");
	expect_capt(&s, &c, 0, "TCP 10.9.1.2:1862 > 10.9.2.2:80");
}

static void
test_capt_udp_payload_and_fallback(void **state)
{
	uint8_t sb[64], cb[64], l4[32] = { 0, 53, 0x1e, 0x61, 0, 13, 0, 0,
					   'h', 'e', 'l', 'l', 'o' };
	struct ip4spec ip = { .src = "10.9.1.2", .dst = "10.9.2.2", .ttl = 64,
			      .proto = 17, .id = 1 };
	struct pkt s, c;

	(void)state;
	fill_ip(&s, sb, mk_ip4(sb, &ip, l4, 13));
	l4[8] = 'j';
	l4[7] = 9;
	ip.ttl = 60;
	fill_ip(&c, cb, mk_ip4(cb, &ip, l4, 13));
	expect_capt(&s, &c, 0, "UDP 10.9.1.2:53 > 10.9.2.2:7777 payload=modified");
	expect_capt(&s, &c, 1, "UDP [10.9.1.2:53 > 10.9.2.2:7777 csum=0x0009 payload=modified] IP [ttl=60]");
	l4[5] = 12;
	fill_ip(&c, cb, mk_ip4(cb, &ip, l4, 12));
	expect_capt(&s, &c, 0, "UDP 10.9.1.2:53 > 10.9.2.2:7777 iplen=32 len=12 paylen=4");
	/* Different protocol: the captured packet in full. */
	ip.proto = 1;
	memset(l4, 0, 8);
	l4[0] = 8;
	fill_ip(&c, cb, mk_ip4(cb, &ip, l4, 8));
	expect_capt(&s, &c, 0, "ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=0 seq=0] IP [ttl=60 id=1 iplen=28 ]");
	memset(&c, 0, sizeof(c));
	expect_capt(&s, &c, 1, "BOGUS!  Can't parse supposed IP packet");
}

static void
test_line_format(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(line_format(LINE_RCVD, 2.01857, "x", out,
				     sizeof(out)), 16);
	assert_string_equal(out, "RCVD (2.0186s) x");
	line_format(LINE_SENT, 0.00474, "", out, sizeof(out));
	assert_string_equal(out, "SENT (0.0047s) ");
	assert_string_equal(line_kind_name(LINE_CAPT), "CAPT");
	assert_int_equal(line_format(LINE_CAPT, 123.0, "abc", out, 5),
			 strlen("CAPT (123.0000s) abc"));
	assert_string_equal(out, "CAPT");
}

/* Real Nping lines of doc/output.md §6. */
static void
test_mode_lines(void **state)
{
	char out[256];

	(void)state;
	line_format_mode(EV_TCP_START, 0.0020, NULL, "10.9.2.2", 80, 0, NULL,
			 out, sizeof(out));
	assert_string_equal(out, "SENT (0.0020s) Starting TCP Handshake > 10.9.2.2:80");
	line_format_mode(EV_TCP_DONE, 0.0021, NULL, "10.9.2.2", 80, 0, NULL,
			 out, sizeof(out));
	assert_string_equal(out, "RCVD (0.0021s) Handshake with 10.9.2.2:80 completed");
	line_format_mode(EV_TCP_RST, 1.0038, NULL, "10.9.2.2", 81, 0,
			 "Connection refused", out, sizeof(out));
	assert_string_equal(out, "RCVD (1.0038s) Possible TCP RST received from 10.9.2.2:81 --> Connection refused");
	line_format_mode(EV_TCP_START, 0.0030, "localhost", "127.0.0.1", 80, 0,
			 NULL, out, sizeof(out));
	assert_string_equal(out, "SENT (0.0030s) Starting TCP Handshake > localhost:80 (127.0.0.1:80)");
	line_format_mode(EV_TCP_DONE, 0.0031, "localhost", "127.0.0.1", 80, 0,
			 NULL, out, sizeof(out));
	assert_string_equal(out, "RCVD (0.0031s) Handshake with localhost:80 (127.0.0.1:80) completed");
	line_format_mode(EV_TCP_RST, 0.0020, NULL, "::1", 80, 0,
			 "Connection refused", out, sizeof(out));
	assert_string_equal(out, "RCVD (0.0020s) Possible TCP RST received from ::1:80 --> Connection refused");
	line_format_mode(EV_UDP_SENT, 0.0020, NULL, "10.9.2.2", 7777, 4, NULL,
			 out, sizeof(out));
	assert_string_equal(out, "SENT (0.0020s) UDP packet with 4 bytes to 10.9.2.2:7777");
	line_format_mode(EV_UDP_RCVD, 0.0025, NULL, "10.9.2.2", 7777, 4, NULL,
			 out, sizeof(out));
	assert_string_equal(out, "RCVD (0.0025s) UDP packet with 4 bytes from 10.9.2.2:7777");
	line_format_mode(EV_UDP_ERR, 0.3022, NULL, "10.9.2.2", 40125, 0,
			 "Connection refused", out, sizeof(out));
	assert_string_equal(out, "ERR: (0.3022s) READ to 10.9.2.2:40125 failed: Connection refused");
}

/* IPv6: a lower hop limit is expected, a new flow label is not. */
static void
test_capt_ipv6(void **state)
{
	uint8_t sb[128], cb[128], l4[64];
	struct pkt s, c;
	size_t n;

	(void)state;
	n = mk_tcp(l4, 40000, 80, 1, 0, TCP_SYN, 1480, 0x1111, NULL, 0);
	fill_ip(&s, sb, mk_ip6(sb, "fd00::1", "fd00::2", 0, 0x12345, 6, 64,
			       l4, n));
	fill_ip(&c, cb, mk_ip6(cb, "fd00::1", "fd00::2", 0, 0x12345, 6, 61,
			       l4, n));
	expect_capt(&s, &c, 0, "TCP fd00::1:40000 > fd00::2:80");
	expect_capt(&s, &c, 1, "TCP [fd00::1:40000 > fd00::2:80] IP [hopl=61]");
	fill_ip(&c, cb, mk_ip6(cb, "fd00::1", "fd00::2", 0x20, 0x54321, 6, 61,
			       l4, n));
	expect_capt(&s, &c, 0, "TCP fd00::1:40000 > fd00::2:80 tclass=32 flow=54321");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_echo_icmp_vvv),
		cmocka_unit_test(test_capt_nat_and_rewrites),
		cmocka_unit_test(test_capt_mitm_check_contract),
		cmocka_unit_test(test_capt_udp_payload_and_fallback),
		cmocka_unit_test(test_line_format),
		cmocka_unit_test(test_mode_lines),
		cmocka_unit_test(test_capt_ipv6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
