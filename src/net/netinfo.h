/* SPDX-License-Identifier: MIT */
/*
 * net/netinfo.h: what the kernel knows about routes, interfaces, addresses
 * and neighbours (rtnetlink, ioctl, getifaddrs).
 *
 * Addresses are raw bytes: 4 for AF_INET, 16 for AF_INET6, in network
 * order.  Nothing here allocates except netinfo_addrs().  Errors come back
 * as negative ERR_* with one line of text in the caller's errbuf.
 */
#ifndef NPECHO_NET_NETINFO_H
#define NPECHO_NET_NETINFO_H

#include <stddef.h>
#include <stdint.h>

#include "net/nlmsg.h"
#include "util/err.h"

#define NETINFO_RESOLVE_MS 1000 /* default neighbour resolution wait */

struct iface_info {
	int ifindex;
	char name[NL_IFNAMSIZ];
	uint8_t mac[6];
	int has_mac;     /* Ethernet-like (ARPHRD_ETHER) with a 6-byte address */
	uint32_t mtu;
	unsigned flags;  /* IFF_UP, IFF_LOOPBACK, IFF_NOARP... */
	int arptype;     /* ARPHRD_* */
};

struct netinfo_addr {
	char ifname[NL_IFNAMSIZ];
	int ifindex;
	int family;      /* AF_INET / AF_INET6 */
	uint8_t addr[16];
	uint8_t prefixlen;
	unsigned flags;  /* the interface's IFF_* */
};

/*
 * Route lookup (RTM_GETROUTE) for dst, optionally forced out of interface
 * oif (> 0, as -e does).  Fills src (RTA_PREFSRC, or else from a connected
 * UDP socket's getsockname), gateway, ifindex, ifname and route MTU.
 * Returns 0, ERR_INVALID (bad family), or ERR_SYS with the kernel's reason
 * ("Network is unreachable"...).
 */
int netinfo_route(int family, const uint8_t *dst, int oif,
		  struct route_info *out, struct errbuf *eb);

/*
 * The same for traffic from the local address src (-S with an address of
 * this host: policy routing may pick another route).  The kernel refuses a
 * src that is not local (ERR_SYS, "Invalid argument"): for a spoofed -S,
 * look up without it.  src NULL = netinfo_route.
 */
int netinfo_route_from(int family, const uint8_t *dst, const uint8_t *src,
		       int oif, struct route_info *out, struct errbuf *eb);

/*
 * Which interface has the local address addr: 0 with *ifindex, ERR_AGAIN
 * when no interface has it (a spoofed source), ERR_SYS / ERR_NOMEM.
 */
int netinfo_addr_iface(int family, const uint8_t *addr, int *ifindex,
		       struct errbuf *eb);

/* The next hop of a route: its gateway, or dst itself when on-link. */
const uint8_t *netinfo_next_hop(const struct route_info *r);

/* Interface by name or by index.  0, or ERR_SYS ("no such device"). */
int netinfo_iface(const char *name, struct iface_info *out,
		  struct errbuf *eb);
int netinfo_iface_by_index(int ifindex, struct iface_info *out,
			   struct errbuf *eb);

/*
 * Every IPv4/IPv6 address on every interface (family AF_UNSPEC) or of one
 * family.  *out is a new array of *n entries (free with free(); NULL when
 * n is 0).  Returns 0, ERR_NOMEM or ERR_SYS.
 */
int netinfo_addrs(int family, struct netinfo_addr **out, size_t *n,
		  struct errbuf *eb);

/*
 * Neighbour table lookup (RTM_GETNEIGH dump) for addr on ifindex (0: any
 * interface).  Returns 0 with mac filled when a usable entry exists,
 * ERR_AGAIN when there is none (or it is incomplete/failed), ERR_SYS.
 */
int netinfo_neigh_lookup(int family, const uint8_t *addr, int ifindex,
			 uint8_t mac[6], struct errbuf *eb);

/*
 * Lookup, and when missing make the kernel resolve it: an empty UDP
 * datagram (TTL / hop limit 1, port 9 "discard") to addr out of ifindex
 * starts ARP or Neighbour Discovery; the table is then polled every 10 ms
 * (and poked again every 250 ms) for at most timeout_ms.  Returns 0,
 * ERR_LIMIT when nobody answered in time, ERR_SYS.
 */
int netinfo_neigh_resolve(int family, const uint8_t *addr, int ifindex,
			  unsigned timeout_ms, uint8_t mac[6],
			  struct errbuf *eb);

#endif
