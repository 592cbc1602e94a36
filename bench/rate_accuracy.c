/* SPDX-License-Identifier: MIT */
/*
 * rate_accuracy: asked vs achieved probe rate through probe/sched and
 * net/send, in real time.
 *
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Isrc -o build/rate_accuracy \
 *      bench/rate_accuracy.c build/libnpecho.a -lpcap -lcrypto \
 *      -levent_core -lm
 *   rate_accuracy [-s SECONDS] [-r DST [-i IFACE]] [RATE...]
 *
 * Without -r the null sender is used (the scheduler alone); with -r DST
 * every probe is a real 28-byte IPv4 UDP datagram to DST port 9 through
 * the raw IPv4 sender (use 127.0.0.1 or an address in a test namespace).
 * Default rates: 1 10 100 1000 10000 100000 1000000; each runs for
 * SECONDS (default 2, at least 3 probes).  Rate 0 is --flood (SECONDS
 * worth of 1M pps, sent as fast as possible: compare with refsend_raw).
 * One line per rate:
 *
 *   sender asked_pps probes elapsed_s achieved_pps error_% batches
 *   max_late_us failed
 *
 * achieved = (probes - 1) / (time the last probe was handed to the kernel
 * - deadline of the first probe); the target is |error| < 1 %.
 */
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/clock.h"
#include "net/netinfo.h"
#include "probe/sched.h"
#include "net/send.h"
#include "util/wire.h"

struct bench {
	double secs;
	const char *dst_txt;
	const char *ifname;
	uint8_t dst[4], src[4];
	struct sender *s;
	uint8_t pkt[28];
};

static uint16_t
csum(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += get_be16(p + i);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void
build_udp28(struct bench *b)
{
	uint8_t *p = b->pkt, *u = b->pkt + 20;

	memset(p, 0, sizeof(b->pkt));
	p[0] = 0x45;
	put_be16(p + 2, 28);
	p[8] = 64;
	p[9] = 17;
	memcpy(p + 12, b->src, 4);
	memcpy(p + 16, b->dst, 4);
	put_be16(p + 10, csum(p, 20, 0));
	put_be16(u, 40000);
	put_be16(u + 2, 9);
	put_be16(u + 4, 8);
	/* pseudo header: both addresses, protocol 17, UDP length 8 */
	put_be16(u + 6, csum(u, 8, get_be16(p + 12) + get_be16(p + 14) +
				      get_be16(p + 16) + get_be16(p + 18) +
				      17 + 8));
}

static int
bench_open(struct bench *b)
{
	struct errbuf eb = { "" };
	struct route_info r;

	b->s = sender_open(b->dst_txt ? SENDER_RAW4 : SENDER_NULL, b->ifname,
			   0, &eb);
	if (!b->s) {
		fprintf(stderr, "rate_accuracy: %s\n", eb.msg);
		return -1;
	}
	if (!b->dst_txt)
		return 0;
	if (inet_pton(AF_INET, b->dst_txt, b->dst) != 1 ||
	    netinfo_route(AF_INET, b->dst, 0, &r, &eb) < 0) {
		fprintf(stderr, "rate_accuracy: %s: %s\n", b->dst_txt,
			eb.msg[0] ? eb.msg : "bad IPv4 address");
		return -1;
	}
	memcpy(b->src, r.src, 4);
	build_udp28(b);
	return 0;
}

static void
bench_rate(struct bench *b, double rate)
{
	struct sender_msg m[SCHED_MAX_BATCH];
	struct sender_stats st0, st1;
	uint64_t count, handed = 0, batches = 0, late, max_late = 0, t_last = 0;
	struct sched sc;
	unsigned n, i;
	double elapsed, achieved;

	/* rate 0 (--flood): as many as 1M pps would send, as fast as we can */
	count = (uint64_t)llround((rate > 0 ? rate : 1e6) * b->secs);
	if (count < 3)
		count = 3;
	if (sched_init_rate(&sc, rate, count) < 0)
		return;
	for (i = 0; i < SCHED_MAX_BATCH; i++)
		m[i] = (struct sender_msg){ b->pkt, sizeof(b->pkt), NULL, 0,
					    0 };
	sender_stats(b->s, &st0);
	while ((n = sched_wait(&sc)) > 0) {
		t_last = clock_mono_ns();
		late = t_last - sched_deadline(&sc, handed + n - 1);
		if (late > max_late)
			max_late = late;
		sender_send_batch(b->s, m, n);
		t_last = clock_mono_ns();
		handed += n;
		batches++;
	}
	sender_stats(b->s, &st1);
	elapsed = (double)(t_last - sched_deadline(&sc, 0)) / 1e9;
	achieved = (double)(count - 1) / elapsed;
	printf("%-6s %9.0f %8llu %9.3f %12.1f %+7.2f %8llu %11.1f %6llu\n",
	       b->dst_txt ? "raw4" : "null", rate, (unsigned long long)count,
	       elapsed, achieved, rate > 0 ? (achieved / rate - 1) * 100 : 0.0,
	       (unsigned long long)batches, (double)max_late / 1e3,
	       (unsigned long long)(st1.failed - st0.failed));
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	static const double rates[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
	struct bench b = { .secs = 2.0 };
	int c, rc = 0;
	size_t i;

	while ((c = getopt(argc, argv, "s:r:i:")) != -1) {
		if (c == 's')
			b.secs = atof(optarg);
		else if (c == 'r')
			b.dst_txt = optarg;
		else if (c == 'i')
			b.ifname = optarg;
		else
			return 2;
	}
	if (b.secs <= 0 || bench_open(&b) < 0)
		return b.secs <= 0 ? 2 : 1;
	printf("sender asked_pps   probes elapsed_s achieved_pps "
	       "error_%% batches max_late_us failed\n");
	if (optind < argc) {
		for (; optind < argc; optind++)
			bench_rate(&b, atof(argv[optind]));
	} else {
		for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
			bench_rate(&b, rates[i]);
	}
	sender_free(b.s);
	return rc;
}
