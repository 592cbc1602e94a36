/* SPDX-License-Identifier: MIT */
/*
 * probe_io: exercises the OS-facing probe modules for
 * tests/integration/probe_io.sh (run inside a network namespace).
 *
 *   probe_io route DST [IFACE]       src=, dev=, gw=, mtu=, mac= of the route
 *   probe_io neigh DST IFACE [MS]    resolve the neighbour's MAC (exit 1: none)
 *   probe_io addrs                   every address: "IFACE ADDR/PREFIX"
 *   probe_io probe KIND IFACE DST [COUNT [RATE]]
 *        KIND: tcp4       raw IPv4 TCP SYNs to port 7, expect RSTs
 *              udp6       raw IPv6 (hdrincl) UDP to port 7, expect ICMPv6
 *                         port unreachable
 *              udp6c      the same through the cooked raw IPv6 fallback
 *              eth-icmp4  AF_PACKET Ethernet frames with ICMP echo requests
 *                         to the resolved next-hop MAC, expect echo replies
 *        Sends COUNT probes (default 1) at RATE pps (default 100) with the
 *        scheduler, captures with the built filter, prints "sent N",
 *        "replies N" and the filter; exits 0 when every probe got a reply.
 *
 *   probe_io blast IFACE DST COUNT
 *        COUNT raw IPv4 UDP datagrams to DST port 7 as fast as possible
 *        (--flood); prints "sent N", "failed N", "retries N".  Exit 0 when
 *        sent + failed == COUNT.
 *
 * Packets are built by hand (tests/helpers/pktbuild.h) until the codec
 * lands.  Exit status 2 for bad usage, 1 for failure.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/bpf.h"
#include "net/capture.h"
#include "net/clock.h"
#include "net/netinfo.h"
#include "net/send.h"
#include "pktbuild.h"
#include "probe/sched.h"

#define TARGET_PORT 7
#define MAX_PROBES 1000

struct run {
	const char *kind;
	const char *ifname;
	int family;
	uint8_t dst[16];
	uint8_t src[16];
	uint16_t sport;
	uint16_t icmp_id;
	unsigned count;
	double rate;
	uint8_t dst_mac[6];
	uint8_t src_mac[6];
	unsigned replies;
	uint8_t seen[MAX_PROBES]; /* which probe numbers were answered */
};

static int
usage(void)
{
	fprintf(stderr, "usage: probe_io route DST [IFACE] | neigh DST IFACE "
			"[MS] | addrs | probe KIND IFACE DST [COUNT [RATE]]\n");
	return 2;
}

static int
parse_addr(const char *s, int *family, uint8_t *out)
{
	if (inet_pton(AF_INET, s, out) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*family = AF_INET6;
		return 0;
	}
	fprintf(stderr, "probe_io: bad address '%s'\n", s);
	return -1;
}

static void
print_mac(const char *label, const uint8_t *m)
{
	printf("%s%02x:%02x:%02x:%02x:%02x:%02x", label, m[0], m[1], m[2],
	       m[3], m[4], m[5]);
}

static int
cmd_route(int argc, char **argv)
{
	char a[INET6_ADDRSTRLEN], g[INET6_ADDRSTRLEN] = "-";
	struct errbuf eb = { "" };
	struct route_info r;
	struct iface_info ii;
	uint8_t dst[16];
	int family, oif = 0;

	if (argc < 3 || parse_addr(argv[2], &family, dst) < 0)
		return usage();
	if (argc > 3 && !(oif = (int)if_nametoindex(argv[3]))) {
		fprintf(stderr, "probe_io: no interface %s\n", argv[3]);
		return 1;
	}
	if (netinfo_route(family, dst, oif, &r, &eb) < 0 ||
	    netinfo_iface_by_index(r.ifindex, &ii, &eb) < 0) {
		fprintf(stderr, "probe_io: route: %s\n", eb.msg);
		return 1;
	}
	inet_ntop(family, r.src, a, sizeof(a));
	if (r.has_gateway)
		inet_ntop(family, r.gateway, g, sizeof(g));
	printf("src=%s dev=%s gw=%s mtu=%u", a, r.ifname, g, ii.mtu);
	if (ii.has_mac)
		print_mac(" mac=", ii.mac);
	printf("\n");
	return 0;
}

