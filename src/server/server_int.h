/* SPDX-License-Identifier: MIT */
/*
 * server/server_int.h: state shared by server.c (set-up, loop, summary),
 * conn.c (one NEP side channel per TCP connection) and relay.c (captured
 * packets to sessions).  Not a public API.
 *
 * Ownership: struct server owns its listeners, captures, the slot table
 * and every struct srv_conn (reachable through table.slots[i].owner).
 * A conn owns its socket, events and NEP session.
 */
#ifndef NPECHO_SERVER_SERVER_INT_H
#define NPECHO_SERVER_SERVER_INT_H

#include <event2/event.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "cli/config.h"
#include "echo/session.h"
#include "net/bpf.h"
#include "net/capture.h"
#include "net/clock.h"
#include "server/admit.h"
#include "server/dedup.h"
#include "server/index.h"
#include "server/server.h"
#include "server/table.h"

#define SRV_MAX_LISTENERS 2
#define SRV_LINGER_NS 1000000000ull /* time to flush a NEP_ERROR */
/* A live session whose send queue is full and whose socket took no byte
 * for this long is dropped at its next echo ("client not reading"). */
#define SRV_STALL_NS 5000000000ull

struct out_sink;
struct server;

struct srv_listener {
	int fd;
	int af;
	struct event *ev;
	struct server *srv;
};

struct srv_capture {
	struct capture *cap;
	struct event *ev;
	struct server *srv;
	char ifname[64];
	int linktype;
	/* Set by the capture thread when the capture fails (it stops
	 * polling it); the loop logs err once and sets reported. */
	atomic_int failed;
	int reported;
	int gate;       /* its kernel filter follows the sessions
			 * (srv_filter_sessions) */
	char err[256];
};

/*
 * The capture thread (capthread.c): polls every capture, copies frames
 * into q and wakes the loop through wake_fd; the loop hands them to the
 * sessions (relay.c srv_queue_cb).  Not running (on = 0) when it could
 * not be started: the loop then reads the captures itself.
 */
struct srv_capthread {
	int on;
	pthread_t tid;
	struct capq *q;
	int wake_fd;            /* eventfd: frames queued (thread -> loop) */
	int stop_fd;            /* eventfd: stop (loop -> thread) */
	atomic_int pending;     /* wake_fd written, loop not yet drained */
	struct event *ev;       /* wake_fd in the loop */
	struct pollfd *pf;      /* the thread's: captures, then stop_fd */
};

struct srv_counters {
	uint64_t captured_pkts, captured_bytes;
	uint64_t echoed_pkts, echoed_bytes;
	uint64_t unmatched_pkts, unmatched_bytes;
	uint64_t replies;      /* reply echoes (extension) */
	uint64_t drop_queue;   /* matched, send queue full */
	uint64_t drop_budget;  /* matched, session budget used up */
	uint64_t refused;      /* connections over a limit */
	uint64_t evicted;      /* idle handshakes closed to make room */
	uint64_t ties;         /* claimed equally by two sessions: neither */
	uint64_t copies;       /* forwarded copies not echoed (dedup.h) */
};

/* Kinds of log line, each rate limited on its own (srv_log). */
enum srv_log_kind {
	SRV_LK_CONNECT, /* connection received */
	SRV_LK_CLOSE,   /* disconnected, no session */
	SRV_LK_SESSION, /* authenticated, live, NEP_ERROR, budget */
	SRV_LK_ERROR,   /* accept / capture errors, dropped messages */
	SRV_LK_ECHO,    /* -d2: one per echo */
	SRV_LK_REFUSE,  /* refused over a limit: a flood of these must not
			 * hide the disconnections (failed MACs, timeouts) */
	SRV_LK_N
};

