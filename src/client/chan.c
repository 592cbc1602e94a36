/* SPDX-License-Identifier: MIT */
/*
 * chan.c: the echo client's side channel: non-blocking TCP connect, the
 * NEP handshake (bytes in, events out, via echo/session.h) and the
 * service of the socket during the run.
 *
 * Every failure prints one line saying which side gave up and why.  The
 * stage of the handshake is known from the bytes written: HS_CLIENT is the
 * first 144, PACKET_SPEC the next 160.  A server that closes after our
 * HS_CLIENT rejected our keys (nping's server checks its MAC and just
 * closes); one that closes after PACKET_SPEC rejected the specification.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client/client_int.h"
#include "net/clock.h"
#include "output/sink.h"
#include "util/esc.h"

#define AUTH_LINE "authentication failed: the server's handshake did not " \
	"verify (wrong passphrase?)"

static int
wait_fd(int fd, short events, uint64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	uint64_t now;
	int rc;

	for (;;) {
		now = clock_mono_ns();
		if (now >= deadline || run_stopped())
			return 0;
		rc = poll(&pfd, 1, (int)((deadline - now) / 1000000) + 1);
		if (rc > 0)
			return 1;
		if (rc < 0 && errno != EINTR)
			return -1;
	}
}

/*
 * With -S the probes leave from that address, and the server echoes only
 * packets from the side channel's own address: the side channel leaves
 * from it too.  An address this host does not own (spoofed probes) cannot
 * be bound; the side channel then leaves as routed, and says so at -v.
 */
static void
bind_source(struct echo_client *c, const struct probe_target *tg)
{
	const struct cfg_addr *src = &c->cfg->source_ip;
	struct sockaddr_storage ss;
	socklen_t sl;

	if (!src->set || !src->resolved || src->random || src->af != tg->af)
		return;
	memset(&ss, 0, sizeof(ss));
	if (tg->af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, &src->addr, 16);
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, &src->addr, 4);
		sl = sizeof(*s4);
	}
	if (bind(c->fd, (struct sockaddr *)&ss, sl) < 0 &&
	    c->cfg->verbosity >= 1)
		warnx("-S %s: the side channel leaves as routed (%s): the "
		      "server echoes only probes from its address",
		      src->str ? src->str : "", strerror(errno));
}

int
ec_connect(struct echo_client *c, const struct probe_target *tg,
	   uint16_t port)
{
	struct sockaddr_storage sa = tg->sa;
	socklen_t len = sizeof(int);
	int err = 0, rc;

	snprintf(c->server, sizeof(c->server), tg->af == AF_INET6 ?
		 "[%s]:%u" : "%s:%u", tg->ip, port);
	if (tg->af == AF_INET6)
		((struct sockaddr_in6 *)&sa)->sin6_port = htons(port);
	else
		((struct sockaddr_in *)&sa)->sin_port = htons(port);
	c->fd = socket(tg->af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		err = errno;
		goto out;
	}
	bind_source(c, tg);
	if (connect(c->fd, (struct sockaddr *)&sa, tg->salen) == 0)
		return 0;
	if (errno != EINPROGRESS) {
		err = errno;
		goto out;
	}
	rc = wait_fd(c->fd, POLLOUT, clock_mono_ns() + EC_STEP_NS);
	if (rc == 0)
		err = run_stopped() ? EINTR : ETIMEDOUT;
	else if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
out:
	if (!err)
		return 0;
	warnx("cannot connect to echo server %s: %s", c->server,
	      strerror(err));
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	return -1;
}

