/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for net/bpf: every generated filter is compiled by
 * libpcap for Ethernet (DLT_EN10MB), raw IP (DLT_RAW) and Linux cooked
 * capture (DLT_LINUX_SLL, the "any" device) and run with
 * pcap_offline_filter over hand-built replies (must pass) and unrelated
 * packets (must not).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>
#include <pcap/pcap.h>

#include "helpers/pktbuild.h"
#include "net/bpf.h"
#include "util/err.h"

static const uint8_t me4[4] = { 10, 1, 0, 1 };
static const uint8_t tg4[4] = { 10, 1, 0, 2 };
static const uint8_t rt4[4] = { 10, 9, 9, 9 };
static const uint8_t other4[4] = { 10, 1, 0, 7 };
static uint8_t me6[16], tg6[16], rt6[16], other6[16];
static const uint16_t dports[2] = { 80, 443 };
static const uint8_t mac_a[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t mac_b[6] = { 2, 0, 0, 0, 0, 2 };

static int
setup_addrs(void **state)
{
	(void)state;
	inet_pton(AF_INET6, "fd00::1", me6);
	inet_pton(AF_INET6, "fd00::2", tg6);
	inet_pton(AF_INET6, "fd00:9::9", rt6);
	inet_pton(AF_INET6, "fd00::7", other6);
	return 0;
}

/*
 * Run `filter` over an L3 packet (or an ARP body when ethertype is 0x0806)
 * on link type dlt.  Returns 1 pass, 0 reject; fails the test if the
 * filter does not compile.
 */
static int
run(const char *filter, int dlt, const uint8_t *l3, size_t len,
    uint16_t ethertype)
{
	uint8_t frame[1600];
	struct bpf_program prog;
	struct pcap_pkthdr h;
	const uint8_t *data = l3;
	pcap_t *p;
	int rc;

	p = pcap_open_dead(dlt, 65535);
	assert_non_null(p);
	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0)
		fail_msg("pcap_compile(%s): %s", filter, pcap_geterr(p));
	if (dlt == DLT_EN10MB) {
		pb_eth(frame, mac_a, mac_b, ethertype);
		memcpy(frame + PB_ETH_LEN, l3, len);
		data = frame;
		len += PB_ETH_LEN;
	} else if (dlt == DLT_LINUX_SLL) {
		/* cooked v1 ("any"): type, ARPHRD, addr len, addr[8], proto */
		memset(frame, 0, 16);
		put_be16(frame + 2, 1);
		put_be16(frame + 4, 6);
		memcpy(frame + 6, mac_b, 6);
		put_be16(frame + 14, ethertype);
		memcpy(frame + 16, l3, len);
		data = frame;
		len += 16;
	}
	memset(&h, 0, sizeof(h));
	h.caplen = h.len = (bpf_u_int32)len;
	rc = pcap_offline_filter(&prog, &h, data);
	pcap_freecode(&prog);
	pcap_close(p);
	return rc != 0;
}

/* Same verdict on Ethernet, raw IP and Linux cooked ("any"). */
static int
run_both(const char *filter, const uint8_t *l3, size_t len)
{
	uint16_t et = (l3[0] >> 4) == 6 ? 0x86dd : 0x0800;
	int e = run(filter, DLT_EN10MB, l3, len, et);
	int r = run(filter, DLT_RAW, l3, len, et);
	int c = run(filter, DLT_LINUX_SLL, l3, len, et);

	assert_int_equal(e, r);
	assert_int_equal(e, c);
	return e;
}

static void
build(const struct filter_spec *f, char *buf)
{
	size_t len = 0;

	assert_int_equal(filter_build(f, buf, FILTER_TEXT_MAX, &len), 0);
	assert_int_equal(len, strlen(buf));
}

static void
spec4(struct filter_spec *f, enum filter_proto proto)
{
	memset(f, 0, sizeof(*f));
	f->family = AF_INET;
	f->proto = proto;
	memcpy(f->src, me4, 4);
	f->has_src = 1;
	f->sport_lo = 40000;
	f->dports = dports;
	f->n_dports = 2;
}

static void
spec6(struct filter_spec *f, enum filter_proto proto)
{
	spec4(f, proto);
	f->family = AF_INET6;
	memcpy(f->src, me6, 16);
}

