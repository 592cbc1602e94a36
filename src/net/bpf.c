/* SPDX-License-Identifier: MIT */
/*
 * net/bpf.c: BPF filter text for probe replies and the echo server.
 *
 * Offsets used inside ICMP errors (RFC 792, RFC 4443):
 *
 *   ICMPv4 error              ICMPv6 error
 *   icmp[0]   type            icmp6[0]   type (1..4)
 *   icmp[8]   quoted IP v/IHL icmp6[8]   quoted IPv6 header
 *   icmp[17]  quoted proto    icmp6[14]  quoted next header
 *   icmp[20:4] quoted src     icmp6[16..31] quoted src (four 4-byte words)
 *   icmp[28:2] quoted sport   icmp6[48:2] quoted sport / ICMPv6 type
 *     (only when IHL = 5)       (only when next header is the transport)
 *   icmp[28] / icmp[32:2]     icmp6[48] / icmp6[52:2]
 *     quoted ICMP type / id     quoted ICMPv6 type / id
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "net/bpf.h"
#include "util/err.h"

struct sb {
	char *buf;
	size_t cap;
	size_t len;
	int err;
};

static void sb_add(struct sb *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
sb_add(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->cap - b->len) {
		b->err = ERR_NOSPACE;
		b->buf[b->len] = '\0';
		return;
	}
	b->len += (size_t)n;
}

int
filter_icmp_reply_type(int v6, uint8_t type)
{
	if (v6)
		return type == 128 ? 129 : -1;
	switch (type) {
	case 8: return 0;   /* echo */
	case 13: return 14; /* timestamp */
	case 15: return 16; /* information */
	case 17: return 18; /* address mask */
	}
	return -1;
}

static uint16_t
sport_hi(const struct filter_spec *f)
{
	return f->sport_hi ? f->sport_hi : f->sport_lo;
}

/* "lo" or "lo-hi" port match on a BPF load expression. */
static void
add_range(struct sb *b, const char *load, uint16_t lo, uint16_t hi)
{
	if (lo == hi)
		sb_add(b, "%s = %u", load, lo);
	else
		sb_add(b, "(%s >= %u and %s <= %u)", load, lo, load, hi);
}

static void
add_ports(struct sb *b, const struct filter_spec *f, const char *l4)
{
	size_t i;

	sb_add(b, "(%s and %s and ", f->family == AF_INET6 ? "ip6" : "ip", l4);
	if (f->sport_lo == sport_hi(f))
		sb_add(b, "dst port %u", f->sport_lo);
	else
		sb_add(b, "dst portrange %u-%u", f->sport_lo, sport_hi(f));
	if (f->n_dports > 0 && f->n_dports <= FILTER_MAX_PORTS) {
		sb_add(b, " and (");
		for (i = 0; i < f->n_dports; i++)
			sb_add(b, "%ssrc port %u", i ? " or " : "", f->dports[i]);
		sb_add(b, ")");
	}
	sb_add(b, ")");
}

static void
add_icmp_reply(struct sb *b, const struct filter_spec *f)
{
	int v6 = f->family == AF_INET6;
	const char *p = v6 ? "icmp6" : "icmp";
	int r = filter_icmp_reply_type(v6, f->icmp_type);

	if (r < 0) {
		/* No reply type: anything but our own type (and not NDP). */
		sb_add(b, "(%s and %s[0] != %u", p, p, f->icmp_type);
		if (v6)
			sb_add(b, " and (icmp6[0] < 133 or icmp6[0] > 137)");
		sb_add(b, ")");
		return;
	}
	sb_add(b, "(%s and %s[0] = %d", p, p, r);
	if (f->has_icmp_id)
		sb_add(b, " and %s[4:2] = %u", p, f->icmp_id);
	sb_add(b, ")");
}

