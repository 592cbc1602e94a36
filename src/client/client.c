/* SPDX-License-Identifier: MIT */
/*
 * client.c: the echo client run: options checked, the probe engine set up
 * (it resolves the target and prints the Starting line), the side channel
 * connected and its handshake driven, then the engine's loop with a hook
 * that serves the side channel, records every probe sent, holds RCVD lines
 * until their probe's CAPT was printed and settles once every probe was
 * echoed.
 *
 * Timing: the side channel's round trip is measured on the handshake (HS_CLIENT
 * to HS_FINAL, PACKET_SPEC to READY, the larger).  A RCVD waits for its CAPT
 * max(3 x RTT, 50 ms), at most 333 ms (Nping's cap); after the last probe
 * the run waits max(8 x RTT, 250 ms), at most 3 s, for the last echoes,
 * with or without -N.  The sent-probe ring holds twice rate x that wait
 * and grows while echoes lag more (client/track.h: at most CT_RING_MAX
 * probes, CT_RING_BYTES of memory).
 *
 * Load: echoes are read between send batches too (probe/engine.c calls
 * the hook's fd handler when it is behind), in slices of EC_SERVICE_NS,
 * and stdout is flushed once per slice, not per echo.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/client.h"
#include "analysis/hops.h"
#include "client/client_int.h"
#include "net/clock.h"
#include "output/analysis_text.h"
#include "output/lines.h"
#include "output/sink.h"

#define HOLD_MIN_NS 50000000ull
#define HOLD_MAX_NS 333000000ull
#define END_MIN_NS 250000000ull
#define END_MAX_NS 3000000000ull
/* However long echoes keep coming after the last probe, the client stops
 * waiting this long after it. */
#define END_PROGRESS_MAX_NS 10000000000ull
#define HOLD_LINES 1024

static void
print_rcvd(struct echo_client *c, const struct ct_line *l)
{
	struct ct_probe *s = ct_ring_by_serial(&c->ring, l->serial);
	struct sink_pkt e;
	struct pkt p;

	if (pkt_decode(l->data, l->len, PKT_LINK_IP, &p) < 0)
		return;
	memset(&e, 0, sizeof(e));
	e.kind = LINE_RCVD;
	e.t_ns = l->t_ns;
	e.probe = l->serial ? (int64_t)l->serial : -1;
	e.p = &p;
	e.dump = l->data;
	e.dump_len = l->len;
	e.rtt_ns = s && l->t_ns >= s->send_ns ?
		(int64_t)(l->t_ns - s->send_ns) : -1;
	sink_pkt(run_sink(c->r), &e);
}

/* -w: the server's capture as it came, commented with its probe. */
static void
tap_capt(struct echo_client *c, const struct nep_event *ev,
	 const struct ct_probe *s, uint64_t t)
{
	char ifname[INET6_ADDRSTRLEN + 8], note[32];

	if (!sink_tapping(run_sink(c->r)))
		return;
	snprintf(ifname, sizeof(ifname), "capt@%s", run_target(c->r, 0)->ip);
	if (s)
		snprintf(note, sizeof(note), "probe %llu",
			 (unsigned long long)s->serial);
	else
		snprintf(note, sizeof(note), "not matched");
	sink_tap(run_sink(c->r), ifname, ev->dlt == 1 ? PCAPNG_LINKTYPE_ETHERNET :
		 PCAPNG_LINKTYPE_RAW, t, ev->pkt, ev->pkt_len, ev->pkt_len,
		 note);
}

/* CAPT: the line (changes against the probe when known) and the -w tap. */
static void
print_capt(struct echo_client *c, const struct nep_event *ev,
	   const struct ct_probe *s, const struct pkt *p, uint64_t t)
{
	struct sink_pkt e;
	struct pkt sp;

	tap_capt(c, ev, s, t);
	if (!sink_wants(run_sink(c->r), LINE_CAPT))
		return;
	memset(&e, 0, sizeof(e));
	e.kind = LINE_CAPT;
	e.t_ns = t;
	e.probe = s ? (int64_t)s->serial : -1;
	e.p = p;
	e.sent = s && ct_probe_decode(s, &sp) == 0 ? &sp : NULL;
	e.dump = ev->pkt + p->l3_off;
	e.dump_len = ev->pkt_len - p->l3_off;
	e.rtt_ns = -1;
	e.client = -1;
	e.server = run_target(c->r, 0)->ip;
	sink_pkt(run_sink(c->r), &e);
}

