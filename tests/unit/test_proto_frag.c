/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for ip4_fragment(): fragments obey the MTU, 8-byte data
 * units, MF and offsets, copy only copied options, carry valid header
 * sums, and reassemble (here, in the test) to the original datagram.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_proto_util.h"

#include "proto/build.h"
#include "proto/ip4frag.h"
#include "proto/ip4opt.h"
#include "proto/ipv4.h"

#define NOUT 64

struct frags {
	uint8_t mem[NOUT][1600];
	struct ip4_frag_out out[NOUT];
	size_t n;
};

static void
frags_init(struct frags *f)
{
	size_t i;

	for (i = 0; i < NOUT; i++) {
		f->out[i].buf = f->mem[i];
		f->out[i].cap = sizeof(f->mem[i]);
		f->out[i].len = 0;
	}
	f->n = 0;
}

/* A UDP datagram with RR (not copied), NOP and LSRR (copied) options. */
static size_t
make_datagram(uint8_t *o, size_t cap, size_t paylen, uint8_t flags,
	      uint16_t foff)
{
	static const uint8_t route[2][4] = { { 1, 1, 1, 1 }, { 2, 2, 2, 2 } };
	static uint8_t pay[1500];
	struct pkt_spec s;
	size_t i, n, len;

	for (i = 0; i < sizeof(pay); i++)
		pay[i] = (uint8_t)(i * 7 + 3);
	memset(&s, 0, sizeof(s));
	s.ip_version = 4;
	s.l4 = 17;
	s.ip4.ttl = 64;
	s.ip4.id = 0xbeef;
	s.ip4.flags = flags;
	s.ip4.frag_off = foff;
	memcpy(s.ip4.src, "\x0a\x09\x01\x02", 4);
	memcpy(s.ip4.dst, "\x0a\x09\x02\x02", 4);
	assert_int_equal(ip4_opt_rr(s.ip4.opts, 40, &n, 2), 0); /* 11 */
	s.ip4.opts[n++] = 1;
	assert_int_equal(ip4_opt_srr(s.ip4.opts + n, 40 - n, &i, 0, route,
				     2), 0); /* 11 */
	s.ip4.opts_len = (uint8_t)(n + i); /* 23, padded to 24 */
	s.udp.sport = 53;
	s.udp.dport = 7;
	s.payload = pay;
	s.payload_len = paylen;
	assert_int_equal(pkt_build(o, cap, &len, &s, NULL), 0);
	return len;
}

/* Checks each fragment, then reassembles them into r; returns its size. */
static size_t
reassemble(const struct frags *f, size_t mtu, uint8_t *r, uint16_t base,
	   int last_mf)
{
	size_t i, hl0 = 0, end = 0;

	for (i = 0; i < f->n; i++) {
		const uint8_t *b = f->out[i].buf;
		size_t len = f->out[i].len, hl = (size_t)(b[0] & 15) * 4;
		struct pkt pk;

		assert_true(len <= mtu);
		assert_int_equal(cksum(b, hl), 0);
		assert_int_equal(pkt_decode(b, len, PKT_LINK_IP, &pk), 0);
		assert_int_equal(pk.ip4.tot_len, len);
		assert_int_equal(pk.ip4.id, 0xbeef);
		assert_false(pk.problems & PKT_BAD_OPTS);
		assert_int_equal(pk.ip4.flags & IP4_FLAG_MF ? 1 : 0,
				 i + 1 < f->n ? 1 : last_mf);
		if (i + 1 < f->n)
			assert_int_equal((len - hl) % 8, 0);
		if (i == 0) {
			hl0 = hl;
			memcpy(r, b, hl);
		} else {
			/* only NOP-free copied options: LSRR 11 + EOL pad */
			assert_int_equal(hl, 20 + 12);
			assert_int_equal(b[20], 0x83);
			assert_int_equal(b[31], 0);
		}
		assert_int_equal((size_t)(pk.ip4.frag_off - base) * 8, end);
		memcpy(r + hl0 + end, b + hl, len - hl);
		end += len - hl;
	}
	/* Undo what fragmentation changed in the first header. */
	put_be16(r + IP4_OFF_TOT_LEN, (uint16_t)(hl0 + end));
	put_be16(r + IP4_OFF_FRAG, (uint16_t)(get_be16(r + IP4_OFF_FRAG) &
					      ~0x2000) |
					      (last_mf ? 0x2000 : 0));
	cksum_set(r, hl0, IP4_OFF_CSUM, 0);
	return hl0 + end;
}

