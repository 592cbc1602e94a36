/* SPDX-License-Identifier: MIT */
/*
 * lines.h: the "SENT|RCVD|CAPT ({%.4f}s) {description}" lines, and the
 * echo-mode CAPT line that shows what changed in transit.
 *
 * CAPT rendering (npecho; the echo proposal's "only the fields that differ
 * from the original packet"), by verbosity:
 *
 *  <= 0  "TCP 10.1.2.158:33856 > 10.0.23.56:80 ttl=200": the protocol and
 *        the CAPTURED addresses and ports are always shown (so NAT shows
 *        up as different addresses), then only the fields whose value
 *        differs from SENT, each " name=value" in the naming of the
 *        grammar (LOW names where LOW has the field, else HIGH names), in
 *        grammar order: IP fields first, then transport fields.  There is
 *        no trailing space.  Changes that every router makes are left out
 *        here: the IP header checksum, a TTL / hop limit that went DOWN,
 *        and the TCP/UDP/ICMP checksum (it follows any address or port
 *        rewrite already shown).  A TTL that went UP is shown.
 *     1  "TCP [10.1.2.158:33856 > 10.0.23.56:80 csum=0x34FD] IP [ttl=53
 *        csum=0xf43d]": the MEDIUM bracket shape, transport changes inside
 *        the first brackets, IP changes inside "IP [...]" (always present,
 *        maybe empty), now including checksums and any TTL change.
 *  >= 2  the full HIGH description of the captured packet (the line Nping
 *        prints); at >= 3 line_print_capt() adds its hexdump.
 *
 * Field names: IPv4 tos=0x%02x iplen= id= flg={xDM} foff={n}[+] ttl=
 * proto= csum=0x%04x ipopts={...}; IPv6 tclass= flow=%x payloadlen= nh=
 * hopl=; TCP flags={SFRPAUEC} seq= ack= off= res= win= csum=0x%04X urp=
 * {<options>} ; UDP len= csum=0x%04X; ICMP type=T/code=C id= seq= (echo,
 * timestamp, info, mask) or rest=0x%08x (other types) csum=0x%04X.  A
 * payload of another length shows as paylen=N, same length but other bytes
 * as payload=modified (only when both packets carry their bytes).
 * When the two packets differ in IP version or transport protocol, or
 * either is not IP, the whole captured packet is described instead.
 *
 * Formatting functions write at most cap bytes (always NUL-terminated when
 * cap > 0) and return the full length like snprintf.  Print functions
 * return 0 or ERR_SYS when writing to f failed.  Nothing is allocated.
 */
#ifndef NPECHO_OUTPUT_LINES_H
#define NPECHO_OUTPUT_LINES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "output/describe.h"
#include "proto/packet.h"

enum line_kind {
	LINE_SENT,
	LINE_RCVD,
	LINE_CAPT,
};

/* "SENT", "RCVD" or "CAPT". */
const char *line_kind_name(enum line_kind kind);

/* "{KIND} ({t:%.4f}s) {desc}", no newline. */
size_t line_format(enum line_kind kind, double t, const char *desc,
		   char *out, size_t cap);

/* The line for *p at the detail level of the given verbosity. */
size_t line_format_pkt(enum line_kind kind, double t, const struct pkt *p,
		       int verbosity, char *out, size_t cap);

/*
 * Prints the line for *p and a newline; at verbosity >= 3 also the hexdump
 * of dump[0..dump_len) (what Nping dumps: the whole buffer sent for SENT,
 * from the IP or ARP header for RCVD and CAPT).  dump may be NULL.
 */
int line_print_pkt(FILE *f, enum line_kind kind, double t,
		   const struct pkt *p, int verbosity, const uint8_t *dump,
		   size_t dump_len);

/* The CAPT description of *capt compared with *sent (rules above). */
size_t capt_describe(const struct pkt *sent, const struct pkt *capt,
		     int verbosity, char *out, size_t cap);

/* "CAPT ({t}s) {capt_describe}" and a newline, plus the hexdump of dump at
 * verbosity >= 3. */
int line_print_capt(FILE *f, double t, const struct pkt *sent,
		    const struct pkt *capt, int verbosity, const uint8_t *dump,
		    size_t dump_len);

/*
 * TCP-Connect and UDP-Unprivileged mode lines (doc/output.md §6), no
 * newline.  ip is numeric (IPv6 not bracketed, as Nping); name is the
 * target as given when it was a host name, else NULL.
 */
enum mode_event {
	EV_TCP_START,  /* SENT Starting TCP Handshake > {target} */
	EV_TCP_DONE,   /* RCVD Handshake with {target} completed */
	EV_TCP_RST,    /* RCVD Possible TCP RST received from {ip}:{port}
			* --> {err} */
	EV_UDP_SENT,   /* SENT UDP packet with {n} bytes to {ip}:{port} */
	EV_UDP_RCVD,   /* RCVD UDP packet with {n} bytes from {ip}:{port} */
	EV_UDP_ERR,    /* "ERR: ({t}s) READ to {ip}:{port} failed: {err}"
			* (Nping prints it on stderr) */
};

/* {target} is "{ip}:{port}" or "{name}:{port} ({ip}:{port})".  n is the
 * byte count of the UDP events, err the strerror() text of RST/ERR. */
size_t line_format_mode(enum mode_event ev, double t, const char *name,
			const char *ip, unsigned port, size_t n,
			const char *err, char *out, size_t cap);

#endif
