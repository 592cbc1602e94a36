/* SPDX-License-Identifier: MIT */
/*
 * server.c: echo server set-up, event loop and summary.
 *
 * Set-up order: passphrase, captures (every interface with an address, or
 * -e), listeners (IPv4 and IPv6, or the -S address), signals.  Captures
 * and sockets are opened before anything is accepted.  The loop is one
 * libevent event_base: listeners, side channels, per-session timers,
 * capture descriptors and SIGINT/SIGTERM.
 */
#include <arpa/inet.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <net/if.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "echo/crypto.h"
#include "net/bpf.h"
#include "net/netinfo.h"
#include "output/sink.h"
#include "output/stats.h"
#include "server/capq.h"
#include "server/sandbox.h"
#include "server/server_int.h"
#include "util/priv.h"

#define LISTEN_BACKLOG 64
/*
 * Capture snaplen and ring, per interface.
 *
 * libpcap's immediate mode (TPACKET_V2; V3 would hold packets until a
 * block fills or its 1-jiffy-plus timer retires it) gives every packet a
 * fixed frame of about snaplen + 70 bytes, packed whole into 4 KiB blocks;
 * every frame of the ring is resident (the ring counts in RSS in full).
 * So the snaplen decides how many packets a ring holds, i.e. how long the
 * capture thread (capthread.c) may be kept off the CPU at a given rate
 * before the kernel drops probes (measured before that thread existed:
 * 100 client processes on 2 vCPUs kept the one-threaded server off for
 * 100 ms and more).
 *
 *  - Payloads erased (the default) and no -w tap: an echo carries only
 *    the headers' bytes and zeros after them, so SRV_SNAP_HDRS of the IP
 *    packet are enough (IPv4 60 + TCP 60, an ICMP error quoting both, the
 *    payload magic a spec may match); relay.c pads the rest of the packet
 *    with zeros from its wire length.  Frames of 528 bytes: 7 per block,
 *    SRV_RING_BYTES hold ~47,700 packets, 477 ms at 100k pps, in 28 MB.
 *    A third of that (159 ms) lost 0.4% of 1M probes from 100 clients
 *    starting together on 2 vCPUs (make bench); this size lost 24.
 *  - --include-payloads or -w: the interface MTU (a whole packet) plus
 *    room for link headers (cooked v2 20, Ethernet + two VLAN tags 22),
 *    never more than a NEP_ECHO can carry: 1.6 KB frames, 2 per block,
 *    ~15,000 packets (150 ms at 100k pps) in 31 MB.
 *  - lo, when captured because it has an address (no -e): only clients
 *    on this very host probe through it, and its 64 KiB MTU would make
 *    9.3 KB frames in 16 KiB blocks (8 MiB: 14.4 MB for 512 packets);
 *    SRV_RING_LO_BYTES with the same snaplens: ~4,000 packets in 2.3 MB
 *    (~1,300 at full snaplen).
 */
#define SRV_LINK_ROOM 64
#define SRV_SNAPLEN_MAX (NEP_ECHO_MAX_PKT + SRV_LINK_ROOM)
#define SRV_SNAP_HDRS 384
#define SRV_RING_BYTES (24 * 1024 * 1024)
#define SRV_RING_LO_BYTES (2 * 1024 * 1024)

static int
srv_snaplen(const struct server *srv, const char *ifname)
{
	struct iface_info ii;
	int mtu_snap;

	if (netinfo_iface(ifname, &ii, NULL) < 0 || ii.mtu == 0 ||
	    ii.mtu + SRV_LINK_ROOM > SRV_SNAPLEN_MAX)
		mtu_snap = SRV_SNAPLEN_MAX;
	else
		mtu_snap = (int)ii.mtu + SRV_LINK_ROOM;
	if (srv->cfg->safe_payloads && !sink_tapping(srv->sink) &&
	    SRV_SNAP_HDRS + SRV_LINK_ROOM < mtu_snap)
		return SRV_SNAP_HDRS + SRV_LINK_ROOM;
	return mtu_snap;
}

static int
srv_ring_bytes(const struct server *srv, const char *ifname)
{
	if (!srv->cfg->iface && !strcmp(ifname, "lo"))
		return SRV_RING_LO_BYTES;
	return SRV_RING_BYTES;
}

