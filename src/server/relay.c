/* SPDX-License-Identifier: MIT */
/*
 * relay.c: captured packets to sessions.
 *
 * For each captured frame: find the IP header (capture_l3_offset), copy at
 * most NEP_ECHO_MAX_PKT bytes of the IP packet into the server's scratch
 * buffer, decode it, and score it against the PacketSpec of every live
 * session whose client address is the packet's source (nep_spec_best:
 * the best score at or above nping's threshold wins).  A packet no spec
 * claims may still be a reply of this host to a probe echoed to a session
 * that agreed the reply extension and whose client address is the reply's
 * destination.  The winner gets one NEP_ECHO (payload zeroed unless
 * --include-payloads), written out at once.  Nobody else sees the packet.
 *
 * Server policy (deviation from nping, whose matcher ignores addresses):
 * a session is only offered packets from (replies to) the address its
 * side channel came from, as accept() saw it, i.e. after any NAT.  A
 * client behind a NAT probes from the NAT's address, which is also the
 * side channel's, so it still gets its echoes; a client cannot get other
 * hosts' packets by sending a PacketSpec that matches them.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "echo/spec.h"
#include "net/clock.h"
#include "proto/eth.h"
#include "server/capq.h"
#include "server/dedup.h"
#include "server/index.h"
#include "server/server_int.h"
#include "server/srv_out.h"

#define DISPATCH_MAX 256

/*
 * The live session whose spec claims p, or NULL.  Only the index's
 * candidates are scored (server/index.h: the same winner as scoring every
 * spec).  Two sessions of one address with the best score tie: the packet
 * could be either's, so it goes to neither and is counted (nping gives a
 * tie to the later session of its list: one client could then take
 * another's probes by opening a session after it with the same spec).
 */
static struct srv_conn *
best_session(struct server *srv, const struct pkt *p,
	     const struct srv_addr *src)
{
	size_t n, k;
	int best = -1, best_score = -1, tie = 0;
	int thr = nep_spec_threshold(p);

	n = srv_index_candidates(&srv->index, p, srv->cand, srv->table.cap);
	for (k = 0; k < n; k++) {
		int slot = srv->cand[k], sc;
		struct srv_conn *c = srv->table.slots[slot].owner;

		if (!srv->table.slots[slot].used || !c->spec || c->closing ||
		    !srv_addr_eq(&c->addr, src))
			continue;
		sc = nep_spec_score(c->spec, p);
		if (sc == best_score)
			tie = 1;
		if (sc > best_score) {
			best_score = sc;
			best = slot;
			tie = 0;
		}
	}
	if (thr < 0 || best < 0 || best_score < thr)
		return NULL;
	if (tie) {
		srv->n.ties++;
		return NULL;
	}
	return srv->table.slots[best].owner;
}

/* A session with the reply extension that echoed the probe p answers;
 * dst is p's destination (the session's client address). */
static struct srv_conn *
reply_session(struct server *srv, const struct pkt *p,
	      const struct srv_addr *dst)
{
	size_t j;

	for (j = 0; j < srv->table.cap; j++) {
		struct srv_conn *c = srv->table.slots[j].owner;

		if (!srv->table.slots[j].used || !c->spec || c->closing ||
		    !(c->ext & NEP_EXT_REPLY_ECHO) ||
		    !srv_addr_eq(&c->addr, dst))
			continue;
		if (srv_flows_is_reply(&c->flows, p))
			return c;
	}
	return NULL;
}

/*
 * Safe payloads for a reply echo: an ICMP error keeps the headers it
 * quotes (the client's own probe, all the client has to tell which probe
 * it answers); only the data after the quoted transport header is zeroed.
 */
static void
erase_reply(uint8_t *buf, size_t len, const struct pkt *p)
{
	struct pkt q;

	if (!(p->layers & PKT_HAS_QUOTE) || p->quote_off >= len ||
	    pkt_decode_quote(p, &q) < 0) {
		nep_erase_payload(buf, len, p);
		return;
	}
	nep_erase_payload(buf + p->quote_off, len - p->quote_off, &q);
}

/* c has output to write once this batch of frames is relayed. */
static void
mark_dirty(struct server *srv, struct srv_conn *c)
{
	if (c->dirty || srv->n_dirty >= srv->table.cap)
		return;
	c->dirty = 1;
	srv->dirty[srv->n_dirty++] = c->slot;
}

/*
 * Writes the output of every session echoed to during the batch: one
 * send() per session per batch instead of one per echo.  A slot whose
 * conn was closed (and maybe reused) meanwhile has no dirty conn.
 */
static void
flush_dirty(struct server *srv)
{
	size_t i;

	for (i = 0; i < srv->n_dirty; i++) {
		struct srv_slot *sl = &srv->table.slots[srv->dirty[i]];
		struct srv_conn *c = sl->owner;

		if (!sl->used || !c->dirty)
			continue;
		c->dirty = 0;
		srv_conn_flush(c);
	}
	srv->n_dirty = 0;
}

