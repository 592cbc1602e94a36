/* SPDX-License-Identifier: MIT */
/* opt_proto.c: probe modes, TCP/UDP, ICMP and ARP options. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli_int.h"
#include "cli/mnemonics.h"
#include "cli/ports.h"

#define NS_PER_MS 1000000ULL
#define NS_PER_S 1000000000ULL
#define MS_PER_DAY 86400000LL

static int
icmp_shortcut(struct cli_state *st, uint32_t type)
{
	int ret = cli_set_mode(st, MODE_ICMP);

	if (ret < 0)
		return ret;
	st->cfg->icmp_type.v = type;
	st->cfg->icmp_type.set = true;
	st->cfg->icmp_type.random = false;
	return 0;
}

static int
arp_shortcut(struct cli_state *st, uint32_t op)
{
	int ret = cli_set_mode(st, MODE_ARP);

	if (ret < 0)
		return ret;
	st->cfg->arp_op.v = op;
	st->cfg->arp_op.set = true;
	return 0;
}

int
opt_mode(struct cli_state *st, int id, const char *arg)
{
	switch (id) {
	case M_TCP_CONNECT: return cli_set_mode(st, MODE_TCP_CONNECT);
	case M_TCP: return cli_set_mode(st, MODE_TCP);
	case M_UDP: return cli_set_mode(st, MODE_UDP);
	case M_ICMP: return cli_set_mode(st, MODE_ICMP);
	case M_ARP: return cli_set_mode(st, MODE_ARP);
	case M_TR:
		st->cfg->traceroute = true;
		cli_raw_only(st);
		return 0;
	case M_ECHO_REQ: return icmp_shortcut(st, 8);
	case M_DEST_UNR: return icmp_shortcut(st, 3);
	case M_TIMESTAMP: return icmp_shortcut(st, 13);
	case M_INFO: return icmp_shortcut(st, 15); /* Nping sent 13: fixed */
	case M_NETMASK: return icmp_shortcut(st, 17);
	case M_ARP_REQ: return arp_shortcut(st, 1);
	case M_ARP_REPLY: return arp_shortcut(st, 2);
	case M_RARP_REQ: return arp_shortcut(st, 3);
	case M_RARP_REPLY: return arp_shortcut(st, 4);
	}
	return cli_fail(st, "internal: unknown mode option", arg);
}

/* TCP flag bits by 3-letter name. */
static int
flag_name(const char *s, size_t len, uint32_t *bits)
{
	static const struct {
		const char *n;
		uint32_t b;
	} names[] = {
		{ "cwr", 0x80 }, { "ecn", 0x40 }, { "ece", 0x40 }, { "urg", 0x20 },
		{ "ack", 0x10 }, { "psh", 0x08 }, { "rst", 0x04 }, { "syn", 0x02 },
		{ "fin", 0x01 }, { "all", 0xff }, { "nil", 0x00 },
	};
	size_t i;

	if (len != 3)
		return ERR_INVALID;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strncasecmp(s, names[i].n, 3)) {
			*bits = names[i].b;
			return 0;
		}
	}
	return ERR_INVALID;
}

static int
flags_list(struct cli_state *st, const char *arg, uint32_t *out)
{
	const char *p = arg;
	uint32_t f = 0, b;
	char msg[96], name[8];

	if ((strlen(arg) + 1) % 4 != 0)
		return cli_fail(st, "Invalid format in --flag. Make sure you specify a "
				"comma-separated list that contains 3-character flag "
				"names (e.g: --flags syn,ack,psh)", arg);
	for (;;) {
		size_t len = strcspn(p, ",");

		if (flag_name(p, len, &b) < 0) {
			snprintf(name, sizeof(name), "%.*s", (int)(len < 7 ? len : 7), p);
			snprintf(msg, sizeof(msg), "Invalid TCP flag specification: \"%s\"", name);
			return cli_fail(st, msg, arg);
		}
		f |= b;
		if (!p[len])
			break;
		p += len + 1;
	}
	*out = f;
	return 0;
}

static int
flags_letters(struct cli_state *st, const char *arg, uint32_t *out)
{
	static const char letters[] = "FSRPAUEC"; /* bit 0 .. bit 7 */
	uint32_t f = 0;
	const char *p, *hit;
	char msg[128];

	for (p = arg; *p; p++) {
		hit = strchr(letters, toupper((unsigned char)*p));
		if (hit && *p) {
			f |= 1u << (hit - letters);
			continue;
		}
		if (isdigit((unsigned char)*p))
			snprintf(msg, sizeof(msg), "Invalid TCP flag supplied (%c). If you "
				 "want to specify flags using a number you must add "
				 "prefix \"0x\"", *p);
		else
			snprintf(msg, sizeof(msg), "Invalid TCP flag supplied: %c",
				 isprint((unsigned char)*p) ? *p : '?');
		return cli_fail(st, msg, arg);
	}
	*out = f;
	return 0;
}

