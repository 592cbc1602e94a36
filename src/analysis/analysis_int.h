/* SPDX-License-Identifier: MIT */
/*
 * analysis_int.h: what the analysis files share and nobody else sees.
 *
 * store.c   keeps the probes and turns each struct pkt into a struct snap
 * analysis.c  analysis_finish() and the read side of the API
 * diff.c    compares two snaps field by field into a struct diffset
 * collect.c walks the probes, feeds the per-tag accumulators (forward path,
 *           TTL, loss, replies)
 * findings.c turns an accumulator into a struct finding with its sentence
 * hops.c, hops_find.c  the Path Change Analysis (hops.h), which reuses
 *           store.c's snaps and diff.c's comparison on ICMP quotes
 */
#ifndef NPECHO_ANALYSIS_ANALYSIS_INT_H
#define NPECHO_ANALYSIS_ANALYSIS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"

enum tag_id {
	T_NAT_SOURCE,
	T_NAT_DEST,
	T_PORT_SOURCE,
	T_PORT_DEST,
	T_ICMP_ID,
	T_HOPS,
	T_TTL_REWRITTEN,
	T_DSCP,
	T_ECN,
	T_IP_ID,
	T_DF,
	T_IP_OPTIONS,
	T_FRAGMENTED,
	T_TCP_SEQ,
	T_TCP_ACK,
	T_TCP_WINDOW,
	T_TCP_MSS,
	T_TCP_OPTIONS,
	T_TCP_FLAGS,
	T_TCP_URP,
	T_PAYLOAD_CHANGED,
	T_PAYLOAD_TRUNCATED,
	T_PROBE_LOST,
	T_REPLY_LOST,
	T_NO_REPLY,
	T_ICMP_RATELIMIT,
	T_FORGED_REPLY,
	T_REPLY_PATH,
	T_COUNT
};

#define SNAP_MAX_OPTS 20 /* TCP options other than NOP/EOL fit in 40 bytes */

/* The fields of one packet that the analysis compares, copied. */
struct snap {
	uint8_t fam;            /* 4, 6, or 0 when there is no IP layer */
	uint8_t src[16], dst[16];
	uint8_t ttl, tos;       /* hop limit and traffic class for IPv6 */
	uint8_t v4;             /* the IPv4-only fields below are valid */
	uint16_t ip_id;
	uint8_t ip_flags;       /* IP4_FLAG_RF | IP4_FLAG_DF */
	uint8_t frag;           /* a fragment (MF set or offset > 0) */
	uint16_t frag_off;
	uint8_t ipopts_len;     /* v4 option bytes, or v6 extension types */
	uint8_t ipopts[40];
	uint8_t ipopts_bad;     /* the list was cut or malformed */
	uint8_t l4;             /* IPPROTO_*, 0 when none */
	uint8_t has_l4;         /* the transport header is complete */
	uint8_t has_ports;      /* TCP or UDP */
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t tflags, x2;
	uint16_t win, urp;
	uint8_t has_mss;
	uint16_t mss;
	uint8_t n_opts;         /* TCP options other than NOP/EOL, in order */
	uint8_t opt_kind[SNAP_MAX_OPTS];
	uint8_t opt_len[SNAP_MAX_OPTS];
	uint8_t opt_off[SNAP_MAX_OPTS]; /* kind byte inside opts[] */
	uint8_t opts[40];       /* raw option bytes */
	uint8_t is_icmp_echo;   /* ICMP / ICMPv6 echo request or reply */
	uint8_t is_icmp_err;    /* ICMP error (quotes a datagram) */
	uint8_t icmp_type, icmp_code;
	uint16_t icmp_id, icmp_seq;
	uint32_t pay_wire;      /* payload length the headers claim */
	uint32_t pay_len;       /* bytes in pay */
	uint8_t *pay;           /* owned copy, NULL when none or unknown */
	uint8_t pay_ok;         /* pay holds the captured payload bytes */
};

/*
 * How store.c keeps a snap: the scalar fields in struct snap_c (same
 * names), the addresses and option lists, which repeat from one probe to
 * the next, once in the analysis' table of struct snap_ext (ext is the
 * index).  A probe record takes ~160 bytes instead of ~530: an echo
 * client at 100k probes/s first-touched 53 MB/s of them, and 100 clients
 * 10,000 probes each held 530 MB.  The two lists below name every field
 * exactly once, so compress and expand cannot miss one.
 */
#define SNAP_SCALARS(X) \
	X(fam) X(ttl) X(tos) X(v4) X(ip_id) X(ip_flags) X(frag) X(frag_off) \
	X(ipopts_bad) X(l4) X(has_l4) X(has_ports) X(sport) X(dport) \
	X(seq) X(ack) X(tflags) X(x2) X(win) X(urp) X(has_mss) X(mss) \
	X(is_icmp_echo) X(is_icmp_err) X(icmp_type) X(icmp_code) \
	X(icmp_id) X(icmp_seq) X(pay_wire) X(pay_len) X(pay) X(pay_ok)
#define SNAP_SHARED(X) \
	X(src) X(dst) X(ipopts_len) X(ipopts) X(n_opts) X(opt_kind) \
	X(opt_len) X(opt_off) X(opts)

