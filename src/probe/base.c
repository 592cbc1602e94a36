/* SPDX-License-Identifier: MIT */
/*
 * base.c: what every probe mode shares (probe/base_int.h): set-up of
 * targets, ports and schedule, the counters, the send loop, the summary
 * numbers, and the stop flag SIGINT/SIGTERM set.
 */
#include "probe/base_int.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/targets.h"
#include "net/clock.h"
#include "output/sink.h"

static volatile sig_atomic_t stop_flag;

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

void
run_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int
run_stopped(void)
{
	return stop_flag != 0;
}

int
base_open(struct run_base *b, const struct config *cfg, uint64_t start_ns,
	  struct errbuf *eb)
{
	memset(b, 0, sizeof(*b));
	b->cfg = cfg;
	b->start_ns = start_ns;
	b->sink = sink_new(cfg, start_ns, eb);
	if (!b->sink)
		return ERR_SYS;
	sink_starting(b->sink);
	return 0;
}

void
base_share_sink(struct run_base *b, const struct config *cfg,
		uint64_t start_ns, struct out_sink *sink)
{
	memset(b, 0, sizeof(*b));
	b->cfg = cfg;
	b->start_ns = start_ns;
	b->sink = sink;
	b->sink_borrowed = 1;
}

/*
 * -w in the socket modes: the kernel builds every packet (a connect()'s
 * handshake, a datagram's headers) and npecho never sees one.  Writing
 * packets npecho did not see would be inventing them, so -w is refused.
 */
static int
refuse_pcap(const struct config *cfg)
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

int
base_sock_open(struct run_base *b, const struct config *cfg,
	       uint64_t start_ns, uint16_t default_port)
{
	struct errbuf eb = { { 0 } };
	size_t i;
	int rc = 0;

	if (cfg->pcap_file)
		return refuse_pcap(cfg);
	if (base_open(b, cfg, start_ns, &eb) < 0) {
		warnx("%s", eb.msg);
		return EXIT_FAILURE_STATUS;
	}
	run_signals();
	if (cfg->iface && !if_nametoindex(cfg->iface)) {
		errbuf_set(&eb, "-e: no such interface: '%s'", cfg->iface);
		rc = ERR_INVALID;
	}
	if (rc == 0)
		rc = base_targets(b, &eb);
	for (i = 0; rc == 0 && i < b->n_targets; i++)
		base_target_sockaddr(&b->targets[i]);
	if (rc == 0)
		rc = base_ports(b, 1, default_port);
	if (rc == 0)
		rc = base_sched(b, &eb);
	if (rc == 0)
		return 0;
	sink_error(b->sink, -1, rc, "%s", eb.msg[0] ? eb.msg : err_name(rc));
	base_free(b);
	return rc == ERR_NOMEM ? EXIT_FAILURE_STATUS : EXIT_USAGE;
}

static int
add_target(struct run_base *b, const struct target_addr *a,
	   const char *name)
{
	struct probe_target *nv, *tg;

	nv = realloc(b->targets, (b->n_targets + 1) * sizeof(*nv));
	if (!nv)
		return ERR_NOMEM;
	b->targets = nv;
	tg = &nv[b->n_targets++];
	memset(tg, 0, sizeof(*tg));
	tg->af = a->af;
	memcpy(tg->addr, &a->a, a->af == AF_INET6 ? 16 : 4);
	inet_ntop(a->af, tg->addr, tg->ip, sizeof(tg->ip));
	tg->name = name ? strdup(name) : NULL;
	if (name && !tg->name)
		return ERR_NOMEM;
	return 0;
}

