/* SPDX-License-Identifier: MIT */
/*
 * fuzz_hops.c: random probes, quotes and final views for the Path Change
 * Analysis.
 *
 * The input is a list of records: one byte (what to do: 0 probe, 1 quote,
 * 2 final view; the high bits pick the router), one byte probe number (a
 * small range, so they collide), one byte TTL, one byte length n, then n
 * bytes decoded with pkt_decode() as raw IP.  At the end, and at random
 * points, the analysis is finished, every result is read and checked, and
 * the text block is printed to /dev/null.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "analysis/hops.h"
#include "output/hops_text.h"
#include "proto/packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(struct hops *h, FILE *null, int verbosity)
{
	size_t i;

	if (hops_finish(h) != 0)
		return;
	for (i = 0; i < hops_change_count(h); i++) {
		const struct hops_change *c = hops_change_at(h, i);

		if (!c || !c->tag || c->at <= c->before ||
		    c->at > HOPS_FINAL || !strchr(c->text, '.'))
			__builtin_trap();
	}
	for (i = 0; i < hops_hop_count(h); i++) {
		const struct hops_hop *p = hops_hop_at(h, i);

		if (!p || p->hop < 1 || p->hop > HOPS_FINAL)
			__builtin_trap();
	}
	for (i = 0; i < hops_obs_count(h); i++)
		if (!strchr(hops_obs_at(h, i)->text, '.'))
			__builtin_trap();
	if (null)
		hops_text_print(null, h, verbosity);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hops *h = hops_new();
	FILE *null = fopen("/dev/null", "w");
	size_t off = 0;
	int ops = 0;

	if (!h)
		goto out;
	while (off + 4 <= size && ops++ < 128) {
		uint8_t op = data[off], no = data[off + 1] & 15;
		uint8_t ttl = data[off + 2], n = data[off + 3];
		uint8_t router[16] = { 10, 77, (uint8_t)(op >> 4), 254 };
		struct pkt k;

		off += 4;
		if (n > size - off)
			n = (uint8_t)(size - off);
		if (pkt_decode(data + off, n, PKT_LINK_IP, &k) == 0) {
			if ((op & 3) == 0)
				(void)hops_add_sent(h, no, ttl, &k);
			else if ((op & 3) == 1)
				(void)hops_add_quote(h, no, router,
						     (op & 8) ? 6 : 4, &k);
			else if ((op & 3) == 2)
				(void)hops_add_final(h, no, &k);
			else
				check(h, null, (op >> 2) % 4 - 1);
		}
		off += n;
	}
	check(h, null, 1);
out:
	hops_free(h);
	if (null)
		fclose(null);
	return 0;
}