/* An ICMP(v6) error from rt quoting the first qlen bytes of `probe`. */
static size_t
error_quoting(uint8_t *out, size_t alen, uint8_t type, uint8_t code,
	      const uint8_t *probe, size_t qlen)
{
	const uint8_t *me = alen == 4 ? me4 : me6;
	const uint8_t *rt = alen == 4 ? rt4 : rt6;

	return pb_icmp(out, alen, rt, me, type, code, 0, probe, qlen);
}

static void
test_tcp4(void **state)
{
	char flt[FILTER_TEXT_MAX];
	uint8_t pk[1500], probe[100];
	struct filter_spec f;
	size_t n, pn;

	(void)state;
	spec4(&f, FILTER_TCP);
	build(&f, flt);
	n = pb_tcp(pk, 4, tg4, me4, 80, 40000, 0x12);
	assert_true(run_both(flt, pk, n));
	n = pb_tcp(pk, 4, tg4, me4, 443, 40000, 0x14);
	assert_true(run_both(flt, pk, n));
	n = pb_tcp(pk, 4, tg4, me4, 22, 40000, 0x12);   /* not a target port */
	assert_false(run_both(flt, pk, n));
	n = pb_tcp(pk, 4, tg4, me4, 80, 40001, 0x12);   /* not our port */
	assert_false(run_both(flt, pk, n));
	n = pb_tcp(pk, 4, me4, me4, 80, 40000, 0x12);   /* from ourselves */
	assert_false(run_both(flt, pk, n));
	n = pb_tcp(pk, 4, tg4, other4, 80, 40000, 0x12); /* not to us */
	assert_false(run_both(flt, pk, n));
	n = pb_udp(pk, 4, tg4, me4, 80, 40000, 4);      /* wrong protocol */
	assert_false(run_both(flt, pk, n));
	n = pb_icmp(pk, 4, tg4, me4, 0, 0, 0, NULL, 0); /* echo reply */
	assert_false(run_both(flt, pk, n));

	/* errors quoting our SYN (IP + 8 bytes, as routers do) */
	pn = pb_tcp(probe, 4, me4, tg4, 40000, 80, 0x02);
	assert_int_equal(pn, 40);
	n = error_quoting(pk, 4, 3, 3, probe, 28);
	assert_true(run_both(flt, pk, n));
	n = error_quoting(pk, 4, 11, 0, probe, 28);
	assert_true(run_both(flt, pk, n));
	n = error_quoting(pk, 4, 8, 0, probe, 28);      /* not an error type */
	assert_false(run_both(flt, pk, n));
	pb_tcp(probe, 4, me4, tg4, 12345, 80, 0x02);    /* not our port */
	n = error_quoting(pk, 4, 3, 3, probe, 28);
	assert_false(run_both(flt, pk, n));
	pb_tcp(probe, 4, other4, tg4, 40000, 80, 0x02); /* not our address */
	n = error_quoting(pk, 4, 3, 3, probe, 28);
	assert_false(run_both(flt, pk, n));
	pb_udp(probe, 4, me4, tg4, 40000, 80, 0);       /* not our protocol */
	n = error_quoting(pk, 4, 3, 3, probe, 28);
	assert_false(run_both(flt, pk, n));
}

/* A quoted header with options cannot be indexed: it passes (wider). */
static void
test_tcp4_quote_with_options_passes(void **state)
{
	char flt[FILTER_TEXT_MAX];
	uint8_t pk[1500], probe[100];
	struct filter_spec f;
	size_t n;

	(void)state;
	spec4(&f, FILTER_TCP);
	build(&f, flt);
	pb_tcp(probe, 4, me4, tg4, 12345, 80, 0x02);
	probe[0] = 0x46;
	n = error_quoting(pk, 4, 3, 3, probe, 32);
	assert_true(run_both(flt, pk, n));
}

static void
test_udp4_port_range(void **state)
{
	char flt[FILTER_TEXT_MAX];
	uint8_t pk[1500], probe[100];
	struct filter_spec f;
	size_t n;

	(void)state;
	spec4(&f, FILTER_UDP);
	f.sport_hi = 40010;
	f.n_dports = 0; /* any target port */
	build(&f, flt);
	n = pb_udp(pk, 4, tg4, me4, 53, 40005, 10);
	assert_true(run_both(flt, pk, n));
	n = pb_udp(pk, 4, tg4, me4, 53, 40011, 10);
	assert_false(run_both(flt, pk, n));
	n = pb_udp(pk, 4, tg4, me4, 53, 39999, 10);
	assert_false(run_both(flt, pk, n));
	pb_udp(probe, 4, me4, tg4, 40010, 53, 0);
	n = error_quoting(pk, 4, 3, 3, probe, 28);
	assert_true(run_both(flt, pk, n));
	pb_udp(probe, 4, me4, tg4, 40011, 53, 0);
	n = error_quoting(pk, 4, 3, 3, probe, 28);
	assert_false(run_both(flt, pk, n));
}

