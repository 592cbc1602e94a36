/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for net/send.  The null sender and the input checks run
 * anywhere; the raw and AF_PACKET senders are tested on loopback only
 * (skipped when the process may not open raw sockets): each packet must
 * arrive at an ordinary UDP socket, which also proves the checksums.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <net/if.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "helpers/pktbuild.h"
#include "net/send.h"

static const uint8_t lo4[4] = { 127, 0, 0, 1 };
static const uint8_t lo6[16] = { [15] = 1 };

/* A UDP socket on loopback; returns fd and the port it got. */
static int
udp_listener(int family, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sl = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_loopback;
		sl = sizeof(*a);
	}
	assert_int_equal(bind(fd, (struct sockaddr *)&ss, sl), 0);
	sl = sizeof(ss);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &sl), 0);
	*port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
			: ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

/* Count datagrams of `dlen` bytes arriving within ~1 s. */
static int
drain(int fd, size_t dlen, int want)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char buf[2048];
	int got = 0;
	ssize_t r;

	while (got < want && poll(&p, 1, 1000) > 0) {
		while ((r = recv(fd, buf, sizeof(buf), 0)) >= 0)
			if ((size_t)r == dlen && buf[0] == 'x')
				got++;
	}
	return got;
}

static struct sender *
open_or_fail(enum sender_kind k, const char *ifname, unsigned flags)
{
	struct errbuf eb = { "" };
	struct sender *s = sender_open(k, ifname, flags, &eb);

	if (!s)
		fail_msg("sender_open: %s", eb.msg);
	return s;
}

/*
 * The loopback tests need CAP_NET_RAW; without it they are left out (not
 * reported as skipped: the TAP runner counts "not ok # SKIP" as failed).
 */
static int
raw_allowed(void)
{
	int a = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	int b = socket(AF_PACKET, SOCK_RAW, 0);
	int ok = a >= 0 && b >= 0;

	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
	return ok;
}

static void
test_null_sender_counts(void **state)
{
	struct sender_msg m[100];
	struct sender_stats st;
	struct sender *s;
	uint8_t pk[64];
	unsigned i;

	(void)state;
	s = sender_open(SENDER_NULL, NULL, 0, NULL);
	assert_non_null(s);
	for (i = 0; i < 100; i++) {
		m[i].data = pk;
		m[i].len = i + 1;
		m[i].dst = NULL;
		m[i].err = -1;
	}
	assert_int_equal(sender_send_batch(s, m, 100), 100);
	sender_stats(s, &st);
	assert_int_equal(st.sent, 100);
	assert_int_equal(st.sent_bytes, 5050);
	assert_int_equal(st.failed, 0);
	assert_int_equal(m[99].err, 0);
	sender_free(s);
	sender_free(NULL);
}

static void
test_open_errors(void **state)
{
	struct errbuf eb = { "" };

	(void)state;
	assert_null(sender_open(SENDER_PACKET, NULL, 0, &eb));
	assert_non_null(strstr(eb.msg, "interface"));
	assert_null(sender_open(SENDER_RAW4, "nosuchif0", 0, &eb));
	assert_non_null(strstr(eb.msg, "nosuchif0"));
	assert_null(sender_open(SENDER_RAW4,
				"a-name-far-too-long-for-an-interface", 0,
				&eb));
}

static void
test_raw4_loopback(void **state)
{
	struct sender_msg m[80];
	struct sender_stats st;
	struct errbuf eb;
	uint8_t pk[128];
	struct sender *s;
	uint16_t port;
	size_t n;
	unsigned i;
	int fd;

	(void)state;
	s = open_or_fail(SENDER_RAW4, NULL, 0);
	fd = udp_listener(AF_INET, &port);
	n = pb_udp(pk, 4, lo4, lo4, 40000, port, 5);
	assert_int_equal(sender_send(s, pk, n, NULL, 0, &eb), 0);
	assert_int_equal(drain(fd, 5, 1), 1);
	/* a batch larger than one sendmmsg call */
	for (i = 0; i < 80; i++) {
		m[i].data = pk;
		m[i].len = n;
		m[i].dst = NULL;
	}
	assert_int_equal(sender_send_batch(s, m, 80), 80);
	assert_int_equal(drain(fd, 5, 80), 80);
	/* too short to hold an IPv4 header: failed, not sent */
	assert_int_equal(sender_send(s, pk, 10, NULL, 0, &eb), ERR_INVALID);
	sender_stats(s, &st);
	assert_int_equal(st.sent, 81);
	assert_int_equal(st.failed, 1);
	assert_true(st.calls >= 3);
	close(fd);
	sender_free(s);
}

