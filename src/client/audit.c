/* SPDX-License-Identifier: MIT */
/*
 * audit.c: the path audit (audit.h).
 *
 * Every distinct probe run the checks of the address family name is made
 * first (run_new_shared: raw sockets and captures are opened while the
 * process still has its privileges), the privileges are dropped once, and
 * the runs go one after another, each its own NEP session, each keeping
 * what its probes became (struct ec_obs).  Then each check's verdict rule
 * reads the records of its runs.
 *
 * A verdict says passed (or none) only when an echo shows it.  A probe
 * that never came back as an echo, when the session worked, is dropped;
 * a check whose run could not be made or whose session failed is unknown,
 * and says why.  TCP probes are matched at the server on their ports and
 * sequence number (Nping's rule): a path that rewrites both loses their
 * echoes, and the TCP checks then say dropped while the UDP ones (matched
 * on their session token) still pass.
 *
 * Every run has a twin made with it: a check whose probe was lost is
 * judged again on its twins after a pause (judge_again), so loss or a
 * rate limit is not taken for a drop of that kind of packet; the last
 * row, loss, says whether a second try saved a check.
 *
 * With --tr, each check that shows a change or a drop has a second run
 * made up front, its probe with TTL 1, 2, ...; it runs only when needed,
 * and hops.h places the change between two hops (locate()).
 *
 * Adding a check: one entry in checks[] (name, family, the probe options
 * of up to three runs, verdict function, the hops tag --tr places) and
 * one lab test.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "client/audit.h"
#include "client/client_int.h"
#include "analysis/hops.h"
#include "net/clock.h"
#include "net/netinfo.h"
#include "output/audit.h"
#include "output/sink.h"
#include "util/priv.h"

#define AUDIT_RUNS 3          /* probe runs one check may use */
#define AUDIT_MAX_RUNS 96     /* distinct runs in one audit, twins too */
#define AUDIT_RETRY_PAUSE_NS 1000000000ull
#define AUDIT_MAX_ARGS 160

enum {
	AC_V4 = 1,            /* IPv4 only */
	AC_V6 = 2,            /* IPv6 only */
	AC_CAPTURE = 4,       /* needs the replies we receive */
	AC_NOLOC = 8,         /* --tr cannot place it (the reply path, a
			       * pair of runs, a TTL rewrite) */
};

struct obs_view {
	const struct ec_obs *run[AUDIT_RUNS];
	int v6;
};

struct check {
	const char *name;
	unsigned flags;
	/* The probe options of each run, as on the command line; "%P" is
	 * the audit's fixed source port for the NAT mapping pair, "%R" a
	 * source port of the run's own (a new flow for every run: a NAT's or
	 * firewall's state from one run never decides another's). */
	const char *probe[AUDIT_RUNS];
	int (*verdict)(const struct obs_view *o, struct audit_row *row);
	const char *tag;      /* --tr: the hops tag that places the change */
};

/* What a run is for: the battery; its twin that sends the same probe
 * again when the first was lost; --tr's localisation of a change. */
enum run_kind { RUN_MAIN, RUN_RETRY, RUN_TR };

/* One distinct probe run. */
struct audit_run {
	const char *probe;
	enum run_kind kind;
	int ran;
	char sport[8];        /* "%R" */
	int capture;
	struct config cfg;
	struct echo_client *c; /* NULL: the run could not be made */
	struct ec_obs obs;     /* obs.started: its session came up */
};

/* ---- reading a run's record ---- */

/* Probe i of run k decoded: -2 no run or no session, -1 not sent, 0 sent
 * but never echoed, 1 sent and echoed. */
static int
view(const struct obs_view *o, int k, size_t i, struct pkt *sent,
     struct pkt *capt)
{
	const struct ec_obs *r = o->run[k];

	if (!r || !r->started)
		return -2;
	if (i >= r->n || i >= EC_OBS_PROBES || !r->p[i].sent.len ||
	    pkt_decode(r->p[i].sent.b, r->p[i].sent.len, PKT_LINK_IP,
		       sent) < 0)
		return -1;
	if (!r->p[i].capt.len ||
	    pkt_decode(r->p[i].capt.b, r->p[i].capt.len, PKT_LINK_IP,
		       capt) < 0)
		return 0;
	return 1;
}

static int
row_set(struct audit_row *row, const char *verdict, int changed,
	const char *fmt, ...)
{
	va_list ap;

	row->verdict = verdict;
	row->changed = changed;
	va_start(ap, fmt);
	vsnprintf(row->detail, sizeof(row->detail), fmt, ap);
	va_end(ap);
	return 0;
}

static void
row_vals(struct audit_row *row, const char *fmt_sent, unsigned long sent,
	 const char *fmt_seen, unsigned long seen)
{
	snprintf(row->sent, sizeof(row->sent), fmt_sent, sent);
	snprintf(row->seen, sizeof(row->seen), fmt_seen, seen);
}

/* The answer when view() gave g < 1. */
static int
not_seen(struct audit_row *row, int g)
{
	if (g == -2)
		return row_set(row, "unknown", 0, "no echo session for this "
			       "check");
	if (g == -1)
		return row_set(row, "unknown", 0, "the probe could not be "
			       "sent");
	return row_set(row, "dropped", 1, "the probe never reached the "
		       "server");
}

static int
is6(const struct pkt *p)
{
	return (p->layers & PKT_HAS_IP6) != 0;
}

static unsigned
tos_of(const struct pkt *p)
{
	return is6(p) ? p->ip6.tclass : p->ip4.tos;
}

static unsigned
ttl_of(const struct pkt *p)
{
	return is6(p) ? p->ip6.hlim : p->ip4.ttl;
}

static const uint8_t *
src_of(const struct pkt *p)
{
	return is6(p) ? p->ip6.src : p->ip4.src;
}

static unsigned
sport_of(const struct pkt *p)
{
	return p->layers & PKT_HAS_TCP ? p->tcp.sport :
	       p->layers & PKT_HAS_UDP ? p->udp.sport : 0;
}

static void
addr_str(const struct pkt *p, char *buf, size_t cap)
{
	if (!inet_ntop(is6(p) ? AF_INET6 : AF_INET, src_of(p), buf,
		       (socklen_t)cap))
		snprintf(buf, cap, "?");
}

