/* SPDX-License-Identifier: MIT */
/*
 * server/capq.h: frames come out in the order they went in, with their
 * bytes, lengths, times and capture numbers, across chunk boundaries;
 * a full queue drops and counts and takes frames again once drained;
 * chunks are given back as the consumer moves on and reused, so a queue
 * that is kept drained allocates no chunk after it is made; and one producer
 * thread against one consumer thread loses and reorders nothing.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "server/capq.h"
#include "util/err.h"

/* Frame k: caplen 20 + k % 300 bytes, each byte (k + i) & 0xff. */
static size_t
frame_len(uint32_t k)
{
	return 20 + k % 300;
}

static void
put_frame(struct capq *q, uint32_t k, int want)
{
	uint8_t buf[400];
	struct timespec ts = { .tv_sec = 1000 + k, .tv_nsec = (long)k * 7 };
	size_t i, n = frame_len(k);

	for (i = 0; i < n; i++)
		buf[i] = (uint8_t)(k + i);
	assert_int_equal(capq_put(q, &ts, buf, n, n + 1000, k % 3, 113),
			 want);
}

static void
check_frame(const struct capq_frame *f, uint32_t k)
{
	size_t i, n = frame_len(k);

	assert_non_null(f);
	assert_int_equal(f->caplen, n);
	assert_int_equal(f->wirelen, n + 1000);
	assert_int_equal(f->cap, k % 3);
	assert_int_equal(f->linktype, 113);
	assert_int_equal(f->sec, 1000 + k);
	assert_int_equal(f->nsec, (int32_t)k * 7);
	for (i = 0; i < n; i++)
		if (f->data[i] != (uint8_t)(k + i))
			fail_msg("frame %u byte %zu", k, i);
}

/* Takes every frame out, checking each against the numbering from got;
 * returns the number of the next frame to expect. */
static uint32_t
drain(struct capq *q, uint32_t got)
{
	const struct capq_frame *f;

	while ((f = capq_peek(q)) != NULL) {
		check_frame(f, got++);
		capq_pop(q);
	}
	return got;
}

static void
test_order_across_chunks(void **state)
{
	struct capq *q = capq_new(64u * CAPQ_CHUNK_BYTES);
	uint32_t k, got = 0;

	(void)state;
	assert_non_null(q);
	assert_null(capq_peek(q));
	/* ~20,000 frames of 20..319 bytes: about five chunks, consumed
	 * in bursts that end anywhere inside a chunk. */
	for (k = 0; k < 20000; k++) {
		put_frame(q, k, 0);
		if (k % 997 == 0)
			got = drain(q, got);
	}
	got = drain(q, got);
	assert_int_equal(got, 20000);
	assert_int_equal(capq_drops(q), 0);
	assert_true(capq_peak_bytes(q) >= 2u * CAPQ_CHUNK_BYTES);
	capq_free(q);
}

static void
test_full_drops_then_recovers(void **state)
{
	struct capq *q = capq_new(2u * CAPQ_CHUNK_BYTES);
	const struct capq_frame *f;
	uint32_t k = 0, got = 0, kept;

	(void)state;
	assert_non_null(q);
	/* Fill two chunks; the first frame that needs a third is dropped. */
	while (capq_put(q, &(struct timespec){ 1000 + k, (long)k * 7 },
			(const uint8_t[400]){ 0 }, 0, 0, 0, 0) == 0)
		k++;
	assert_int_equal(capq_drops(q), 1);
	kept = k;
	assert_int_equal(capq_peak_bytes(q), 2u * CAPQ_CHUNK_BYTES);
	/* Every frame that was taken comes out. */
	while ((f = capq_peek(q)) != NULL) {
		assert_int_equal(f->sec, 1000 + got);
		capq_pop(q);
		got++;
	}
	assert_int_equal(got, kept);
	/* The consumer gave the first chunk back: room again. */
	for (k = 0; k < 1000; k++)
		put_frame(q, k, 0);
	for (k = 0; k < 1000; k++) {
		check_frame(capq_peek(q), k);
		capq_pop(q);
	}
	assert_null(capq_peek(q));
	assert_int_equal(capq_drops(q), 1);
	capq_free(q);
}

