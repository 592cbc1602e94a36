/* SPDX-License-Identifier: MIT */
/*
 * echo/spec.h: NEP PacketSpec semantics (doc/nep.md §8, §9).
 *
 *  - nep_spec_build(): the items a client sends for its probes, in nping's
 *    order (§8.2).
 *  - nep_spec_from_msg() / nep_spec_validate(): what a server accepts
 *    (§8.3).
 *  - nep_spec_score() / nep_spec_best(): the server's weighted matcher
 *    (§8.4).  Scores are integers in hundredths of nping's points, so
 *    nping's thresholds 10 / 8 / 6 are 1000 / 800 / 600.  Addresses are
 *    never compared, so NAT does not matter.
 *  - nep_erase_payload(): the server's default payload erasure (§9).
 *
 * libc only; reads struct pkt fields, never decodes packets itself.
 */
#ifndef NPECHO_ECHO_SPEC_H
#define NPECHO_ECHO_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "echo/wire.h"
#include "proto/packet.h"

#define NEP_MAGIC_SEND_MAX 8 /* nping's client sends at most 8 bytes */

/* The header values a client will put in every probe of a run. */
struct nep_probe {
	uint8_t ip_version; /* 4 or 6 */
	uint8_t proto;      /* 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6 (v6 only) */
	uint16_t count;     /* probes to send (informational, capped) */
	uint16_t ip_id;     /* IPv4 */
	uint8_t tos;        /* IPv4 */
	uint8_t tclass;     /* IPv6 */
	uint32_t flow;      /* IPv6, 20 bits */
	uint16_t sport, dport;
	int have_dport;     /* nping: only when exactly one target port */
	uint32_t seq, ack;  /* TCP */
	uint8_t flags;      /* TCP */
	uint16_t win;       /* TCP */
	uint8_t icmp_type, icmp_code;
	const uint8_t *payload; /* borrowed; payload_len bytes */
	size_t payload_len;
};

/*
 * Builds the spec nping's client would send for these probes, in the given
 * form (NEP_FORM_0793 writes IP version 4 and the swapped B0/B1 lengths,
 * exactly as 0.7.93 does; NEP_FORM_RFC writes the probe's IP version and
 * RFC lengths).  ERR_INVALID for an unknown version/protocol, ERR_NOSPACE
 * if it would exceed nping's inflated 108-byte budget (§8.3).
 */
int nep_spec_build(const struct nep_probe *p, enum nep_spec_form form,
		   struct nep_spec *out);

/*
 * Encodes a spec into a PACKET_SPEC body (ip_version, proto, count, list).
 * The header is left for the caller.  Errors as nep_spec_list_encode().
 */
int nep_spec_to_msg(const struct nep_spec *s, struct nep_packet_spec *m);

/*
 * Decodes a received PACKET_SPEC body.  The form is chosen from the IP
 * version byte: 6 means RFC/HEAD lengths; 4 means 0.7.93 lengths for B0/B1
 * (only 0.7.93 ever sends B items with version 4).  Returns 0 or
 * ERR_INVALID (bad PAYLOAD_MAGIC), with a reason in *why.
 */
int nep_spec_from_msg(const struct nep_packet_spec *m, struct nep_spec *out,
		      const char **why);

/*
 * The server's acceptance rules (§8.3): at least 4 items (PAYLOAD_MAGIC
 * counts), no duplicate code, version 4 needs IPv4_ID, version 6 needs
 * IPv6_FLOW, other versions fail.  0 or ERR_INVALID with a static *why.
 */
int nep_spec_validate(const struct nep_spec *s, const char **why);

/* nping's threshold for this packet (1000 TCP, 800 UDP, 600 ICMP; ICMPv6
 * as ICMP), -1 if the packet is none of those (never echoed). */
int nep_spec_threshold(const struct pkt *p);

/* Score of a captured packet against one spec, in hundredths. */
int nep_spec_score(const struct nep_spec *s, const struct pkt *p);

/*
 * Index of the best-scoring spec among n (a tie goes to the later one, like
 * nping), or -1 when the best is below the packet's threshold or n == 0.
 * NULL entries are skipped.  *score (optional) gets the best score.
 */
int nep_spec_best(const struct nep_spec *const *specs, size_t n,
		  const struct pkt *p, int *score);

/*
 * Zeroes application data in pkt[0..len) in place (§9): everything after
 * the TCP header (with options), the UDP header or the 8-byte ICMP header.
 * When p is NULL or the transport header was not decoded, keeps the first
 * 40 bytes and zeroes the rest.  p must describe these same bytes, decoded
 * from the IP header (offsets relative to pkt).
 */
void nep_erase_payload(uint8_t *pkt, size_t len, const struct pkt *p);

#endif