int
base_targets(struct run_base *b, struct errbuf *eb)
{
	const struct config *cfg = b->cfg;
	struct target_list l;
	size_t i, j;
	int rc = 0;

	for (i = 0; rc == 0 && i < cfg->n_targets; i++) {
		const char *spec = cfg->targets[i];
		int is_name = targets_classify(spec) == TARGET_NAME;

		memset(&l, 0, sizeof(l));
		rc = targets_resolve(spec, cfg->af, TARGETS_MAX_DEFAULT, &l, eb);
		if (rc == ERR_SYS)  /* a name that does not resolve: bad input */
			rc = ERR_INVALID;
		for (j = 0; rc == 0 && j < l.n; j++) {
			if (l.v[j].af != cfg->af) {
				errbuf_set(eb, "target: not an IPv%d address: "
					   "'%s'", cfg->af == AF_INET6 ? 6 : 4,
					   spec);
				rc = ERR_INVALID;
				break;
			}
			rc = add_target(b, &l.v[j], is_name ? spec : NULL);
		}
		target_list_free(&l);
	}
	if (rc == 0 && !b->n_targets) {
		errbuf_set(eb, "target: no target was given");
		rc = ERR_INVALID;
	}
	return rc;
}

void
base_target_sockaddr(struct probe_target *tg)
{
	memset(&tg->sa, 0, sizeof(tg->sa));
	if (tg->af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&tg->sa;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, tg->addr, 16);
		s6->sin6_scope_id = (uint32_t)tg->ifindex;
		tg->salen = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&tg->sa;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, tg->addr, 4);
		tg->salen = sizeof(*s4);
	}
}

int
base_ports(struct run_base *b, int uses_ports, uint16_t default_port)
{
	const struct config *cfg = b->cfg;
	int given = uses_ports && cfg->n_dports;
	size_t n = given ? cfg->n_dports : 1;

	b->ports = calloc(n, sizeof(*b->ports));
	if (!b->ports)
		return ERR_NOMEM;
	if (given)
		memcpy(b->ports, cfg->dports, n * sizeof(*b->ports));
	else
		b->ports[0] = default_port;
	b->n_ports = n;
	return 0;
}

int
base_sched(struct run_base *b, struct errbuf *eb)
{
	const struct config *cfg = b->cfg;
	uint64_t total = cfg->count.v * (uint64_t)b->n_ports * b->n_targets;

	if (cfg->flood)
		return sched_init_delay(&b->sched, 0, total);
	if (cfg->rate > 0) {
		if (sched_init_rate(&b->sched, cfg->rate, total) < 0) {
			errbuf_set(eb, "--rate: out of range: '%g'", cfg->rate);
			return ERR_INVALID;
		}
		return 0;
	}
	return sched_init_delay(&b->sched, cfg->delay_ns, total);
}

void
base_coords(const struct run_base *b, uint64_t k, uint64_t *round,
	    size_t *port, size_t *target)
{
	uint64_t per_round = (uint64_t)b->n_ports * b->n_targets;

	if (round)
		*round = k / per_round;
	*port = (size_t)((k % per_round) / b->n_targets);
	*target = (size_t)(k % b->n_targets);
}

