/* SPDX-License-Identifier: MIT */
/*
 * net/send.c: raw IPv4 / raw IPv6 / AF_PACKET / null senders (see send.h).
 */
#include <endian.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net/send.h"
#include "util/wire.h"

#define IP6_HDR_LEN 40
#define BACKOFF_MIN_NS 10000
#define BACKOFF_MAX_NS 1000000

union sender_addr {
	struct sockaddr sa;
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
	struct sockaddr_ll ll;
};

struct sender {
	enum sender_kind kind;
	unsigned flags;
	int fd;
	int ifindex;
	int cooked;       /* RAW6 fallback: per-protocol sockets */
	int proto_fd[256]; /* cooked mode, -1 until first use */
	char ifname[IF_NAMESIZE];
	int ring_fd;       /* PACKET: the TX ring's socket, -1 without one */
	uint8_t *ring;     /* its mapping */
	unsigned ring_cur; /* next slot to fill */
	size_t ring_max;   /* longest frame that goes through the ring */
	char path[160];    /* sender_path() */
	struct sender_stats st;
	struct mmsghdr mm[SENDER_MAX_BATCH];
	struct iovec iov[SENDER_MAX_BATCH];
	union sender_addr addr[SENDER_MAX_BATCH];
};

static void
big_sndbuf(int fd)
{
	int v = SENDER_SNDBUF;

	/* SO_SNDBUFFORCE ignores wmem_max but needs CAP_NET_ADMIN. */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof(v)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
}

/*
 * Without IP_RECVERR / IPV6_RECVERR, Linux turns ENOBUFS from a full
 * qdisc into success on raw sockets (raw_sendmsg), so dropped probes would
 * be counted as sent.  A hdrincl IPPROTO_RAW socket matches no ICMP error,
 * so nothing piles up on its error queue.  The cooked per-protocol IPv6
 * sockets do match ICMPv6 errors, so they go without (their qdisc drops
 * stay invisible: a documented limit of the fallback).
 */
static void
report_drops(int fd, int family)
{
	int one = 1;

	if (family == AF_INET)
		(void)setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
	else
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one,
				 sizeof(one));
}

static int
bind_dev(int fd, const char *ifname, struct errbuf *eb)
{
	if (!ifname || !*ifname)
		return 0;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
		       (socklen_t)strlen(ifname) + 1) < 0) {
		errbuf_set(eb, "SO_BINDTODEVICE %s: %s", ifname,
			   strerror(errno));
		return ERR_SYS;
	}
	return 0;
}

static int
open_raw(struct sender *s, int family, int proto, struct errbuf *eb)
{
	int fd = socket(family, SOCK_RAW | SOCK_CLOEXEC, proto);

	if (fd < 0) {
		errbuf_set(eb, "raw %s socket (protocol %d): %s",
			   family == AF_INET ? "IPv4" : "IPv6", proto,
			   strerror(errno));
		return ERR_SYS;
	}
	if (bind_dev(fd, s->ifname, eb) < 0) {
		close(fd);
		return ERR_SYS;
	}
	big_sndbuf(fd);
	if (proto == IPPROTO_RAW)
		report_drops(fd, family);
	return fd;
}

static int ring_open(struct sender *s);
static void ring_close(struct sender *s);

