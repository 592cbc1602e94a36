/* SPDX-License-Identifier: MIT */
/*
 * icmp4.h: ICMPv4 messages (RFC 792, RFC 950 masks, RFC 1256 router
 * discovery, RFC 1191 next-hop MTU): parser, builder, name tables.
 * Fields are struct icmp4_fields from packet.h.  icmp4_is_error() is
 * declared in packet.h and defined in icmp4.c.
 */
#ifndef NPECHO_PROTO_ICMP4_H
#define NPECHO_PROTO_ICMP4_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

#define ICMP4_HDR_LEN 8
#define ICMP4_OFF_CSUM 2

enum {
	ICMP4_ECHOREPLY = 0,
	ICMP4_UNREACH = 3,
	ICMP4_SOURCEQUENCH = 4,
	ICMP4_REDIRECT = 5,
	ICMP4_ECHO = 8,
	ICMP4_ROUTERADVERT = 9,
	ICMP4_ROUTERSOLICIT = 10,
	ICMP4_TIMXCEED = 11,
	ICMP4_PARAMPROB = 12,
	ICMP4_TSTAMP = 13,
	ICMP4_TSTAMPREPLY = 14,
	ICMP4_IREQ = 15,
	ICMP4_IREQREPLY = 16,
	ICMP4_MASKREQ = 17,
	ICMP4_MASKREPLY = 18,
};

#define ICMP4_UNREACH_NEEDFRAG 4

/* Router advertisement entry (RFC 1256): address and preference. */
struct icmp4_ra_entry {
	uint8_t addr[4];
	uint32_t pref;
};

/* Fixed size of a message of this type: 20 (timestamp), 12 (mask), else 8. */
size_t icmp4_hdr_len(uint8_t type);

/* True for the types with id/seq in bytes 4..7 (0, 8, 13-18). */
int icmp4_has_idseq(uint8_t type);

/*
 * Parses the header and the type's fixed fields (id/seq, gateway,
 * pointer, next_mtu for type 3 code 4, router-advert counts, timestamps,
 * mask).  Returns 0 or ERR_TRUNC when fewer than icmp4_hdr_len(type)
 * bytes (fields that were present are filled).
 */
int icmp4_parse(const uint8_t *p, size_t len, struct icmp4_fields *out);

/*
 * Writes type, code, bytes 4..7 and the type's fixed fields, then
 * data[0..n) (echo payload, quoted datagram, router-advert entries...),
 * and the checksum over it all.  Bytes 4..7 come from the typed fields
 * for id/seq types, redirect (gateway), router advert (ra_*), parameter
 * problem (pointer, then rest[1..3]) and type 3 code 4 (rest[0..1], then
 * next_mtu); for every other type they are f->rest.
 * Returns 0 or ERR_NOSPACE.
 */
int icmp4_build(uint8_t *buf, size_t cap, size_t *len,
		const struct icmp4_fields *f, const uint8_t *data, size_t n);

/* Writes n router-advert entries (8 bytes each).  0 or ERR_NOSPACE. */
int icmp4_ra_entries_build(uint8_t *buf, size_t cap, size_t *len,
			   const struct icmp4_ra_entry *e, size_t n);

/* Short English names ("Echo request", "Port unreachable").  The type
 * name is never NULL ("Unknown type"); the code name is NULL when the type
 * has no named codes or the code is not known.  Static strings. */
const char *icmp4_type_name(uint8_t type);
const char *icmp4_code_name(uint8_t type, uint8_t code);

#endif
