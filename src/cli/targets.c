/* SPDX-License-Identifier: MIT */
/* targets.c: target specifications to address lists. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/targets.h"
#include "util/grow.h"

static const char illegal[] = "Your host specifications are illegal!";

void
target_list_free(struct target_list *l)
{
	if (!l)
		return;
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int
list_push(struct target_list *l, const struct target_addr *a)
{
	struct target_addr *nv = grow_room(l->v, l->n, &l->cap, sizeof(*nv),
					   16);

	if (!nv)
		return ERR_NOMEM;
	l->v = nv;
	l->v[l->n++] = *a;
	return 0;
}

static bool
all_in(const char *s, const char *set)
{
	return s[strspn(s, set)] == '\0';
}

static bool
hostname_syntax(const char *s)
{
	size_t len = strcspn(s, "/");

	if (len == 0 || len > 253 || s[0] == '-' || s[0] == '.')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz"
		      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._") == len;
}

enum target_kind
targets_classify(const char *spec)
{
	struct in_addr a4;
	struct in6_addr a6;
	const char *slash;

	if (!spec || !*spec)
		return TARGET_INVALID;
	if (inet_pton(AF_INET, spec, &a4) == 1)
		return TARGET_ADDR4;
	if (inet_pton(AF_INET6, spec, &a6) == 1)
		return TARGET_ADDR6;
	slash = strchr(spec, '/');
	if (slash) {
		if (strchr(spec, ':'))
			return TARGET_CIDR6;
		if (all_in(spec, "0123456789./"))
			return TARGET_CIDR4;
		return hostname_syntax(spec) ? TARGET_NAME : TARGET_INVALID;
	}
	if (strchr(spec, ':'))
		return TARGET_INVALID;
	if (all_in(spec, "0123456789.,-*")) {
		/* A plain dotted quad that failed inet_pton is just illegal. */
		if (all_in(spec, "0123456789."))
			return TARGET_INVALID;
		return TARGET_RANGE4;
	}
	return hostname_syntax(spec) ? TARGET_NAME : TARGET_INVALID;
}

/* Parses "/bits" (1..maxbits) at s. */
static int
parse_bits(const char *s, unsigned maxbits, unsigned *bits, struct errbuf *eb)
{
	unsigned long v = 0;
	const char *p = s;

	if (!*p)
		goto bad;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > 1000)
			goto bad;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v == 0) {
		errbuf_set(eb, "a /0 network would be the whole address space");
		return ERR_INVALID;
	}
	if (v > maxbits)
		goto bad;
	*bits = (unsigned)v;
	return 0;
bad:
	errbuf_set(eb, "Illegal netmask in target specification (must be /1 to /%u)",
		   maxbits);
	return ERR_INVALID;
}

static int
too_many(struct errbuf *eb, const char *what, size_t max)
{
	errbuf_set(eb, "%s expands to more than %zu addresses", what, max);
	return ERR_LIMIT;
}

static int
expand_cidr4(struct in_addr base, unsigned bits, size_t max,
	     struct target_list *out, size_t *count, struct errbuf *eb)
{
	uint32_t a = ntohl(base.s_addr), mask, n, i;
	struct target_addr t = { .af = AF_INET };

	if (bits < 32 && (1ULL << (32 - bits)) > max)
		return too_many(eb, "the network", max);
	mask = bits == 32 ? 0xffffffffU : ~(0xffffffffU >> bits);
	a &= mask;
	n = (uint32_t)(1ULL << (32 - bits));
	if (count)
		*count = n;
	for (i = 0; out && i < n; i++) {
		t.a.v4.s_addr = htonl(a + i);
		if (list_push(out, &t) < 0)
			return ERR_NOMEM;
	}
	return 0;
}

static int
expand_cidr6(const struct in6_addr *base, unsigned bits, size_t max,
	     struct target_list *out, size_t *count, struct errbuf *eb)
{
	struct target_addr t = { .af = AF_INET6 };
	uint64_t n, i;
	unsigned k;

