/* SPDX-License-Identifier: MIT */
/*
 * test_proto_util.h: helpers shared by the test_proto_*.c programs (each
 * is its own binary, so everything here is static): hex fixtures from
 * tests/data/proto, a small PRNG, and the "cut at every length / flip
 * random bytes" robustness loop with the invariants every decode keeps.
 * Include after <cmocka.h>.
 */
#ifndef NPECHO_TEST_PROTO_UTIL_H
#define NPECHO_TEST_PROTO_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/cksum.h"
#include "proto/packet.h"
#include "util/err.h"
#include "util/wire.h"

/* Not every test program uses every helper. */
#define TP_HELPER static __attribute__((unused))

/* Hex digits of s (whitespace ignored, '#' comments to end of line). */
TP_HELPER size_t
hex_decode(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v;

		if (*s == '#') {
			while (*s && *s != '\n')
				s++;
			if (!*s)
				break;
			continue;
		}
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
			continue;
		}
		assert_true(n < cap);
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	assert_int_equal(hi, -1);
	return n;
}

/* Loads tests/data/proto/<name>.hex into out; returns its length. */
TP_HELPER size_t
load_fixture(const char *name, uint8_t *out, size_t cap)
{
	char path[512], text[8192];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/proto/%s.hex",
		 NPECHO_TOP, name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return hex_decode(text, out, cap);
}

TP_HELPER uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Offsets and lengths of a decode all stay inside the buffer. */
TP_HELPER void
check_invariants(const struct pkt *pk, size_t len)
{
	unsigned i;

	assert_int_equal(pk->caplen, len);
	assert_true(pk->l3_off <= len);
	assert_true(pk->l4_off <= len);
	if (pk->layers & PKT_HAS_PAYLOAD) {
		assert_true(pk->payload_len > 0);
		assert_true(pk->payload_off + pk->payload_len <= len);
	}
	if (pk->layers & PKT_HAS_QUOTE)
		assert_true(pk->quote_off + pk->quote_len <= len);
	if (pk->layers & PKT_HAS_TCP) {
		assert_true(pk->l4_off + (size_t)pk->tcp.doff * 4 <= len);
		assert_true(pk->tcp.n_opts <= TCP_MAX_OPTS);
		for (i = 0; i < pk->tcp.n_opts; i++)
			assert_true(pk->tcp.opt[i].off + pk->tcp.opt[i].len <=
				    pk->tcp.opts_len);
	}
	if (pk->layers & PKT_HAS_IP4)
		assert_true(pk->l3_off + (size_t)pk->ip4.ihl * 4 <= len);
	if (pk->layers & PKT_HAS_IP6)
		assert_true(pk->l3_off + 40 + (size_t)pk->ip6.ext_len <= len);
	(void)pkt_cksum_check(pk);
}

/* Decodes a private exact-size copy (so ASan sees any over-read). */
TP_HELPER int
decode_copy(const uint8_t *p, size_t len, enum pkt_link link)
{
	uint8_t *c = malloc(len ? len : 1);
	struct pkt pk, in;
	int ret, qret;

	assert_non_null(c);
	if (len)
		memcpy(c, p, len);
	ret = pkt_decode(c, len, link, &pk);
	check_invariants(&pk, len);
	qret = pkt_decode_quote(&pk, &in);
	if (pk.layers & PKT_HAS_QUOTE)
		check_invariants(&in, pk.quote_len);
	else
		assert_int_equal(qret, ERR_INVALID);
	free(c);
	return ret;
}

/* Every prefix, then random byte flips, never break the invariants. */
TP_HELPER void
check_robust(const uint8_t *p, size_t len, enum pkt_link link)
{
	uint8_t buf[2048];
	uint32_t seed = 0x9e3779b9u ^ (uint32_t)len;
	size_t cut;
	int i, k;

	assert_true(len <= sizeof(buf));
	for (cut = 0; cut <= len; cut++)
		(void)decode_copy(p, cut, link);
	for (i = 0; i < 400; i++) {
		memcpy(buf, p, len);
		for (k = 0; k < 1 + (int)(rnd(&seed) % 3); k++)
			buf[rnd(&seed) % len] ^= (uint8_t)(1 + rnd(&seed) % 255);
		(void)decode_copy(buf, len, link);
	}
}

#endif
