/* SPDX-License-Identifier: MIT */
/*
 * sink.c: text or JSON Lines on stdout, and the pcapng tap (sink.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/analysis.h"
#include "analysis/hops.h"
#include "net/clock.h"
#include "output/audit.h"
#include "output/pcapng.h"
#include "output/sink.h"

#define SINK_MAX_IF 32

struct sink_if {
	char name[64];
	int linktype;
	int id;
};

struct out_sink {
	const struct config *cfg;
	uint64_t start_ns;
	int64_t real_minus_mono;      /* CLOCK_REALTIME - CLOCK_MONOTONIC */
	int json;
	int quiet;                    /* sink_set_quiet: lines and status off */
	struct json_writer jw;
	struct pcapng_writer *pw;     /* NULL without -w */
	struct sink_if ifs[SINK_MAX_IF];
	size_t n_ifs;
	int tap_err;                  /* first tap error (sticky) */
};


struct out_sink *
sink_new(const struct config *cfg, uint64_t start_ns, struct errbuf *eb)
{
	struct out_sink *s = calloc(1, sizeof(*s));

	if (!s) {
		errbuf_set(eb, "out of memory");
		return NULL;
	}
	s->cfg = cfg;
	s->start_ns = start_ns;
	s->real_minus_mono = clock_real_minus_mono();
	s->json = cfg->json;
	json_init_file(&s->jw, stdout);
	if (cfg->pcap_file) {
		s->pw = pcapng_open(cfg->pcap_file, eb);
		if (!s->pw) {
			free(s);
			return NULL;
		}
	}
	return s;
}

int
sink_free(struct out_sink *s)
{
	int rc;

	if (!s)
		return 0;
	fflush(stdout);
	rc = pcapng_close(s->pw);
	if (s->tap_err)
		rc = s->tap_err;
	free(s);
	return rc;
}

int
sink_json(const struct out_sink *s)
{
	return s && s->json;
}

int
sink_tapping(const struct out_sink *s)
{
	return s && s->pw;
}

int
sink_wants(const struct out_sink *s, enum line_kind kind)
{
	if (!s || s->quiet)
		return 0;
	if (kind == LINE_SENT && s->cfg->hide_sent)
		return 0;
	return s->json || s->cfg->verbosity >= 0;
}

static uint64_t
rel_ns(const struct out_sink *s, uint64_t t_ns)
{
	return t_ns > s->start_ns ? t_ns - s->start_ns : 0;
}

/* A line that failed half-way must not glue onto the next one. */
static void
json_done(struct out_sink *s, int rc)
{
	if (rc < 0)
		fputc('\n', stdout);
	json_reset(&s->jw);
}

static void
pkt_json(struct out_sink *s, const struct sink_pkt *e)
{
	struct json_pkt_event je;
	int rc;

	memset(&je, 0, sizeof(je));
	je.t_ns = rel_ns(s, e->t_ns);
	je.probe = e->probe >= 1 ? e->probe : -1;
	je.pkt = e->p;
	if (s->cfg->verbosity >= 3 && e->dump) {
		je.raw = e->dump;
		je.raw_len = e->dump_len;
	}
	je.rtt_ns = e->kind == LINE_RCVD ? e->rtt_ns : -1;
	je.server = e->kind == LINE_CAPT ? e->server : NULL;
	je.has_client = e->kind == LINE_CAPT && e->client >= 0;
	je.client = (uint64_t)e->client;
	rc = e->kind == LINE_SENT ? json_ev_sent(&s->jw, &je) :
		e->kind == LINE_RCVD ? json_ev_rcvd(&s->jw, &je) :
		json_ev_capt(&s->jw, &je);
	json_done(s, rc);
}

void
sink_pkt(struct out_sink *s, const struct sink_pkt *e)
{
	double t;

	if (!sink_wants(s, e->kind) || !e->p)
		return;
	if (s->json) {
		pkt_json(s, e);
		return;
	}
	t = (double)rel_ns(s, e->t_ns) / 1e9;
	if (e->kind == LINE_CAPT && e->sent && !s->cfg->full_capt)
		line_print_capt(stdout, t, e->sent, e->p, s->cfg->verbosity,
				e->dump, e->dump_len);
	else
		line_print_pkt(stdout, e->kind, t, e->p, s->cfg->verbosity,
			       e->dump, e->dump_len);
}