static int
open_packet(struct sender *s, struct errbuf *eb)
{
	struct sockaddr_ll ll;
	int one = 1;

	if (!s->ifindex) {
		errbuf_set(eb, "AF_PACKET sender needs an interface");
		return ERR_INVALID;
	}
	/* Protocol 0: this socket never receives, so it costs nothing. */
	s->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		errbuf_set(eb, "AF_PACKET socket: %s", strerror(errno));
		return ERR_SYS;
	}
	memset(&ll, 0, sizeof(ll));
	ll.sll_family = AF_PACKET;
	ll.sll_ifindex = s->ifindex;
	if (bind(s->fd, (struct sockaddr *)&ll, sizeof(ll)) < 0) {
		errbuf_set(eb, "bind AF_PACKET to %s: %s", s->ifname,
			   strerror(errno));
		return ERR_SYS;
	}
	if ((s->flags & SENDER_F_QDISC_BYPASS) &&
	    setsockopt(s->fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
		       sizeof(one)) < 0) {
		errbuf_set(eb, "PACKET_QDISC_BYPASS: %s", strerror(errno));
		return ERR_SYS;
	}
	big_sndbuf(s->fd);
	if (s->flags & SENDER_F_NO_TX_RING)
		snprintf(s->path, sizeof(s->path), "AF_PACKET sendmmsg "
			 "(TX ring not asked for)");
	else
		(void)ring_open(s);
	return 0;
}

static int
open_raw6(struct sender *s, struct errbuf *eb)
{
	if (!(s->flags & SENDER_F_RAW6_COOKED)) {
		s->fd = open_raw(s, AF_INET6, IPPROTO_RAW, eb);
		if (s->fd >= 0)
			return 0;
		if (errno != EPROTONOSUPPORT && errno != EINVAL)
			return ERR_SYS;
	}
	s->cooked = 1;
	s->fd = -1;
	return 0;
}

static int
sender_open_kind(struct sender *s, struct errbuf *eb)
{
	switch (s->kind) {
	case SENDER_NULL:
		return 0;
	case SENDER_RAW4:
		s->fd = open_raw(s, AF_INET, IPPROTO_RAW, eb);
		return s->fd < 0 ? ERR_SYS : 0;
	case SENDER_RAW6:
		return open_raw6(s, eb);
	case SENDER_PACKET:
		return open_packet(s, eb);
	}
	errbuf_set(eb, "unknown sender kind %d", (int)s->kind);
	return ERR_INVALID;
}

struct sender *
sender_open(enum sender_kind kind, const char *ifname, unsigned flags,
	    struct errbuf *eb)
{
	struct sender *s = calloc(1, sizeof(*s));
	int i;

	if (!s) {
		errbuf_set(eb, "out of memory");
		return NULL;
	}
	s->kind = kind;
	s->flags = flags;
	s->fd = -1;
	s->ring_fd = -1;
	for (i = 0; i < 256; i++)
		s->proto_fd[i] = -1;
	if (ifname && *ifname && kind != SENDER_NULL) {
		if (strlen(ifname) >= sizeof(s->ifname) ||
		    !(s->ifindex = (int)if_nametoindex(ifname))) {
			errbuf_set(eb, "unknown interface '%s'", ifname);
			goto fail;
		}
		strcpy(s->ifname, ifname);
	}
	if (sender_open_kind(s, eb) < 0)
		goto fail;
	return s;
fail:
	sender_free(s);
	return NULL;
}

void
sender_free(struct sender *s)
{
	int i;

	if (!s)
		return;
	ring_close(s);
	if (s->fd >= 0)
		close(s->fd);
	for (i = 0; i < 256; i++)
		if (s->proto_fd[i] >= 0)
			close(s->proto_fd[i]);
	free(s);
}

