/* SPDX-License-Identifier: MIT */
/*
 * targets.h: expanding one target specification into addresses.
 *
 * Accepted (Nping's target syntax): IPv4 literal, IPv6 literal, CIDR
 * ("10.0.0.0/24", "2001:db8::/120"; /0 is rejected), IPv4 octet ranges
 * ("10.0.0.1-5", "10.0.*.1", "10.0.1,3,5.1", "10.0.0.-9", "10.0.0.250-"),
 * and host names (optionally "/bits"), which only targets_resolve() turns
 * into addresses because that needs DNS.
 */
#ifndef NPECHO_CLI_TARGETS_H
#define NPECHO_CLI_TARGETS_H

#include <netinet/in.h>
#include <stddef.h>

#include "util/err.h"

/* Default cap on addresses one spec may expand to (a /16). */
#define TARGETS_MAX_DEFAULT 65536

enum target_kind {
	TARGET_INVALID = 0,
	TARGET_ADDR4,
	TARGET_ADDR6,
	TARGET_CIDR4,
	TARGET_CIDR6,
	TARGET_RANGE4,
	TARGET_NAME,   /* host name, maybe with "/bits" */
};

struct target_addr {
	int af; /* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} a;
};

/* A growable list; zero-initialise, release with target_list_free(). */
struct target_list {
	struct target_addr *v;
	size_t n;
	size_t cap;
};

/* Frees the array and zeroes the list.  NULL-safe. */
void target_list_free(struct target_list *l);

/* Syntactic class of spec (pure). */
enum target_kind targets_classify(const char *spec);

/*
 * Expands a literal, CIDR or range spec (pure, no I/O).  Appends to out
 * when out is non-NULL; *count (may be NULL) gets the number of addresses.
 * Returns 0; ERR_INVALID for bad syntax ("Your host specifications are
 * illegal!" or a CIDR message in eb); ERR_LIMIT if it would expand to more
 * than max addresses; ERR_UNSUPPORTED for a host name (use
 * targets_resolve()); ERR_NOMEM.
 */
int targets_expand(const char *spec, size_t max, struct target_list *out,
		   size_t *count, struct errbuf *eb);

/*
 * Resolves a host name (optionally "name/bits") with getaddrinfo() for
 * family af (AF_INET, AF_INET6 or AF_UNSPEC), appending the first address
 * (or its network with /bits) to out.  Literals and ranges are accepted
 * too (delegated to targets_expand()).  Returns 0, ERR_INVALID/ERR_LIMIT as
 * above, ERR_SYS when the name does not resolve (Nping's text in eb).
 */
int targets_resolve(const char *spec, int af, size_t max,
		    struct target_list *out, struct errbuf *eb);

#endif
