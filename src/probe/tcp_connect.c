/* SPDX-License-Identifier: MIT */
/*
 * tcp_connect.c: TCP-Connect mode (non-root --tcp, or --tcp-connect).
 *
 * Every probe is one nonblocking connect() from a fresh socket.  The
 * handshake is done when the socket turns writable with SO_ERROR 0
 * ("Handshake with ... completed"); any error there is reported as Nping
 * does ("Possible TCP RST received from ... --> {strerror}"), refused and
 * unreachable alike.  A connect that never finishes prints nothing.  RTT is
 * the time connect() took.  With -g every socket binds that source port;
 * those sockets are closed with an RST (SO_LINGER 0) so that the port is
 * free again for the next round (Nping's would sit in TIME_WAIT).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/clock.h"
#include "output/lines.h"
#include "output/sink.h"
#include "probe/base_int.h"
#include "probe/probe.h"

#define TC_MAX_PENDING 1024
#define TC_BYTES_SENT 80  /* Nping's nominal counts per attempt / success */
#define TC_BYTES_RCVD 40

struct tc_pending {
	int fd;
	size_t target;
	uint16_t port;
	uint64_t send_ns;
	uint64_t probe;        /* 1, 2, ... in send order */
};

struct tc_state {
	struct run_base b;
	struct tc_pending p[TC_MAX_PENDING];
	size_t n;
};

/* --json: the line as a `sent` or `rcvd` event with a "sock" object. */
static void
tc_event(const struct run_base *b, enum mode_event ev, uint64_t ns,
	 const struct tc_pending *p, const char *err)
{
	const struct probe_target *tg = &b->targets[p->target];
	struct json_sock_event e;

	memset(&e, 0, sizeof(e));
	e.event = ev == EV_TCP_START ? "sent" : "rcvd";
	e.t_ns = ns;
	e.probe = (int64_t)p->probe;
	e.proto = "tcp";
	e.peer = tg->ip;
	e.name = tg->name;
	e.port = p->port;
	e.rtt_ns = ev == EV_TCP_START ? -1 : (int64_t)(ns - p->send_ns);
	if (ev != EV_TCP_START)
		e.result = ev == EV_TCP_DONE ? "connected" : "failed";
	e.reason = err;
	sink_sock(b->sink, &e);
}

static void
tc_line(const struct run_base *b, enum mode_event ev, uint64_t ns,
	const struct tc_pending *p, const char *err)
{
	const struct probe_target *tg = &b->targets[p->target];
	char line[1024];

	tc_event(b, ev, ns, p, err); /* JSON: the sink writes it, text: not */
	if (b->cfg->verbosity < 0 || (ev == EV_TCP_START && b->cfg->hide_sent))
		return;
	line_format_mode(ev, base_rel(b, ns), tg->name, tg->ip, p->port, 0,
			 err, line, sizeof(line));
	sink_status(b->sink, "%s", line);
}