/* Destination for a packet that came without one.  0 or ERR_INVALID. */
static int
derive_dst(const struct sender *s, const uint8_t *p, size_t len,
	   union sender_addr *a, socklen_t *alen)
{
	memset(a, 0, sizeof(*a));
	if (s->kind == SENDER_RAW4) {
		if (len < 20)
			return ERR_INVALID;
		a->in4.sin_family = AF_INET;
		memcpy(&a->in4.sin_addr, p + 16, 4);
		*alen = sizeof(a->in4);
		return 0;
	}
	if (s->kind == SENDER_RAW6) {
		if (len < IP6_HDR_LEN)
			return ERR_INVALID;
		a->in6.sin6_family = AF_INET6;
		memcpy(&a->in6.sin6_addr, p + 24, 16);
		if (IN6_IS_ADDR_LINKLOCAL(&a->in6.sin6_addr) ||
		    IN6_IS_ADDR_MC_LINKLOCAL(&a->in6.sin6_addr))
			a->in6.sin6_scope_id = (uint32_t)s->ifindex;
		*alen = sizeof(a->in6);
		return 0;
	}
	/* PACKET: the frame's own destination MAC and EtherType. */
	if (len < ETHER_HDR_LEN)
		return ERR_INVALID;
	a->ll.sll_family = AF_PACKET;
	a->ll.sll_ifindex = s->ifindex;
	a->ll.sll_protocol = htons(get_be16(p + 12));
	a->ll.sll_halen = ETHER_ADDR_LEN;
	memcpy(a->ll.sll_addr, p, ETHER_ADDR_LEN);
	*alen = sizeof(a->ll);
	return 0;
}

static void
backoff(uint64_t ns)
{
	struct timespec ts = { 0, (long)ns };

	nanosleep(&ts, NULL);
}

/* Sleep *step, add it to *waited, double it (up to BACKOFF_MAX_NS). */
static void
backoff_step(uint64_t *waited, uint64_t *step)
{
	backoff(*step);
	*waited += *step;
	*step = *step * 2 > BACKOFF_MAX_NS ? BACKOFF_MAX_NS : *step * 2;
}

static void
count_ok(struct sender *s, struct sender_msg *m)
{
	m->err = 0;
	s->st.sent++;
	s->st.sent_bytes += m->len;
}

static void
count_fail(struct sender *s, struct sender_msg *m, int e)
{
	m->err = e;
	s->st.failed++;
	s->st.last_errno = e;
}

/*
 * Retry policy shared by both send paths.  Returns 1 to retry the same
 * packet (after sleeping), 0 to give up on it.
 */
static int
should_retry(struct sender *s, int e, uint64_t *waited, uint64_t *step)
{
	if (e == EINTR)
		return 1;
	if ((e != ENOBUFS && e != EAGAIN) || *waited >= SENDER_RETRY_NS)
		return 0;
	backoff_step(waited, step);
	s->st.retries++;
	return 1;
}

/* Fill the mmsghdr array for m[0..n); a packet without a usable
 * destination is failed at once and left out (returns how many kept,
 * with idx[] mapping kept slots back to m). */
static unsigned
fill_batch(struct sender *s, struct sender_msg *m, unsigned n,
	   unsigned *idx)
{
	unsigned i, k = 0;
	socklen_t alen;

	for (i = 0; i < n; i++) {
		struct msghdr *h = &s->mm[k].msg_hdr;

		memset(h, 0, sizeof(*h));
		if (m[i].dst && s->kind != SENDER_PACKET &&
		    m[i].dstlen <= sizeof(s->addr[k])) {
			memcpy(&s->addr[k], m[i].dst, m[i].dstlen);
			alen = m[i].dstlen;
		} else if (derive_dst(s, m[i].data, m[i].len, &s->addr[k],
				      &alen) < 0) {
			count_fail(s, &m[i], EINVAL);
			continue;
		}
		s->iov[k].iov_base = (void *)(uintptr_t)m[i].data;
		s->iov[k].iov_len = m[i].len;
		h->msg_name = &s->addr[k];
		h->msg_namelen = alen;
		h->msg_iov = &s->iov[k];
		h->msg_iovlen = 1;
		idx[k++] = i;
	}
	return k;
}

