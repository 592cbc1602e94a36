/* SPDX-License-Identifier: MIT */
/* parse_num.c: numbers, times, hex and MACs for the command line. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "cli/parse_num.h"
#include "util/err.h"

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
cli_rng_seed(struct cli_rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

void
cli_rng_seed_system(struct cli_rng *r)
{
	uint64_t seed;

	if (getrandom(&seed, sizeof(seed), 0) != (ssize_t)sizeof(seed))
		seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	cli_rng_seed(r, seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
uint64_t
cli_rng_next(struct cli_rng *r)
{
	uint64_t res = rotl(r->s[1] * 5, 7) * 9;
	uint64_t t = r->s[1] << 17;

	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return res;
}

uint64_t
cli_rng_range(struct cli_rng *r, uint64_t lo, uint64_t hi)
{
	uint64_t span, lim, x;

	if (hi <= lo)
		return lo;
	span = hi - lo + 1;
	if (span == 0)	/* the whole 64-bit range */
		return cli_rng_next(r);
	/* Rejection sampling keeps the draw unbiased. */
	lim = UINT64_MAX - (UINT64_MAX % span);
	do {
		x = cli_rng_next(r);
	} while (x >= lim);
	return lo + x % span;
}

bool
parse_is_random(const char *s)
{
	return s && (!strcasecmp(s, "rand") || !strcasecmp(s, "random"));
}

static int
digit_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int
parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	const char *p = s;

	if (!s || !*s)
		return ERR_INVALID;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (!*p)
			return ERR_INVALID;
	} else if (p[0] == '0' && p[1]) {
		base = 8;
		p++;
	}
	for (; *p; p++) {
		unsigned d = (unsigned)digit_val((unsigned char)*p);

		if (d >= base)
			return ERR_INVALID;
		if (v > (UINT64_MAX - d) / base)
			return ERR_INVALID;
		v = v * base + d;
	}
	if (v < min || v > max)
		return ERR_INVALID;
	*out = v;
	return 0;
}

int
parse_uint_rand(const char *s, uint64_t min, uint64_t max,
		struct cli_rng *rng, uint64_t *out, bool *is_random)
{
	if (parse_is_random(s)) {
		if (!rng)
			return ERR_INVALID;
		*out = cli_rng_range(rng, min, max);
		*is_random = true;
		return 0;
	}
	*is_random = false;
	return parse_uint(s, min, max, out);
}

/* Unit suffix to nanoseconds; 0 if unknown. */
static uint64_t
unit_ns(const char *u)
{
	static const struct {
		const char *name;
		uint64_t ns;
	} units[] = {
		{ "ns", 1ULL }, { "us", 1000ULL }, { "ms", 1000000ULL },
		{ "s", 1000000000ULL }, { "m", 60000000000ULL },
		{ "h", 3600000000000ULL },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcasecmp(u, units[i].name))
			return units[i].ns;
	return 0;
}

/*
 * Splits "123.456unit" into integer part, fraction as a value scaled to
 * 1e9, and the unit text.  Rejects signs, blanks, exponents, empty input.
 */
static int
split_decimal(const char *s, uint64_t *ip, uint64_t *frac_e9, const char **unit)
{
	const char *p = s;
	uint64_t i = 0, f = 0, scale = 100000000ULL;
	int ndig = 0;

	for (; *p >= '0' && *p <= '9'; p++, ndig++) {
		if (i > (UINT64_MAX - 9) / 10)
			return ERR_INVALID;
		i = i * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, ndig++) {
			f += (uint64_t)(*p - '0') * scale;
			scale /= 10;
		}
	}
	if (ndig == 0)
		return ERR_INVALID;
	*ip = i;
	*frac_e9 = f;
	*unit = p;
	return 0;
}

int
parse_time_ns(const char *s, uint64_t default_unit_ns, uint64_t *out,
	      bool *had_unit)
{
	uint64_t ip, frac, u, v;
	unsigned __int128 wide;
	const char *unit;

	if (!s || split_decimal(s, &ip, &frac, &unit) < 0)
		return ERR_INVALID;
	if (*unit) {
		u = unit_ns(unit);
		if (!u)
			return ERR_INVALID;
	} else {
		u = default_unit_ns;
	}
	/* 128-bit intermediate: hours with nine fraction digits overflow 64. */
	wide = (unsigned __int128)ip * u + ((unsigned __int128)frac * u) / 1000000000U;
	if (wide > UINT64_MAX)
		return ERR_INVALID;
	v = (uint64_t)wide;
	*out = v;
	if (had_unit)
		*had_unit = *unit != '\0';
	return 0;
}

int
parse_udecimal(const char *s, double *out)
{
	uint64_t ip, frac;
	const char *unit;

	if (!s || split_decimal(s, &ip, &frac, &unit) < 0 || *unit)
		return ERR_INVALID;
	*out = (double)ip + (double)frac / 1e9;
	return 0;
}

int
parse_hex_bytes(const char *s, uint8_t *buf, size_t cap, size_t *len)
{
	size_t n = 0;
	bool escaped;
	const char *p = s;

	if (!s || !*s)
		return ERR_INVALID;
	escaped = p[0] == '\\' && (p[1] == 'x' || p[1] == 'X');
	if (!escaped && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	while (*p) {
		int hi, lo;

		if (escaped) {
			if (p[0] != '\\' || (p[1] != 'x' && p[1] != 'X'))
				return ERR_INVALID;
			p += 2;
		}
		hi = digit_val((unsigned char)p[0]);
		if (hi > 15)
			return ERR_INVALID;
		lo = digit_val((unsigned char)p[1]);
		if (lo > 15)
			return ERR_INVALID;
		if (n >= cap)
			return ERR_INVALID;
		buf[n++] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	if (n == 0)
		return ERR_INVALID;
	*len = n;
	return 0;
}

int
parse_mac(const char *s, uint8_t mac[6])
{
	uint8_t m[6];
	const char *p = s;
	int i;

	if (!s)
		return ERR_INVALID;
	for (i = 0; i < 6; i++) {
		int a = digit_val((unsigned char)p[0]), b;

		if (a > 15)
			return ERR_INVALID;
		b = digit_val((unsigned char)p[1]);
		if (b <= 15) {
			m[i] = (uint8_t)(a << 4 | b);
			p += 2;
		} else {
			m[i] = (uint8_t)a;
			p += 1;
		}
		if (i < 5) {
			if (*p != ':' && *p != '-')
				return ERR_INVALID;
			p++;
		}
	}
	if (*p)
		return ERR_INVALID;
	memcpy(mac, m, 6);
	return 0;
}
