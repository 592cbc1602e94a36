/* SPDX-License-Identifier: MIT */
/*
 * cksum.h: the Internet checksum (RFC 1071), pseudo-header sums for TCP, UDP
 * and ICMPv6 over IPv4 (RFC 793/768) and IPv6 (RFC 8200 §8.1), incremental
 * update (RFC 1624) and a verifier for a decoded packet.
 *
 * Sums are carried as uint32_t "partial sums" (unfolded, not complemented)
 * so that pieces can be added; cksum_finish() folds and complements.  All
 * functions are pure; no allocation, no errors.
 */
#ifndef NPECHO_PROTO_CKSUM_H
#define NPECHO_PROTO_CKSUM_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

/*
 * Adds p[0..len) to sum as 16-bit big-endian words.  The bytes are taken as
 * starting on an even offset of the checksummed data; an odd final byte is
 * padded with zero.  To sum pieces, give every piece but the last an even
 * length.
 */
uint32_t cksum_add(uint32_t sum, const uint8_t *p, size_t len);

/* Folds a partial sum to 16 bits and complements it: the field value. */
uint16_t cksum_finish(uint32_t sum);

/* cksum_finish(cksum_add(0, p, len)).  Over data holding a correct checksum
 * field the result is 0. */
uint16_t cksum(const uint8_t *p, size_t len);

/* Partial sums of the pseudo-headers (upper-layer length and protocol). */
uint32_t cksum_pseudo4(const uint8_t src[4], const uint8_t dst[4],
		       uint8_t proto, uint16_t len);
uint32_t cksum_pseudo6(const uint8_t src[16], const uint8_t dst[16],
		       uint8_t nh, uint32_t len);

/*
 * RFC 1624 eqn. 3: the checksum field value after a 16-bit (32-bit) word
 * covered by it changed from old to new_val.  Equal to recomputing the whole
 * sum.  For a 16-bit word at an odd offset, pass both values byte-swapped.
 */
uint16_t cksum_fixup16(uint16_t csum, uint16_t old, uint16_t new_val);
uint16_t cksum_fixup32(uint16_t csum, uint32_t old, uint32_t new_val);

/*
 * Computes and stores the checksum of p[0..len) whose 16-bit field is at
 * field_off (zeroed first), starting from the partial sum init (a
 * pseudo-header sum, or 0 for IPv4/ICMPv4).  cksum_set_udp() writes a
 * result of 0 as 0xffff (RFC 768).
 */
void cksum_set(uint8_t *p, size_t len, size_t field_off, uint32_t init);
void cksum_set_udp(uint8_t *p, size_t len, size_t field_off, uint32_t init);

/* Result bits of pkt_cksum_check(). */
enum {
	CKSUM_BAD_IP = 1u << 0,    /* IPv4 header checksum wrong */
	CKSUM_BAD_L4 = 1u << 1,    /* TCP/UDP/ICMP/ICMPv6 checksum wrong */
	CKSUM_L4_UNCHECKED = 1u << 2, /* L4 not fully captured, fragment,
				      * or unknown protocol */
};

/*
 * Verifies the checksums of a packet decoded by pkt_decode() (pk->base must
 * still be valid).  The IPv4 header sum is checked when the header was
 * captured; the L4 sum only when every claimed byte of the segment is
 * present.  A zero UDP checksum over IPv4 means "none" and passes.
 * Returns CKSUM_* bits; 0 means everything checked was right.
 */
unsigned pkt_cksum_check(const struct pkt *pk);

/* True when pkt_cksum_check() finds no bad checksum (unchecked is fine). */
int pkt_cksum_ok(const struct pkt *pk);

#endif
