/* SPDX-License-Identifier: MIT */
/*
 * net/netinfo.c: route, interface, address and neighbour lookups (netinfo.h).
 * Message layouts are built and parsed by nlmsg.c; this file only moves
 * them through sockets.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net/clock.h"
#include "net/netinfo.h"

#define NL_BUF 32768
#define RESOLVE_POLL_NS 10000000ull  /* 10 ms */
#define RESOLVE_POKE_NS 250000000ull /* 250 ms */
#define DISCARD_PORT 9

typedef int (*nl_msg_fn)(void *arg, const uint8_t *msg, size_t len);

static size_t
alen_of(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static int
nl_open(struct errbuf *eb)
{
	struct timeval tv = { 2, 0 };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0) {
		errbuf_set(eb, "netlink socket: %s", strerror(errno));
		return ERR_SYS;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/*
 * Feed each message of one receive buffer to fn.  Returns 1 when the
 * exchange is over (DONE, ack, or a non-dump reply), 0 to keep reading,
 * or a negative ERR_*.
 */
static int
nl_feed(const uint8_t *buf, size_t n, int dump, nl_msg_fn fn, void *arg,
	struct errbuf *eb)
{
	const uint8_t *msg;
	size_t off = 0, mlen;
	int rc, err;

	while ((rc = nlmsg_next(buf, n, &off, &msg, &mlen)) > 0) {
		uint16_t type = nlmsg_type(msg, mlen);

		if (type == NLMSG_DONE)
			return 1;
		if (type == NLMSG_ERROR) {
			if (nlmsg_parse_error(msg, mlen, &err) < 0) {
				errbuf_set(eb, "netlink: bad error message");
				return ERR_PROTO;
			}
			if (err == 0)
				return 1;
			errbuf_set(eb, "%s", strerror(-err));
			return ERR_SYS;
		}
		if ((rc = fn(arg, msg, mlen)) < 0)
			return rc;
		if (!dump)
			return 1;
	}
	if (rc < 0) {
		errbuf_set(eb, "netlink: malformed reply");
		return ERR_PROTO;
	}
	return 0;
}

/* Send one request and feed the replies to fn until the exchange ends. */
static int
nl_talk(const uint8_t *req, size_t len, int dump, nl_msg_fn fn, void *arg,
	struct errbuf *eb)
{
	uint8_t *buf = malloc(NL_BUF);
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	int fd, rc = ERR_NOMEM;
	ssize_t n;

	if (!buf) {
		errbuf_set(eb, "out of memory");
		return ERR_NOMEM;
	}
	fd = nl_open(eb);
	if (fd < 0) {
		rc = fd;
		goto out;
	}
	if (sendto(fd, req, len, 0, (struct sockaddr *)&k, sizeof(k)) < 0) {
		errbuf_set(eb, "netlink send: %s", strerror(errno));
		rc = ERR_SYS;
		goto out;
	}
	do {
		n = recv(fd, buf, NL_BUF, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			errbuf_set(eb, "netlink receive: %s",
				   n < 0 ? strerror(errno) : "closed");
			rc = ERR_SYS;
			goto out;
		}
		rc = nl_feed(buf, (size_t)n, dump, fn, arg, eb);
	} while (rc == 0);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return rc < 0 ? rc : 0;
}

static int
on_route(void *arg, const uint8_t *msg, size_t len)
{
	return nlmsg_parse_route(msg, len, arg) < 0 ? ERR_PROTO : 0;
}

/* Source address the kernel would pick, from a connected UDP socket. */
static int
udp_source(int family, const uint8_t *dst, const char *ifname, uint8_t *src,
	   struct errbuf *eb)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, rc = ERR_SYS;

	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_port = htons(DISCARD_PORT);
		memcpy(&a->sin_addr, dst, 4);
		sl = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(DISCARD_PORT);
		memcpy(&a->sin6_addr, dst, 16);
		a->sin6_scope_id = *ifname ? if_nametoindex(ifname) : 0;
		sl = sizeof(*a);
	}
	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto out;
	if (*ifname)
		(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
				 (socklen_t)strlen(ifname) + 1);
	if (connect(fd, (struct sockaddr *)&ss, sl) < 0)
		goto out;
	sl = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0)
		goto out;
	if (family == AF_INET)
		memcpy(src, &((struct sockaddr_in *)&ss)->sin_addr, 4);
	else
		memcpy(src, &((struct sockaddr_in6 *)&ss)->sin6_addr, 16);
	rc = 0;