static void
test_icmp4_echo(void **state)
{
	char flt[FILTER_TEXT_MAX];
	uint8_t pk[1500], probe[100];
	struct filter_spec f;
	size_t n;

	(void)state;
	spec4(&f, FILTER_ICMP);
	f.icmp_type = 8;
	f.has_icmp_id = 1;
	f.icmp_id = 0x4242;
	build(&f, flt);
	n = pb_icmp(pk, 4, tg4, me4, 0, 0, 0x42420001, NULL, 0);
	assert_true(run_both(flt, pk, n));
	n = pb_icmp(pk, 4, tg4, me4, 0, 0, 0x42430001, NULL, 0); /* other id */
	assert_false(run_both(flt, pk, n));
	n = pb_icmp(pk, 4, tg4, me4, 8, 0, 0x42420001, NULL, 0); /* request */
	assert_false(run_both(flt, pk, n));
	pb_icmp(probe, 4, me4, tg4, 8, 0, 0x42420002, NULL, 0);
	n = error_quoting(pk, 4, 11, 0, probe, 28);
	assert_true(run_both(flt, pk, n));
	pb_icmp(probe, 4, me4, tg4, 8, 0, 0x42440002, NULL, 0);
	n = error_quoting(pk, 4, 11, 0, probe, 28);
	assert_false(run_both(flt, pk, n));

	/* timestamp request 13: reply 14 */
	f.icmp_type = 13;
	build(&f, flt);
	n = pb_icmp(pk, 4, tg4, me4, 14, 0, 0x42420001, NULL, 12);
	assert_true(run_both(flt, pk, n));
	n = pb_icmp(pk, 4, tg4, me4, 0, 0, 0x42420001, NULL, 0);
	assert_false(run_both(flt, pk, n));
}

static void
test_icmp4_no_reply_type(void **state)
{
	char flt[FILTER_TEXT_MAX];
	uint8_t pk[1500];
	struct filter_spec f;
	size_t n;

	(void)state;
	spec4(&f, FILTER_ICMP);
	f.icmp_type = 9; /* router advertisement: no reply type */
	build(&f, flt);
	n = pb_icmp(pk, 4, tg4, me4, 10, 0, 0, NULL, 0);
	assert_true(run_both(flt, pk, n));
	n = pb_icmp(pk, 4, tg4, me4, 9, 0, 0, NULL, 0);
	assert_false(run_both(flt, pk, n));
}

static void
test_arp(void **state)
{
	char flt[FILTER_TEXT_MAX];
	uint8_t pk[64];
	struct filter_spec f;
	size_t n;

	(void)state;
	spec4(&f, FILTER_ARP);
	build(&f, flt);
	n = pb_arp(pk, 2, mac_b, tg4, mac_a, me4);
	assert_true(run(flt, DLT_EN10MB, pk, n, 0x0806));
	assert_true(run(flt, DLT_LINUX_SLL, pk, n, 0x0806));
	n = pb_arp(pk, 1, mac_b, tg4, mac_a, me4);  /* a request */
	assert_false(run(flt, DLT_EN10MB, pk, n, 0x0806));
	n = pb_arp(pk, 2, mac_b, tg4, mac_a, other4); /* for someone else */
	assert_false(run(flt, DLT_EN10MB, pk, n, 0x0806));
	n = pb_udp(pk, 4, tg4, me4, 53, 40000, 0);
	assert_false(run(flt, DLT_EN10MB, pk, n, 0x0800));
	f.family = AF_INET6;
	assert_int_equal(filter_build(&f, flt, sizeof(flt), NULL), ERR_INVALID);
}

