/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for net/capture: link-layer offsets (pure), and a live
 * capture on loopback (skipped when pcap may not open "lo").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>
#include <pcap/pcap.h>

#include "net/capture.h"

/* Every cut shorter than `need` is ERR_TRUNC; from `need` on it parses. */
static void
check_cuts(int dlt, const uint8_t *p, size_t len, size_t need,
	   size_t want_off, uint16_t want_et)
{
	size_t cut, off;
	uint16_t et;

	for (cut = 0; cut <= len; cut++) {
		int rc = capture_l3_offset(dlt, p, cut, &off, &et);

		assert_int_equal(rc, cut < need ? ERR_TRUNC : 0);
		if (rc == 0) {
			assert_int_equal(off, want_off);
			assert_int_equal(et, want_et);
		}
	}
}

static void
test_l3_offsets(void **state)
{
	uint8_t eth[64] = { 0 }, sll[64] = { 0 }, sll2[64] = { 0 };
	uint8_t raw[8] = { 0x60 }, null[8] = { 2, 0, 0, 0, 0x45 };
	uint8_t vlan[64] = { 0 };
	size_t off;
	uint16_t et;

	(void)state;
	eth[12] = 0x08;
	check_cuts(DLT_EN10MB, eth, sizeof(eth), 14, 14, 0x0800);
	vlan[12] = 0x88; vlan[13] = 0xa8; /* QinQ, then 802.1Q, then IPv6 */
	vlan[16] = 0x81; vlan[17] = 0x00;
	vlan[20] = 0x86; vlan[21] = 0xdd;
	check_cuts(DLT_EN10MB, vlan, sizeof(vlan), 22, 22, 0x86dd);
	sll[14] = 0x86; sll[15] = 0xdd;
	check_cuts(DLT_LINUX_SLL, sll, sizeof(sll), 16, 16, 0x86dd);
	sll2[0] = 0x08; sll2[1] = 0x06;
	check_cuts(DLT_LINUX_SLL2, sll2, sizeof(sll2), 20, 20, 0x0806);
	check_cuts(DLT_RAW, raw, sizeof(raw), 1, 0, 0x86dd);
	check_cuts(DLT_NULL, null, sizeof(null), 5, 4, 0x0800);
	assert_int_equal(capture_l3_offset(DLT_IEEE802_11, eth, sizeof(eth),
					   &off, &et),
			 ERR_UNSUPPORTED);
	assert_string_equal(capture_linktype_name(DLT_EN10MB), "EN10MB");
	assert_string_equal(capture_linktype_name(DLT_LINUX_SLL), "LINUX_SLL");
}

static void
test_open_missing_interface(void **state)
{
	struct capture_opts o = { .ifname = "nosuchif9" };
	struct errbuf eb = { "" };

	(void)state;
	assert_null(capture_open(&o, &eb));
	assert_non_null(strstr(eb.msg, "nosuchif9"));
	capture_free(NULL);
}

struct seen {
	int n;
	size_t caplen, wirelen;
	int linktype;
	uint16_t dport;
	struct timespec ts;
};

static void
on_pkt(void *arg, const struct timespec *ts, const uint8_t *data,
       size_t caplen, size_t wirelen, int linktype)
{
	struct seen *s = arg;
	size_t off;
	uint16_t et;

	s->n++;
	s->caplen = caplen;
	s->wirelen = wirelen;
	s->linktype = linktype;
	s->ts = *ts;
	if (capture_l3_offset(linktype, data, caplen, &off, &et) == 0 &&
	    et == 0x0800 && caplen >= off + 24)
		s->dport = (uint16_t)(data[off + 22] << 8 | data[off + 23]);
}

static void
send_udp(uint16_t port, size_t len)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	char buf[256] = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(sendto(fd, buf, len, 0, (struct sockaddr *)&a,
			   sizeof(a)) == (ssize_t)len);
	close(fd);
}

static void
live(const char *ifname)
{
	struct capture_opts o = { .ifname = ifname, .inbound_only = 1 };
	struct errbuf eb = { "" };
	struct seen s = { 0 };
	struct capture *c;
	struct pollfd pfd;
	uint16_t port = (uint16_t)(20000 + getpid() % 20000);
	char flt[64];
	int i;

	c = capture_open(&o, &eb);
	if (!c)
		fail_msg("capture_open: %s", eb.msg);
	assert_int_equal(capture_set_filter(c, "udp and (", &eb), ERR_INVALID);
	assert_non_null(strstr(eb.msg, "bad filter"));
	snprintf(flt, sizeof(flt), "udp and dst port %u", port);
	assert_int_equal(capture_set_filter(c, flt, &eb), 0);
	assert_true(capture_fd(c) >= 0);
	assert_int_equal(capture_dispatch(c, 0, on_pkt, &s, &eb), 0);
	send_udp((uint16_t)(port + 1), 10); /* filtered out */
	send_udp(port, 100);
	pfd.fd = capture_fd(c);
	pfd.events = POLLIN;
	for (i = 0; i < 20 && s.n == 0; i++) {
		poll(&pfd, 1, 100);
		assert_true(capture_dispatch(c, 0, on_pkt, &s, &eb) >= 0);
	}
	/* exactly one: inbound only, and the other port filtered */
	usleep(50000);
	assert_true(capture_dispatch(c, 0, on_pkt, &s, &eb) >= 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.dport, port);
	assert_int_equal(s.linktype, capture_linktype(c));
	assert_int_equal(s.caplen, s.wirelen);
	assert_true(s.ts.tv_sec > 1600000000 && s.ts.tv_nsec < 1000000000);
	capture_free(c);
}

static void
test_live_loopback(void **state)
{
	(void)state;
	live("lo");
}

static void
test_live_any(void **state)
{
	struct capture_opts o = { .ifname = "any" };
	struct capture *c;

	(void)state;
	c = capture_open(&o, NULL);
	assert_non_null(c);
	assert_true(capture_linktype(c) == DLT_LINUX_SLL ||
		    capture_linktype(c) == DLT_LINUX_SLL2);
	capture_free(c);
	live("any");
}

/* Live captures need CAP_NET_RAW; without it they are left out. */
static int
capture_allowed(void)
{
	int fd = socket(AF_PACKET, SOCK_RAW, 0);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

int
main(void)
{
	const struct CMUnitTest basic[] = {
		cmocka_unit_test(test_l3_offsets),
		cmocka_unit_test(test_open_missing_interface),
	};
	const struct CMUnitTest live_tests[] = {
		cmocka_unit_test(test_live_loopback),
		cmocka_unit_test(test_live_any),
	};
	int rc = cmocka_run_group_tests_name("capture", basic, NULL, NULL);

	if (capture_allowed())
		rc |= cmocka_run_group_tests_name("capture_live", live_tests,
						  NULL, NULL);
	return rc;
}
