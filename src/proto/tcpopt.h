/* SPDX-License-Identifier: MIT */
/*
 * tcpopt.h: TCP option lists to build (RFC 9293 §3.2, RFC 7323, RFC 2018)
 * and the parser of the CLI's --tcp-options LIST.  Plain values, no
 * allocation.
 */
#ifndef NPECHO_PROTO_TCPOPT_H
#define NPECHO_PROTO_TCPOPT_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"
#include "util/err.h"

#define TCPOPT_LIST_MAX 40
#define TCPOPT_DATA_MAX 40

/*
 * One option.  EOL and NOP are one byte.  For raw items (raw = 1) data[]
 * holds the whole option as sent (kind, length and all, possibly
 * malformed); otherwise data[] is what follows kind and length, and the
 * length byte is written as 2 + n.
 */
struct tcp_optval {
	uint8_t kind;
	uint8_t raw;
	uint8_t n;
	uint8_t data[TCPOPT_DATA_MAX];
};

struct tcp_optlist {
	size_t n;
	struct tcp_optval v[TCPOPT_LIST_MAX];
};

/* Appenders: 0, or ERR_LIMIT when the list is full, ERR_INVALID for bad
 * sizes (SACK 1..4 blocks, raw 1..40 bytes, data 0..38 bytes). */
int tcp_optlist_add_nop(struct tcp_optlist *l);
int tcp_optlist_add_eol(struct tcp_optlist *l);
int tcp_optlist_add_mss(struct tcp_optlist *l, uint16_t mss);
int tcp_optlist_add_wscale(struct tcp_optlist *l, uint8_t shift);
int tcp_optlist_add_sackok(struct tcp_optlist *l);
int tcp_optlist_add_sack(struct tcp_optlist *l, const uint32_t *left,
			 const uint32_t *right, size_t nblocks);
int tcp_optlist_add_ts(struct tcp_optlist *l, uint32_t val, uint32_t ecr);
/* kind, length 2 + n, then data. */
int tcp_optlist_add_kind(struct tcp_optlist *l, uint8_t kind,
			 const uint8_t *data, size_t n);
/* Bytes copied verbatim. */
int tcp_optlist_add_raw(struct tcp_optlist *l, const uint8_t *bytes,
			size_t n);

/*
 * Encodes the list and pads it with EOL bytes to a multiple of 4.
 * *len gets the padded length.  Returns 0, ERR_NOSPACE, or ERR_INVALID
 * when the result exceeds 40 bytes (the TCP limit).
 */
int tcp_optlist_encode(const struct tcp_optlist *l, uint8_t *buf, size_t cap,
		       size_t *len);

/* Encodes l into t->opts / t->opts_len (for tcp_build or pkt_build).
 * Returns 0 or ERR_INVALID (over 40 bytes; t unchanged). */
int tcp_optlist_to_fields(const struct tcp_optlist *l, struct tcp_fields *t);

/*
 * Parses a comma-separated --tcp-options LIST into *out (reset first).
 * Items (names in any case, numbers decimal or 0x hex):
 *   mss=N  wscale=N  sackok  ts  ts=VAL:ECR  sack=L:R[/L:R...]  nop  eol
 *   raw=HEX (whole option bytes, verbatim, even length of hex digits)
 *   kind=K[:HEX] (kind K, length 2 + data)
 * Returns 0, or ERR_INVALID with "bad TCP option 'item': reason" in eb.
 * The encoded size is checked too (at most 40 bytes).
 */
int tcp_opts_parse_spec(const char *spec, struct tcp_optlist *out,
			struct errbuf *eb);

#endif