static int
parse_flags(struct cli_state *st, const char *arg)
{
	uint32_t f = 0, b;
	uint64_t v;
	int ret = 0;

	if (isdigit((unsigned char)arg[0])) {
		if (parse_uint(arg, 0, 255, &v) < 0)
			return cli_fail(st, "Invalid TCP flag specification. Numerical "
					"values must be in the range [0,255].", arg);
		f = (uint32_t)v;
	} else if (!*arg || !strcasecmp(arg, "none")) {
		f = 0;
	} else if (strchr(arg, ',') || flag_name(arg, strlen(arg), &b) == 0) {
		ret = flags_list(st, arg, &f);
	} else {
		ret = flags_letters(st, arg, &f);
	}
	if (ret < 0)
		return ret;
	st->cfg->tcp_flags.v = f;
	st->cfg->tcp_flags.set = true;
	return 0;
}

static int
dest_ports(struct cli_state *st, const char *arg)
{
	struct config *cfg = st->cfg;
	struct errbuf pe = { { 0 } };
	int ret;

	free(cfg->dports);
	cfg->dports = NULL;
	cfg->n_dports = 0;
	ret = ports_parse(arg, &cfg->dports, &cfg->n_dports, &pe);
	if (ret < 0) {
		cli_fail(st, pe.msg, arg);
		return ret;
	}
	cfg->dports_set = true;
	return 0;
}

static int
source_port(struct cli_state *st, const char *arg)
{
	int ret;

	if (st->cfg->sport.set)
		return cli_fail(st, "Cannot specify source port twice.", arg);
	ret = cli_num(st, arg, 65535, &st->cfg->sport, "Source port must be a "
		      "number between 0 and 65535 (inclusive)");
	if (ret == 0 && st->cfg->sport.v == 0)
		ret = cli_warn(st, "WARNING: a source port of zero may not work on all systems.");
	return ret;
}

int
opt_tcpudp(struct cli_state *st, int id, const char *arg)
{
	struct config *cfg = st->cfg;

	switch (id) {
	case T_DPORT:
		return dest_ports(st, arg);
	case T_SPORT:
		return source_port(st, arg);
	case T_SEQ:
		return cli_num(st, arg, UINT32_MAX, &cfg->seq,
			       "Invalid TCP Sequence number. Value must be 0<=N<2^32.");
	case T_ACK:
		return cli_num(st, arg, UINT32_MAX, &cfg->ack,
			       "Invalid TCP ACK number. Value must be 0<=N<2^32.");
	case T_WIN:
		return cli_num(st, arg, 65535, &cfg->win,
			       "Invalid TCP Window size. Value must be 0<=N<=65535.");
	case T_FLAGS:
		return parse_flags(st, arg);
	case T_BADSUM:
		cfg->badsum = true;
		return 0;
	case T_TCPOPTS:
		return cli_setstr(st, &cfg->tcp_options, arg);
	}
	return cli_fail(st, "internal: unknown option", arg);
}

static int
icmp_time_fail(struct cli_state *st, const char *arg, char sign)
{
	char msg[96];

	if (!sign)
		return cli_fail(st, "Invalid time supplied", arg);
	snprintf(msg, sizeof(msg), "You must specify a valid time value after now%c "
		 "(e.g. 1000, 2s, 25m, etc.)", sign);
	return cli_fail(st, msg, arg);
}

/* "rand", a time (seconds by default), "now", "now+T" or "now-T". */
static int
icmp_time(struct cli_state *st, const char *arg, struct cfg_icmp_time *t)
{
	uint64_t ns;
	char sign = 0, msg[96];

	memset(t, 0, sizeof(*t));
	t->set = true;
	if (parse_is_random(arg)) {
		t->ms = (int64_t)cli_rng_range(&st->rng, 0, UINT32_MAX);
		t->random = true;
		return 0;
	}
	if (!strncasecmp(arg, "now", 3)) {
		t->kind = ICMP_TIME_NOW;
		if (!arg[3])
			return 0;
		sign = arg[3];
		if ((sign != '+' && sign != '-') ||
		    parse_time_ns(arg + 4, NS_PER_S, &ns, NULL) < 0)
			return icmp_time_fail(st, arg, sign == '-' ? '-' : '+');
		if (ns / NS_PER_MS >= (uint64_t)MS_PER_DAY) {
			snprintf(msg, sizeof(msg), "Value is %.40s is too high for current time.",
				 arg + 4);
			return cli_fail(st, msg, arg);
		}
		t->ms = (int64_t)(ns / NS_PER_MS) * (sign == '-' ? -1 : 1);
		return 0;
	}
	if (parse_time_ns(arg, NS_PER_S, &ns, NULL) < 0 ||
	    ns / NS_PER_MS > UINT32_MAX)
		return icmp_time_fail(st, arg, 0);
	t->ms = (int64_t)(ns / NS_PER_MS);
	return 0;
}

