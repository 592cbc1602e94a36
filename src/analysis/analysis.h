/* SPDX-License-Identifier: MIT */
/*
 * analysis.h: the Packet Echo Analysis engine.
 *
 * The echo client feeds it, per probe number, what it SENT, what the echo
 * server CAPTured, what it RCVD back and (NEP extension) what the server's
 * host itself sent in reply.  analysis_finish() compares them and builds a
 * list of findings, each one a stable tag, a severity, how many probes showed
 * it out of how many could show it, the first probe numbers, the field with
 * its sent and captured values, and one English sentence.
 *
 * Pure libc; nothing is printed.  Every add function copies the fields it
 * needs (and the payload bytes, from pkt->base) and keeps no pointer into the
 * caller's struct pkt or buffer.
 *
 * Tags (a contract; see analysis_tag_names()): nat-source nat-dest
 * port-source port-dest icmp-id-changed hops ttl-rewritten dscp-changed
 * ecn-changed ip-id-changed df-changed ip-options-changed fragmented
 * tcp-seq-changed tcp-ack-changed tcp-window-changed tcp-mss-changed
 * tcp-options-changed tcp-flags-changed tcp-urp-changed payload-changed
 * payload-truncated probe-lost reply-lost no-reply icmp-rate-limited
 * forged-reply reply-path-changed.
 *
 * Rules worth knowing:
 *  - Checksums are never findings.  Every checksum difference on a working
 *    path follows from another change (TTL, NAT through the pseudo-header,
 *    payload), and a lone one only tells of checksum offload or of payload
 *    bytes we could not compare, neither of which is about the path.
 *  - A sent IPv4 ID of 0, or a sent address of all zeros, is not compared
 *    (the sending kernel fills it in).
 *  - Trust follows the PKT_HAS_* bits: a layer present is compared, an IPv6
 *    extension list cut short (PKT_TRUNC_L3/PKT_BAD_L3) is not.  An ICMP
 *    error's quote is never compared as payload (NATs rewrite it).
 *  - TTL: hops = sent - captured.  ttl-rewritten when a probe arrives with
 *    more than it was sent with, or when probes sent with different TTLs
 *    all arrive with the same one (then no hops are claimed).
 *  - Return path: the server's reply is first mapped back through the
 *    translation seen on the way out (addresses, ports, ICMP id, and the
 *    TCP ack of a rewritten sequence number), so a NAT is not reported
 *    twice.  A TTL that fell and a CE mark are normal; other differences
 *    are reply-path-changed.  A received reset the server's host did not
 *    send is a forged-reply.
 *    A reply whose ack is exactly what the server's host sent is not
 *    changed either: a stateless sequence rewriter does not map it back.
 *  - IPv4 options are compared option by option, NOP/EOL padding left
 *    out: a record-route or timestamp option filled in by routers is the
 *    option working (only its length is compared); a list that does not
 *    parse is compared byte by byte.
 *  - Captured payload of the sent length and all zeros is the server's
 *    "safe payloads" zeroing, not a change: the run is marked
 *    payload-not-comparable instead (struct analysis_summary).
 *  - A captured fragment is compared only for the fields it carries; its
 *    payload length is never called truncated.  Transport fields of a
 *    non-first fragment are not compared.
 *  - forged-reply without the extension needs proof that echoing works: it
 *    is raised for a reply to an uncaptured probe only when at least one
 *    probe of the run was captured.  With the extension the session is that
 *    proof: a reply to a probe the server never captured is forged even
 *    when no probe was captured (a router resetting every SYN).  ICMP
 *    errors from routers are never forged replies.
 *  - no-reply is only decided with the extension (analysis_set_extension(),
 *    or implied by any analysis_add_server_reply()).
 *  - icmp-rate-limited replaces no-reply (and says so without the
 *    extension) when the silences of probes that reached the server follow
 *    an ICMP rate limit: the first ones all got an ICMP error, and after
 *    the first that got none, at most every other one did, never two in a
 *    row (collect.c ratelimit_seen).
 *  - ARP probes (no IP layer) only take part in probe-lost.
 */
#ifndef NPECHO_ANALYSIS_ANALYSIS_H
#define NPECHO_ANALYSIS_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

enum finding_severity {
	FINDING_INFO = 0,
	FINDING_NOTICE = 1,
	FINDING_WARNING = 2,
};

