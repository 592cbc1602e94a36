/* SPDX-License-Identifier: MIT */
/* sbuf.c: bounded string builder used by the text formatters. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "output/sbuf.h"

void
sb_init(struct sbuf *sb, char *p, size_t cap)
{
	sb->p = p;
	sb->cap = cap;
	sb->len = 0;
	if (cap > 0)
		p[0] = '\0';
}

/* Room left for text (excluding the NUL), 0 once full. */
static size_t
sb_room(const struct sbuf *sb)
{
	if (sb->cap == 0 || sb->len >= sb->cap - 1)
		return 0;
	return sb->cap - 1 - sb->len;
}

void
sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (sb_room(sb) > 0) {
		n = vsnprintf(sb->p + sb->len, sb_room(sb) + 1, fmt, ap);
	} else {
		char dummy[1];

		n = vsnprintf(dummy, sizeof(dummy), fmt, ap);
	}
	va_end(ap);
	if (n > 0)
		sb->len += (size_t)n;
}

void
sb_puts(struct sbuf *sb, const char *s)
{
	size_t n = strlen(s);
	size_t room = sb_room(sb);
	size_t k = n < room ? n : room;

	if (k > 0) {
		memcpy(sb->p + sb->len, s, k);
		sb->p[sb->len + k] = '\0';
	}
	sb->len += n;
}

void
sb_putc(struct sbuf *sb, char c)
{
	char s[2] = { c, '\0' };

	sb_puts(sb, s);
}
