/* SPDX-License-Identifier: MIT */
/*
 * icmp6.h: ICMPv6 (RFC 4443) errors and echo, neighbor solicitation and
 * advertisement (RFC 4861 §4.3, §4.4): parser, builder, name tables.
 * Fields are struct icmp6_fields from packet.h.  icmp6_is_error() is
 * declared in packet.h and defined in icmp6.c (types 1-4).
 */
#ifndef NPECHO_PROTO_ICMP6_H
#define NPECHO_PROTO_ICMP6_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

#define ICMP6_HDR_LEN 8
#define ICMP6_ND_LEN 24
#define ICMP6_OFF_CSUM 2

enum {
	ICMP6_UNREACH = 1,
	ICMP6_PKTTOOBIG = 2,
	ICMP6_TIMXCEED = 3,
	ICMP6_PARAMPROB = 4,
	ICMP6_ECHO = 128,
	ICMP6_ECHOREPLY = 129,
	ICMP6_ROUTERSOLICIT = 133,
	ICMP6_ROUTERADVERT = 134,
	ICMP6_NEIGHSOLICIT = 135,
	ICMP6_NEIGHADVERT = 136,
};

/* na_flags bits (byte 4 of a neighbor advertisement). */
#define ICMP6_NA_ROUTER 0x80
#define ICMP6_NA_SOLICITED 0x40
#define ICMP6_NA_OVERRIDE 0x20

/* Fixed size of a message of this type: 24 for NS/NA, else 8. */
size_t icmp6_hdr_len(uint8_t type);

/* Parses the header and typed fields (id/seq, mtu, pointer, target,
 * na_flags).  Returns 0 or ERR_TRUNC (fields present are filled). */
int icmp6_parse(const uint8_t *p, size_t len, struct icmp6_fields *out);

/*
 * Writes type, code, bytes 4..7 (id/seq for echo, mtu for 2, pointer for
 * 4, na_flags then rest[1..3] for 136, else f->rest), the target for NS/NA,
 * then data[0..n) (payload, quote or ND options) and the checksum with the
 * pseudo-header of src/dst.  Returns 0 or ERR_NOSPACE.
 */
int icmp6_build(uint8_t *buf, size_t cap, size_t *len,
		const struct icmp6_fields *f, const uint8_t *data, size_t n,
		const uint8_t src[16], const uint8_t dst[16]);

/* Short names; the type name is never NULL ("Unknown type"), the code
 * name is NULL when unknown.  Static strings. */
const char *icmp6_type_name(uint8_t type);
const char *icmp6_code_name(uint8_t type, uint8_t code);

#endif