/* ---- the IP layer ---- */

static int
v_nat(const struct obs_view *o, struct audit_row *row)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c), addr, port;

	if (g < 1)
		return not_seen(row, g);
	addr = memcmp(src_of(&s), src_of(&c), is6(&s) ? 16 : 4) != 0;
	port = sport_of(&s) != sport_of(&c);
	addr_str(&s, a, sizeof(a));
	addr_str(&c, b, sizeof(b));
	snprintf(row->sent, sizeof(row->sent), "%s", a);
	snprintf(row->seen, sizeof(row->seen), "%s", b);
	if (!addr && !port)
		return row_set(row, "none", 0, "the server saw our address %s",
			       a);
	return row_set(row, port ? "napt" : "nat", 1, "%s port %u -> %s port %u", a,
		sport_of(&s), b, sport_of(&c));
}

static int
v_port_preservation(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);

	if (g < 1)
		return not_seen(row, g);
	row_vals(row, "%lu", sport_of(&s), "%lu", sport_of(&c));
	if (sport_of(&s) == sport_of(&c))
		return row_set(row, "preserved", 0, "source port %u kept",
			       sport_of(&s));
	return row_set(row, "changed", 1, "source port %u -> %u", sport_of(&s),
		sport_of(&c));
}

/* One local port to two server ports (RFC 4787 section 4.1). */
static int
v_nat_mapping(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s0, c0, s1, c1;
	int g0 = view(o, 0, 0, &s0, &c0), g1 = view(o, 1, 0, &s1, &c1);

	if (g0 < 1)
		return not_seen(row, g0);
	if (g1 < 1)
		return not_seen(row, g1);
	row_vals(row, "%lu", sport_of(&s0), "%lu", sport_of(&c0));
	if (sport_of(&c0) == sport_of(&c1) &&
	    !memcmp(src_of(&c0), src_of(&c1), is6(&c0) ? 16 : 4))
		return row_set(row, "endpoint-independent", 0, "port %u left "
			       "as %u to both server ports", sport_of(&s0),
			       sport_of(&c0));
	return row_set(row, "port-dependent", 1, "port %u left as %u to port %u, "
		"as %u to port %u", sport_of(&s0), sport_of(&c0),
		c0.udp.dport, sport_of(&c1), c1.udp.dport);
}

static int
v_ttl(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s0, c0, s1, c1;
	int g0 = view(o, 0, 0, &s0, &c0), g1 = view(o, 1, 0, &s1, &c1);
	int h0, h1;

	if (g0 < 1)
		return not_seen(row, g0);
	h0 = (int)ttl_of(&s0) - (int)ttl_of(&c0);
	row_vals(row, "%lu", ttl_of(&s0), "%lu", ttl_of(&c0));
	if (h0 < 0)
		return row_set(row, "rewritten", 1, "sent with %u, arrived "
			       "with %u", ttl_of(&s0), ttl_of(&c0));
	if (g1 == 1) {
		h1 = (int)ttl_of(&s1) - (int)ttl_of(&c1);
		if (h1 != h0)
			return row_set(row, "rewritten", 1, "sent with %u and "
				       "%u, arrived with %u and %u",
				       ttl_of(&s0), ttl_of(&s1), ttl_of(&c0),
				       ttl_of(&c1));
	}
	return row_set(row, "passed", 0, "%d hop%s (%u -> %u)", h0,
		h0 == 1 ? "" : "s", ttl_of(&s0), ttl_of(&c0));
}

static int
v_dscp(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);
	unsigned ds, dc;

	if (g < 1)
		return not_seen(row, g);
	ds = tos_of(&s) >> 2;
	dc = tos_of(&c) >> 2;
	row_vals(row, "%lu", ds, "%lu", dc);
	if (ds == dc)
		return row_set(row, "passed", 0, "DSCP %u kept", ds);
	return row_set(row, dc ? "rewritten" : "bleached", 1, "DSCP %u -> %u", ds,
		dc);
}

static const char *
ecn_name(unsigned v)
{
	static const char *const n[] = { "not-ECT", "ECT(1)", "ECT(0)",
					 "CE" };

	return n[v & 3];
}

/* ECT(0), ECT(1), CE: each kept, bleached (to not-ECT), rewritten. */
static int
v_ecn(const struct obs_view *o, struct audit_row *row)
{
	int k, bleached = 0, rewritten = 0, lost = 0, seen = 0;
	size_t off = 0;

	for (k = 0; k < AUDIT_RUNS; k++) {
		struct pkt s, c;
		int g = view(o, k, 0, &s, &c);
		unsigned es, ec;

		if (g == 0)
			lost++;
		if (g < 1)
			continue;
		seen++;
		es = tos_of(&s) & 3;
		ec = tos_of(&c) & 3;
		if (es == ec)
			continue;
		if (ec == 0)
			bleached++;
		else
			rewritten++;
		off += (size_t)snprintf(row->detail + off,
					off < sizeof(row->detail) ?
					sizeof(row->detail) - off : 0,
					"%s%s -> %s", off ? ", " : "",
					ecn_name(es), ecn_name(ec));
		if (off >= sizeof(row->detail))
			off = sizeof(row->detail) - 1;
	}
	if (!seen && !lost)
		return not_seen(row, -2);
	row->changed = bleached || rewritten || lost;
	if (bleached)
		row->verdict = "bleached";
	else if (rewritten)
		row->verdict = "rewritten";
	else if (lost)
		row->verdict = "dropped";
	else
		row->verdict = "passed";
	if (lost && off < sizeof(row->detail))
		snprintf(row->detail + off, sizeof(row->detail) - off,
			 "%s%d of 3 ECN probes never reached the server",
			 off ? "; " : "", lost);
	else if (!off)
		snprintf(row->detail, sizeof(row->detail),
			 "ECT(0), ECT(1) and CE kept");
	return 0;
}