static void
test_tcp6(void **state)
{
	char flt[FILTER_TEXT_MAX];
	uint8_t pk[1500], probe[100];
	struct filter_spec f;
	size_t n;

	(void)state;
	spec6(&f, FILTER_TCP);
	build(&f, flt);
	/* the real source address, never "::" (nping bug 9) */
	assert_non_null(strstr(flt, "dst host fd00::1"));
	n = pb_tcp(pk, 16, tg6, me6, 443, 40000, 0x12);
	assert_true(run_both(flt, pk, n));
	n = pb_tcp(pk, 16, tg6, me6, 443, 40002, 0x12);
	assert_false(run_both(flt, pk, n));
	n = pb_tcp(pk, 16, tg6, other6, 443, 40000, 0x12);
	assert_false(run_both(flt, pk, n));
	n = pb_tcp(pk, 4, tg4, me4, 443, 40000, 0x12); /* IPv4 */
	assert_false(run_both(flt, pk, n));
	pb_tcp(probe, 16, me6, tg6, 40000, 443, 0x02);
	n = error_quoting(pk, 16, 1, 4, probe, 60);
	assert_true(run_both(flt, pk, n));
}

static void
test_udp6_errors(void **state)
{
	char flt[FILTER_TEXT_MAX];
	uint8_t pk[1500], probe[100];
	struct filter_spec f;
	size_t n;

	(void)state;
	spec6(&f, FILTER_UDP);
	f.n_dports = 1;
	build(&f, flt);
	n = pb_udp(pk, 16, tg6, me6, 80, 40000, 3);
	assert_true(run_both(flt, pk, n));
	n = pb_udp(pk, 16, tg6, me6, 443, 40000, 3); /* not in the list */
	assert_false(run_both(flt, pk, n));
	pb_udp(probe, 16, me6, tg6, 40000, 80, 0);
	n = error_quoting(pk, 16, 1, 4, probe, 48);   /* port unreachable */
	assert_true(run_both(flt, pk, n));
	n = error_quoting(pk, 16, 3, 0, probe, 48);   /* time exceeded */
	assert_true(run_both(flt, pk, n));
	n = error_quoting(pk, 16, 128, 0, probe, 48); /* not an error */
	assert_false(run_both(flt, pk, n));
	pb_udp(probe, 16, me6, tg6, 40001, 80, 0);
	n = error_quoting(pk, 16, 1, 4, probe, 48);
	assert_false(run_both(flt, pk, n));
	pb_udp(probe, 16, other6, tg6, 40000, 80, 0);
	n = error_quoting(pk, 16, 1, 4, probe, 48);
	assert_false(run_both(flt, pk, n));
}

static void
test_icmp6_echo(void **state)
{
	char flt[FILTER_TEXT_MAX];
	uint8_t pk[1500], probe[100];
	struct filter_spec f;
	size_t n;

	(void)state;
	spec6(&f, FILTER_ICMP);
	f.icmp_type = 128;
	f.has_icmp_id = 1;
	f.icmp_id = 7;
	build(&f, flt);
	n = pb_icmp(pk, 16, tg6, me6, 129, 0, 0x00070001, NULL, 0);
	assert_true(run_both(flt, pk, n));
	n = pb_icmp(pk, 16, tg6, me6, 129, 0, 0x00080001, NULL, 0);
	assert_false(run_both(flt, pk, n));
	n = pb_icmp(pk, 16, tg6, me6, 135, 0, 0, me6, 16); /* NS */
	assert_false(run_both(flt, pk, n));
	pb_icmp(probe, 16, me6, tg6, 128, 0, 0x00070003, NULL, 0);
	n = error_quoting(pk, 16, 2, 0, probe, 48);  /* packet too big */
	assert_true(run_both(flt, pk, n));
	pb_icmp(probe, 16, me6, tg6, 128, 0, 0x00090003, NULL, 0);
	n = error_quoting(pk, 16, 2, 0, probe, 48);
	assert_false(run_both(flt, pk, n));
}

static void
test_ipproto_and_self(void **state)
{
	char flt[FILTER_TEXT_MAX];
	uint8_t pk[1500];
	struct filter_spec f;
	size_t n;

	(void)state;
	spec4(&f, FILTER_IPPROTO);
	f.ip_proto = 6;
	f.self = 1;
	build(&f, flt);
	n = pb_tcp(pk, 4, me4, me4, 1, 2, 0x02); /* self-targeted */
	assert_true(run_both(flt, pk, n));
	n = pb_udp(pk, 4, me4, me4, 1, 2, 0);
	assert_false(run_both(flt, pk, n));
	f.no_errors = 1;
	build(&f, flt);
	assert_null(strstr(flt, "icmp"));
}

