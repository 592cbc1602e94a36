/* SPDX-License-Identifier: MIT */
/*
 * trace_probe.c: test helper for the Path Change Analysis
 * (tests/integration/trace_quote.sh).
 *
 *   trace_probe SRC DST [MAX_TTL [MSS [IFNAME [TOS CODE]]]]
 *
 * Sends one IPv4 TCP SYN per TTL 1..MAX_TTL (default 4) from SRC to DST
 * port 80 through a raw socket, each with its own source port (40000+TTL)
 * and an MSS option (default 1460), captures the ICMP errors that come
 * back on IFNAME (default "any") for two seconds, feeds every probe and
 * every quote to analysis/hops.h, then prints one line per hop
 * ("hop N ADDR quoted Q of S bytes") and the Path Change Analysis block at
 * verbosity 1.  With TOS and CODE it also sends one ICMP echo request with
 * that TOS and ICMP code (TTL 64, id ECHO_ID) and gives its echo reply to
 * hops_add_final(), for the reply observations.  Exit 0 when at least one quote came back, 1 otherwise,
 * 2 on a setup error.
 */
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "analysis/hops.h"
#include "net/capture.h"
#include "output/hops_text.h"
#include "proto/build.h"
#include "proto/packet.h"

#define SPORT_BASE 40000
#define ECHO_ID 0x7e57
#define ECHO_PROBE 100

struct tp {
	struct hops *h;
	unsigned max_ttl;
	unsigned quotes;
	unsigned replies;
	int echo_tos;           /* -1: no echo request */
	unsigned echo_code;
};

static void
syn_spec(struct pkt_spec *s, const uint8_t src[4], const uint8_t dst[4],
	 unsigned ttl, unsigned mss)
{
	memset(s, 0, sizeof(*s));
	s->ip_version = 4;
	s->l4 = 6;
	s->ip4.ttl = (uint8_t)ttl;
	s->ip4.id = (uint16_t)(0x4000 + ttl);
	s->ip4.flags = IP4_FLAG_DF;
	memcpy(s->ip4.src, src, 4);
	memcpy(s->ip4.dst, dst, 4);
	s->tcp.sport = (uint16_t)(SPORT_BASE + ttl);
	s->tcp.dport = 80;
	s->tcp.seq = 1000u * ttl;
	s->tcp.doff = 7;
	s->tcp.flags = TCP_SYN;
	s->tcp.win = 64240;
	s->tcp.opts_len = 8;
	s->tcp.opts[0] = TCPOPT_MSS;
	s->tcp.opts[1] = 4;
	s->tcp.opts[2] = (uint8_t)(mss >> 8);
	s->tcp.opts[3] = (uint8_t)mss;
	s->tcp.opts[4] = TCPOPT_NOP;
	s->tcp.opts[5] = TCPOPT_WSCALE;
	s->tcp.opts[6] = 3;
	s->tcp.opts[7] = 7;
}

/* Our echo request's reply goes to the analysis as the final view. */
static int
is_our_echo_reply(struct tp *t, const struct pkt *k)
{
	if (!(k->layers & PKT_HAS_ICMP4) || k->icmp4.type != 0 ||
	    k->icmp4.id != ECHO_ID)
		return 0;
	if (hops_add_final(t->h, ECHO_PROBE, k) == 0)
		t->replies++;
	return 1;
}

/* An ICMP error quoting one of our SYNs: hand it to the analysis. */
static void
on_packet(void *arg, const struct timespec *ts, const uint8_t *d,
	  size_t caplen, size_t wirelen, int linktype)
{
	struct tp *t = arg;
	struct pkt outer, inner;
	uint16_t et;
	size_t off;
	unsigned ttl;

	(void)ts;
	(void)wirelen;
	if (capture_l3_offset(linktype, d, caplen, &off, &et) != 0 ||
	    et != 0x0800 ||
	    pkt_decode(d + off, caplen - off, PKT_LINK_IP, &outer) != 0 ||
	    is_our_echo_reply(t, &outer) ||
	    !(outer.layers & PKT_HAS_QUOTE) ||
	    pkt_decode_quote(&outer, &inner) != 0)
		return;
	ttl = (unsigned)inner.tcp.sport - SPORT_BASE;
	if (inner.l4_proto != 6 || inner.tcp.sport <= SPORT_BASE ||
	    ttl > t->max_ttl)
		return;
	if (hops_add_quote(t->h, ttl, outer.ip4.src, 4, &outer) == 0)
		t->quotes++;
}