out:
	if (rc < 0)
		errbuf_set(eb, "source address: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

int
netinfo_route_from(int family, const uint8_t *dst, const uint8_t *src,
		   int oif, struct route_info *out, struct errbuf *eb)
{
	uint8_t req[128];
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!alen_of(family) ||
	    nlmsg_build_getroute(req, sizeof(req), &len, family, dst, src,
				 oif, 1) < 0) {
		errbuf_set(eb, "route lookup: bad address family %d", family);
		return ERR_INVALID;
	}
	rc = nl_talk(req, len, 0, on_route, out, eb);
	if (rc < 0)
		return rc;
	memcpy(out->dst, dst, alen_of(family));
	if (out->ifindex > 0 &&
	    !if_indextoname((unsigned)out->ifindex, out->ifname))
		out->ifname[0] = '\0';
	if (src) {
		memcpy(out->src, src, alen_of(family));
		out->has_src = 1;
	}
	if (!out->has_src) {
		rc = udp_source(family, dst, out->ifname, out->src, eb);
		if (rc < 0)
			return rc;
		out->has_src = 1;
	}
	return 0;
}

int
netinfo_route(int family, const uint8_t *dst, int oif,
	      struct route_info *out, struct errbuf *eb)
{
	return netinfo_route_from(family, dst, NULL, oif, out, eb);
}

int
netinfo_addr_iface(int family, const uint8_t *addr, int *ifindex,
		   struct errbuf *eb)
{
	struct netinfo_addr *as;
	size_t n, i;
	int rc;

	rc = netinfo_addrs(family, &as, &n, eb);
	if (rc < 0)
		return rc;
	rc = ERR_AGAIN;
	for (i = 0; i < n && rc < 0; i++) {
		if (!memcmp(as[i].addr, addr, alen_of(family))) {
			*ifindex = as[i].ifindex;
			rc = 0;
		}
	}
	free(as);
	if (rc < 0)
		errbuf_set(eb, "address is not on any local interface");
	return rc;
}

const uint8_t *
netinfo_next_hop(const struct route_info *r)
{
	return r->has_gateway ? r->gateway : r->dst;
}

static int
iface_ioctls(int fd, struct ifreq *ifr, struct iface_info *out,
	     struct errbuf *eb)
{
	if (ioctl(fd, SIOCGIFINDEX, ifr) < 0)
		goto fail;
	out->ifindex = ifr->ifr_ifindex;
	if (ioctl(fd, SIOCGIFFLAGS, ifr) < 0)
		goto fail;
	out->flags = (unsigned)(uint16_t)ifr->ifr_flags;
	if (ioctl(fd, SIOCGIFMTU, ifr) < 0)
		goto fail;
	out->mtu = (uint32_t)ifr->ifr_mtu;
	if (ioctl(fd, SIOCGIFHWADDR, ifr) < 0)
		goto fail;
	out->arptype = ifr->ifr_hwaddr.sa_family;
	if (out->arptype == ARPHRD_ETHER) {
		memcpy(out->mac, ifr->ifr_hwaddr.sa_data, 6);
		out->has_mac = 1;
	}
	return 0;
fail:
	errbuf_set(eb, "interface %s: %s", out->name, strerror(errno));
	return ERR_SYS;
}