static void
test_fragment_reassemble(void **state)
{
	static const size_t mtus[] = { 68, 72, 100, 300, 576, 1000, 1500 };
	static const size_t lens[] = { 0, 1, 8, 33, 500, 1400 };
	static struct frags f;
	uint8_t d[1600], r[1600];
	size_t i, j, n, rn;

	(void)state;
	for (i = 0; i < sizeof(mtus) / sizeof(mtus[0]); i++) {
		for (j = 0; j < sizeof(lens) / sizeof(lens[0]); j++) {
			n = make_datagram(d, sizeof(d), lens[j], IP4_FLAG_RF,
					  0);
			frags_init(&f);
			assert_int_equal(ip4_fragment(d, n, mtus[i], f.out,
						      NOUT, &f.n), 0);
			assert_int_equal(f.n == 1, n <= mtus[i]);
			rn = reassemble(&f, mtus[i], r, 0, 0);
			assert_int_equal(rn, n);
			assert_memory_equal(r, d, n);
		}
	}
}

/* A fragment fragmented again keeps its offset base and its MF. */
static void
test_refragment(void **state)
{
	static struct frags f;
	uint8_t d[1600], r[1600];
	size_t n, rn;

	(void)state;
	n = make_datagram(d, sizeof(d), 600, IP4_FLAG_MF, 100);
	frags_init(&f);
	assert_int_equal(ip4_fragment(d, n, 200, f.out, NOUT, &f.n), 0);
	assert_true(f.n > 3);
	rn = reassemble(&f, 200, r, 100, 1);
	assert_int_equal(rn, n);
	assert_memory_equal(r, d, n);
}

static void
test_fragment_errors(void **state)
{
	static struct frags f;
	uint8_t d[1600];
	size_t n;

	(void)state;
	n = make_datagram(d, sizeof(d), 1000, 0, 0);
	frags_init(&f);
	/* 44-byte header + 8 data bytes do not fit 51. */
	assert_int_equal(ip4_fragment(d, n, 51, f.out, NOUT, &f.n),
			 ERR_INVALID);
	assert_int_equal(ip4_fragment(d, n, 300, f.out, 2, &f.n), ERR_LIMIT);
	f.out[1].cap = 100;
	assert_int_equal(ip4_fragment(d, n, 300, f.out, NOUT, &f.n),
			 ERR_NOSPACE);
	frags_init(&f);
	assert_int_equal(ip4_fragment(d, n - 1, 300, f.out, NOUT, &f.n),
			 ERR_INVALID);
	d[0] = 0x65;
	assert_int_equal(ip4_fragment(d, n, 300, f.out, NOUT, &f.n),
			 ERR_INVALID);
}

/* The first fragment still decodes its UDP header; later ones do not. */
static void
test_fragments_decode(void **state)
{
	static struct frags f;
	uint8_t d[1600];
	struct pkt pk;
	size_t n;

	(void)state;
	n = make_datagram(d, sizeof(d), 1000, 0, 0);
	frags_init(&f);
	assert_int_equal(ip4_fragment(d, n, 576, f.out, NOUT, &f.n), 0);
	assert_int_equal(f.n, 2);
	assert_int_equal(pkt_decode(f.out[0].buf, f.out[0].len, PKT_LINK_IP,
				    &pk), 0);
	assert_true(pk.layers & PKT_HAS_UDP);
	assert_int_equal(pk.problems, 0);
	assert_int_equal(pk.udp.len, 1008);
	assert_int_equal(pkt_cksum_check(&pk), CKSUM_L4_UNCHECKED);
	assert_int_equal(pkt_decode(f.out[1].buf, f.out[1].len, PKT_LINK_IP,
				    &pk), 0);
	assert_int_equal(pk.problems, PKT_FRAGMENT);
	assert_false(pk.layers & PKT_HAS_UDP);
	assert_int_equal(pk.ip4.frag_off, (576 - 44) / 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fragment_reassemble),
		cmocka_unit_test(test_refragment),
		cmocka_unit_test(test_fragment_errors),
		cmocka_unit_test(test_fragments_decode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
