/* SPDX-License-Identifier: MIT */
/*
 * esc.c: peer-supplied text made printable (esc.h).
 */
#include <stdio.h>
#include <string.h>

#include "util/esc.h"

/* The escape of one byte into tmp (NUL-terminated); its length. */
static size_t
esc_byte(unsigned char ch, char tmp[5])
{
	if (ch == '\\')
		return (size_t)snprintf(tmp, 5, "\\\\");
	if (ch >= 0x20 && ch <= 0x7e)
		return (size_t)snprintf(tmp, 5, "%c", ch);
	return (size_t)snprintf(tmp, 5, "\\x%02x", ch);
}

size_t
esc_text(const char *in, size_t n, char *out, size_t cap)
{
	char tmp[5];
	size_t i, o = 0, need = 0, room;

	if (cap == 0)
		return 0;
	for (i = 0; i < n && in[i] != '\0'; i++)
		need += esc_byte((unsigned char)in[i], tmp);
	/* Cut: leave room for "..." when it fits at all. */
	room = need < cap ? cap : (cap > 4 ? cap - 3 : cap);
	for (i = 0; i < n && in[i] != '\0'; i++) {
		size_t k = esc_byte((unsigned char)in[i], tmp);

		if (o + k >= room)
			break;
		memcpy(out + o, tmp, k);
		o += k;
	}
	if (need >= cap && cap > 4) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return o;
}
