/* SPDX-License-Identifier: MIT */
/*
 * run.c: set-up, summary and accessors of a raw probe run (probe/run.h).
 *
 * Set-up order: targets (names resolved), then per target the route (source
 * address, interface), the MACs when frames are sent, then the sender and
 * the capture with its filter.  Every failure is one line naming what was
 * wrong; bad input (unresolvable name, no route, unknown interface) exits
 * with EXIT_USAGE, a failing system (no raw socket) with 1.
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/hops.h"
#include "cli/targets.h"
#include "net/bpf.h"
#include "net/capture.h"
#include "net/clock.h"
#include "net/netinfo.h"
#include "net/send.h"
#include "output/hops_text.h"
#include "output/progress.h"
#include "output/sink.h"
#include "probe/engine_int.h"
#include "util/priv.h"

#define NEIGH_WAIT_MS 1000
#define SHARED_CAPTURE_BUFFER (512 * 1024)

static int
route_target(struct run *r, struct probe_target *tg, int oif, int eth,
	     struct errbuf *eb)
{
	const struct config *cfg = r->b.cfg;
	struct route_info ri;
	struct iface_info ii;
	const uint8_t *hop;

	if (netinfo_route(tg->af, tg->addr, oif, &ri, eb) < 0) {
		errbuf_set(eb, "target: no route to host: '%s'", tg->ip);
		return ERR_INVALID;
	}
	tg->ifindex = ri.ifindex;
	snprintf(tg->ifname, sizeof(tg->ifname), "%s", ri.ifname);
	if (cfg->source_ip.resolved && cfg->source_ip.af == tg->af)
		memcpy(tg->src, &cfg->source_ip.addr, tg->af == AF_INET6 ? 16 : 4);
	else if (ri.has_src)
		memcpy(tg->src, ri.src, sizeof(ri.src));
	if (!eth)
		return 0;
	if (netinfo_iface_by_index(ri.ifindex, &ii, eb) < 0)
		return ERR_INVALID;
	memcpy(tg->src_mac, ii.mac, 6);
	if (cfg->mode == MODE_ARP || cfg->dest_mac.set || !ii.has_mac)
		return 0;
	hop = netinfo_next_hop(&ri);
	if (netinfo_neigh_resolve(tg->af, hop, ri.ifindex, NEIGH_WAIT_MS,
				  tg->dst_mac, eb) < 0) {
		errbuf_set(eb, "--send-eth: cannot resolve the MAC address of "
			   "the next hop toward '%s'", tg->ip);
		return ERR_INVALID;
	}
	return 0;
}

static int
setup_targets(struct run *r, int eth, struct errbuf *eb)
{
	const struct config *cfg = r->b.cfg;
	unsigned oif = 0;
	size_t i;
	int rc;

	if (cfg->iface) {
		oif = if_nametoindex(cfg->iface);
		if (!oif) {
			errbuf_set(eb, "-e: no such interface: '%s'", cfg->iface);
			return ERR_INVALID;
		}
	}
	for (i = 0; i < r->b.n_targets; i++) {
		struct probe_target *tg = &r->b.targets[i];

		rc = route_target(r, tg, (int)oif, eth, eb);
		if (rc < 0)
			return rc;
		tg->icmp_id = (uint16_t)(cfg->icmp_id.set ? cfg->icmp_id.v :
					 cfg->icmp_id.v + i);
		tg->icmp_seq = 1;
		base_target_sockaddr(tg);
	}
	return 0;
}

static void
setup_match(struct run *r)
{
	const struct config *cfg = r->b.cfg;

	r->mctx.mode = cfg->mode;
	r->mctx.af = cfg->af;
	r->mctx.targets = r->b.targets;
	r->mctx.n_targets = r->b.n_targets;
	r->mctx.sport = (uint16_t)cfg->sport.v;
	r->mctx.icmp_type = (uint8_t)cfg->icmp_type.v;
	r->mctx.arp_op = (uint16_t)cfg->arp_op.v;
}

static const char *
capture_ifname(const struct run *r)
{
	size_t i;

	if (r->b.cfg->iface)
		return r->b.cfg->iface;
	for (i = 1; i < r->b.n_targets; i++)
		if (r->b.targets[i].ifindex != r->b.targets[0].ifindex)
			return "any";
	return r->b.targets[0].ifname;
}

static int
build_filter(const struct run *r, char *buf, size_t cap)
{
	const struct config *cfg = r->b.cfg;
	const struct probe_target *t0 = &r->b.targets[0];
	struct filter_spec f;
	size_t len, i;

	memset(&f, 0, sizeof(f));
	f.family = cfg->af;
	f.proto = cfg->mode == MODE_TCP ? FILTER_TCP :
		cfg->mode == MODE_UDP ? FILTER_UDP :
		cfg->mode == MODE_ARP ? FILTER_ARP : FILTER_ICMP;
	memcpy(f.src, t0->src, 16);
	f.has_src = 1;
	for (i = 0; i < r->b.n_targets; i++) {
		if (memcmp(r->b.targets[i].src, t0->src, 16))
			f.has_src = 0;
		if (!memcmp(r->b.targets[i].addr, r->b.targets[i].src, 16))
			f.self = 1;
	}
	f.sport_lo = (uint16_t)cfg->sport.v;
	f.dports = r->b.ports;
	f.n_dports = r->b.n_ports;
	f.icmp_type = (uint8_t)cfg->icmp_type.v;
	f.has_icmp_id = r->b.n_targets == 1;
	f.icmp_id = t0->icmp_id;
	return filter_build(&f, buf, cap, &len);
}

static int
setup_capture(struct run *r, struct errbuf *eb)
{
	const struct config *cfg = r->b.cfg;
	struct capture_opts o;
	char filter[FILTER_TEXT_MAX];
	const char *text = cfg->bpf_filter;
	int rc;

	if (cfg->no_capture)
		return 0;
	memset(&o, 0, sizeof(o));
	o.ifname = capture_ifname(r);
	o.promisc = cfg->source_ip.set;
	/* A shared run is one of many small ones (the audit's, dozens of
	 * probes at most): a small ring each, not CAPTURE_BUFFER. */
	if (r->b.sink_borrowed)
		o.buffer_bytes = SHARED_CAPTURE_BUFFER;
	r->cap = capture_open(&o, eb);
	if (!r->cap)
		return ERR_SYS;
	if (!text) {
		rc = build_filter(r, filter, sizeof(filter));
		if (rc < 0) {
			errbuf_set(eb, "capture: cannot build the filter");
			return rc;
		}
		text = filter;
	}
	if (cfg->debug >= 1)
		sink_status(r->b.sink, "BPF-filter: %s", text);
	return capture_set_filter(r->cap, text, eb);
}

