/* SPDX-License-Identifier: MIT */
/*
 * refsend_raw: the reference raw-socket sender for the benchmark: the
 * fastest plain loop we know (one IP_HDRINCL socket, one prebuilt packet,
 * sendmmsg batches of 64), as an anchor for npecho's own numbers.
 *
 *   cc -O2 -o refsend_raw bench/refsend_raw.c
 *   refsend_raw DST [SECONDS [udp|syn|both [BATCH]]]
 *
 * Prints, for each probe kind, one line:
 *   refsend_raw udp28 packets=N failed=N seconds=S pps=X
 * 28-byte UDP (IPv4 + UDP, no payload) and 40-byte TCP SYN probes to
 * DST port 9.  Root (CAP_NET_RAW) needed.  Use only loopback or a test
 * namespace as DST.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sendmmsg */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 256

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint16_t
csum(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* IPv4 + UDP (28 bytes) or IPv4 + TCP SYN (40 bytes); returns length. */
static size_t
build(uint8_t *p, int syn, struct in_addr src, struct in_addr dst)
{
	size_t l4 = syn ? 20 : 8;
	uint32_t ps;
	uint8_t *t = p + 20;

	memset(p, 0, 20 + l4);
	p[0] = 0x45;
	put16(p + 2, (uint16_t)(20 + l4));
	p[8] = 64;
	p[9] = syn ? 6 : 17;
	memcpy(p + 12, &src, 4);
	memcpy(p + 16, &dst, 4);
	put16(p + 10, csum(p, 20, 0));
	put16(t, 40000);
	put16(t + 2, 9);
	if (syn) {
		t[12] = 0x50;
		t[13] = 0x02;
		put16(t + 14, 1024);
	} else {
		put16(t + 4, 8);
	}
	ps = (uint32_t)(p[12] << 8 | p[13]) + (uint32_t)(p[14] << 8 | p[15]) +
	     (uint32_t)(p[16] << 8 | p[17]) + (uint32_t)(p[18] << 8 | p[19]) +
	     p[9] + (uint32_t)l4;
	put16(t + (syn ? 16 : 6), csum(t, l4, ps));
	return 20 + l4;
}

static int
source_for(struct in_addr dst, struct in_addr *src)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9) };
	socklen_t sl = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	a.sin_addr = dst;
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &sl) < 0)
		return -1;
	*src = a.sin_addr;
	close(fd);
	return 0;
}

static void
run(int fd, const char *name, const uint8_t *pkt, size_t len,
    struct sockaddr_in *dst, double secs, unsigned batch)
{
	struct mmsghdr mm[MAX_BATCH];
	struct iovec iov = { (void *)(uintptr_t)pkt, len };
	unsigned long long sent = 0, failed = 0;
	double t0, t;
	unsigned i;
	int r;

	for (i = 0; i < batch; i++) {
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_name = dst;
		mm[i].msg_hdr.msg_namelen = sizeof(*dst);
		mm[i].msg_hdr.msg_iov = &iov;
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = now_s();
	do {
		for (i = 0; i < 64; i++) {
			r = sendmmsg(fd, mm, batch, 0);
			if (r > 0)
				sent += (unsigned)r;
			else if (errno != EINTR)
				failed++;
		}
		t = now_s();
	} while (t - t0 < secs);
	printf("refsend_raw %s packets=%llu failed=%llu seconds=%.3f pps=%.0f\n",
	       name, sent, failed, t - t0, (double)sent / (t - t0));
}

int
main(int argc, char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	double secs = argc > 2 ? atof(argv[2]) : 3.0;
	const char *kind = argc > 3 ? argv[3] : "both";
	unsigned batch = argc > 4 ? (unsigned)atoi(argv[4]) : 64;
	struct in_addr src;
	uint8_t pkt[64];
	size_t len;
	int fd, sndbuf = 4 << 20;

	if (argc < 2 || inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1 ||
	    secs <= 0 || batch < 1 || batch > MAX_BATCH) {
		fprintf(stderr, "usage: refsend_raw DST [SECONDS [udp|syn|both "
				"[BATCH]]]\n");
		return 2;
	}
	if (source_for(dst.sin_addr, &src) < 0) {
		perror("refsend_raw: source address");
		return 1;
	}
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("refsend_raw: raw socket");
		return 1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf,
			 sizeof(sndbuf));
	if (strcmp(kind, "syn") != 0) {
		len = build(pkt, 0, src, dst.sin_addr);
		run(fd, "udp28", pkt, len, &dst, secs, batch);
	}
	if (strcmp(kind, "udp") != 0) {
		len = build(pkt, 1, src, dst.sin_addr);
		run(fd, "syn40", pkt, len, &dst, secs, batch);
	}
	close(fd);
	return 0;
}
