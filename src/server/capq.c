/* SPDX-License-Identifier: MIT */
/*
 * capq.c: single-producer single-consumer queue of captured frames
 * (server/capq.h).
 *
 * Memory order.  The producer writes a frame's bytes, then stores the
 * chunk's new end with release; the consumer loads end with acquire
 * before reading those bytes.  When a frame does not fit, the producer
 * links a new chunk with a release store of next; it never writes to the
 * old chunk again, so once the consumer has seen next (acquire), a second
 * load of the old end is final, and after reading up to it the old chunk
 * belongs to the consumer alone.
 *
 * Chunks go round.  The consumer hands a chunk it has finished back
 * through a small ring of spares (it alone writes slots and sw, the
 * producer alone reads them and writes sr: release stores, acquire
 * loads), and frees it only when the ring is full; the producer takes a
 * spare before it asks malloc.  A fresh chunk costs a page fault per
 * 4 KiB on first touch (3.4 ms for 1 MiB measured on our 2-vCPU VMs), all
 * that time with the capture ring filling and every probe behind it late;
 * a reused one costs nothing.  The first chunk and one spare are touched
 * when the queue is made, before any client is served.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "server/capq.h"
#include "util/err.h"

struct capq_chunk {
	_Atomic(struct capq_chunk *) next;
	atomic_size_t end;    /* bytes of data published */
	size_t cap;           /* bytes of data */
	_Alignas(8) uint8_t data[];
};

#define CAPQ_SPARES 4

struct capq {
	size_t max_bytes;
	atomic_size_t bytes;      /* chunk bytes holding the queue */
	atomic_size_t made;       /* chunks allocated so far */
	struct capq_chunk *spare[CAPQ_SPARES];
	atomic_size_t sw, sr;     /* spares handed back / taken */
	atomic_size_t peak;
	atomic_uint_fast64_t drops;
	/* producer side */
	struct capq_chunk *tail;
	size_t w;
	/* consumer side */
	struct capq_chunk *head;
	size_t r;
};

#define CHUNK_DATA (CAPQ_CHUNK_BYTES - sizeof(struct capq_chunk))

/* Consumer: c is read to its end; keep it for the producer if there is
 * room among the spares. */
static void
chunk_done(struct capq *q, struct capq_chunk *c)
{
	size_t w = atomic_load_explicit(&q->sw, memory_order_relaxed);

	atomic_fetch_sub(&q->bytes, CAPQ_CHUNK_BYTES);
	if (w - atomic_load_explicit(&q->sr, memory_order_acquire) <
	    CAPQ_SPARES) {
		q->spare[w % CAPQ_SPARES] = c;
		atomic_store_explicit(&q->sw, w + 1, memory_order_release);
	} else {
		free(c);
	}
}

/* A chunk for the producer (a spare if there is one), or NULL with *rc
 * ERR_NOSPACE (over max_bytes) or ERR_NOMEM. */
static struct capq_chunk *
chunk_new(struct capq *q, int *rc)
{
	struct capq_chunk *c;
	size_t now = atomic_load(&q->bytes);

	*rc = ERR_NOSPACE;
	if (now + CAPQ_CHUNK_BYTES > q->max_bytes)
		return NULL;
	if (atomic_load_explicit(&q->sw, memory_order_acquire) !=
	    atomic_load_explicit(&q->sr, memory_order_relaxed)) {
		size_t r = atomic_load_explicit(&q->sr, memory_order_relaxed);

		c = q->spare[r % CAPQ_SPARES];
		atomic_store_explicit(&q->sr, r + 1, memory_order_release);
		atomic_store_explicit(&c->next, NULL, memory_order_relaxed);
		atomic_store_explicit(&c->end, 0, memory_order_relaxed);
	} else {
		*rc = ERR_NOMEM;
		c = malloc(CAPQ_CHUNK_BYTES);
		if (!c)
			return NULL;
		atomic_init(&c->next, NULL);
		atomic_init(&c->end, 0);
		c->cap = CHUNK_DATA;
		atomic_fetch_add_explicit(&q->made, 1, memory_order_relaxed);
	}
	now = atomic_fetch_add(&q->bytes, CAPQ_CHUNK_BYTES) + CAPQ_CHUNK_BYTES;
	if (now > atomic_load_explicit(&q->peak, memory_order_relaxed))
		atomic_store_explicit(&q->peak, now, memory_order_relaxed);
	return c;
}

