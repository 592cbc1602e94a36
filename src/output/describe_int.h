/* SPDX-License-Identifier: MIT */
/*
 * describe_int.h: shared state of the description formatters (private to
 * src/output/describe*.c).
 */
#ifndef NPECHO_OUTPUT_DESCRIBE_INT_H
#define NPECHO_OUTPUT_DESCRIBE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "output/describe.h"
#include "output/sbuf.h"

#define DESC_AVAIL_ALL ((size_t)-1) /* no captured bytes: headers complete */

struct dctx {
	const struct pkt *p;
	enum detail lv;
	unsigned flags;
	int v6;
	char src[48], dst[48];
	char ip[512];       /* the {ip} part, already formatted */
	uint8_t proto;      /* transport protocol number */
	unsigned frag_off;  /* IPv4 fragment offset in bytes */
	int mf;             /* IPv4 MF flag */
	const uint8_t *l4;  /* captured transport bytes, NULL without base */
	size_t avail;       /* bytes after the IP headers, or DESC_AVAIL_ALL */
};

/* describe_opts.c */
void ipopts_format(struct sbuf *sb, const uint8_t *opt, size_t len);
void tcpopts_format(struct sbuf *sb, const uint8_t *opt, size_t len);

/* describe_icmp.c */
void icmp4_describe(struct sbuf *sb, const struct dctx *c);
void icmp6_describe(struct sbuf *sb, const struct dctx *c);

/* describe.c */
void tcp_flag_letters(uint8_t flags, char out[9]);
/* a's text, as inet_ntop(AF_INET or AF_INET6) writes it; IPv4 without
 * inet_ntop's sprintf (one per address of every line). */
void addr_text(int v6, const uint8_t *a, char *out, size_t cap);

#endif
