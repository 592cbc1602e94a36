/* SPDX-License-Identifier: MIT */
/*
 * udp_unpriv.c: UDP-Unprivileged mode (non-root --udp without raw-only options).
 *
 * One plain UDP socket per run (bound to -g when given), unconnected, with
 * IP_RECVERR / IPV6_RECVERR so that ICMP errors for any target come back
 * on the error queue together with the destination they concern.  Each
 * probe is a datagram carrying the payload (4 zero bytes by default, as
 * Nping).  A datagram from target:port is "RCVD ... UDP packet with {n}
 * bytes from {ip}:{port}", timed against the last probe sent to that
 * target and port; an error is "ERR: ({t}s) READ to {ip}:{port} failed:
 * {strerror}" on stderr (verbosity >= -2).  Unlike Nping, -H hides the SENT
 * lines here too.
 */
#include <errno.h>
#include <time.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
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

#define UU_BUF 65536

struct uu_state {
	struct run_base b;
	int fd;
	/* Per (target, port index), at [target * n_ports + port]: the send
	 * time (0: none outstanding) and number of the last probe. */
	uint64_t *last_send;
	uint64_t *last_probe;
	uint64_t outstanding;  /* probes with no answer and no error yet */
	uint8_t buf[UU_BUF];
};

static const uint8_t uu_default_payload[4];

/* Index of (target t, port index pi) in last_send / last_probe. */
static size_t
uu_slot(const struct run_base *b, size_t t, size_t pi)
{
	return t * b->n_ports + pi;
}

/* The target and port index a peer address stands for; -1 if none. */
static long
uu_find(const struct run_base *b, const struct sockaddr_storage *ss,
	size_t *pi)
{
	const uint8_t *a;
	uint16_t port;
	size_t i;
	long p;

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;

		a = (const uint8_t *)&s6->sin6_addr;
		port = ntohs(s6->sin6_port);
	} else {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;

		a = (const uint8_t *)&s4->sin_addr;
		port = ntohs(s4->sin_port);
	}
	p = base_port_index(b, port);
	if (p < 0)
		return -1;
	*pi = (size_t)p;
	for (i = 0; i < b->n_targets; i++)
		if (b->targets[i].af == ss->ss_family &&
		    !memcmp(b->targets[i].addr, a,
			    ss->ss_family == AF_INET6 ? 16 : 4))
			return (long)i;
	return -1;
}

static int
uu_socket(const struct config *cfg)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	fd = socket(cfg->af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (cfg->af == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one));
	else
		setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
	if (cfg->iface)
		(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cfg->iface,
				 (socklen_t)strlen(cfg->iface));
	if (!cfg->sport.set)
		return fd;
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)cfg->af;
	if (cfg->af == AF_INET6) {
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)cfg->sport.v);
		len = sizeof(struct sockaddr_in6);
	} else {
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)cfg->sport.v);
		len = sizeof(struct sockaddr_in);
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* --json: a `sent` / `rcvd` event, or an `error` event for EV_UDP_ERR. */
static void
uu_event(const struct uu_state *s, enum mode_event ev, uint64_t ns, size_t t,
	 size_t pi, int64_t probe, size_t n, const char *msg, const char *err)
{
	const struct run_base *b = &s->b;
	const struct probe_target *tg = &b->targets[t];
	uint64_t sent = s->last_send[uu_slot(b, t, pi)];
	struct json_sock_event e;

	memset(&e, 0, sizeof(e));
	e.event = ev == EV_UDP_SENT ? "sent" : ev == EV_UDP_RCVD ? "rcvd" :
		"error";
	e.t_ns = ns;
	e.probe = probe;
	e.proto = "udp";
	e.peer = tg->ip;
	e.name = tg->name;
	e.port = b->ports[pi];
	e.has_payload = ev != EV_UDP_ERR;
	e.payload_len = n;
	e.rtt_ns = ev == EV_UDP_RCVD && sent && ns >= sent ?
		(int64_t)(ns - sent) : -1;
	e.reason = err;
	if (ev == EV_UDP_ERR) {
		e.code = ERR_SYS;
		e.msg = msg;
	}
	sink_sock(b->sink, &e);
}

