/* SPDX-License-Identifier: MIT */
/*
 * trace.h: the hop table of traceroute mode (--tr), npecho's addition to
 * Nping's output.  The SENT/RCVD lines and the summary stay as Nping
 * prints them; after the summary block comes, per target:
 *
 *   (empty line)
 *   Hops to {ip} ({n} hops):               or "Hops to {name} ({ip}) ..."
 *   {ttl:%2d}  {addr}  {rtt:%.3f}ms  {reply}[  (destination)]
 *   {ttl:%2d}  *
 *
 * e.g. " 1  10.77.1.2  0.123ms  TTL=0 during transit (type=11/code=0)",
 *
 * one line per TTL probed, ascending, up to the first TTL the destination
 * answered (later TTLs are left out; with no answer from the destination
 * every TTL probed is listed).  {addr} is the source of the first reply
 * matched to a probe sent with that TTL, {rtt} its round-trip time,
 * {reply} "{ICMP type or code name} (type=T/code=C)" for ICMP(v6) or
 * "TCP {flags}" / "UDP" for a transport reply.  "*": no reply matched.
 * "{n} hops" counts up to the destination, or reads "destination not
 * reached".  Printed at verbosity >= -1.
 *
 * Ownership: trace_new() allocates; trace_free() releases (NULL-safe).
 */
#ifndef NPECHO_PROBE_TRACE_H
#define NPECHO_PROBE_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "proto/packet.h"

struct trace;

/* One table for n_targets targets; NULL when out of memory. */
struct trace *trace_new(size_t n_targets);
void trace_free(struct trace *tr);

/* A probe with this TTL left for target t at send_ns. */
void trace_note_sent(struct trace *tr, size_t t, uint8_t ttl,
		     uint64_t send_ns);

/*
 * The reply *p (decoded) was matched to the probe for target t that left
 * at send_ns and arrived at rcvd_ns.  dest_addr is the target's address
 * (4 or 16 bytes by p's family): a reply from it marks the destination.
 */
void trace_note_reply(struct trace *tr, size_t t, uint64_t send_ns,
		      uint64_t rcvd_ns, const struct pkt *p,
		      const uint8_t *dest_addr);

/* The reply column for *p ("TTL=0 during transit (type=11/code=0)"). */
size_t trace_reply_text(const struct pkt *p, char *out, size_t cap);

/* One row of a target's table, as trace_print() prints it. */
struct trace_row {
	unsigned ttl;
	int answered;
	int is_dest;            /* the answer came from the target */
	int af;                 /* AF_INET / AF_INET6 when answered */
	uint8_t addr[16];
	double rtt_ms;
	const char *reply;      /* borrowed from tr: the reply column */
};

/*
 * Target t's rows in print order (TTLs probed, ascending, up to the first
 * one the destination answered) into rows[0..cap); cap >= 256 holds every
 * row.  Returns the number of rows; *dest is the destination's TTL or -1
 * (may be NULL).  The rows borrow from tr.
 */
size_t trace_rows(const struct trace *tr, size_t t, struct trace_row *rows,
		  size_t cap, int *dest);

/* Prints target t's table (format above); name may be NULL. */
int trace_print(const struct trace *tr, size_t t, const char *name,
		const char *ip, FILE *f);

#endif
