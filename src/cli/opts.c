/* SPDX-License-Identifier: MIT */
/*
 * opts.c: the option table and a reentrant getopt_long_only-style scanner.
 *
 * Rules (as glibc's getopt_long_only, which Nping uses): long options take
 * one or two dashes; values follow '=' or come as the next word; an exact
 * name wins, else a unique prefix; a single-dash word that matches no long
 * option is read as short options ("-c1", "-vvv", "-NH").  Optional values
 * (-d -q -v, --verbose=N) must be joined.  Words that are not options are
 * targets, anywhere on the line; "--" ends the options.  npecho's own long
 * options only compete for a prefix when no Nping option matches it, so
 * every abbreviation that worked with Nping still means the same thing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"

#define NP(n, s, a, f, i) { n, s, a, false, f, i }
#define NE(n, s, a, f, i) { n, s, a, true, f, i }

const struct cli_opt cli_opts[] = {
	/* probe modes */
	NP("tcp-connect", 0, ARG_NONE, opt_mode, M_TCP_CONNECT),
	NP("tcp", 0, ARG_NONE, opt_mode, M_TCP),
	NP("udp", 0, ARG_NONE, opt_mode, M_UDP),
	NP("icmp", 0, ARG_NONE, opt_mode, M_ICMP),
	NP("arp", 0, ARG_NONE, opt_mode, M_ARP),
	NP("tr", 0, ARG_NONE, opt_mode, M_TR),
	NP("traceroute", 0, ARG_NONE, opt_mode, M_TR),
	NP("echo-request", 0, ARG_NONE, opt_mode, M_ECHO_REQ),
	NP("destination-unreachable", 0, ARG_NONE, opt_mode, M_DEST_UNR),
	NP("dest-unr", 0, ARG_NONE, opt_mode, M_DEST_UNR),
	NP("timestamp", 0, ARG_NONE, opt_mode, M_TIMESTAMP),
	NP("timestamp-request", 0, ARG_NONE, opt_mode, M_TIMESTAMP),
	NP("information", 0, ARG_NONE, opt_mode, M_INFO),
	NP("information-request", 0, ARG_NONE, opt_mode, M_INFO),
	NP("netmask", 0, ARG_NONE, opt_mode, M_NETMASK),
	NP("netmask-request", 0, ARG_NONE, opt_mode, M_NETMASK),
	NP("arp-request", 0, ARG_NONE, opt_mode, M_ARP_REQ),
	NP("arp-reply", 0, ARG_NONE, opt_mode, M_ARP_REPLY),
	NP("rarp-request", 0, ARG_NONE, opt_mode, M_RARP_REQ),
	NP("rarp-reply", 0, ARG_NONE, opt_mode, M_RARP_REPLY),
	/* TCP / UDP */
	NP("dest-port", 'p', ARG_REQ, opt_tcpudp, T_DPORT),
	NP("source-port", 'g', ARG_REQ, opt_tcpudp, T_SPORT),
	NP("seq", 0, ARG_REQ, opt_tcpudp, T_SEQ),
	NP("flags", 0, ARG_REQ, opt_tcpudp, T_FLAGS),
	NP("ack", 0, ARG_REQ, opt_tcpudp, T_ACK),
	NP("win", 0, ARG_REQ, opt_tcpudp, T_WIN),
	NP("badsum", 0, ARG_NONE, opt_tcpudp, T_BADSUM),
	/* ICMP */
	NP("icmp-type", 0, ARG_REQ, opt_icmp, I_TYPE),
	NP("icmp-code", 0, ARG_REQ, opt_icmp, I_CODE),
	NP("icmp-id", 0, ARG_REQ, opt_icmp, I_ID),
	NP("icmp-seq", 0, ARG_REQ, opt_icmp, I_SEQ),
	NP("icmp-redirect-addr", 0, ARG_REQ, opt_icmp, I_REDIR),
	NP("icmp-param-pointer", 0, ARG_REQ, opt_icmp, I_PPTR),
	NP("icmp-advert-lifetime", 0, ARG_REQ, opt_icmp, I_LIFETIME),
	NP("icmp-advert-entry", 0, ARG_REQ, opt_icmp, I_ADVERT),
	NP("icmp-orig-time", 0, ARG_REQ, opt_icmp, I_ORIG),
	NP("icmp-recv-time", 0, ARG_REQ, opt_icmp, I_RECV),
	NP("icmp-trans-time", 0, ARG_REQ, opt_icmp, I_TRANS),
	/* ARP / RARP */
	NP("arp-type", 0, ARG_REQ, opt_arp, A_TYPE),
	NP("rarp-type", 0, ARG_REQ, opt_arp, A_TYPE),
	NP("arp-code", 0, ARG_REQ, opt_arp, A_TYPE),
	NP("rarp-code", 0, ARG_REQ, opt_arp, A_TYPE),
	NP("arp-operation", 0, ARG_REQ, opt_arp, A_TYPE),
	NP("arp-op", 0, ARG_REQ, opt_arp, A_TYPE),
	NP("rarp-operation", 0, ARG_REQ, opt_arp, A_TYPE),
	NP("rarp-op", 0, ARG_REQ, opt_arp, A_TYPE),
	NP("arp-sender-mac", 0, ARG_REQ, opt_arp, A_SMAC),
	NP("rarp-sender-mac", 0, ARG_REQ, opt_arp, A_SMAC),
	NP("arp-sender-ip", 0, ARG_REQ, opt_arp, A_SIP),
	NP("rarp-sender-ip", 0, ARG_REQ, opt_arp, A_SIP),
	NP("arp-target-mac", 0, ARG_REQ, opt_arp, A_TMAC),
	NP("rarp-target-mac", 0, ARG_REQ, opt_arp, A_TMAC),
	NP("arp-target-ip", 0, ARG_REQ, opt_arp, A_TIP),
	NP("rarp-target-ip", 0, ARG_REQ, opt_arp, A_TIP),
	/* IPv4 */
	NP("source-ip", 'S', ARG_REQ, opt_ip, P_SRC),
	NP("dest-ip", 0, ARG_REQ, opt_ip, P_DST),
	NP("tos", 0, ARG_REQ, opt_ip, P_TOS),
	NP("id", 0, ARG_REQ, opt_ip, P_ID),
	NP("df", 0, ARG_NONE, opt_ip, P_DF),
	NP("mf", 0, ARG_NONE, opt_ip, P_MF),
	NP("evil", 0, ARG_NONE, opt_ip, P_EVIL),
	NP("ttl", 0, ARG_REQ, opt_ip, P_TTL),
	NP("badsum-ip", 0, ARG_NONE, opt_ip, P_BADSUM),
	NP("ip-options", 0, ARG_REQ, opt_ip, P_OPTS),
	NP("mtu", 0, ARG_REQ, opt_ip, P_MTU),
	NP(NULL, 'f', ARG_NONE, opt_ip, P_FRAG),
	NP("ipv4", '4', ARG_NONE, opt_ip, P_V4),
	NP("IPv4", 0, ARG_NONE, opt_ip, P_V4),
	/* IPv6 */
	NP("ipv6", '6', ARG_NONE, opt_ip, P_V6),
	NP("IPv6", 0, ARG_NONE, opt_ip, P_V6),
	NP("hop-limit", 0, ARG_REQ, opt_ip, P_HOPLIMIT),
	NP("traffic-class", 0, ARG_REQ, opt_ip, P_TCLASS),
	NP("tc", 0, ARG_REQ, opt_ip, P_TCLASS),
	NP("flow", 0, ARG_REQ, opt_ip, P_FLOW),
	/* Ethernet */
	NP("dest-mac", 0, ARG_REQ, opt_eth, E_DMAC),
	NP("source-mac", 0, ARG_REQ, opt_eth, E_SMAC),
	NP("spoof-mac", 0, ARG_REQ, opt_eth, E_SMAC),
	NP("ether-type", 0, ARG_REQ, opt_eth, E_TYPE),
	NP("ethertype", 0, ARG_REQ, opt_eth, E_TYPE),
	NP("ethtype", 0, ARG_REQ, opt_eth, E_TYPE),
	/* payload */
	NP("data", 0, ARG_REQ, opt_payload, D_HEX),
	NP("data-string", 0, ARG_REQ, opt_payload, D_STRING),
	NP("data-length", 0, ARG_REQ, opt_payload, D_LENGTH),
	/* echo */
	NP("echo-client", 0, ARG_REQ, opt_echo, C_CLIENT),
	NP("ec", 0, ARG_REQ, opt_echo, C_CLIENT),
	NP("echo-server", 0, ARG_REQ, opt_echo, C_SERVER),
	NP("es", 0, ARG_REQ, opt_echo, C_SERVER),
	NP("echo-port", 0, ARG_REQ, opt_echo, C_PORT),
	NP("ep", 0, ARG_REQ, opt_echo, C_PORT),
	NP("no-crypto", 0, ARG_NONE, opt_echo, C_NOCRYPTO),
	NP("nc", 0, ARG_NONE, opt_echo, C_NOCRYPTO),
	NP("once", 0, ARG_NONE, opt_echo, C_ONCE),
	NP("safe-payloads", 0, ARG_NONE, opt_echo, C_SAFE),
	NP("include-payloads", 0, ARG_NONE, opt_echo, C_INCLUDE),
	/* timing */
	NP("delay", 0, ARG_REQ, opt_timing, W_DELAY),
	NP("rate", 0, ARG_REQ, opt_timing, W_RATE),
	/* misc */
	NP("count", 'c', ARG_REQ, opt_misc, X_COUNT),
	NP("interface", 'e', ARG_REQ, opt_misc, X_IFACE),
	NP("hide-sent", 'H', ARG_NONE, opt_misc, X_HIDE),
	NP("no-capture", 'N', ARG_NONE, opt_misc, X_NOCAP),
	NP("privileged", 0, ARG_NONE, opt_misc, X_PRIV),
	NP("unprivileged", 0, ARG_NONE, opt_misc, X_UNPRIV),
	NP("send-eth", 0, ARG_NONE, opt_misc, X_SENDETH),
	NP("send-ip", 0, ARG_NONE, opt_misc, X_SENDIP),
	NP("bpf-filter", 0, ARG_REQ, opt_misc, X_BPF),
	NP("filter", 0, ARG_REQ, opt_misc, X_BPF),
	NP("nsock-engine", 0, ARG_REQ, opt_misc, X_NSOCK),
	NP("help", 'h', ARG_NONE, opt_misc, X_HELP),
	NP("version", 'V', ARG_NONE, opt_misc, X_VERSION),
	NP(NULL, 'K', ARG_REQ, opt_misc, X_IGNORE),
	NP(NULL, 'P', ARG_REQ, opt_misc, X_IGNORE),
	/* output */
	NP("verbose", 'v', ARG_OPT, opt_output, O_VERBOSE),
	NP("reduce-verbosity", 'q', ARG_OPT, opt_output, O_REDUCE),
	NP(NULL, 'd', ARG_OPT, opt_output, O_DEBUG_SHORT),
	NP("quiet", 0, ARG_NONE, opt_output, O_QUIET),
	NP("debug", 0, ARG_NONE, opt_output, O_DEBUG),
	/* npecho's own */
	NE("tcp-options", 0, ARG_REQ, opt_tcpudp, T_TCPOPTS),
	NE("ipv6-ext", 0, ARG_REQ, opt_ip, P_IP6EXT),
	NE("flood", 0, ARG_NONE, opt_timing, W_FLOOD),
	NE("json", 0, ARG_NONE, opt_misc, X_JSON),
	NE(NULL, 'w', ARG_REQ, opt_misc, X_PCAP),
	NE("user", 0, ARG_REQ, opt_misc, X_USER),
	NE("progress", 0, ARG_NONE, opt_misc, X_PROGRESS),
	NE("no-progress", 0, ARG_NONE, opt_misc, X_NOPROGRESS),
	NE("no-tx-ring", 0, ARG_NONE, opt_misc, X_NOTXRING),
	NE("echo-passphrase-file", 0, ARG_REQ, opt_echo, C_PASSFILE),
	NE("max-sessions", 0, ARG_REQ, opt_echo, C_MAXSESS),
	NE("max-sessions-per-addr", 0, ARG_REQ, opt_echo, C_MAXPERADDR),
	NE("max-sessions-per-net", 0, ARG_REQ, opt_echo, C_MAXPERNET),
	NE("max-handshakes", 0, ARG_REQ, opt_echo, C_MAXHS),
	NE("handshake-rate", 0, ARG_REQ, opt_echo, C_HSRATE),
	NE("allow-local-clients", 0, ARG_NONE, opt_echo, C_ALLOWLOCAL),
	NE("full-capt", 0, ARG_NONE, opt_echo, C_FULLCAPT),
	NE("no-probe-token", 0, ARG_NONE, opt_echo, C_NOTOKEN),
	NE("audit", 0, ARG_NONE, opt_echo, C_AUDIT),
	NE("handshake-timeout", 0, ARG_REQ, opt_echo, C_HSTIMEOUT),
	NE("idle-timeout", 0, ARG_REQ, opt_echo, C_IDLETIMEOUT),
	NE("echo-budget", 0, ARG_REQ, opt_echo, C_BUDGET),
	NE("no-raise-priority", 0, ARG_NONE, opt_echo, C_NOPRIO),
	NE("no-seccomp", 0, ARG_NONE, opt_echo, C_NOSECCOMP),
	{ NULL, 0, ARG_NONE, false, NULL, 0 },
};

