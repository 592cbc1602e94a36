/* SPDX-License-Identifier: MIT */
/*
 * engine.c: the send/capture loop of the raw probe modes (TCP, UDP, ICMP,
 * ARP, and the echo client through its hook): base_loop()'s operations.
 *
 * Probes leave at absolute deadlines from the scheduler (no accumulated
 * sleeps), in batches through sendmmsg at high rates.  Between deadlines
 * the loop waits on the capture descriptor, so replies are matched and
 * printed while sending goes on.  After the last probe it waits until every
 * probe is answered or one second has passed (Nping's wait), or not at all
 * with -N.  A reply is matched to the probe it answers (probe_match()) and
 * timed against that probe's send time.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/hops.h"
#include "net/capture.h"
#include "net/clock.h"
#include "net/send.h"
#include "output/lines.h"
#include "output/progress.h"
#include "output/sink.h"
#include "probe/engine_int.h"
#include "probe/sched.h"
#include "proto/eth.h"
#include "proto/ip4frag.h"

/* A deadline closer than this is slept to (clock_sleep_until() is exact to
 * the tick; a blocking poll can oversleep by the timer slack), after at
 * most a non-blocking look at the descriptors. */
#define NEAR_NS 200000ull

/* pcap time stamps are wall-clock; turn them into CLOCK_MONOTONIC ns. */
static uint64_t
pcap_ts_mono(const struct run *r, const struct timespec *ts)
{
	int64_t real = (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;

	return (uint64_t)(real - r->real_minus_mono);
}

/* -w: the whole captured frame, commented with its probe number. */
static void
tap_rcvd(struct run *r, const struct sent_slot *slot, uint64_t t,
	 const uint8_t *data, size_t caplen, size_t wirelen, int linktype)
{
	char note[32];

	if (!sink_tapping(r->b.sink))
		return;
	snprintf(note, sizeof(note), "probe %llu",
		 (unsigned long long)slot->probe_no);
	sink_tap(r->b.sink, "rcvd", sink_linktype(linktype), t, data, caplen,
		 wirelen, note);
}

static void
print_rcvd(struct run *r, const struct sent_slot *slot, uint64_t t,
	   const struct pkt *p, const uint8_t *l3, size_t len)
{
	struct sink_pkt e;

	memset(&e, 0, sizeof(e));
	e.kind = LINE_RCVD;
	e.t_ns = t;
	e.probe = (int64_t)slot->probe_no;
	e.p = p;
	e.dump = l3;
	e.dump_len = len;
	e.rtt_ns = (int64_t)(t - slot->send_ns);
	sink_pkt(r->b.sink, &e);
}

/*
 * --tr: an ICMP error from a router quotes the probe as that hop saw it;
 * anything from the destination is the end of the path.
 */
static void
hops_note_reply(struct run *r, const struct sent_slot *slot,
		const struct pkt *p, const struct probe_target *tg)
{
	const uint8_t *src = (p->layers & PKT_HAS_IP6) ? p->ip6.src :
		p->ip4.src;
	int err = ((p->layers & PKT_HAS_ICMP4) && icmp4_is_error(p->icmp4.type)) ||
		  ((p->layers & PKT_HAS_ICMP6) && icmp6_is_error(p->icmp6.type));

	int echo = ((p->layers & PKT_HAS_ICMP4) && p->icmp4.type == 0) ||
		   ((p->layers & PKT_HAS_ICMP6) && p->icmp6.type == 129);

	if (!r->hops)
		return;
	/* A TCP or UDP answer carries no view of the probe: only quotes
	 * (routers' and the destination's) and echo replies count. */
	if (err && memcmp(src, tg->addr, tg->af == AF_INET6 ? 16 : 4))
		hops_add_quote(r->hops, slot->probe_no, src,
			       tg->af == AF_INET6 ? 6 : 4, p);
	else if (err || echo)
		hops_add_final(r->hops, slot->probe_no, p);
}

static void
on_capture(void *arg, const struct timespec *ts, const uint8_t *data,
	   size_t caplen, size_t wirelen, int linktype)
{
	struct run *r = arg;
	struct match_result m;
	struct sent_slot *slot;
	struct probe_target *tg;
	struct pkt p;
	uint16_t et = 0;
	size_t off;
	uint64_t t;

	if (capture_l3_offset(linktype, data, caplen, &off, &et) < 0)
		return;
	if (pkt_decode(data + off, caplen - off,
		       et == ETHERTYPE_ARP ? PKT_LINK_ARP : PKT_LINK_IP, &p) < 0)
		return;
	if (!probe_match(&r->mctx, &p, &m))
		return;
	slot = sent_map_find(&r->sent, m.target, m.key);
	if (!slot)
		return;
	tg = &r->b.targets[m.target];
	t = pcap_ts_mono(r, ts);
	if (t < slot->send_ns)
		t = slot->send_ns;
	base_note_rcvd(&r->b, m.target, caplen - off);
	if (!slot->answered) {
		slot->answered = 1;
		r->outstanding--;
		base_add_rtt(&r->b, m.target,
			     (double)(t - slot->send_ns) / 1e6);
	}
	r->last_rx_ns = t;
	tap_rcvd(r, slot, t, data, caplen, wirelen, linktype);
	trace_note_reply(r->trace, m.target, slot->send_ns, t, &p, tg->addr);
	hops_note_reply(r, slot, &p, tg);
	if (r->hook && r->hook->on_rcvd) {
		struct run_rcvd rr = { data + off, caplen - off, &p, m.key, t };

		if (r->hook->on_rcvd(r->hook->arg, &rr))
			return;
	}
	print_rcvd(r, slot, t, &p, data + off, caplen - off);
}

static void
drain_capture(struct run *r)
{
	struct errbuf eb;

	if (!r->cap)
		return;
	progress_clear(r->progress);
	while (capture_dispatch(r->cap, 256, on_capture, r, &eb) > 0)
		;
	sink_flush_lines(r->b.sink);
}

static void
sleep_until(uint64_t deadline)
{
	(void)clock_sleep_until(deadline);
}

/* Runs the hook's timer when it is due; returns its next due time. */
static uint64_t
hook_timers(struct run *r, uint64_t now)
{
	struct run_hook *h = r->hook;
	uint64_t due;

	if (!h->next_due)
		return SCHED_NEVER;
	due = h->next_due(h->arg);
	if (due <= now && h->on_due) {
		h->on_due(h->arg, now);
		due = h->next_due(h->arg);
	}
	return due;
}

/* wait_until() of a hooked run: capture, hook fd and hook timers. */
static void
wait_hooked(struct run *r, uint64_t deadline)
{
	struct pollfd pfd[2];
	struct timespec ts;
	uint64_t now, until;
	nfds_t n;

	for (;;) {
		now = clock_mono_ns();
		until = hook_timers(r, now);
		if (now >= deadline || run_stopped())
			return;
		if (until > deadline)
			until = deadline;
		if (until <= now)
			continue;
		n = 0;
		if (r->cap) {
			pfd[n].fd = capture_fd(r->cap);
			pfd[n++].events = POLLIN;
		}
		if (r->hook->fd >= 0) {
			pfd[n].fd = r->hook->fd;
			pfd[n++].events = POLLIN;
		}
		if (n == 0) {
			sleep_until(until);
			continue;
		}
		/* Close deadlines (high rates) still look at the side channel
		 * and the capture, without blocking, before sleeping: echoes
		 * must be read while probes go out, not after the last one. */
		if (until - now < NEAR_NS) {
			ts.tv_sec = 0;
			ts.tv_nsec = 0;
		} else {
			ts.tv_sec = (time_t)((until - now) / 1000000000);
			ts.tv_nsec = (long)((until - now) % 1000000000);
		}
		if (ppoll(pfd, n, &ts, NULL) <= 0) {
			if (until - now < NEAR_NS)
				sleep_until(until);
			continue;
		}
		if (r->cap && pfd[0].revents)
			drain_capture(r);
		if (r->hook->fd >= 0 && pfd[n - 1].revents &&
		    pfd[n - 1].fd == r->hook->fd && r->hook->on_fd)
			r->hook->on_fd(r->hook->arg);
	}
}

/* Waits until deadline (CLOCK_MONOTONIC ns), serving the capture. */
static void
wait_until(struct run *r, uint64_t deadline)
{
	struct pollfd pfd;
	struct timespec ts;
	uint64_t now;

	if (r->hook) {
		wait_hooked(r, deadline);
		return;
	}
	for (;;) {
		now = clock_mono_ns();
		if (now >= deadline || run_stopped())
			return;
		if (!r->cap || deadline - now < NEAR_NS) {
			sleep_until(deadline);
			continue;
		}
		pfd.fd = capture_fd(r->cap);
		pfd.events = POLLIN;
		ts.tv_sec = (time_t)((deadline - now) / 1000000000);
		ts.tv_nsec = (long)((deadline - now) % 1000000000);
		if (ppoll(&pfd, 1, &ts, NULL) > 0)
			drain_capture(r);
	}
}

static uint64_t
ms_since_midnight_utc(void)
{
	return clock_real_ns() / 1000000 % 86400000;
}

static int
build_one(struct run *r, uint64_t k, struct probe_buf *b)
{
	struct probe_vals v;
	struct probe_target *tg;
	uint64_t round;
	int rc;

	base_coords(&r->b, k, &round, &b->port_idx, &b->target);
	tg = &r->b.targets[b->target];
	memset(&v, 0, sizeof(v));
	v.dport = r->b.ports[b->port_idx];
	v.ttl = probe_ttl(r->b.cfg, round);
	b->ttl = v.ttl;
	v.icmp_seq = r->b.cfg->icmp_seq.set ? (uint16_t)r->b.cfg->icmp_seq.v :
		tg->icmp_seq;
	v.now_ms_utc = ms_since_midnight_utc();
	b->key = r->b.cfg->mode == MODE_ICMP ? v.icmp_seq :
		r->b.cfg->mode == MODE_ARP ? 0 : v.dport;
	rc = probe_build(&r->tmpl, r->b.cfg, tg, &v, b->data, sizeof(b->data),
			 &b->len);
	if (rc == 0 && !r->b.cfg->icmp_seq.set)
		tg->icmp_seq++;
	return rc;
}

static void
tap_sent(struct run *r, const struct probe_buf *b, uint64_t now)
{
	char note[32];

	if (!sink_tapping(r->b.sink))
		return;
	snprintf(note, sizeof(note), "probe %llu",
		 (unsigned long long)r->b.sent_pkts);
	sink_tap(r->b.sink, "sent", r->tmpl.eth ? PCAPNG_LINKTYPE_ETHERNET :
		 PCAPNG_LINKTYPE_RAW, now, b->data, b->len, b->len, note);
}

static void
print_sent(struct run *r, const struct pkt *p, const struct probe_buf *b,
	   uint64_t now)
{
	struct sink_pkt e;

	memset(&e, 0, sizeof(e));
	e.kind = LINE_SENT;
	e.t_ns = now;
	e.probe = (int64_t)r->b.sent_pkts;
	e.p = p;
	e.dump = b->data;
	e.dump_len = b->len;
	e.rtt_ns = -1;
	sink_pkt(r->b.sink, &e);
}

static void
note_sent(struct run *r, struct probe_buf *b, uint64_t now)
{
	struct sent_slot *slot;
	struct pkt p;
	int print;

	base_note_sent(&r->b, b->target, b->len, now);
	/* The map is for matching captured replies: none without a capture
	 * (-N), and a cache miss per probe saved at high rates. */
	slot = r->cap || r->hops ? sent_map_put(&r->sent, b->target, b->key) :
				   NULL;
	if (slot) {
		if (slot->answered || !slot->used)
			r->outstanding++;
		slot->used = 1;
		slot->answered = 0;
		slot->send_ns = now;
		slot->probe_no = (uint32_t)r->b.sent_pkts; /* counted above */
	}
	tap_sent(r, b, now);
	trace_note_sent(r->trace, b->target, b->ttl, now);
	print = sink_wants(r->b.sink, LINE_SENT);
	if (!print && !(r->hook && r->hook->on_sent) && !r->hops)
		return;
	if (pkt_decode(b->data, b->len, r->tmpl.eth ? PKT_LINK_ETH :
		       PKT_LINK_IP, &p) < 0)
		return;
	if (r->hops && slot)
		hops_add_sent(r->hops, slot->probe_no, b->ttl, &p);
	if (print)
		print_sent(r, &p, b, now);
	if (r->hook && r->hook->on_sent) {
		struct run_sent rs = { b->data, b->len, &p, b->key, now };

		r->hook->on_sent(r->hook->arg, &rs);
	}
}

/*
 * Every fragment carries at least --mtu data bytes but the last, behind
 * at most a 60-byte header: a probe of PROBE_MAX_PKT bytes makes at most
 * PROBE_MAX_PKT / mtu + 1 of them.
 */
int
engine_frags_new(struct run *r)
{
	size_t mtu = r->b.cfg->mtu.v ? r->b.cfg->mtu.v : 8;
	size_t n = PROBE_MAX_PKT / mtu + 2, i;
	size_t size = (r->tmpl.eth ? ETH_HDR_LEN : 0) + 60 + mtu;
	struct frag_room *f;

	_Static_assert(sizeof(struct ip4_frag_out) % _Alignof(struct sender_msg)
		       == 0, "the message array follows the slot array");
	/* One block: the room, then out[n], msg[n] and the n buffers. */
	f = calloc(1, sizeof(*f) + n * (sizeof(*f->out) + sizeof(*f->msg) +
					 size));
	if (!f)
		return ERR_NOMEM;
	f->n = n;
	f->size = size;
	f->out = (struct ip4_frag_out *)(f + 1);
	f->msg = (struct sender_msg *)(f->out + n);
	f->bufs = (uint8_t *)(f->msg + n);
	for (i = 0; i < n; i++)
		f->msg[i].data = f->bufs + i * size;
	r->frags = f;
	return 0;
}

/*
 * --mtu: the probe leaves as fragments; SENT and the counters see one.
 * Returns 0, the errno (> 0) of the first fragment that was not sent, or
 * the ERR_* (< 0) of ip4_fragment() when the probe could not be cut.
 */
static int
send_fragmented(struct run *r, struct probe_buf *b)
{
	struct frag_room *f = r->frags;
	const struct probe_target *tg = &r->b.targets[b->target];
	size_t i, n, l2 = r->tmpl.eth ? ETH_HDR_LEN : 0;
	size_t hl = 20 + r->tmpl.ipopts_len;
	int rc;

	for (i = 0; i < f->n; i++) {
		f->out[i].buf = f->bufs + i * f->size + l2;
		f->out[i].cap = f->size - l2;
	}
	rc = ip4_fragment(b->data + l2, b->len - l2, hl + r->b.cfg->mtu.v,
			  f->out, f->n, &n);
	if (rc < 0)
		return rc;
	for (i = 0; i < n; i++) {
		memcpy(f->bufs + i * f->size, b->data, l2);
		f->msg[i].len = f->out[i].len + l2;
		f->msg[i].dst = (const struct sockaddr *)&tg->sa;
		f->msg[i].dstlen = tg->salen;
		f->msg[i].err = 0;
	}
	if (sender_send_batch(r->snd, f->msg, (unsigned)n) == n)
		return 0;
	for (i = 0; i < n; i++)
		if (f->msg[i].err)
			return f->msg[i].err;
	return EIO;
}

/* err: an errno (> 0), or an ERR_* of the fragmenter (< 0). */
static void
report_send_error(struct run *r, const struct probe_buf *b, int err)
{
	if (err > 0)
		sink_error(r->b.sink, -1, ERR_SYS, "send to %s failed: %s",
			   r->b.targets[b->target].ip, strerror(err));
	else
		sink_error(r->b.sink, -1, err, "--mtu %u: cannot cut the "
			   "%zu-byte probe to %s into fragments: %s",
			   r->b.cfg->mtu.v, b->len, r->b.targets[b->target].ip,
			   err_name(err));
}

static void
send_batch(struct run *r, uint64_t first, unsigned n)
{
	struct sender_msg msg[SCHED_MAX_BATCH];
	unsigned i, done;
	uint64_t now;

	for (i = 0; i < n; i++) {
		struct probe_buf *b = &r->bufs[i];

		if (build_one(r, first + i, b) < 0) {
			msg[i].len = 0;
			continue;
		}
		msg[i].data = b->data;
		msg[i].len = b->len;
		msg[i].dst = (const struct sockaddr *)&r->b.targets[b->target].sa;
		msg[i].dstlen = r->b.targets[b->target].salen;
		msg[i].err = 0;
	}
	/* Probes are timed from just before the send call: on fast paths the
	 * reply is captured before sendmmsg() returns. */
	now = clock_mono_ns();
	progress_clear(r->progress);
	if (r->frags) {
		for (i = 0; i < n; i++)
			if (msg[i].len)
				msg[i].err = send_fragmented(r, &r->bufs[i]);
	} else {
		done = sender_send_batch(r->snd, msg, n);
		(void)done;
	}
	for (i = 0; i < n; i++) {
		if (msg[i].len == 0)
			continue;
		if (msg[i].err) {
			r->send_errors++;
			if (r->send_errors <= 3)
				report_send_error(r, &r->bufs[i], msg[i].err);
			continue;
		}
		note_sent(r, &r->bufs[i], now);
	}
	sink_flush_lines(r->b.sink);
	progress_update(r->progress, r->b.sent_pkts, r->b.rcvd_pkts, now);
}

/*
 * A hooked run that is behind schedule sends batch after batch without
 * waiting: look at the hook's descriptor (without blocking) and timers
 * between batches, or the echo client's side channel is not read until
 * the last probe left and its server drops the echoes it cannot queue.
 * Only then: a run on schedule waits in wait_hooked(), which serves both,
 * and a poll() after every batch would be one more system call per probe
 * (an echo client at 1k/s made seven, 100 of them on 2 vCPUs wanted ten
 * CPUs and starved their own server).
 */
static void
serve_hook(struct run *r)
{
	struct pollfd pfd;

	if (!r->hook)
		return;
	hook_timers(r, clock_mono_ns());
	if (r->hook->fd < 0 || !r->hook->on_fd)
		return;
	pfd.fd = r->hook->fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 0) > 0)
		r->hook->on_fd(r->hook->arg);
}