static int
v_ip_id(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);

	if (g < 1)
		return not_seen(row, g);
	row_vals(row, "%lu", s.ip4.id, "%lu", c.ip4.id);
	if (s.ip4.id == c.ip4.id)
		return row_set(row, "passed", 0, "ID %u kept", s.ip4.id);
	return row_set(row, "rewritten", 1, "ID %u -> %u", s.ip4.id, c.ip4.id);
}

/* Run 0 sets DF, run 1 does not. */
static int
v_df(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s0, c0, s1, c1;
	int g0 = view(o, 0, 0, &s0, &c0), g1 = view(o, 1, 0, &s1, &c1);

	if (g0 < 1)
		return not_seen(row, g0);
	if (!(c0.ip4.flags & IP4_FLAG_DF))
		return row_set(row, "cleared", 1, "DF set when sent, clear "
			       "on arrival");
	if (g1 == 1 && (c1.ip4.flags & IP4_FLAG_DF))
		return row_set(row, "set", 1, "DF clear when sent, set on "
			       "arrival");
	if (g1 != 1)
		return row_set(row, "passed", 0, "DF kept (the probe without "
			       "DF did not come back)");
	return row_set(row, "passed", 0, "DF kept, set and clear");
}

static int
v_ip_options(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);

	if (g < 1)
		return not_seen(row, g);
	row_vals(row, "%lu bytes", s.ip4.opts_len, "%lu bytes",
		 c.ip4.opts_len);
	if (!c.ip4.opts_len)
		return row_set(row, "stripped", 1, "record route (%u bytes) "
			       "removed", s.ip4.opts_len);
	if (c.ip4.opts[0] != s.ip4.opts[0] ||
	    c.ip4.opts_len != s.ip4.opts_len)
		return row_set(row, "rewritten", 1, "option %u (%u bytes) -> "
			       "%u (%u bytes)", s.ip4.opts[0],
			       s.ip4.opts_len, c.ip4.opts[0],
			       c.ip4.opts_len);
	return row_set(row, "passed", 0, "record route arrived");
}

/* The probe left as fragments of 64 data bytes; the server's echo is
 * of the first one (the others carry no ports to match). */
static int
v_fragments(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);
	unsigned first = 20 + 64;

	if (g < 1)
		return not_seen(row, g);
	row_vals(row, "%lu bytes", first, "%lu bytes", c.ip4.tot_len);
	if (!(c.ip4.flags & IP4_FLAG_MF) && !c.ip4.frag_off)
		return row_set(row, "reassembled", 1, "sent as fragments, "
			       "arrived whole (%u bytes)", c.ip4.tot_len);
	if (c.ip4.tot_len != first || c.ip4.frag_off)
		return row_set(row, "refragmented", 1, "first fragment %u "
			       "bytes -> %u bytes", first, c.ip4.tot_len);
	return row_set(row, "passed", 0, "fragments arrived as sent");
}

static int
v_flow(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);

	if (g < 1)
		return not_seen(row, g);
	row_vals(row, "0x%05lx", s.ip6.flow, "0x%05lx", c.ip6.flow);
	if (s.ip6.flow == c.ip6.flow)
		return row_set(row, "passed", 0, "flow label 0x%05x kept",
			       s.ip6.flow);
	return row_set(row, "rewritten", 1, "flow label 0x%05x -> 0x%05x",
		s.ip6.flow, c.ip6.flow);
}

/* ---- TCP ---- */

/* The option of this kind in a decoded TCP header, or NULL. */
static const uint8_t *
tcp_opt(const struct pkt *p, uint8_t kind, uint8_t *len)
{
	size_t i;

	for (i = 0; i < p->tcp.n_opts; i++)
		if (p->tcp.opt[i].kind == kind) {
			*len = p->tcp.opt[i].len;
			return p->tcp.opts + p->tcp.opt[i].off;
		}
	return NULL;
}

/* The option the probe carried: passed, stripped, rewritten. */
static int
option_check(const struct obs_view *o, struct audit_row *row, uint8_t kind,
	     const char *what)
{
	const uint8_t *a, *b;
	uint8_t la = 0, lb = 0;
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);

	if (g < 1)
		return not_seen(row, g);
	a = tcp_opt(&s, kind, &la);
	b = tcp_opt(&c, kind, &lb);
	if (!a)
		return row_set(row, "unknown", 0, "the probe carried no %s",
			       what);
	if (!b)
		return row_set(row, "stripped", 1, "%s removed", what);
	if (la != lb || memcmp(a, b, la))
		return row_set(row, "rewritten", 1, "%s changed", what);
	return row_set(row, "passed", 0, "%s kept", what);
}

static int
v_tcp_mss(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);

	if (g < 1)
		return not_seen(row, g);
	if (!c.tcp.has_mss)
		return row_set(row, "stripped", 1, "MSS %u removed",
			       s.tcp.mss);
	row_vals(row, "%lu", s.tcp.mss, "%lu", c.tcp.mss);
	if (c.tcp.mss == s.tcp.mss)
		return row_set(row, "passed", 0, "MSS %u kept", s.tcp.mss);
	return row_set(row, c.tcp.mss < s.tcp.mss ? "clamped" : "rewritten", 1,
		"MSS %u -> %u", s.tcp.mss, c.tcp.mss);
}

static int
v_tcp_window(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);

	if (g < 1)
		return not_seen(row, g);
	row_vals(row, "%lu", s.tcp.win, "%lu", c.tcp.win);
	if (s.tcp.win == c.tcp.win)
		return row_set(row, "passed", 0, "window %u kept", s.tcp.win);
	return row_set(row, "rewritten", 1, "window %u -> %u", s.tcp.win, c.tcp.win);
}

static int
v_tcp_ws(const struct obs_view *o, struct audit_row *row)
{
	return option_check(o, row, TCPOPT_WSCALE, "window scale");
}

static int
v_tcp_sack(const struct obs_view *o, struct audit_row *row)
{
	return option_check(o, row, TCPOPT_SACKOK, "SACK permitted");
}

static int
v_tcp_ts(const struct obs_view *o, struct audit_row *row)
{
	return option_check(o, row, TCPOPT_TS, "timestamps");
}

#define TCPOPT_AUDIT_UNKNOWN 99 /* unassigned (IANA) */

