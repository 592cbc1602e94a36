/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for output/describe: every expected line is a line real Nping
 * 0.7.93 printed (doc/output.md §3 and §4 quote many), copied verbatim,
 * checked against the packet it described (the -vvv hexdump printed beside
 * it, or a packet rebuilt from every field the line shows).  Where npecho
 * fixes a Nping bug the expected line is Nping's with the fix, and says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "output/describe.h"
#include "test_output_pkt.h"

static void
expect_desc(const struct pkt *p, enum detail lv, unsigned flags,
	    const char *want)
{
	char out[2048];
	size_t n = pkt_describe_ex(p, lv, flags, out, sizeof(out));

	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
	if (p->base != NULL) { /* the same bytes through proto's decoder */
		struct pkt q;

		pkt_decode(p->base, p->caplen, (p->layers & PKT_HAS_ARP) ?
			   PKT_LINK_ARP : PKT_LINK_IP, &q);
		pkt_describe_ex(&q, lv, flags, out, sizeof(out));
		assert_string_equal(out, want);
	}
}

/* Decodes a Nping hexdump (IP packet) and checks the line printed with it. */
static void
expect_dump(const char *dump, enum detail lv, const char *want)
{
	uint8_t b[256];
	struct pkt p;
	size_t n = dump_to_bin(dump, b, sizeof(b));

	fill_ip(&p, b, n);
	expect_desc(&p, lv, 0, want);
	assert_int_equal(pkt_decode(b, n, PKT_LINK_IP, &p), 0);
	expect_desc(&p, lv, 0, want);
}

static void
test_tcp_syn_synack_vvv(void **state)
{
	(void)state;
	expect_dump(
"0000   45 00 00 28 19 93 00 00  40 06 4a 28 0a 09 01 02  E..(....@.J(....\n"
"0010   0a 09 02 02 59 f7 00 50  c5 74 cc 6f 00 00 00 00  ....Y..P.t.o....\n"
"0020   50 02 05 c8 a6 d9 00 00                           P.......        \n",
		DETAIL_HIGH,
		"TCP [10.9.1.2:23031 > 10.9.2.2:80 S seq=3312766063 ack=0 off=5 res=0 win=1480 csum=0xA6D9 urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=6547 foff=0 ttl=64 proto=6 csum=0x4a28]");
	expect_dump(
"0000   45 00 00 2c 00 00 40 00  3f 06 24 b7 0a 09 02 02  E..,..@.?.$.....\n"
"0010   0a 09 01 02 00 50 59 f7  21 d6 4b c3 c5 74 cc 70  .....PY.!.K..t.p\n"
"0020   60 12 fa f0 17 34 00 00  02 04 05 b4              `....4......    \n",
		DETAIL_HIGH,
		"TCP [10.9.2.2:80 > 10.9.1.2:23031 SA seq=567692227 ack=3312766064 off=6 res=0 win=64240 csum=0x1734 urp=0 <mss 1460>] IP [ver=4 ihl=5 tos=0x00 iplen=44 id=0 flg=D foff=0 ttl=63 proto=6 csum=0x24b7]");
	expect_dump(
"0000   45 00 00 2c 00 00 40 00  3f 06 24 b7 0a 09 02 02  E..,..@.?.$.....\n"
"0010   0a 09 01 02 00 50 59 f7  22 c4 db 27 c5 74 cc 70  .....PY.\"..'.t.p\n"
"0020   60 12 fa f0 17 34 00 00  02 04 05 b4              `....4......    \n",
		DETAIL_HIGH,
		"TCP [10.9.2.2:80 > 10.9.1.2:23031 SA seq=583326503 ack=3312766064 off=6 res=0 win=64240 csum=0x1734 urp=0 <mss 1460>] IP [ver=4 ihl=5 tos=0x00 iplen=44 id=0 flg=D foff=0 ttl=63 proto=6 csum=0x24b7]");
}

static void
test_udp_icmp_vvv(void **state)
{
	(void)state;
	expect_dump(
"0000   45 00 00 2b 30 03 00 00  40 11 33 aa 0a 09 01 02  E..+0...@.3.....\n"
"0010   0a 09 02 02 00 35 1e 61  00 17 d3 f3 68 65 6c 6c  .....5.a....hell\n"
"0020   6f 20 77 6f 72 6c 64 20  31 32 33                 o.world.123     \n",
		DETAIL_HIGH,
		"UDP [10.9.1.2:53 > 10.9.2.2:7777 len=23 csum=0xD3F3] IP [ver=4 ihl=5 tos=0x00 iplen=43 id=12291 foff=0 ttl=64 proto=17 csum=0x33aa]");
	expect_dump(
"0000   45 00 00 1c a2 7c 00 00  40 01 c1 4f 0a 09 01 02  E....|..@..O....\n"
"0010   0a 09 02 02 08 00 9b 9a  5c 64 00 01              ........\\d..    \n",
		DETAIL_HIGH,
		"ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=23652 seq=1] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=41596 foff=0 ttl=64 proto=1 csum=0xc14f]");
	expect_dump(
"0000   45 00 00 1c a8 c0 00 00  3f 01 bc 0b 0a 09 01 02  E.......?.......\n"
"0010   0a 09 02 02 08 00 b7 3f  40 bf 00 01              .......?@...    \n",
		DETAIL_HIGH,
		"ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=16575 seq=1] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=43200 foff=0 ttl=63 proto=1 csum=0xbc0b]");
	expect_dump(
"0000   45 00 00 1c 42 d1 00 00  3f 01 21 fb 0a 09 02 02  E...B...?.!.....\n"
"0010   0a 09 01 02 00 00 bf 3f  40 bf 00 01              .......?@...    \n",
		DETAIL_HIGH,
		"ICMP [10.9.2.2 > 10.9.1.2 Echo reply (type=0/code=0) id=16575 seq=1] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=17105 foff=0 ttl=63 proto=1 csum=0x21fb]");
}

