/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for net/nlmsg: walk a receive buffer and parse every
 * message as a route, a neighbour and an error, plus the capture link-layer
 * offset parser on the same bytes.  Must never read past the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/capture.h"
#include "net/nlmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int dlts[] = { 1, 113, 276, 12, 0, 108 };
	uint8_t *copy = malloc(size ? size : 1);
	const uint8_t *msg;
	struct route_info r;
	struct neigh_entry e;
	size_t off = 0, mlen, l3;
	uint16_t et;
	unsigned i;
	int err;

	if (!copy)
		return 0;
	memcpy(copy, data, size); /* exact-size heap copy: ASan sees overreads */
	while (nlmsg_next(copy, size, &off, &msg, &mlen) > 0) {
		(void)nlmsg_type(msg, mlen);
		(void)nlmsg_parse_route(msg, mlen, &r);
		(void)nlmsg_parse_neigh(msg, mlen, &e);
		(void)nlmsg_parse_error(msg, mlen, &err);
	}
	for (i = 0; i < sizeof(dlts) / sizeof(dlts[0]); i++)
		(void)capture_l3_offset(dlts[i], copy, size, &l3, &et);
	free(copy);
	return 0;
}