/* Queues one echo of srv->buf[0..len) to c; written after the batch. */
static void
echo_to(struct srv_conn *c, const struct pkt *p, size_t len, int reply)
{
	struct server *srv = c->srv;
	int rc;

	if (c->echoed >= c->budget) {
		if (c->drop_budget++ == 0)
			srv_log(srv, SRV_LK_SESSION, 1,
				"Client #%llu (%s): echo budget of %llu "
				"packets used up", (unsigned long long)c->num,
				c->peer, (unsigned long long)c->budget);
		srv->n.drop_budget++;
		return;
	}
	if (srv->cfg->safe_payloads && reply)
		erase_reply(srv->buf, len, p);
	else if (srv->cfg->safe_payloads)
		nep_erase_payload(srv->buf, len, p);
	rc = nep_session_echo(c->s, 0, srv->buf, len,
			      reply ? NEP_ECHO_FLAG_REPLY : 0);
	if (rc < 0) {
		c->drop_queue++;
		srv->n.drop_queue++;
		if (clock_mono_ns() - c->progress_ns >= SRV_STALL_NS) {
			c->abort = 1;
			srv_conn_close(c, "send queue full, client not "
				       "reading");
		}
		return;
	}
	c->echoed++;
	c->echoed_bytes += len;
	c->last_ns = clock_mono_ns();
	srv->n.echoed_pkts++;
	srv->n.echoed_bytes += len;
	if (reply) {
		c->replies++;
		srv->n.replies++;
	}
	if (srv->cfg->debug >= 2)
		srv_log(srv, SRV_LK_ECHO, 0,
			"Client #%llu: echoed %s%s%s (%zu bytes)",
			(unsigned long long)c->num,
			p->layers & PKT_HAS_IP6 ? "IPv6" : "IPv4",
			p->layers & PKT_HAS_TCP ? ":TCP" :
			p->layers & PKT_HAS_UDP ? ":UDP" :
			p->layers & PKT_HAS_ICMP4 ? ":ICMPv4" :
			p->layers & PKT_HAS_ICMP6 ? ":ICMPv6" : "",
			reply ? " reply" : "", len);
	mark_dirty(srv, c);
}

/* Where the bytes an erased echo keeps end (nep_erase_payload: through
 * the transport header, else the first 40). */
static size_t
kept_end(const struct pkt *p)
{
	if ((p->layers & PKT_HAS_TCP) && p->tcp.doff >= 5)
		return p->l4_off + (size_t)p->tcp.doff * 4;
	if (p->layers & (PKT_HAS_UDP | PKT_HAS_ICMP4 | PKT_HAS_ICMP6))
		return p->l4_off + 8;
	return 40;
}

/* The same, for reply echoes of ICMP errors: the quoted headers too. */
static size_t
kept_end_reply(const struct pkt *p)
{
	struct pkt q;

	if (!(p->layers & PKT_HAS_QUOTE) || pkt_decode_quote(p, &q) < 0)
		return kept_end(p);
	return p->quote_off + kept_end(&q);
}

/*
 * Decodes srv->buf: caplen bytes captured of an IP packet of wire bytes.
 * When the snaplen cut it and payloads are erased anyway (server.c sizes
 * the snaplen for headers), the missing bytes are the zeros the echo
 * would carry: the packet is padded back to its length (at most a
 * NEP_ECHO's).  If the headers an echo keeps were themselves cut, the
 * packet is echoed as captured.  Returns the length to echo, 0 if the
 * packet does not decode.
 */
static size_t
decode_padded(struct server *srv, size_t caplen, size_t wire, struct pkt *p)
{
	size_t len = caplen;

	if (wire > caplen && srv->cfg->safe_payloads) {
		len = wire < sizeof(srv->buf) ? wire : sizeof(srv->buf);
		memset(srv->buf + caplen, 0, len - caplen);
	}
	if (pkt_decode(srv->buf, len, PKT_LINK_IP, p) < 0)
		return 0;
	if (len > caplen && (kept_end(p) > caplen ||
			     kept_end_reply(p) > caplen)) {
		len = caplen;
		if (pkt_decode(srv->buf, len, PKT_LINK_IP, p) < 0)
			return 0;
	}
	return len;
}

/* True when srv->buf[0..len), about to be echoed, is a forwarding
 * host's second capture of a packet already echoed (server/dedup.h). */
static int
forwarded_copy(struct server *srv, size_t len, unsigned cap, uint64_t t_ns)
{
	uint64_t h;
	uint8_t ttl;

	if (srv->n_caps < 2 || srv_dedup_key(srv->buf, len, &h, &ttl) < 0 ||
	    !srv_dedup_check(&srv->dedup, h, ttl, cap, t_ns))
		return 0;
	srv->n.copies++;
	return 1;
}

/* Returns the session the packet was handed to, or NULL.  cap: the
 * capture's number; t_ns: its capture time. */
