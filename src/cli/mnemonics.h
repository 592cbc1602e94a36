/* SPDX-License-Identifier: MIT */
/*
 * mnemonics.h: the symbolic names Nping accepts for ICMP types and codes,
 * ARP operations and EtherTypes (case-insensitive).  Pure lookups: each
 * returns 0 and sets *out, or ERR_INVALID when the name is unknown.
 */
#ifndef NPECHO_CLI_MNEMONICS_H
#define NPECHO_CLI_MNEMONICS_H

#include <stdbool.h>
#include <stdint.h>

int mn_icmp_type(const char *s, uint32_t *out);
int mn_icmp_code(const char *s, uint32_t *out);
int mn_arp_op(const char *s, uint32_t *out);
int mn_ether_type(const char *s, uint32_t *out);

/* True for the ICMPv4 types RFC 792/950/1256/1393 define: 0,3,4,5,8-18,30. */
bool mn_icmp_type_rfc(uint32_t type);

#endif