static int
cmd_neigh(int argc, char **argv)
{
	struct errbuf eb = { "" };
	uint8_t dst[16], mac[6];
	unsigned ms = NETINFO_RESOLVE_MS;
	int family, ifindex;

	if (argc < 4 || parse_addr(argv[2], &family, dst) < 0)
		return usage();
	if (!(ifindex = (int)if_nametoindex(argv[3]))) {
		fprintf(stderr, "probe_io: no interface %s\n", argv[3]);
		return 1;
	}
	if (argc > 4)
		ms = (unsigned)strtoul(argv[4], NULL, 10);
	if (netinfo_neigh_resolve(family, dst, ifindex, ms, mac, &eb) < 0) {
		fprintf(stderr, "probe_io: neigh: %s\n", eb.msg);
		return 1;
	}
	print_mac("mac=", mac);
	printf("\n");
	return 0;
}

static int
cmd_addrs(void)
{
	struct errbuf eb = { "" };
	struct netinfo_addr *as;
	char a[INET6_ADDRSTRLEN];
	size_t n, i;

	if (netinfo_addrs(AF_UNSPEC, &as, &n, &eb) < 0) {
		fprintf(stderr, "probe_io: addrs: %s\n", eb.msg);
		return 1;
	}
	for (i = 0; i < n; i++) {
		inet_ntop(as[i].family, as[i].addr, a, sizeof(a));
		printf("%s %s/%u\n", as[i].ifname, a, as[i].prefixlen);
	}
	free(as);
	return 0;
}

/* Probe number k of the run into buf; returns its length. */
static size_t
build_probe(struct run *r, unsigned k, uint8_t *buf)
{
	uint16_t sport = (uint16_t)(r->sport + k);

	if (!strcmp(r->kind, "tcp4"))
		return pb_tcp(buf, 4, r->src, r->dst, sport, TARGET_PORT,
			      0x02);
	if (!strcmp(r->kind, "udp6") || !strcmp(r->kind, "udp6c"))
		return pb_udp(buf, 16, r->src, r->dst, sport, TARGET_PORT, 4);
	pb_eth(buf, r->dst_mac, r->src_mac, 0x0800);
	return PB_ETH_LEN + pb_icmp(buf + PB_ETH_LEN, 4, r->src, r->dst, 8, 0,
				    (uint32_t)r->icmp_id << 16 | k, NULL, 16);
}

static void
mark(struct run *r, unsigned k)
{
	if (k < r->count && !r->seen[k]) {
		r->seen[k] = 1;
		r->replies++;
	}
}

/* Check a captured reply by hand and mark the probe it answers. */
static void
on_reply(void *arg, const struct timespec *ts, const uint8_t *d,
	 size_t caplen, size_t wirelen, int linktype)
{
	struct run *r = arg;
	const uint8_t *ip;
	size_t off, n;
	uint16_t et;

	(void)ts;
	(void)wirelen;
	if (capture_l3_offset(linktype, d, caplen, &off, &et) < 0)
		return;
	ip = d + off;
	n = caplen - off;
	if (!strcmp(r->kind, "tcp4")) {
		if (et == 0x0800 && n >= 40 && ip[9] == 6 &&
		    !memcmp(ip + 12, r->dst, 4) && (ip[33] & 0x04))
			mark(r, (unsigned)(get_be16(ip + 22) - r->sport));
	} else if (r->kind[0] == 'u') {
		/* ICMPv6 port unreachable quoting our UDP probe */
		if (et == 0x86dd && n >= 40 + 8 + 40 + 8 && ip[6] == 58 &&
		    ip[40] == 1 && ip[41] == 4)
			mark(r, (unsigned)(get_be16(ip + 88) - r->sport));
	} else if (et == 0x0800 && n >= 28 && ip[9] == 1 && ip[20] == 0 &&
		   get_be16(ip + 24) == r->icmp_id) {
		mark(r, get_be16(ip + 26));
	}
}

