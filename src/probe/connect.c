/* SPDX-License-Identifier: MIT */
/*
 * connect.c: TCP-Connect mode, and the run state shared with the
 * UDP-Unprivileged mode (udpu.c).
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

#include "cli/targets.h"
#include "net/clock.h"
#include "output/lines.h"
#include "output/sink.h"
#include "probe/connect.h"
#include "probe/plan.h"
#include "probe/summary.h"

#define TC_MAX_PENDING 1024
#define TC_BYTES_SENT 80  /* Nping's nominal counts per attempt / success */
#define TC_BYTES_RCVD 40

static volatile sig_atomic_t urun_stop;

static void
urun_on_signal(int sig)
{
	(void)sig;
	urun_stop = 1;
}

int
urun_stopped(void)
{
	return urun_stop != 0;
}

static int
urun_targets(struct urun *u, struct errbuf *eb)
{
	size_t i;
	int rc;

	rc = plan_targets(u->cfg, &u->targets, &u->n_targets, eb);
	for (i = 0; rc == 0 && i < u->n_targets; i++)
		plan_target_sockaddr(&u->targets[i]);
	if (rc == 0) {
		u->last_send = calloc(u->n_targets * u->n_ports,
				      sizeof(*u->last_send));
		u->last_probe = calloc(u->n_targets * u->n_ports,
				       sizeof(*u->last_probe));
		if (!u->last_send || !u->last_probe)
			rc = ERR_NOMEM;
	}
	return rc;
}

/*
 * -w in these modes: the kernel builds every packet (a connect()'s
 * handshake, a datagram's headers) and npecho never sees one.  Writing
 * packets npecho did not see would be inventing them, so -w is refused.
 */
static int
urun_refuse_pcap(const struct config *cfg)
{
	static const char why[] = "-w: %s mode sends through an ordinary "
		"socket: the kernel builds the packets and npecho never sees "
		"them, so there is nothing to write (run as root with --tcp or "
		"--udp to capture them)";
	char msg[256];

	snprintf(msg, sizeof(msg), why, cli_mode_name(cfg->mode));
	sink_early_error(cfg, ERR_UNSUPPORTED, msg);
	return EXIT_USAGE;
}

static void
urun_ports(struct urun *u)
{
	const struct config *cfg = u->cfg;

	if (cfg->n_dports) {
		u->ports = cfg->dports;
		u->n_ports = cfg->n_dports;
	} else {
		u->ports = &u->default_port;
		u->n_ports = 1;
	}
}

