/* SPDX-License-Identifier: MIT */
/*
 * describe.h: one-line packet descriptions in Nping 0.7.93's grammar.
 *
 * These are the texts after "SENT (t) ", "RCVD (t) " and "CAPT (t) ".  Scripts
 * parse them, so they are reproduced byte for byte, doubled and trailing
 * spaces included (doc/output.md §3 and §4).  Differences from Nping, all
 * deliberate fixes (doc/output.md §9; npecho(1) DIFFERENCES FROM NPING):
 *
 *  - an unknown TCP option kind prints as an "opt<kind>" item (e.g. "opt34")
 *    instead of wiping the whole <...> list; SACK edges are in host order;
 *  - ARP: a RARP request shows the target then the sender MAC; an unknown
 *    operation prints HTYPE/PTYPE/OP in the right byte order and the real
 *    target MAC and IP;
 *  - a TCP header cut after 8 or 12 bytes gets its own "(incomplete)" line
 *    (Nping printed a stale buffer there).
 *
 * "Port unreachable" without the port, for a quote of 8 transport bytes or
 * fewer, is Nping's and kept on purpose (doc/output.md §4).
 *
 * Input is a struct pkt from pkt_decode().  Header fields come from the
 * struct; when p->base is set, the captured bytes are also used for what the
 * struct does not carry (how many bytes were captured, the datagram quoted in
 * an ICMP error, a TCP header cut short).  With p->base == NULL every present
 * layer is taken as complete.  Every offset and count in the struct is
 * checked against caplen and the array sizes, so a corrupt struct gives a
 * wrong text, never a bad read.
 *
 * All functions write at most cap bytes including the NUL (the output is
 * always NUL-terminated when cap > 0) and return, like snprintf, the length
 * the full text has: a result >= cap means it was cut.  No allocation, no
 * global state, thread-safe.
 */
#ifndef NPECHO_OUTPUT_DESCRIBE_H
#define NPECHO_OUTPUT_DESCRIBE_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

/* Detail levels (doc/output.md §3.2): LOW at verbosity <= 0, MEDIUM at 1,
 * HIGH at 2 and above. */
enum detail {
	DETAIL_LOW = 1,
	DETAIL_MEDIUM = 2,
	DETAIL_HIGH = 3,
};

/* Flags for pkt_describe_ex(). */
enum {
	/*
	 * Nping's raw-IPv6-socket forms (doc/output.md §3.11): no IP part
	 * at all, e.g. "TCP ::1:53844 > ::1:80 S seq=36727741 win=1480 ".  For
	 * callers that only know the transport header they handed to an IPv6
	 * raw socket.  Applies only to IPv6 packets.
	 */
	DESCRIBE_RAW6 = 1u << 0,
	/*
	 * npecho extra: for an ICMPv4/ICMPv6 error whose quoted datagram
	 * pkt_decode_quote() can decode (p->base needed), append
	 * pkt_describe_quote()'s " quoted=[...]" after everything Nping
	 * prints, so prefix parsers keep working.
	 */
	DESCRIBE_QUOTE = 1u << 1,
};

/* Verbosity (-q = -1, default 0, -v 1, ...) to detail level. */
enum detail detail_from_verbosity(int verbosity);

/* The description of *p at the given level. */
size_t pkt_describe(const struct pkt *p, enum detail level, char *out,
		    size_t cap);

/* Same, with DESCRIBE_* flags. */
size_t pkt_describe_ex(const struct pkt *p, enum detail level,
		       unsigned flags, char *out, size_t cap);

/*
 * npecho extra for ICMP errors: " quoted=[{description of the quoted
 * datagram}]", meant to be appended after everything Nping prints so prefix
 * parsers keep working.  *inner is the quote decoded by pkt_decode_quote()
 * (normally cut after 8 transport bytes, so "(incomplete)" forms are
 * expected).  Writes "" when inner has no IP layer.
 */
size_t pkt_describe_quote(const struct pkt *inner, enum detail level,
			  char *out, size_t cap);

/* Nping's name for an IP protocol number ("tcp", "ipv6-icmp", ...), or
 * NULL when it has none (then "Unknown protocol (N)" is printed). */
const char *ipproto_name(uint8_t proto);

#endif
