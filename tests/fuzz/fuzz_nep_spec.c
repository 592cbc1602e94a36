/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: the PacketSpec path of an echo server, alone.
 *
 * Input: bytes [0,160) are a decrypted NEP_PACKET_SPEC message (what a
 * server sees after the MAC check), the rest a captured IP packet.  The
 * message is decoded, turned into a spec and validated as the server does;
 * a valid spec then scores the packet, the spec is encoded back and must
 * decode to the same items, and payload erasure runs on a copy.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "echo/spec.h"
#include "echo/wire.h"
#include "proto/packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_roundtrip(const struct nep_spec *s)
{
	struct nep_packet_spec m;
	struct nep_spec back;
	const char *why;

	if (nep_spec_to_msg(s, &m) < 0)
		return;
	if (nep_spec_from_msg(&m, &back, &why) < 0)
		abort(); /* what we encode, we must accept */
	if (back.n_items != s->n_items || back.magic_len != s->magic_len ||
	    memcmp(back.magic, s->magic, s->magic_len))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nep_packet_spec m;
	struct nep_spec spec;
	struct pkt p;
	const char *why = NULL;
	uint8_t *copy;
	size_t plen;

	if (size < NEP_LEN_PACKET_SPEC)
		return 0;
	if (nep_packet_spec_decode(data, NEP_LEN_PACKET_SPEC, &m) < 0)
		return 0;
	/* Decoding and the acceptance rules are separate steps, as in the
	 * server: either may refuse, with a reason. */
	if (nep_spec_from_msg(&m, &spec, &why) < 0 ||
	    nep_spec_validate(&spec, &why) < 0)
		return why ? 0 : (abort(), 0);
	check_roundtrip(&spec);
	plen = size - NEP_LEN_PACKET_SPEC;
	copy = malloc(plen ? plen : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + NEP_LEN_PACKET_SPEC, plen);
	if (pkt_decode(copy, plen, PKT_LINK_IP, &p) == 0) {
		(void)nep_spec_threshold(&p);
		(void)nep_spec_score(&spec, &p);
		nep_erase_payload(copy, plen, &p);
	}
	free(copy);
	return 0;
}