struct capq *
capq_new(size_t max_bytes)
{
	struct capq *q = calloc(1, sizeof(*q));
	struct capq_chunk *spare;
	int rc;

	if (!q)
		return NULL;
	q->max_bytes = max_bytes < CAPQ_CHUNK_BYTES ? CAPQ_CHUNK_BYTES :
		       max_bytes;
	atomic_init(&q->bytes, 0);
	atomic_init(&q->peak, 0);
	atomic_init(&q->drops, 0);
	atomic_init(&q->made, 0);
	atomic_init(&q->sw, 0);
	atomic_init(&q->sr, 0);
	/* The chunk after the first is made and touched now too, and kept
	 * as a spare, so that neither costs a page fault later (none when
	 * the queue may hold only one chunk). */
	q->head = chunk_new(q, &rc);
	spare = q->head ? chunk_new(q, &rc) : NULL;
	if (!q->head || (!spare && rc != ERR_NOSPACE)) {
		capq_free(q);
		return NULL;
	}
	memset(q->head->data, 0, CHUNK_DATA);
	if (spare) {
		memset(spare->data, 0, CHUNK_DATA);
		chunk_done(q, spare);
		atomic_store(&q->peak, CAPQ_CHUNK_BYTES);
	}
	q->tail = q->head;
	return q;
}

void
capq_free(struct capq *q)
{
	struct capq_chunk *c, *n;
	size_t i;

	if (!q)
		return;
	for (c = q->head; c; c = n) {
		n = atomic_load(&c->next);
		free(c);
	}
	for (i = atomic_load(&q->sr); i != atomic_load(&q->sw); i++)
		free(q->spare[i % CAPQ_SPARES]);
	free(q);
}

static size_t
record_size(size_t caplen)
{
	return (sizeof(struct capq_frame) + caplen + 7) & ~(size_t)7;
}

int
capq_put(struct capq *q, const struct timespec *ts, const uint8_t *data,
	 size_t caplen, size_t wirelen, unsigned cap, int linktype)
{
	size_t need = record_size(caplen);
	struct capq_frame *f;

	if (need > CHUNK_DATA) {
		atomic_fetch_add_explicit(&q->drops, 1, memory_order_relaxed);
		return ERR_INVALID;
	}
	if (q->tail->cap - q->w < need) {
		int rc;
		struct capq_chunk *c = chunk_new(q, &rc);

		if (!c) {
			atomic_fetch_add_explicit(&q->drops, 1,
						  memory_order_relaxed);
			return rc;
		}
		atomic_store_explicit(&q->tail->next, c, memory_order_release);
		q->tail = c;
		q->w = 0;
	}
	f = (struct capq_frame *)(void *)(q->tail->data + q->w);
	f->sec = (int64_t)ts->tv_sec;
	f->nsec = (int32_t)ts->tv_nsec;
	f->linktype = linktype;
	f->caplen = (uint32_t)caplen;
	f->wirelen = wirelen > UINT32_MAX ? UINT32_MAX : (uint32_t)wirelen;
	f->cap = cap;
	f->size = (uint32_t)need;
	memcpy(f->data, data, caplen);
	q->w += need;
	atomic_store_explicit(&q->tail->end, q->w, memory_order_release);
	return 0;
}

const struct capq_frame *
capq_peek(struct capq *q)
{
	for (;;) {
		struct capq_chunk *h = q->head, *n;
		size_t end = atomic_load_explicit(&h->end,
						  memory_order_acquire);

		if (q->r < end)
			return (const struct capq_frame *)(void *)(h->data +
								   q->r);
		n = atomic_load_explicit(&h->next, memory_order_acquire);
		if (!n)
			return NULL;
		/* The producer has left h: its end is final now. */
		end = atomic_load_explicit(&h->end, memory_order_acquire);
		if (q->r < end)
			continue;
		q->head = n;
		q->r = 0;
		chunk_done(q, h);
	}
}

void
capq_pop(struct capq *q)
{
	const struct capq_frame *f =
		(const struct capq_frame *)(void *)(q->head->data + q->r);

	q->r += f->size;
}

uint64_t
capq_drops(const struct capq *q)
{
	return atomic_load_explicit(&((struct capq *)(uintptr_t)q)->drops,
				    memory_order_relaxed);
}

size_t
capq_chunks_made(const struct capq *q)
{
	return atomic_load_explicit(&((struct capq *)(uintptr_t)q)->made,
				    memory_order_relaxed);
}

size_t
capq_peak_bytes(const struct capq *q)
{
	return atomic_load_explicit(&((struct capq *)(uintptr_t)q)->peak,
				    memory_order_relaxed);
}
