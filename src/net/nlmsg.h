/* SPDX-License-Identifier: MIT */
/*
 * net/nlmsg.h: pure rtnetlink message building and parsing (libc only, no
 * sockets), used by netinfo.c and unit-tested from canned bytes.
 *
 * Netlink is in host byte order; fields are read with memcpy through a
 * bounds-checked cursor, never by casting the buffer to kernel structs.
 *
 *   nlmsghdr (16): len u32, type u16, flags u16, seq u32, pid u32
 *   rtmsg    (12): family dst_len src_len tos table proto scope type (u8),
 *                  flags u32
 *   ndmsg    (12): family u8, pad u8, pad u16, ifindex s32, state u16,
 *                  flags u8, type u8
 *   rtattr    (4): len u16, type u16, payload, padded to 4
 */
#ifndef NPECHO_NET_NLMSG_H
#define NPECHO_NET_NLMSG_H

#include <stddef.h>
#include <stdint.h>

#define NLMSG_HDR_LEN 16
#define NL_IFNAMSIZ 16

/* What a route lookup tells us. */
struct route_info {
	int family;            /* AF_INET / AF_INET6 */
	uint8_t dst[16];       /* the destination asked about */
	uint8_t src[16];       /* preferred source address */
	int has_src;
	uint8_t gateway[16];   /* next hop when not on-link */
	int has_gateway;
	int ifindex;           /* output interface, 0 if none */
	char ifname[NL_IFNAMSIZ];
	uint32_t mtu;          /* route MTU metric, 0 if not set */
	uint8_t type;          /* RTN_UNICAST, RTN_LOCAL, ... */
};

/* One neighbour-table entry. */
struct neigh_entry {
	int family;
	int ifindex;
	uint16_t state;        /* NUD_* */
	uint8_t dst[16];
	int has_dst;
	uint8_t mac[6];
	int has_mac;           /* a 6-byte link-layer address was present */
};

/*
 * Walk the messages in a receive buffer: on success *msg and *msglen describe
 * the message at *off and *off moves past it.  Returns 1 for a message,
 * 0 at the end of the buffer, ERR_TRUNC/ERR_INVALID for a bad length.
 */
int nlmsg_next(const uint8_t *p, size_t len, size_t *off,
	       const uint8_t **msg, size_t *msglen);

/* Type of a message (0 if too short). */
uint16_t nlmsg_type(const uint8_t *msg, size_t len);

/*
 * NLMSG_ERROR payload: *err gets the (negative errno, or 0 = ack) value.
 * Returns 0, or ERR_TRUNC / ERR_INVALID (not an error message).
 */
int nlmsg_parse_error(const uint8_t *msg, size_t len, int *err);

/*
 * Build an RTM_GETROUTE request for dst (4 or 16 bytes by family), with
 * RTA_SRC when src is not NULL and RTA_OIF when oif > 0.  Builder
 * convention: 0 or ERR_NOSPACE/ERR_INVALID.
 */
int nlmsg_build_getroute(uint8_t *buf, size_t cap, size_t *len, int family,
			 const uint8_t *dst, const uint8_t *src, int oif,
			 uint32_t seq);

/* An RTM_GETNEIGH dump request for one family. */
int nlmsg_build_getneigh(uint8_t *buf, size_t cap, size_t *len, int family,
			 uint32_t seq);

/*
 * Parse one RTM_NEWROUTE message (with its nlmsghdr): RTA_DST, RTA_PREFSRC,
 * RTA_GATEWAY, RTA_OIF, RTAX_MTU inside RTA_METRICS.  ifname stays empty.
 * Returns 0, ERR_TRUNC (cut anywhere), ERR_INVALID (wrong type, bad
 * attribute length) or ERR_UNSUPPORTED (family not IPv4/IPv6).
 */
int nlmsg_parse_route(const uint8_t *p, size_t len, struct route_info *out);

/* Parse one RTM_NEWNEIGH message.  Same returns. */
int nlmsg_parse_neigh(const uint8_t *p, size_t len, struct neigh_entry *out);

/* 1 when the entry's state has a usable link-layer address. */
int nlmsg_neigh_usable(const struct neigh_entry *n);

#endif