/*
 * After the last probe: replies for up to BASE_END_WAIT_NS until every probe is
 * answered (Nping), and for a hooked run until the hook settles or its own
 * end wait passed (with or without capture).
 */
static void
end_wait(struct run *r)
{
	uint64_t rx_end = r->b.last_tx_ns + BASE_END_WAIT_NS, hook_end = 0;
	uint64_t now, end;
	int want_rx, want_hook, looked = 0;

	while (!run_stopped()) {
		now = clock_mono_ns();
		if (r->hook && r->hook->end_due)
			hook_end = r->hook->end_due(r->hook->arg, r->b.last_tx_ns);
		want_rx = r->cap && r->outstanding > 0 && now < rx_end;
		want_hook = r->hook && now < hook_end &&
			!(r->hook->settled && r->hook->settled(r->hook->arg));
		/* The deadline may have passed while this process was off
		 * the CPU, with echoes already waiting: read them, and stop
		 * only if that moved nothing. */
		if (!want_rx && !want_hook && r->hook && r->hook->end_due &&
		    !looked) {
			serve_hook(r);
			looked = 1;
			continue;
		}
		if (!want_rx && !want_hook)
			break;
		looked = 0;
		end = want_rx ? rx_end : 0;
		if (want_hook && hook_end > end)
			end = hook_end;
		wait_until(r, now + 10000000 < end ? now + 10000000 : end);
	}
	if (!run_stopped())
		drain_capture(r);
}

static void
ops_send(void *arg, uint64_t first, unsigned n, int behind)
{
	struct run *r = arg;

	if (behind)
		serve_hook(r);
	send_batch(r, first, n);
	drain_capture(r);
}

static void
ops_wait(void *arg, uint64_t deadline, int settle)
{
	(void)settle; /* the raw modes have their own end wait */
	wait_until(arg, deadline);
}

static void
ops_end_wait(void *arg)
{
	end_wait(arg);
}

static const struct run_ops engine_ops = {
	ops_send, NULL, ops_wait, ops_end_wait,
};

int
run_loop(struct run *r)
{
	base_loop(&r->b, &engine_ops, r);
	return run_stopped();
}

int
probe_run(const struct config *cfg, uint64_t start_ns)
{
	struct run *r;
	int status;

	run_signals();
	r = run_new(cfg, start_ns, &status);
	if (!r)
		return status;
	run_loop(r);
	status = run_report(r, run_stopped());
	run_free(r);
	return run_stopped() ? EXIT_INTERRUPTED : status;
}