/* At most SENDER_MAX_BATCH packets through sendmmsg. */
static unsigned
send_mmsg(struct sender *s, struct sender_msg *m, unsigned n)
{
	unsigned idx[SENDER_MAX_BATCH], k, i = 0, j, ok = 0;
	uint64_t waited = 0, step = BACKOFF_MIN_NS;
	int r;

	k = fill_batch(s, m, n, idx);
	while (i < k) {
		s->st.calls++;
		r = sendmmsg(s->fd, &s->mm[i], k - i, 0);
		if (r > 0) {
			for (j = i; j < i + (unsigned)r; j++)
				count_ok(s, &m[idx[j]]);
			ok += (unsigned)r;
			i += (unsigned)r;
			waited = 0;
			step = BACKOFF_MIN_NS;
			continue;
		}
		if (should_retry(s, errno, &waited, &step))
			continue;
		/* The error belongs to the first unsent packet. */
		count_fail(s, &m[idx[i]], errno);
		i++;
		waited = 0;
		step = BACKOFF_MIN_NS;
	}
	return ok;
}

/*
 * The AF_PACKET transmit ring (PACKET_TX_RING, TPACKET_V2; packet(7)).
 * Frames are copied into shared slots and handed over with one send() per
 * batch: no msghdr, iovec or address per frame.  Each frame carries a
 * virtio_net_hdr (PACKET_VNET_HDR) whose hdr_len is the whole frame: the
 * kernel then copies the frame into the skb's linear area, where without it
 * it would attach the ring page as a fragment that the receiver must copy
 * out again (on a veth that made the ring slower than sendmmsg; with it the
 * ring beats sendmmsg: bench/run.sh).  No qdisc bypass: packet taps (a
 * tcpdump on the sending host) still see every probe.
 */
#define RING_FRAME 2048u
#define RING_FRAMES 256u
#define RING_BLOCK (RING_FRAME * 32u)
#define RING_DATA_OFF (TPACKET2_HDRLEN - sizeof(struct sockaddr_ll))
#define RING_ROOM (RING_FRAME - RING_DATA_OFF - sizeof(struct virtio_net_hdr))

static struct tpacket2_hdr *
ring_hdr(const struct sender *s, unsigned slot)
{
	return (struct tpacket2_hdr *)(void *)(s->ring + (size_t)slot *
					       RING_FRAME);
}

static uint32_t
ring_status(const struct tpacket2_hdr *h)
{
	return __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);
}

static int
ring_fail(struct sender *s, int fd, const char *what)
{
	snprintf(s->path, sizeof(s->path), "AF_PACKET sendmmsg (no TX ring: "
		 "%s: %s)", what, strerror(errno));
	close(fd);
	return -1;
}

/* Sets up the ring, or says in s->path why not (sendmmsg is then used). */
static int
ring_open(struct sender *s)
{
	struct tpacket_req req = { RING_BLOCK, RING_FRAMES * RING_FRAME /
				   RING_BLOCK, RING_FRAME, RING_FRAMES };
	struct sockaddr_ll ll;
	struct ifreq ifr;
	int v = TPACKET_V2, one = 1, fd;
	void *map;

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return ring_fail(s, fd, "socket");
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0)
		return ring_fail(s, fd, "PACKET_VERSION");
	if (setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof(one)) < 0)
		return ring_fail(s, fd, "PACKET_VNET_HDR");
	if ((s->flags & SENDER_F_QDISC_BYPASS) &&
	    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
		       sizeof(one)) < 0)
		return ring_fail(s, fd, "PACKET_QDISC_BYPASS");
	if (setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req)) < 0)
		return ring_fail(s, fd, "PACKET_TX_RING");
	memset(&ll, 0, sizeof(ll));
	ll.sll_family = AF_PACKET;
	ll.sll_ifindex = s->ifindex;
	if (bind(fd, (struct sockaddr *)&ll, sizeof(ll)) < 0)
		return ring_fail(s, fd, "bind");
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, s->ifname, sizeof(s->ifname));
	if (ioctl(fd, SIOCGIFMTU, &ifr) < 0)
		return ring_fail(s, fd, "SIOCGIFMTU");
	map = mmap(NULL, (size_t)RING_FRAMES * RING_FRAME,
		   PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return ring_fail(s, fd, "mmap");
	big_sndbuf(fd);
	s->ring_fd = fd;
	s->ring = map;
	/* Longer frames go through the sendmmsg socket, which refuses what
	 * the link cannot carry (EMSGSIZE) as before; with a vnet header the
	 * ring would not check the MTU itself. */
	s->ring_max = (size_t)ifr.ifr_mtu + ETHER_HDR_LEN;
	if (s->ring_max > RING_ROOM)
		s->ring_max = RING_ROOM;
	snprintf(s->path, sizeof(s->path), "AF_PACKET TX ring (TPACKET_V2, "
		 "%u frames of %u bytes, vnet header)", RING_FRAMES,
		 RING_FRAME);
	return 0;
}