static int
v_tcp_unknown(const struct obs_view *o, struct audit_row *row)
{
	return option_check(o, row, TCPOPT_AUDIT_UNKNOWN, "option kind 99");
}

static int
v_tcp_ecn_setup(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);
	unsigned fs, fc;

	if (g < 1)
		return not_seen(row, g);
	fs = s.tcp.flags & (TCP_ECE | TCP_CWR);
	fc = c.tcp.flags & (TCP_ECE | TCP_CWR);
	row_vals(row, "0x%02lx", s.tcp.flags, "0x%02lx", c.tcp.flags);
	if (fs == fc)
		return row_set(row, "passed", 0, "SYN with ECE and CWR kept");
	return row_set(row, fc ? "rewritten" : "stripped", 1, "ECE%s CWR%s on "
		"arrival", fc & TCP_ECE ? "" : " cleared",
		fc & TCP_CWR ? "" : " cleared");
}

static int
v_tcp_seq(const struct obs_view *o, struct audit_row *row)
{
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);

	if (g < 1)
		return not_seen(row, g);
	row_vals(row, "%lu", s.tcp.seq, "%lu", c.tcp.seq);
	if (s.tcp.seq == c.tcp.seq)
		return row_set(row, "passed", 0, "sequence number kept");
	return row_set(row, "rewritten", 1, "sequence number %u -> %u (offset %+d)",
		s.tcp.seq, c.tcp.seq, (int32_t)(c.tcp.seq - s.tcp.seq));
}

/* A SYN to a web port: who answered it, and did it arrive. */
static int
v_proxy(const struct obs_view *o, struct audit_row *row)
{
	const struct ec_obs *r = o->run[0];
	struct pkt s, c, rc;
	int g = view(o, 0, 0, &s, &c), synack = 0, rst = 0;

	if (g < 0)
		return not_seen(row, g);
	if (r->p[0].rcvd.len &&
	    pkt_decode(r->p[0].rcvd.b, r->p[0].rcvd.len, PKT_LINK_IP,
		       &rc) == 0 && (rc.layers & PKT_HAS_TCP)) {
		synack = (rc.tcp.flags & (TCP_SYN | TCP_ACK)) ==
			 (TCP_SYN | TCP_ACK);
		rst = (rc.tcp.flags & TCP_RST) != 0;
	}
	if (g == 1 && synack && (s.tcp.seq != c.tcp.seq ||
				 s.tcp.opts_len != c.tcp.opts_len))
		return row_set(row, "syn-proxy", 1, "a SYN-ACK came back and "
			       "the SYN arrived changed");
	if (g == 1)
		return row_set(row, "none", 0, "the SYN reached the server%s",
			       synack ? ", which answered" : rst ?
			       " (closed port: reset)" : "");
	if (synack)
		return row_set(row, "transparent-proxy", 1, "a SYN-ACK came "
			       "back but the SYN never reached the server");
	if (rst)
		return row_set(row, "reset", 1, "a reset came back but the "
			       "SYN never reached the server");
	return not_seen(row, 0);
}

/* ---- UDP ---- */

static int
v_udp(const struct obs_view *o, struct audit_row *row, uint16_t port)
{
	size_t i;

	for (i = 0; o->run[0] && i < o->run[0]->n && i < EC_OBS_PROBES; i++) {
		struct pkt s, c;
		int g = view(o, 0, i, &s, &c);

		if (g == -1 || !(s.layers & PKT_HAS_UDP) || s.udp.dport != port)
			continue;
		if (g < 1)
			return not_seen(row, g);
		row_vals(row, "%lu", s.udp.dport, "%lu", c.udp.dport);
		if (c.udp.dport != s.udp.dport || c.udp.len != s.udp.len)
			return row_set(row, "rewritten", 1, "port %u, %u "
				       "bytes -> port %u, %u bytes",
				       s.udp.dport, s.udp.len, c.udp.dport,
				       c.udp.len);
		return row_set(row, "passed", 0, "UDP to port %u arrived",
			       port);
	}
	return not_seen(row, o->run[0] && o->run[0]->started ? -1 : -2);
}

#define UDP_CHECK(p) \
	static int v_udp_##p(const struct obs_view *o, struct audit_row *r) \
	{ return v_udp(o, r, p); }
UDP_CHECK(53)
UDP_CHECK(123)
UDP_CHECK(443)
UDP_CHECK(500)
UDP_CHECK(4500)

/* ---- the reply path (reply echo extension) ---- */

/* The server host's reply as it left, and as we received it: 1, or 0
 * after setting the row. */
static int
reply_pair(const struct obs_view *o, struct audit_row *row, struct pkt *srv,
	   struct pkt *got)
{
	const struct ec_obs *r = o->run[0];

	if (!r || !r->started)
		return not_seen(row, -2);
	if (!(r->ext & NEP_EXT_REPLY_ECHO))
		return row_set(row, "unknown", 0, "the server does not echo "
			       "its replies (a stock Nping)");
	if (!r->p[0].srv_reply.len ||
	    pkt_decode(r->p[0].srv_reply.b, r->p[0].srv_reply.len,
		       PKT_LINK_IP, srv) < 0)
		return row_set(row, "unknown", 0, "the server's host sent no "
			       "reply");
	if (!r->p[0].rcvd.len ||
	    pkt_decode(r->p[0].rcvd.b, r->p[0].rcvd.len, PKT_LINK_IP,
		       got) < 0)
		return row_set(row, "dropped", 1, "the server's host replied "
			       "and the reply never reached us");
	return 1;
}

static int
v_reply_dscp(const struct obs_view *o, struct audit_row *row)
{
	struct pkt srv, got;

	if (!reply_pair(o, row, &srv, &got))
		return 0;
	row_vals(row, "%lu", tos_of(&srv) >> 2, "%lu", tos_of(&got) >> 2);
	if (tos_of(&srv) >> 2 == tos_of(&got) >> 2)
		return row_set(row, "passed", 0, "DSCP %u kept on the way "
			       "back", tos_of(&srv) >> 2);
	return row_set(row, tos_of(&got) >> 2 ? "rewritten" : "bleached", 1,
		"DSCP %u -> %u on the way back", tos_of(&srv) >> 2,
		tos_of(&got) >> 2);
}