struct server {
	const struct config *cfg;
	struct event_base *base;
	struct event *ev_sigint, *ev_sigterm;
	struct event *ev_logtick; /* 1 s: suppressed log lines, heap trim */
	struct srv_ratelimit rl[SRV_LK_N];
	uint64_t closed_since_tick; /* conns freed: the tick trims the heap */
	struct srv_listener lis[SRV_MAX_LISTENERS];
	size_t n_lis;
	struct srv_capture *caps;
	size_t n_caps;
	struct srv_capthread ct;
	struct srv_table table;   /* authenticated sessions */
	struct srv_pool pool;     /* connections before authentication */
	struct srv_hsrate hsrate; /* handshakes per source */
	struct srv_addr *local;   /* this host's addresses at start-up */
	size_t n_local;
	struct srv_index index;  /* live sessions' specs by key item */
	int *cand;               /* scratch: candidate slots, table.cap */
	int *dirty;              /* slots with echoes to write, table.cap */
	size_t n_dirty;
	struct srv_dedup dedup;  /* recent echoes, by capture */
	/* Conns closed during the current event: freed by ev_reap once the
	 * callback that closed them has returned (srv_conn_close). */
	struct srv_conn *dead;
	struct event *ev_reap;
	struct event *ev_filter;  /* srv_filter_later */
	char bpf_wide[FILTER_TEXT_MAX]; /* all but the side channel */
	char pass[NEP_PASS_MAX + 1];
	size_t pass_len;
	uint64_t next_client; /* client numbers, from 0 like nping */
	uint64_t served;      /* sessions that reached READY */
	size_t n_live;        /* sessions with a PacketSpec, not yet closed */
	struct srv_counters n;
	int signo;            /* signal that stopped the loop, 0 if none */
	int once_taken;       /* --once: the one connection was accepted */
	uint64_t start_ns;
	struct out_sink *sink; /* --json / -w (output/sink.h) */
	uint8_t buf[NEP_ECHO_MAX_PKT]; /* the captured packet being echoed */
};

struct srv_conn {
	struct server *srv;
	int fd;
	int slot;
	uint64_t num;
	struct srv_addr addr;
	struct srv_addr src;         /* srv_src_of(addr): the limits' key */
	int in_pool;                 /* not authenticated yet: in srv->pool */
	int refused;                 /* closing: over a session limit */
	uint16_t port;
	char peer[SRV_PEER_LEN];
	struct nep_session *s;
	struct event *ev_read, *ev_write, *ev_timer;
	const struct nep_spec *spec; /* owned by s; set when live */
	unsigned ext;                /* agreed NEP_EXT_* bits */
	int closing;                 /* flushing a NEP_ERROR, then close */
	int dirty;                   /* in srv->dirty: flush after the batch */
	int abort;                   /* close with a reset (SO_LINGER 0) */
	int gone;                    /* closed: in srv->dead, memory only */
	struct srv_conn *next_dead;
	const char *close_reason;
	uint64_t budget;
	uint64_t echoed, echoed_bytes, replies, drop_queue, drop_budget;
	uint64_t last_ns;            /* last activity (idle timeout) */
	uint64_t progress_ns;        /* last byte written to the socket */
	struct srv_flows flows;
};

/*
 * "[unix] " + the line, on stdout, when verbosity >= level; flushed.
 * Each kind is rate limited (SRV_LOG_BURST, SRV_LOG_RATE per second);
 * lines over the limit are counted and later reported as one line
 * "[unix] (suppressed {n} similar lines: {kind})".
 */
void srv_log(struct server *srv, enum srv_log_kind kind, int level,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Prints the "(suppressed ...)" line of every kind that has one. */
void srv_log_flush(struct server *srv);

/* conn.c */
void srv_accept_cb(evutil_socket_t fd, short what, void *arg);
/* Tries to write the session's output now; arms the write event for the
 * rest.  Closes the conn on a socket error (then returns -1). */
int srv_conn_flush(struct srv_conn *c);
/*
 * Logs and closes one conn: its slot, events and socket go at once; its
 * memory stays valid (c->gone set) until the current libevent callback
 * has returned, so a caller up the stack that still holds c may read it
 * (never act on it: check c->gone).  Closing a gone conn is a no-op.
 * reason: static text.
 */
void srv_conn_close(struct srv_conn *c, const char *reason);
/* Frees every closed conn now (ev_reap's work; also at shutdown). */
void srv_conn_reap(struct server *srv);
/* Closes every conn (server shutdown). */
void srv_conn_close_all(struct server *srv, const char *reason);

/* relay.c */
void srv_capture_cb(evutil_socket_t fd, short what, void *arg);
/* server.c: the captures' kernel filters for the live sessions (shut
 * with none); see there.  srv_filter_later: the same, once this event's
 * callbacks returned (ends of sessions). */
void srv_filter_sessions(struct server *srv);
void srv_filter_later(struct server *srv);
/* The loop's side of the capture thread: frames from srv->ct.q. */
void srv_queue_cb(evutil_socket_t fd, short what, void *arg);

/* capthread.c: starts the capture thread (after priv_drop: it inherits
 * the dropped privileges and the calling thread's nice value) and stops
 * the captures' own events; 0, or ERR_* with the reason in eb, and the
 * captures left to the loop.  stop: joins it; a no-op when not running. */
int srv_capthread_start(struct server *srv, struct errbuf *eb);
void srv_capthread_stop(struct server *srv);
/* Stops it and frees its queue and descriptors; safe when never started. */
void srv_capthread_free(struct server *srv);

#endif