/* The audit's record: the packet from l3 (len bytes) into slot x of probe
 * serial, the first time only. */
enum obs_slot { OBS_SENT, OBS_CAPT, OBS_RCVD, OBS_SRV_REPLY };

static void
obs_keep(struct echo_client *c, uint64_t serial, enum obs_slot x,
	 const uint8_t *l3, size_t len)
{
	struct ec_obs_probe *o;
	struct ec_obs_pkt *k;

	if (!c->obs || serial < 1 || serial > EC_OBS_PROBES)
		return;
	o = &c->obs->p[serial - 1];
	k = x == OBS_SENT ? &o->sent : x == OBS_CAPT ? &o->capt :
	    x == OBS_RCVD ? &o->rcvd : &o->srv_reply;
	if (k->len)
		return;
	k->len = len < EC_OBS_BYTES ? len : EC_OBS_BYTES;
	memcpy(k->b, l3, k->len);
}

/* Prints (and frees) every held line due at now; 1 if it printed. */
static int
print_held(struct echo_client *c, uint64_t now)
{
	struct ct_line l;
	int any = 0;

	while (c->hold.n && ct_hold_next(&c->hold, now, &l)) {
		print_rcvd(c, &l);
		free(l.data);
		any = 1;
	}
	return any;
}

static void
flush_held(struct echo_client *c, uint64_t now)
{
	if (print_held(c, now))
		sink_flush_lines(run_sink(c->r));
}

/*
 * One echo from the server: its CAPT line, then the RCVD lines it lets
 * out.  stdout is flushed by ec_service(), once per batch of echoes read.
 */
void
ec_on_echo(struct echo_client *c, const struct nep_event *ev)
{
	uint64_t now = clock_mono_ns(), t = now;
	struct ct_probe *s;
	struct pkt e;

	c->last_echo_ns = now;
	if (pkt_decode(ev->pkt, ev->pkt_len, ev->dlt == 1 ? PKT_LINK_ETH :
		       PKT_LINK_IP, &e) < 0) {
		c->unknown_echoes++;
		return;
	}
	if (ev->flags & NEP_EVF_REPLY) {
		c->reply_echoes++;
		s = ct_assoc_reply(&c->ring, &e, now, c->stale_ns);
		if (s && c->an)
			analysis_add_server_reply(c->an, (uint32_t)s->serial, &e);
		if (s)
			obs_keep(c, s->serial, OBS_SRV_REPLY, ev->pkt + e.l3_off,
				 ev->pkt_len - e.l3_off);
		return;
	}
	s = ct_assoc(&c->ring, &e, now, c->stale_ns);
	if (s)
		obs_keep(c, s->serial, OBS_CAPT, ev->pkt + e.l3_off,
			 ev->pkt_len - e.l3_off);
	if (s && c->an)
		analysis_add_capt(c->an, (uint32_t)s->serial, &e);
	/* --tr: the server's capture is the last hop's full view. */
	if (s && run_hops(c->r))
		hops_add_final(run_hops(c->r), (uint32_t)s->serial, &e);
	if (s && ct_ring_echoed(&c->ring, s)) {
		c->dup_echoes++;
	} else {
		c->echoed_pkts++;
		c->echoed_bytes += ev->pkt_len;
		c->echoed_first += s != NULL;
		c->unknown_echoes += s == NULL;
	}
	if (s && now > s->send_ns)
		t = s->send_ns + (now - s->send_ns) / 2; /* an estimate */
	print_capt(c, ev, s, &e, t);
	if (s && c->hold.n)
		ct_hold_release(&c->hold, s->serial);
	print_held(c, now);
}

/* ---- engine hooks ---- */

static void
hook_fd(void *arg)
{
	ec_service(arg);
}

static uint64_t
hook_next_due(void *arg)
{
	struct echo_client *c = arg;

	return ct_hold_next_due(&c->hold);
}

