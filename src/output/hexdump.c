/* SPDX-License-Identifier: MIT */
/* hexdump.c: Nping's 16-bytes-a-line hexdump. */
#include <stdio.h>

#include "output/hexdump.h"
#include "output/sbuf.h"
#include "util/err.h"

/* A line without its offset: 3 + 24 + 1 + 24 + 1 + 16 + '\n' = 70. */
#define HD_BODY 70

size_t
hexdump_size(size_t len)
{
	size_t off, total = 0, digits, v;

	for (off = 0; off < len; off += 16) {
		for (digits = 1, v = off >> 4; v != 0; v >>= 4)
			digits++;
		total += HD_BODY + (digits < 4 ? 4 : digits);
	}
	return total;
}

static void
hexdump_line(struct sbuf *sb, const uint8_t *p, size_t n, size_t off)
{
	char ascii[17];
	size_t i;

	sb_printf(sb, "%04zx   ", off);
	for (i = 0; i < 16; i++) {
		if (i < n)
			sb_printf(sb, "%02x ", p[i]);
		else
			sb_puts(sb, "   ");
		if (i == 7)
			sb_putc(sb, ' ');
		ascii[i] = i < n && p[i] > 0x20 && p[i] < 0x7f ?
			(char)p[i] : i < n ? '.' : ' ';
	}
	ascii[16] = '\0';
	sb_printf(sb, " %s\n", ascii);
}

size_t
hexdump_format(const uint8_t *p, size_t len, char *out, size_t cap)
{
	struct sbuf sb;
	size_t off;

	sb_init(&sb, out, cap);
	for (off = 0; off < len; off += 16)
		hexdump_line(&sb, p + off, len - off < 16 ? len - off : 16,
			     off);
	return sb.len;
}

int
hexdump_print(FILE *f, const uint8_t *p, size_t len)
{
	char line[HD_BODY + 24];
	size_t off, n;
	struct sbuf sb;

	for (off = 0; off < len; off += 16) {
		n = len - off < 16 ? len - off : 16;
		sb_init(&sb, line, sizeof(line));
		hexdump_line(&sb, p + off, n, off);
		if (fputs(line, f) == EOF)
			return ERR_SYS;
	}
	return 0;
}
