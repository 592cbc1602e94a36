/* SPDX-License-Identifier: MIT */
/*
 * grow.c: see grow.h.
 */
#include <stdint.h>
#include <stdlib.h>

#include "util/grow.h"

void *
grow_room(void *v, size_t n, size_t *cap, size_t size, size_t first)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return v;
	ncap = *cap ? *cap * 2 : first;
	if (ncap < *cap || !size || ncap > SIZE_MAX / size)
		return NULL;
	nv = realloc(v, ncap * size);
	if (nv)
		*cap = ncap;
	return nv;
}