#define FINDING_MAX_PROBES 8   /* probe numbers kept per finding */
#define ANALYSIS_MAX_PROBES 65536
#define ANALYSIS_MAX_REPLIES 4 /* RCVD and server replies kept per probe */

struct finding {
	const char *tag;        /* static string, one of the tags above */
	enum finding_severity severity;
	unsigned count;         /* probes that showed it */
	unsigned total;         /* probes where it could be seen */
	unsigned n_probes;      /* used entries of probes[] */
	uint32_t probes[FINDING_MAX_PROBES]; /* the first ones, ascending */
	int varies;             /* the probes showing it disagree on values */
	char field[48];         /* "layer.field" as in the JSON packet objects:
				 * "ip.src", "tcp.opts"; a list for
				 * reply-path-changed: "ip.ttl,tcp.win" */
	char sent[96];          /* value sent (first probe showing it) */
	char capt[96];          /* value captured (or received, reply path) */
	char text[320];         /* one English sentence, ends with '.' */
};

struct analysis_summary {
	unsigned probes;        /* probe numbers with a SENT packet */
	unsigned captured;      /* ... of those, captured by the server */
	unsigned received;      /* ... of those, with at least one RCVD */
	unsigned server_replied; /* ... of those, with a server reply */
	int extension;          /* server replies are reported */
	int payload_zeroed;     /* payloads came back zeroed: not compared */
	unsigned extra_capt;    /* duplicate captures / further fragments */
	unsigned dropped;       /* adds refused by ERR_LIMIT */
};

struct analysis;

/* Returns a new, empty analysis, or NULL when out of memory. */
struct analysis *analysis_new(void);

/* Frees a and everything it copied.  NULL is a no-op. */
void analysis_free(struct analysis *a);

/*
 * Records the packet sent as probe probe_no.  Copies what it needs.
 * Returns 0, ERR_INVALID when a or sent is NULL or the probe was already
 * recorded (the first copy is kept), ERR_LIMIT when ANALYSIS_MAX_PROBES
 * numbers are in use, ERR_NOMEM.
 */
int analysis_add_probe(struct analysis *a, uint32_t probe_no,
		       const struct pkt *sent);

/*
 * Records what the echo server captured for probe_no (may come before the
 * probe itself).  A second capture of the same probe (a further fragment, a
 * duplicate) is counted; a first fragment replaces a non-first one as the
 * packet compared.  Errors as analysis_add_probe(), minus the duplicate case.
 */
int analysis_add_capt(struct analysis *a, uint32_t probe_no,
		      const struct pkt *capt);

/*
 * Records a reply the client received for probe_no (the caller matched it),
 * or, with the extension, a packet the server's host sent in reply.  At most
 * ANALYSIS_MAX_REPLIES of each per probe; more give ERR_LIMIT.
 */
int analysis_add_rcvd(struct analysis *a, uint32_t probe_no,
		      const struct pkt *rcvd);
int analysis_add_server_reply(struct analysis *a, uint32_t probe_no,
			      const struct pkt *srv);

/* Says the server reports its host's replies (even if it reports none). */
void analysis_set_extension(struct analysis *a, int on);

/* Says the probes' payload is the session's probe token, not data of the
 * user's: a server that zeroed it is not worth a note (it is still
 * compared when it came back whole). */
void analysis_set_token_payload(struct analysis *a, int on);

/*
 * Compares everything recorded so far and rebuilds the findings (it may be
 * called again after more adds).  Findings come in tag order (the order of
 * the list above).  Returns 0 or ERR_NOMEM (then no findings).
 */
int analysis_finish(struct analysis *a);

/* Number of findings of the last analysis_finish() (0 before). */
size_t analysis_count(const struct analysis *a);

/* Finding i (0-based), or NULL when i is out of range.  Owned by a. */
const struct finding *analysis_finding(const struct analysis *a, size_t i);

/* The finding with this tag, or NULL. */
const struct finding *analysis_find(const struct analysis *a, const char *tag);

/* Fills *s from the last analysis_finish() (zeros before). */
void analysis_summary(const struct analysis *a, struct analysis_summary *s);

/* The NULL-terminated list of every tag, in finding order. */
const char *const *analysis_tag_names(void);

/* "info", "notice" or "warning". */
const char *finding_severity_name(enum finding_severity s);

#endif