static void
test_echo_server(void **state)
{
	char flt[FILTER_TEXT_MAX];
	uint8_t pk[1500];
	size_t n;

	(void)state;
	assert_int_equal(filter_build_echo_server(AF_UNSPEC, 9929, flt,
						  sizeof(flt), NULL), 0);
	n = pb_tcp(pk, 4, tg4, me4, 40000, 9929, 0x18); /* side channel */
	assert_false(run_both(flt, pk, n));
	n = pb_tcp(pk, 16, me6, tg6, 9929, 40000, 0x18);
	assert_false(run_both(flt, pk, n));
	n = pb_udp(pk, 4, tg4, me4, 40000, 9929, 1);
	assert_true(run_both(flt, pk, n));
	n = pb_tcp(pk, 16, tg6, me6, 40000, 80, 0x02);
	assert_true(run_both(flt, pk, n));
	n = pb_arp(pk, 1, mac_b, tg4, mac_a, me4);
	assert_false(run(flt, DLT_EN10MB, pk, n, 0x0806));
	assert_int_equal(filter_build_echo_server(AF_INET, 9929, flt,
						  sizeof(flt), NULL), 0);
	n = pb_icmp(pk, 16, tg6, me6, 128, 0, 0, NULL, 0);
	assert_false(run_both(flt, pk, n));
	n = pb_icmp(pk, 4, tg4, me4, 8, 0, 0, NULL, 0);
	assert_true(run_both(flt, pk, n));
	assert_int_equal(filter_build_echo_server(AF_PACKET, 1, flt,
						  sizeof(flt), NULL),
			 ERR_INVALID);
}

/* Instructions the text compiles to (on Ethernet, as the server's). */
static unsigned
insns(const char *filter)
{
	struct bpf_program prog;
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 448);
	unsigned n;

	assert_non_null(p);
	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0)
		fail_msg("pcap_compile(%s): %s", filter, pcap_geterr(p));
	n = prog.bf_len;
	pcap_freecode(&prog);
	pcap_close(p);
	return n;
}

static void
sess(struct filter_echo_sess *e, int family, const uint8_t *addr, int proto,
     int replies)
{
	memset(e, 0, sizeof(*e));
	e->family = family;
	memcpy(e->addr, addr, family == AF_INET6 ? 16 : 4);
	e->proto = proto;
	e->replies = replies;
}

