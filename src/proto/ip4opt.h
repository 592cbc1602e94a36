/* SPDX-License-Identifier: MIT */
/*
 * ip4opt.h: IPv4 option builders (RFC 791 §3.1) and the parser of Nping's
 * --ip-options spec.  Builders write one option, unpadded, into a caller
 * buffer; ip4_build() pads the whole list with EOL to a multiple of 4.
 */
#ifndef NPECHO_PROTO_IP4OPT_H
#define NPECHO_PROTO_IP4OPT_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Record route with nslots (1..9) empty address slots, pointer 4.
 * Returns 0, ERR_INVALID (nslots) or ERR_NOSPACE. */
int ip4_opt_rr(uint8_t *buf, size_t cap, size_t *len, unsigned nslots);

/*
 * Internet timestamp (RFC 791, type 68) with pointer 5, overflow 0 and the
 * given flag: 0 timestamps only (4 bytes per slot), 1 address+timestamp or
 * 3 prespecified (8 bytes per slot).  nslots 1..9 (flag 0) or 1..4.
 * Returns 0, ERR_INVALID or ERR_NOSPACE.
 */
int ip4_opt_ts(uint8_t *buf, size_t cap, size_t *len, uint8_t flag,
	       unsigned nslots);

/* Loose (strict = 0) or strict source route with n (1..9) addresses,
 * pointer 4.  Returns 0, ERR_INVALID or ERR_NOSPACE. */
int ip4_opt_srr(uint8_t *buf, size_t cap, size_t *len, int strict,
		const uint8_t (*addrs)[4], size_t n);

/* Copies n raw bytes (any kind, even malformed).  0 or ERR_NOSPACE. */
int ip4_opt_raw(uint8_t *buf, size_t cap, size_t *len, const uint8_t *bytes,
		size_t n);

/*
 * Parses Nping's --ip-options value into option bytes (unpadded, at most
 * 40), exactly as Nping 0.7.93 lays them out:
 *   "R"            NOP + record route with 9 slots (40 bytes)
 *   "T"            timestamp, flag 0, 9 slots (40 bytes)
 *   "U"            timestamp, flag 1 (address+time), 4 slots (36 bytes)
 *   "S a.b.c.d ..." NOP + strict source route of the addresses plus one
 *                  empty slot; "L ..." the same, loose.  1..8 addresses.
 *   "\xHH\xHH*N..." raw hex bytes; "*N" repeats the byte before it so that
 *                  it appears N times in all (N >= 1).
 * Returns 0, or ERR_INVALID with a message naming the bad part in eb.
 */
int ip4_opts_parse_spec(const char *spec, uint8_t *out, size_t cap,
			size_t *len, struct errbuf *eb);

#endif
