/* SPDX-License-Identifier: MIT */
/*
 * json.h: a small streaming JSON Lines writer and npecho's event lines.
 *
 * A struct json_writer writes either into a caller's buffer or into a FILE.
 * Values are written in order (json_obj_begin, json_key, json_str, ...,
 * json_obj_end, json_end_line); nothing is allocated.  The output is always
 * valid JSON text: strings are fully escaped (control characters, quote,
 * backslash; bytes that are not valid UTF-8 become U+FFFD), non-finite
 * doubles become null.  The schema of the event lines is in doc/json.md.
 *
 * Errors are sticky: the first failure (ERR_NOSPACE when the buffer is full,
 * ERR_SYS when the FILE fails, ERR_INVALID when calls are out of order, e.g.
 * a value where a key is due) is kept in the writer, later calls do nothing,
 * and json_error() / the return value of json_end_line() report it.  In
 * buffer mode the buffer stays NUL-terminated; a failed line must be thrown
 * away with json_reset().  In FILE mode a failed line may be half written.
 */
#ifndef NPECHO_OUTPUT_JSON_H
#define NPECHO_OUTPUT_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "proto/packet.h"

#define JSON_MAX_DEPTH 32

struct json_writer {
	char *buf;     /* buffer mode: borrowed, cap bytes */
	size_t cap;
	size_t len;    /* bytes in buf, not counting the NUL */
	FILE *fp;      /* FILE mode: borrowed */
	int err;       /* sticky ERR_* or 0 */
	int depth;
	int want_key;  /* inside an object, a key comes next */
	uint32_t is_obj;   /* bit per depth: object (1) or array (0) */
	uint32_t has_item; /* bit per depth: a member was written already */
};

/* Buffer mode: output goes to buf[0..cap) (NUL-terminated, cap >= 1). */
void json_init_buf(struct json_writer *w, char *buf, size_t cap);
/* FILE mode: output goes to fp (borrowed; never closed here). */
void json_init_file(struct json_writer *w, FILE *fp);
/* Forgets the nesting state and the error; empties the buffer. */
void json_reset(struct json_writer *w);
/* The sticky error (0 or ERR_*). */
int json_error(const struct json_writer *w);

void json_obj_begin(struct json_writer *w);
void json_obj_end(struct json_writer *w);
void json_arr_begin(struct json_writer *w);
void json_arr_end(struct json_writer *w);
/* A member name (NUL-terminated or n bytes); escaped like a string. */
void json_key(struct json_writer *w, const char *k);
void json_key_n(struct json_writer *w, const void *k, size_t n);

/*
 * Values.  Strings may hold any bytes; see the escaping rules above;
 * json_str(w, NULL) writes null.  Doubles use the fewest digits (15 to 17)
 * that read back as the same value.
 */
void json_str(struct json_writer *w, const char *s);
void json_str_n(struct json_writer *w, const void *s, size_t n);
void json_i64(struct json_writer *w, int64_t v);
void json_u64(struct json_writer *w, uint64_t v);
void json_double(struct json_writer *w, double v); /* NaN/inf -> null */
void json_bool(struct json_writer *w, int v);
void json_null(struct json_writer *w);
/* n bytes as a lower-case hex string ("0a1b..."). */
void json_hex(struct json_writer *w, const uint8_t *p, size_t n);
/* Nanoseconds as seconds with 9 decimals, exact: 1500000 -> 0.001500000. */
void json_time_ns(struct json_writer *w, uint64_t ns);
/* Addresses as strings: "10.0.0.1", "2001:db8::1", "00:11:22:aa:bb:cc". */
void json_ip4(struct json_writer *w, const uint8_t a[4]);
void json_ip6(struct json_writer *w, const uint8_t a[16]);
void json_mac(struct json_writer *w, const uint8_t a[6]);

/* Shorthands for one object member: json_key() then the value. */
void json_kv_str(struct json_writer *w, const char *k, const char *v);
void json_kv_i64(struct json_writer *w, const char *k, int64_t v);
void json_kv_u64(struct json_writer *w, const char *k, uint64_t v);
void json_kv_bool(struct json_writer *w, const char *k, int v);

/*
 * Ends a top-level value with '\n'.  Returns the sticky error, or
 * ERR_INVALID when an object or array is still open.
 */
int json_end_line(struct json_writer *w);

/*
 * Decoded packet fields by layer ("eth", "arp", "ip", "tcp", "udp", "icmp",
 * "icmp6", "payload_len", "problems"), written as members of the object
 * that is open (json_write_pkt_members) or as one object value
 * (json_write_pkt, e.g. after json_key(w, "quote")).
 */
void json_write_pkt_members(struct json_writer *w, const struct pkt *p);
void json_write_pkt(struct json_writer *w, const struct pkt *p);

/* What a sent / rcvd / capt line says about one packet. */
struct json_pkt_event {
	uint64_t t_ns;          /* monotonic, since the run started */
	int64_t probe;          /* probe number; < 0: not matched, omitted */
	const struct pkt *pkt;  /* decoded fields; NULL: none */
	const uint8_t *raw;     /* whole packet as "hex"; NULL: omitted */
	size_t raw_len;
	int64_t rtt_ns;         /* rcvd/capt: < 0 unknown, omitted */
	const char *server;     /* capt: echo server name; NULL: omitted */
	int has_client;         /* capt on the echo server: "client" */
	uint64_t client;        /* the client number it was echoed to */
};