#define SRV_LOG_LINE 2048 /* longer than any line it is given */

static const char *const log_kind_name[SRV_LK_N] = {
	"connections", "disconnections", "session events", "errors", "echoes",
	"refusals"
};

static void
log_suppressed(struct server *srv, enum srv_log_kind kind)
{
	uint64_t n = srv_rl_take(&srv->rl[kind]);

	if (n)
		sink_status(srv->sink, "[%lld] (suppressed %llu similar lines: "
			    "%s)", (long long)time(NULL), (unsigned long long)n,
			    log_kind_name[kind]);
}

void
srv_log(struct server *srv, enum srv_log_kind kind, int level,
	const char *fmt, ...)
{
	char line[SRV_LOG_LINE];
	va_list ap;

	if (srv->cfg->verbosity < level)
		return;
	if (!srv_rl_allow(&srv->rl[kind], clock_mono_ns()))
		return;
	log_suppressed(srv, kind);
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sink_status(srv->sink, "[%lld] %s", (long long)time(NULL), line);
}

void
srv_log_flush(struct server *srv)
{
	int k;

	for (k = 0; k < SRV_LK_N; k++)
		log_suppressed(srv, (enum srv_log_kind)k);
	sink_flush_lines(srv->sink);
}

/* Once a second: suppressed log lines; after sessions ended, the freed
 * heap goes back to the system (a burst of connections must not leave
 * the RSS high for good). */
static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;

	(void)fd;
	(void)what;
	srv_log_flush(srv);
	if (srv->closed_since_tick) {
		srv->closed_since_tick = 0;
#ifdef __GLIBC__
		malloc_trim(0);
#endif
	}
}

/* main() already chose the passphrase (file, NPECHO_PASSPHRASE or the
 * command line: util/secret.h) and left it in cfg->echo_passphrase. */
static int
load_passphrase(struct server *srv, struct errbuf *eb)
{
	const struct config *cfg = srv->cfg;
	size_t n;

	(void)eb;
	n = cfg->echo_passphrase ? strlen(cfg->echo_passphrase) : 0;
	if (n > NEP_PASS_MAX)
		n = NEP_PASS_MAX; /* nping keeps at most 1023 bytes too */
	memcpy(srv->pass, cfg->echo_passphrase ? cfg->echo_passphrase : "",
	       n);
	srv->pass[n] = '\0';
	srv->pass_len = n;
	return 0;
}

/* ---- captures ---- */

static int
capture_add(struct server *srv, const char *ifname, const char *bpf,
	    struct errbuf *eb)
{
	struct srv_capture *sc, *v;
	struct capture_opts o;

	v = realloc(srv->caps, (srv->n_caps + 1) * sizeof(*v));
	if (!v)
		return ERR_NOMEM;
	srv->caps = v;
	sc = &v[srv->n_caps];
	memset(sc, 0, sizeof(*sc));
	memset(&o, 0, sizeof(o));
	o.ifname = ifname;
	o.snaplen = srv_snaplen(srv, ifname);
	o.buffer_bytes = srv_ring_bytes(srv, ifname);
	sc->cap = capture_open(&o, eb);
	if (!sc->cap)
		return ERR_SYS;
	srv->n_caps++;
	sc->srv = srv;
	snprintf(sc->ifname, sizeof(sc->ifname), "%s", ifname);
	sc->linktype = capture_linktype(sc->cap);
	if (capture_set_filter(sc->cap, bpf, eb) < 0)
		return ERR_SYS;
	if (capture_fd(sc->cap) < 0) {
		errbuf_set(eb, "capture: %s: no pollable descriptor", ifname);
		return ERR_SYS;
	}
	return 0;
}