/* Writes queued session output; -1 on a write error (errno kept). */
static int
flush_out(struct echo_client *c)
{
	const uint8_t *p;
	size_t len;
	ssize_t n;

	while (c->fd >= 0 && (p = nep_session_output(c->s, &len)) && len) {
		n = send(c->fd, p, len, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		nep_session_consume(c->s, (size_t)n);
		if (c->out_total < NEP_LEN_HS_CLIENT &&
		    c->out_total + (uint64_t)n >= NEP_LEN_HS_CLIENT)
			c->t_hs_client = clock_mono_ns();
		c->out_total += (uint64_t)n;
		if (c->out_total == NEP_LEN_HS_CLIENT + NEP_LEN_PACKET_SPEC)
			c->t_spec = clock_mono_ns();
	}
	return 0;
}

void
ec_close(struct echo_client *c)
{
	if (c->fd < 0)
		return;
	flush_out(c);
	close(c->fd);
	c->fd = -1;
	c->hook.fd = -1;
}

static const char *
stage_name(const struct echo_client *c)
{
	if (c->out_total < NEP_LEN_HS_CLIENT)
		return "NEP_HANDSHAKE_SERVER";
	if (c->out_total < NEP_LEN_HS_CLIENT + NEP_LEN_PACKET_SPEC)
		return "NEP_HANDSHAKE_FINAL";
	return "NEP_READY";
}

/* The peer closed (or reset) the connection; says what that means. */
static void
report_close(struct echo_client *c, int err)
{
	char why[128] = "";

	if (err)
		snprintf(why, sizeof(why), " (%s)", strerror(err));
	if (c->live)
		warnx("echo server %s closed the connection%s; no more "
		      "echoes will be received", c->server, why);
	else if (c->out_total < NEP_LEN_HS_CLIENT)
		warnx("echo server %s closed the connection before its "
		      "handshake%s (server busy or limits reached?)",
		      c->server, why);
	else if (c->out_total < NEP_LEN_HS_CLIENT + NEP_LEN_PACKET_SPEC)
		warnx("authentication failed: the server %s rejected our "
		      "handshake and closed the connection (wrong passphrase "
		      "or --no-crypto on one side only?)", c->server);
	else
		warnx("echo server %s rejected the packet specification "
		      "(closed the connection before NEP_READY)", c->server);
}

static void
report_failure(struct echo_client *c, const struct nep_event *ev)
{
	if (ev->code == ERR_AUTH && !c->live)
		warnx(AUTH_LINE);
	else if (ev->code == ERR_PROTO)
		warnx("protocol mismatch with echo server %s: %s (at %s)",
		      c->server, ev->reason ? ev->reason : "?",
		      c->live ? "NEP_ECHO" : stage_name(c));
	else
		warnx("echo session with %s failed: %s", c->server,
		      ev->reason ? ev->reason : err_name(ev->code));
}

static void
on_event(struct echo_client *c, const struct nep_event *ev)
{
	switch (ev->type) {
	case NEP_EV_HANDSHAKE_DONE:
		c->t_final = clock_mono_ns();
		c->ext = ev->ext;
		c->seen_as = ev->partner;
		/* Nping's server captures IPv4 only (its filter says "ip"). */
		if (c->cfg->af == AF_INET6 && !c->ext)
			warnx("echo server %s agreed no npecho extension: if "
			      "it is a stock Nping, it captures IPv4 only and "
			      "IPv6 probes will not be echoed", c->server);
		break;
	case NEP_EV_READY:
		c->t_ready = clock_mono_ns();
		c->live = 1;
		break;
	case NEP_EV_ECHO:
		ec_on_echo(c, ev);
		break;
	case NEP_EV_ERROR_RECEIVED: {
		char text[ESC_ROOM(NEP_ERROR_TEXT_LEN)];

		/* The server chose these bytes: never raw to a terminal. */
		esc_text(ev->text, sizeof(ev->text), text, sizeof(text));
		warnx("echo server %s sent an error: %s", c->server, text);
		c->failed = 1;
		break;
	}
	case NEP_EV_DROPPED:
		c->dropped++;
		if (c->cfg->debug >= 1)
			warnx("dropped a message from %s: %s", c->server,
			      ev->reason ? ev->reason : "?");
		break;
	case NEP_EV_FAILED:
		if (!c->failed) /* a NEP_ERROR already said why */
			report_failure(c, ev);
		c->failed = 1;
		c->closed = 1;
		break;
	default:
		break;
	}
}

/* Feeds n input bytes and handles every event they complete. */
static void
feed(struct echo_client *c, const uint8_t *p, size_t n)
{
	struct nep_event ev;
	size_t taken;

	while (n > 0 && !c->closed) {
		nep_session_feed(c->s, p, n, &taken);
		p += taken;
		n -= taken;
		while (!c->closed && nep_session_poll(c->s, &ev) == 1)
			on_event(c, &ev);
		if (taken == 0 && n > 0)
			break; /* dead session swallows nothing more */
	}
}

/*
 * One non-blocking read: the number of bytes handled (> 0), 0 nothing
 * there, -1 the channel ended (reported, socket closed).
 */
static int
read_once(struct echo_client *c)
{
	ssize_t n = recv(c->fd, c->in, sizeof(c->in), 0);
	int err = errno;

	if (n < 0 && (err == EAGAIN || err == EINTR))
		return 0;
	if (n <= 0) {
		if (!c->closed && !c->failed)
			report_close(c, n < 0 ? err : 0);
		c->failed = 1;
		c->closed = 1;
		ec_close(c);
		return -1;
	}
	feed(c, c->in, (size_t)n);
	if (c->closed) {
		ec_close(c);
		return -1;
	}
	return (int)n;
}

/*
 * Reads what the side channel has, for at most EC_SERVICE_NS at a time so
 * a backlog of echoes does not hold probes back (the engine comes back at
 * once while it is behind), then prints: one flush per batch of echoes,
 * not one per echo.
 */
void
ec_service(struct echo_client *c)
{
	uint64_t until = clock_mono_ns() + EC_SERVICE_NS;

	/* A read that did not fill the buffer took all there was: the next
	 * poll says when more comes (no recv() just to hear EAGAIN). */
	while (c->fd >= 0 && read_once(c) == (int)sizeof(c->in) &&
	       clock_mono_ns() < until)
		;
	if (c->fd >= 0 && flush_out(c) < 0) {
		report_close(c, errno);
		c->failed = 1;
		c->closed = 1;
		ec_close(c);
	}
	sink_flush_lines(run_sink(c->r));
}

/*
 * One deadline for the whole handshake, not one per step: a server that
 * trickles a byte at a time would otherwise hold the client for ever.
 */
int
ec_handshake(struct echo_client *c)
{
	uint64_t deadline = clock_mono_ns() + EC_STEP_NS;
	const uint8_t *p;
	size_t len;
	int rc;

	while (!c->live) {
		if (flush_out(c) < 0) {
			report_close(c, errno);
			return -1;
		}
		p = nep_session_output(c->s, &len);
		rc = wait_fd(c->fd, (short)(POLLIN | (p && len ? POLLOUT : 0)),
			     deadline);
		if (rc <= 0) {
			if (run_stopped())
				return -1;
			warnx("echo server %s did not complete the handshake "
			      "within 10 s (waiting for %s)", c->server,
			      stage_name(c));
			return -1;
		}
		rc = read_once(c);
		if (rc < 0 || c->failed)
			return -1;
	}
	return 0;
}