static void
hook_due(void *arg, uint64_t now)
{
	flush_held(arg, now);
}

static void
hook_sent(void *arg, const struct run_sent *b)
{
	struct echo_client *c = arg;
	struct ct_probe *s = NULL;
	struct pkt sp;

	if (b->p->l3_off < b->len)
		s = ct_ring_add(&c->ring, b->data + b->p->l3_off,
				b->len - b->p->l3_off, b->key, b->t, &sp);
	if (s && c->an)
		analysis_add_probe(c->an, (uint32_t)s->serial, &sp);
	if (s) {
		obs_keep(c, s->serial, OBS_SENT, b->data + b->p->l3_off,
			 b->len - b->p->l3_off);
		if (c->obs)
			c->obs->n = s->serial;
	}
}

static int
hook_rcvd(void *arg, const struct run_rcvd *r)
{
	struct echo_client *c = arg;
	struct ct_probe *s = ct_ring_newest_key(&c->ring, r->key);
	uint64_t due = clock_mono_ns() + c->hold_ns;
	struct ct_line l;
	int rc;

	if (s && c->an)
		analysis_add_rcvd(c->an, (uint32_t)s->serial, r->p);
	if (s)
		obs_keep(c, s->serial, OBS_RCVD, r->l3, r->len);
	if (!sink_wants(run_sink(c->r), LINE_RCVD))
		return 1;
	if (!s || s->echoes || c->closed)
		return 0;
	rc = ct_hold_push(&c->hold, s->serial, due, r->t, r->l3, r->len);
	if (rc == ERR_NOSPACE && ct_hold_next(&c->hold, UINT64_MAX, &l)) {
		print_rcvd(c, &l);
		free(l.data);
		rc = ct_hold_push(&c->hold, s->serial, due, r->t, r->l3,
				  r->len);
	}
	return rc == 0;
}

/*
 * The end wait runs from the last probe or the latest echo, whichever
 * came later: a server that fell behind (its host busy) still delivers,
 * and giving up on it loses echoes it already has; a server that goes
 * quiet for the end wait is done.  Never past END_PROGRESS_MAX_NS.
 */
static uint64_t
hook_end_due(void *arg, uint64_t last_tx)
{
	const struct echo_client *c = arg;
	uint64_t from = c->last_echo_ns > last_tx ? c->last_echo_ns : last_tx;
	uint64_t due = from + c->stale_ns, cap = last_tx + END_PROGRESS_MAX_NS;

	return due < cap ? due : cap;
}

/* The audit's record waits for the replies too: the server host's reply
 * (reply echo) and our copy of it, when both can come. */
static int
obs_settled(const struct echo_client *c)
{
	size_t i;

	if (!c->obs || c->cfg->no_capture || !(c->ext & NEP_EXT_REPLY_ECHO))
		return 1;
	for (i = 0; i < c->obs->n && i < EC_OBS_PROBES; i++)
		if (!c->obs->p[i].srv_reply.len || !c->obs->p[i].rcvd.len)
			return 0;
	return 1;
}

static int
hook_settled(void *arg)
{
	struct echo_client *c = arg;

	return c->closed || (c->echoed_first >= run_sent_pkts(c->r) &&
			     obs_settled(c));
}

/* ---- set-up ---- */

static int
check_options(const struct config *cfg)
{
	size_t i;

	if (cfg->mode != MODE_TCP && cfg->mode != MODE_UDP &&
	    cfg->mode != MODE_ICMP) {
		warnx("--echo-client: needs raw TCP, UDP or ICMP probes, not "
		      "%s mode", cli_mode_name(cfg->mode));
		return -1;
	}
	if (cfg->n_targets != 1) {
		warnx("--echo-client: give exactly one target, the echo "
		      "server (got %zu)", cfg->n_targets);
		return -1;
	}
	for (i = 0; cfg->mode == MODE_TCP && i < cfg->n_dports; i++)
		if (cfg->dports[i] == cfg->echo_port.v) {
			warnx("-p: TCP probes to the echo port %u would hit "
			      "the side channel: '%u'", cfg->echo_port.v,
			      cfg->echo_port.v);
			return -1;
		}
	if (cfg->mode == MODE_TCP && cfg->sport.set &&
	    cfg->sport.v == cfg->echo_port.v) {
		warnx("-g: TCP probes from the echo port %u would hit the "
		      "side channel: '%u'", cfg->echo_port.v, cfg->sport.v);
		return -1;
	}
	return 0;
}