/* Every interface name with an address, each once, in netinfo order. */
static int
capture_all(struct server *srv, const char *bpf, struct errbuf *eb)
{
	struct netinfo_addr *a = NULL;
	size_t n = 0, i, j;
	int rc;

	rc = netinfo_addrs(AF_UNSPEC, &a, &n, eb);
	for (i = 0; rc == 0 && i < n; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(a[j].ifname, a[i].ifname))
				break;
		if (j < i || !(a[i].flags & IFF_UP))
			continue;
		if (capture_add(srv, a[i].ifname, bpf, eb) < 0) {
			warnx("capture on %s: %s (skipped)", a[i].ifname,
			      eb->msg);
			eb->msg[0] = '\0';
		}
	}
	free(a);
	if (rc == 0 && srv->n_caps == 0) {
		errbuf_set(eb, "capture: no interface with an address could "
			   "be opened");
		rc = ERR_SYS;
	}
	return rc;
}

static int
setup_captures(struct server *srv, struct errbuf *eb)
{
	char bpf[FILTER_TEXT_MAX];
	size_t i;
	int rc;

	rc = filter_build_echo_server(AF_UNSPEC,
				      (uint16_t)srv->cfg->echo_port.v, bpf,
				      sizeof(bpf), NULL);
	snprintf(srv->bpf_wide, sizeof(srv->bpf_wide), "%s", bpf);
	if (rc < 0) {
		errbuf_set(eb, "capture: cannot build the filter");
		return rc;
	}
	if (srv->cfg->debug >= 1)
		sink_status(srv->sink, "BPF-filter: %s", bpf);
	if (srv->cfg->iface) {
		if (!if_nametoindex(srv->cfg->iface)) {
			errbuf_set(eb, "-e: no such interface: '%s'",
				   srv->cfg->iface);
			return ERR_INVALID;
		}
		rc = capture_add(srv, srv->cfg->iface, bpf, eb);
	} else {
		rc = capture_all(srv, bpf, eb);
	}
	for (i = 0; rc == 0 && i < srv->n_caps; i++) {
		struct srv_capture *sc = &srv->caps[i];
		struct errbuf geb = { { 0 } };

		sc->ev = event_new(srv->base, capture_fd(sc->cap),
				   EV_READ | EV_PERSIST, srv_capture_cb, sc);
		if (!sc->ev || event_add(sc->ev, NULL) < 0)
			rc = ERR_NOMEM;
		/* Shut only what can be opened again: try that first.  With
		 * -w the file records what arrives between sessions too (is
		 * anything reaching the server at all?): no shutting. */
		if (sink_tapping(srv->sink))
			errbuf_set(&geb, "-w records everything");
		else
			sc->gate = capture_gate(sc->cap, 1, &geb) == 0;
		if (!sc->gate && srv->cfg->debug >= 1)
			sink_status(srv->sink, "Capture on %s stays open "
				    "between sessions: %s", sc->ifname,
				    geb.msg);
	}
	if (rc == 0)
		srv_filter_sessions(srv);
	return rc;
}

/* The IPv4 protocol a spec names (its IPv4_PROTO item), else -1. */
static int
spec_proto(const struct nep_spec *sp)
{
	size_t i;

	for (i = 0; i < sp->n_items; i++)
		if (sp->items[i].code == NEP_F_IP4_PROTO)
			return (int)sp->items[i].value;
	return -1;
}

/* The live sessions as the filter sees them; their count. */
static size_t
live_sessions(const struct server *srv, struct filter_echo_sess *v)
{
	size_t i, n = 0;

	for (i = 0; i < srv->table.cap; i++) {
		const struct srv_conn *c = srv->table.slots[i].owner;

		if (!srv->table.slots[i].used || !c->spec || c->gone)
			continue;
		memset(&v[n], 0, sizeof(v[n]));
		v[n].family = c->addr.af;
		memcpy(v[n].addr, c->addr.ip, c->addr.af == AF_INET6 ? 16 : 4);
		v[n].proto = c->addr.af == AF_INET ? spec_proto(c->spec) : -1;
		v[n].replies = (c->ext & NEP_EXT_REPLY_ECHO) != 0;
		n++;
	}
	return n;
}

/* Sets text (or, when it cannot be used, the wide filter) on sc. */
static void
filter_one(struct server *srv, struct srv_capture *sc, const char *text)
{
	struct errbuf eb = { { 0 } };

	if (text && capture_kernel_filter(sc->cap, text, &eb) == 0)
		return;
	if (text)
		srv_log(srv, SRV_LK_ERROR, 0, "capture on %s: %s; it keeps "
			"every packet that is not the side channel",
			sc->ifname, eb.msg);
	if (capture_kernel_filter(sc->cap, srv->bpf_wide, &eb) < 0)
		srv_log(srv, SRV_LK_ERROR, 0, "capture on %s: %s", sc->ifname,
			eb.msg);
}