/* Copies v into out as one printable line (escapes, truncation). */
static void
quote_value(const char *v, char *out, size_t cap)
{
	size_t n = 0;

	for (; *v && n + 5 < cap; v++) {
		unsigned char c = (unsigned char)*v;

		if (c >= 0x20 && c < 0x7f) {
			out[n++] = (char)c;
		} else {
			snprintf(out + n, cap - n, "\\x%02x", c);
			n += 4;
		}
	}
	if (*v && n + 4 <= cap) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}

/* Keeps the error one printable line even when 'what' quotes user text. */
static void
printable(struct errbuf *eb)
{
	char *p;

	if (!eb)
		return;
	for (p = eb->msg; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
}

int
cli_fail(struct cli_state *st, const char *what, const char *value)
{
	char q[80];

	if (!value) {
		errbuf_set(st->eb, "%s: %s", st->opt, what);
	} else {
		quote_value(value, q, sizeof(q));
		errbuf_set(st->eb, "%s: %s: '%s'", st->opt, what, q);
	}
	printable(st->eb);
	return ERR_INVALID;
}

int
cli_fail_global(struct cli_state *st, const char *what, const char *value)
{
	char q[80];

	if (!value) {
		errbuf_set(st->eb, "%s", what);
	} else {
		quote_value(value, q, sizeof(q));
		errbuf_set(st->eb, "%s: '%s'", what, q);
	}
	printable(st->eb);
	return ERR_INVALID;
}

static int
nomem(struct cli_state *st)
{
	errbuf_set(st->eb, "%s: out of memory", st->opt ? st->opt : "npecho");
	return ERR_NOMEM;
}

int
cli_warn(struct cli_state *st, const char *fmt, ...)
{
	struct config *cfg = st->cfg;
	char **nw;
	char *line;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (r < 0)
		return nomem(st);
	nw = realloc(cfg->warnings, (cfg->n_warnings + 1) * sizeof(*nw));
	if (!nw) {
		free(line);
		return nomem(st);
	}
	nw[cfg->n_warnings++] = line;
	cfg->warnings = nw;
	return 0;
}

int
cli_setstr(struct cli_state *st, char **dst, const char *v)
{
	char *c = strdup(v);

	if (!c)
		return nomem(st);
	free(*dst);
	*dst = c;
	return 0;
}

int
cli_add_target(struct cli_state *st, const char *spec)
{
	struct config *cfg = st->cfg;
	char **nt;
	char *c = strdup(spec);

	if (!c)
		return nomem(st);
	nt = realloc(cfg->targets, (cfg->n_targets + 1) * sizeof(*nt));
	if (!nt) {
		free(c);
		return nomem(st);
	}
	nt[cfg->n_targets++] = c;
	cfg->targets = nt;
	return 0;
}

static const struct cli_opt *
find_short(char c)
{
	const struct cli_opt *o;

	for (o = cli_opts; o->fn; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

/* Prefix matches among entries whose npecho flag is 'npecho'. */
static size_t
prefix_matches(const char *name, size_t len, bool npecho,
	       const struct cli_opt **first)
{
	const struct cli_opt *o;
	size_t n = 0;

	for (o = cli_opts; o->fn; o++) {
		if (!o->name || o->npecho != npecho || strncmp(o->name, name, len))
			continue;
		if (!n)
			*first = o;
		n++;
	}
	return n;
}

static int
ambiguous(struct cli_state *st, const char *dash, const char *word,
	  size_t len, bool npecho)
{
	const struct cli_opt *o;
	char *m = st->eb ? st->eb->msg : NULL;
	char q[80];
	size_t off;

	if (!m)
		return ERR_INVALID;
	quote_value(word, q, sizeof(q));
	snprintf(m, ERRBUF_LEN, "option '%s%s' is ambiguous; possibilities:", dash, q);
	for (o = cli_opts; o->fn; o++) {
		off = strlen(m);
		if (o->name && o->npecho == npecho && !strncmp(o->name, word, len))
			snprintf(m + off, ERRBUF_LEN - off, " '%s%s'", dash, o->name);
	}
	return ERR_INVALID;
}

/*
 * Looks a long name up: 0 and *found, 1 when nothing matches, or a
 * negative code (ambiguous, message set).
 */
static int
find_long(struct cli_state *st, const char *dash, const char *word,
	  size_t len, const struct cli_opt **found)
{
	const struct cli_opt *o;
	size_t n;

	for (o = cli_opts; o->fn; o++) {
		if (o->name && strlen(o->name) == len && !strncmp(o->name, word, len)) {
			*found = o;
			return 0;
		}
	}
	n = prefix_matches(word, len, false, found);
	if (n == 1)
		return 0;
	if (n > 1)
		return ambiguous(st, dash, word, len, false);
	n = prefix_matches(word, len, true, found);
	if (n == 1)
		return 0;
	if (n > 1)
		return ambiguous(st, dash, word, len, true);
	return 1;
}

static int
call(struct cli_state *st, const struct cli_opt *o, const char *arg, bool shortform)
{
	if (shortform || !o->name)
		snprintf(st->optbuf, sizeof(st->optbuf), "-%c", o->short_name);
	else
		snprintf(st->optbuf, sizeof(st->optbuf), "--%s", o->name);
	st->opt = st->optbuf;
	return o->fn(st, o->id, arg);
}

/* Short options starting at p (after the '-'), maybe clustered. */
static int
do_short(struct cli_state *st, int argc, char **argv, int *i, const char *p)
{
	const struct cli_opt *o;
	int ret;

	for (; *p; p++) {
		o = find_short(*p);
		if (!o) {
			errbuf_set(st->eb, "invalid option -- '%c'", *p >= 0x20 &&
				   *p < 0x7f ? *p : '?');
			return ERR_INVALID;
		}
		if (o->arg == ARG_OPT)
			return call(st, o, p[1] ? p + 1 : NULL, true);
		if (o->arg == ARG_REQ) {
			if (p[1])
				return call(st, o, p + 1, true);
			if (*i + 1 >= argc) {
				errbuf_set(st->eb, "option requires an argument -- '%c'", *p);
				return ERR_INVALID;
			}
			(*i)++;
			return call(st, o, argv[*i], true);
		}
		ret = call(st, o, NULL, true);
		if (ret < 0 || st->cfg->action != ACTION_RUN)
			return ret;
	}
	return 0;
}

static int
long_value(struct cli_state *st, const struct cli_opt *o, const char *dash,
	   const char *eq, int argc, char **argv, int *i)
{
	if (o->arg == ARG_NONE) {
		if (eq) {
			errbuf_set(st->eb, "option '%s%s' doesn't allow an argument",
				   dash, o->name);
			return ERR_INVALID;
		}
		return call(st, o, NULL, false);
	}
	if (eq || o->arg == ARG_OPT)
		return call(st, o, eq ? eq + 1 : NULL, false);
	if (*i + 1 >= argc) {
		errbuf_set(st->eb, "option '%s%s' requires an argument", dash, o->name);
		return ERR_INVALID;
	}
	(*i)++;
	return call(st, o, argv[*i], false);
}

/* One word starting with '-' (not "-" or "--"). */
static int
do_option(struct cli_state *st, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	bool two = a[1] == '-';
	const char *word = a + (two ? 2 : 1);
	const char *dash = two ? "--" : "-";
	const char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	const struct cli_opt *o = NULL;
	char q[80];
	int ret;

	/* "-x" where x is a short option is always the short option. */
	if (!two && !word[1] && find_short(word[0]))
		return do_short(st, argc, argv, i, word);
	ret = len ? find_long(st, dash, word, len, &o) : 1;
	if (ret < 0)
		return ret;
	if (ret == 0)
		return long_value(st, o, dash, eq, argc, argv, i);
	if (!two && find_short(word[0]))
		return do_short(st, argc, argv, i, word);
	quote_value(a, q, sizeof(q));
	errbuf_set(st->eb, "unrecognized option '%s'", q);
	return ERR_INVALID;
}

static int
scan_argv(struct cli_state *st, int argc, char **argv)
{
	bool endopts = false;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		st->opt = "npecho";
		if (!endopts && !strcmp(a, "--")) {
			endopts = true;
			continue;
		}
		if (endopts || a[0] != '-' || !a[1])
			ret = cli_add_target(st, a);
		else
			ret = do_option(st, argc, argv, &i);
		if (ret < 0 || st->cfg->action != ACTION_RUN)
			return ret;
	}
	return 0;
}

int
cli_scan(struct cli_state *st, int argc, char **argv)
{
	return scan_argv(st, argc, argv);
}
