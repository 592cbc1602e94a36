/* SPDX-License-Identifier: MIT */
/*
 * ip4opt.c: IPv4 options (RFC 791 §3.1).
 *
 * Record route / source routes:     Internet timestamp:
 *  +--------+--------+--------+      +--------+--------+--------+--------+
 *  |  type  | length | pointer|      |   68   | length | pointer|oflw|flg|
 *  +--------+--------+--------+      +--------+--------+--------+--------+
 *  |   route data (4 bytes each)     |  [address] timestamp ...          |
 *  type: RR 7, LSRR 131, SSRR 137.   pointer starts at 5; flg 0, 1 or 3.
 */
#include "proto/ip4opt.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "proto/ipv4.h"
#include "util/wire.h"

#define IP4OPT_MAX_SLOTS 9

int
ip4_opt_rr(uint8_t *buf, size_t cap, size_t *len, unsigned nslots)
{
	size_t olen = 3 + 4 * (size_t)nslots;
	struct wr w;
	int ret;

	*len = 0;
	if (nslots < 1 || nslots > IP4OPT_MAX_SLOTS)
		return ERR_INVALID;
	wr_init(&w, buf, cap);
	if ((ret = wr_u8(&w, IP4OPT_RR)) != 0 ||
	    (ret = wr_u8(&w, (uint8_t)olen)) != 0 ||
	    (ret = wr_u8(&w, 4)) != 0 || (ret = wr_zero(&w, olen - 3)) != 0)
		return ret;
	*len = w.len;
	return 0;
}

int
ip4_opt_ts(uint8_t *buf, size_t cap, size_t *len, uint8_t flag,
	   unsigned nslots)
{
	size_t per = flag == 0 ? 4 : 8;
	size_t olen = 4 + per * nslots;
	struct wr w;
	int ret;

	*len = 0;
	if ((flag != 0 && flag != 1 && flag != 3) || nslots < 1 ||
	    olen > IP4_MAX_OPTS)
		return ERR_INVALID;
	wr_init(&w, buf, cap);
	if ((ret = wr_u8(&w, IP4OPT_TS)) != 0 ||
	    (ret = wr_u8(&w, (uint8_t)olen)) != 0 ||
	    (ret = wr_u8(&w, 5)) != 0 || (ret = wr_u8(&w, flag)) != 0 ||
	    (ret = wr_zero(&w, olen - 4)) != 0)
		return ret;
	*len = w.len;
	return 0;
}

int
ip4_opt_srr(uint8_t *buf, size_t cap, size_t *len, int strict,
	    const uint8_t (*addrs)[4], size_t n)
{
	struct wr w;
	size_t i;
	int ret;

	*len = 0;
	if (n < 1 || n > IP4OPT_MAX_SLOTS)
		return ERR_INVALID;
	wr_init(&w, buf, cap);
	if ((ret = wr_u8(&w, strict ? IP4OPT_SSRR : IP4OPT_LSRR)) != 0 ||
	    (ret = wr_u8(&w, (uint8_t)(3 + 4 * n))) != 0 ||
	    (ret = wr_u8(&w, 4)) != 0)
		return ret;
	for (i = 0; i < n; i++)
		if ((ret = wr_bytes(&w, addrs[i], 4)) != 0)
			return ret;
	*len = w.len;
	return 0;
}

int
ip4_opt_raw(uint8_t *buf, size_t cap, size_t *len, const uint8_t *bytes,
	    size_t n)
{
	*len = 0;
	if (n > cap)
		return ERR_NOSPACE;
	if (n)
		memcpy(buf, bytes, n);
	*len = n;
	return 0;
}

/* "S a b c" / "L a b c": NOP, the route, then one empty slot (as Nping). */
static int
spec_route(const char *s, int strict, uint8_t *out, size_t cap, size_t *len,
	   struct errbuf *eb)
{
	uint8_t addrs[IP4OPT_MAX_SLOTS][4];
	size_t n = 0, olen;
	char word[64];
	int ret;