static int
v_reply_ttl(const struct obs_view *o, struct audit_row *row)
{
	struct pkt srv, got;
	int h;

	if (!reply_pair(o, row, &srv, &got))
		return 0;
	h = (int)ttl_of(&srv) - (int)ttl_of(&got);
	row_vals(row, "%lu", ttl_of(&srv), "%lu", ttl_of(&got));
	if (h < 0)
		return row_set(row, "rewritten", 1, "left the server with %u, "
			       "arrived with %u", ttl_of(&srv), ttl_of(&got));
	return row_set(row, "passed", 0, "%d hop%s back (%u -> %u)", h,
		h == 1 ? "" : "s", ttl_of(&srv), ttl_of(&got));
}

/* A UDP probe carrying one IPv6 options header of this type. */
static int
ext_check(const struct obs_view *o, struct audit_row *row, uint8_t type,
	  const char *what)
{
	struct pkt s, c;
	int g = view(o, 0, 0, &s, &c);
	size_t i;

	if (g < 1)
		return not_seen(row, g);
	for (i = 0; i < c.ip6.n_ext && i < IP6_MAX_EXT; i++)
		if (c.ip6.ext[i] == type)
			return row_set(row, "passed", 0, "%s header arrived",
				       what);
	return row_set(row, "stripped", 1, "%s header removed", what);
}

static int
v_ext_hbh(const struct obs_view *o, struct audit_row *row)
{
	return ext_check(o, row, 0, "hop-by-hop options");
}

static int
v_ext_dest(const struct obs_view *o, struct audit_row *row)
{
	return ext_check(o, row, 60, "destination options");
}

/* ---- the battery ---- */

#define TCP "--tcp -p 33435"
#define TCP_SYN_BASE TCP
#define UDP "--udp -g %R -p 33436"

#define UDP_PORTS "--udp -g %R -p 53,123,443,500,4500"
#define FRAGS "--udp -g %R -p 33439 --mtu 64 --data-length 200"
#define MAP "--udp -g %P -p "

/* name, family and needs, probe runs, verdict, the echo analysis tag
 * that --tr localises (NULL: a drop is still localised). */
static const struct check checks[] = {
	{ "nat", 0, { TCP_SYN_BASE }, v_nat, "nat-source" },
	{ "port-preservation", 0, { TCP_SYN_BASE }, v_port_preservation,
	  "port-source" },
	{ "nat-mapping", AC_NOLOC, { MAP "33437", MAP "33438" }, v_nat_mapping,
	  NULL },
	{ "ttl", AC_NOLOC, { TCP_SYN_BASE, TCP " --ttl 48" }, v_ttl, NULL },
	{ "dscp", AC_V4, { UDP " --tos 0xb8" }, v_dscp, "dscp-changed" },
	{ "dscp", AC_V6, { UDP " --traffic-class 0xb8" }, v_dscp,
	  "dscp-changed" },
	{ "ecn", AC_V4, { UDP " --tos 0x02", UDP " --tos 0x01",
			  UDP " --tos 0x03" }, v_ecn, "ecn-changed" },
	{ "ecn", AC_V6, { UDP " --traffic-class 0x02",
			  UDP " --traffic-class 0x01",
			  UDP " --traffic-class 0x03" }, v_ecn, "ecn-changed" },
	{ "ip-id", AC_V4, { UDP " --id 4242" }, v_ip_id, "ip-id-changed" },
	{ "df", AC_V4, { UDP " --df", UDP }, v_df, "df-changed" },
	{ "ip-options", AC_V4, { UDP " --ip-options R" }, v_ip_options,
	  "ip-options-changed" },
	{ "fragments", AC_V4, { FRAGS }, v_fragments, NULL },
	{ "flow-label", AC_V6, { UDP " --flow 0x12345" }, v_flow, NULL },
	{ "ipv6-ext-hbh", AC_V6, { UDP " --ipv6-ext hbh" }, v_ext_hbh, NULL },
	{ "ipv6-ext-dest", AC_V6, { UDP " --ipv6-ext dest" }, v_ext_dest,
	  NULL },
	{ "tcp-mss", 0, { TCP " --tcp-options mss=1460" }, v_tcp_mss,
	  "tcp-mss-changed" },
	{ "tcp-window", 0, { TCP_SYN_BASE }, v_tcp_window,
	  "tcp-window-changed" },
	{ "tcp-ws", 0, { TCP " --tcp-options wscale=7" }, v_tcp_ws,
	  "tcp-options-changed" },
	{ "tcp-sack", 0, { TCP " --tcp-options sackok" }, v_tcp_sack,
	  "tcp-options-changed" },
	{ "tcp-ts", 0, { TCP " --tcp-options ts=123456:0" }, v_tcp_ts,
	  "tcp-options-changed" },
	{ "tcp-unknown-option", 0, { TCP " --tcp-options kind=99:0102" },
	  v_tcp_unknown, "tcp-options-changed" },
	{ "tcp-ecn-setup", 0, { TCP " --flags SYN,ECE,CWR" }, v_tcp_ecn_setup,
	  "tcp-flags-changed" },
	{ "tcp-seq", 0, { TCP_SYN_BASE }, v_tcp_seq, "tcp-seq-changed" },
	{ "proxy-80", AC_CAPTURE, { "--tcp -p 80" }, v_proxy, NULL },
	{ "proxy-443", AC_CAPTURE, { "--tcp -p 443" }, v_proxy, NULL },
	{ "udp-53", 0, { UDP_PORTS }, v_udp_53, NULL },
	{ "udp-123", 0, { UDP_PORTS }, v_udp_123, NULL },
	{ "udp-443", 0, { UDP_PORTS }, v_udp_443, NULL },
	{ "udp-500", 0, { UDP_PORTS }, v_udp_500, NULL },
	{ "udp-4500", 0, { UDP_PORTS }, v_udp_4500, NULL },
	{ "reply-dscp", AC_CAPTURE | AC_NOLOC, { TCP_SYN_BASE }, v_reply_dscp,
	  NULL },
	{ "reply-ttl", AC_CAPTURE | AC_NOLOC, { TCP_SYN_BASE }, v_reply_ttl,
	  NULL },
};