/* The -vvv Port Unreachable quotes IP + exactly 8 UDP bytes: "Port
 * unreachable", as Nping prints it (scripts grep for it). */
static void
test_port_unreachable_8_bytes(void **state)
{
	(void)state;
	expect_dump(
"0000   45 c0 00 38 d1 14 00 00  3f 01 92 db 0a 09 02 02  E..8....?.......\n"
"0010   0a 09 01 02 03 03 14 2c  00 00 00 00 45 00 00 1c  .......,....E...\n"
"0020   db e5 00 00 3f 11 88 d6  0a 09 01 02 0a 09 02 02  ....?...........\n"
"0030   00 35 9c bd 00 08 4b d6                           .5....K.        \n",
		DETAIL_HIGH,
		"ICMP [10.9.2.2 > 10.9.1.2 Port unreachable (type=3/code=3) ] IP [ver=4 ihl=5 tos=0xc0 iplen=56 id=53524 foff=0 ttl=63 proto=1 csum=0x92db]");
}

static const struct ip4spec cli_srv = {
	.src = "10.9.1.2", .dst = "10.9.2.2", .ttl = 64, .proto = 6,
};
static const struct ip4spec srv_cli = {
	.src = "10.9.2.2", .dst = "10.9.1.2", .ttl = 63, .proto = 6,
};

/* IPv4 + TCP from fields; returns the decoded packet in *p (bytes in b). */
static void
tcp4(struct pkt *p, uint8_t *b, struct ip4spec s, uint16_t sp, uint16_t dp,
     uint32_t seq, uint32_t ack, uint8_t flags, uint16_t win, uint16_t csum,
     const uint8_t *opts, size_t olen)
{
	uint8_t l4[60];
	size_t n = mk_tcp(l4, sp, dp, seq, ack, flags, win, csum, opts, olen);

	fill_ip(p, b, mk_ip4(b, &s, l4, n));
}

