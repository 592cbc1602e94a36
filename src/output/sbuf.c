/* SPDX-License-Identifier: MIT */
/* sbuf.c: bounded string builder used by the text formatters. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

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

/* Append n bytes (cut at the capacity; len counts them all). */
static void
put_mem(struct sbuf *sb, const char *s, size_t n)
{
	size_t room = sb_room(sb), k = n < room ? n : room;

	if (k > 0) {
		memcpy(sb->p + sb->len, s, k);
		sb->p[sb->len + k] = '\0';
	}
	sb->len += n;
}

static void
put_pad(struct sbuf *sb, char c, size_t n)
{
	static const char zeros[16] = "0000000000000000";
	static const char spaces[16] = "                ";
	size_t k;

	while (n > 0) {
		k = n < 16 ? n : 16;
		put_mem(sb, c == '0' ? zeros : spaces, k);
		n -= k;
	}
}

struct spec {
	int left, zero;  /* flags '-' and '0' */
	size_t width;
	int size;        /* 'H' hh, 'h', 0 int, 'l', 'L' ll, 'z', 'j' */
	char conv;
};

/* Parses one conversion after its '%'; returns the text after it, or NULL
 * when it is one the fast path does not do. */
static const char *
parse_spec(const char *f, struct spec *sp)
{
	memset(sp, 0, sizeof(*sp));
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else
			break;
	}
	if (sp->left)
		sp->zero = 0; /* '-' wins, as in printf */
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (size_t)(*f++ - '0');
	if (*f == 'h') {
		sp->size = *++f == 'h' ? (f++, 'H') : 'h';
	} else if (*f == 'l') {
		sp->size = *++f == 'l' ? (f++, 'L') : 'l';
	} else if (*f == 'z' || *f == 'j') {
		sp->size = *f++;
	}
	sp->conv = *f;
	switch (*f) {
	case 'd': case 'i': case 'u': case 'x': case 'X': case 'c': case 's':
		break;
	default:
		return NULL;
	}
	if (sp->width > 64 ||
	    (sp->zero && (*f == 's' || *f == 'c')) ||
	    (sp->size && (*f == 's' || *f == 'c')))
		return NULL;
	return f + 1;
}

static uintmax_t
arg_unsigned(va_list *ap, int size)
{
	switch (size) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned);
	case 'h': return (unsigned short)va_arg(*ap, unsigned);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	case 'z': return va_arg(*ap, size_t);
	case 'j': return va_arg(*ap, uintmax_t);
	}
	return va_arg(*ap, unsigned);
}

static intmax_t
arg_signed(va_list *ap, int size)
{
	switch (size) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	case 'z': return va_arg(*ap, ssize_t);
	case 'j': return va_arg(*ap, intmax_t);
	}
	return va_arg(*ap, int);
}

/* One conversion: the digits or text, then the padding around it. */
static void
put_conv(struct sbuf *sb, const struct spec *sp, va_list *ap)
{
	char num[24], *d = num + sizeof(num), ch;
	const char *txt, *digits = sp->conv == 'X' ? "0123456789ABCDEF" :
						    "0123456789abcdef";
	unsigned base = (sp->conv == 'x' || sp->conv == 'X') ? 16 : 10;
	size_t n, pad;
	uintmax_t v;
	intmax_t sv;
	int neg = 0;

	if (sp->conv == 's') {
		txt = va_arg(*ap, const char *);
		if (!txt)
			txt = "(null)";
		n = strlen(txt);
	} else if (sp->conv == 'c') {
		ch = (char)va_arg(*ap, int);
		txt = &ch;
		n = 1;
	} else {
		if (sp->conv == 'd' || sp->conv == 'i') {
			sv = arg_signed(ap, sp->size);
			neg = sv < 0;
			v = neg ? (uintmax_t)0 - (uintmax_t)sv : (uintmax_t)sv;
		} else {
			v = arg_unsigned(ap, sp->size);
		}
		do {
			*--d = digits[v % base];
			v /= base;
		} while (v);
		if (neg && !sp->zero)
			*--d = '-';
		txt = d;
		n = (size_t)(num + sizeof(num) - d);
	}
	pad = sp->width > n + (size_t)(neg && sp->zero) ?
	      sp->width - n - (size_t)(neg && sp->zero) : 0;
	if (sp->left) {
		put_mem(sb, txt, n);
		put_pad(sb, ' ', pad);
		return;
	}
	if (sp->zero) {
		if (neg)
			put_mem(sb, "-", 1);
		put_pad(sb, '0', pad);
	} else {
		put_pad(sb, ' ', pad);
	}
	put_mem(sb, txt, n);
}

