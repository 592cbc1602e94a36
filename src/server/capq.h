/* SPDX-License-Identifier: MIT */
/*
 * server/capq.h: the queue between the server's capture thread and its
 * event loop.
 *
 * One producer (the capture thread) copies each captured frame in; one
 * consumer (the event loop) reads them out in the same order.  No lock:
 * frames are packed into 1 MiB chunks; the producer publishes a chunk's
 * end offset with a release store and links the next chunk the same way,
 * the consumer reads them with acquire loads and hands a chunk back once
 * it has read all of it and the producer has moved on (a few are kept
 * for reuse: a new chunk's first touch is slow, see capq.c).
 *
 * Why: the kernel's capture ring is fixed and resident, and the event
 * loop also encrypts and sends echoes; when the loop is kept off the CPU
 * the ring overflows and probes are lost for good.  The capture thread
 * does nothing but move frames into this queue, so it needs little CPU;
 * the queue grows only while the loop is behind (up to max_bytes, then
 * frames are dropped and counted) and shrinks back as it catches up.
 */
#ifndef NPECHO_SERVER_CAPQ_H
#define NPECHO_SERVER_CAPQ_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define CAPQ_CHUNK_BYTES (1024 * 1024)

struct capq_frame {
	int64_t sec;          /* capture time (CLOCK_REALTIME) */
	int32_t nsec;
	int32_t linktype;     /* DLT_* */
	uint32_t caplen;      /* bytes in data */
	uint32_t wirelen;     /* length on the wire */
	uint32_t cap;         /* the producer's capture number */
	uint32_t size;        /* bytes this record takes in the chunk */
	uint8_t data[];
};

struct capq;

/*
 * A queue that holds at most max_bytes of chunks (at least one chunk).
 * NULL when out of memory.  Free with capq_free (NULL: no-op), once
 * neither side uses it any more.
 */
struct capq *capq_new(size_t max_bytes);
void capq_free(struct capq *q);

/*
 * Producer: appends one frame.  0; ERR_NOSPACE when the queue is full or
 * ERR_NOMEM when no chunk could be allocated (the frame is dropped and
 * counted); ERR_INVALID when caplen cannot fit in a chunk.
 */
int capq_put(struct capq *q, const struct timespec *ts, const uint8_t *data,
	     size_t caplen, size_t wirelen, unsigned cap, int linktype);

/*
 * Consumer: the oldest frame, or NULL when none is published yet.  It
 * stays valid until capq_pop(), which must follow a non-NULL peek.
 */
const struct capq_frame *capq_peek(struct capq *q);
void capq_pop(struct capq *q);

/* Frames dropped by capq_put (full or out of memory); any thread. */
uint64_t capq_drops(const struct capq *q);
/* Chunks allocated so far, spares and the two made by capq_new
 * included; any thread. */
size_t capq_chunks_made(const struct capq *q);
/* Largest number of chunk bytes held at once so far; any thread. */
size_t capq_peak_bytes(const struct capq *q);

#endif