static int
send_echo(struct tp *t, int fd, const struct sockaddr_in *sa,
	  const uint8_t src[4], const uint8_t dst[4])
{
	static const uint8_t data[8] = "npechoTR";
	struct pkt_spec s;
	uint8_t buf[128];
	struct pkt k;
	size_t len;

	memset(&s, 0, sizeof(s));
	s.ip_version = 4;
	s.l4 = 1;
	s.ip4.ttl = 64;
	s.ip4.id = 0x4100;
	s.ip4.tos = (uint8_t)t->echo_tos;
	memcpy(s.ip4.src, src, 4);
	memcpy(s.ip4.dst, dst, 4);
	s.icmp4.type = 8;
	s.icmp4.code = (uint8_t)t->echo_code;
	s.icmp4.id = ECHO_ID;
	s.icmp4.seq = 1;
	s.payload = data;
	s.payload_len = sizeof(data);
	if (pkt_build(buf, sizeof(buf), &len, &s, NULL) != 0 ||
	    pkt_decode(buf, len, PKT_LINK_IP, &k) != 0 ||
	    hops_add_sent(t->h, ECHO_PROBE, 64, &k) != 0)
		return -1;
	if (sendto(fd, buf, len, 0, (const struct sockaddr *)sa,
		   sizeof(*sa)) != (ssize_t)len) {
		perror("sendto");
		return -1;
	}
	return 0;
}

static int
send_all(struct tp *t, const uint8_t src[4], const uint8_t dst[4],
	 unsigned mss)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW), rc = -1;
	unsigned ttl;

	if (fd < 0) {
		perror("socket");
		return -1;
	}
	memcpy(&sa.sin_addr, dst, 4);
	for (ttl = 1; ttl <= t->max_ttl; ttl++) {
		uint8_t buf[128];
		struct pkt_spec s;
		struct pkt k;
		size_t len;

		syn_spec(&s, src, dst, ttl, mss);
		if (pkt_build(buf, sizeof(buf), &len, &s, NULL) != 0 ||
		    pkt_decode(buf, len, PKT_LINK_IP, &k) != 0 ||
		    hops_add_sent(t->h, ttl, ttl, &k) != 0)
			goto out;
		if (sendto(fd, buf, len, 0, (struct sockaddr *)&sa,
			   sizeof(sa)) != (ssize_t)len) {
			perror("sendto");
			goto out;
		}
	}
	rc = t->echo_tos >= 0 ? send_echo(t, fd, &sa, src, dst) : 0;
out:
	close(fd);
	return rc;
}

static void
collect(struct capture *c, struct tp *t, int ms)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd p = { capture_fd(c), POLLIN, 0 };
		long el;

		clock_gettime(CLOCK_MONOTONIC, &now);
		el = (now.tv_sec - start.tv_sec) * 1000L +
		     (now.tv_nsec - start.tv_nsec) / 1000000L;
		if (el >= ms)
			break;
		(void)poll(&p, 1, (int)(ms - el));
		(void)capture_dispatch(c, 0, on_packet, t, NULL);
	}
}

static void
print_hops(const struct hops *h)
{
	size_t i;

	for (i = 0; i < hops_hop_count(h); i++) {
		const struct hops_hop *p = hops_hop_at(h, i);

		if (p->view == HOPS_VIEW_REPLY)
			continue;
		printf("hop %u %s quoted %u of %u bytes, quote TTL %d\n",
		       p->hop, p->addr_str, p->quote_len, p->sent_len,
		       p->quote_ttl);
	}
}

int
main(int argc, char **argv)
{
	struct capture_opts co = { .inbound_only = 1 };
	struct tp t = { .max_ttl = 4, .echo_tos = -1 };
	struct capture *c = NULL;
	struct errbuf eb = { 0 };
	uint8_t src[4], dst[4];
	unsigned mss = 1460;
	int rc = 2;

	if (argc < 3 || inet_pton(AF_INET, argv[1], src) != 1 ||
	    inet_pton(AF_INET, argv[2], dst) != 1) {
		fprintf(stderr, "usage: trace_probe SRC DST [MAX_TTL [MSS "
			"[IFNAME [TOS CODE]]]]\n");
		return 2;
	}
	if (argc > 3)
		t.max_ttl = (unsigned)strtoul(argv[3], NULL, 10);
	if (argc > 4)
		mss = (unsigned)strtoul(argv[4], NULL, 10);
	co.ifname = argc > 5 ? argv[5] : "any";
	if (argc > 7) {
		t.echo_tos = (int)(strtoul(argv[6], NULL, 0) & 0xff);
		t.echo_code = (unsigned)(strtoul(argv[7], NULL, 0) & 0xff);
	}
	if (t.max_ttl < 1 || t.max_ttl > 30)
		return 2;
	t.h = hops_new();
	c = capture_open(&co, &eb);
	if (!t.h || !c || capture_set_filter(c, "icmp", &eb) != 0) {
		fprintf(stderr, "trace_probe: capture: %s\n", eb.msg);
		goto out;
	}
	if (send_all(&t, src, dst, mss) != 0)
		goto out;
	collect(c, &t, 2000);
	if (hops_finish(t.h) != 0)
		goto out;
	print_hops(t.h);
	hops_text_print(stdout, t.h, 1);
	rc = t.quotes ? 0 : 1;
out:
	capture_free(c);
	hops_free(t.h);
	return rc;
}
