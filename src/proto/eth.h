/* SPDX-License-Identifier: MIT */
/*
 * eth.h: Ethernet II header with an optional 802.1Q tag (IEEE 802.3, 802.1Q).
 * Parser and builder; fields are struct eth_fields from packet.h.
 */
#ifndef NPECHO_PROTO_ETH_H
#define NPECHO_PROTO_ETH_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

#define ETH_ALEN 6
#define ETH_HDR_LEN 14
#define ETH_VLAN_LEN 4

#define ETHERTYPE_IP4 0x0800
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_RARP 0x8035
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_IP6 0x86dd
#define ETHERTYPE_QINQ 0x88a8

/*
 * Parses an Ethernet II header at p.  *hlen gets 14 or 18 (one 802.1Q tag;
 * then *vlan is 1 and out->vlan_tci / out->type are the tag's and the inner
 * type).  Returns 0 or ERR_TRUNC (out holds what was read).
 */
int eth_parse(const uint8_t *p, size_t len, struct eth_fields *out,
	      size_t *hlen, int *vlan);

/*
 * Writes the header for f (with an 802.1Q tag carrying f->vlan_tci when
 * vlan is non-zero).  *len gets 14 or 18.  Returns 0 or ERR_NOSPACE.
 */
int eth_build(uint8_t *buf, size_t cap, size_t *len,
	      const struct eth_fields *f, int vlan);

#endif