static void
test_tcp_low_medium(void **state)
{
	static const uint8_t mss[] = { 2, 4, 0x05, 0xb4 };
	static const uint8_t syn_opts[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10,
		0x12, 0xcc, 0x7c, 0xc3, 0, 0, 0, 0, 1, 3, 3, 10 };
	uint8_t b[128];
	struct pkt p;
	struct ip4spec s = cli_srv, r = srv_cli;

	(void)state;
	s.id = 50087;
	tcp4(&p, b, s, 27818, 80, 1736345897, 0, TCP_SYN, 1480, 0, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.1.2:27818 > 10.9.2.2:80 S ttl=64 id=50087 iplen=40  seq=1736345897 win=1480 ");
	r.flags = IP4_FLAG_DF;
	tcp4(&p, b, r, 80, 27818, 825228212, 1736345898, TCP_SYN | TCP_ACK,
	     64240, 0x1734, mss, sizeof(mss));
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.2.2:80 > 10.9.1.2:27818 SA ttl=63 id=0 iplen=44  seq=825228212 win=64240 <mss 1460>");
	s.id = 58293;
	s.csum = 0x8005;
	tcp4(&p, b, s, 19518, 80, 2686281416u, 0, TCP_SYN, 1480, 0x3f91, NULL,
	     0);
	expect_desc(&p, DETAIL_MEDIUM, 0, "TCP [10.9.1.2:19518 > 10.9.2.2:80 S seq=2686281416 win=1480 csum=0x3F91] IP [ttl=64 id=58293 proto=6 csum=0x8005 iplen=40 ]");
	r.csum = 0x24b7;
	tcp4(&p, b, r, 80, 19518, 880856169, 2686281417u, TCP_SYN | TCP_ACK,
	     64240, 0x1734, mss, sizeof(mss));
	expect_desc(&p, DETAIL_MEDIUM, 0, "TCP [10.9.2.2:80 > 10.9.1.2:19518 SA seq=880856169 win=64240 csum=0x1734 <mss 1460>] IP [ttl=63 id=0 proto=6 csum=0x24b7 iplen=44 ]");
	r = srv_cli;
	r.id = 6255;
	tcp4(&p, b, r, 53504, 5555, 793872328, 0, TCP_SYN, 64240, 0, syn_opts,
	     sizeof(syn_opts));
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.2.2:53504 > 10.9.1.2:5555 S ttl=63 id=6255 iplen=60  seq=793872328 win=64240 <mss 1460,sackOK,timestamp 315391171 0,nop,wscale 10>");
	r.id = 0;
	tcp4(&p, b, r, 0, 16770, 0, 304512599, TCP_RST | TCP_ACK, 0, 0, NULL,
	     0);
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.2.2:0 > 10.9.1.2:16770 RA ttl=63 id=0 iplen=40  seq=0 win=0 ");
}

static void
test_tcp_flags_and_ip_flags(void **state)
{
	uint8_t b[128];
	struct pkt p;
	struct ip4spec s = cli_srv;

	(void)state;
	s.id = 27868;
	tcp4(&p, b, s, 36146, 81, 1282211328, 0, 0xff, 1480, 0, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.1.2:36146 > 10.9.2.2:81 SFRPAUEC ttl=64 id=27868 iplen=40  seq=1282211328 win=1480 ");
	s.id = 12564;
	tcp4(&p, b, s, 34800, 81, 1385192073, 0, TCP_ACK, 1480, 0, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.1.2:34800 > 10.9.2.2:81 A ttl=64 id=12564 iplen=40  seq=1385192073 win=1480 ");
	s.id = 41965;
	s.csum = 0xbfcd;
	tcp4(&p, b, s, 43166, 81, 3169223319u, 0, 0, 1480, 0xaa99, NULL, 0);
	expect_desc(&p, DETAIL_HIGH, 0, "TCP [10.9.1.2:43166 > 10.9.2.2:81  seq=3169223319 ack=0 off=5 res=0 win=1480 csum=0xAA99 urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=41965 foff=0 ttl=64 proto=6 csum=0xbfcd]");
	s.id = 4242;
	s.tos = 0x10;
	s.ttl = 7;
	s.csum = 0xac18;
	s.flags = IP4_FLAG_RF | IP4_FLAG_DF | IP4_FLAG_MF;
	tcp4(&p, b, s, 41810, 81, 2317802345u, 0, TCP_SYN, 1480, 0x89d1, NULL,
	     0);
	expect_desc(&p, DETAIL_HIGH, 0, "TCP [10.9.1.2:41810 > 10.9.2.2:81 S seq=2317802345 ack=0 off=5 res=0 win=1480 csum=0x89D1 urp=0] IP [ver=4 ihl=5 tos=0x10 iplen=40 id=4242 flg=xDM foff=0+ ttl=7 proto=6 csum=0xac18]");
	tcp4(&p, b, s, 12889, 81, 1097467836, 0, TCP_SYN, 1480, 0, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.1.2:12889 > 10.9.2.2:81 S ttl=7 id=4242 iplen=40 frag offset=0+  seq=1097467836 win=1480 ");
}

static void
udp4(struct pkt *p, uint8_t *b, struct ip4spec s, uint16_t sp, uint16_t dp,
     uint16_t csum, const char *data)
{
	uint8_t l4[64];
	size_t dl = strlen(data);

	put_be16(l4, sp);
	put_be16(l4 + 2, dp);
	put_be16(l4 + 4, (uint16_t)(8 + dl));
	put_be16(l4 + 6, csum);
	memcpy(l4 + 8, data, dl);
	s.proto = 17;
	fill_ip(p, b, mk_ip4(b, &s, l4, 8 + dl));
}

static void
test_udp_levels(void **state)
{
	uint8_t b[128];
	struct pkt p;
	struct ip4spec s = cli_srv, r = srv_cli;

	(void)state;
	s.id = 59905;
	udp4(&p, b, s, 53, 40125, 0, "");
	expect_desc(&p, DETAIL_LOW, 0, "UDP 10.9.1.2:53 > 10.9.2.2:40125 ttl=64 id=59905 iplen=28 ");
	s.id = 43755;
	s.csum = 0xb8cd;
	udp4(&p, b, s, 53, 40125, 0x876d, "abc");
	expect_desc(&p, DETAIL_MEDIUM, 0, "UDP [10.9.1.2:53 > 10.9.2.2:40125 csum=0x876D] IP [ttl=64 id=43755 proto=17 csum=0xb8cd iplen=31 ]");
	s.id = 15418;
	s.csum = 0x2782;
	udp4(&p, b, s, 53, 40125, 0x4bd6, "");
	expect_desc(&p, DETAIL_HIGH, 0, "UDP [10.9.1.2:53 > 10.9.2.2:40125 len=8 csum=0x4BD6] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=15418 foff=0 ttl=64 proto=17 csum=0x2782]");
	r.id = 27681;
	udp4(&p, b, r, 7777, 53, 0, "hello");
	expect_desc(&p, DETAIL_LOW, 0, "UDP 10.9.2.2:7777 > 10.9.1.2:53 ttl=63 id=27681 iplen=33 ");
}

/* IPv4 + ICMP: type, code, bytes 4..7, then data. */
static void
icmp4(struct pkt *p, uint8_t *b, struct ip4spec s, uint8_t type,
      uint8_t code, uint32_t rest, const uint8_t *data, size_t dlen)
{
	uint8_t l4[256];

	l4[0] = type;
	l4[1] = code;
	put_be16(l4 + 2, 0);
	put_be32(l4 + 4, rest);
	if (dlen > 0)
		memcpy(l4 + 8, data, dlen);
	s.proto = 1;
	fill_ip(p, b, mk_ip4(b, &s, l4, 8 + dlen));
}

/* The quote of a 10.9.1.2:53 > dst:40125 probe of protocol proto, cut after
 * tlen transport bytes; returns its length. */
static size_t
quote(uint8_t *q, const char *dst, uint8_t proto, size_t tlen)
{
	struct ip4spec s = { .src = "10.9.1.2", .dst = dst, .ttl = 63,
			     .proto = proto, .id = 56293, .tot_len = 28 };
	uint8_t t[64] = { 0x00, 0x35, 0x9c, 0xbd, 0x00, 0x0b, 0x4b, 0xd6,
			  'a', 'b', 'c' };

	return mk_ip4(q, &s, t, tlen);
}

static void
test_icmp_unreachable(void **state)
{
	uint8_t b[256], q[128];
	struct pkt p;
	struct ip4spec r = srv_cli, c = cli_srv;

	(void)state;
	r.id = 54398;
	r.csum = 0x8f6e;
	icmp4(&p, b, r, 3, 3, 0, q, quote(q, "10.9.2.2", 17, 11));
	expect_desc(&p, DETAIL_MEDIUM, 0, "ICMP [10.9.2.2 > 10.9.1.2 Port 40125 unreachable (type=3/code=3) ] IP [ttl=63 id=54398 proto=1 csum=0x8f6e iplen=59 ]");
	/* Nping: "Port unreachable" for a quote of 8 bytes or fewer. */
	r.id = 53260;
	icmp4(&p, b, r, 3, 3, 0, q, quote(q, "10.9.2.2", 17, 9));
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.2.2 > 10.9.1.2 Port 40125 unreachable (type=3/code=3) ] IP [ttl=63 id=53260 iplen=57 ]");
	icmp4(&p, b, r, 3, 3, 0, q, quote(q, "10.9.2.2", 17, 8));
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.2.2 > 10.9.1.2 Port unreachable (type=3/code=3) ] IP [ttl=63 id=53260 iplen=56 ]");
	icmp4(&p, b, r, 3, 3, 0, q, quote(q, "10.9.2.2", 17, 4));
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.2.2 > 10.9.1.2 Port unreachable (type=3/code=3) ] IP [ttl=63 id=53260 iplen=52 ]");
	icmp4(&p, b, r, 3, 3, 0, q, quote(q, "10.9.2.2", 17, 3));
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.2.2 > 10.9.1.2 Port unreachable (type=3/code=3) ] IP [ttl=63 id=53260 iplen=51 ]");
	c.id = 728;
	icmp4(&p, b, c, 3, 3, 0, q, quote(q, "10.9.2.2", 47, 10));
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Port unreachable (unknown protocol 47) (type=3/code=3) ] IP [ttl=64 id=728 iplen=58 ]");
	c.id = 26409;
	icmp4(&p, b, c, 3, 4, 0, q, quote(q, "10.9.2.2", 17, 10));
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Fragmentation required (type=3/code=4) Next-Hop-MTU=0] IP [ttl=64 id=26409 iplen=58 ]");
	r = srv_cli;
	r.src = "10.9.1.1";
	r.ttl = 64;
	r.id = 57512;
	icmp4(&p, b, r, 3, 1, 0, q, quote(q, "10.9.2.99", 1, 40));
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.1 > 10.9.1.2 Host 10.9.2.99 unreachable (type=3/code=1) ] IP [ttl=64 id=57512 iplen=88 ]");
	icmp4(&p, b, r, 3, 2, 0, q, quote(q, "10.9.2.99", 1, 8));
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.1 > 10.9.1.2 Protocol 1 unreachable (type=3/code=2) ] IP [ttl=64 id=57512 iplen=56 ]");
	icmp4(&p, b, r, 3, 16, 0, q, quote(q, "10.9.2.99", 1, 8));
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.1 > 10.9.1.2 Destination unreachable (unknown code) (type=3/code=16) ] IP [ttl=64 id=57512 iplen=56 ]");
}

