/* SPDX-License-Identifier: MIT */
/* opt_net.c: IPv4, IPv6, Ethernet and payload options. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "cli/cli_int.h"
#include "cli/mnemonics.h"
#include "cli/targets.h"

#define FLOW_MAX 1048575U
#define MTU_FRAG_F 72U
#define PAYLOAD_RAND_MAX 1399U

int
cli_parse_addr(struct cli_state *st, const char *arg, int af_hint,
	       struct cfg_addr *out, const char *what)
{
	struct cfg_addr a;
	size_t i;

	memset(&a, 0, sizeof(a));
	a.set = true;
	if (parse_is_random(arg)) {
		a.resolved = a.random = true;
		a.af = af_hint == AF_INET6 ? AF_INET6 : AF_INET;
		for (i = 0; i < sizeof(a.addr.v6.s6_addr); i++)
			a.addr.v6.s6_addr[i] = (uint8_t)cli_rng_next(&st->rng);
		if (a.af == AF_INET)
			a.addr.v4.s_addr = (uint32_t)cli_rng_next(&st->rng);
	} else if (af_hint != AF_INET6 && inet_pton(AF_INET, arg, &a.addr.v4) == 1) {
		a.resolved = true;
		a.af = AF_INET;
	} else if (af_hint != AF_INET && inet_pton(AF_INET6, arg, &a.addr.v6) == 1) {
		a.resolved = true;
		a.af = AF_INET6;
	} else if (targets_classify(arg) != TARGET_NAME || strchr(arg, '/')) {
		return cli_fail(st, what, arg);
	}
	if (cli_setstr(st, &out->str, arg) < 0)
		return ERR_NOMEM;
	a.str = out->str;
	*out = a;
	return 0;
}

int
cli_parse_mac(struct cli_state *st, const char *arg, struct cfg_mac *out,
	      const char *what)
{
	struct cfg_mac m;
	size_t i;

	memset(&m, 0, sizeof(m));
	m.set = true;
	if (parse_is_random(arg)) {
		for (i = 0; i < 6; i++)
			m.b[i] = (uint8_t)cli_rng_next(&st->rng);
		m.b[0] &= 0xfe;	/* unicast, or the frame would be multicast */
		m.random = true;
	} else if (!strcasecmp(arg, "broadcast") || !strcasecmp(arg, "bcast")) {
		memset(m.b, 0xff, 6);
	} else if (parse_mac(arg, m.b) < 0) {
		return cli_fail(st, what, arg);
	}
	*out = m;
	return 0;
}

static int
source_ip(struct cli_state *st, const char *arg)
{
	char msg[64];

	snprintf(msg, sizeof(msg), "Could not resolve source IPv%d address.",
		 st->cfg->af == AF_INET6 ? 6 : 4);
	return cli_parse_addr(st, arg, AF_UNSPEC, &st->cfg->source_ip, msg);
}

static int
mtu(struct cli_state *st, const char *arg)
{
	struct config *cfg = st->cfg;
	uint64_t v;

	if (parse_is_random(arg)) {
		cfg->mtu.v = (uint32_t)cli_rng_range(&st->rng, 1, 187) * 8;
		cfg->mtu.random = true;
	} else if (parse_uint(arg, 1, 65528, &v) < 0 || v % 8) {
		return cli_fail(st, "MTU must be >0 and multiple of 8", arg);
	} else {
		cfg->mtu.v = (uint32_t)v;
		cfg->mtu.random = false;
	}
	cfg->mtu.set = true;
	return 0;
}

static int
frag_f(struct cli_state *st)
{
	struct config *cfg = st->cfg;

	cfg->frag_f = true;
	if (cfg->mtu.set)
		return cli_warn(st, "WARNING: -f is irrelevant if an MTU has been "
				"previously specified");
	cfg->mtu.v = MTU_FRAG_F;
	cfg->mtu.set = true;
	return 0;
}