/*
 * The captures' kernel filters follow the live sessions, so packets no
 * session could be echoed reach neither the capture thread nor the loop:
 *
 *  - no session: shut (capture_gate; the socket filter keeps nothing):
 *    an idle server copies nothing however busy its interfaces;
 *  - sessions: only packets received from a session's client address
 *    (relay.c echoes nothing else: the address policy), of its probes'
 *    protocol where the spec names it, and for sessions that echo
 *    replies, packets this host sends to that address
 *    (filter_build_echo_sessions).  Ports and IDs are left out on
 *    purpose: a NAT or a proxy may rewrite them, and showing that is what
 *    the echo is for.
 *
 * A session going live calls this before its READY is sent, so its first
 * probe is seen; ends are applied from ev_filter, once per loop turn.  A
 * capture that cannot be filtered in the kernel (cooked, or -w: its file
 * records everything) stays open with the wide filter.  One compile and
 * one system call per capture each time: sessions come and go at most at
 * the handshake rate.
 */
void
srv_filter_sessions(struct server *srv)
{
	struct filter_echo_sess *v = NULL;
	struct errbuf eb = { { 0 } };
	char *text = NULL;
	size_t i, n = 0, cap = 0;
	int rc = ERR_INVALID;

	if (srv->n_live > 0) {
		v = calloc(srv->table.cap, sizeof(*v));
		n = v ? live_sessions(srv, v) : 0;
		cap = FILTER_ECHO_TEXT(n);
		text = n ? malloc(cap) : NULL;
		if (text)
			rc = filter_build_echo_sessions(v, n,
				(uint16_t)srv->cfg->echo_port.v, 1, text, cap,
				NULL);
	}
	if (rc == 0 && srv->cfg->debug >= 2)
		srv_log(srv, SRV_LK_SESSION, 0, "BPF-filter: %s", text);
	for (i = 0; i < srv->n_caps; i++) {
		struct srv_capture *sc = &srv->caps[i];

		if (!sc->gate)
			continue;
		if (srv->n_live == 0 && capture_gate(sc->cap, 0, &eb) < 0) {
			/* Not shut: it stays open, and stops being gated. */
			sc->gate = 0;
			srv_log(srv, SRV_LK_ERROR, 0, "capture on %s: %s; it "
				"stays open", sc->ifname, eb.msg);
		} else if (srv->n_live > 0) {
			/* No text (out of memory, too many addresses): the
			 * wide filter, never a shut capture. */
			filter_one(srv, sc, rc == 0 ? text : NULL);
		}
	}
	free(text);
	free(v);
}

/* ---- listeners ---- */

