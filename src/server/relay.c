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
#include <string.h>

#include "echo/spec.h"
#include "server/server_int.h"
#include "server/srv_out.h"

#define DISPATCH_MAX 256

#define ETHERTYPE_IP4 0x0800
#define ETHERTYPE_IP6 0x86dd

/* The live session whose spec claims p, or NULL.  Sessions are offered
 * in slot order; nep_spec_best gives a tie to the later one, as nping
 * does with its session list. */
static struct srv_conn *
best_session(struct server *srv, const struct pkt *p,
	     const struct srv_addr *src)
{
	size_t j, k = 0;
	int i;

	for (j = 0; j < srv->table.cap; j++) {
		struct srv_conn *c = srv->table.slots[j].owner;

		if (!srv->table.slots[j].used || !c->spec || c->closing ||
		    !srv_addr_eq(&c->addr, src))
			continue;
		srv->specs[k] = c->spec;
		srv->owners[k++] = c;
	}
	i = nep_spec_best(srv->specs, k, p, NULL);
	return i >= 0 ? srv->owners[i] : NULL;
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

/* Queues one echo of srv->buf[0..len) to c and writes it out. */
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
		if (srv_now_ns() - c->progress_ns >= SRV_STALL_NS) {
			c->abort = 1;
			srv_conn_close(c, "send queue full, client not "
				       "reading");
		}
		return;
	}
	c->echoed++;
	c->echoed_bytes += len;
	c->last_ns = srv_now_ns();
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
	srv_conn_flush(c);
}

/* Returns the session the packet was handed to, or NULL. */
static struct srv_conn *
relay_packet(struct server *srv, size_t len)
{
	struct srv_addr src, dst;
	struct srv_conn *c;
	struct pkt p;

	if (pkt_decode(srv->buf, len, PKT_LINK_IP, &p) < 0 ||
	    srv_addr_of_pkt(&p, 0, &src) < 0 ||
	    srv_addr_of_pkt(&p, 1, &dst) < 0)
		return NULL;
	c = best_session(srv, &p, &src);
	if (c) {
		if (c->ext & NEP_EXT_REPLY_ECHO)
			srv_flows_add(&c->flows, &p);
		echo_to(c, &p, len, 0);
		return c;
	}
	c = reply_session(srv, &p, &dst);
	if (c)
		echo_to(c, &p, len, 1);
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
	size_t off = 0, len;

	if (capture_l3_offset(linktype, data, caplen, &off, &et) < 0 ||
	    (et != ETHERTYPE_IP4 && et != ETHERTYPE_IP6) || off >= caplen)
		return; /* the BPF keeps only IP; nothing to count */
	len = caplen - off;
	srv->n.captured_pkts++;
	srv->n.captured_bytes += len;
	if (len > sizeof(srv->buf))
		len = sizeof(srv->buf);
	memcpy(srv->buf, data + off, len);
	c = relay_packet(srv, len);
	if (!c) {
		srv->n.unmatched_pkts++;
		srv->n.unmatched_bytes += caplen - off;
	}
	srv_out_frame(sc, ts, data, caplen, wirelen, c, data + off, len);
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
}