static int
flow(struct cli_state *st, const char *arg)
{
	uint64_t v;

	if (parse_uint(arg, 0, UINT64_MAX, &v) == 0 && v > FLOW_MAX)
		return cli_fail(st, "IPv6 Flow Label cannot be greater than 1048575", arg);
	return cli_num(st, arg, FLOW_MAX, &st->cfg->flow,
		       "IPv6 Flow Label must be a number between 0 and 1048575");
}

/* npecho --ipv6-ext LIST: hbh and dest, comma separated, at most 4, sent
 * in that order (each an options header of padding). */
static int
ip6_ext(struct cli_state *st, const char *arg)
{
	struct config *cfg = st->cfg;
	const char *p = arg;

	cfg->n_ip6_ext = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		uint8_t t;

		if (n == 3 && !strncmp(p, "hbh", 3))
			t = 0;
		else if (n == 4 && !strncmp(p, "dest", 4))
			t = 60;
		else
			return cli_fail(st, "must be a list of hbh and dest, "
					"e.g. hbh,dest", arg);
		if (cfg->n_ip6_ext == sizeof(cfg->ip6_ext))
			return cli_fail(st, "at most 4 extension headers", arg);
		cfg->ip6_ext[cfg->n_ip6_ext++] = t;
		p += n;
		if (*p == ',' && *++p == 0)
			return cli_fail(st, "must be a list of hbh and dest, "
					"e.g. hbh,dest", arg);
	}
	if (!cfg->n_ip6_ext)
		return cli_fail(st, "must be a list of hbh and dest, e.g. "
				"hbh,dest", arg);
	return 0;
}

/* Options that need raw sockets (they forbid UDP-Unprivileged). */
static bool
ip_raw_only(int id)
{
	return id != P_DST && id != P_V4 && id != P_V6 && id != P_TCLASS &&
	       id != P_FLOW;
}

int
opt_ip(struct cli_state *st, int id, const char *arg)
{
	struct config *cfg = st->cfg;

	if (ip_raw_only(id))
		cli_raw_only(st);
	switch (id) {
	case P_SRC: return source_ip(st, arg);
	case P_DST: return cli_add_target(st, arg);
	case P_TOS:
		return cli_num(st, arg, 255, &cfg->tos, "TOS option must be a "
			       "number between 0 and 255 (inclusive)");
	case P_ID:
		return cli_num(st, arg, 65535, &cfg->ip_id, "Identification must "
			       "be a number between 0 and 65535 (inclusive)");
	case P_DF: cfg->df = true; return 0;
	case P_MF: cfg->mf = true; return 0;
	case P_EVIL: cfg->evil = true; return 0;
	case P_TTL:
		return cli_num(st, arg, 255, &cfg->ttl, "TTL option must be a "
			       "number between 0 and 255 (inclusive)");
	case P_HOPLIMIT:
		return cli_num(st, arg, 255, &cfg->ttl, "Hop Limit option must be a "
			       "number between 0 and 255 (inclusive)");
	case P_BADSUM: cfg->badsum_ip = true; return 0;
	case P_OPTS: return cli_setstr(st, &cfg->ip_options, arg);
	case P_MTU: return mtu(st, arg);
	case P_FRAG: return frag_f(st);
	case P_V4: cfg->af = AF_INET; return 0;
	case P_V6: cfg->af = AF_INET6; return 0;
	case P_TCLASS:
		return cli_num(st, arg, 255, &cfg->traffic_class, "IPv6 Traffic "
			       "Class must be a number between 0 and 255 (inclusive)");
	case P_FLOW: return flow(st, arg);
	case P_IP6EXT: return ip6_ext(st, arg);
	}
	return cli_fail(st, "internal: unknown option", arg);
}