static int
probe_setup(struct run *r, struct sender **s, struct capture **c)
{
	struct capture_opts co = { .ifname = r->ifname, .inbound_only = 1 };
	struct filter_spec f = { 0 };
	enum sender_kind k = SENDER_RAW4;
	char flt[FILTER_TEXT_MAX];
	struct errbuf eb = { "" };
	unsigned flags = 0;

	f.family = r->family;
	memcpy(f.src, r->src, 16);
	f.has_src = 1;
	f.sport_lo = r->sport;
	f.sport_hi = (uint16_t)(r->sport + r->count - 1);
	f.proto = r->kind[0] == 't' ? FILTER_TCP
		: r->kind[0] == 'u' ? FILTER_UDP : FILTER_ICMP;
	f.icmp_type = 8;
	f.has_icmp_id = 1;
	f.icmp_id = r->icmp_id;
	if (r->kind[0] == 'u')
		k = SENDER_RAW6;
	if (!strcmp(r->kind, "udp6c"))
		flags = SENDER_F_RAW6_COOKED;
	if (r->kind[0] == 'e') {
		k = SENDER_PACKET;
		flags = SENDER_F_QDISC_BYPASS;
	}
	if (filter_build(&f, flt, sizeof(flt), NULL) < 0 ||
	    !(*c = capture_open(&co, &eb)) ||
	    capture_set_filter(*c, flt, &eb) < 0 ||
	    !(*s = sender_open(k, r->ifname, flags, &eb))) {
		fprintf(stderr, "probe_io: setup: %s\n", eb.msg);
		return -1;
	}
	printf("filter %s\n", flt);
	printf("linktype %s\n", capture_linktype_name(capture_linktype(*c)));
	if (k == SENDER_RAW6)
		printf("raw6 %s\n", sender_raw6_cooked(*s) ? "cooked" : "hdrincl");
	return 0;
}

static int
probe_addrs(struct run *r)
{
	struct errbuf eb = { "" };
	struct route_info ri;
	struct iface_info ii;
	int oif = (int)if_nametoindex(r->ifname);

	if (!oif || netinfo_route(r->family, r->dst, oif, &ri, &eb) < 0) {
		fprintf(stderr, "probe_io: route: %s\n", eb.msg);
		return -1;
	}
	memcpy(r->src, ri.src, 16);
	if (r->kind[0] != 'e')
		return 0;
	if (netinfo_iface(r->ifname, &ii, &eb) < 0 || !ii.has_mac ||
	    netinfo_neigh_resolve(AF_INET, netinfo_next_hop(&ri), oif,
				  NETINFO_RESOLVE_MS, r->dst_mac, &eb) < 0) {
		fprintf(stderr, "probe_io: link layer: %s\n", eb.msg);
		return -1;
	}
	memcpy(r->src_mac, ii.mac, 6);
	return 0;
}

/* Wait up to ms for replies, dispatching the capture. */
static void
collect(struct run *r, struct capture *c, int ms)
{
	struct pollfd p = { capture_fd(c), POLLIN, 0 };
	uint64_t end = clock_mono_ns() + (uint64_t)ms * 1000000u;

	do {
		(void)capture_dispatch(c, 0, on_reply, r, NULL);
		if (r->replies >= r->count || ms == 0)
			break;
		poll(&p, 1, 20);
	} while (clock_mono_ns() < end);
}

