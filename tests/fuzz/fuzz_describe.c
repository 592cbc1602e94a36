/* SPDX-License-Identifier: MIT */
/*
 * fuzz_describe: the text formatters must never read or write out of
 * bounds, whatever struct pkt they are given, and must always leave a
 * NUL-terminated prefix of the full text in a short buffer.
 *
 * Input: an image of struct pkt (zero-padded when short; its pointer is
 * replaced) followed by the packet bytes its offsets point into.  Feeding
 * the struct itself, rather than pkt_decode() output, also covers
 * impossible field combinations and offsets past caplen.  The trailing
 * bytes are also decoded by pkt_decode() as an Ethernet frame, a raw IP
 * packet and an ARP header, and those results described too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/describe.h"
#include "output/hexdump.h"
#include "output/lines.h"

static void
check(size_t full, const char *big, size_t bigcap, const char *small,
      size_t smallcap)
{
	size_t bl = strlen(big), sl = strlen(small);

	/* the full text fits the big buffer: snprintf semantics */
	if (full < bigcap && bl != full)
		abort();
	if (sl >= smallcap || (full < smallcap && sl != full))
		abort();
	if (full >= smallcap && sl != smallcap - 1)
		abort();
	if (bl >= sl && memcmp(big, small, sl) != 0)
		abort();
}

static void
describe_all(const struct pkt *p)
{
	static const unsigned flags[] = { 0, DESCRIBE_RAW6, DESCRIBE_QUOTE };
	char big[4096], small[61];
	size_t i, lv, full;

	for (lv = DETAIL_LOW; lv <= DETAIL_HIGH; lv++) {
		for (i = 0; i < 3; i++) {
			full = pkt_describe_ex(p, (enum detail)lv, flags[i],
					       big, sizeof(big));
			memset(small, 'Z', sizeof(small));
			pkt_describe_ex(p, (enum detail)lv, flags[i], small,
					sizeof(small));
			check(full, big, sizeof(big), small, sizeof(small));
		}
		full = pkt_describe_quote(p, (enum detail)lv, big,
					  sizeof(big));
		pkt_describe_quote(p, (enum detail)lv, small, sizeof(small));
		check(full, big, sizeof(big), small, sizeof(small));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt p, q;
	size_t img = size < sizeof(p) ? size : sizeof(p);
	size_t rest = size - img;
	uint8_t *bytes = rest ? malloc(rest) : NULL;
	char big[4096], small[33];
	int v;

	memset(&p, 0, sizeof(p));
	memcpy(&p, data, img);
	if (bytes != NULL)
		memcpy(bytes, data + img, rest); /* exact-size heap copy */
	p.base = bytes;
	p.caplen = rest;
	describe_all(&p);
	/* The same fields without captured bytes. */
	q = p;
	q.base = NULL;
	q.caplen = 0;
	describe_all(&q);
	for (v = -1; v <= 3; v++) {
		size_t full = capt_describe(&q, &p, v, big, sizeof(big));

		capt_describe(&q, &p, v, small, sizeof(small));
		check(full, big, sizeof(big), small, sizeof(small));
	}
	if (bytes != NULL) {
		static const enum pkt_link links[] = { PKT_LINK_ETH,
			PKT_LINK_IP, PKT_LINK_ARP };
		size_t full, k;

		for (k = 0; k < 3; k++) {
			pkt_decode(bytes, rest, links[k], &q);
			describe_all(&q);
			full = capt_describe(&p, &q, 1, big, sizeof(big));
			capt_describe(&p, &q, 1, small, sizeof(small));
			check(full, big, sizeof(big), small, sizeof(small));
		}
		full = hexdump_format(bytes, rest > 200 ? 200 : rest, big,
				      sizeof(big));
		if (full != hexdump_size(rest > 200 ? 200 : rest))
			abort();
	}
	free(bytes);
	return 0;
}