uint64_t
sink_mono_of(const struct out_sink *s, const struct timespec *ts)
{
	int64_t real = (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;

	return (uint64_t)(real - s->real_minus_mono);
}

int
sink_linktype(int dlt)
{
	/* DLT_RAW is 12 (14 on some BSDs); the file format says 101. */
	if (dlt == 12 || dlt == 14)
		return PCAPNG_LINKTYPE_RAW;
	return dlt;
}

/* The interface id of (name, linktype), added on first use. */
static int
tap_if(struct out_sink *s, const char *name, int linktype)
{
	struct sink_if *f;
	size_t i;
	int id;

	for (i = 0; i < s->n_ifs; i++)
		if (s->ifs[i].linktype == linktype &&
		    !strcmp(s->ifs[i].name, name))
			return s->ifs[i].id;
	if (s->n_ifs == SINK_MAX_IF)
		return ERR_LIMIT;
	id = pcapng_add_if(s->pw, name, (uint16_t)linktype, 0);
	if (id < 0)
		return id;
	f = &s->ifs[s->n_ifs++];
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->linktype = linktype;
	f->id = id;
	return id;
}

static void
tap_fail(struct out_sink *s, int rc)
{
	if (s->tap_err)
		return;
	s->tap_err = rc;
	warnx("-w: cannot write '%s': %s (packets are no longer saved)",
	      s->cfg->pcap_file, err_name(rc));
}

void
sink_tap(struct out_sink *s, const char *ifname, int linktype, uint64_t t_ns,
	 const uint8_t *frame, size_t len, size_t wirelen, const char *comment)
{
	int id, rc;

	if (!s || !s->pw || s->tap_err || !frame)
		return;
	if (wirelen < len)
		wirelen = len;
	id = tap_if(s, ifname, linktype);
	if (id < 0) {
		tap_fail(s, id);
		return;
	}
	rc = pcapng_write(s->pw, id, (uint64_t)((int64_t)t_ns +
						s->real_minus_mono),
			  frame, (uint32_t)len, (uint32_t)wirelen, comment);
	if (rc < 0)
		tap_fail(s, rc);
}

void
sink_error(struct out_sink *s, int64_t probe, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warnx("%s", msg);
	if (!sink_json(s))
		return;
	json_done(s, json_ev_error(&s->jw, rel_ns(s, clock_mono_ns()), probe,
				   code, msg));
	fflush(stdout);
}

static int64_t
ms_to_ns(double ms)
{
	return (int64_t)(ms * 1e6 + 0.5);
}

void
sink_summary(struct out_sink *s, const struct run_summary *sum)
{
	struct json_stats js;

	if (!s->json) {
		stats_print_summary(stdout, sum);
		fflush(stdout);
		return;
	}
	if (sum->extra_events)
		sum->extra_events(s, sum->extra_arg);
	memset(&js, 0, sizeof(js));
	js.t_ns = rel_ns(s, clock_mono_ns());
	js.sent = sum->sent_pkts;
	js.sent_bytes = sum->sent_bytes;
	js.rcvd = sum->rcvd_pkts;
	js.rcvd_bytes = sum->rcvd_bytes;
	js.has_capt = sum->mode == STATS_ECHO_CLIENT;
	js.capt = sum->echoed_pkts;
	js.capt_bytes = sum->echoed_bytes;
	js.has_server = sum->mode == STATS_ECHO_SERVER;
	js.captured = sum->captured_pkts;
	js.captured_bytes = sum->captured_bytes;
	js.unmatched = sum->unmatched_pkts;
	js.unmatched_bytes = sum->unmatched_bytes;
	js.echoed = sum->echoed_pkts;
	js.echoed_bytes = sum->echoed_bytes;
	js.clients = sum->n_done;
	js.rtt_n = sum->rtt.n;
	js.rtt_min_ns = ms_to_ns(sum->rtt.min_ms);
	js.rtt_max_ns = ms_to_ns(sum->rtt.max_ms);
	js.rtt_sum_ns = ms_to_ns(sum->rtt.sum_ms);
	js.elapsed_ns = (uint64_t)(sum->elapsed_secs * 1e9 + 0.5);
	json_done(s, json_ev_stats(&s->jw, &js));
	fflush(stdout);
}

/* "ip.src" -> layer "ip", field "src"; a list ("ip.ttl,tcp.win") stays
 * whole in field. */
static void
split_field(const char *f, char *layer, size_t cap, const char **field)
{
	const char *dot = strchr(f, '.');

	layer[0] = '\0';
	*field = f[0] ? f : NULL;
	if (!dot || strchr(f, ',') || (size_t)(dot - f) >= cap)
		return;
	memcpy(layer, f, (size_t)(dot - f));
	layer[dot - f] = '\0';
	*field = dot + 1;
}

void
sink_findings(struct out_sink *s, const struct analysis *an)
{
	const struct finding *f;
	struct json_finding jf;
	char layer[48];
	size_t i;

	if (!sink_json(s) || !an)
		return;
	for (i = 0; (f = analysis_finding(an, i)) != NULL; i++) {
		memset(&jf, 0, sizeof(jf));
		jf.t_ns = rel_ns(s, clock_mono_ns());
		jf.probe = f->n_probes ? (int64_t)f->probes[0] : -1;
		jf.tag = f->tag;
		jf.severity = finding_severity_name(f->severity);
		jf.kind = !strchr(f->field, '.') ? "hint" :
			f->varies ? "varies" : "changed";
		split_field(f->field, layer, sizeof(layer), &jf.field);
		jf.layer = layer[0] ? layer : NULL;
		jf.sent_str = f->sent[0] ? f->sent : NULL;
		jf.capt_str = f->capt[0] ? f->capt : NULL;
		jf.text = f->text[0] ? f->text : NULL;
		jf.count = f->count;
		jf.total = f->total;
		jf.probes = f->probes;
		jf.n_probes = f->n_probes;
		json_done(s, json_ev_finding(&s->jw, &jf));
	}
	fflush(stdout);
}

void
sink_server_capt(struct out_sink *s, uint64_t t_ns, int64_t client,
		 const uint8_t *l3, size_t len)
{
	struct sink_pkt e;
	struct pkt p;

	if (!s->json || pkt_decode(l3, len, PKT_LINK_IP, &p) < 0)
		return;
	memset(&e, 0, sizeof(e));
	e.kind = LINE_CAPT;
	e.t_ns = t_ns;
	e.probe = -1;
	e.p = &p;
	e.dump = l3;
	e.dump_len = len;
	e.rtt_ns = -1;
	e.client = client;
	sink_pkt(s, &e);
}

void
sink_session(struct out_sink *s, struct json_session *js)
{
	if (!sink_json(s))
		return;
	js->t_ns = rel_ns(s, clock_mono_ns());
	json_done(s, json_ev_session(&s->jw, js));
	fflush(stdout);
}

void
sink_sock(struct out_sink *s, struct json_sock_event *e)
{
	if (!sink_json(s))
		return;
	if (!strcmp(e->event, "sent") && s->cfg->hide_sent)
		return;
	e->t_ns = rel_ns(s, e->t_ns);
	json_done(s, json_ev_sock(&s->jw, e));
}

void
sink_hop(struct out_sink *s, struct json_hop *h)
{
	if (!sink_json(s))
		return;
	h->t_ns = rel_ns(s, clock_mono_ns());
	json_done(s, json_ev_hop(&s->jw, h));
}

void
sink_path_findings(struct out_sink *s, const struct hops *h)
{
	const struct hops_change *c;
	struct json_finding jf;
	struct json_path jp;
	char layer[48];
	size_t i;

	if (!sink_json(s) || !h)
		return;
	for (i = 0; i < hops_change_count(h); i++) {
		c = hops_change_at(h, i);
		memset(&jf, 0, sizeof(jf));
		memset(&jp, 0, sizeof(jp));
		jf.t_ns = rel_ns(s, clock_mono_ns());
		jf.probe = -1;
		jf.tag = c->tag;
		jf.severity = "notice";
		jf.kind = "changed";
		split_field(c->field, layer, sizeof(layer), &jf.field);
		jf.layer = layer[0] ? layer : NULL;
		jf.sent_str = c->note[0] || !c->from[0] ? NULL : c->from;
		jf.capt_str = c->note[0] || !c->to[0] ? NULL : c->to;
		jf.text = c->text;
		jp.before = c->before;
		jp.before_addr = c->before && c->before_addr[0] ?
			c->before_addr : NULL;
		jp.at_dest = c->at == HOPS_FINAL;
		jp.at = jp.at_dest ? 0 : c->at;
		jp.at_addr = c->at_addr[0] ? c->at_addr : NULL;
		jp.unknown = c->unknown;
		jf.path = &jp;
		json_done(s, json_ev_finding(&s->jw, &jf));
	}
	fflush(stdout);
}

void
sink_early_error(const struct config *cfg, int code, const char *msg)
{
	struct json_writer w;

	warnx("%s", msg);
	if (!cfg->json)
		return;
	json_init_file(&w, stdout);
	json_ev_error(&w, 0, -1, code, msg);
	fflush(stdout);
}

void
sink_starting(struct out_sink *s)
{
	if (!s->json)
		stats_print_starting(stdout, s->cfg->verbosity, "npecho",
				     NPECHO_VERSION, NULL, time(NULL));
	fflush(stdout);
}

void
sink_status(struct out_sink *s, const char *fmt, ...)
{
	va_list ap;

	if (s->json || s->quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void
sink_flush_lines(struct out_sink *s)
{
	(void)s;
	fflush(stdout);
}

void
sink_flush(struct out_sink *s)
{
	fflush(stdout);
	if (s && s->pw && !s->tap_err) {
		int rc = pcapng_flush(s->pw);

		if (rc < 0)
			tap_fail(s, rc);
	}
}

void
sink_set_quiet(struct out_sink *s, int quiet)
{
	s->quiet = quiet;
}

void
sink_audit(struct out_sink *s, struct audit_report *r)
{
	r->t_ns = rel_ns(s, clock_mono_ns());
	if (s->json)
		json_done(s, audit_json_write(&s->jw, r));
	else
		audit_text_print(stdout, r);
	fflush(stdout);
}