static void
test_too_big(void **state)
{
	struct capq *q = capq_new(0); /* rounded up to one chunk */
	static uint8_t big[CAPQ_CHUNK_BYTES];
	struct timespec ts = { 1, 2 };

	(void)state;
	assert_non_null(q);
	assert_int_equal(capq_put(q, &ts, big, sizeof(big), sizeof(big), 0,
				  1), ERR_INVALID);
	assert_int_equal(capq_drops(q), 1);
	assert_null(capq_peek(q));
	/* 65,535 bytes (a whole IP packet) fit. */
	assert_int_equal(capq_put(q, &ts, big, 65535, 65535, 0, 1), 0);
	assert_int_equal(capq_peek(q)->caplen, 65535);
	capq_free(q); /* with a frame still queued: no leak */
}

static void
test_chunks_reused(void **state)
{
	struct capq *q = capq_new(64u * CAPQ_CHUNK_BYTES);
	uint32_t k, got = 0;

	(void)state;
	assert_non_null(q);
	/* capq_new made the first chunk and one spare, both touched. */
	assert_int_equal(capq_chunks_made(q), 2);
	/* ~200,000 frames, some forty chunks, drained every 997: the
	 * producer only ever needs the chunk the consumer gave back. */
	for (k = 0; k < 200000; k++) {
		put_frame(q, k, 0);
		if (k % 997 == 0)
			got = drain(q, got);
	}
	got = drain(q, got);
	assert_int_equal(got, 200000);
	assert_int_equal(capq_chunks_made(q), 2);
	assert_int_equal(capq_peak_bytes(q), 2u * CAPQ_CHUNK_BYTES);
	/* A backlog of ten chunks needs new ones; drained, at most four
	 * are kept, and the next backlog takes those first. */
	for (k = 0; k < 50000; k++)
		put_frame(q, k, 0);
	assert_true(capq_chunks_made(q) >= 10);
	assert_int_equal(drain(q, 0), 50000);
	k = (uint32_t)capq_chunks_made(q);
	for (got = 0; got < 15000; got++)
		put_frame(q, got, 0);
	assert_int_equal(capq_chunks_made(q), k); /* four spares were enough */
	capq_free(q); /* spares and queued frames: no leak */
}

#define THREAD_FRAMES 300000u

static void *
producer(void *arg)
{
	struct capq *q = arg;
	uint32_t k;

	for (k = 0; k < THREAD_FRAMES; k++) {
		uint8_t buf[400];
		struct timespec ts = { .tv_sec = k, .tv_nsec = 0 };
		size_t i, n = frame_len(k);

		for (i = 0; i < n; i++)
			buf[i] = (uint8_t)(k + i);
		/* Full: try again, so nothing is lost (the test checks
		 * that nothing is reordered or torn). */
		while (capq_put(q, &ts, buf, n, n, 0, 1) == ERR_NOSPACE)
			;
	}
	return NULL;
}

static void
test_two_threads(void **state)
{
	/* Small bound: the producer keeps running into it. */
	struct capq *q = capq_new(3u * CAPQ_CHUNK_BYTES);
	const struct capq_frame *f;
	pthread_t t;
	uint32_t got = 0;
	size_t i;

	(void)state;
	assert_non_null(q);
	assert_int_equal(pthread_create(&t, NULL, producer, q), 0);
	while (got < THREAD_FRAMES) {
		f = capq_peek(q);
		if (!f)
			continue;
		if (f->sec != got || f->caplen != frame_len(got))
			fail_msg("frame %u: got sec %lld len %u", got,
				 (long long)f->sec, f->caplen);
		for (i = 0; i < f->caplen; i++)
			if (f->data[i] != (uint8_t)(got + i))
				fail_msg("frame %u byte %zu torn", got, i);
		capq_pop(q);
		got++;
	}
	pthread_join(t, NULL);
	assert_null(capq_peek(q));
	assert_true(capq_peak_bytes(q) <= 3u * CAPQ_CHUNK_BYTES);
	capq_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_across_chunks),
		cmocka_unit_test(test_full_drops_then_recovers),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_chunks_reused),
		cmocka_unit_test(test_two_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
