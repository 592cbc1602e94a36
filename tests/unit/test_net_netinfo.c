/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for net/nlmsg (rtnetlink messages from canned bytes, cut
 * at every length) and the read-only parts of net/netinfo on loopback.
 * Route and neighbour resolution across real links are tested in
 * tests/integration/probe_io.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "net/netinfo.h"
#include "net/nlmsg.h"

/* A host-order message writer, independent of nlmsg.c's builder. */
struct nb {
	uint8_t b[512];
	size_t n;
};

static void
nb_put(struct nb *m, const void *p, size_t n)
{
	assert_true(m->n + n <= sizeof(m->b));
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void
nb_u8(struct nb *m, uint8_t v)
{
	nb_put(m, &v, 1);
}

static void
nb_u16(struct nb *m, uint16_t v)
{
	nb_put(m, &v, 2);
}

static void
nb_u32(struct nb *m, uint32_t v)
{
	nb_put(m, &v, 4);
}

static void
nb_hdr(struct nb *m, uint16_t type)
{
	m->n = 0;
	nb_u32(m, 0);
	nb_u16(m, type);
	nb_u16(m, 0);
	nb_u32(m, 7);
	nb_u32(m, 0);
}

static void
nb_attr(struct nb *m, uint16_t type, const void *p, size_t n)
{
	static const uint8_t zero[4];

	nb_u16(m, (uint16_t)(4 + n));
	nb_u16(m, type);
	nb_put(m, p, n);
	nb_put(m, zero, (4 - n % 4) % 4);
}

static void
nb_end(struct nb *m)
{
	uint32_t n = (uint32_t)m->n;

	memcpy(m->b, &n, 4);
}

/* What the kernel answers for `ip route get 192.0.2.9` via a gateway. */
static void
route4_reply(struct nb *m)
{
	const uint8_t dst[4] = { 192, 0, 2, 9 }, src[4] = { 10, 0, 0, 5 };
	const uint8_t gw[4] = { 10, 0, 0, 1 };
	struct nb met = { .n = 0 };
	uint32_t oif = 3, mtu = 1400, table = 254;

	nb_hdr(m, RTM_NEWROUTE);
	nb_u8(m, AF_INET);
	nb_u8(m, 32);
	nb_u8(m, 0);
	nb_u8(m, 0);
	nb_u8(m, RT_TABLE_MAIN);
	nb_u8(m, RTPROT_BOOT);
	nb_u8(m, RT_SCOPE_UNIVERSE);
	nb_u8(m, RTN_UNICAST);
	nb_u32(m, 0);
	nb_attr(m, RTA_TABLE, &table, 4);
	nb_attr(m, RTA_DST, dst, 4);
	nb_attr(m, RTA_OIF, &oif, 4);
	nb_attr(m, RTA_PREFSRC, src, 4);
	nb_attr(m, RTA_GATEWAY, gw, 4);
	nb_attr(&met, RTAX_MTU, &mtu, 4);
	nb_attr(m, RTA_METRICS, met.b, met.n);
	nb_end(m);
}

static void
test_parse_route4(void **state)
{
	struct route_info r;
	struct nb m;
	size_t cut;

	(void)state;
	route4_reply(&m);
	assert_int_equal(nlmsg_parse_route(m.b, m.n, &r), 0);
	assert_int_equal(r.family, AF_INET);
	assert_int_equal(r.type, RTN_UNICAST);
	assert_int_equal(r.ifindex, 3);
	assert_true(r.has_src && r.has_gateway);
	assert_memory_equal(r.src, ((uint8_t[]){ 10, 0, 0, 5 }), 4);
	assert_memory_equal(r.gateway, ((uint8_t[]){ 10, 0, 0, 1 }), 4);
	assert_memory_equal(r.dst, ((uint8_t[]){ 192, 0, 2, 9 }), 4);
	assert_int_equal(r.mtu, 1400);
	assert_ptr_equal(netinfo_next_hop(&r), r.gateway);
	for (cut = 0; cut < m.n; cut++)
		assert_int_equal(nlmsg_parse_route(m.b, cut, &r), ERR_TRUNC);
}

/* The length field itself shortened: attributes run past the message. */
static void
test_parse_route_bad_lengths(void **state)
{
	struct route_info r;
	struct nb m;
	uint32_t n;
	uint16_t bad = 2;

	(void)state;
	route4_reply(&m);
	n = (uint32_t)m.n - 2;
	memcpy(m.b, &n, 4);
	assert_int_equal(nlmsg_parse_route(m.b, m.n, &r), ERR_TRUNC);
	route4_reply(&m);
	memcpy(m.b + 16 + 12, &bad, 2); /* first rta_len < 4 */
	assert_int_equal(nlmsg_parse_route(m.b, m.n, &r), ERR_INVALID);
	route4_reply(&m);
	m.b[4] = RTM_NEWNEIGH;
	assert_int_equal(nlmsg_parse_route(m.b, m.n, &r), ERR_INVALID);
	route4_reply(&m);
	m.b[16] = AF_UNIX;
	assert_int_equal(nlmsg_parse_route(m.b, m.n, &r), ERR_UNSUPPORTED);
}

static void
neigh6(struct nb *m, uint16_t state, int with_mac)
{
	uint8_t dst[16];
	const uint8_t mac[6] = { 2, 0x11, 0x22, 0x33, 0x44, 0x55 };

	inet_pton(AF_INET6, "fe80::1", dst);
	nb_hdr(m, RTM_NEWNEIGH);
	nb_u8(m, AF_INET6);
	nb_u8(m, 0);
	nb_u16(m, 0);
	nb_u32(m, 9);
	nb_u16(m, state);
	nb_u8(m, 0);
	nb_u8(m, 1);
	nb_attr(m, NDA_DST, dst, 16);
	if (with_mac)
		nb_attr(m, NDA_LLADDR, mac, 6);
	nb_end(m);
}

static void
test_parse_neigh(void **state)
{
	struct neigh_entry e;
	struct nb m;
	size_t cut;

	(void)state;
	neigh6(&m, NUD_STALE, 1);
	assert_int_equal(nlmsg_parse_neigh(m.b, m.n, &e), 0);
	assert_int_equal(e.family, AF_INET6);
	assert_int_equal(e.ifindex, 9);
	assert_true(e.has_dst && e.has_mac);
	assert_int_equal(e.dst[0], 0xfe);
	assert_int_equal(e.dst[15], 1);
	assert_int_equal(e.mac[5], 0x55);
	assert_true(nlmsg_neigh_usable(&e));
	for (cut = 0; cut < m.n; cut++)
		assert_int_equal(nlmsg_parse_neigh(m.b, cut, &e), ERR_TRUNC);
	neigh6(&m, NUD_INCOMPLETE, 0);
	assert_int_equal(nlmsg_parse_neigh(m.b, m.n, &e), 0);
	assert_false(nlmsg_neigh_usable(&e));
	neigh6(&m, NUD_FAILED, 1);
	assert_int_equal(nlmsg_parse_neigh(m.b, m.n, &e), 0);
	assert_false(nlmsg_neigh_usable(&e));
}

/* Several messages in one buffer, then an error and a done. */
static void
test_walk_and_error(void **state)
{
	uint8_t buf[1024];
	struct nb a, b;
	const uint8_t *msg;
	size_t off = 0, len, mlen;
	int err = 1, i;

	(void)state;
	neigh6(&a, NUD_REACHABLE, 1);
	nb_hdr(&b, NLMSG_ERROR);
	nb_u32(&b, (uint32_t)-ENETUNREACH);
	nb_end(&b);
	memcpy(buf, a.b, a.n);
	memcpy(buf + a.n, b.b, b.n);
	len = a.n + b.n;
	assert_int_equal(nlmsg_next(buf, len, &off, &msg, &mlen), 1);
	assert_int_equal(nlmsg_type(msg, mlen), RTM_NEWNEIGH);
	assert_int_equal(nlmsg_next(buf, len, &off, &msg, &mlen), 1);
	assert_int_equal(nlmsg_parse_error(msg, mlen, &err), 0);
	assert_int_equal(err, -ENETUNREACH);
	assert_int_equal(nlmsg_next(buf, len, &off, &msg, &mlen), 0);
	/* cut inside the second message */
	off = 0;
	assert_int_equal(nlmsg_next(buf, len - 1, &off, &msg, &mlen), 1);
	assert_int_equal(nlmsg_next(buf, len - 1, &off, &msg, &mlen),
			 ERR_TRUNC);
	/* a length below the header size can never advance */
	memset(buf, 0, 16);
	buf[0] = 8;
	off = 0;
	assert_int_equal(nlmsg_next(buf, 16, &off, &msg, &mlen), ERR_INVALID);
	for (i = 0; i < 20; i++)
		assert_int_equal(nlmsg_parse_error(b.b, (size_t)i, &err),
				 ERR_TRUNC);
}

/* The builder's bytes read back through the parsers' own conventions. */
static void
test_build_getroute(void **state)
{
	uint8_t buf[128], dst[16];
	size_t len;
	uint32_t mlen, oif;
	uint16_t type, flags;

	(void)state;
	inet_pton(AF_INET6, "2001:db8::1", dst);
	assert_int_equal(nlmsg_build_getroute(buf, sizeof(buf), &len,
					      AF_INET6, dst, NULL, 4, 99), 0);
	assert_int_equal(len, 16 + 12 + 20 + 8);
	memcpy(&mlen, buf, 4);
	memcpy(&type, buf + 4, 2);
	memcpy(&flags, buf + 6, 2);
	assert_int_equal(mlen, len);
	assert_int_equal(type, RTM_GETROUTE);
	assert_int_equal(flags, NLM_F_REQUEST);
	assert_int_equal(buf[16], AF_INET6);
	assert_int_equal(buf[17], 128);
	assert_memory_equal(buf + 16 + 12 + 4, dst, 16);
	memcpy(&oif, buf + len - 4, 4);
	assert_int_equal(oif, 4);
	for (len = 0; len < 56; len++) {
		size_t got;

		assert_int_equal(nlmsg_build_getroute(buf, len, &got, AF_INET6,
						      dst, NULL, 4, 1),
				 ERR_NOSPACE);
	}
	assert_int_equal(nlmsg_build_getroute(buf, sizeof(buf), &len, AF_UNIX,
					      dst, NULL, 0, 1),
			 ERR_INVALID);
	/* with a source: RTA_SRC after RTA_DST, src_len 128 */
	assert_int_equal(nlmsg_build_getroute(buf, sizeof(buf), &len,
					      AF_INET6, dst, dst, 0, 1), 0);
	assert_int_equal(len, 16 + 12 + 20 + 20);
	assert_int_equal(buf[18], 128);
	memcpy(&type, buf + 16 + 12 + 20 + 2, 2);
	assert_int_equal(type, RTA_SRC);
	assert_int_equal(nlmsg_build_getneigh(buf, sizeof(buf), &len,
					      AF_INET, 1), 0);
	memcpy(&flags, buf + 6, 2);
	assert_true(flags & NLM_F_DUMP);
}

/* Read-only lookups against loopback: no packet is sent. */
static void
test_loopback_lookups(void **state)
{
	const uint8_t lo4[4] = { 127, 0, 0, 1 };
	struct netinfo_addr *as;
	struct iface_info ii;
	struct route_info r;
	struct errbuf eb = { "" };
	size_t n, i;
	int found = 0;
	uint8_t mac[6];

	(void)state;
	assert_int_equal(netinfo_route(AF_INET, lo4, 0, &r, &eb), 0);
	assert_string_equal(r.ifname, "lo");
	assert_int_equal(r.type, RTN_LOCAL);
	assert_memory_equal(r.src, lo4, 4);
	assert_false(r.has_gateway);
	assert_ptr_equal(netinfo_next_hop(&r), r.dst);
	assert_int_equal(netinfo_iface("lo", &ii, &eb), 0);
	assert_int_equal(ii.ifindex, r.ifindex);
	assert_true(ii.flags & IFF_LOOPBACK);
	assert_true(ii.mtu >= 1280);
	assert_false(ii.has_mac);
	assert_int_equal(netinfo_iface_by_index(r.ifindex, &ii, &eb), 0);
	assert_string_equal(ii.name, "lo");
	assert_int_equal(netinfo_iface("nosuchif7", &ii, &eb), ERR_SYS);
	assert_non_null(strstr(eb.msg, "nosuchif7"));
	assert_int_equal(netinfo_iface_by_index(999999, &ii, &eb), ERR_SYS);
	assert_int_equal(netinfo_addrs(AF_INET, &as, &n, &eb), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(as[i].family, AF_INET);
		if (!strcmp(as[i].ifname, "lo") &&
		    !memcmp(as[i].addr, lo4, 4)) {
			found = 1;
			assert_int_equal(as[i].prefixlen, 8);
		}
	}
	assert_true(found);
	free(as);
	assert_int_equal(netinfo_neigh_lookup(AF_INET, lo4, r.ifindex, mac,
					      &eb),
			 ERR_AGAIN);
	assert_int_equal(netinfo_route(AF_UNIX, lo4, 0, &r, &eb), ERR_INVALID);
	/* a local source is accepted and kept; a foreign one is refused */
	assert_int_equal(netinfo_route_from(AF_INET, lo4, lo4, 0, &r, &eb), 0);
	assert_memory_equal(r.src, lo4, 4);
	assert_int_equal(netinfo_route_from(AF_INET, lo4,
					    (const uint8_t[]){ 192, 0, 2, 77 },
					    0, &r, &eb),
			 ERR_SYS);
	assert_int_equal(netinfo_addr_iface(AF_INET, lo4, &found, &eb), 0);
	assert_int_equal(found, (int)if_nametoindex("lo"));
	assert_int_equal(netinfo_addr_iface(AF_INET,
					    (const uint8_t[]){ 192, 0, 2, 77 },
					    &found, &eb),
			 ERR_AGAIN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_route4),
		cmocka_unit_test(test_parse_route_bad_lengths),
		cmocka_unit_test(test_parse_neigh),
		cmocka_unit_test(test_walk_and_error),
		cmocka_unit_test(test_build_getroute),
		cmocka_unit_test(test_loopback_lookups),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