/* The passphrase: --echo-client PASS, else the first line of the file. */
/* main() already chose the passphrase (file, NPECHO_PASSPHRASE or the
 * command line: util/secret.h) and left it in cfg->echo_passphrase. */
static int
read_pass(const struct config *cfg, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s", cfg->echo_passphrase ? cfg->echo_passphrase :
		 "");
	return 0;
}

static void
fill_probe(const struct echo_client *c, struct nep_probe *np)
{
	const struct config *cfg = c->cfg;
	size_t n_ports;
	const uint16_t *ports = run_ports(c->r, &n_ports);

	memset(np, 0, sizeof(*np));
	np->ip_version = cfg->af == AF_INET6 ? 6 : 4;
	np->proto = cfg->mode == MODE_TCP ? 6 : cfg->mode == MODE_UDP ? 17 :
		    cfg->af == AF_INET6 ? 58 : 1;
	np->count = cfg->count.v > 65535 ? 65535 : (uint16_t)cfg->count.v;
	np->ip_id = (uint16_t)cfg->ip_id.v;
	np->tos = (uint8_t)cfg->tos.v;
	np->tclass = (uint8_t)cfg->traffic_class.v;
	np->flow = cfg->flow.v & 0xfffff;
	np->sport = (uint16_t)cfg->sport.v;
	np->dport = ports[0];
	np->have_dport = n_ports == 1;
	np->seq = cfg->seq.v;
	np->ack = cfg->ack.v;
	np->flags = (uint8_t)cfg->tcp_flags.v;
	np->win = (uint16_t)cfg->win.v;
	np->icmp_type = (uint8_t)cfg->icmp_type.v;
	np->icmp_code = (uint8_t)cfg->icmp_code.v;
	np->payload = cfg->payload;
	np->payload_len = cfg->payload_len;
}

static int
open_session(struct echo_client *c, const char *pass, struct nep_probe *np)
{
	const struct probe_target *tg = run_target(c->r, 0);
	struct nep_config nc;
	struct errbuf eb = { { 0 } };

	fill_probe(c, np);
	memset(&nc, 0, sizeof(nc));
	nc.passphrase = (const uint8_t *)pass;
	nc.passphrase_len = strlen(pass);
	nc.no_crypto = c->cfg->no_crypto;
	nc.partner.version = tg->af == AF_INET6 ? 6 : 4;
	memcpy(nc.partner.ip, tg->addr, tg->af == AF_INET6 ? 16 : 4);
	nc.probe = np;
	nc.ext = NEP_EXT_ALL;
	if (c->cfg->no_probe_token)
		nc.ext &= ~(unsigned)NEP_EXT_PROBE_TOKEN;
	c->s = nep_session_new(NEP_ROLE_CLIENT, &nc, &eb);
	if (!c->s) {
		warnx("echo session: %s", eb.msg[0] ? eb.msg : "cannot start");
		return -1;
	}
	return 0;
}

/*
 * The probe token the session agreed on (NEP_EXT_PROBE_TOKEN: a probe
 * without a payload of the user's carries it, and the PacketSpec names
 * it): every probe from now on carries it as its payload.
 */
static void
use_token(struct echo_client *c)
{
	if (nep_session_token(c->s, c->token) == 0)
		return;
	run_set_payload(c->r, c->token, NEP_PROBE_TOKEN_LEN);
}

