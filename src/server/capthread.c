/* SPDX-License-Identifier: MIT */
/*
 * capthread.c: the server's capture thread (server_int.h struct
 * srv_capthread, server/capq.h for why).
 *
 * The thread owns the pcap handles while it runs: it polls them, copies
 * every frame into the queue and writes wake_fd once per batch unless the
 * loop has not drained the last wake-up yet (pending).  The loop clears
 * pending before it drains, so a frame queued after the drain started
 * always brings a new wake-up.  It touches nothing else of the server:
 * the loop does all decoding, matching, logging and sending.
 *
 * Only the loop touches the pcap handles before start and after stop
 * (capture_stats in the summary runs after the join).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "net/clock.h"
#include "server/capq.h"
#include "server/server_int.h"

/* Room for the loop to fall behind: ~8 million 28-byte probes' headers,
 * 80 s at 100k/s; taken only while the loop is behind. */
#define SRV_QUEUE_BYTES (64u * 1024 * 1024)
#define CAPTHREAD_DISPATCH_MAX 4096

/*
 * While frames keep coming, the thread naps this long after each batch
 * instead of waiting in poll().  A thread waiting in poll() is woken by
 * every frame, and on a veth (or any path whose receive runs in the
 * sender's context) that wake-up, an IPI to this CPU, is paid by whoever
 * sent the frame: at 100,000 probes/s it was 11% of the echo client's
 * CPU on the bench's veth (perf: tpacket_rcv -> sock_def_readable).  A
 * napping thread is on no wait queue, so frames arriving meanwhile cost
 * their sender nothing more, and the thread takes them as one batch.  At
 * most one nap (plus the kernel's timer slack) is added to a probe's
 * echo.  The thread starts napping only when frames come closer together
 * than a nap (an average of the gaps while it waits in poll(),
 * CAPTHREAD_GAP_AVG): at 10,000 frames/s naps would only add a timer
 * wake-up per frame (server CPU 38% -> 73% on the bench with 20 us naps).
 * It goes on napping while naps find frames; after CAPTHREAD_EMPTY_NAPS
 * empty ones in a row it blocks in poll() again, so an idle server still
 * sleeps.  Each nap is a timer, and timers are dear on a VM: 20 us naps
 * through up to 10 empty ones took the server from ~65% to 86% of a core
 * at 100k/s and its p99 past 1 ms; 50 us naps, blocking after one empty,
 * gave the lowest server CPU and p50 of the settings tried (20/1, 50/1,
 * 50/3, 20/10 on bench/echo_load.sh, whose runs swing widely here).
 */
#define CAPTHREAD_NAP_NS 50000
#define CAPTHREAD_GAP_AVG 4 /* the gap average moves 1/4 per round */
#define CAPTHREAD_EMPTY_NAPS 1

static void
capthread_frame(void *arg, const struct timespec *ts, const uint8_t *data,
	 size_t caplen, size_t wirelen, int linktype)
{
	struct srv_capture *sc = arg;
	struct server *srv = sc->srv;

	(void)capq_put(srv->ct.q, ts, data, caplen, wirelen,
		       (unsigned)(sc - srv->caps), linktype);
}

static void
capthread_wake(struct srv_capthread *ct)
{
	uint64_t one = 1;

	if (atomic_exchange(&ct->pending, 1) == 0)
		(void)!write(ct->wake_fd, &one, sizeof(one));
}

/* Polls captures 0..n-1 and stop_fd (ct.pf[n], set up by start) until
 * stop_fd is readable. */