int
netinfo_iface(const char *name, struct iface_info *out, struct errbuf *eb)
{
	struct ifreq ifr;
	int fd, rc;

	memset(out, 0, sizeof(*out));
	if (!name || !*name || strlen(name) >= sizeof(out->name)) {
		errbuf_set(eb, "bad interface name '%s'", name ? name : "");
		return ERR_INVALID;
	}
	strcpy(out->name, name);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		errbuf_set(eb, "socket: %s", strerror(errno));
		return ERR_SYS;
	}
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, name, strlen(name));
	rc = iface_ioctls(fd, &ifr, out, eb);
	close(fd);
	return rc;
}

int
netinfo_iface_by_index(int ifindex, struct iface_info *out,
		       struct errbuf *eb)
{
	char name[IF_NAMESIZE];

	if (ifindex <= 0 || !if_indextoname((unsigned)ifindex, name)) {
		memset(out, 0, sizeof(*out));
		errbuf_set(eb, "no interface with index %d", ifindex);
		return ERR_SYS;
	}
	return netinfo_iface(name, out, eb);
}

static uint8_t
prefix_bits(const uint8_t *mask, size_t n)
{
	uint8_t bits = 0;
	size_t i;

	for (i = 0; i < n; i++)
		bits += (uint8_t)__builtin_popcount(mask[i]);
	return bits;
}

static int
want_addr(const struct ifaddrs *i, int family)
{
	int f;

	if (!i->ifa_addr)
		return 0;
	f = i->ifa_addr->sa_family;
	if (f != AF_INET && f != AF_INET6)
		return 0;
	return family == AF_UNSPEC || family == f;
}

static void
fill_addr(struct netinfo_addr *a, const struct ifaddrs *i)
{
	const uint8_t *ad, *mk = NULL;
	size_t n;

	memset(a, 0, sizeof(*a));
	a->family = i->ifa_addr->sa_family;
	if (a->family == AF_INET) {
		ad = (const uint8_t *)&((const struct sockaddr_in *)
				      (const void *)i->ifa_addr)->sin_addr;
		if (i->ifa_netmask)
			mk = (const uint8_t *)&((const struct sockaddr_in *)
				(const void *)i->ifa_netmask)->sin_addr;
		n = 4;
	} else {
		ad = (const uint8_t *)&((const struct sockaddr_in6 *)
				      (const void *)i->ifa_addr)->sin6_addr;
		if (i->ifa_netmask)
			mk = (const uint8_t *)&((const struct sockaddr_in6 *)
				(const void *)i->ifa_netmask)->sin6_addr;
		n = 16;
	}
	memcpy(a->addr, ad, n);
	a->prefixlen = mk ? prefix_bits(mk, n) : (uint8_t)(n * 8);
	snprintf(a->ifname, sizeof(a->ifname), "%s", i->ifa_name);
	a->ifindex = (int)if_nametoindex(i->ifa_name);
	a->flags = i->ifa_flags;
}

int
netinfo_addrs(int family, struct netinfo_addr **out, size_t *n,
	      struct errbuf *eb)
{
	struct ifaddrs *all, *i;
	size_t cnt = 0, k = 0;

	*out = NULL;
	*n = 0;
	if (getifaddrs(&all) < 0) {
		errbuf_set(eb, "getifaddrs: %s", strerror(errno));
		return ERR_SYS;
	}
	for (i = all; i; i = i->ifa_next)
		cnt += want_addr(i, family);
	if (cnt) {
		*out = calloc(cnt, sizeof(**out));
		if (!*out) {
			freeifaddrs(all);
			errbuf_set(eb, "out of memory");
			return ERR_NOMEM;
		}
	}
	for (i = all; i; i = i->ifa_next)
		if (want_addr(i, family))
			fill_addr(&(*out)[k++], i);
	*n = k;
	freeifaddrs(all);
	return 0;
}

struct neigh_find {
	int family;
	const uint8_t *addr;
	int ifindex;
	uint8_t *mac;
	int found;
};