static uint64_t
clamp(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void
set_timing(struct echo_client *c)
{
	uint64_t a = 0, b = 0;

	if (c->t_final > c->t_hs_client && c->t_hs_client)
		a = c->t_final - c->t_hs_client;
	if (c->t_ready > c->t_spec && c->t_spec)
		b = c->t_ready - c->t_spec;
	c->rtt_ns = a > b ? a : b;
	c->hold_ns = clamp(3 * c->rtt_ns, HOLD_MIN_NS, HOLD_MAX_NS);
	c->stale_ns = clamp(8 * c->rtt_ns, END_MIN_NS, END_MAX_NS);
}

/*
 * The sent-probe ring: sized for the rate and the longest an echo may lag
 * (the end wait), and allowed to grow to CT_RING_MAX (memory: at most
 * CT_RING_BYTES) if echoes lag more, e.g. while the client is behind.
 */
static int
ring_start(struct echo_client *c)
{
	const struct config *cfg = c->cfg;
	double pps = cfg->flood ? 0 : cfg->delay_ns ? 1e9 / (double)cfg->delay_ns :
		1.0;
	size_t len = 60 + 40 + run_payload_len(c->r); /* + headers */
	int rc;

	rc = ct_ring_init(&c->ring, ct_ring_size(pps, c->stale_ns, len));
	if (rc < 0)
		return rc;
	ct_ring_set_growth(&c->ring, c->stale_ns, CT_RING_MAX);
	c->ring.lat_ns = c->rtt_ns;
	return 0;
}

static void
print_session(const struct echo_client *c)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (c->cfg->verbosity < 1)
		return;
	inet_ntop(c->seen_as.version == 6 ? AF_INET6 : AF_INET, c->seen_as.ip,
		  ip, sizeof(ip));
	sink_status(run_sink(c->r), "Echo server %s: NEP session up (%s%s%s), "
	       "side-channel RTT %.3fms; the server sees us as %s", c->server,
	       c->cfg->no_crypto ? "no crypto" : "encrypted",
	       c->ext & NEP_EXT_REPLY_ECHO ? ", reply echo" : "",
	       c->ext & NEP_EXT_PROBE_TOKEN ? ", probe token" : "",
	       (double)c->rtt_ns / 1e6, ip);
}

/* The Packet Echo Analysis block, printed before the "done" line. */
static int
print_analysis(FILE *f, void *arg)
{
	const struct echo_client *c = arg;

	return analysis_text_print(f, c->an, c->cfg->verbosity);
}

/* The same findings as JSON events, before the stats event. */
static void
analysis_events(struct out_sink *s, void *arg)
{
	const struct echo_client *c = arg;

	sink_findings(s, c->an);
}

/* The summary: Nping's echo-client shape and the Packet Echo Analysis. */
static void
hook_summary(void *arg, struct run_summary *s)
{
	struct echo_client *c = arg;

	s->mode = STATS_ECHO_CLIENT;
	s->echo_recv_line = 1;
	s->echoed_pkts = c->echoed_pkts;
	s->echoed_bytes = c->echoed_bytes;
	if (c->analysed) {
		s->extra = print_analysis;
		s->extra_events = analysis_events;
		s->extra_arg = c;
	}
}

/* Plugged in before the side channel is up: the summary is the echo
 * client's whether or not the session started (fd is set once it is). */
static void
setup_hook(struct echo_client *c)
{
	c->hook.arg = c;
	c->hook.fd = -1;
	c->hook.on_fd = hook_fd;
	c->hook.next_due = hook_next_due;
	c->hook.on_due = hook_due;
	c->hook.on_sent = hook_sent;
	c->hook.on_rcvd = hook_rcvd;
	c->hook.settled = hook_settled;
	c->hook.end_due = hook_end_due;
	c->hook.on_summary = hook_summary;
	run_set_hook(c->r, &c->hook);
}

/* Set-up after run_new(): side channel, handshake.  0 or -1 (printed). */
static int
client_start(struct echo_client *c)
{
	char pass[NEP_PASS_MAX + 2];
	struct nep_probe np;
	int rc = -1;

	if (run_n_targets(c->r) != 1) {
		warnx("--echo-client: the target resolved to %zu addresses; "
		      "give one", run_n_targets(c->r));
		return -1;
	}
	if (ct_hold_init(&c->hold, HOLD_LINES) < 0) {
		warnx("out of memory");
		return -1;
	}
	if (read_pass(c->cfg, pass, sizeof(pass)) < 0)
		goto out;
	if (open_session(c, pass, &np) < 0)
		goto out;
	if (ec_connect(c, run_target(c->r, 0), (uint16_t)c->cfg->echo_port.v) < 0)
		goto out;
	if (ec_handshake(c) < 0)
		goto out;
	use_token(c);
	set_timing(c);
	if (ring_start(c) < 0) {
		warnx("out of memory");
		goto out;
	}
	c->hook.fd = c->fd;
	c->an = analysis_new();
	if (c->an) {
		analysis_set_extension(c->an,
				       (c->ext & NEP_EXT_REPLY_ECHO) != 0);
		analysis_set_token_payload(c->an,
					   nep_session_token(c->s, c->token));
	}
	print_session(c);
	rc = 0;
out:
	explicit_bzero(pass, sizeof(pass));
	return rc;
}