static void
test_icmp_short_forms(void **state)
{
	uint8_t b[256], q[128];
	struct pkt p;
	struct ip4spec c = cli_srv;

	(void)state;
	c.id = 40416;
	icmp4(&p, b, c, 3, 3, 0, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP 10.9.1.2 > 10.9.2.2 Destination unreachable (type=3/code=3) ttl=64 id=40416 iplen=28 ");
	c.id = 1987;
	c.csum = 0x5c09;
	icmp4(&p, b, c, 3, 0, 0, NULL, 0);
	expect_desc(&p, DETAIL_MEDIUM, 0, "ICMP 10.9.1.2 > 10.9.2.2 Destination unreachable (original datagram missing) (type=3/code=0) ttl=64 id=1987 proto=1 csum=0x5c09 iplen=28 ");
	c.csum = 0;
	c.id = 14621;
	memset(q, 0, 30);
	icmp4(&p, b, c, 3, 3, 0, q, 30);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP 10.9.1.2 > 10.9.2.2 Destination unreachable (bogus original datagram) (type=3/code=3) ttl=64 id=14621 iplen=58 ");
	icmp4(&p, b, c, 3, 3, 0, q, quote(q, "10.9.2.2", 17, 8) - 18);
	expect_desc(&p, DETAIL_MEDIUM, 0, "ICMP 10.9.1.2 > 10.9.2.2 Destination unreachable (part of original datagram missing) (type=3/code=3) ttl=64 id=14621 proto=1 csum=0x0000 iplen=38 ");
	/* Under 8 bytes of ICMP. */
	c.tot_len = 24;
	icmp4(&p, b, c, 8, 0, 0, NULL, 0);
	p.caplen = 24;
	expect_desc(&p, DETAIL_LOW, 0, "ICMP 10.9.1.2 > 10.9.2.2 [??] ttl=64 id=14621 iplen=24 ");
}

static void
test_icmp_table(void **state)
{
	uint8_t b[256], d[64];
	struct pkt p;
	struct ip4spec c = cli_srv, r = srv_cli;

	(void)state;
	memset(d, 0, sizeof(d));
	c.id = 14080;
	icmp4(&p, b, c, 5, 1, 0x0a090101, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Host redirect (type=5/code=1) addr=10.9.1.1] IP [ttl=64 id=14080 iplen=28 ]");
	c.id = 7214;
	icmp4(&p, b, c, 9, 0, 0x01020708, d, 8);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Router advertisement (type=9/code=0) addrs=1 addrlen=2 lifetime=1800] IP [ttl=64 id=7214 iplen=36 ]");
	c.id = 870;
	icmp4(&p, b, c, 12, 0, 0x09000000, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Parameter problem (pointer indicates error) (type=12/code=0) pointer=9] IP [ttl=64 id=870 iplen=28 ]");
	c.id = 25467;
	put_be32(d, 1000000);
	icmp4(&p, b, c, 13, 0, 47442u << 16 | 1, d, 12);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Timestamp request (type=13/code=0) id=47442 seq=1 orig=1000000 recv=0 trans=0] IP [ttl=64 id=25467 iplen=40 ]");
	memset(d, 0, sizeof(d));
	c.id = 5150;
	icmp4(&p, b, c, 17, 0, 0, d, 4);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Address mask request (type=17/code=0) id=0 seq=0 mask=0.0.0.0] IP [ttl=64 id=5150 iplen=32 ]");
	c.id = 16958;
	icmp4(&p, b, c, 8, 0, 16556u << 16 | 1, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=16556 seq=1] IP [ttl=64 id=16958 iplen=28 ]");
	c.id = 49835;
	c.csum = 0xa120;
	icmp4(&p, b, c, 8, 0, 30273u << 16 | 2, NULL, 0);
	expect_desc(&p, DETAIL_MEDIUM, 0, "ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=30273 seq=2] IP [ttl=64 id=49835 proto=1 csum=0xa120 iplen=28 ]");
	r.src = "10.9.1.1";
	r.ttl = 64;
	r.id = 54146;
	icmp4(&p, b, r, 11, 0, 0, d, 28);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.1 > 10.9.1.2 TTL=0 during transit (type=11/code=0) ] IP [ttl=64 id=54146 iplen=56 ]");
	r.tos = 0xc0;
	r.id = 54289;
	r.csum = 0x8fdf;
	icmp4(&p, b, r, 11, 0, 0, d, 28);
	expect_desc(&p, DETAIL_HIGH, 0, "ICMP [10.9.1.1 > 10.9.1.2 TTL=0 during transit (type=11/code=0) ] IP [ver=4 ihl=5 tos=0xc0 iplen=56 id=54289 foff=0 ttl=64 proto=1 csum=0x8fdf]");
	icmp4(&p, b, r, 11, 1, 0, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.1 > 10.9.1.2 TTL=0 during reassembly (type=11/code=1) ] IP [ttl=64 id=54289 iplen=28 ]");
	icmp4(&p, b, c, 99, 0, 0, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Unknown type (type=99/code=0) ] IP [ttl=64 id=49835 iplen=28 ]");
	icmp4(&p, b, c, 15, 0, 0x00050006, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Information request (type=15/code=0) id=5 seq=6] IP [ttl=64 id=49835 iplen=28 ]");
}

