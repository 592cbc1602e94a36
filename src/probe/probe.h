/* SPDX-License-Identifier: MIT */
/*
 * probe.h: the probe modes as main() starts them (probe_run for the raw
 * modes, TCP, UDP, ICMP, ARP over IPv4 and IPv6; tcp_connect_run and
 * udp_unpriv_run without privileges) and the raw modes' building blocks:
 * per-run templates, per-probe building, reply matching.  The engine as
 * another module drives it is probe/run.h.
 *
 * Probe order is Nping's: rounds (-c) outermost, then destination ports,
 * then targets, one probe per scheduler tick.  Each probe is built into its
 * own buffer from the run template (Nping's shared-buffer race is gone by
 * construction).  Replies are matched to the probe they answer: TCP/UDP by
 * address and both ports, ICMP echo-like by id and sequence, ICMP errors by
 * the probe they quote, ARP by the address asked about.
 */
#ifndef NPECHO_PROBE_PROBE_H
#define NPECHO_PROBE_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "cli/config.h"
#include "output/stats.h"
#include "probe/run.h"
#include "proto/build.h"
#include "proto/packet.h"
#include "util/err.h"

#define PROBE_MAX_PKT 65535

/* Everything that is the same for every probe of a run. */
struct probe_tmpl {
	struct pkt_spec spec;      /* addresses, ports, seq are per probe */
	uint8_t ipopts[40];
	size_t ipopts_len;
	uint8_t tcpopts[40];
	size_t tcpopts_len;
	int eth;                   /* frames start with an Ethernet header */
};

/*
 * Fills *t from the configuration: header values, options (--ip-options,
 * --tcp-options parsed here), payload (borrowed from cfg, which must
 * outlive t).  Returns 0 or ERR_INVALID with the option named in eb.
 */
int probe_tmpl_init(struct probe_tmpl *t, const struct config *cfg,
		    int eth, struct errbuf *eb);

/* Per-probe values. */
struct probe_vals {
	uint16_t dport;
	uint8_t ttl;
	uint16_t icmp_seq;
	uint64_t now_ms_utc;       /* ms since midnight UTC, ICMP timestamps */
};

/*
 * Builds the probe for target tg into buf.  Returns 0, ERR_NOSPACE or
 * ERR_INVALID.
 */
int probe_build(const struct probe_tmpl *t, const struct config *cfg,
		const struct probe_target *tg, const struct probe_vals *v,
		uint8_t *buf, size_t cap, size_t *len);

/* The TTL (or hop limit) of round r, Nping's traceroute rule included. */
uint8_t probe_ttl(const struct config *cfg, uint64_t round);

/* What a reply is matched against. */
struct match_ctx {
	enum probe_mode mode;
	int af;
	const struct probe_target *targets;
	size_t n_targets;
	uint16_t sport;            /* TCP/UDP source port of every probe */
	uint8_t icmp_type;         /* type sent */
	uint16_t arp_op;           /* operation sent */
};

struct match_result {
	size_t target;             /* index into targets */
	uint16_t key;              /* dport (TCP/UDP), ICMP seq, 0 (ARP) */
	int is_error;              /* an ICMP error quoting the probe */
};

/*
 * Decides whether the decoded packet *r answers one of our probes.
 * Returns 1 (and fills *res) or 0.  Pure: no I/O, no state.
 */
int probe_match(const struct match_ctx *m, const struct pkt *r,
		struct match_result *res);

/* The ICMPv4/ICMPv6 reply type of a query type, or -1 if it has none. */
int probe_icmp_reply_type(int af, uint8_t type);

/*
 * Runs a raw probe mode (TCP, UDP, ICMP, ARP) to the end and prints
 * Nping's lines and summary.  start_ns is the CLOCK_MONOTONIC time the
 * process started (line times count from it).  Returns the exit status.
 */
int probe_run(const struct config *cfg, uint64_t start_ns);

/*
 * The unprivileged modes (no raw socket, no capture: both work without
 * root): TCP-Connect (tcp_connect.c, a nonblocking connect() per probe)
 * and UDP-Unprivileged (udp_unpriv.c, a plain UDP socket).  They follow
 * the raw modes' probe order and schedule (probe/base_int.h), print
 * Nping's mode lines (output/lines.h line_format_mode) and the summary
 * block (STATS_TCP_CONNECT / STATS_UDP_UNPRIV).  After the last probe
 * they wait up to 1 s, and only while something is still pending (a
 * connect in progress, a datagram without an answer).  With --json the
 * lines become `sent` / `rcvd` / `error` events with a "sock" object
 * instead of packet layers (doc/json.md).  -w is refused (exit 2): the
 * kernel builds these packets and npecho never sees them, and a made-up
 * packet would be worse than none.  Each runs to the end and returns the
 * exit status.
 */
int tcp_connect_run(const struct config *cfg, uint64_t start_ns);
int udp_unpriv_run(const struct config *cfg, uint64_t start_ns);

#endif