static int
advert_entry(struct cli_state *st, const char *arg)
{
	struct config *cfg = st->cfg;
	struct cfg_advert_entry e, *nv;
	const char *comma = strchr(arg, ',');
	char ip[64], msg[160];
	uint64_t pref;

	if (!comma)
		return cli_fail(st, "Invalid Router Advertising Entry specification: "
				"Bad syntax, missing comma delimiter", arg);
	snprintf(ip, sizeof(ip), "%.*s", (int)((comma - arg) < 63 ? comma - arg : 63), arg);
	if (inet_pton(AF_INET, ip, &e.addr) != 1) {
		snprintf(msg, sizeof(msg), "Invalid Router Advertising Entry "
			 "specification: %s is not a valid IPv4 address", ip);
		return cli_fail(st, msg, arg);
	}
	if (parse_uint(comma + 1, 0, UINT32_MAX, &pref) < 0) {
		snprintf(msg, sizeof(msg), "Invalid Router Advertising Entry "
			 "specification: %.40s is not a valid preference number", comma + 1);
		return cli_fail(st, msg, arg);
	}
	e.pref = (uint32_t)pref;
	nv = realloc(cfg->icmp_adverts, (cfg->n_icmp_adverts + 1) * sizeof(*nv));
	if (!nv) {
		errbuf_set(st->eb, "%s: out of memory", st->opt);
		return ERR_NOMEM;
	}
	nv[cfg->n_icmp_adverts++] = e;
	cfg->icmp_adverts = nv;
	return 0;
}

/* --icmp-type / --icmp-code: a mnemonic or 0..255 (or rand). */
static int
icmp_type_code(struct cli_state *st, const char *arg, bool type)
{
	struct cfg_num *n = type ? &st->cfg->icmp_type : &st->cfg->icmp_code;
	uint32_t v;
	int ret;

	if ((type ? mn_icmp_type(arg, &v) : mn_icmp_code(arg, &v)) == 0) {
		n->v = v;
		n->set = true;
		n->random = false;
	} else {
		ret = cli_num(st, arg, 255, n, type ?
			      "Invalid ICMP Type. Value must be 0<=N<=255." :
			      "Invalid ICMP Code. Value must be 0<=N<=255.");
		if (ret < 0)
			return ret;
	}
	if (type && !mn_icmp_type_rfc(n->v))
		return cli_warn(st, "Warning: Specified ICMP type (%u) is not RFC compliant.",
				n->v);
	return 0;
}

int
opt_icmp(struct cli_state *st, int id, const char *arg)
{
	struct config *cfg = st->cfg;
	int ret = cli_need_mode(st, MODE_ICMP, "ICMP messages");

	if (ret < 0)
		return ret;
	switch (id) {
	case I_TYPE: return icmp_type_code(st, arg, true);
	case I_CODE: return icmp_type_code(st, arg, false);
	case I_ID:
		return cli_num(st, arg, 65535, &cfg->icmp_id,
			       "Invalid ICMP Identifier. Value must be 0<=N<2^16.");
	case I_SEQ:
		return cli_num(st, arg, 65535, &cfg->icmp_seq,
			       "Invalid ICMP Sequence number. Value must be 0<=N<2^16.");
	case I_REDIR:
		return cli_parse_addr(st, arg, AF_INET, &cfg->icmp_redirect_addr,
				      "Could not resolve specified ICMP Redirect Address.");
	case I_PPTR:
		return cli_num(st, arg, 255, &cfg->icmp_param_pointer, "Invalid ICMP "
			       "Parameter problem pointer. Value must be 0<=N<=255..");
	case I_LIFETIME:
		return cli_num(st, arg, 65535, &cfg->icmp_advert_lifetime, "Invalid ICMP "
			       "Router advertisement lifetime. Value must be 0<=N<2^16..");
	case I_ADVERT: return advert_entry(st, arg);
	case I_ORIG: return icmp_time(st, arg, &cfg->icmp_orig_time);
	case I_RECV: return icmp_time(st, arg, &cfg->icmp_recv_time);
	case I_TRANS: return icmp_time(st, arg, &cfg->icmp_trans_time);
	}
	return cli_fail(st, "internal: unknown option", arg);
}

int
opt_arp(struct cli_state *st, int id, const char *arg)
{
	struct config *cfg = st->cfg;
	uint32_t op;
	uint64_t v;
	int ret = cli_need_mode(st, MODE_ARP, "ARP messages");

	if (ret < 0)
		return ret;
	switch (id) {
	case A_TYPE:
		/* npecho also takes numbers (Nping rejected them). */
		if (mn_arp_op(arg, &op) < 0) {
			if (parse_uint(arg, 0, 65535, &v) < 0)
				return cli_fail(st, "Invalid ARP type/operation code", arg);
			op = (uint32_t)v;
		}
		return arp_shortcut(st, op);
	case A_SMAC:
		return cli_parse_mac(st, arg, &cfg->arp_sender_mac,
				     "Invalid ARP Sender MAC address.");
	case A_TMAC:
		return cli_parse_mac(st, arg, &cfg->arp_target_mac,
				     "Invalid ARP Target MAC address.");
	case A_SIP:
		return cli_parse_addr(st, arg, AF_INET, &cfg->arp_sender_ip,
				      "Invalid ARP Sender IP address.");
	case A_TIP:
		return cli_parse_addr(st, arg, AF_INET, &cfg->arp_target_ip,
				      "Invalid ARP Target IP address.");
	}
	return cli_fail(st, "internal: unknown option", arg);
}