	if (128 - bits >= 63 || (1ULL << (128 - bits)) > max)
		return too_many(eb, "the network", max);
	t.a.v6 = *base;
	for (k = bits; k < 128; k++)	/* clear the host bits */
		t.a.v6.s6_addr[k / 8] &= (uint8_t)~(0x80u >> (k % 8));
	n = 1ULL << (128 - bits);
	if (count)
		*count = (size_t)n;
	for (i = 0; out && i < n; i++) {
		struct target_addr c = t;
		uint64_t carry = i;
		int b;

		/* add i to the low 64 bits (host part fits there) */
		for (b = 15; b >= 8 && carry; b--) {
			carry += c.a.v6.s6_addr[b];
			c.a.v6.s6_addr[b] = (uint8_t)carry;
			carry >>= 8;
		}
		if (list_push(out, &c) < 0)
			return ERR_NOMEM;
	}
	return 0;
}

static int
cidr(const char *spec, bool v6, size_t max, struct target_list *out,
     size_t *count, struct errbuf *eb)
{
	char host[64];
	const char *slash = strchr(spec, '/');
	size_t hl = (size_t)(slash - spec);
	unsigned bits;
	struct in_addr a4;
	struct in6_addr a6;
	int ret;

	if (hl >= sizeof(host)) {
		errbuf_set(eb, "%s", illegal);
		return ERR_INVALID;
	}
	memcpy(host, spec, hl);
	host[hl] = '\0';
	ret = parse_bits(slash + 1, v6 ? 128 : 32, &bits, eb);
	if (ret < 0)
		return ret;
	if (!v6 && inet_pton(AF_INET, host, &a4) == 1)
		return expand_cidr4(a4, bits, max, out, count, eb);
	if (v6 && inet_pton(AF_INET6, host, &a6) == 1)
		return expand_cidr6(&a6, bits, max, out, count, eb);
	errbuf_set(eb, "%s", illegal);
	return ERR_INVALID;
}

/* Reads a 0..255 decimal at *p; false if no digit or too big. */
static bool
octet_num(const char **p, unsigned *v)
{
	unsigned x = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		x = x * 10 + (unsigned)(*s - '0');
		if (x > 255)
			return false;
	}
	*p = s;
	*v = x;
	return true;
}

/*
 * One octet: comma list of "*", "a", "a-b", "-b", "a-", "-" ending at
 * '.' or NUL.  Sets bits in set[256/8]; returns the number of values, or
 * 0 on bad syntax.
 */
static unsigned
octet_set(const char **pp, uint8_t set[32])
{
	const char *p = *pp;
	unsigned lo, hi, v, n = 0;

	memset(set, 0, 32);
	for (;;) {
		if (*p == '*') {
			lo = 0;
			hi = 255;
			p++;
		} else {
			bool have = octet_num(&p, &lo);

			if (!have)
				lo = 0;
			hi = lo;
			if (*p == '-') {
				p++;
				if (!octet_num(&p, &hi))
					hi = 255;
			} else if (!have) {
				return 0;
			}
		}
		if (lo > hi)
			return 0;
		for (v = lo; v <= hi; v++)
			set[v / 8] |= (uint8_t)(1u << (v % 8));
		if (*p != ',')
			break;
		p++;
	}
	if (*p != '.' && *p != '\0')
		return 0;
	*pp = p;
	for (v = 0; v < 256; v++)
		n += (set[v / 8] >> (v % 8)) & 1u;
	return n;
}

static bool
in_set(const uint8_t set[32], unsigned v)
{
	return (set[v / 8] >> (v % 8)) & 1u;
}

/* Appends every combination, first octet outermost, each ascending. */
static int
range4_emit(const uint8_t sets[4][32], struct target_list *out)
{
	uint8_t vals[4][256];
	unsigned n[4] = { 0 }, o, v, i[4];
	struct target_addr t = { .af = AF_INET };

	for (o = 0; o < 4; o++)
		for (v = 0; v < 256; v++)
			if (in_set(sets[o], v))
				vals[o][n[o]++] = (uint8_t)v;
	for (i[0] = 0; i[0] < n[0]; i[0]++)
		for (i[1] = 0; i[1] < n[1]; i[1]++)
			for (i[2] = 0; i[2] < n[2]; i[2]++)
				for (i[3] = 0; i[3] < n[3]; i[3]++) {
					uint32_t a = (uint32_t)vals[0][i[0]] << 24 |
						(uint32_t)vals[1][i[1]] << 16 |
						(uint32_t)vals[2][i[2]] << 8 | vals[3][i[3]];

					t.a.v4.s_addr = htonl(a);
					if (list_push(out, &t) < 0)
						return ERR_NOMEM;
				}
	return 0;
}

