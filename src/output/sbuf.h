/* SPDX-License-Identifier: MIT */
/*
 * sbuf.h: an append-only string builder over a caller's fixed buffer
 * (private to src/output/).
 *
 * sb_printf() appends like snprintf: the text is cut at the capacity but
 * sb.len keeps counting what would have been written, so callers can report
 * truncation exactly as snprintf does.  The buffer is always NUL-terminated
 * when cap > 0.  No allocation.
 */
#ifndef NPECHO_OUTPUT_SBUF_H
#define NPECHO_OUTPUT_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf {
	char *p;
	size_t cap;
	size_t len; /* length that would have been written */
};

void sb_init(struct sbuf *sb, char *p, size_t cap);
void sb_printf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vprintf(struct sbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* snprintf(out, cap, fmt, ...) through sb_printf's formatter. */
int sb_fmt(char *out, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sb_puts(struct sbuf *sb, const char *s);
/* v as "%.<prec>f" (prec 0..9) would append it, byte for byte. */
void sb_fixed(struct sbuf *sb, double v, unsigned prec);
void sb_putc(struct sbuf *sb, char c);

#endif