static void
test_ip_options(void **state)
{
	uint8_t b[256], o[40], rr[40];
	struct pkt p;
	struct ip4spec c = cli_srv, r = srv_cli;
	static const uint8_t hops[16] = { 10, 9, 2, 1, 10, 9, 2, 2,
					  10, 9, 2, 2, 10, 9, 1, 1 };

	(void)state;
	memset(o, 0, sizeof(o));
	o[0] = 1;
	o[1] = 7;
	o[2] = 39;
	o[3] = 4;
	c.opts = o;
	c.opts_len = 40;
	c.id = 39048;
	icmp4(&p, b, c, 8, 0, 11048u << 16 | 1, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=11048 seq=1] IP [ttl=64 id=39048 iplen=68 ipopts={ NOP RR{#0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0}}]");
	memset(rr, 0, sizeof(rr));
	rr[0] = 7;
	rr[1] = 39;
	rr[2] = 20;
	memcpy(rr + 3, hops, sizeof(hops));
	r.opts = rr;
	r.opts_len = 40;
	r.id = 23950;
	icmp4(&p, b, r, 0, 0, 11048u << 16 | 1, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.2.2 > 10.9.1.2 Echo reply (type=0/code=0) id=11048 seq=1] IP [ttl=63 id=23950 iplen=68 ipopts={ RR{ 10.9.2.1 10.9.2.2 10.9.2.2 10.9.1.1#0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0} EOL}]");
}

/* Option decoder corner cases, in the grammar of doc/output.md §3.3 (TM,
 * LSRR, unknown). */
static void
test_ip_options_other(void **state)
{
	uint8_t b[256], o[40];
	struct pkt p;
	struct ip4spec c = cli_srv;

	(void)state;
	memset(o, 0, sizeof(o));
	o[0] = 68; /* timestamp, ptr 5, flags 0: nine empty slots */
	o[1] = 40;
	o[2] = 5;
	c.opts = o;
	c.opts_len = 40;
	c.id = 1;
	icmp4(&p, b, c, 8, 0, 0, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=0 seq=0] IP [ttl=64 id=1 iplen=68 ipopts={ TM{[0 hosts not recorded]#0 0 0 0 0 0 0 0 0 }}]");
	memset(o, 0, sizeof(o));
	o[0] = 1;
	o[1] = 131;
	o[2] = 11;
	o[3] = 4;
	o[4] = 10; o[5] = 9; o[6] = 1; o[7] = 1;
	c.opts_len = 12;
	icmp4(&p, b, c, 8, 0, 0, NULL, 0);
	expect_desc(&p, DETAIL_HIGH, 0, "ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=0 seq=0] IP [ver=4 ihl=8 tos=0x00 iplen=40 id=1 foff=0 ttl=64 proto=1 csum=0x0000 ipopts={ NOP LSRR{#10.9.1.1 0.0.0.0}}]");
	memset(o, 0, sizeof(o));
	o[0] = 0x99;
	o[1] = 4;
	o[2] = 0xab;
	o[3] = 0xcd;
	c.opts_len = 4;
	icmp4(&p, b, c, 8, 0, 0, NULL, 0);
	expect_desc(&p, DETAIL_LOW, 0, "ICMP [10.9.1.2 > 10.9.2.2 Echo request (type=8/code=0) id=0 seq=0] IP [ttl=64 id=1 iplen=32 ipopts={ ??{\\x99\\x04\\xab\\xcd}}]");
}

static void
test_tcp_options_fixes(void **state)
{
	static const uint8_t unk[] = { 2, 4, 0x05, 0xb4, 34, 4, 0, 0 };
	static const uint8_t sack[] = { 1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 1, 0 };
	static const uint8_t cut[] = { 1, 1, 8, 10 };
	uint8_t b[128];
	struct pkt p;
	struct ip4spec s = cli_srv;

	(void)state;
	s.id = 7;
	/* Nping drops the whole list on an unknown kind; npecho names it. */
	tcp4(&p, b, s, 1, 2, 3, 4, TCP_SYN, 5, 0, unk, sizeof(unk));
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.1.2:1 > 10.9.2.2:2 S ttl=64 id=7 iplen=48  seq=3 win=5 <mss 1460,opt34>");
	/* SACK edges in host order. */
	tcp4(&p, b, s, 1, 2, 3, 4, TCP_ACK, 5, 0, sack, sizeof(sack));
	expect_desc(&p, DETAIL_MEDIUM, 0, "TCP [10.9.1.2:1 > 10.9.2.2:2 A seq=3 win=5 csum=0x0000 <nop,nop,sack 1 {1:256}>] IP [ttl=64 id=7 proto=6 csum=0x0000 iplen=52 ]");
	/* A timestamp option cut short: Nping prints no list. */
	tcp4(&p, b, s, 1, 2, 3, 4, TCP_SYN, 5, 0, cut, sizeof(cut));
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.1.2:1 > 10.9.2.2:2 S ttl=64 id=7 iplen=44  seq=3 win=5 ");
}

static void
test_arp(void **state)
{
	uint8_t b[64];
	struct pkt p;
	size_t n;

	(void)state;
	n = dump_to_bin(
"0000   ff ff ff ff ff ff 1a ec  d6 bc e8 b9 08 06 00 01  ................\n"
"0010   08 00 06 04 00 01 1a ec  d6 bc e8 b9 0a 09 01 02  ................\n"
"0020   00 00 00 00 00 00 0a 09  01 01                    ..........      \n",
		b, sizeof(b));
	assert_int_equal(n, 42);
	fill_arp(&p, b + 14, n - 14);
	expect_desc(&p, DETAIL_HIGH, 0, "ARP who has 10.9.1.1? Tell 10.9.1.2");
	expect_desc(&p, DETAIL_LOW, 0, "ARP who has 10.9.1.1? Tell 10.9.1.2");
	/* --arp-type inarp (op 8): Nping byte-swapped the 16-bit fields and
	 * repeated SMAC/SIP as DMAC/DIP; npecho prints the real values. */
	b[14 + 7] = 8;
	fill_arp(&p, b + 14, n - 14);
	expect_desc(&p, DETAIL_LOW, 0, "HTYPE:0001 PTYPE:0800 HLEN:6 PLEN:4 OP:0008 SMAC:1A:EC:D6:BC:E8:B9 SIP:10.9.1.2 DMAC:00:00:00:00:00:00 DIP:10.9.1.1");
	/* RARP request: target MAC, then sender MAC (Nping: the same twice). */
	b[14 + 7] = 3;
	fill_arp(&p, b + 14, n - 14);
	expect_desc(&p, DETAIL_LOW, 0, "RARP who is 00:00:00:00:00:00? Tell 1A:EC:D6:BC:E8:B9");
	b[14 + 7] = 4;
	fill_arp(&p, b + 14, n - 14);
	expect_desc(&p, DETAIL_LOW, 0, "RARP reply: 00:00:00:00:00:00 is at 10.9.1.1");
	b[14 + 7] = 2;
	fill_arp(&p, b + 14, n - 14);
	expect_desc(&p, DETAIL_LOW, 0, "ARP reply 10.9.1.2 is at 1A:EC:D6:BC:E8:B9");
	n = dump_to_bin(
"0000   00 01 08 00 06 04 00 02  96 c0 0a 77 e2 c1 0a 09  ...........w....\n"
"0010   01 01 1a ec d6 bc e8 b9  0a 09 01 02              ............    \n",
		b, sizeof(b));
	fill_arp(&p, b, n);
	expect_desc(&p, DETAIL_HIGH, 0, "ARP reply 10.9.1.1 is at 96:C0:0A:77:E2:C1");
}

#define LL1 "fe80::18ec:d6ff:febc:e8b9"
#define LL2 "fe80::94c0:aff:fe77:e2c1"

static void
test_ipv6(void **state)
{
	uint8_t b[128], l4[64];
	struct pkt p;
	size_t n;

	(void)state;
	n = mk_tcp(l4, 36174, 80, 104137041, 0, TCP_SYN, 1480, 0, NULL, 0);
	fill_ip(&p, b, mk_ip6(b, LL1, LL2, 0, 0xd6ff4, 6, 64, l4, n));
	expect_desc(&p, DETAIL_LOW, 0, "TCP " LL1 ":36174 > " LL2 ":80 S hopl=64 flow=d6ff4 payloadlen=20 seq=104137041 win=1480 ");
	n = mk_tcp(l4, 23888, 80, 4196422100u, 0, TCP_SYN, 1480, 0xab27, NULL,
		   0);
	fill_ip(&p, b, mk_ip6(b, LL1, LL2, 0, 0x1dcf1, 6, 64, l4, n));
	expect_desc(&p, DETAIL_HIGH, 0, "TCP [" LL1 ":23888 > " LL2 ":80 S seq=4196422100 ack=0 off=5 res=0 win=1480 csum=0xAB27 urp=0] IP [ver=6, tclass=0 flow=1dcf1 payloadlen=20 nh=tcp hopl=64 ]");
	put_be16(l4, 53);
	put_be16(l4 + 2, 40125);
	put_be16(l4 + 4, 8);
	put_be16(l4 + 6, 0x0d8e);
	fill_ip(&p, b, mk_ip6(b, LL1, LL2, 0, 0x5713e, 17, 64, l4, 8));
	expect_desc(&p, DETAIL_MEDIUM, 0, "UDP [" LL1 ":53 > " LL2 ":40125 csum=0x0D8E] IP [hopl=64 tclass=0 flow=5713e payloadlen=8]");
	memset(l4, 0, 8);
	l4[0] = 128;
	fill_ip(&p, b, mk_ip6(b, LL1, LL2, 0, 0xc197a, 58, 64, l4, 8));
	expect_desc(&p, DETAIL_LOW, 0, "ICMPv6 (58) " LL1 " > " LL2 " (type=128/code=0) hopl=64 flow=c197a payloadlen=8");
	l4[0] = 129;
	fill_ip(&p, b, mk_ip6(b, LL2, LL1, 0, 0xef5a6, 58, 64, l4, 8));
	expect_desc(&p, DETAIL_LOW, 0, "ICMPv6 (58) " LL2 " > " LL1 " (type=129/code=0) hopl=64 flow=ef5a6 payloadlen=8");
	expect_desc(&p, DETAIL_HIGH, 0, "ICMPv6 (58) " LL2 " > " LL1 " (type=129/code=0) ver=6, tclass=0 flow=ef5a6 payloadlen=8 nh=ipv6-icmp hopl=64 ");
}

/* The raw-IPv6-socket forms: no IP part (Nping printed "::" as source;
 * npecho prints whatever source the packet has). */
static void
test_ipv6_raw_socket_forms(void **state)
{
	uint8_t b[128], l4[64];
	struct pkt p;
	size_t n;

	(void)state;
	n = mk_tcp(l4, 53844, 80, 36727741, 0, TCP_SYN, 1480, 0, NULL, 0);
	fill_ip(&p, b, mk_ip6(b, "::", "::1", 0, 0, 6, 64, l4, n));
	expect_desc(&p, DETAIL_LOW, DESCRIBE_RAW6, "TCP :::53844 > ::1:80 S seq=36727741 win=1480 ");
	n = mk_tcp(l4, 22836, 80, 2936589866u, 0, TCP_SYN, 1480, 0, NULL, 0);
	fill_ip(&p, b, mk_ip6(b, "::", "::1", 0, 0, 6, 64, l4, n));
	expect_desc(&p, DETAIL_HIGH, DESCRIBE_RAW6, "TCP [:::22836 > ::1:80 S seq=2936589866 ack=0 off=5 res=0 win=1480 csum=0x0000 urp=0] ");
	memset(l4, 0, 8);
	put_be16(l4, 53);
	put_be16(l4 + 2, 40125);
	put_be16(l4 + 4, 8);
	fill_ip(&p, b, mk_ip6(b, "::", "::1", 0, 0, 17, 64, l4, 8));
	expect_desc(&p, DETAIL_MEDIUM, DESCRIBE_RAW6, "UDP [:::53 > ::1:40125 csum=0x0000]");
	expect_desc(&p, DETAIL_LOW, DESCRIBE_RAW6, "UDP :::53 > ::1:40125");
}

static void
test_bogus_other_fragments(void **state)
{
	uint8_t b[128], l4[64];
	struct pkt p;
	struct ip4spec s = cli_srv;

	(void)state;
	memset(b, 0, sizeof(b));
	fill_ip(&p, b, 19);
	expect_desc(&p, DETAIL_LOW, 0, "BOGUS!  Can't parse supposed IP packet");
	memset(&p, 0, sizeof(p));
	expect_desc(&p, DETAIL_HIGH, 0, "BOGUS!  Can't parse supposed IP packet");
	memset(l4, 0, sizeof(l4));
	s.proto = 47;
	s.id = 9;
	fill_ip(&p, b, mk_ip4(b, &s, l4, 4));
	expect_desc(&p, DETAIL_LOW, 0, "gre (47) 10.9.1.2 > 10.9.2.2: ttl=64 id=9 iplen=24 ");
	s.proto = 253;
	fill_ip(&p, b, mk_ip4(b, &s, l4, 4));
	expect_desc(&p, DETAIL_LOW, 0, "Unknown protocol (253) 10.9.1.2 > 10.9.2.2: ttl=64 id=9 iplen=24 ");
	s.proto = 17;
	s.frag = 2;
	fill_ip(&p, b, mk_ip4(b, &s, l4, 8));
	expect_desc(&p, DETAIL_LOW, 0, "UDP 10.9.1.2:?? > 10.9.2.2:?? fragment ttl=64 id=9 iplen=28 frag offset=16  (incomplete)");
	s.proto = 6;
	fill_ip(&p, b, mk_ip4(b, &s, l4, 8));
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.1.2:?? > 10.9.2.2:?? ?? ttl=64 id=9 iplen=28 frag offset=16  (incomplete)");
	s.proto = 1;
	fill_ip(&p, b, mk_ip4(b, &s, l4, 8));
	expect_desc(&p, DETAIL_LOW, 0, "ICMP 10.9.1.2 > 10.9.2.2 fragment ttl=64 id=9 iplen=28 frag offset=16  (incomplete)");
}

static void
test_tcp_truncated(void **state)
{
	uint8_t b[128], l4[64];
	struct pkt p;
	struct ip4spec s = cli_srv;
	size_t n;

	(void)state;
	s.id = 3;
	n = mk_tcp(l4, 1000, 80, 77, 88, TCP_SYN | TCP_ACK, 512, 0x1234, NULL,
		   0);
	s.tot_len = 36;
	fill_ip(&p, b, mk_ip4(b, &s, l4, 16));
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.1.2:1000 > 10.9.2.2:80 SA ttl=64 id=3 iplen=36  seq=77 win=512 (incomplete)");
	expect_desc(&p, DETAIL_HIGH, 0, "TCP [10.9.1.2:1000 > 10.9.2.2:80 SA seq=77 ack=88 off=5 res=0 win=512 (incomplete)] IP [ver=4 ihl=5 tos=0x00 iplen=36 id=3 foff=0 ttl=64 proto=6 csum=0x0000]");
	s.tot_len = 32;
	fill_ip(&p, b, mk_ip4(b, &s, l4, 12));
	expect_desc(&p, DETAIL_MEDIUM, 0, "TCP [10.9.1.2:1000 > 10.9.2.2:80 seq=77 ack=88 (incomplete)] IP [ttl=64 id=3 proto=6 csum=0x0000 iplen=32 ]");
	s.tot_len = 28;
	fill_ip(&p, b, mk_ip4(b, &s, l4, 8));
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.1.2:1000 > 10.9.2.2:80 ?? seq=77 (incomplete) ttl=64 id=3 iplen=28 ");
	s.tot_len = 24;
	fill_ip(&p, b, mk_ip4(b, &s, l4, 4));
	expect_desc(&p, DETAIL_LOW, 0, "TCP 10.9.1.2:?? > 10.9.2.2:?? ?? ttl=64 id=3 iplen=24  (incomplete)");
	(void)n;
}

static void
test_quote_and_small_buffers(void **state)
{
	uint8_t b[256], q[128];
	struct pkt p, inner;
	struct ip4spec r = srv_cli;
	char out[2048], small[16];
	size_t full, n, cap;

	(void)state;
	r.id = 5;
	icmp4(&p, b, r, 3, 3, 0, q, quote(q, "10.9.2.2", 17, 8));
	fill_ip(&inner, b + 28, p.caplen - 28);
	n = pkt_describe_quote(&inner, DETAIL_LOW, out, sizeof(out));
	assert_string_equal(out, " quoted=[UDP 10.9.1.2:53 > 10.9.2.2:40125 ttl=63 id=56293 iplen=28 ]");
	assert_int_equal(n, strlen(out));
	memset(&inner, 0, sizeof(inner));
	assert_int_equal(pkt_describe_quote(&inner, DETAIL_LOW, out, 8), 0);
	assert_string_equal(out, "");
	/* The flag does the same through pkt_decode_quote(). */
	assert_int_equal(pkt_decode(b, p.caplen, PKT_LINK_IP, &p), 0);
	expect_desc(&p, DETAIL_LOW, DESCRIBE_QUOTE, "ICMP [10.9.2.2 > 10.9.1.2 Port unreachable (type=3/code=3) ] IP [ttl=63 id=5 iplen=56 ] quoted=[UDP 10.9.1.2:53 > 10.9.2.2:40125 ttl=63 id=56293 iplen=28 ]");
	expect_desc(&p, DETAIL_MEDIUM, DESCRIBE_QUOTE, "ICMP [10.9.2.2 > 10.9.1.2 Port unreachable (type=3/code=3) ] IP [ttl=63 id=5 proto=1 csum=0x0000 iplen=56 ] quoted=[UDP [10.9.1.2:53 > 10.9.2.2:40125 csum=0x4BD6] IP [ttl=63 id=56293 proto=17 csum=0x0000 iplen=28 ]]");
	/* Every capacity: NUL-terminated prefix, full length returned. */
	full = pkt_describe(&p, DETAIL_HIGH, out, sizeof(out));
	for (cap = 1; cap <= sizeof(small); cap++) {
		memset(small, 'Z', sizeof(small));
		n = pkt_describe(&p, DETAIL_HIGH, small, cap);
		assert_int_equal(n, full);
		assert_int_equal(strlen(small), cap - 1);
		assert_memory_equal(small, out, cap - 1);
	}
	assert_int_equal(pkt_describe(&p, DETAIL_LOW, NULL, 0),
			 strlen("ICMP [10.9.2.2 > 10.9.1.2 Port unreachable (type=3/code=3) ] IP [ttl=63 id=5 iplen=56 ]"));
}

static void
test_detail_from_verbosity(void **state)
{
	(void)state;
	assert_int_equal(detail_from_verbosity(-4), DETAIL_LOW);
	assert_int_equal(detail_from_verbosity(0), DETAIL_LOW);
	assert_int_equal(detail_from_verbosity(1), DETAIL_MEDIUM);
	assert_int_equal(detail_from_verbosity(2), DETAIL_HIGH);
	assert_int_equal(detail_from_verbosity(4), DETAIL_HIGH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_syn_synack_vvv),
		cmocka_unit_test(test_udp_icmp_vvv),
		cmocka_unit_test(test_port_unreachable_8_bytes),
		cmocka_unit_test(test_tcp_low_medium),
		cmocka_unit_test(test_tcp_flags_and_ip_flags),
		cmocka_unit_test(test_udp_levels),
		cmocka_unit_test(test_icmp_unreachable),
		cmocka_unit_test(test_icmp_short_forms),
		cmocka_unit_test(test_icmp_table),
		cmocka_unit_test(test_ip_options),
		cmocka_unit_test(test_ip_options_other),
		cmocka_unit_test(test_tcp_options_fixes),
		cmocka_unit_test(test_arp),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_ipv6_raw_socket_forms),
		cmocka_unit_test(test_bogus_other_fragments),
		cmocka_unit_test(test_tcp_truncated),
		cmocka_unit_test(test_quote_and_small_buffers),
		cmocka_unit_test(test_detail_from_verbosity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