/*
 * One mode line; probe is the probe it concerns (< 0: unknown).  Errors go
 * to stderr as Nping prints them, and with --json also to stdout as an
 * `error` event.  Call before last_send is cleared (the rcvd RTT).
 */
static void
uu_mode_line(const struct uu_state *s, enum mode_event ev, uint64_t ns,
	     size_t t, size_t pi, int64_t probe, size_t n, const char *err)
{
	const struct run_base *b = &s->b;
	const struct probe_target *tg = &b->targets[t];
	const char *msg;
	char line[1024];

	line_format_mode(ev, base_rel(b, ns), NULL, tg->ip, b->ports[pi], n,
			 err, line, sizeof(line));
	if (ev == EV_UDP_ERR && b->cfg->verbosity >= -2)
		fprintf(stderr, "%s\n", line);
	/* JSON (the sink writes it, text does not): "ERR: (0.0020s) READ to
	 * ..." -> "READ to ...". */
	msg = strstr(line, ") ");
	uu_event(s, ev, ns, t, pi, probe, n, msg ? msg + 2 : line, err);
	if (ev == EV_UDP_ERR || b->cfg->verbosity < 0 ||
	    (ev == EV_UDP_SENT && b->cfg->hide_sent))
		return;
	sink_status(b->sink, "%s", line);
}

static void
uu_probe(void *arg, uint64_t k)
{
	struct uu_state *s = arg;
	struct run_base *b = &s->b;
	const struct config *cfg = b->cfg;
	int own = cfg->payload_kind != PAYLOAD_NONE;
	const uint8_t *pl = own ? cfg->payload : uu_default_payload;
	size_t len = own ? cfg->payload_len : sizeof(uu_default_payload);
	struct probe_target *tg;
	size_t pi, t, slot;
	uint64_t now;
	ssize_t n;

	base_coords(b, k, NULL, &pi, &t);
	tg = &b->targets[t];
	slot = uu_slot(b, t, pi);
	if (tg->af == AF_INET6)
		((struct sockaddr_in6 *)&tg->sa)->sin6_port = htons(b->ports[pi]);
	else
		((struct sockaddr_in *)&tg->sa)->sin_port = htons(b->ports[pi]);
	now = clock_mono_ns();
	n = sendto(s->fd, pl, len, 0, (struct sockaddr *)&tg->sa, tg->salen);
	if (n < 0) {
		uu_mode_line(s, EV_UDP_ERR, now, t, pi, (int64_t)k + 1, 0,
			     strerror(errno));
		return;
	}
	base_note_sent(b, t, (uint64_t)n, now);
	if (!s->last_send[slot])
		s->outstanding++;
	s->last_send[slot] = now;
	s->last_probe[slot] = k + 1;
	uu_mode_line(s, EV_UDP_SENT, now, t, pi, (int64_t)k + 1, (size_t)n,
		     NULL);
}

/* One datagram from the socket; 0 when there was none. */
static int
uu_read_data(struct uu_state *s)
{
	struct run_base *b = &s->b;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	uint64_t now, sent;
	ssize_t n;
	size_t pi, slot;
	long t;

	n = recvfrom(s->fd, s->buf, sizeof(s->buf), 0, (struct sockaddr *)&ss,
		     &sl);
	if (n < 0)
		return 0;
	now = clock_mono_ns();
	t = uu_find(b, &ss, &pi);
	if (t < 0)
		return 1;
	slot = uu_slot(b, (size_t)t, pi);
	base_note_rcvd(b, (size_t)t, (uint64_t)n);
	uu_mode_line(s, EV_UDP_RCVD, now, (size_t)t, pi,
		     s->last_probe[slot] ? (int64_t)s->last_probe[slot] : -1,
		     (size_t)n, NULL);
	sent = s->last_send[slot];
	if (sent) {
		base_add_rtt(b, (size_t)t, (double)(now - sent) / 1e6);
		s->last_send[slot] = 0;
		s->outstanding--;
	}
	return 1;
}

