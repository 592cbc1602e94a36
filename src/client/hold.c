/* SPDX-License-Identifier: MIT */
/*
 * hold.c: the RCVD hold queue of the echo client (client/track.h).
 */
#include <stdlib.h>
#include <string.h>

#include "client/track.h"
#include "util/err.h"

int
ct_hold_init(struct ct_hold *h, size_t cap)
{
	memset(h, 0, sizeof(*h));
	h->v = calloc(cap, sizeof(*h->v));
	if (!h->v)
		return ERR_NOMEM;
	h->cap = cap;
	return 0;
}

void
ct_hold_free(struct ct_hold *h)
{
	size_t i;

	if (!h || !h->v)
		return;
	for (i = 0; i < h->n; i++)
		free(h->v[i].data);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

int
ct_hold_push(struct ct_hold *h, uint64_t serial, uint64_t due_ns,
	     uint64_t t_ns, const uint8_t *l3, size_t len)
{
	struct ct_line *l;

	if (h->n >= h->cap)
		return ERR_NOSPACE;
	if (len > CT_PKT_MAX)
		len = CT_PKT_MAX;
	l = &h->v[h->n];
	l->data = malloc(len ? len : 1);
	if (!l->data)
		return ERR_NOMEM;
	memcpy(l->data, l3, len);
	l->len = len;
	l->serial = serial;
	l->due_ns = due_ns;
	l->t_ns = t_ns;
	h->n++;
	return 0;
}

void
ct_hold_release(struct ct_hold *h, uint64_t serial)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].serial == serial && serial)
			h->v[i].due_ns = 0;
}

int
ct_hold_next(struct ct_hold *h, uint64_t now, struct ct_line *out)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		if (h->v[i].due_ns > now)
			continue;
		*out = h->v[i];
		memmove(&h->v[i], &h->v[i + 1],
			(h->n - i - 1) * sizeof(h->v[0]));
		h->n--;
		return 1;
	}
	return 0;
}

uint64_t
ct_hold_next_due(const struct ct_hold *h)
{
	uint64_t due = UINT64_MAX;
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].due_ns < due)
			due = h->v[i].due_ns;
	return due;
}
