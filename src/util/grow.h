/* SPDX-License-Identifier: MIT */
/*
 * grow.h: room for one more element at the end of a growing array (the
 * doubling realloc every append-only table here needs).
 */
#ifndef NPECHO_UTIL_GROW_H
#define NPECHO_UTIL_GROW_H

#include <stddef.h>

/*
 * v holds n elements of size bytes each in room for *cap.  While there is
 * room, returns v.  When full (n == *cap), returns v reallocated to twice
 * the room (first elements when *cap is 0) and updates *cap.  NULL when
 * out of memory or when the new size would not fit a size_t: v is then
 * unchanged and still owned by the caller, *cap too.
 */
void *grow_room(void *v, size_t n, size_t *cap, size_t size, size_t first);

#endif