static void
test_echo_sessions(void **state)
{
	struct filter_echo_sess v[FILTER_ECHO_MAX_ADDRS + 1];
	char *flt = malloc(FILTER_ECHO_TEXT(FILTER_ECHO_MAX_ADDRS + 1));
	size_t cap = FILTER_ECHO_TEXT(FILTER_ECHO_MAX_ADDRS + 1), n, i;
	uint8_t pk[1500];

	(void)state;
	assert_non_null(flt);
	/* tg4 probes UDP, no replies; tg6 anything, with replies */
	sess(&v[0], AF_INET, tg4, 17, 0);
	sess(&v[1], AF_INET6, tg6, -1, 1);
	assert_int_equal(filter_build_echo_sessions(v, 2, 9929, 0, flt, cap,
						    &n), 0);
	assert_int_equal(n, strlen(flt));
	n = pb_udp(pk, 4, tg4, me4, 40000, 7, 1);
	assert_true(run_both(flt, pk, n));       /* its probe */
	n = pb_tcp(pk, 4, tg4, me4, 40000, 80, 0x02);
	assert_false(run_both(flt, pk, n));      /* not its protocol */
	n = pb_udp(pk, 4, other4, me4, 40000, 7, 1);
	assert_false(run_both(flt, pk, n));      /* another host */
	n = pb_udp(pk, 4, me4, tg4, 7, 40000, 1);
	assert_false(run_both(flt, pk, n));      /* no replies for tg4 */
	n = pb_tcp(pk, 4, tg4, me4, 40000, 9929, 0x18);
	assert_false(run_both(flt, pk, n));      /* its side channel */
	n = pb_tcp(pk, 16, tg6, me6, 40000, 80, 0x02);
	assert_true(run_both(flt, pk, n));       /* IPv6: any protocol */
	n = pb_tcp(pk, 16, me6, tg6, 80, 40000, 0x14);
	assert_true(run_both(flt, pk, n));       /* a reply to tg6 */
	n = pb_tcp(pk, 16, other6, me6, 40000, 80, 0x02);
	assert_false(run_both(flt, pk, n));
	/* two sessions of one address that disagree: no protocol clause */
	sess(&v[1], AF_INET, tg4, 6, 0);
	assert_int_equal(filter_build_echo_sessions(v, 2, 9929, 0, flt, cap,
						    NULL), 0);
	assert_null(strstr(flt, "ip proto"));
	n = pb_icmp(pk, 4, tg4, me4, 8, 0, 0, NULL, 0);
	assert_true(run_both(flt, pk, n));
	/* with directions: compiles (the kernel checks the packet type) */
	assert_int_equal(filter_build_echo_sessions(v, 2, 9929, 1, flt, cap,
						    NULL), 0);
	assert_non_null(strstr(flt, "inbound and src host 10.1.0.2"));
	assert_true(insns(flt) > 0);
	/* the most addresses it takes fit the kernel's 4,096 instructions,
	 * IPv6 with replies being the longest clause; one more is refused */
	for (i = 0; i <= FILTER_ECHO_MAX_ADDRS; i++) {
		uint8_t a[16];

		memcpy(a, tg6, 16);
		a[14] = (uint8_t)(i >> 8);
		a[15] = (uint8_t)i;
		sess(&v[i], AF_INET6, a, -1, 1);
	}
	assert_int_equal(filter_build_echo_sessions(v, FILTER_ECHO_MAX_ADDRS,
						    9929, 1, flt, cap, &n), 0);
	assert_true(n < FILTER_ECHO_TEXT(FILTER_ECHO_MAX_ADDRS));
	assert_true(insns(flt) <= 4096);
	assert_int_equal(filter_build_echo_sessions(v,
			 FILTER_ECHO_MAX_ADDRS + 1, 9929, 1, flt, cap, NULL),
			 ERR_INVALID);
	assert_int_equal(filter_build_echo_sessions(v, 0, 9929, 1, flt, cap,
						    NULL), ERR_INVALID);
	assert_int_equal(filter_build_echo_sessions(v, 2, 9929, 1, flt, 20,
						    NULL), ERR_NOSPACE);
	free(flt);
}

static void
test_bad_specs_and_space(void **state)
{
	char flt[FILTER_TEXT_MAX];
	struct filter_spec f;
	size_t len, cut;

	(void)state;
	spec4(&f, FILTER_TCP);
	f.sport_hi = 39999;
	assert_int_equal(filter_build(&f, flt, sizeof(flt), NULL), ERR_INVALID);
	spec4(&f, FILTER_TCP);
	f.family = AF_UNIX;
	assert_int_equal(filter_build(&f, flt, sizeof(flt), NULL), ERR_INVALID);
	spec4(&f, 0);
	assert_int_equal(filter_build(&f, flt, sizeof(flt), NULL), ERR_INVALID);
	/* every buffer shorter than the text fails cleanly, NUL-terminated */
	spec6(&f, FILTER_UDP);
	assert_int_equal(filter_build(&f, flt, sizeof(flt), &len), 0);
	for (cut = 0; cut <= len; cut++) {
		char small[FILTER_TEXT_MAX];

		assert_int_equal(filter_build(&f, small, cut, NULL), ERR_NOSPACE);
		if (cut)
			assert_true(strlen(small) < cut);
	}
	assert_int_equal(filter_icmp_reply_type(0, 17), 18);
	assert_int_equal(filter_icmp_reply_type(1, 128), 129);
	assert_int_equal(filter_icmp_reply_type(1, 129), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp4),
		cmocka_unit_test(test_tcp4_quote_with_options_passes),
		cmocka_unit_test(test_udp4_port_range),
		cmocka_unit_test(test_icmp4_echo),
		cmocka_unit_test(test_icmp4_no_reply_type),
		cmocka_unit_test(test_arp),
		cmocka_unit_test(test_tcp6),
		cmocka_unit_test(test_udp6_errors),
		cmocka_unit_test(test_icmp6_echo),
		cmocka_unit_test(test_ipproto_and_self),
		cmocka_unit_test(test_echo_server),
		cmocka_unit_test(test_echo_sessions),
		cmocka_unit_test(test_bad_specs_and_space),
	};

	return cmocka_run_group_tests(tests, setup_addrs, NULL);
}
