/* SPDX-License-Identifier: MIT */
/*
 * arp.h: ARP / RARP packets (RFC 826, RFC 903).  Addresses are kept only for
 * Ethernet/IPv4 (hlen 6, plen 4); other sizes are parsed and skipped.
 */
#ifndef NPECHO_PROTO_ARP_H
#define NPECHO_PROTO_ARP_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

#define ARP_FIXED_LEN 8
#define ARP_ETH_IP4_LEN 28
#define ARP_HTYPE_ETH 1

enum {
	ARP_OP_REQUEST = 1,
	ARP_OP_REPLY = 2,
	ARP_OP_RREQUEST = 3,
	ARP_OP_RREPLY = 4,
	ARP_OP_DRARP_REQUEST = 5,
	ARP_OP_DRARP_REPLY = 6,
	ARP_OP_DRARP_ERROR = 7,
	ARP_OP_INREQUEST = 8,
	ARP_OP_INREPLY = 9,
	ARP_OP_NAK = 10,
};

/*
 * Parses an ARP packet.  *alen gets its length (8 + 2*(hlen+plen)).
 * Returns 0, or ERR_TRUNC when the fixed part or the addresses are cut
 * (out holds the fixed fields when they were complete).
 */
int arp_parse(const uint8_t *p, size_t len, struct arp_fields *out,
	      size_t *alen);

/*
 * Writes a 28-byte Ethernet/IPv4 ARP packet from f (htype, ptype, op and
 * the four addresses; hlen/plen are written as 6 and 4).
 * Returns 0 or ERR_NOSPACE.
 */
int arp_build(uint8_t *buf, size_t cap, size_t *len,
	      const struct arp_fields *f);

#endif
