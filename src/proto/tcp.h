/* SPDX-License-Identifier: MIT */
/*
 * tcp.h: TCP header (RFC 9293 §3.1) parser, option-list decoder and
 * builder.  Fields are struct tcp_fields from packet.h.  Option lists to
 * build and the --tcp-options parser are in tcpopt.h.
 */
#ifndef NPECHO_PROTO_TCP_H
#define NPECHO_PROTO_TCP_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

#define TCP_HDR_LEN 20
#define TCP_MAX_OPTS_LEN 40
#define TCP_OFF_SEQ 4
#define TCP_OFF_ACK 8
#define TCP_OFF_CSUM 16

/*
 * Parses the header: fixed fields, then the option bytes into out->opts
 * and, through tcp_opts_decode(), the option list.  Returns 0;
 * ERR_TRUNC (under 20 bytes, or under doff*4: fixed fields that were
 * present are filled, no options); ERR_INVALID (doff < 5, fixed fields
 * filled).  A malformed option list is not an error here: check
 * tcp_opts_decode()'s result, or use pkt_decode() which sets PKT_BAD_OPTS.
 */
int tcp_parse(const uint8_t *p, size_t len, struct tcp_fields *out);

/*
 * Decodes t->opts[0..opts_len) into t->opt[] / n_opts and the has_* /
 * mss / wscale / ts / sack fields.  Stops at EOL.  Returns 0, or
 * ERR_INVALID when an option has a bad length or runs past the end (the
 * options before it are kept), or a known kind has the wrong size.
 */
int tcp_opts_decode(struct tcp_fields *t);

/*
 * Writes the header for f with options f->opts[0..opts_len) padded with
 * EOL to a multiple of 4; doff is computed (f->doff is ignored).  The
 * checksum field is written as f->csum: compute it afterwards with
 * cksum_set() or let pkt_build() do it.
 * Returns 0, ERR_NOSPACE, ERR_INVALID (opts_len > 40).
 */
int tcp_build(uint8_t *buf, size_t cap, size_t *len,
	      const struct tcp_fields *f);

#endif
