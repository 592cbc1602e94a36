/* SPDX-License-Identifier: MIT */
/*
 * ipv4.h: IPv4 header (RFC 791) parser and builder, option-list check.
 * Fields are struct ip4_fields from packet.h.  Option builders and the
 * --ip-options spec parser are in ip4opt.h; fragmentation in ip4frag.h.
 */
#ifndef NPECHO_PROTO_IPV4_H
#define NPECHO_PROTO_IPV4_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

#define IP4_HDR_LEN 20
#define IP4_MAX_HDR_LEN 60
#define IP4_MAX_OPTS 40

/* Byte offsets inside the header, for patching templates. */
#define IP4_OFF_TOS 1
#define IP4_OFF_TOT_LEN 2
#define IP4_OFF_ID 4
#define IP4_OFF_FRAG 6
#define IP4_OFF_TTL 8
#define IP4_OFF_PROTO 9
#define IP4_OFF_CSUM 10
#define IP4_OFF_SRC 12
#define IP4_OFF_DST 16

/* Option kinds (RFC 791 §3.1; the copy bit is 0x80). */
enum {
	IP4OPT_EOL = 0,
	IP4OPT_NOP = 1,
	IP4OPT_RR = 7,
	IP4OPT_TS = 68,
	IP4OPT_LSRR = 131,
	IP4OPT_SSRR = 137,
};
#define IP4OPT_COPIED(kind) (((kind) & 0x80) != 0)

/*
 * Parses an IPv4 header.  Returns 0; ERR_TRUNC when fewer than 20 bytes, or
 * fewer than IHL*4 (out then holds the fixed fields, opts_len 0);
 * ERR_INVALID when the version is not 4 or IHL < 5 (fixed fields filled).
 * The total length is copied, not checked: callers compare it themselves.
 */
int ip4_parse(const uint8_t *p, size_t len, struct ip4_fields *out);

/*
 * Checks an option list: EOL ends it, NOP is one byte, every other option
 * has a length byte >= 2 that fits.  Returns 0 or ERR_INVALID.
 */
int ip4_opts_check(const uint8_t *o, size_t len);

/* One option found by ip4_opt_next(). */
struct ip4_opt {
	uint8_t kind;
	uint8_t len; /* whole option; 1 for EOL and NOP */
	uint8_t off; /* offset of the kind byte in the list */
};

/*
 * Walks an option list: call with *pos = 0.  Returns 1 with *opt filled
 * and *pos moved past it, 0 at the end (the byte after an EOL, or the end
 * of the list), ERR_INVALID when the option at *pos is malformed (a length
 * under 2 or past the end).  The kind-specific data is o[off+2..off+len).
 */
int ip4_opt_next(const uint8_t *o, size_t len, size_t *pos,
		 struct ip4_opt *opt);

/*
 * Writes the header for f: f->opts[0..opts_len) padded with EOL to a
 * multiple of 4, IHL from that, total length f->tot_len or, when it is 0,
 * header + payload_len, and a correct header checksum (f->ihl and f->csum
 * are ignored).  *len gets the header length.
 * Returns 0, ERR_NOSPACE, or ERR_INVALID (opts_len > 40, length > 65535).
 */
int ip4_build(uint8_t *buf, size_t cap, size_t *len,
	      const struct ip4_fields *f, size_t payload_len);

#endif