struct json_path;

/* One analysis finding: a field that changed between sent and captured. */
struct json_finding {
	uint64_t t_ns;
	int64_t probe;          /* < 0: omitted */
	const char *kind;       /* "changed", "added", "removed", "hint"... */
	const char *layer;      /* "ip", "tcp"... NULL: omitted */
	const char *field;      /* "ttl", "csum"... NULL: omitted */
	int has_num;            /* sent_num/capt_num are the values */
	int64_t sent_num, capt_num;
	const char *sent_str, *capt_str; /* used instead when non-NULL */
	const char *text;       /* a human sentence; NULL: omitted */
	const char *tag;        /* analysis tag ("nat-source"); NULL: omitted */
	const char *severity;   /* "info", "notice", "warning"; NULL: omitted */
	unsigned count, total;  /* probes showing it / where it could show;
				 * written when total > 0 */
	const uint32_t *probes; /* the first probes showing it, n_probes */
	size_t n_probes;
	const struct json_path *path; /* --tr path change; NULL: omitted */
};

/* Where on the path a change was first seen (--tr, analysis/hops.h). */
struct json_path {
	unsigned before;        /* last hop showing the old value; 0: sender */
	const char *before_addr; /* NULL: omitted (the sender) */
	unsigned at;            /* first hop showing the new value */
	const char *at_addr;    /* NULL: omitted */
	int at_dest;            /* first seen at the destination, not a TTL */
	unsigned unknown;       /* hops in between that could not tell */
};

/*
 * TCP-Connect and UDP-Unprivileged modes: what a socket did.  These modes
 * never see packets, so the event carries a "sock" object instead of
 * layers.  event is "sent", "rcvd" or "error".
 */
struct json_sock_event {
	const char *event;
	uint64_t t_ns;
	int64_t probe;          /* < 0: omitted */
	const char *proto;      /* "tcp" or "udp" */
	const char *peer;       /* the target's address as text */
	const char *name;       /* the target as given when a name; NULL */
	uint16_t port;
	int has_payload;        /* UDP: payload_len is the datagram's size */
	uint64_t payload_len;
	int64_t rtt_ns;         /* rcvd: < 0 omitted */
	const char *result;     /* TCP rcvd: "connected" / "failed"; NULL */
	const char *reason;     /* strerror() of a failure; NULL: omitted */
	int code;               /* error: ERR_* */
	const char *msg;        /* error: the one-line text */
};

/* --tr: one row of a target's hop table, with what the path analysis
 * learnt from that hop's quotes. */
struct json_hop {
	uint64_t t_ns;
	const char *target;     /* the target's address */
	const char *name;       /* as given when a name; NULL: omitted */
	unsigned ttl;
	int answered;
	const char *addr;       /* answered: who answered */
	int64_t rtt_ns;         /* answered: < 0 omitted */
	const char *reply;      /* answered: "TTL=0 during transit (...)" */
	int dest;               /* the answer came from the target */
	int has_quote;          /* the members below are known */
	unsigned quote_len, sent_len;
	int quote_ttl;          /* < 0: omitted */
	const char *blind;      /* "" or NULL: omitted */
	int more_addrs;
	const char *const *changes; /* tags first seen at this hop */
	size_t n_changes;
	const char *const *obs; /* observations (sentences) about this hop */
	size_t n_obs;
};

struct json_stats {
	uint64_t t_ns;
	uint64_t sent, sent_bytes;
	uint64_t rcvd, rcvd_bytes;
	uint64_t capt, capt_bytes; /* echo client only (has_capt) */
	int has_capt;
	uint64_t rtt_n;            /* replies with an RTT; 0: RTTs null */
	int64_t rtt_min_ns, rtt_max_ns, rtt_sum_ns;
	uint64_t elapsed_ns;
	int has_server;            /* echo server: the counters below */
	uint64_t captured, captured_bytes, unmatched, unmatched_bytes;
	uint64_t echoed, echoed_bytes, clients;
};

/* Echo server: one client session changing state. */
struct json_session {
	uint64_t t_ns;
	uint64_t id;            /* server-local session number */
	const char *state;      /* "open", "auth", "ready", "closed", "refused" */
	const char *peer;       /* client address as text; NULL: omitted */
	uint16_t port;          /* client port; 0: omitted */
	const char *reason;     /* why closed/refused; NULL: omitted */
	uint64_t echoed, echoed_bytes;
};

/*
 * Event lines: each writes one complete line (`{"event":...}\n`) and
 * returns json_error().  The writer must be at top level.
 */
int json_ev_sent(struct json_writer *w, const struct json_pkt_event *e);
int json_ev_rcvd(struct json_writer *w, const struct json_pkt_event *e);
int json_ev_capt(struct json_writer *w, const struct json_pkt_event *e);
int json_ev_finding(struct json_writer *w, const struct json_finding *f);
int json_ev_stats(struct json_writer *w, const struct json_stats *s);
/* code is an ERR_* (its err_name() is written too); probe < 0 omitted. */
int json_ev_error(struct json_writer *w, uint64_t t_ns, int64_t probe,
		  int code, const char *msg);
int json_ev_session(struct json_writer *w, const struct json_session *s);
/* A socket event (struct json_sock_event; e->event names it). */
int json_ev_sock(struct json_writer *w, const struct json_sock_event *e);
int json_ev_hop(struct json_writer *w, const struct json_hop *h);

#endif