static int
range4(const char *spec, size_t max, struct target_list *out, size_t *count,
       struct errbuf *eb)
{
	uint8_t sets[4][32];
	uint64_t total = 1;
	const char *p = spec;
	unsigned o;

	for (o = 0; o < 4; o++) {
		unsigned n = octet_set(&p, sets[o]);

		if (!n || (o < 3 && *p != '.') || (o == 3 && *p != '\0')) {
			errbuf_set(eb, "%s", illegal);
			return ERR_INVALID;
		}
		if (o < 3)
			p++;
		total *= n;
	}
	if (total > max)
		return too_many(eb, "the range", max);
	if (count)
		*count = (size_t)total;
	return out ? range4_emit(sets, out) : 0;
}

int
targets_expand(const char *spec, size_t max, struct target_list *out,
	       size_t *count, struct errbuf *eb)
{
	struct target_addr t;

	if (count)
		*count = 0;
	switch (targets_classify(spec)) {
	case TARGET_ADDR4:
		t.af = AF_INET;
		inet_pton(AF_INET, spec, &t.a.v4);
		break;
	case TARGET_ADDR6:
		t.af = AF_INET6;
		inet_pton(AF_INET6, spec, &t.a.v6);
		break;
	case TARGET_CIDR4:
		return cidr(spec, false, max, out, count, eb);
	case TARGET_CIDR6:
		return cidr(spec, true, max, out, count, eb);
	case TARGET_RANGE4:
		return range4(spec, max, out, count, eb);
	case TARGET_NAME:
		errbuf_set(eb, "host names need targets_resolve()");
		return ERR_UNSUPPORTED;
	default:
		errbuf_set(eb, "%s", illegal);
		return ERR_INVALID;
	}
	if (max < 1)
		return too_many(eb, "the target", max);
	if (count)
		*count = 1;
	if (out && list_push(out, &t) < 0)
		return ERR_NOMEM;
	return 0;
}

static int
resolve_name(const char *name, int af, struct target_addr *t)
{
	struct addrinfo hints, *res = NULL, *ai;
	int ret = ERR_SYS;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = af;
	hints.ai_socktype = SOCK_DGRAM;
	if (getaddrinfo(name, NULL, &hints, &res) != 0)
		return ERR_SYS;
	for (ai = res; ai; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET) {
			t->af = AF_INET;
			memcpy(&t->a.v4, &((struct sockaddr_in *)(void *)ai->ai_addr)->sin_addr,
			       sizeof(t->a.v4));
			ret = 0;
			break;
		}
		if (ai->ai_family == AF_INET6) {
			t->af = AF_INET6;
			memcpy(&t->a.v6, &((struct sockaddr_in6 *)(void *)ai->ai_addr)->sin6_addr,
			       sizeof(t->a.v6));
			ret = 0;
			break;
		}
	}
	freeaddrinfo(res);
	return ret;
}

int
targets_resolve(const char *spec, int af, size_t max, struct target_list *out,
		struct errbuf *eb)
{
	char name[256];
	const char *slash;
	struct target_addr t;
	unsigned bits;
	size_t len;
	int ret;

	if (targets_classify(spec) != TARGET_NAME)
		return targets_expand(spec, max, out, NULL, eb);
	slash = strchr(spec, '/');
	len = slash ? (size_t)(slash - spec) : strlen(spec);
	if (len >= sizeof(name)) {
		errbuf_set(eb, "%s", illegal);
		return ERR_INVALID;
	}
	memcpy(name, spec, len);
	name[len] = '\0';
	if (resolve_name(name, af, &t) < 0) {
		errbuf_set(eb, "Failed to resolve given hostname/IP: %s", name);
		return ERR_SYS;
	}
	if (!slash)
		return max < 1 ? too_many(eb, "the target", max) : list_push(out, &t);
	ret = parse_bits(slash + 1, t.af == AF_INET ? 32 : 128, &bits, eb);
	if (ret < 0)
		return ret;
	if (t.af == AF_INET)
		return expand_cidr4(t.a.v4, bits, max, out, NULL, eb);
	return expand_cidr6(&t.a.v6, bits, max, out, NULL, eb);
}
