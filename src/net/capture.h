/* SPDX-License-Identifier: MIT */
/*
 * net/capture.h: libpcap live capture set up for probe replies.
 *
 * capture_open() opens an interface (or "any") in immediate mode (no
 * batching delay: replies are seen as soon as they arrive), with
 * nanosecond timestamps, a large kernel ring (CAPTURE_BUFFER) and
 * non-blocking reads, so capture_fd() can sit in a libevent loop or
 * poll(): when it is readable, call capture_dispatch().
 *
 * Ring version: libpcap 1.10 uses TPACKET_V3 by default on Linux but falls
 * back to TPACKET_V2 in immediate mode (V3 delivers whole blocks, which
 * would delay replies by the block timeout).  Latency matters more to
 * RTTs, so immediate mode wins; the 8 MiB ring keeps up with 1000 replies
 * at --flood in tests/integration/probe_io.sh.  capture_stats() reports
 * ring drops.
 *
 * Timestamps are the kernel's CLOCK_REALTIME receive times.
 */
#ifndef NPECHO_NET_CAPTURE_H
#define NPECHO_NET_CAPTURE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/err.h"

#define CAPTURE_SNAPLEN 65535
#define CAPTURE_BUFFER (8 * 1024 * 1024)

struct capture_opts {
	const char *ifname;   /* interface name, or "any" (NULL = "any") */
	int snaplen;          /* 0: CAPTURE_SNAPLEN */
	int buffer_bytes;     /* 0: CAPTURE_BUFFER */
	int promisc;          /* 1: promiscuous mode */
	int inbound_only;     /* 1: PCAP_D_IN (skip what we send) */
};

struct capture_stats {
	unsigned received;    /* pcap_stats ps_recv */
	unsigned dropped;     /* ps_drop: ring buffer full */
	unsigned if_dropped;  /* ps_ifdrop */
};

/* Called once per packet; data is valid only during the call. */
typedef void (*capture_cb)(void *arg, const struct timespec *ts,
			   const uint8_t *data, size_t caplen, size_t wirelen,
			   int linktype);

struct capture;

/*
 * Open and activate a capture.  Returns it (free with capture_free) or NULL
 * with libpcap's reason in eb (no such device, permission...).  A failure
 * to set the direction is reported as an error too: inbound_only is a
 * correctness setting, not a hint.
 */
struct capture *capture_open(const struct capture_opts *o, struct errbuf *eb);

/* Close; NULL is a no-op. */
void capture_free(struct capture *c);

/* Compile and install a BPF filter.  0, or ERR_INVALID with the reason. */
int capture_set_filter(struct capture *c, const char *bpf, struct errbuf *eb);

/*
 * An off switch in the kernel: closed (open 0), the socket's filter keeps
 * no packet, so nothing is copied into the ring and no reader wakes;
 * open, the filter last set with capture_set_filter applies again.  Goes
 * around libpcap (setsockopt SO_ATTACH_FILTER on its socket), so it may
 * be called while another thread reads the capture: the kernel swaps
 * filters atomically.  0; ERR_UNSUPPORTED when there is no filter to
 * reopen (none set, or a cooked capture, whose filter libpcap rewrote);
 * ERR_SYS with the reason.
 */
int capture_gate(struct capture *c, int open, struct errbuf *eb);

/*
 * Replaces the kernel's filter of a live capture with bpf, the same way
 * (SO_ATTACH_FILTER, safe while another thread reads), compiled for the
 * capture's link type and snaplen on a handle of its own.  Linux lets the
 * text say "inbound" and "outbound" (the kernel's packet type).  The
 * program becomes the one capture_gate reopens.  0; ERR_UNSUPPORTED for
 * a cooked capture; ERR_INVALID (the compiler's reason) or ERR_SYS.
 */
int capture_kernel_filter(struct capture *c, const char *bpf,
			  struct errbuf *eb);

/*
 * Hand every packet waiting (at most max; max <= 0: all) to cb.  Never
 * blocks.  Returns how many were handled (0 when none was waiting), or
 * ERR_SYS with the reason.
 */
int capture_dispatch(struct capture *c, int max, capture_cb cb, void *arg,
		     struct errbuf *eb);

/* File descriptor to poll for readability; -1 if the platform has none. */
int capture_fd(const struct capture *c);

/* DLT_* link type of the captured packets (DLT_EN10MB, DLT_LINUX_SLL...). */
int capture_linktype(const struct capture *c);

/* 0 or ERR_SYS. */
int capture_stats(struct capture *c, struct capture_stats *out,
		  struct errbuf *eb);

/* "EN10MB", "LINUX_SLL", "RAW"... or "unknown". */
const char *capture_linktype_name(int linktype);

/*
 * Where the network-layer header starts in a captured packet of this link
 * type: writes its offset and the EtherType of what is there (0x0800,
 * 0x86dd, 0x0806...) and returns 0; ERR_TRUNC if the link header is cut,
 * ERR_UNSUPPORTED for an unknown link type.  Handles Ethernet with one or
 * two VLAN tags, Linux cooked v1/v2, raw IP (EtherType from the version
 * nibble), BSD loopback (DLT_NULL) and DLT_LOOP.
 */
int capture_l3_offset(int linktype, const uint8_t *p, size_t caplen,
		      size_t *off, uint16_t *ethertype);

#endif
