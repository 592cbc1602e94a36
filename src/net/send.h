/* SPDX-License-Identifier: MIT */
/*
 * net/send.h: packet senders behind one small interface.
 *
 *   SENDER_RAW4    AF_INET raw socket, IPPROTO_RAW (IP_HDRINCL): the caller
 *                  supplies the whole IPv4 header.  Linux still fills in the
 *                  header checksum and total length, and the id and source
 *                  when they are 0 (raw(7)).
 *   SENDER_RAW6    AF_INET6 raw socket, IPPROTO_RAW: on Linux this socket
 *                  takes the whole IPv6 header from the caller (hdrincl), so
 *                  npecho controls every field.  If the kernel refuses it,
 *                  the sender falls back to per-protocol raw sockets (one per
 *                  next header, opened on first use): the kernel then builds
 *                  the IPv6 header, and hop limit, traffic class and source
 *                  address are passed as ancillary data; the flow label and
 *                  extension headers are lost (sender_info tells which mode).
 *   SENDER_PACKET  AF_PACKET SOCK_RAW bound to one interface: whole Ethernet
 *                  frames, optional PACKET_QDISC_BYPASS.  Frames go through
 *                  a PACKET_TX_RING (TPACKET_V2, one send() per batch) when
 *                  the kernel gives one; frames longer than the link's MTU,
 *                  or every frame when it does not, go through sendmmsg on
 *                  a second socket (sender_path() says which).
 *   SENDER_NULL    sends nothing, counts everything (benchmarks, tests).
 *
 * Batches go through sendmmsg.  A failed send is counted as failed, never as
 * sent.  ENOBUFS / EAGAIN (queue full) are retried with a short backoff
 * (10 us doubling to 1 ms, at most SENDER_RETRY_NS in total per packet)
 * before the packet is counted as failed.
 *
 * Open sockets first, then drop privileges (STYLE.md rule 9).
 */
#ifndef NPECHO_NET_SEND_H
#define NPECHO_NET_SEND_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/err.h"

#define SENDER_MAX_BATCH 64
#define SENDER_SNDBUF (4 * 1024 * 1024)
#define SENDER_RETRY_NS 50000000ull /* 50 ms per packet at most */

enum sender_kind {
	SENDER_NULL = 0,
	SENDER_RAW4,
	SENDER_RAW6,
	SENDER_PACKET,
};

/* sender_open flags */
enum {
	SENDER_F_QDISC_BYPASS = 1u << 0, /* PACKET: skip the qdisc layer */
	SENDER_F_RAW6_COOKED = 1u << 1,  /* RAW6: force the fallback mode */
	SENDER_F_NO_TX_RING = 1u << 2,   /* PACKET: sendmmsg only, no ring */
};

/* One packet of a batch.  dst NULL: taken from the packet's IP header. */
struct sender_msg {
	const uint8_t *data;        /* IP packet, or Ethernet frame (PACKET) */
	size_t len;
	const struct sockaddr *dst; /* borrowed; unused by PACKET and NULL */
	socklen_t dstlen;
	int err;                    /* out: 0 sent, else errno of the failure */
};

struct sender_stats {
	uint64_t sent;       /* packets the kernel accepted */
	uint64_t sent_bytes;
	uint64_t failed;     /* packets given up on */
	uint64_t retries;    /* ENOBUFS/EAGAIN retries */
	uint64_t calls;      /* send system calls made */
	int last_errno;      /* errno of the last failure, 0 if none */
};

struct sender;

/*
 * Open a sender.  ifname: PACKET needs it; RAW4/RAW6 bind to it
 * (SO_BINDTODEVICE) when not NULL; NULL ignores it.  Returns a new sender
 * (free with sender_free) or NULL with the reason in eb (permission,
 * unknown interface...).
 */
struct sender *sender_open(enum sender_kind kind, const char *ifname,
			   unsigned flags, struct errbuf *eb);

/* Close the sockets and free; NULL is a no-op. */
void sender_free(struct sender *s);

/*
 * Send one packet.  Returns 0, or ERR_SYS (errno text in eb) when the
 * packet was not sent (counted in stats.failed), or ERR_INVALID when the
 * packet is too short to find its destination.
 */
int sender_send(struct sender *s, const uint8_t *pkt, size_t len,
		const struct sockaddr *dst, socklen_t dstlen,
		struct errbuf *eb);

/*
 * Send n packets (any n; split into sendmmsg calls of SENDER_MAX_BATCH).
 * Sets m[i].err for each.  Returns how many were sent; the others are
 * counted as failed.
 */
unsigned sender_send_batch(struct sender *s, struct sender_msg *m,
			   unsigned n);

/* Counters since open. */
void sender_stats(const struct sender *s, struct sender_stats *out);

/* The kind, and for RAW6 whether the fallback (cooked) mode is in use. */
enum sender_kind sender_kind(const struct sender *s);
int sender_raw6_cooked(const struct sender *s);

/* The socket (PACKET, RAW4, hdrincl RAW6), -1 otherwise: for poll(). */
int sender_fd(const struct sender *s);

/* One line for -v: how packets leave (for PACKET: the TX ring, or
 * sendmmsg and why not the ring). */
const char *sender_path(const struct sender *s);

#endif
