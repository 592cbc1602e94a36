/* SPDX-License-Identifier: MIT */
/*
 * refsend_packet: the reference AF_PACKET sender for the benchmark: one
 * prebuilt Ethernet + IPv4 + UDP frame (42 bytes; the NIC pads it to 60),
 * sendmmsg batches on a SOCK_RAW packet socket with PACKET_QDISC_BYPASS.
 *
 *   cc -O2 -o refsend_packet bench/refsend_packet.c
 *   refsend_packet IFACE DSTMAC SRCIP DSTIP [SECONDS [BYPASS [BATCH]]]
 *
 * BYPASS 1 (default) skips the qdisc layer, 0 keeps it.  Prints
 *   refsend_packet udp42 packets=N failed=N seconds=S pps=X bypass=B
 * Root (CAP_NET_RAW) needed.  Use only loopback or a test namespace.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sendmmsg */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

static int
parse_mac(const char *s, uint8_t *m)
{
	unsigned v[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4],
		   &v[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		m[i] = (uint8_t)v[i];
	return 0;
}

/* Ethernet + IPv4 + UDP to port 9, no payload: 42 bytes. */
static size_t
build(uint8_t *f, const uint8_t *dmac, const uint8_t *smac,
      struct in_addr src, struct in_addr dst)
{
	uint8_t *ip = f + 14, *u = f + 34;
	uint32_t ps;

	memset(f, 0, 42);
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	put16(f + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, 28);
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	put16(ip + 10, csum(ip, 20, 0));
	put16(u, 40000);
	put16(u + 2, 9);
	put16(u + 4, 8);
	ps = (uint32_t)(ip[12] << 8 | ip[13]) + (uint32_t)(ip[14] << 8 | ip[15]) +
	     (uint32_t)(ip[16] << 8 | ip[17]) + (uint32_t)(ip[18] << 8 | ip[19]) +
	     17 + 8;
	put16(u + 6, csum(u, 8, ps));
	return 42;
}

static int
open_socket(const char *ifname, int bypass, uint8_t *smac)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET };
	struct ifreq ifr;
	int fd = socket(AF_PACKET, SOCK_RAW, 0), sndbuf = 4 << 20;

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		return -1;
	memcpy(smac, ifr.ifr_hwaddr.sa_data, 6);
	ll.sll_ifindex = (int)if_nametoindex(ifname);
	if (bind(fd, (struct sockaddr *)&ll, sizeof(ll)) < 0)
		return -1;
	if (bypass && setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &bypass,
				 sizeof(bypass)) < 0)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf,
			 sizeof(sndbuf));
	return fd;
}

int
main(int argc, char **argv)
{
	struct mmsghdr mm[MAX_BATCH];
	struct in_addr src, dst;
	uint8_t dmac[6], smac[6], frame[64];
	struct iovec iov = { frame, 0 };
	double secs = argc > 5 ? atof(argv[5]) : 3.0, t0, t;
	int bypass = argc > 6 ? atoi(argv[6]) != 0 : 1;
	unsigned batch = argc > 7 ? (unsigned)atoi(argv[7]) : 64, i;
	unsigned long long sent = 0, failed = 0;
	int fd, r;

	if (argc < 5 || parse_mac(argv[2], dmac) < 0 ||
	    inet_pton(AF_INET, argv[3], &src) != 1 ||
	    inet_pton(AF_INET, argv[4], &dst) != 1 || secs <= 0 ||
	    batch < 1 || batch > MAX_BATCH) {
		fprintf(stderr, "usage: refsend_packet IFACE DSTMAC SRCIP DSTIP "
				"[SECONDS [BYPASS [BATCH]]]\n");
		return 2;
	}
	fd = open_socket(argv[1], bypass, smac);
	if (fd < 0) {
		perror("refsend_packet: AF_PACKET socket");
		return 1;
	}
	iov.iov_len = build(frame, dmac, smac, src, dst);
	for (i = 0; i < batch; i++) {
		memset(&mm[i], 0, sizeof(mm[i]));
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
	printf("refsend_packet udp42 packets=%llu failed=%llu seconds=%.3f "
	       "pps=%.0f bypass=%d\n", sent, failed, t - t0,
	       (double)sent / (t - t0), bypass);
	close(fd);
	return 0;
}