static void
ring_close(struct sender *s)
{
	if (s->ring)
		munmap(s->ring, (size_t)RING_FRAMES * RING_FRAME);
	if (s->ring_fd >= 0)
		close(s->ring_fd);
	s->ring = NULL;
	s->ring_fd = -1;
}

/* Hand the ready frames to the kernel; it stops at the first slot that is
 * not ready.  Returns 0 or an errno. */
static int
ring_kick(struct sender *s)
{
	s->st.calls++;
	return send(s->ring_fd, NULL, 0, MSG_DONTWAIT) < 0 ? errno : 0;
}

/*
 * The next slot, once the kernel is done with it: a frame of an earlier
 * batch may still be in flight (TP_STATUS_SENDING until its skb is freed,
 * which a qdisc can delay).  NULL after SENDER_RETRY_NS.
 */
static struct tpacket2_hdr *
ring_next(struct sender *s)
{
	struct tpacket2_hdr *h = ring_hdr(s, s->ring_cur);
	uint64_t waited = 0, step = BACKOFF_MIN_NS;

	while (ring_status(h) != TP_STATUS_AVAILABLE) {
		if (waited >= SENDER_RETRY_NS)
			return NULL;
		backoff_step(&waited, &step);
	}
	return h;
}

/* Taken by the kernel: in flight (its skb not yet freed) or done. */
static int
ring_taken(const struct tpacket2_hdr *h)
{
	uint32_t st = ring_status(h);

	return st == TP_STATUS_AVAILABLE || st == TP_STATUS_SENDING;
}

/*
 * Kick until the kernel has taken the k frames queued in slot[0..k) (m[idx[j]]
 * each), retrying ENOBUFS / EAGAIN like the sendmmsg path.  A taken frame
 * counts as sent.  Returns how many were taken: fewer than k when the
 * kernel refused frame slot[taken] for good, with the errno in *e.  The
 * kernel takes frames in ring order and stops at the one it refuses, so
 * that slot is where its next send() starts.
 */
static unsigned
ring_flush(struct sender *s, struct sender_msg *m, const unsigned *idx,
	   const unsigned *slot, unsigned k, int *e)
{
	uint64_t waited = 0, step = BACKOFF_MIN_NS;
	unsigned taken = 0;
	int err;

	while (taken < k) {
		err = ring_kick(s);
		while (taken < k && ring_taken(ring_hdr(s, slot[taken]))) {
			count_ok(s, &m[idx[taken]]);
			taken++;
			waited = 0;
			step = BACKOFF_MIN_NS;
		}
		if (taken == k)
			break;
		/* Frames left: the socket's buffer was full (the call took
		 * some and said so), or the device refused one. */
		if (err == 0)
			err = EAGAIN;
		if (!should_retry(s, err, &waited, &step)) {
			*e = err;
			break;
		}
	}
	return taken;
}

/*
 * Frames that do not fit a slot (longer than the link's MTU), and frames
 * for which no slot freed in SENDER_RETRY_NS, go through the sendmmsg
 * socket, in order.  A frame the kernel refuses is counted failed with its
 * errno; the frames queued after it are taken back (their slots freed, the
 * fill position moved back to the refused one's slot, where the kernel
 * waits) and queued again, so each frame gets its own verdict as through
 * sendmmsg.
 */
