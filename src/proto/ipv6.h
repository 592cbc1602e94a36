/* SPDX-License-Identifier: MIT */
/*
 * ipv6.h: IPv6 header (RFC 8200) with extension-header walking, builders
 * for the fixed header, a fragment header and hop-by-hop/destination
 * options headers.  Fields are struct ip6_fields from packet.h.
 */
#ifndef NPECHO_PROTO_IPV6_H
#define NPECHO_PROTO_IPV6_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

#define IP6_HDR_LEN 40
#define IP6_FRAG_LEN 8
#define IP6_EXT_HBH 0      /* hop-by-hop options */
#define IP6_EXT_DEST 60    /* destination options */
#define IP6_EXT_PAD_LEN 8  /* an options header holding only padding */

enum {
	IP6_NH_HOPOPTS = 0,
	IP6_NH_ROUTING = 43,
	IP6_NH_FRAGMENT = 44,
	IP6_NH_ESP = 50,
	IP6_NH_AH = 51,
	IP6_NH_ICMP6 = 58,
	IP6_NH_NONE = 59,
	IP6_NH_DSTOPTS = 60,
};

/*
 * Parses the fixed header of p[0..len) and walks hop-by-hop, routing,
 * fragment and destination-options headers, stopping at anything else
 * (AH, ESP and No Next Header included: final_nh then names them).  The
 * walk also stops after a fragment header with a non-zero offset.  len
 * should already be limited to the claimed 40 + plen.  out->ext_len is
 * the bytes walked, so the upper layer starts at 40 + ext_len.
 * Returns 0; ERR_TRUNC (fewer than 40 bytes, or an extension header cut:
 * fields up to there are filled); ERR_INVALID (version is not 6).
 */
int ip6_parse(const uint8_t *p, size_t len, struct ip6_fields *out);

/*
 * Writes the 40-byte fixed header: version 6, f->tclass, f->flow, payload
 * length f->plen or (when 0) payload_len, next header f->nh, f->hlim and
 * the addresses.  Returns 0, ERR_NOSPACE, ERR_INVALID (length > 65535).
 */
int ip6_build(uint8_t *buf, size_t cap, size_t *len,
	      const struct ip6_fields *f, size_t payload_len);

/* Writes an 8-byte fragment header (offset in 8-byte units).
 * Returns 0 or ERR_NOSPACE. */
int ip6_frag_build(uint8_t *buf, size_t cap, size_t *len, uint8_t nh,
		   uint16_t off, int more, uint32_t id);

/*
 * Writes a hop-by-hop or destination-options header holding opts[0..n)
 * (TLV options, written as given) padded with Pad1/PadN to a multiple of 8.
 * Returns 0, ERR_NOSPACE, ERR_INVALID (too long).
 */
int ip6_opts_hdr_build(uint8_t *buf, size_t cap, size_t *len, uint8_t nh,
		       const uint8_t *opts, size_t n);

#endif