#define N_CHECKS (sizeof(checks) / sizeof(checks[0]))

static int
applies(const struct check *ck, int v6)
{
	return !(ck->flags & (v6 ? AC_V4 : AC_V6));
}

size_t
audit_check_count(void)
{
	return N_CHECKS;
}

const char *
audit_check_name(size_t i)
{
	return i < N_CHECKS ? checks[i].name : NULL;
}

int
audit_check_family(size_t i)
{
	return i >= N_CHECKS ? -1 : checks[i].flags & AC_V4 ? 4 :
	       checks[i].flags & AC_V6 ? 6 : 0;
}

int
audit_check_runs(size_t i)
{
	int k = 0;

	while (i < N_CHECKS && k < AUDIT_RUNS && checks[i].probe[k])
		k++;
	return k;
}

void
audit_judge(size_t i, const struct ec_obs *const run[3], int v6,
	    struct audit_row *row)
{
	struct obs_view v;
	int k;

	memset(&v, 0, sizeof(v));
	v.v6 = v6;
	for (k = 0; k < AUDIT_RUNS; k++)
		v.run[k] = run[k];
	memset(row, 0, sizeof(*row));
	row->check = checks[i].name;
	checks[i].verdict(&v, row);
}

/* ---- the runs ---- */

struct audit {
	const struct config *cfg;
	uint64_t start_ns;
	struct out_sink *sink;
	int v6;
	int paused;           /* the pause before the first second try */
	unsigned retried, rescued; /* checks sent twice; those it saved */
	char map_port[8];
	/* IPv6: header fields are set only on the link-layer path (Nping's
	 * rule), which wants both MAC addresses and the source address. */
	char smac[18], dmac[18], sip[INET6_ADDRSTRLEN];
	struct audit_run *runs;
	size_t n_runs;
};

static struct audit_run *
find_run(struct audit *a, const char *probe, enum run_kind kind)
{
	size_t i;

	for (i = 0; i < a->n_runs; i++)
		if (!strcmp(a->runs[i].probe, probe) && a->runs[i].kind == kind)
			return &a->runs[i];
	return NULL;
}

static struct audit_run *
add_run(struct audit *a, const char *probe, enum run_kind kind)
{
	struct audit_run *r = find_run(a, probe, kind);

	if (r || a->n_runs == AUDIT_MAX_RUNS)
		return r;
	r = &a->runs[a->n_runs++];
	r->probe = probe;
	r->kind = kind;
	r->capture = kind == RUN_TR;
	return r;
}

/* --tr places the check's change (or drop) on the path. */
static int
localised(const struct check *ck)
{
	return ck->probe[0] && !(ck->flags & AC_NOLOC);
}

/* The distinct runs of the family's checks. */
static int
collect_runs(struct audit *a)
{
	size_t i, k;

	for (i = 0; i < N_CHECKS; i++) {
		if (!applies(&checks[i], a->v6))
			continue;
		for (k = 0; k < AUDIT_RUNS && checks[i].probe[k]; k++) {
			const char *p = checks[i].probe[k];
			int cap = (checks[i].flags & AC_CAPTURE) != 0;
			struct audit_run *r = add_run(a, p, RUN_MAIN);
			struct audit_run *t = add_run(a, p, RUN_RETRY);

			if (!r || !t)
				return -1;
			r->capture |= cap;
			t->capture |= cap;
		}
		if (a->cfg->traceroute && localised(&checks[i]) &&
		    !add_run(a, checks[i].probe[0], RUN_TR))
			return -1;
	}
	return 0;
}

/* argv for one run: the command line without --audit, then the run's
 * probe options and the audit's own.  Tokens point into buf. */