	for (;;) {
		size_t k = 0;

		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (!*s)
			break;
		while (*s && *s != ' ' && *s != '\t' && *s != ',' &&
		       k < sizeof(word) - 1)
			word[k++] = *s++;
		word[k] = '\0';
		if (n >= IP4OPT_MAX_SLOTS - 1) {
			errbuf_set(eb, "too many source-route addresses "
				   "(at most %d)", IP4OPT_MAX_SLOTS - 1);
			return ERR_INVALID;
		}
		if (inet_pton(AF_INET, word, addrs[n]) != 1) {
			errbuf_set(eb, "bad source-route address '%s'", word);
			return ERR_INVALID;
		}
		n++;
	}
	if (n == 0) {
		errbuf_set(eb, "source route needs at least one address");
		return ERR_INVALID;
	}
	memset(addrs[n], 0, 4);
	if (cap < 1)
		return ERR_NOSPACE;
	out[0] = IP4OPT_NOP;
	ret = ip4_opt_srr(out + 1, cap - 1, &olen, strict,
			  (const uint8_t (*)[4])addrs, n + 1);
	if (ret == 0)
		*len = 1 + olen;
	return ret;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* "\xHH" bytes with "*N" repeats. */
static int
spec_hex(const char *s, uint8_t *out, size_t cap, size_t *len,
	 struct errbuf *eb)
{
	size_t n = 0;

	while (*s) {
		if (s[0] == '\\' && (s[1] == 'x' || s[1] == 'X') &&
		    hexval(s[2]) >= 0 && hexval(s[3]) >= 0) {
			if (n >= cap || n >= IP4_MAX_OPTS)
				goto toolong;
			out[n++] = (uint8_t)(hexval(s[2]) << 4 | hexval(s[3]));
			s += 4;
		} else if (*s == '*' && n > 0 && isdigit((unsigned char)s[1])) {
			char *end;
			unsigned long rep = strtoul(s + 1, &end, 10);

			if (rep < 1 || rep > IP4_MAX_OPTS ||
			    n - 1 + rep > IP4_MAX_OPTS || n - 1 + rep > cap)
				goto toolong;
			memset(out + n, out[n - 1], rep - 1);
			n += rep - 1;
			s = end;
		} else {
			errbuf_set(eb, "bad IP options hex at '%.16s'", s);
			return ERR_INVALID;
		}
	}
	*len = n;
	return 0;
toolong:
	errbuf_set(eb, "IP options longer than %d bytes", IP4_MAX_OPTS);
	return ERR_INVALID;
}

int
ip4_opts_parse_spec(const char *spec, uint8_t *out, size_t cap, size_t *len,
		    struct errbuf *eb)
{
	size_t olen;
	int c, ret;

	*len = 0;
	while (*spec == ' ')
		spec++;
	c = toupper((unsigned char)spec[0]);
	if (spec[0] == '\\')
		return spec_hex(spec, out, cap, len, eb);
	if ((c == 'R' || c == 'T' || c == 'U') && spec[1] == '\0') {
		if (c == 'R') {
			if (cap < 1)
				return ERR_NOSPACE;
			out[0] = IP4OPT_NOP;
			ret = ip4_opt_rr(out + 1, cap - 1, &olen, 9);
			olen++;
		} else {
			ret = ip4_opt_ts(out, cap, &olen, c == 'T' ? 0 : 1,
					 c == 'T' ? 9 : 4);
		}
		if (ret == 0)
			*len = olen;
		return ret;
	}
	if ((c == 'S' || c == 'L') && (spec[1] == ' ' || spec[1] == '\t'))
		return spec_route(spec + 2, c == 'S', out, cap, len, eb);
	errbuf_set(eb, "bad IP options '%s' (want R, T, U, S addr..., "
		   "L addr... or \\xHH...)", spec);
	return ERR_INVALID;
}
