/* SPDX-License-Identifier: MIT */
/* mnemonics.c: name tables for ICMP, ARP and EtherType values. */
#include <stddef.h>
#include <strings.h>

#include "cli/mnemonics.h"
#include "util/err.h"

struct mn {
	const char *name;
	uint32_t v;
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct mn icmp_types[] = {
	{ "echo-reply", 0 }, { "echo-rep", 0 }, { "er", 0 },
	{ "destination-unreachable", 3 }, { "dest-unr", 3 }, { "du", 3 },
	{ "source-quench", 4 }, { "sour-que", 4 }, { "sq", 4 },
	{ "redirect", 5 }, { "redi", 5 }, { "r", 5 },
	{ "echo-request", 8 }, { "echo", 8 }, { "e", 8 },
	{ "router-advertisement", 9 }, { "rout-adv", 9 }, { "ra", 9 },
	{ "router-solicitation", 10 }, { "rout-sol", 10 }, { "rs", 10 },
	{ "time-exceeded", 11 }, { "time-exc", 11 }, { "te", 11 },
	{ "parameter-problem", 12 }, { "para-pro", 12 }, { "pp", 12 },
	{ "timestamp", 13 }, { "time", 13 }, { "tm", 13 },
	{ "timestamp-reply", 14 }, { "time-rep", 14 }, { "tr", 14 },
	{ "information", 15 }, { "info", 15 }, { "i", 15 },
	{ "information-reply", 16 }, { "info-rep", 16 }, { "ir", 16 },
	{ "mask-request", 17 }, { "mask", 17 }, { "m", 17 },
	{ "mask-reply", 18 }, { "mask-rep", 18 }, { "mr", 18 },
	{ "traceroute", 30 }, { "trace", 30 }, { "tc", 30 },
};

/* Codes are global, not per type, as in Nping. */
static const struct mn icmp_codes[] = {
	/* type 3 */
	{ "network-unreachable", 0 }, { "netunreach", 0 }, { "net", 0 },
	{ "host-unreachable", 1 }, { "hostunreach", 1 }, { "host", 1 },
	{ "protocol-unreachable", 2 }, { "protounreach", 2 }, { "proto", 2 },
	{ "port-unreachable", 3 }, { "portunreach", 3 }, { "port", 3 },
	{ "fragmentation-needed", 4 }, { "needfrag", 4 }, { "frag", 4 },
	{ "source-route-failed", 5 }, { "routefail", 5 },
	{ "network-unknown", 6 }, { "net?", 6 },
	{ "host-unknown", 7 }, { "host?", 7 },
	{ "host-isolated", 8 }, { "isolated", 8 },
	{ "network-prohibited", 9 }, { "!net", 9 },
	{ "host-prohibited", 10 }, { "!host", 10 },
	{ "network-tos", 11 }, { "tosnet", 11 },
	{ "host-tos", 12 }, { "toshost", 12 },
	{ "communication-prohibited", 13 }, { "!comm", 13 },
	{ "host-precedence-violation", 14 }, { "violation", 14 },
	{ "precedence-cutoff", 15 }, { "cutoff", 15 },
	/* type 5 */
	{ "redirect-network", 0 }, { "redir-net", 0 },
	{ "redirect-host", 1 }, { "redir-host", 1 },
	{ "redirect-tos-network", 2 }, { "redir-tos-net", 2 },
	{ "redirect-tos-host", 3 }, { "redir-tos-host", 3 },
	/* type 9 */
	{ "normal-advertisement", 0 }, { "normal", 0 },
	{ "not-route-common-traffic", 16 }, { "mobile-ip", 16 },
	/* type 11 */
	{ "ttl-exceeded-in-transit", 0 }, { "ttl-exc", 0 },
	{ "fragment-reassembly-time-exceeded", 1 }, { "frag-exc", 1 },
	/* type 12 */
	{ "pointer-indicates-error", 0 }, { "pointer", 0 },
	{ "missing-required-option", 1 }, { "miss-option", 1 },
	{ "bad-length", 2 }, { "bad-len", 2 },
	/* type 40 (Photuris) */
	{ "bad-spi", 0 }, { "auth-failed", 1 },
	{ "decompression-failed", 2 }, { "decomp-failed", 2 },
	{ "decryption-failed", 3 }, { "decrypt-failed", 3 },
	{ "need-authentication", 4 }, { "need-auth", 4 },
	{ "need-authorization", 5 }, { "need-author", 5 },
};

static const struct mn arp_ops[] = {
	{ "arp-request", 1 }, { "arp", 1 }, { "a", 1 },
	{ "arp-reply", 2 }, { "arp-rep", 2 }, { "ar", 2 },
	{ "rarp-request", 3 }, { "rarp", 3 }, { "r", 3 },
	{ "rarp-reply", 4 }, { "rarp-rep", 4 }, { "rr", 4 },
	{ "drarp-request", 5 }, { "drarp", 5 }, { "d", 5 },
	{ "drarp-reply", 6 }, { "drarp-rep", 6 }, { "dr", 6 },
	{ "drarp-error", 7 }, { "drarp-err", 7 }, { "de", 7 },
	{ "inarp-request", 8 }, { "inarp", 8 }, { "i", 8 },
	{ "inarp-reply", 9 }, { "inarp-rep", 9 }, { "ir", 9 },
	{ "arp-nak", 10 }, { "an", 10 },
};

static const struct mn ether_types[] = {
	{ "ip", 0x0800 }, { "ipv4", 0x0800 }, { "4", 0x0800 },
	{ "ipv6", 0x86dd }, { "6", 0x86dd },
	{ "arp", 0x0806 }, { "rarp", 0x8035 },
	{ "frame-relay", 0x0808 }, { "frelay", 0x0808 }, { "fr", 0x0808 },
	{ "ppp", 0x880b }, { "gsmp", 0x880c }, { "mpls", 0x8847 },
	{ "mps-ual", 0x8848 }, { "mps", 0x8848 }, { "mcap", 0x8861 },
	{ "pppoe-discovery", 0x8863 }, { "pppoe-d", 0x8863 },
	{ "pppoe-session", 0x8864 }, { "pppoe-s", 0x8864 },
	{ "ctag", 0x8100 }, { "epon", 0x8808 }, { "pbnac", 0x888e },
	{ "stag", 0x88a8 }, { "ethexp1", 0x88b5 }, { "ethexp2", 0x88b6 },
	{ "ethoui", 0x88b7 }, { "preauth", 0x88c7 }, { "lldp", 0x88cc },
	{ "macsec", 0x88e5 }, { "mac-sec", 0x88e5 }, { "mac-security", 0x88e5 },
	{ "mvrp", 0x88f5 }, { "mmrp", 0x88f6 }, { "frrr", 0x890d },
};

static int
lookup(const struct mn *t, size_t n, const char *s, uint32_t *out)
{
	size_t i;

	for (i = 0; s && i < n; i++) {
		if (!strcasecmp(t[i].name, s)) {
			*out = t[i].v;
			return 0;
		}
	}
	return ERR_INVALID;
}

int
mn_icmp_type(const char *s, uint32_t *out)
{
	return lookup(icmp_types, N_OF(icmp_types), s, out);
}

int
mn_icmp_code(const char *s, uint32_t *out)
{
	return lookup(icmp_codes, N_OF(icmp_codes), s, out);
}

int
mn_arp_op(const char *s, uint32_t *out)
{
	return lookup(arp_ops, N_OF(arp_ops), s, out);
}

int
mn_ether_type(const char *s, uint32_t *out)
{
	return lookup(ether_types, N_OF(ether_types), s, out);
}

bool
mn_icmp_type_rfc(uint32_t type)
{
	return type == 0 || type == 3 || type == 4 || type == 5 ||
	       (type >= 8 && type <= 18) || type == 30;
}