/*
 * sb_printf formats the conversions the describers use itself (%s %c %d
 * %i %u %x %X with '-', '0', a width and hh..j sizes, and %%): vsnprintf
 * sets up a string FILE and walks glibc's general printf engine for each
 * call, which was a fifth of the echo client's CPU at 100,000 probes/s
 * (SENT and CAPT lines, issue #20).  At the first other conversion
 * (floats, precision, '*') the call's text is taken back and vsnprintf
 * writes it all.  The output is the same byte for byte
 * (tests/unit/test_sbuf.c compares the two).
 */
void
sb_vprintf(struct sbuf *sb, const char *fmt, va_list ap)
{
	size_t start = sb->len;
	const char *f = fmt, *pct;
	struct spec sp;
	va_list aq;
	int n;

	va_copy(aq, ap);
	while ((pct = strchr(f, '%')) != NULL) {
		put_mem(sb, f, (size_t)(pct - f));
		if (pct[1] == '%') {
			put_mem(sb, "%", 1);
			f = pct + 2;
			continue;
		}
		f = parse_spec(pct + 1, &sp);
		if (!f)
			goto other;
		put_conv(sb, &sp, &aq);
	}
	put_mem(sb, f, strlen(f));
	va_end(aq);
	return;
other:
	/* Undo what this call appended; vsnprintf does it all. */
	va_end(aq);
	sb->len = start;
	if (start < sb->cap)
		sb->p[start] = '\0';
	if (sb_room(sb) > 0) {
		n = vsnprintf(sb->p + sb->len, sb_room(sb) + 1, fmt, ap);
	} else {
		char dummy[1];

		n = vsnprintf(dummy, sizeof(dummy), fmt, ap);
	}
	if (n > 0)
		sb->len += (size_t)n;
}

void
sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

int
sb_fmt(char *out, size_t cap, const char *fmt, ...)
{
	struct sbuf sb;
	va_list ap;

	sb_init(&sb, out, cap);
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	return sb.len > INT_MAX ? INT_MAX : (int)sb.len;
}

__extension__ typedef unsigned __int128 u128;

/*
 * v as printf's "%.<prec>f" writes it, without printf: the line prefix
 * "SENT (0.0410s)" of every SENT/RCVD/CAPT line.  v = m * 2^e exactly (m
 * the 53-bit mantissa), so v * 10^prec = m * 10^prec * 2^e is an integer
 * shifted right, rounded to nearest with ties to even on the exact binary
 * value, as glibc rounds.  Negative, huge or non-finite values, and prec
 * over 9, go through vsnprintf.
 */
void
sb_fixed(struct sbuf *sb, double v, unsigned prec)
{
	static const uint64_t p10[10] = { 1, 10, 100, 1000, 10000, 100000,
					  1000000, 10000000, 100000000,
					  1000000000 };
	char buf[40], *d = buf + sizeof(buf);
	u128 x, q, r, half, one = 1;
	uint64_t ip, fp;
	unsigned i;
	int e;

	if (signbit(v) || !(v >= 0 && v < 1e15) || prec > 9) {
		sb_printf(sb, "%.*f", (int)prec, v);
		return;
	}
	x = (u128)(uint64_t)ldexp(frexp(v, &e), 53) * p10[prec];
	e = 53 - e; /* v * 10^prec = x / 2^e; e > 0 as v < 2^53 */
	if (e >= 127) {
		q = 0; /* v < 2^-74: x < 2^83 is under half of 2^e */
	} else {
		q = x >> e;
		r = x & ((one << e) - 1);
		half = one << (e - 1);
		if (r > half || (r == half && (q & 1)))
			q++;
	}
	ip = (uint64_t)(q / p10[prec]);
	fp = (uint64_t)(q % p10[prec]);
	for (i = 0; i < prec; i++) {
		*--d = (char)('0' + fp % 10);
		fp /= 10;
	}
	if (prec)
		*--d = '.';
	do {
		*--d = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	put_mem(sb, d, (size_t)(buf + sizeof(buf) - d));
}

void
sb_puts(struct sbuf *sb, const char *s)
{
	put_mem(sb, s, strlen(s));
}

void
sb_putc(struct sbuf *sb, char c)
{
	put_mem(sb, &c, 1);
}