static struct srv_conn *
relay_packet(struct server *srv, size_t caplen, size_t wire, unsigned cap,
	     uint64_t t_ns)
{
	struct srv_addr src, dst;
	struct srv_conn *c;
	struct pkt p;
	size_t len = decode_padded(srv, caplen, wire, &p);
	int reply = 0;

	if (len == 0 || srv_addr_of_pkt(&p, 0, &src) < 0 ||
	    srv_addr_of_pkt(&p, 1, &dst) < 0)
		return NULL;
	c = best_session(srv, &p, &src);
	if (c && (c->ext & NEP_EXT_REPLY_ECHO))
		srv_flows_add(&c->flows, &p);
	if (!c) {
		c = reply_session(srv, &p, &dst);
		reply = 1;
	}
	if (c && !forwarded_copy(srv, len, cap, t_ns))
		echo_to(c, &p, len, reply);
	return c;
}

static void
on_frame(void *arg, const struct timespec *ts, const uint8_t *data,
	 size_t caplen, size_t wirelen, int linktype)
{
	struct srv_capture *sc = arg;
	struct server *srv = sc->srv;
	struct srv_conn *c;
	uint16_t et = 0;
	size_t off = 0, len, wire;

	if (capture_l3_offset(linktype, data, caplen, &off, &et) < 0 ||
	    (et != ETHERTYPE_IP4 && et != ETHERTYPE_IP6) || off >= caplen)
		return; /* the BPF keeps only IP; nothing to count */
	len = caplen - off;
	wire = wirelen > off ? wirelen - off : len;
	srv->n.captured_pkts++;
	srv->n.captured_bytes += wire;
	if (len > sizeof(srv->buf))
		len = sizeof(srv->buf);
	memcpy(srv->buf, data + off, len);
	c = relay_packet(srv, len, wire, (unsigned)(sc - srv->caps),
			 (uint64_t)ts->tv_sec * 1000000000ull +
			 (uint64_t)ts->tv_nsec);
	if (!c) {
		srv->n.unmatched_pkts++;
		srv->n.unmatched_bytes += wire;
	}
	srv_out_frame(sc, ts, data, caplen, wirelen, c, data + off, len);
}

/* Frames the loop takes from the capture thread's queue before it writes
 * the echoes out and lets other events run (it comes back at once): as
 * many as one capture_dispatch() handles without the thread.  A batch
 * also ends once it has taken QUEUE_SLICE_NS of wall time (looked at every
 * QUEUE_CLOCK_EVERY frames): on a host that keeps the server off the CPU
 * (a CPU quota, an overloaded box) 256 echoes could take longer than the
 * client's end wait, and the echoes done so far would sit unsent. */
#define QUEUE_BATCH DISPATCH_MAX
#define QUEUE_SLICE_NS 2000000ull
#define QUEUE_CLOCK_EVERY 16
/* Within a batch, the echoes are written every QUEUE_FLUSH_EVERY frames:
 * a batch of 256 takes ~1.5 ms at 100,000 echoes/s on the bench, and its
 * first echo waited for its last (p99 1.1-2 ms); 32 frames is ~0.2 ms,
 * and at most one more send() per session per 32 echoes. */
#define QUEUE_FLUSH_EVERY 32

static void
queue_failures(struct server *srv)
{
	size_t i;

	for (i = 0; i < srv->n_caps; i++) {
		struct srv_capture *sc = &srv->caps[i];

		if (sc->reported || !atomic_load(&sc->failed))
			continue;
		sc->reported = 1;
		srv_log(srv, SRV_LK_ERROR, 0, "capture on %s: %s; capture "
			"stopped", sc->ifname, sc->err);
	}
}

void
srv_queue_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;
	const struct capq_frame *f;
	uint64_t v, t0 = clock_mono_ns();
	int n = 0, more = 0;

	(void)what;
	if (read(fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		return;
	/* Before draining: a frame queued from now on wakes us again. */
	atomic_store(&srv->ct.pending, 0);
	while ((f = capq_peek(srv->ct.q)) != NULL) {
		struct timespec ts = { .tv_sec = (time_t)f->sec,
				       .tv_nsec = f->nsec };

		if (f->cap < srv->n_caps)
			on_frame(&srv->caps[f->cap], &ts, f->data, f->caplen,
				 f->wirelen, f->linktype);
		capq_pop(srv->ct.q);
		if (++n % QUEUE_FLUSH_EVERY == 0)
			flush_dirty(srv);
		if (n == QUEUE_BATCH ||
		    (n % QUEUE_CLOCK_EVERY == 0 &&
		     clock_mono_ns() - t0 >= QUEUE_SLICE_NS)) {
			more = 1;
			break;
		}
	}
	flush_dirty(srv);
	queue_failures(srv);
	if (more)
		event_active(srv->ct.ev, EV_READ, 0);
}

void
srv_capture_cb(evutil_socket_t fd, short what, void *arg)
{
	struct srv_capture *sc = arg;
	struct errbuf eb = { { 0 } };

	(void)fd;
	(void)what;
	if (capture_dispatch(sc->cap, DISPATCH_MAX, on_frame, sc, &eb) < 0) {
		srv_log(sc->srv, SRV_LK_ERROR, 0,
			"capture on %s: %s; capture stopped",
			sc->ifname, eb.msg);
		event_del(sc->ev);
	}
	flush_dirty(sc->srv);
}