static void *
capthread_main(void *arg)
{
	struct server *srv = arg;
	size_t i, n = srv->n_caps;
	struct pollfd *pf = srv->ct.pf;
	int busy = 0;          /* frames come fast: nap, then look */
	int empty = 0;         /* naps in a row that found nothing */
	uint64_t last = 0;     /* when the last round took frames */
	uint64_t gap = 1000000000; /* average ns between frames */

	for (;;) {
		uint64_t took = 0, now;
		int got = 0;

		if (busy) {
			struct timespec nap = { 0, CAPTHREAD_NAP_NS };

			(void)nanosleep(&nap, NULL);
		}
		if (poll(pf, n + 1, busy ? 0 : -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pf[n].revents)
			break;
		for (i = 0; i < n; i++) {
			struct srv_capture *sc = &srv->caps[i];
			struct errbuf eb = { { 0 } };
			int rc;

			if (!pf[i].revents)
				continue;
			rc = capture_dispatch(sc->cap, CAPTHREAD_DISPATCH_MAX,
					      capthread_frame, sc, &eb);
			if (rc > 0) {
				got = 1;
				took += (uint64_t)rc;
			}
			/* An error poll keeps reporting while libpcap reads
			 * nothing would spin this thread at top priority. */
			if (rc == 0 && (pf[i].revents & (POLLERR | POLLNVAL))) {
				snprintf(eb.msg, sizeof(eb.msg), "poll reports "
					 "an error on the capture descriptor");
				rc = ERR_SYS;
			}
			if (rc < 0) {
				snprintf(sc->err, sizeof(sc->err), "%s",
					 eb.msg);
				atomic_store(&sc->failed, 1);
				pf[i].fd = -1; /* poll skips it */
				got = 1;
			}
		}
		if (got)
			capthread_wake(&srv->ct);
		if (took) {
			now = clock_mono_ns();
			if (!busy)
				gap = (gap * (CAPTHREAD_GAP_AVG - 1) +
				       (now - last) / took) / CAPTHREAD_GAP_AVG;
			last = now;
		}
		if (busy) {
			/* Napping: go on while naps find frames. */
			empty = took ? 0 : empty + 1;
			busy = empty < CAPTHREAD_EMPTY_NAPS;
		} else if (took) {
			busy = gap < CAPTHREAD_NAP_NS;
			empty = 0;
		}
	}
	return NULL;
}

static void
capthread_close_fds(struct srv_capthread *ct)
{
	if (ct->ev)
		event_free(ct->ev);
	ct->ev = NULL;
	if (ct->wake_fd >= 0)
		close(ct->wake_fd);
	if (ct->stop_fd >= 0)
		close(ct->stop_fd);
	ct->wake_fd = ct->stop_fd = -1;
	capq_free(ct->q);
	ct->q = NULL;
	free(ct->pf);
	ct->pf = NULL;
}

static int
capthread_spawn(struct server *srv, struct errbuf *eb)
{
	sigset_t all, old;
	int rc;

	/* Signals stay with the loop (libevent's handlers). */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&srv->ct.tid, NULL, capthread_main, srv);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		errbuf_set(eb, "capture thread: %s", strerror(rc));
		return ERR_SYS;
	}
	return 0;
}

int
srv_capthread_start(struct server *srv, struct errbuf *eb)
{
	struct srv_capthread *ct = &srv->ct;
	size_t i;

	ct->wake_fd = ct->stop_fd = -1;
	atomic_init(&ct->pending, 0);
	for (i = 0; i < srv->n_caps; i++)
		atomic_init(&srv->caps[i].failed, 0);
	ct->q = capq_new(SRV_QUEUE_BYTES);
	ct->pf = calloc(srv->n_caps + 1, sizeof(*ct->pf));
	if (!ct->q || !ct->pf) {
		capthread_close_fds(ct);
		errbuf_set(eb, "capture thread: out of memory");
		return ERR_NOMEM;
	}
	ct->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	ct->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (ct->wake_fd < 0 || ct->stop_fd < 0) {
		errbuf_set(eb, "capture thread: eventfd: %s", strerror(errno));
		capthread_close_fds(ct);
		return ERR_SYS;
	}
	ct->ev = event_new(srv->base, ct->wake_fd, EV_READ | EV_PERSIST,
			   srv_queue_cb, srv);
	if (!ct->ev || event_add(ct->ev, NULL) < 0) {
		errbuf_set(eb, "capture thread: out of memory");
		capthread_close_fds(ct);
		return ERR_NOMEM;
	}
	for (i = 0; i < srv->n_caps; i++) {
		ct->pf[i].fd = capture_fd(srv->caps[i].cap);
		ct->pf[i].events = POLLIN;
	}
	ct->pf[srv->n_caps].fd = ct->stop_fd;
	ct->pf[srv->n_caps].events = POLLIN;
	/* From here on only the thread reads the captures. */
	for (i = 0; i < srv->n_caps; i++)
		if (srv->caps[i].ev)
			event_del(srv->caps[i].ev);
	if (capthread_spawn(srv, eb) < 0) {
		for (i = 0; i < srv->n_caps; i++)
			if (srv->caps[i].ev)
				event_add(srv->caps[i].ev, NULL);
		capthread_close_fds(ct);
		return ERR_SYS;
	}
	ct->on = 1;
	return 0;
}

void
srv_capthread_stop(struct server *srv)
{
	struct srv_capthread *ct = &srv->ct;
	uint64_t one = 1;

	if (!ct->on)
		return;
	(void)!write(ct->stop_fd, &one, sizeof(one));
	pthread_join(ct->tid, NULL);
	ct->on = 0;
}

void
srv_capthread_free(struct server *srv)
{
	srv_capthread_stop(srv);
	if (srv->ct.q || srv->ct.ev || srv->ct.pf)
		capthread_close_fds(&srv->ct);
}