static int
setup_sender(struct run *r, int eth, struct errbuf *eb)
{
	enum sender_kind kind = eth ? SENDER_PACKET :
		r->b.cfg->af == AF_INET6 ? SENDER_RAW6 : SENDER_RAW4;

	r->snd = sender_open(kind, eth ? r->b.targets[0].ifname : NULL,
			     r->b.cfg->no_tx_ring ? SENDER_F_NO_TX_RING : 0, eb);
	if (!r->snd)
		return ERR_SYS;
	/* Only when asked for by name: Nping prints no such line, and its
	 * -v output of ARP and MAC-option runs stays the same. */
	if (r->b.cfg->send_pref == SEND_ETH && r->b.cfg->verbosity >= 1)
		sink_status(r->b.sink, "Transmit path: %s on %s",
			    sender_path(r->snd), r->b.targets[0].ifname);
	return 0;
}


static int
run_setup(struct run *r, struct errbuf *eb)
{
	const struct config *cfg = r->b.cfg;
	int eth = cfg->mode == MODE_ARP || cfg->send_pref == SEND_ETH ||
		  cfg->dest_mac.set || cfg->source_mac.set;
	int rc;

	rc = base_targets(&r->b, eb);
	if (rc == 0)
		rc = setup_targets(r, eth, eb);
	/* Nping's default ports: 80 for TCP, 40125 for UDP; -p is for them
	 * only. */
	if (rc == 0)
		rc = base_ports(&r->b, cfg->mode == MODE_TCP ||
				cfg->mode == MODE_UDP, cfg->mode == MODE_TCP ?
				80 : cfg->mode == MODE_UDP ? 40125 : 0);
	if (rc == 0)
		rc = probe_tmpl_init(&r->tmpl, cfg, eth, eb);
	if (rc < 0)
		return rc;
	setup_match(r);
	rc = base_sched(&r->b, eb);
	if (rc == 0 && cfg->mtu.set && cfg->af == AF_INET)
		rc = engine_frags_new(r);
	if (rc == 0)
		rc = setup_sender(r, eth, eb);
	if (rc == 0)
		rc = setup_capture(r, eb);
	return rc;
}