/* One error from the error queue; 0 when there was none. */
static int
uu_read_error(struct uu_state *s)
{
	struct run_base *b = &s->b;
	union {
		char b[512];
		struct cmsghdr align;
	} cb;
	struct sockaddr_storage ss;
	struct iovec iov = { s->buf, sizeof(s->buf) };
	struct msghdr h;
	struct cmsghdr *c;
	struct sock_extended_err ee;
	int have = 0;
	size_t pi, slot;
	long t;

	memset(&h, 0, sizeof(h));
	memset(&ss, 0, sizeof(ss));
	h.msg_name = &ss;
	h.msg_namelen = sizeof(ss);
	h.msg_iov = &iov;
	h.msg_iovlen = 1;
	h.msg_control = cb.b;
	h.msg_controllen = sizeof(cb.b);
	if (recvmsg(s->fd, &h, MSG_ERRQUEUE) < 0)
		return 0;
	for (c = CMSG_FIRSTHDR(&h); c; c = CMSG_NXTHDR(&h, c)) {
		if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) ||
		    (c->cmsg_level == IPPROTO_IPV6 &&
		     c->cmsg_type == IPV6_RECVERR)) {
			memcpy(&ee, CMSG_DATA(c), sizeof(ee));
			have = 1;
		}
	}
	t = have ? uu_find(b, &ss, &pi) : -1;
	if (t < 0)
		return 1;
	slot = uu_slot(b, (size_t)t, pi);
	uu_mode_line(s, EV_UDP_ERR, clock_mono_ns(), (size_t)t, pi,
		     s->last_probe[slot] ? (int64_t)s->last_probe[slot] : -1,
		     0, strerror((int)ee.ee_errno));
	if (s->last_send[slot]) {
		s->last_send[slot] = 0;
		s->outstanding--;
	}
	return 1;
}

/* Serves the socket until deadline (CLOCK_MONOTONIC ns). */
static void
uu_wait(void *arg, uint64_t deadline, int until_answered)
{
	struct uu_state *s = arg;
	struct pollfd pfd;
	struct timespec ts;
	uint64_t now;

	while (!run_stopped() && (now = clock_mono_ns()) < deadline) {
		/* -N: nothing is read after the last probe. */
		if (until_answered &&
		    (s->outstanding == 0 || s->b.cfg->no_capture))
			return;
		pfd = (struct pollfd){ s->fd, POLLIN, 0 };
		ts.tv_sec = (time_t)((deadline - now) / 1000000000);
		ts.tv_nsec = (long)((deadline - now) % 1000000000);
		if (ppoll(&pfd, 1, &ts, NULL) <= 0)
			continue;
		while (uu_read_error(s) || uu_read_data(s))
			;
		sink_flush_lines(s->b.sink);
	}
}

static const struct run_ops uu_ops = { NULL, uu_probe, uu_wait, NULL };

static void
uu_free(struct uu_state *s)
{
	if (s->fd >= 0)
		close(s->fd);
	free(s->last_send);
	free(s->last_probe);
	base_free(&s->b);
	free(s);
}

int
udp_unpriv_run(const struct config *cfg, uint64_t start_ns)
{
	struct uu_state *s = calloc(1, sizeof(*s));
	size_t n;
	int status;

	if (!s) {
		warnx("out of memory");
		return EXIT_FAILURE_STATUS;
	}
	s->fd = -1;
	status = base_sock_open(&s->b, cfg, start_ns, 40125);
	if (status) {
		free(s);
		return status;
	}
	n = s->b.n_targets * s->b.n_ports;
	s->last_send = calloc(n, sizeof(*s->last_send));
	s->last_probe = calloc(n, sizeof(*s->last_probe));
	if (!s->last_send || !s->last_probe) {
		sink_error(s->b.sink, -1, ERR_NOMEM, "%s", err_name(ERR_NOMEM));
		uu_free(s);
		return EXIT_FAILURE_STATUS;
	}
	s->fd = uu_socket(cfg);
	if (s->fd < 0) {
		sink_error(s->b.sink, -1, ERR_SYS,
			   "-g: cannot bind UDP source port %u: %s",
			   (unsigned)cfg->sport.v, strerror(errno));
		uu_free(s);
		return EXIT_FAILURE_STATUS;
	}
	base_loop(&s->b, &uu_ops, s);
	status = base_report(&s->b, STATS_UDP_UNPRIV);
	uu_free(s);
	return status;
}