/* Protocol number of the probes themselves. */
static unsigned
probe_proto(const struct filter_spec *f)
{
	switch (f->proto) {
	case FILTER_TCP: return IPPROTO_TCP;
	case FILTER_UDP: return IPPROTO_UDP;
	case FILTER_ICMP:
		return f->family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	default: return f->ip_proto;
	}
}

/* The check on the quoted transport header at load offset `at`. */
static void
add_quote_l4(struct sb *b, const struct filter_spec *f, const char *p,
	     unsigned at)
{
	char load[32];

	if (f->proto == FILTER_TCP || f->proto == FILTER_UDP) {
		snprintf(load, sizeof(load), "%s[%u:2]", p, at);
		add_range(b, load, f->sport_lo, sport_hi(f));
	} else if (f->proto == FILTER_ICMP && f->has_icmp_id) {
		sb_add(b, "(%s[%u] = %u and %s[%u:2] = %u)", p, at,
		       f->icmp_type, p, at + 4, f->icmp_id);
	} else {
		sb_add(b, "1 = 1");
	}
}

static void
add_icmp4_errors(struct sb *b, const struct filter_spec *f)
{
	sb_add(b, "(icmp and (icmp[0] = 3 or icmp[0] = 4 or icmp[0] = 5 or "
		  "icmp[0] = 11 or icmp[0] = 12) and icmp[17] = %u",
	       probe_proto(f));
	if (f->has_src)
		sb_add(b, " and icmp[20:4] = 0x%02x%02x%02x%02x", f->src[0],
		       f->src[1], f->src[2], f->src[3]);
	sb_add(b, " and ((icmp[8] & 0xf) != 5 or ");
	add_quote_l4(b, f, "icmp", 28);
	sb_add(b, "))");
}

static void
add_icmp6_errors(struct sb *b, const struct filter_spec *f)
{
	unsigned w;

	sb_add(b, "(icmp6 and icmp6[0] >= 1 and icmp6[0] <= 4");
	if (f->has_src)
		for (w = 0; w < 4; w++)
			sb_add(b, " and icmp6[%u:4] = 0x%02x%02x%02x%02x",
			       16 + 4 * w, f->src[4 * w], f->src[4 * w + 1],
			       f->src[4 * w + 2], f->src[4 * w + 3]);
	sb_add(b, " and (icmp6[14] != %u or ", probe_proto(f));
	add_quote_l4(b, f, "icmp6", 48);
	sb_add(b, "))");
}

static void
add_host_clause(struct sb *b, const struct filter_spec *f)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(f->family, f->src, a, sizeof(a));
	if (f->self)
		sb_add(b, "dst host %s and ", a);
	else
		sb_add(b, "dst host %s and not src host %s and ", a, a);
}

static void
add_arp(struct sb *b, const struct filter_spec *f)
{
	sb_add(b, "(arp or rarp) and (arp[6:2] = 2 or arp[6:2] = 4)");
	if (f->has_src)
		sb_add(b, " and arp[24:4] = 0x%02x%02x%02x%02x", f->src[0],
		       f->src[1], f->src[2], f->src[3]);
}

static int
spec_check(const struct filter_spec *f)
{
	if (f->family != AF_INET && f->family != AF_INET6)
		return ERR_INVALID;
	if (f->proto < FILTER_TCP || f->proto > FILTER_IPPROTO)
		return ERR_INVALID;
	if (f->proto == FILTER_ARP && f->family != AF_INET)
		return ERR_INVALID;
	if (f->sport_hi && f->sport_hi < f->sport_lo)
		return ERR_INVALID;
	if (f->n_dports && !f->dports)
		return ERR_INVALID;
	return 0;
}