static struct run *
run_make(const struct config *cfg, uint64_t start_ns, struct out_sink *shared,
	 int *status)
{
	struct errbuf eb = { { 0 } };
	struct run *r = calloc(1, sizeof(*r));
	int rc;

	if (!r || !(r->bufs = calloc(SCHED_MAX_BATCH, sizeof(*r->bufs)))) {
		free(r);
		warnx("out of memory");
		*status = EXIT_FAILURE_STATUS;
		return NULL;
	}
	r->real_minus_mono = clock_real_minus_mono();
	if (shared)
		base_share_sink(&r->b, cfg, start_ns, shared);
	else if (base_open(&r->b, cfg, start_ns, &eb) < 0) {
		warnx("%s", eb.msg);
		*status = EXIT_FAILURE_STATUS;
		run_free(r);
		return NULL;
	}
	rc = run_setup(r, &eb);
	if (rc == 0 && cfg->traceroute) {
		r->trace = trace_new(r->b.n_targets);
		r->hops = hops_new();
	}
	if (rc == 0 && progress_wanted(cfg->progress, isatty(STDERR_FILENO),
				       cfg->verbosity, cfg->json))
		r->progress = progress_new(stderr, cfg->count.v *
					   (uint64_t)r->b.n_ports * r->b.n_targets,
					   start_ns);
	/* Sockets and captures are open: nothing later needs privileges
	 * (a shared run's caller drops them once all its runs are made). */
	if (rc == 0 && !shared && (rc = priv_drop(cfg->user, &eb)) < 0)
		rc = rc == ERR_INVALID ? ERR_INVALID : ERR_SYS;
	if (rc < 0) {
		sink_error(r->b.sink, -1, rc, "%s",
			   eb.msg[0] ? eb.msg : err_name(rc));
		*status = rc == ERR_INVALID ? EXIT_USAGE : EXIT_FAILURE_STATUS;
		run_free(r);
		return NULL;
	}
	return r;
}

struct run *
run_new(const struct config *cfg, uint64_t start_ns, int *status)
{
	return run_make(cfg, start_ns, NULL, status);
}

struct run *
run_new_shared(const struct config *cfg, uint64_t start_ns,
	       struct out_sink *sink, int *status)
{
	return run_make(cfg, start_ns, sink, status);
}

/* The analysis' view of hop ttl (HOPS_FINAL for the destination). */
static const struct hops_hop *
hop_view(const struct hops *h, unsigned hop)
{
	size_t i;

	for (i = 0; i < hops_hop_count(h); i++)
		if (hops_hop_at(h, i)->hop == hop)
			return hops_hop_at(h, i);
	return NULL;
}

/* Tags of the changes first seen at hop (and the observations of it). */
static void
hop_notes(const struct hops *h, unsigned hop, struct json_hop *jh,
	  const char **tags, const char **obs, size_t cap)
{
	size_t i;

	for (i = 0; i < hops_change_count(h) && jh->n_changes < cap; i++)
		if (hops_change_at(h, i)->at == hop)
			tags[jh->n_changes++] = hops_change_at(h, i)->tag;
	for (i = 0; i < hops_obs_count(h) && jh->n_obs < cap; i++)
		if (hops_obs_at(h, i)->hop == hop)
			obs[jh->n_obs++] = hops_obs_at(h, i)->text;
	jh->changes = tags;
	jh->obs = obs;
}

static void
hop_event(struct run *r, size_t t, const struct trace_row *row)
{
	const struct probe_target *tg = &r->b.targets[t];
	const char *tags[16], *obs[16];
	const struct hops_hop *v = NULL;
	char addr[INET6_ADDRSTRLEN];
	struct json_hop jh;
	unsigned hop = row->is_dest ? HOPS_FINAL : row->ttl;

	memset(&jh, 0, sizeof(jh));
	jh.target = tg->ip;
	jh.name = tg->name;
	jh.ttl = row->ttl;
	jh.answered = row->answered;
	if (row->answered) {
		inet_ntop(row->af, row->addr, addr, sizeof(addr));
		jh.addr = addr;
		jh.rtt_ns = (int64_t)(row->rtt_ms * 1e6 + 0.5);
		jh.reply = row->reply;
		jh.dest = row->is_dest;
	}
	/* The path analysis is one for the run: per hop only with one
	 * target, where a TTL names one router. */
	if (r->hops && r->b.n_targets == 1) {
		v = hop_view(r->hops, hop);
		hop_notes(r->hops, hop, &jh, tags, obs, 16);
	}
	if (v && v->view == HOPS_VIEW_QUOTE) {
		jh.has_quote = 1;
		jh.quote_len = v->quote_len;
		jh.sent_len = v->sent_len;
		jh.quote_ttl = v->quote_ttl;
		jh.blind = v->blind;
		jh.more_addrs = v->more_addrs;
	}
	sink_hop(r->b.sink, &jh);
}