static unsigned
send_ring(struct sender *s, struct sender_msg *m, unsigned n)
{
	unsigned idx[SENDER_MAX_BATCH], slot[SENDER_MAX_BATCH], i = 0, j, k;
	unsigned ok = 0, taken;
	struct tpacket2_hdr *h;
	struct virtio_net_hdr *vh;
	int e = 0, aside;

	while (i < n) {
		k = 0;
		aside = 0;
		for (; i < n; i++) {
			if (m[i].len < ETHER_HDR_LEN) {
				count_fail(s, &m[i], EINVAL);
				continue;
			}
			h = m[i].len <= s->ring_max ? ring_next(s) : NULL;
			if (!h) {
				aside = 1;
				break;
			}
			vh = (struct virtio_net_hdr *)(void *)((uint8_t *)h +
							       RING_DATA_OFF);
			memset(vh, 0, sizeof(*vh));
			vh->hdr_len = htole16((uint16_t)m[i].len);
			memcpy(vh + 1, m[i].data, m[i].len);
			h->tp_len = (uint32_t)(m[i].len + sizeof(*vh));
			__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
					 __ATOMIC_RELEASE);
			idx[k] = i;
			slot[k++] = s->ring_cur;
			s->ring_cur = (s->ring_cur + 1) % RING_FRAMES;
		}
		taken = ring_flush(s, m, idx, slot, k, &e);
		ok += taken;
		if (taken < k) {
			for (j = taken; j < k; j++)
				__atomic_store_n(&ring_hdr(s, slot[j])->tp_status,
						 TP_STATUS_AVAILABLE,
						 __ATOMIC_RELEASE);
			s->ring_cur = slot[taken];
			count_fail(s, &m[idx[taken]], e);
			i = idx[taken] + 1;
			continue;
		}
		if (aside)
			ok += send_mmsg(s, &m[i++], 1);
	}
	return ok;
}

/*
 * A per-protocol raw socket gets a copy of every packet of its protocol;
 * a send-only sender must not queue them, so filter everything out.
 */
static void
receive_nothing(int fd)
{
	struct sock_filter drop = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog prog = { 1, &drop };

	(void)setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
			 sizeof(prog));
}

static int
cooked_fd(struct sender *s, uint8_t nh)
{
	int one = 1;

	if (s->proto_fd[nh] >= 0)
		return s->proto_fd[nh];
	s->proto_fd[nh] = open_raw(s, AF_INET6, nh, NULL);
	if (s->proto_fd[nh] >= 0) {
		(void)setsockopt(s->proto_fd[nh], IPPROTO_IPV6, IPV6_FREEBIND,
				 &one, sizeof(one));
		receive_nothing(s->proto_fd[nh]);
	}
	return s->proto_fd[nh];
}

/*
 * RAW6 fallback: the kernel builds the IPv6 header; hop limit, traffic
 * class and source travel as ancillary data.  Returns 0 or an errno.
 */