long
base_port_index(const struct run_base *b, uint16_t port)
{
	size_t lo = 0, hi = b->n_ports;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->ports[mid] == port)
			return (long)mid;
		if (b->ports[mid] < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

double
base_rel(const struct run_base *b, uint64_t ns)
{
	return (double)(ns - b->start_ns) / 1e9;
}

void
base_note_sent(struct run_base *b, size_t t, uint64_t len, uint64_t now)
{
	b->sent_pkts++;
	b->sent_bytes += len;
	b->targets[t].sent++;
	if (!b->first_tx_ns)
		b->first_tx_ns = now;
	b->last_tx_ns = now;
}

void
base_note_rcvd(struct run_base *b, size_t t, uint64_t len)
{
	b->rcvd_pkts++;
	b->rcvd_bytes += len;
	b->targets[t].rcvd++;
}

void
base_add_rtt(struct run_base *b, size_t t, double ms)
{
	rtt_add(&b->rtt, ms);
	rtt_add(&b->targets[t].rtt, ms);
}

static void
send_batch(struct run_base *b, const struct run_ops *ops, void *arg,
	   unsigned n, int behind)
{
	uint64_t first = sched_handed(&b->sched) - n, k;

	if (ops->send) {
		ops->send(arg, first, n, behind);
		return;
	}
	for (k = first; k < first + n; k++)
		ops->probe(arg, k);
	sink_flush_lines(b->sink);
}

void
base_loop(struct run_base *b, const struct run_ops *ops, void *arg)
{
	uint64_t next = 0;
	unsigned n, streak = 0;

	sched_start(&b->sched, clock_mono_ns() + BASE_FIRST_PROBE_NS);
	while (!stop_flag && !sched_done(&b->sched)) {
		n = sched_next_batch(&b->sched, clock_mono_ns(), &next);
		if (n) {
			send_batch(b, ops, arg, n, streak++ > 0);
			continue;
		}
		streak = 0;
		if (next == SCHED_NEVER)
			break;
		ops->wait(arg, next, 0);
	}
	b->tx_end_ns = clock_mono_ns();
	if (ops->end_wait)
		ops->end_wait(arg);
	else
		ops->wait(arg, b->last_tx_ns + BASE_END_WAIT_NS, 1);
	b->rx_end_ns = clock_mono_ns();
}

struct host_summary *
summary_fill(struct run_summary *s, const struct summary_counts *c,
	     const struct probe_target *targets, size_t n)
{
	struct host_summary *h = NULL;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->mode = c->mode;
	s->verbosity = c->verbosity;
	s->prog = "npecho";
	s->sent_pkts = c->sent_pkts;
	s->sent_bytes = c->sent_bytes;
	s->rcvd_pkts = c->rcvd_pkts;
	s->rcvd_bytes = c->rcvd_bytes;
	s->rtt = *c->rtt;
	if (n > 1 && (h = calloc(n, sizeof(*h)))) {
		for (i = 0; i < n; i++) {
			h[i].name = targets[i].name;
			h[i].ip = targets[i].ip;
			h[i].sent = targets[i].sent;
			h[i].rcvd = targets[i].rcvd;
			h[i].rtt = targets[i].rtt;
		}
		s->hosts = h;
		s->n_hosts = n;
	}
	if (c->first_tx_ns) {
		s->tx_secs = (double)(c->tx_end_ns - c->first_tx_ns) / 1e9;
		s->rx_secs = (double)(c->rx_end_ns - c->first_tx_ns) / 1e9;
	}
	s->n_done = n;
	s->elapsed_secs = (double)(clock_mono_ns() - c->start_ns) / 1e9;
	return h;
}

struct host_summary *
base_summary(const struct run_base *b, enum stats_mode mode,
	     struct run_summary *s)
{
	struct summary_counts c = {
		.mode = mode, .verbosity = b->cfg->verbosity,
		.start_ns = b->start_ns,
		.sent_pkts = b->sent_pkts, .sent_bytes = b->sent_bytes,
		.rcvd_pkts = b->rcvd_pkts, .rcvd_bytes = b->rcvd_bytes,
		.first_tx_ns = b->first_tx_ns, .tx_end_ns = b->tx_end_ns,
		.rx_end_ns = b->rx_end_ns, .rtt = &b->rtt,
	};

	return summary_fill(s, &c, b->targets, b->n_targets);
}

int
base_report(const struct run_base *b, enum stats_mode mode)
{
	struct run_summary s;
	struct host_summary *h = base_summary(b, mode, &s);

	sink_summary(b->sink, &s);
	free(h);
	return stop_flag ? EXIT_INTERRUPTED : 0;
}

void
base_free(struct run_base *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->n_targets; i++)
		free(b->targets[i].name);
	free(b->targets);
	free(b->ports);
	if (!b->sink_borrowed)
		sink_free(b->sink);
	b->targets = NULL;
	b->n_targets = 0;
	b->ports = NULL;
	b->n_ports = 0;
	b->sink = NULL;
}