/* --json --tr: the hop tables as `hop` events, the Path Change Analysis
 * as `finding` events (the text is printed by report_trace_text()). */
static void
report_trace_json(struct run *r)
{
	struct trace_row rows[256];
	size_t t, i, n;

	if (!r->trace)
		return;
	/* Out of memory leaves the analysis' lists empty: the hop rows are
	 * still written, without quotes and changes. */
	if (r->hops)
		(void)hops_finish(r->hops);
	for (t = 0; t < r->b.n_targets; t++) {
		n = trace_rows(r->trace, t, rows, 256, NULL);
		for (i = 0; i < n; i++)
			hop_event(r, t, &rows[i]);
	}
	sink_path_findings(r->b.sink, r->hops);
}

/*
 * --tr (text): the hop tables and the Path Change Analysis, printed by
 * the summary before its done line (Nping's last line is always the done
 * line: scripts read it with tail -1).
 */
static int
report_trace_text(FILE *f, struct run *r)
{
	size_t i;

	if (r->trace && r->b.cfg->verbosity >= -1)
		for (i = 0; i < r->b.n_targets; i++)
			trace_print(r->trace, i, r->b.targets[i].name,
				    r->b.targets[i].ip, f);
	if (r->hops && hops_finish(r->hops) == 0 && r->b.cfg->verbosity >= -1)
		hops_text_print(f, r->hops, r->b.cfg->verbosity);
	return ferror(f) ? ERR_SYS : 0;
}

/* What the summary prints before its done line: the mode's own block
 * (the hook's: the echo client's analysis), then --tr's. */
struct report_tail {
	struct run *r;
	int (*extra)(FILE *f, void *arg);
	void (*events)(struct out_sink *s, void *arg);
	void *arg;
};

static void
report_tail_events(struct out_sink *s, void *arg)
{
	struct report_tail *t = arg;

	if (t->events)
		t->events(s, t->arg);
	report_trace_json(t->r);
}

static int
report_tail(FILE *f, void *arg)
{
	struct report_tail *t = arg;
	int rc = 0;

	if (t->extra)
		rc = t->extra(f, t->arg);
	if (rc == 0 && (t->r->trace || t->r->hops))
		rc = report_trace_text(f, t->r);
	return rc;
}

int
run_report(struct run *r, int interrupted)
{
	struct report_tail tail = { r, NULL, NULL, NULL };
	struct run_summary s;
	struct host_summary *h;

	(void)interrupted;
	h = base_summary(&r->b, STATS_RAW, &s);
	if (r->hook && r->hook->on_summary)
		r->hook->on_summary(r->hook->arg, &s);
	progress_free(r->progress);
	r->progress = NULL;
	if (s.extra || s.extra_events || r->trace || r->hops) {
		tail.extra = s.extra;
		tail.events = s.extra_events;
		tail.arg = s.extra_arg;
		s.extra = report_tail;
		s.extra_events = report_tail_events;
		s.extra_arg = &tail;
	}
	sink_summary(r->b.sink, &s);
	free(h);
	return r->send_errors && !r->b.sent_pkts ? EXIT_FAILURE_STATUS : 0;
}

void
run_free(struct run *r)
{
	if (!r)
		return;
	free(r->bufs);
	free(r->frags);
	sent_map_free(&r->sent);
	progress_free(r->progress);
	sender_free(r->snd);
	capture_free(r->cap);
	base_free(&r->b);
	hops_free(r->hops);
	trace_free(r->trace);
	free(r);
}

void
run_set_hook(struct run *r, struct run_hook *h)
{
	r->hook = h;
}

struct out_sink *
run_sink(const struct run *r)
{
	return r->b.sink;
}

size_t
run_n_targets(const struct run *r)
{
	return r->b.n_targets;
}

const struct probe_target *
run_target(const struct run *r, size_t i)
{
	return &r->b.targets[i];
}

const uint16_t *
run_ports(const struct run *r, size_t *n)
{
	*n = r->b.n_ports;
	return r->b.ports;
}

uint64_t
run_sent_pkts(const struct run *r)
{
	return r->b.sent_pkts;
}

struct hops *
run_hops(const struct run *r)
{
	return r->hops;
}

void
run_set_payload(struct run *r, const uint8_t *payload, size_t len)
{
	r->tmpl.spec.payload = payload;
	r->tmpl.spec.payload_len = len;
}

size_t
run_payload_len(const struct run *r)
{
	return r->tmpl.spec.payload_len;
}