static int
listen_one(struct server *srv, int af, const void *addr, struct errbuf *eb)
{
	struct sockaddr_storage ss;
	struct srv_listener *l = &srv->lis[srv->n_lis];
	uint16_t port = (uint16_t)srv->cfg->echo_port.v;
	socklen_t sl;
	int fd, one = 1;

	memset(&ss, 0, sizeof(ss));
	if (af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (addr)
			memcpy(&s6->sin6_addr, addr, 16);
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		if (addr)
			memcpy(&s4->sin_addr, addr, 4);
		sl = sizeof(*s4);
	}
	fd = socket(af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (af == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 ||
	    listen(fd, LISTEN_BACKLOG) < 0)
		goto fail;
	l->fd = fd;
	l->af = af;
	l->srv = srv;
	l->ev = event_new(srv->base, fd, EV_READ | EV_PERSIST, srv_accept_cb,
			  l);
	if (!l->ev || event_add(l->ev, NULL) < 0) {
		errbuf_set(eb, "--echo-port: cannot watch the listener");
		close(fd);
		return ERR_NOMEM;
	}
	srv->n_lis++;
	return 0;
fail:
	errbuf_set(eb, "--echo-port: cannot listen on IPv%d port %u: %s",
		   af == AF_INET6 ? 6 : 4, port, strerror(errno));
	if (fd >= 0)
		close(fd);
	return ERR_SYS;
}

static int
setup_listeners(struct server *srv, struct errbuf *eb)
{
	const struct cfg_addr *src = &srv->cfg->source_ip;
	struct errbuf eb6 = { { 0 } };

	if (src->set) {
		if (!src->resolved || src->random) {
			errbuf_set(eb, "-S: the echo server needs a literal "
				   "address: '%s'", src->str ? src->str : "");
			return ERR_INVALID;
		}
		return listen_one(srv, src->af, &src->addr, eb);
	}
	if (listen_one(srv, AF_INET, NULL, eb) < 0)
		return ERR_SYS;
	/* A host without IPv6 still serves IPv4 clients. */
	if (listen_one(srv, AF_INET6, NULL, &eb6) < 0)
		warnx("%s (serving IPv4 only)", eb6.msg);
	return 0;
}

static void
print_bound(const struct server *srv)
{
	const struct cfg_addr *src = &srv->cfg->source_ip;
	char ip[INET6_ADDRSTRLEN];
	size_t i;

	if (srv->cfg->verbosity < 1)
		return;
	for (i = 0; i < srv->n_lis; i++) {
		int af = srv->lis[i].af;

		if (src->set)
			inet_ntop(af, &src->addr, ip, sizeof(ip));
		else
			snprintf(ip, sizeof(ip), "%s",
				 af == AF_INET6 ? "::" : "0.0.0.0");
		sink_status(srv->sink, af == AF_INET6 ?
			    "Server bound to [%s]:%u" : "Server bound to %s:%u",
			    ip, (unsigned)srv->cfg->echo_port.v);
	}
}

/* ---- signals ---- */

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct server *srv = arg;

	(void)what;
	srv->signo = (int)sig;
	event_base_loopbreak(srv->base);
}