static void
tc_close(struct tc_state *s, size_t i)
{
	if (s->b.cfg->sport.set) {
		struct linger lg = { 1, 0 };

		setsockopt(s->p[i].fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	}
	close(s->p[i].fd);
	s->p[i] = s->p[--s->n];
}

/* Settles pending connect i with error err (0: handshake done) at now. */
static void
tc_finish(struct tc_state *s, size_t i, int err, uint64_t now)
{
	struct tc_pending *p = &s->p[i];
	struct run_base *b = &s->b;

	if (err == 0) {
		base_note_rcvd(b, p->target, TC_BYTES_RCVD);
		base_add_rtt(b, p->target, (double)(now - p->send_ns) / 1e6);
		tc_line(b, EV_TCP_DONE, now, p, NULL);
	} else {
		tc_line(b, EV_TCP_RST, now, p, strerror(err));
	}
	tc_close(s, i);
}

static int
tc_socket(const struct run_base *b, int af)
{
	const struct config *cfg = b->cfg;
	int fd, one = 1;

	fd = socket(af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (cfg->iface)
		(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cfg->iface,
				 (socklen_t)strlen(cfg->iface));
	if (cfg->sport.set) {
		struct sockaddr_storage ss;
		socklen_t len;

		memset(&ss, 0, sizeof(ss));
		ss.ss_family = (sa_family_t)af;
		if (af == AF_INET6) {
			((struct sockaddr_in6 *)&ss)->sin6_port =
				htons((uint16_t)cfg->sport.v);
			len = sizeof(struct sockaddr_in6);
		} else {
			((struct sockaddr_in *)&ss)->sin_port =
				htons((uint16_t)cfg->sport.v);
			len = sizeof(struct sockaddr_in);
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

static void
tc_set_port(struct probe_target *tg, uint16_t port)
{
	if (tg->af == AF_INET6)
		((struct sockaddr_in6 *)&tg->sa)->sin6_port = htons(port);
	else
		((struct sockaddr_in *)&tg->sa)->sin_port = htons(port);
}

static void
tc_probe(void *arg, uint64_t k)
{
	struct tc_state *s = arg;
	struct run_base *b = &s->b;
	struct probe_target *tg;
	struct tc_pending *p;
	size_t pi, t;
	uint64_t now;
	int fd, rc, err;

	base_coords(b, k, NULL, &pi, &t);
	tg = &b->targets[t];
	if (s->n == TC_MAX_PENDING)
		tc_close(s, 0);
	tc_set_port(tg, b->ports[pi]);
	fd = tc_socket(b, tg->af);
	now = clock_mono_ns();
	if (fd < 0) {
		sink_error(b->sink, (int64_t)k + 1, ERR_SYS,
			   "connect to %s:%u failed: %s", tg->ip, b->ports[pi],
			   strerror(errno));
		return;
	}
	base_note_sent(b, t, TC_BYTES_SENT, now);
	p = &s->p[s->n++];
	*p = (struct tc_pending){ fd, t, b->ports[pi], now, k + 1 };
	tc_line(b, EV_TCP_START, now, p, NULL);
	rc = connect(fd, (struct sockaddr *)&tg->sa, tg->salen);
	err = rc == 0 ? 0 : errno;
	if (err != EINPROGRESS)
		tc_finish(s, s->n - 1, err, clock_mono_ns());
}

/* Serves pending connects until deadline (CLOCK_MONOTONIC ns), or with
 * until_settled until none is pending. */
static void
tc_wait(void *arg, uint64_t deadline, int until_settled)
{
	struct tc_state *s = arg;
	struct pollfd pfd[TC_MAX_PENDING];
	struct timespec ts;
	uint64_t now;
	size_t i;
	int err;
	socklen_t el;

	while (!run_stopped() && (now = clock_mono_ns()) < deadline) {
		if (until_settled && s->n == 0)
			return;
		for (i = 0; i < s->n; i++)
			pfd[i] = (struct pollfd){ s->p[i].fd, POLLOUT, 0 };
		ts.tv_sec = (time_t)((deadline - now) / 1000000000);
		ts.tv_nsec = (long)((deadline - now) % 1000000000);
		if (ppoll(pfd, s->n, &ts, NULL) <= 0)
			continue;
		now = clock_mono_ns();
		for (i = s->n; i-- > 0;) {
			if (!pfd[i].revents)
				continue;
			err = 0;
			el = sizeof(err);
			getsockopt(pfd[i].fd, SOL_SOCKET, SO_ERROR, &err, &el);
			tc_finish(s, i, err, now);
		}
		sink_flush_lines(s->b.sink);
	}
}

static const struct run_ops tc_ops = { NULL, tc_probe, tc_wait, NULL };

int
tcp_connect_run(const struct config *cfg, uint64_t start_ns)
{
	struct tc_state *s = calloc(1, sizeof(*s));
	int status;

	if (!s) {
		warnx("out of memory");
		return EXIT_FAILURE_STATUS;
	}
	status = base_sock_open(&s->b, cfg, start_ns, 80);
	if (status) {
		free(s);
		return status;
	}
	base_loop(&s->b, &tc_ops, s);
	while (s->n > 0)
		tc_close(s, 0);
	status = base_report(&s->b, STATS_TCP_CONNECT);
	base_free(&s->b);
	free(s);
	return status;
}