int
urun_init(struct urun *u, const struct config *cfg, uint64_t start_ns,
	  uint16_t default_port)
{
	struct errbuf eb = { { 0 } };
	struct sigaction sa;
	int rc = 0;

	memset(u, 0, sizeof(*u));
	if (cfg->pcap_file)
		return urun_refuse_pcap(cfg);
	u->cfg = cfg;
	u->start_ns = start_ns;
	u->default_port = default_port;
	urun_ports(u);
	u->sink = sink_new(cfg, start_ns, &eb);
	if (!u->sink) {
		warnx("%s", eb.msg);
		return EXIT_FAILURE_STATUS;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = urun_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sink_starting(u->sink);
	if (cfg->iface && !if_nametoindex(cfg->iface)) {
		errbuf_set(&eb, "-e: no such interface: '%s'", cfg->iface);
		rc = ERR_INVALID;
	}
	if (rc == 0)
		rc = urun_targets(u, &eb);
	if (rc == 0)
		rc = plan_sched(&u->sched, cfg, cfg->count.v *
				(uint64_t)u->n_ports * u->n_targets, &eb);
	if (rc == 0)
		return 0;
	sink_error(u->sink, -1, rc, "%s", eb.msg[0] ? eb.msg : err_name(rc));
	urun_free(u);
	return rc == ERR_NOMEM ? EXIT_FAILURE_STATUS : EXIT_USAGE;
}

size_t
urun_slot(const struct urun *u, size_t t, size_t pi)
{
	return t * u->n_ports + pi;
}

void
urun_coords(const struct urun *u, uint64_t k, size_t *port, size_t *target)
{
	uint64_t per_round = (uint64_t)u->n_ports * u->n_targets;

	*port = (size_t)((k % per_round) / u->n_targets);
	*target = (size_t)(k % u->n_targets);
}

long
urun_port_index(const struct urun *u, uint16_t port)
{
	size_t lo = 0, hi = u->n_ports;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (u->ports[mid] == port)
			return (long)mid;
		if (u->ports[mid] < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

double
urun_rel(const struct urun *u, uint64_t ns)
{
	return (double)(ns - u->start_ns) / 1e9;
}

void
urun_add_rtt(struct urun *u, size_t t, double ms)
{
	rtt_add(&u->rtt, ms);
	rtt_add(&u->targets[t].rtt, ms);
}

int
urun_report(struct urun *u, enum stats_mode mode)
{
	struct summary_counts c = {
		.mode = mode, .verbosity = u->cfg->verbosity,
		.start_ns = u->start_ns,
		.sent_pkts = u->sent_pkts, .sent_bytes = u->sent_bytes,
		.rcvd_pkts = u->rcvd_pkts, .rcvd_bytes = u->rcvd_bytes,
		.first_tx_ns = u->first_tx_ns, .tx_end_ns = u->tx_end_ns,
		.rx_end_ns = u->rx_end_ns, .rtt = &u->rtt,
	};
	struct run_summary s;
	struct host_summary *h;

	h = summary_fill(&s, &c, u->targets, u->n_targets);
	sink_summary(u->sink, &s);
	free(h);
	return urun_stop ? EXIT_INTERRUPTED : 0;
}

void
urun_free(struct urun *u)
{
	size_t i;

	if (!u)
		return;
	for (i = 0; i < u->n_targets; i++)
		free(u->targets[i].name);
	free(u->targets);
	free(u->last_send);
	free(u->last_probe);
	sink_free(u->sink);
	u->targets = NULL;
	u->last_send = NULL;
	u->last_probe = NULL;
	u->sink = NULL;
	u->n_targets = 0;
}

/* ---------------------------------------------------------------- */
/* TCP-Connect                                                       */

struct tc_pending {
	int fd;
	size_t target;
	uint16_t port;
	uint64_t send_ns;
	uint64_t probe;        /* 1, 2, ... in send order */
};

struct tc_state {
	struct urun u;
	struct tc_pending p[TC_MAX_PENDING];
	size_t n;
};

/* --json: the line as a `sent` or `rcvd` event with a "sock" object. */
static void
tc_event(const struct urun *u, enum mode_event ev, uint64_t ns,
	 const struct tc_pending *p, const char *err)
{
	const struct probe_target *tg = &u->targets[p->target];
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
	sink_sock(u->sink, &e);
}

static void
tc_line(const struct urun *u, enum mode_event ev, uint64_t ns,
	const struct tc_pending *p, const char *err)
{
	const struct probe_target *tg = &u->targets[p->target];
	char line[1024];

	tc_event(u, ev, ns, p, err); /* JSON: the sink writes it, text: not */
	if (u->cfg->verbosity < 0 || (ev == EV_TCP_START && u->cfg->hide_sent))
		return;
	line_format_mode(ev, urun_rel(u, ns), tg->name, tg->ip, p->port, 0,
			 err, line, sizeof(line));
	sink_status(u->sink, "%s", line);
}

static void
tc_close(struct tc_state *s, size_t i)
{
	if (s->u.cfg->sport.set) {
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
	struct urun *u = &s->u;

	if (err == 0) {
		u->rcvd_pkts++;
		u->rcvd_bytes += TC_BYTES_RCVD;
		u->targets[p->target].rcvd++;
		urun_add_rtt(u, p->target, (double)(now - p->send_ns) / 1e6);
		tc_line(u, EV_TCP_DONE, now, p, NULL);
	} else {
		tc_line(u, EV_TCP_RST, now, p, strerror(err));
	}
	tc_close(s, i);
}

static int
tc_socket(const struct urun *u, int af)
{
	const struct config *cfg = u->cfg;
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
tc_probe(struct tc_state *s, uint64_t k)
{
	struct urun *u = &s->u;
	struct probe_target *tg;
	struct tc_pending *p;
	size_t pi, t;
	uint64_t now;
	int fd, rc, err;

	urun_coords(u, k, &pi, &t);
	tg = &u->targets[t];
	if (s->n == TC_MAX_PENDING)
		tc_close(s, 0);
	tc_set_port(tg, u->ports[pi]);
	fd = tc_socket(u, tg->af);
	now = clock_mono_ns();
	if (fd < 0) {
		sink_error(u->sink, (int64_t)k + 1, ERR_SYS,
			   "connect to %s:%u failed: %s", tg->ip, u->ports[pi],
			   strerror(errno));
		return;
	}
	u->sent_pkts++;
	u->sent_bytes += TC_BYTES_SENT;
	tg->sent++;
	if (!u->first_tx_ns)
		u->first_tx_ns = now;
	u->last_tx_ns = now;
	p = &s->p[s->n++];
	*p = (struct tc_pending){ fd, t, u->ports[pi], now, k + 1 };
	tc_line(u, EV_TCP_START, now, p, NULL);
	rc = connect(fd, (struct sockaddr *)&tg->sa, tg->salen);
	err = rc == 0 ? 0 : errno;
	if (err != EINPROGRESS)
		tc_finish(s, s->n - 1, err, clock_mono_ns());
}

/* Serves pending connects until deadline (CLOCK_MONOTONIC ns), or with
 * until_settled until none is pending. */
static void
tc_wait(struct tc_state *s, uint64_t deadline, int until_settled)
{
	struct pollfd pfd[TC_MAX_PENDING];
	struct timespec ts;
	uint64_t now;
	size_t i;
	int err;
	socklen_t el;

	while (!urun_stop && (now = clock_mono_ns()) < deadline) {
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
		sink_flush_lines(s->u.sink);
	}
}

static void
tc_loop(struct tc_state *s)
{
	struct urun *u = &s->u;
	uint64_t next = 0, end;
	unsigned n, i;

	sched_start(&u->sched, clock_mono_ns() + 1000000);
	while (!urun_stop && !sched_done(&u->sched)) {
		n = sched_next_batch(&u->sched, clock_mono_ns(), &next);
		for (i = 0; i < n; i++)
			tc_probe(s, sched_handed(&u->sched) - n + i);
		sink_flush_lines(u->sink);
		if (n)
			continue;
		if (next == SCHED_NEVER)
			break;
		tc_wait(s, next, 0);
	}
	u->tx_end_ns = clock_mono_ns();
	end = u->last_tx_ns + URUN_END_WAIT_NS;
	tc_wait(s, end, 1);
	u->rx_end_ns = clock_mono_ns();
}

int
tcp_connect_run(const struct config *cfg, uint64_t start_ns)
{
	struct tc_state *s = calloc(1, sizeof(*s));
	int status;

	if (!s) {
		warnx("out of memory");
		return EXIT_FAILURE_STATUS;
	}
	status = urun_init(&s->u, cfg, start_ns, 80);
	if (status) {
		free(s);
		return status;
	}
	tc_loop(s);
	while (s->n > 0)
		tc_close(s, 0);
	status = urun_report(&s->u, STATS_TCP_CONNECT);
	urun_free(&s->u);
	free(s);
	return status;
}