static int
send_all(struct run *r, struct sender *s, struct capture *c)
{
	static uint8_t pk[SCHED_MAX_BATCH][256];
	struct sender_msg m[SCHED_MAX_BATCH];
	struct sender_stats st;
	struct sched sc;
	unsigned n, i, k = 0;

	if (sched_init_rate(&sc, r->rate, r->count) < 0)
		return -1;
	while ((n = sched_wait(&sc)) > 0) {
		for (i = 0; i < n; i++, k++) {
			m[i].data = pk[i];
			m[i].len = build_probe(r, k, pk[i]);
			m[i].dst = NULL;
		}
		sender_send_batch(s, m, n);
		collect(r, c, 0);
	}
	sender_stats(s, &st);
	printf("sent %llu\nfailed %llu\n", (unsigned long long)st.sent,
	       (unsigned long long)st.failed);
	return st.sent == r->count ? 0 : -1;
}

static int
cmd_probe(int argc, char **argv)
{
	struct run *r = calloc(1, sizeof(*r));
	struct sender *s = NULL;
	struct capture *c = NULL;
	int rc = 1;

	if (!r || argc < 5)
		goto out;
	r->kind = argv[2];
	r->ifname = argv[3];
	r->count = argc > 5 ? (unsigned)strtoul(argv[5], NULL, 10) : 1;
	r->rate = argc > 6 ? strtod(argv[6], NULL) : 100.0;
	r->sport = (uint16_t)(30000 + getpid() % 20000);
	r->icmp_id = (uint16_t)getpid();
	if (r->count < 1 || r->count > MAX_PROBES ||
	    parse_addr(argv[4], &r->family, r->dst) < 0 ||
	    (r->kind[0] == 'u') != (r->family == AF_INET6)) {
		rc = usage();
		goto out;
	}
	if (probe_addrs(r) < 0 || probe_setup(r, &s, &c) < 0 ||
	    send_all(r, s, c) < 0)
		goto out;
	collect(r, c, 2000);
	printf("replies %u\n", r->replies);
	rc = r->replies == r->count ? 0 : 1;
out:
	sender_free(s);
	capture_free(c);
	free(r);
	return rc;
}

static int
cmd_blast(int argc, char **argv)
{
	static uint8_t pk[64];
	struct sender_msg m[SCHED_MAX_BATCH];
	struct errbuf eb = { "" };
	struct sender_stats st;
	struct route_info ri;
	struct sender *s;
	struct sched sc;
	uint8_t dst[16];
	unsigned long count;
	unsigned n, i;
	size_t len;
	int family;

	if (argc < 5 || parse_addr(argv[3], &family, dst) < 0 ||
	    family != AF_INET || !(count = strtoul(argv[4], NULL, 10)))
		return usage();
	if (netinfo_route(AF_INET, dst, (int)if_nametoindex(argv[2]), &ri,
			  &eb) < 0 ||
	    !(s = sender_open(SENDER_RAW4, argv[2], 0, &eb))) {
		fprintf(stderr, "probe_io: blast: %s\n", eb.msg);
		return 1;
	}
	len = pb_udp(pk, 4, ri.src, dst, 40000, TARGET_PORT, 4);
	for (i = 0; i < SCHED_MAX_BATCH; i++)
		m[i] = (struct sender_msg){ pk, len, NULL, 0, 0 };
	sched_init_rate(&sc, 0, count);
	while ((n = sched_wait(&sc)) > 0)
		sender_send_batch(s, m, n);
	sender_stats(s, &st);
	sender_free(s);
	printf("sent %llu\nfailed %llu\nretries %llu\n",
	       (unsigned long long)st.sent, (unsigned long long)st.failed,
	       (unsigned long long)st.retries);
	return st.sent + st.failed == count ? 0 : 1;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "route"))
		return cmd_route(argc, argv);
	if (!strcmp(argv[1], "neigh"))
		return cmd_neigh(argc, argv);
	if (!strcmp(argv[1], "addrs"))
		return cmd_addrs();
	if (!strcmp(argv[1], "probe"))
		return cmd_probe(argc, argv);
	if (!strcmp(argv[1], "blast"))
		return cmd_blast(argc, argv);
	return usage();
}