struct snap_c {
	uint8_t fam, ttl, tos, v4;
	uint16_t ip_id;
	uint8_t ip_flags, frag;
	uint16_t frag_off;
	uint8_t ipopts_bad, l4, has_l4, has_ports;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t tflags, x2;
	uint16_t win, urp;
	uint8_t has_mss;
	uint16_t mss;
	uint8_t is_icmp_echo, is_icmp_err, icmp_type, icmp_code;
	uint16_t icmp_id, icmp_seq;
	uint32_t pay_wire, pay_len;
	uint8_t *pay;           /* owned */
	uint8_t pay_ok;
	uint32_t ext;           /* index into analysis.ext */
};

struct snap_ext {
	uint8_t src[16], dst[16];
	uint8_t ipopts_len;
	uint8_t ipopts[40];
	uint8_t n_opts;
	uint8_t opt_kind[SNAP_MAX_OPTS];
	uint8_t opt_len[SNAP_MAX_OPTS];
	uint8_t opt_off[SNAP_MAX_OPTS];
	uint8_t opts[40];
};

/* A probe as store.c keeps it. */
struct probe_rec {
	uint32_t no;
	uint8_t has_sent, has_capt;
	uint8_t n_rcvd, n_srv;
	unsigned capt_extra;    /* further captures of this probe */
	uint8_t capt_frag;      /* some capture of it was a fragment */
	struct snap_c sent, capt;
	struct snap *rcvd;      /* ANALYSIS_MAX_REPLIES each, allocated */
	struct snap *srv;       /* on the first reply of either kind */
};

/* A probe as the collectors read it (an_probe_view): borrowed, not owned. */
struct probe {
	uint32_t no;
	uint8_t has_sent, has_capt;
	uint8_t n_rcvd, n_srv;
	unsigned capt_extra;
	uint8_t capt_frag;
	struct snap sent, capt;
	struct snap *rcvd;
	struct snap *srv;
};

/* One field difference found by diff.c. */
struct diff {
	uint8_t tag;            /* enum tag_id */
	uint8_t variant;        /* tag-specific wording choice */
	char field[24];
	char from[80];
	char to[80];
	char note[80];          /* replaces "from -> to" in the sentence */
};

struct diffset {
	uint32_t checked;       /* 1u << tag for every comparison made */
	unsigned n;
	struct diff d[T_COUNT + 4];
};

/* Everything one tag gathered over all probes. */
struct acc {
	unsigned count, total;
	unsigned n_probes;
	uint32_t probes[FINDING_MAX_PROBES];
	int varies;
	int any;                /* last holds a probe number */
	uint32_t last;          /* last probe counted: one count per probe */
	long vmin, vmax;        /* hops: the range of TTL drops */
	struct diff first;      /* the first hit's values */
	char key[256];          /* what later hits must equal, else varies */
};

struct analysis {
	struct probe_rec *p;    /* sorted by probe number */
	size_t n, cap;
	struct snap_ext *ext;   /* distinct shared parts, in order seen */
	uint32_t n_ext;
	size_t cap_ext;
	uint32_t *ext_tab;      /* open addressing: ext index + 1, 0 empty */
	uint32_t tab_cap;       /* a power of two, > 2 * n_ext */
	uint32_t last_ext[2];   /* sent / capt: the last one used + 1 */
	int extension;
	int token_payload;      /* analysis_set_token_payload */
	unsigned dropped;
	/* collect.c: the silences follow an ICMP rate limit (ratelimit_seen),
	 * after a burst of rl_burst answers, rl_after_ans of rl_after. */
	int ratelimited;
	size_t rl_burst, rl_after, rl_after_ans;
	struct finding *f;
	size_t n_f;
	struct analysis_summary sum;
};

/* store.c: a packet's compared fields into *s (fully overwritten), with an
 * owned copy of the payload bytes when pkt->base holds them; 0 or ERR_NOMEM.
 * an_snap_clear() frees that copy (the snap may be taken again). */
int an_snap_take(const struct pkt *k, struct snap *s);
void an_snap_clear(struct snap *s);
/* store.c: the full view of a stored probe (snaps borrowed from r). */
void an_probe_view(const struct analysis *a, const struct probe_rec *r,
		   struct probe *v);

/* diff.c */
void an_diff_add(struct diffset *ds, int tag, const char *field,
		 const char *from, const char *to, const char *note);
void an_diff_ip(const struct snap *a, const struct snap *b, struct diffset *ds);
void an_diff_l4(const struct snap *a, const struct snap *b, struct diffset *ds);
/* True when p[0..n) are all zero bytes. */
int an_all_zero(const uint8_t *p, uint32_t n);
int an_diff_payload(const struct snap *a, const struct snap *b,
		    struct diffset *ds);
void an_fmt_addr(const struct snap *s, const uint8_t *ip, uint16_t port,
		 int with_port, char *out, size_t cap);
void an_fmt_tcp_flags(uint8_t f, uint8_t x2, char *out, size_t cap);
int an_snap_addr_eq(const struct snap *a, const uint8_t *x,
		    const struct snap *b, const uint8_t *y);

/* collect.c */
int an_collect_all(struct analysis *a, struct acc *acc);

/* findings.c */
void an_acc_hit(struct acc *c, uint32_t probe_no, const struct diff *d,
		const char *key);
void an_acc_hit_value(struct acc *c, uint32_t probe_no, const struct diff *d,
		      long v);
void an_words_build(int tag, const struct acc *c, struct finding *f);

#endif