static int
client_finish(struct echo_client *c, int interrupted, int started)
{
	int status;

	flush_held(c, UINT64_MAX);
	ec_close(c);
	if (c->cfg->verbosity >= 1 && (c->dup_echoes || c->reply_echoes ||
					c->unknown_echoes || c->dropped))
		sink_status(run_sink(c->r), "Echoes: %llu duplicate, %llu of "
		       "replies, %llu not matched to a probe, %llu dropped",
		       (unsigned long long)c->dup_echoes,
		       (unsigned long long)c->reply_echoes,
		       (unsigned long long)c->unknown_echoes,
		       (unsigned long long)c->dropped);
	c->analysed = started && c->an && analysis_finish(c->an) == 0;
	status = run_report(c->r, interrupted);
	sink_flush_lines(run_sink(c->r));
	if (interrupted)
		return EXIT_INTERRUPTED;
	if (!started || c->failed)
		return EXIT_FAILURE_STATUS;
	return status;
}

/* The client and its run; the config is copied (the copy's strings stay
 * the caller's).  NULL with *status set after printing why. */
static struct echo_client *
client_new(const struct config *cfg, uint64_t start_ns, struct out_sink *sink,
	   int *status)
{
	struct echo_client *c;

	if (check_options(cfg) < 0) {
		*status = EXIT_USAGE;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		warnx("out of memory");
		*status = EXIT_FAILURE_STATUS;
		return NULL;
	}
	/* A random TCP source port must not be the echo port (Nping). */
	c->cc = *cfg;
	if (c->cc.mode == MODE_TCP && !c->cc.sport.set &&
	    c->cc.sport.v == c->cc.echo_port.v)
		c->cc.sport.v = c->cc.sport.v == 65534 ? 1024 :
				c->cc.sport.v + 1;
	c->cfg = &c->cc;
	c->fd = -1;
	run_signals();
	c->r = sink ? run_new_shared(c->cfg, start_ns, sink, status) :
	       run_new(c->cfg, start_ns, status);
	if (!c->r) {
		free(c);
		return NULL;
	}
	setup_hook(c);
	return c;
}

void
ec_destroy(struct echo_client *c)
{
	if (!c)
		return;
	run_free(c->r);
	nep_session_free(c->s);
	ct_ring_free(&c->ring);
	ct_hold_free(&c->hold);
	analysis_free(c->an);
	free(c);
}

struct echo_client *
ec_prepare(const struct config *cfg, uint64_t start_ns, struct out_sink *sink,
	   struct ec_obs *obs, int *status)
{
	struct echo_client *c = client_new(cfg, start_ns, sink, status);

	if (c)
		c->obs = obs;
	return c;
}

int
ec_execute(struct echo_client *c)
{
	int started = client_start(c) == 0;

	if (started && c->obs) {
		c->obs->started = 1;
		c->obs->ext = c->ext;
	}
	if (started)
		(void)run_loop(c->r);
	flush_held(c, UINT64_MAX);
	ec_close(c);
	return started && !c->failed ? 0 : -1;
}

int
echo_client_run(const struct config *cfg, uint64_t start_ns)
{
	struct echo_client *c;
	int status, started, interrupted = 0;

	c = client_new(cfg, start_ns, NULL, &status);
	if (!c)
		return status;
	started = client_start(c) == 0;
	if (started)
		interrupted = run_loop(c->r);
	else
		interrupted = run_stopped();
	status = client_finish(c, interrupted, started);
	ec_destroy(c);
	return status;
}