static int
on_neigh(void *arg, const uint8_t *msg, size_t len)
{
	struct neigh_find *f = arg;
	struct neigh_entry e;

	if (nlmsg_type(msg, len) != RTM_NEWNEIGH ||
	    nlmsg_parse_neigh(msg, len, &e) < 0)
		return 0; /* skip what we cannot read; keep the dump going */
	if (e.family != f->family || !e.has_dst ||
	    memcmp(e.dst, f->addr, alen_of(f->family)) != 0 ||
	    (f->ifindex > 0 && e.ifindex != f->ifindex) ||
	    !nlmsg_neigh_usable(&e))
		return 0;
	memcpy(f->mac, e.mac, 6);
	f->found = 1;
	return 0;
}

int
netinfo_neigh_lookup(int family, const uint8_t *addr, int ifindex,
		     uint8_t mac[6], struct errbuf *eb)
{
	struct neigh_find f = { family, addr, ifindex, mac, 0 };
	uint8_t req[64];
	size_t len;
	int rc;

	if (nlmsg_build_getneigh(req, sizeof(req), &len, family, 2) < 0) {
		errbuf_set(eb, "neighbour lookup: bad address family %d",
			   family);
		return ERR_INVALID;
	}
	rc = nl_talk(req, len, 1, on_neigh, &f, eb);
	if (rc < 0)
		return rc;
	if (!f.found) {
		errbuf_set(eb, "no neighbour entry");
		return ERR_AGAIN;
	}
	return 0;
}

/*
 * An empty UDP datagram to addr:9 with TTL / hop limit 1 out of ifindex:
 * the kernel must resolve the neighbour to send it.  Best effort.
 */
static void
poke(int family, const uint8_t *addr, int ifindex)
{
	struct sockaddr_storage ss;
	char ifname[IF_NAMESIZE];
	socklen_t sl;
	int fd, one = 1;

	memset(&ss, 0, sizeof(ss));
	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return;
	if (ifindex > 0 && if_indextoname((unsigned)ifindex, ifname))
		(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
				 (socklen_t)strlen(ifname) + 1);
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		(void)setsockopt(fd, IPPROTO_IP, IP_TTL, &one, sizeof(one));
		a->sin_family = AF_INET;
		a->sin_port = htons(DISCARD_PORT);
		memcpy(&a->sin_addr, addr, 4);
		sl = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &one,
				 sizeof(one));
		a->sin6_family = AF_INET6;
		a->sin6_port = htons(DISCARD_PORT);
		memcpy(&a->sin6_addr, addr, 16);
		a->sin6_scope_id = ifindex > 0 ? (uint32_t)ifindex : 0;
		sl = sizeof(*a);
	}
	(void)sendto(fd, "", 0, 0, (struct sockaddr *)&ss, sl);
	close(fd);
}


int
netinfo_neigh_resolve(int family, const uint8_t *addr, int ifindex,
		      unsigned timeout_ms, uint8_t mac[6], struct errbuf *eb)
{
	struct timespec step = { 0, (long)RESOLVE_POLL_NS };
	uint64_t start = clock_mono_ns(), last_poke = 0, now;
	char txt[INET6_ADDRSTRLEN] = "?";
	int rc;

	for (;;) {
		rc = netinfo_neigh_lookup(family, addr, ifindex, mac, eb);
		if (rc != ERR_AGAIN)
			return rc;
		now = clock_mono_ns();
		if (now - start >= (uint64_t)timeout_ms * 1000000u)
			break;
		if (!last_poke || now - last_poke >= RESOLVE_POKE_NS) {
			poke(family, addr, ifindex);
			last_poke = now;
		}
		nanosleep(&step, NULL);
	}
	inet_ntop(family, addr, txt, sizeof(txt));
	errbuf_set(eb, "no %s reply from %s within %u ms",
		   family == AF_INET ? "ARP" : "Neighbor Discovery", txt,
		   timeout_ms);
	return ERR_LIMIT;
}