static int
send_cooked1(struct sender *s, const struct sender_msg *m)
{
	union {
		char buf[CMSG_SPACE(sizeof(int)) * 2 +
			 CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} cb;
	union sender_addr a;
	struct in6_pktinfo pi;
	struct msghdr h;
	struct iovec iov;
	struct cmsghdr *c;
	int v, fd;
	socklen_t alen;

	if (m->len < IP6_HDR_LEN || (m->data[0] >> 4) != 6)
		return EINVAL;
	if (m->dst && m->dstlen <= sizeof(a)) {
		memcpy(&a, m->dst, m->dstlen);
		alen = m->dstlen;
	} else if (derive_dst(s, m->data, m->len, &a, &alen) < 0) {
		return EINVAL;
	}
	fd = cooked_fd(s, m->data[6]);
	if (fd < 0)
		return errno;
	iov.iov_base = (void *)(uintptr_t)(m->data + IP6_HDR_LEN);
	iov.iov_len = m->len - IP6_HDR_LEN;
	memset(&h, 0, sizeof(h));
	memset(&cb, 0, sizeof(cb));
	h.msg_name = &a;
	h.msg_namelen = alen;
	h.msg_iov = &iov;
	h.msg_iovlen = 1;
	h.msg_control = cb.buf;
	h.msg_controllen = sizeof(cb.buf);
	c = CMSG_FIRSTHDR(&h);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_HOPLIMIT;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	v = m->data[7];
	memcpy(CMSG_DATA(c), &v, sizeof(v));
	c = CMSG_NXTHDR(&h, c);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_TCLASS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	v = (int)((get_be16(m->data) >> 4) & 0xff);
	memcpy(CMSG_DATA(c), &v, sizeof(v));
	c = CMSG_NXTHDR(&h, c);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memset(&pi, 0, sizeof(pi));
	memcpy(&pi.ipi6_addr, m->data + 8, 16);
	pi.ipi6_ifindex = (unsigned)s->ifindex;
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	s->st.calls++;
	return sendmsg(fd, &h, 0) < 0 ? errno : 0;
}

static unsigned
send_cooked(struct sender *s, struct sender_msg *m, unsigned n)
{
	unsigned i, ok = 0;
	uint64_t waited, step;
	int e;

	for (i = 0; i < n; i++) {
		waited = 0;
		step = BACKOFF_MIN_NS;
		do {
			e = send_cooked1(s, &m[i]);
		} while (e && should_retry(s, e, &waited, &step));
		if (e) {
			count_fail(s, &m[i], e);
		} else {
			count_ok(s, &m[i]);
			ok++;
		}
	}
	return ok;
}

unsigned
sender_send_batch(struct sender *s, struct sender_msg *m, unsigned n)
{
	unsigned done = 0, ok = 0, i, chunk;

	if (s->kind == SENDER_NULL) {
		for (i = 0; i < n; i++)
			count_ok(s, &m[i]);
		return n;
	}
	while (done < n) {
		chunk = n - done > SENDER_MAX_BATCH ? SENDER_MAX_BATCH
						    : n - done;
		if (s->cooked)
			ok += send_cooked(s, m + done, chunk);
		else if (s->ring)
			ok += send_ring(s, m + done, chunk);
		else
			ok += send_mmsg(s, m + done, chunk);
		done += chunk;
	}
	return ok;
}

int
sender_send(struct sender *s, const uint8_t *pkt, size_t len,
	    const struct sockaddr *dst, socklen_t dstlen, struct errbuf *eb)
{
	struct sender_msg m = { pkt, len, dst, dstlen, 0 };

	if (sender_send_batch(s, &m, 1) == 1)
		return 0;
	errbuf_set(eb, "send (%zu bytes): %s", len, strerror(m.err));
	return m.err == EINVAL ? ERR_INVALID : ERR_SYS;
}

void
sender_stats(const struct sender *s, struct sender_stats *out)
{
	*out = s->st;
}

enum sender_kind
sender_kind(const struct sender *s)
{
	return s->kind;
}

int
sender_raw6_cooked(const struct sender *s)
{
	return s->cooked;
}

int
sender_fd(const struct sender *s)
{
	return s->fd;
}

const char *
sender_path(const struct sender *s)
{
	switch (s->kind) {
	case SENDER_NULL:
		return "none (counting only)";
	case SENDER_RAW4:
		return "raw IPv4 socket, sendmmsg";
	case SENDER_RAW6:
		return s->cooked ? "per-protocol raw IPv6 sockets (the kernel "
				   "builds the IPv6 header)" :
				   "raw IPv6 socket, sendmmsg";
	case SENDER_PACKET:
		return s->path;
	}
	return "?";
}