int
opt_eth(struct cli_state *st, int id, const char *arg)
{
	struct config *cfg = st->cfg;
	uint32_t t;

	cli_raw_only(st);
	switch (id) {
	case E_DMAC:
		return cli_parse_mac(st, arg, &cfg->dest_mac,
				     "Invalid Ethernet Destination MAC address.");
	case E_SMAC:
		return cli_parse_mac(st, arg, &cfg->source_mac,
				     "Invalid Ethernet Source MAC address.");
	case E_TYPE:
		if (mn_ether_type(arg, &t) == 0) {
			cfg->ether_type.v = t;
			cfg->ether_type.set = true;
			cfg->ether_type.random = false;
			return 0;
		}
		return cli_num(st, arg, 65535, &cfg->ether_type, "Invalid Ethernet Type.");
	}
	return cli_fail(st, "internal: unknown option", arg);
}

/* Replaces the payload (the last payload option wins, whatever the order). */
static void
payload_set(struct config *cfg, enum payload_kind kind, uint8_t *buf,
	    size_t len, bool len_random)
{
	free(cfg->payload);
	cfg->payload = buf;
	cfg->payload_len = len;
	cfg->payload_kind = kind;
	cfg->payload_len_random = len_random;
}

static int
payload_nomem(struct cli_state *st)
{
	errbuf_set(st->eb, "%s: out of memory", st->opt);
	return ERR_NOMEM;
}

/* len random bytes (printable ASCII when text is true). */
static int
payload_random(struct cli_state *st, size_t len, bool text,
	       enum payload_kind kind, bool len_random)
{
	uint8_t *buf = malloc(len ? len : 1);
	size_t i;

	if (!buf)
		return payload_nomem(st);
	for (i = 0; i < len; i++)
		buf[i] = text ? (uint8_t)cli_rng_range(&st->rng, 0x21, 0x7e)
			      : (uint8_t)cli_rng_next(&st->rng);
	payload_set(st->cfg, kind, buf, len, len_random);
	return 0;
}

static int
payload_hex(struct cli_state *st, const char *arg)
{
	uint8_t *buf;
	size_t len;

	if (strlen(arg) > 4 * (size_t)CLI_PAYLOAD_MAX + 2)
		return cli_fail(st, "Invalid hex string specification", arg);
	buf = malloc(CLI_PAYLOAD_MAX);
	if (!buf)
		return payload_nomem(st);
	if (parse_hex_bytes(arg, buf, CLI_PAYLOAD_MAX, &len) < 0) {
		free(buf);
		return cli_fail(st, "Invalid hex string specification", arg);
	}
	payload_set(st->cfg, PAYLOAD_HEX, buf, len, false);
	return 0;
}

static int
payload_string(struct cli_state *st, const char *arg)
{
	size_t len = strlen(arg);
	uint8_t *buf;

	if (parse_is_random(arg))
		return payload_random(st, cli_rng_range(&st->rng, 1, PAYLOAD_RAND_MAX),
				      true, PAYLOAD_STRING, true);
	if (len > CLI_PAYLOAD_MAX)
		return cli_fail(st, "data-string must be between 0 and 65400 "
				"characters.", arg);
	buf = malloc(len ? len : 1);
	if (!buf)
		return payload_nomem(st);
	memcpy(buf, arg, len);
	payload_set(st->cfg, PAYLOAD_STRING, buf, len, false);
	return 0;
}

static int
payload_length(struct cli_state *st, const char *arg)
{
	uint64_t v;

	if (parse_is_random(arg))
		return payload_random(st, cli_rng_range(&st->rng, 1, PAYLOAD_RAND_MAX),
				      false, PAYLOAD_RANDOM, true);
	if (parse_uint(arg, 0, UINT64_MAX, &v) < 0)
		return cli_fail(st, "Invalid payload length specification", arg);
	if (v > CLI_PAYLOAD_MAX)
		return cli_fail(st, "data-length must be a value between 0 and 65400.", arg);
	return payload_random(st, (size_t)v, false, PAYLOAD_RANDOM, false);
}

int
opt_payload(struct cli_state *st, int id, const char *arg)
{
	switch (id) {
	case D_HEX: return payload_hex(st, arg);
	case D_STRING: return payload_string(st, arg);
	case D_LENGTH: return payload_length(st, arg);
	}
	return cli_fail(st, "internal: unknown option", arg);
}