static int
setup_signals(struct server *srv)
{
	srv->ev_sigint = evsignal_new(srv->base, SIGINT, on_signal, srv);
	srv->ev_sigterm = evsignal_new(srv->base, SIGTERM, on_signal, srv);
	if (!srv->ev_sigint || !srv->ev_sigterm ||
	    evsignal_add(srv->ev_sigint, NULL) < 0 ||
	    evsignal_add(srv->ev_sigterm, NULL) < 0)
		return ERR_NOMEM;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static void
on_filter(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	srv_filter_sessions(arg);
}

void
srv_filter_later(struct server *srv)
{
	if (srv->ev_filter)
		event_active(srv->ev_filter, 0, 0);
	else
		srv_filter_sessions(srv);
}

static void
on_reap(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	srv_conn_reap(arg);
}

static int
setup_logtick(struct server *srv)
{
	struct timeval tv = { 1, 0 };

	srv->ev_logtick = event_new(srv->base, -1, EV_PERSIST, on_tick,
				    srv);
	if (!srv->ev_logtick || event_add(srv->ev_logtick, &tv) < 0)
		return ERR_NOMEM;
	srv->ev_reap = event_new(srv->base, -1, 0, on_reap, srv);
	srv->ev_filter = event_new(srv->base, -1, 0, on_filter, srv);
	return srv->ev_reap && srv->ev_filter ? 0 : ERR_NOMEM;
}

/* ---- life cycle ---- */

static void
server_free(struct server *srv)
{
	size_t i;

	if (!srv)
		return;
	if (srv->table.slots && srv->pool.e)
		srv_conn_close_all(srv, "server shutting down");
	srv_conn_reap(srv);
	for (i = 0; i < srv->n_lis; i++) {
		event_free(srv->lis[i].ev);
		close(srv->lis[i].fd);
	}
	srv_capthread_free(srv); /* before the captures it reads */
	for (i = 0; i < srv->n_caps; i++) {
		if (srv->caps[i].ev)
			event_free(srv->caps[i].ev);
		capture_free(srv->caps[i].cap);
	}
	free(srv->caps);
	if (srv->ev_sigint)
		event_free(srv->ev_sigint);
	if (srv->ev_sigterm)
		event_free(srv->ev_sigterm);
	if (srv->ev_logtick)
		event_free(srv->ev_logtick);
	if (srv->ev_reap)
		event_free(srv->ev_reap);
	if (srv->ev_filter)
		event_free(srv->ev_filter);
	srv_table_fini(&srv->table);
	srv_pool_fini(&srv->pool);
	srv_hsrate_fini(&srv->hsrate);
	free(srv->local);
	srv_index_fini(&srv->index);
	free(srv->cand);
	free(srv->dirty);
	if (srv->base)
		event_base_free(srv->base);
	OPENSSL_cleanse(srv->pass, sizeof(srv->pass));
	sink_free(srv->sink);
	free(srv);
}

/*
 * Scheduling priority.  The server's input is a capture ring: while the
 * process waits for a CPU the kernel fills it and then drops probes, which
 * nothing can resend, and echoes that wait too long are given up by their
 * clients.  Measured with 100 client processes on 2 vCPUs
 * (bench/echo_load.sh): at its inherited priority the server was runnable
 * but waiting for the CPU 97% of the time (/proc/PID/schedstat: 0.3 s
 * run, 18 s wait), ~2% of a core where 100k probes/s need ~40%.  At nice
 * -10 the one-threaded server still lost 4,173 and 10,215 probes to the
 * ring in 2 of 4 runs; with the capture thread (capthread.c) draining the
 * ring at -20 and the loop at -10, the ring lost none but the loop fell
 * up to 17 MiB (~2 s) behind and clients gave up on 1-5% of the echoes in
 * 4 of 8 runs; with both at SRV_NICE (CFS weight 88761 vs 1024, like ~87
 * ordinary tasks) 5 of 5 runs delivered 100% with the queue never past
 * two chunks.  The work is bounded by what clients send (sessions, echo
 * budgets), the threads stay preemptible, and --no-raise-priority keeps
 * the inherited value.  Set while privileged (raising needs
 * CAP_SYS_NICE), before the capture thread starts (it inherits it: nice
 * values are per thread on Linux); without the privilege both keep the
 * inherited priority.
 */
#define SRV_NICE (-20)

static void
raise_priority(const struct server *srv)
{
	int cur;

	if (srv->cfg->no_raise_priority)
		return;
	errno = 0;
	cur = getpriority(PRIO_PROCESS, 0);
	if (errno || cur <= SRV_NICE)
		return;
	if (setpriority(PRIO_PROCESS, 0, SRV_NICE) < 0 &&
	    srv->cfg->debug >= 1)
		sink_status(srv->sink, "Scheduling priority left at nice %d: "
			    "%s", cur, strerror(errno));
}

/* After priv_drop: it inherits the dropped privileges and the nice. */
static void
start_capture_thread(struct server *srv)
{
	struct errbuf eb = { { 0 } };

	if (srv_capthread_start(srv, &eb) < 0)
		srv_log(srv, SRV_LK_ERROR, 0, "%s; the event loop reads the "
			"captures itself", eb.msg);
}

/* This host's addresses now: a client from one of them is local. */
static void
snapshot_local(struct server *srv)
{
	struct netinfo_addr *a = NULL;
	struct errbuf eb = { { 0 } };
	size_t n = 0, i;

	if (netinfo_addrs(AF_UNSPEC, &a, &n, &eb) < 0 || n == 0) {
		free(a);
		return;
	}
	srv->local = calloc(n, sizeof(*srv->local));
	for (i = 0; srv->local && i < n; i++) {
		srv->local[i].af = a[i].family;
		memcpy(srv->local[i].ip, a[i].addr,
		       a[i].family == AF_INET6 ? 16 : 4);
	}
	srv->n_local = srv->local ? n : 0;
	free(a);
}

/*
 * Handshake pool: --max-handshakes, of which one source may hold a
 * sixteenth (at least 1); the rate allows bursts of twice a second's.
 */
#define SRV_POOL_SHARE 16

static int
setup_limits(struct server *srv)
{
	const struct config *cfg = srv->cfg;
	size_t pool = cfg->max_handshakes.v ? cfg->max_handshakes.v : 256;
	size_t share = pool / SRV_POOL_SHARE ? pool / SRV_POOL_SHARE : 1;
	unsigned rate = cfg->handshake_rate.v ? cfg->handshake_rate.v : 10;

	srv->table.per_net = cfg->max_sessions_per_net.v;
	if (srv_pool_init(&srv->pool, pool, share) < 0 ||
	    srv_hsrate_init(&srv->hsrate, rate, 2 * rate) < 0)
		return ERR_NOMEM;
	snapshot_local(srv);
	return 0;
}

/*
 * Last step of set-up: from here on the process may only use what it
 * holds (server/sandbox.h).  After the capture thread started, so the
 * filter never has to allow creating threads (TSYNC gives it to the
 * thread).  OpenSSL would read its configuration on the first session:
 * it does now.  A server that cannot have the filter does not start:
 * --no-seccomp is the explicit way to run without it.
 */
static int
install_sandbox(const struct server *srv, struct errbuf *eb)
{
	char why[ERRBUF_LEN];

	if (srv->cfg->no_seccomp)
		return 0;
	if (nep_crypto_preload() < 0) {
		errbuf_set(eb, "OpenSSL: cannot load AES-128-CBC, HMAC or "
			   "SHA-256, or seed its random generator");
		return ERR_SYS;
	}
	if (srv_sandbox_install(eb) == 0)
		return 0;
	snprintf(why, sizeof(why), "%s", eb->msg);
	errbuf_set(eb, "%s (--no-seccomp runs the server without it)", why);
	return ERR_SYS;
}

static int
server_setup(struct server *srv, struct errbuf *eb)
{
	const struct config *cfg = srv->cfg;
	size_t cap = cfg->max_sessions.v ? cfg->max_sessions.v : 32;
	size_t per = cfg->max_sessions_per_addr.v ?
		cfg->max_sessions_per_addr.v : 4;
	int rc;

	if ((rc = load_passphrase(srv, eb)) < 0)
		return rc == ERR_INVALID ? ERR_INVALID : rc;
	srv->base = event_base_new();
	srv->cand = calloc(cap, sizeof(*srv->cand));
	srv->dirty = calloc(cap, sizeof(*srv->dirty));
	if (!srv->base || !srv->cand || !srv->dirty ||
	    srv_table_init(&srv->table, cap, per) < 0 ||
	    srv_index_init(&srv->index, cap) < 0 || setup_limits(srv) < 0) {
		errbuf_set(eb, "out of memory");
		return ERR_NOMEM;
	}
	if ((rc = setup_captures(srv, eb)) < 0)
		return rc;
	if ((rc = setup_listeners(srv, eb)) < 0)
		return rc;
	if ((rc = setup_signals(srv)) < 0 || (rc = setup_logtick(srv)) < 0)
		return rc;
	raise_priority(srv);
	/* Every socket and capture is open: become --user (root: nobody by
	 * default) with no capability left (STYLE.md rule 9). */
	if ((rc = priv_drop(cfg->user, eb)) < 0)
		return rc;
	start_capture_thread(srv);
	return install_sandbox(srv, eb);
}

static void
print_ready(const struct server *srv)
{
	char names[1024];
	size_t i, o = 0;

	if (srv->cfg->verbosity >= 0) {
		for (i = 0; i < srv->n_caps && o < sizeof(names); i++)
			o += (size_t)snprintf(names + o, sizeof(names) - o,
					      "%s %s", i ? "," : "",
					      srv->caps[i].ifname);
		sink_status(srv->sink, "Packet capture will be performed "
			    "using network interface%s%s.",
			    srv->n_caps == 1 ? "" : "s", o ? names : "");
		sink_status(srv->sink, "Waiting for connections...");
	}
	print_bound(srv);
}

/* Ring drops of every capture, when any (-v). */
static void
report_capture_drops(const struct server *srv)
{
	struct capture_stats cs;
	struct errbuf eb = { { 0 } };
	unsigned long long drops = 0;
	size_t i;

	for (i = 0; i < srv->n_caps; i++)
		if (capture_stats(srv->caps[i].cap, &cs, &eb) == 0)
			drops += (unsigned long long)cs.dropped + cs.if_dropped;
	if (drops && srv->cfg->verbosity >= 1)
		sink_status(srv->sink, "Capture drops (ring full): %llu",
			    drops);
	drops = srv->ct.q ? capq_drops(srv->ct.q) : 0;
	if (drops && srv->cfg->verbosity >= 1)
		sink_status(srv->sink, "Capture drops (queue full): %llu",
			    drops);
	/* Two chunks are the normal hand-over; more: the loop fell behind
	 * the capture thread. */
	if (srv->ct.q && capq_peak_bytes(srv->ct.q) > 2 * CAPQ_CHUNK_BYTES &&
	    srv->cfg->verbosity >= 1)
		sink_status(srv->sink, "Capture queue peak: %zu KiB (the "
			    "event loop fell behind)",
			    capq_peak_bytes(srv->ct.q) / 1024);
}

static void
report(const struct server *srv)
{
	struct run_summary s;
	double secs = (double)(clock_mono_ns() - srv->start_ns) / 1e9;

	if (srv->cfg->verbosity >= 1 &&
	    (srv->n.drop_queue || srv->n.drop_budget || srv->n.refused ||
	     srv->n.replies || srv->n.evicted))
		sink_status(srv->sink, "Echoes dropped: %llu (queue full) | "
		       "%llu (over budget) | Reply echoes: %llu | Connections "
		       "refused: %llu | Idle handshakes closed: %llu",
		       (unsigned long long)srv->n.drop_queue,
		       (unsigned long long)srv->n.drop_budget,
		       (unsigned long long)srv->n.replies,
		       (unsigned long long)srv->n.refused,
		       (unsigned long long)srv->n.evicted);
	report_capture_drops(srv);
	if (srv->n.copies && srv->cfg->verbosity >= 1)
		sink_status(srv->sink, "Forwarded copies not echoed again: "
			    "%llu", (unsigned long long)srv->n.copies);
	if (srv->n.ties && srv->cfg->verbosity >= 1)
		sink_status(srv->sink, "Packets two sessions claimed equally "
			    "(echoed to neither): %llu",
			    (unsigned long long)srv->n.ties);
	memset(&s, 0, sizeof(s));
	s.mode = STATS_ECHO_SERVER;
	s.verbosity = srv->cfg->verbosity;
	s.prog = "npecho";
	s.captured_pkts = srv->n.captured_pkts;
	s.captured_bytes = srv->n.captured_bytes;
	s.echoed_pkts = srv->n.echoed_pkts;
	s.echoed_bytes = srv->n.echoed_bytes;
	s.unmatched_pkts = srv->n.unmatched_pkts;
	s.unmatched_bytes = srv->n.unmatched_bytes;
	s.tx_secs = secs;
	s.rx_secs = secs;
	s.n_done = srv->served;
	s.elapsed_secs = secs;
	sink_summary(srv->sink, &s);
}

int
echo_server_run(const struct config *cfg, uint64_t start_ns)
{
	struct errbuf eb = { { 0 } };
	struct server *srv = calloc(1, sizeof(*srv));
	int rc, status;

	if (!srv) {
		warnx("out of memory");
		return EXIT_FAILURE_STATUS;
	}
	srv->cfg = cfg;
	srv->start_ns = start_ns; /* clock_mono_ns(): CLOCK_MONOTONIC too */
	srv->sink = sink_new(cfg, start_ns, &eb); /* -w: before priv_drop */
	if (!srv->sink) {
		warnx("%s", eb.msg);
		free(srv);
		return EXIT_FAILURE_STATUS;
	}
	sink_starting(srv->sink);
	rc = server_setup(srv, &eb);
	if (rc < 0) {
		sink_error(srv->sink, -1, rc, "%s",
			   eb.msg[0] ? eb.msg : err_name(rc));
		server_free(srv);
		return rc == ERR_INVALID ? EXIT_USAGE : EXIT_FAILURE_STATUS;
	}
	print_ready(srv);
	event_base_dispatch(srv->base);
	srv_capthread_stop(srv); /* the captures are the loop's again */
	srv_conn_close_all(srv, srv->signo ? "server stopped by signal" :
			   "server shutting down");
	srv_log_flush(srv);
	report(srv);
	status = srv->signo == SIGINT ? EXIT_INTERRUPTED : 0;
	server_free(srv);
	return status;
}
