/* SPDX-License-Identifier: MIT */
/*
 * fuzz_analysis.c: random probe sequences with random field values.
 *
 * The input is a list of operations.  Each takes one byte (what to do), one
 * byte (the probe number, a small range so probes collide), and then the
 * raw bytes of a struct pkt: every field, including option tables, lengths
 * and offsets, may hold any value.  base always points at the whole input
 * (caplen is its real length), so only the offsets inside it are hostile,
 * as they would be from a buggy decoder.  At the end, and at random points,
 * the analysis is finished, every finding is read, and the text block is
 * printed to /dev/null.  An operation byte with the high bit set decodes
 * its bytes with pkt_decode() instead, as a probe or a capture.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"
#include "output/analysis_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(struct analysis *a, FILE *null)
{
	size_t i, n;

	if (analysis_finish(a) != 0)
		return;
	n = analysis_count(a);
	for (i = 0; i < n; i++) {
		const struct finding *f = analysis_finding(a, i);

		if (!f || !f->tag || f->count == 0 || f->count > f->total ||
		    !strchr(f->text, '.') || f->n_probes > FINDING_MAX_PROBES)
			__builtin_trap();
	}
	if (null)
		analysis_text_print(null, a, (int)(n % 4) - 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct analysis *a = analysis_new();
	FILE *null = fopen("/dev/null", "w");
	size_t off = 0;
	struct pkt k;
	int ops = 0;

	if (!a)
		return 0;
	while (off + 2 <= size && ops++ < 64) {
		uint8_t op = data[off], no = data[off + 1];
		size_t take = size - off - 2;

		off += 2;
		memset(&k, 0, sizeof(k));
		if (take > sizeof(k))
			take = sizeof(k);
		memcpy(&k, data + off, take);
		off += take;
		/* High bit: the bytes are a packet for pkt_decode() instead. */
		if ((op & 0x80) && pkt_decode(data + off - take, take,
					      (op & 0x40) ? PKT_LINK_ETH :
					      PKT_LINK_IP, &k) == 0) {
			if (op & 1)
				analysis_add_capt(a, no % 16, &k);
			else
				analysis_add_probe(a, no % 16, &k);
			continue;
		}
		k.base = data;
		k.caplen = size;
		switch (op % 7) {
		case 0: analysis_add_probe(a, no % 16, &k); break;
		case 1: analysis_add_capt(a, no % 16, &k); break;
		case 2: analysis_add_rcvd(a, no % 16, &k); break;
		case 3: analysis_add_server_reply(a, no % 16, &k); break;
		case 4: analysis_set_extension(a, no & 1); break;
		case 5: check(a, null); break;
		default: k.base = NULL; analysis_add_capt(a, no % 16, &k);
		}
	}
	check(a, null);
	analysis_free(a);
	if (null)
		fclose(null);
	return 0;
}