int
filter_build(const struct filter_spec *f, char *buf, size_t cap, size_t *len)
{
	struct sb b = { buf, cap, 0, 0 };
	int rc = spec_check(f);

	if (rc < 0 || cap == 0)
		return rc < 0 ? rc : ERR_NOSPACE;
	buf[0] = '\0';
	if (f->proto == FILTER_ARP) {
		add_arp(&b, f);
		goto out;
	}
	if (f->has_src)
		add_host_clause(&b, f);
	else
		sb_add(&b, "%s and ", f->family == AF_INET6 ? "ip6" : "ip");
	sb_add(&b, "(");
	if (f->proto == FILTER_TCP)
		add_ports(&b, f, "tcp");
	else if (f->proto == FILTER_UDP)
		add_ports(&b, f, "udp");
	else if (f->proto == FILTER_ICMP)
		add_icmp_reply(&b, f);
	else
		sb_add(&b, "(%s proto %u)",
		       f->family == AF_INET6 ? "ip6" : "ip", f->ip_proto);
	if (!f->no_errors) {
		sb_add(&b, " or ");
		if (f->family == AF_INET6)
			add_icmp6_errors(&b, f);
		else
			add_icmp4_errors(&b, f);
	}
	sb_add(&b, ")");
out:
	if (!b.err && len)
		*len = b.len;
	return b.err;
}

/* One address's clause: what its sessions (s[i] and later ones of the
 * same address) need. */
static void
echo_clause(struct sb *b, const struct filter_echo_sess *s, size_t i,
	    size_t n, int directions)
{
	char ip[INET6_ADDRSTRLEN];
	int proto = s[i].proto, replies = 0;
	size_t j;

	for (j = i; j < n; j++) {
		if (s[j].family != s[i].family ||
		    memcmp(s[j].addr, s[i].addr, 16))
			continue;
		if (s[j].proto != proto)
			proto = -1;
		replies |= s[j].replies;
	}
	inet_ntop(s[i].family, s[i].addr, ip, sizeof(ip));
	sb_add(b, "(%ssrc host %s", directions ? "inbound and " : "", ip);
	if (s[i].family == AF_INET && proto >= 0 && proto <= 255)
		sb_add(b, " and ip proto %d", proto);
	sb_add(b, ")");
	if (replies)
		sb_add(b, " or (%sdst host %s)",
		       directions ? "outbound and " : "", ip);
}

int
filter_build_echo_sessions(const struct filter_echo_sess *s, size_t n,
			   uint16_t echo_port, int directions, char *buf,
			   size_t cap, size_t *len)
{
	struct sb b = { buf, cap, 0, 0 };
	size_t i, j, addrs = 0;

	if (cap == 0)
		return ERR_NOSPACE;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (s[i].family != AF_INET && s[i].family != AF_INET6)
			return ERR_INVALID;
		for (j = 0; j < i; j++)
			if (s[j].family == s[i].family &&
			    !memcmp(s[j].addr, s[i].addr, 16))
				break;
		addrs += j == i;
	}
	if (n == 0 || addrs > FILTER_ECHO_MAX_ADDRS)
		return ERR_INVALID;
	sb_add(&b, "(ip or ip6) and not (tcp port %u) and (", echo_port);
	for (i = 0, addrs = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (s[j].family == s[i].family &&
			    !memcmp(s[j].addr, s[i].addr, 16))
				break;
		if (j < i)
			continue; /* its address has its clause */
		sb_add(&b, "%s", addrs++ ? " or " : "");
		echo_clause(&b, s, i, n, directions);
	}
	sb_add(&b, ")");
	if (!b.err && len)
		*len = b.len;
	return b.err;
}

int
filter_build_echo_server(int family, uint16_t echo_port, char *buf,
			 size_t cap, size_t *len)
{
	struct sb b = { buf, cap, 0, 0 };
	const char *ip;

	if (cap == 0)
		return ERR_NOSPACE;
	if (family == AF_INET)
		ip = "ip";
	else if (family == AF_INET6)
		ip = "ip6";
	else if (family == AF_UNSPEC)
		ip = "(ip or ip6)";
	else
		return ERR_INVALID;
	buf[0] = '\0';
	sb_add(&b, "%s and not (tcp port %u)", ip, echo_port);
	if (!b.err && len)
		*len = b.len;
	return b.err;
}
