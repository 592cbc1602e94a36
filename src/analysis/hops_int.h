/* SPDX-License-Identifier: MIT */
/*
 * hops_int.h: what hops.c (recording) and hops_find.c (localisation,
 * observations, read side) share; nobody else sees it.
 */
#ifndef NPECHO_ANALYSIS_HOPS_INT_H
#define NPECHO_ANALYSIS_HOPS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/hops.h"
#include "analysis/analysis_int.h"

#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_ICMP6 58
#define N_SLOTS (HOPS_FINAL + 1)
#define ALL_TAGS ((1u << T_COUNT) - 1)

/* Byte offsets inside the TCP header (RFC 9293 section 3.1). */
enum {
	TCPB_SEQ = 4, TCPB_ACK = 8, TCPB_FLAGS = 12, TCPB_WIN = 14,
	TCPB_CSUM = 16, TCPB_URP = 18, TCPB_FIXED = 20,
};

struct hprobe {
	uint32_t no;
	unsigned ttl;
	struct snap sent;
	unsigned ip_hlen, l4_hlen, tot_len;
};

struct htag {
	uint8_t same, changed;
	struct diff d;          /* the first change seen at this hop */
};

struct hslot {
	struct hops_hop pub;
	struct htag t[T_COUNT];
	uint8_t has_err;        /* the ICMP error's own header, first one */
	uint8_t err_tos, err_df;
	uint8_t has_qdf;        /* DF of the probe and of its first quote */
	uint8_t sent_df, quote_df;
	uint8_t has_reply;      /* echo request vs. reply */
	uint8_t req_tos, rep_tos, req_code, rep_code;
};

struct hops {
	struct hprobe *p;       /* sorted by probe number */
	size_t n, cap;
	uint8_t probed[N_SLOTS]; /* a probe was sent with this TTL */
	struct hslot *slot[N_SLOTS];
	struct hops_hop *hl;
	size_t n_hl;
	struct hops_change *c;
	size_t n_c, cap_c;
	struct hops_obs *o;
	size_t n_o, cap_o;
};

/* hops.c: drops the results of the last hops_finish(). */
void hops_clear_results(struct hops *h);

#endif
