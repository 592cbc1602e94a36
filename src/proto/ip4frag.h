/* SPDX-License-Identifier: MIT */
/*
 * ip4frag.h: split an IPv4 datagram into fragments (RFC 791 §3.2, RFC 815
 * reassembly rules).  No allocation: fragments go into caller buffers.
 */
#ifndef NPECHO_PROTO_IP4FRAG_H
#define NPECHO_PROTO_IP4FRAG_H

#include <stddef.h>
#include <stdint.h>

/* One output slot: buf/cap from the caller, len set by ip4_fragment(). */
struct ip4_frag_out {
	uint8_t *buf;
	size_t cap;
	size_t len;
};

/*
 * Splits the datagram pkt[0..len) (its total length field must be <= len)
 * so that every fragment is at most mtu bytes.  Each fragment but the last
 * carries a multiple of 8 data bytes and MF; offsets continue those of the
 * input (which may itself be a fragment; its MF goes to the last piece).
 * The first fragment keeps every option; later ones keep only options with
 * the copy bit, padded with EOL.  Header checksums are recomputed; the data
 * (including any L4 checksum) is copied unchanged.  A datagram that fits
 * is copied as one fragment.  DF is not looked at.
 * Writes out[0..*nfrag).  Returns 0; ERR_INVALID (not IPv4, bad lengths,
 * mtu too small for 8 data bytes); ERR_LIMIT (more than nout fragments);
 * ERR_NOSPACE (an out buffer too small).
 */
int ip4_fragment(const uint8_t *pkt, size_t len, size_t mtu,
		 struct ip4_frag_out *out, size_t nout, size_t *nfrag);

#endif