static int
run_argv(struct audit *a, struct audit_run *r, char *buf, size_t cap,
	 char **argv, int max)
{
	static char c[] = "-c", one[] = "1", delay[] = "--delay",
		    ms[] = "10ms", noprog[] = "--no-progress", nocap[] = "-N",
		    tr[] = "--tr", hops[] = "24", ms5[] = "5ms",
		    eth[] = "--send-eth", sm[] = "--source-mac",
		    dm[] = "--dest-mac", si[] = "-S";
	char *const own[] = { c, one, delay, ms, noprog };
	char *const own_tr[] = { tr, c, hops, delay, ms5, noprog };
	const struct config *cfg = a->cfg;
	int argc = 0, i;
	size_t j;
	char *tok, *save = NULL;

	for (i = 0; i < cfg->argc && argc < max; i++)
		if (strcmp(cfg->argv[i], "--audit") &&
		    strcmp(cfg->argv[i], "--tr") &&
		    strcmp(cfg->argv[i], "--traceroute"))
			argv[argc++] = cfg->argv[i];
	if ((size_t)snprintf(buf, cap, "%s", r->probe) >= cap)
		return -1;
	for (tok = strtok_r(buf, " ", &save); tok && argc < max;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = !strcmp(tok, "%P") ? a->map_port :
			       !strcmp(tok, "%R") ? r->sport : tok;
	for (j = 0; r->kind != RUN_TR && j < sizeof(own) / sizeof(own[0]) &&
	     argc < max; j++)
		argv[argc++] = own[j];
	for (j = 0; r->kind == RUN_TR &&
	     j < sizeof(own_tr) / sizeof(own_tr[0]) && argc < max; j++)
		argv[argc++] = own_tr[j];
	if (!r->capture && argc < max)
		argv[argc++] = nocap;
	if (a->sip[0] && argc + 7 < max) {
		argv[argc++] = eth;
		argv[argc++] = sm;
		argv[argc++] = a->smac;
		argv[argc++] = dm;
		argv[argc++] = a->dmac;
		argv[argc++] = si;
		argv[argc++] = a->sip;
	}
	if (argc >= max)
		return -1;
	argv[argc] = NULL;
	return argc;
}

/* Parses and makes run r: 0, or the exit status after printing why. */
static int
make_run(struct audit *a, struct audit_run *r)
{
	char buf[256], *argv[AUDIT_MAX_ARGS];
	struct errbuf eb = { { 0 } };
	int argc, status = 0;

	argc = run_argv(a, r, buf, sizeof(buf), argv, AUDIT_MAX_ARGS - 1);
	if (argc < 0) {
		warnx("--audit: the command line is too long");
		return EXIT_USAGE;
	}
	if (cli_parse(argc, argv, NULL, &r->cfg, &eb) < 0) {
		warnx("--audit: probe run '%s': %s", r->probe, eb.msg);
		return EXIT_USAGE;
	}
	/* main() resolved the passphrase (file, environment, argument). */
	if (r->cfg.echo_passphrase)
		explicit_bzero(r->cfg.echo_passphrase,
			       strlen(r->cfg.echo_passphrase));
	free(r->cfg.echo_passphrase);
	r->cfg.echo_passphrase = strdup(a->cfg->echo_passphrase ?
					a->cfg->echo_passphrase : "");
	free(r->cfg.echo_passphrase_file);
	r->cfg.echo_passphrase_file = NULL;
	if (!r->cfg.echo_passphrase) {
		warnx("out of memory");
		return EXIT_FAILURE_STATUS;
	}
	r->c = ec_prepare(&r->cfg, a->start_ns, a->sink, &r->obs, &status);
	return r->c ? 0 : status;
}

static void
mac_str(const uint8_t m[6], char *buf, size_t cap)
{
	snprintf(buf, cap, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
}

/* IPv6: the link-layer options of the later runs, from the route the
 * first run took.  0, or -1 (the later runs then keep the raw socket and
 * those that set header fields fail to parse). */
static int
learn_eth(struct audit *a, const struct probe_target *tg)
{
	struct errbuf eb = { { 0 } };
	struct route_info ri;
	struct iface_info ii;
	uint8_t mac[6];

	if (netinfo_route(AF_INET6, tg->addr, tg->ifindex, &ri, &eb) < 0 ||
	    netinfo_iface_by_index(ri.ifindex, &ii, &eb) < 0 ||
	    netinfo_neigh_resolve(AF_INET6, netinfo_next_hop(&ri), ri.ifindex,
				  1000, mac, &eb) < 0 ||
	    !inet_ntop(AF_INET6, tg->src, a->sip, sizeof(a->sip))) {
		a->sip[0] = 0;
		warnx("--audit: %s", eb.msg[0] ? eb.msg : "no IPv6 route");
		return -1;
	}
	mac_str(ii.mac, a->smac, sizeof(a->smac));
	mac_str(mac, a->dmac, sizeof(a->dmac));
	return 0;
}

static void
audit_free(struct audit *a)
{
	size_t i;

	for (i = 0; a->runs && i < a->n_runs; i++) {
		ec_destroy(a->runs[i].c);
		if (a->runs[i].cfg.echo_passphrase)
			explicit_bzero(a->runs[i].cfg.echo_passphrase,
				       strlen(a->runs[i].cfg.echo_passphrase));
		config_free(&a->runs[i].cfg);
	}
	free(a->runs);
	sink_free(a->sink);
}

/* Runs r (its session, its probes) the first time it is asked; 1 when
 * its session came up, now or before. */
static int
run_once(struct audit_run *r)
{
	if (!r->c)
		return 0;
	if (!r->ran) {
		r->ran = 1;
		(void)ec_execute(r->c);
	}
	return r->obs.started;
}

/* Makes every run, drops the privileges, runs them in turn.  0 or the
 * exit status. */
static int
run_all(struct audit *a)
{
	struct errbuf eb = { { 0 } };
	size_t i;
	int rc;

	for (i = 0; i < a->n_runs; i++) {
		if ((rc = make_run(a, &a->runs[i])) == EXIT_USAGE)
			return rc;
		/* The first run names the server and the route every
		 * other one takes: without it, nothing else can work. */
		if (i == 0 && !a->runs[0].c)
			return rc ? rc : EXIT_FAILURE_STATUS;
		if (i == 0 && a->v6)
			(void)learn_eth(a, run_target(a->runs[0].c->r, 0));
	}
	if (priv_drop(a->cfg->user, &eb) < 0) {
		warnx("%s", eb.msg);
		return EXIT_FAILURE_STATUS;
	}
	for (i = 0; i < a->n_runs; i++) {
		struct audit_run *r = &a->runs[i];

		if (run_stopped())
			return EXIT_INTERRUPTED;
		if (r->kind != RUN_MAIN)
			continue;
		/* No session at all on the first run: the server is not
		 * there (the error is printed); do not try 30 more. */
		if (!run_once(r) && i == 0)
			return EXIT_FAILURE_STATUS;
	}
	return run_stopped() ? EXIT_INTERRUPTED : 0;
}

/* "hop 2 (10.77.2.2)", or "the server". */
static void
hop_str(unsigned hop, const char *addr, char *buf, size_t cap)
{
	if (hop == HOPS_FINAL)
		snprintf(buf, cap, "the server");
	else if (addr && addr[0])
		snprintf(buf, cap, "hop %u (%s)", hop, addr);
	else
		snprintf(buf, cap, "hop %u", hop);
}

/*
 * --tr: the check's probe sent again with TTL 1, 2, ... and its change
 * (the check's hops tag) placed between the last hop whose ICMP quote
 * still showed the probe as sent and the first that showed the change
 * (or the server's capture); a dropped probe after the last hop that
 * answered.  The row's where stays empty when nothing placed it.
 */
static void
locate(struct audit *a, const struct check *ck, struct audit_row *row)
{
	int dropped = !strcmp(row->verdict, "dropped");
	char from[72], to[72];
	const struct hops_change *ch;
	struct audit_run *r;
	struct hops *h;
	size_t i;
	unsigned last = 0;
	const char *last_addr = NULL;

	if (!row->changed || !localised(ck) || (!ck->tag && !dropped) ||
	    run_stopped())
		return;
	r = find_run(a, ck->probe[0], RUN_TR);
	if (!r || !run_once(r))
		return;
	h = run_hops(r->c->r);
	if (!h || hops_finish(h) < 0)
		return;
	if (!dropped && (ch = hops_find(h, ck->tag)) != NULL) {
		hop_str(ch->at, ch->at_addr, to, sizeof(to));
		if (ch->before)
			hop_str(ch->before, ch->before_addr, from,
				sizeof(from));
		if (ch->before)
			snprintf(row->where, sizeof(row->where),
				 "between %s and %s", from, to);
		else
			snprintf(row->where, sizeof(row->where), "before %s",
				 to);
		return;
	}
	if (!dropped)
		return;
	for (i = 0; i < hops_hop_count(h); i++) {
		const struct hops_hop *hp = hops_hop_at(h, i);

		if (hp->hop != HOPS_FINAL && hp->hop > last) {
			last = hp->hop;
			last_addr = hp->addr_str;
		}
	}
	if (last) {
		hop_str(last, last_addr, from, sizeof(from));
		snprintf(row->where, sizeof(row->where), "lost after %s",
			 from);
	} else {
		snprintf(row->where, sizeof(row->where), "lost before hop 1 "
			 "answered");
	}
}

/* Check i on the records of its runs of this kind (each run the first
 * time it is asked for). */
static void
judge(struct audit *a, size_t i, enum run_kind kind, struct audit_row *row)
{
	const struct ec_obs *run[AUDIT_RUNS] = { NULL, NULL, NULL };
	int k;

	for (k = 0; k < AUDIT_RUNS && checks[i].probe[k]; k++) {
		struct audit_run *r = find_run(a, checks[i].probe[k], kind);

		if (r && r->c) {
			(void)run_once(r);
			run[k] = &r->obs;
		}
	}
	audit_judge(i, run, a->v6, row);
}

/*
 * A check whose probe was lost is asked again, once, with the same probes
 * from twin runs after a pause (the first time: AUDIT_RETRY_PAUSE_NS), so
 * that a path that loses or rate-limits some packets is not taken for one
 * that drops this kind: a SYN with an option, a DF datagram.  If the
 * second try arrives, its verdict stands and the detail says the first was
 * lost; if not, the check stays dropped, and says it was tried twice.
 */
static void
judge_again(struct audit *a, size_t i, struct audit_row *row)
{
	struct audit_row again;
	size_t len;

	if (run_stopped())
		return;
	if (!a->paused) {
		a->paused = 1;
		(void)clock_sleep_until(clock_mono_ns() + AUDIT_RETRY_PAUSE_NS);
	}
	judge(a, i, RUN_RETRY, &again);
	a->retried++;
	len = strlen(again.detail);
	if (strcmp(again.verdict, "dropped") && strcmp(again.verdict, "unknown")) {
		snprintf(again.detail + len, sizeof(again.detail) - len,
			 "; lost once, arrived when sent again: the path "
			 "loses packets, not this kind");
		*row = again;
		a->rescued++;
		return;
	}
	if (strcmp(again.verdict, "dropped"))
		return; /* the second try could not run: the first stands */
	len = strlen(row->detail);
	snprintf(row->detail + len, sizeof(row->detail) - len,
		 " (sent twice, 1 s apart)");
}

/* The last row, loss: did a second try save a check?  Then the path
 * loses or rate-limits packets, and a dropped row may be that too. */
static void
loss_row(const struct audit *a, struct audit_row *row)
{
	memset(row, 0, sizeof(*row));
	row->check = "loss";
	if (a->rescued)
		row_set(row, "seen", 1, "%u of %u checks sent twice lost their "
			"first probe, not the second: the path loses or "
			"rate-limits packets; a dropped row may be that too",
			a->rescued, a->retried);
	else if (a->retried)
		row_set(row, "none", 0, "the %u checks sent twice were lost "
			"both times", a->retried);
	else
		row_set(row, "none", 0, "no probe needed a second try");
}

/* A source port in 20000..59999. */
static unsigned
random_port(void)
{
	uint16_t v = 0;

	if (getrandom(&v, sizeof(v), 0) != sizeof(v))
		v = (uint16_t)clock_mono_ns();
	return 20000u + v % 40000u;
}

int
echo_audit_run(const struct config *cfg, uint64_t start_ns)
{
	struct audit_row rows[N_CHECKS + 1]; /* + loss */
	struct audit_report rep;
	struct audit a;
	struct errbuf eb = { { 0 } };
	size_t i, n = 0;
	int rc;

	memset(&a, 0, sizeof(a));
	memset(rows, 0, sizeof(rows));
	a.cfg = cfg;
	a.start_ns = start_ns;
	a.v6 = cfg->af == AF_INET6;
	snprintf(a.map_port, sizeof(a.map_port), "%u", random_port());
	a.runs = calloc(AUDIT_MAX_RUNS, sizeof(*a.runs));
	if (!a.runs || collect_runs(&a) < 0) {
		warnx("out of memory");
		free(a.runs);
		return EXIT_FAILURE_STATUS;
	}
	for (i = 0; i < a.n_runs; i++)
		snprintf(a.runs[i].sport, sizeof(a.runs[i].sport), "%u",
			 random_port());
	a.sink = sink_new(cfg, start_ns, &eb);
	if (!a.sink) {
		warnx("%s", eb.msg);
		free(a.runs);
		return EXIT_FAILURE_STATUS;
	}
	sink_starting(a.sink);
	sink_set_quiet(a.sink, 1);
	rc = run_all(&a);
	if (rc) {
		audit_free(&a);
		return rc;
	}
	for (i = 0; i < N_CHECKS; i++) {
		if (!applies(&checks[i], a.v6))
			continue;
		judge(&a, i, RUN_MAIN, &rows[n]);
		if (!strcmp(rows[n].verdict, "dropped"))
			judge_again(&a, i, &rows[n]);
		if (cfg->traceroute)
			locate(&a, &checks[i], &rows[n]);
		n++;
	}
	if (!run_stopped())
		loss_row(&a, &rows[n++]);
	memset(&rep, 0, sizeof(rep));
	rep.target = run_target(a.runs[0].c->r, 0)->ip; /* run_all made it */
	rep.v6 = a.v6;
	rep.rows = rows;
	rep.n = n;
	rep.secs = (double)(clock_mono_ns() - start_ns) / 1e9;
	sink_set_quiet(a.sink, 0);
	sink_audit(a.sink, &rep);
	audit_free(&a);
	return 0;
}