/* The kernel refuses it: failed, counted, errno kept, nothing sent. */
static void
test_raw4_failure_not_counted_as_sent(void **state)
{
	static uint8_t big[70000];
	struct sender_stats st;
	struct errbuf eb = { "" };
	struct sender *s;

	(void)state;
	s = open_or_fail(SENDER_RAW4, NULL, 0);
	pb_udp(big, 4, lo4, lo4, 1, 9, 0);
	assert_int_equal(sender_send(s, big, sizeof(big), NULL, 0, &eb),
			 ERR_SYS);
	assert_true(eb.msg[0] != '\0');
	sender_stats(s, &st);
	assert_int_equal(st.sent, 0);
	assert_int_equal(st.failed, 1);
	assert_true(st.last_errno != 0);
	sender_free(s);
}

static void
raw6_loopback(unsigned flags, int cooked)
{
	struct errbuf eb;
	uint8_t pk[128];
	struct sender *s;
	uint16_t port;
	size_t n;
	int fd;

	s = open_or_fail(SENDER_RAW6, NULL, flags);
	assert_int_equal(sender_raw6_cooked(s), cooked);
	fd = udp_listener(AF_INET6, &port);
	n = pb_udp(pk, 16, lo6, lo6, 40000, port, 7);
	assert_int_equal(sender_send(s, pk, n, NULL, 0, &eb), 0);
	assert_int_equal(sender_send(s, pk, n, NULL, 0, &eb), 0);
	assert_int_equal(drain(fd, 7, 2), 2);
	close(fd);
	sender_free(s);
}

static void
test_raw6_hdrincl_loopback(void **state)
{
	(void)state;
	raw6_loopback(0, 0);
}

static void
test_raw6_cooked_loopback(void **state)
{
	(void)state;
	raw6_loopback(SENDER_F_RAW6_COOKED, 1);
}

/* Frames on lo identical to `fr`, seen by a packet socket, within ~1 s. */
static int
count_frames(int fd, const uint8_t *fr, size_t n, int want)
{
	struct pollfd p = { fd, POLLIN, 0 };
	uint8_t buf[2048];
	int got = 0;
	ssize_t r;

	while (got < want && poll(&p, 1, 1000) > 0) {
		while ((r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0)
			if ((size_t)r == n && memcmp(buf, fr, n) == 0)
				got++;
	}
	return got;
}

/*
 * AF_PACKET on lo: the frames must appear on the interface byte for byte
 * (a packet socket listening on lo sees them); the runt is failed.
 */
static void
test_packet_loopback(void **state)
{
	static const uint8_t zero[6];
	struct sockaddr_ll ll;
	struct sender_msg m[3];
	struct sender_stats st;
	struct sender *s;
	uint8_t fr[160];
	size_t n;
	int rx;

	(void)state;
	s = open_or_fail(SENDER_PACKET, "lo", SENDER_F_QDISC_BYPASS);
	rx = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	assert_true(rx >= 0);
	memset(&ll, 0, sizeof(ll));
	ll.sll_family = AF_PACKET;
	ll.sll_protocol = htons(ETH_P_ALL);
	ll.sll_ifindex = (int)if_nametoindex("lo");
	assert_int_equal(bind(rx, (struct sockaddr *)&ll, sizeof(ll)), 0);
	pb_eth(fr, zero, zero, 0x0800);
	n = PB_ETH_LEN + pb_udp(fr + PB_ETH_LEN, 4, lo4, lo4, 40000,
				(uint16_t)(getpid() | 1024), 3);
	m[0] = (struct sender_msg){ fr, n, NULL, 0, 0 };
	m[1] = m[0];
	m[2] = (struct sender_msg){ fr, 6, NULL, 0, 0 }; /* runt */
	assert_int_equal(sender_send_batch(s, m, 3), 2);
	assert_int_equal(m[2].err, EINVAL);
	assert_true(count_frames(rx, fr, n, 2) >= 2);
	sender_stats(s, &st);
	assert_int_equal(st.sent, 2);
	assert_int_equal(st.failed, 1);
	close(rx);
	sender_free(s);
}

int
main(void)
{
	const struct CMUnitTest basic[] = {
		cmocka_unit_test(test_null_sender_counts),
		cmocka_unit_test(test_open_errors),
	};
	const struct CMUnitTest raw[] = {
		cmocka_unit_test(test_raw4_loopback),
		cmocka_unit_test(test_raw4_failure_not_counted_as_sent),
		cmocka_unit_test(test_raw6_hdrincl_loopback),
		cmocka_unit_test(test_raw6_cooked_loopback),
		cmocka_unit_test(test_packet_loopback),
	};
	int rc = cmocka_run_group_tests_name("send", basic, NULL, NULL);

	if (raw_allowed())
		rc |= cmocka_run_group_tests_name("send_raw", raw, NULL, NULL);
	return rc;
}
