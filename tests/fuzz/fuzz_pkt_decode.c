/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for pkt_decode(): the input is decoded as an Ethernet
 * frame, a raw IP packet and a bare ARP packet; any ICMP quote is decoded
 * too.  Invariants: offsets stay inside the input, and a packet decoded as
 * IP and rebuilt from its fields (headers, payload) decodes to the same
 * fields again.  The first input byte is not special: every byte is data.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/build.h"
#include "proto/cksum.h"
#include "proto/ip4frag.h"
#include "proto/packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct pkt *pk, size_t len)
{
	if (pk->caplen != len || pk->l3_off > len || pk->l4_off > len)
		abort();
	if ((pk->layers & PKT_HAS_PAYLOAD) &&
	    pk->payload_off + pk->payload_len > len)
		abort();
	if ((pk->layers & PKT_HAS_QUOTE) &&
	    pk->quote_off + pk->quote_len > len)
		abort();
	if ((pk->layers & PKT_HAS_TCP) &&
	    pk->l4_off + (size_t)pk->tcp.doff * 4 > len)
		abort();
	(void)pkt_cksum_check(pk);
}

/* Rebuilds an IPv4/IPv6 TCP/UDP/ICMP packet and compares key fields. */
static void
round_trip(const struct pkt *pk)
{
	static uint8_t out[70000];
	struct pkt_spec s;
	struct pkt again;
	size_t len;

	if (pk->problems || !(pk->layers & (PKT_HAS_TCP | PKT_HAS_UDP |
					    PKT_HAS_ICMP4 | PKT_HAS_ICMP6)))
		return;
	memset(&s, 0, sizeof(s));
	s.ip_version = pk->layers & PKT_HAS_IP4 ? 4 : 6;
	s.ip4 = pk->ip4;
	s.ip4.tot_len = 0;
	s.ip6 = pk->ip6;
	s.ip6.plen = 0;
	if (pk->ip6.n_ext)
		return;
	s.l4 = pk->l4_proto;
	s.tcp = pk->tcp;
	s.udp = pk->udp;
	s.udp.len = 0;
	s.icmp4 = pk->icmp4;
	s.icmp6 = pk->icmp6;
	if (pk->layers & PKT_HAS_QUOTE) {
		s.payload = pk->base + pk->quote_off;
		s.payload_len = pk->quote_len;
	} else if (pk->layers & PKT_HAS_PAYLOAD) {
		s.payload = pk->base + pk->payload_off;
		s.payload_len = pk->payload_len;
	}
	if (pkt_build(out, sizeof(out), &len, &s, NULL) != 0)
		return;
	if (pkt_decode(out, len, PKT_LINK_IP, &again) != 0)
		abort();
	if (again.l4_proto != pk->l4_proto ||
	    (again.layers & PKT_HAS_TCP && again.tcp.seq != pk->tcp.seq) ||
	    (again.layers & PKT_HAS_UDP && again.udp.dport != pk->udp.dport) ||
	    again.payload_len != pk->payload_len ||
	    again.quote_len != pk->quote_len)
		abort();
	if (!pkt_cksum_ok(&again))
		abort();
}

/* Fragments a clean IPv4 packet; every piece obeys the MTU and decodes. */
static void
fragment(const struct pkt *pk, size_t mtu)
{
	static uint8_t mem[16][1600];
	struct ip4_frag_out out[16];
	struct pkt f;
	size_t i, n;

	if (!(pk->layers & PKT_HAS_IP4) || pk->problems ||
	    pk->ip4.tot_len > 1500)
		return;
	for (i = 0; i < 16; i++) {
		out[i].buf = mem[i];
		out[i].cap = sizeof(mem[i]);
	}
	if (ip4_fragment(pk->base, pk->caplen, mtu, out, 16, &n) != 0)
		return;
	for (i = 0; i < n; i++) {
		if (out[i].len > mtu && n > 1)
			abort();
		if (pkt_decode(out[i].buf, out[i].len, PKT_LINK_IP, &f) != 0 ||
		    cksum(out[i].buf, (size_t)f.ip4.ihl * 4) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum pkt_link links[3] = { PKT_LINK_ETH, PKT_LINK_IP,
						PKT_LINK_ARP };
	struct pkt pk, in;
	int i;

	for (i = 0; i < 3; i++) {
		(void)pkt_decode(data, size, links[i], &pk);
		check(&pk, size);
		if (pkt_decode_quote(&pk, &in) == 0 ||
		    (pk.layers & PKT_HAS_QUOTE))
			check(&in, pk.quote_len);
		if (links[i] == PKT_LINK_IP) {
			round_trip(&pk);
			fragment(&pk, 68 + (size ? data[size - 1] : 0) * 4);
		}
	}
	return 0;
}
