/* SPDX-License-Identifier: MIT */
/*
 * parse_num.h: pure value parsers for the command line (numbers like
 * Nping's strtoul(.., 0), times, hex strings, MAC addresses) and the small
 * seedable random generator used for "rand" values and random defaults.
 *
 * Every parser returns 0 or ERR_INVALID (bad syntax or out of range) and
 * writes *out only on success.  None prints, allocates (except where said)
 * or keeps state.
 */
#ifndef NPECHO_CLI_PARSE_NUM_H
#define NPECHO_CLI_PARSE_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* xoshiro-style generator state; seed with cli_rng_seed(). */
struct cli_rng {
	uint64_t s[4];
};

void cli_rng_seed(struct cli_rng *r, uint64_t seed);
/* Seeds from getrandom(); falls back to time and pid if that fails. */
void cli_rng_seed_system(struct cli_rng *r);
uint64_t cli_rng_next(struct cli_rng *r);
/* Uniform value in [lo, hi] (lo <= hi). */
uint64_t cli_rng_range(struct cli_rng *r, uint64_t lo, uint64_t hi);

/* True for "rand"/"random" in any case. */
bool parse_is_random(const char *s);

/*
 * strtonum-like: C strtoul base 0 syntax (0x hex, leading 0 octal, else
 * decimal), no sign, no blanks, no trailing junk, min <= value <= max.
 */
int parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/*
 * parse_uint() that also accepts rand/random: then draws from [min, max]
 * with rng and sets *is_random (else clears it).  rng may be NULL only if
 * random values are not wanted (then rand is ERR_INVALID).
 */
int parse_uint_rand(const char *s, uint64_t min, uint64_t max,
		    struct cli_rng *rng, uint64_t *out, bool *is_random);

/*
 * Time: decimal number with optional fraction, then an optional unit
 * ns, us, ms, s, m, h (none: default_unit_ns, e.g. 1e9 for seconds).
 * Result in nanoseconds (fraction digits beyond ns precision are dropped).
 * *had_unit tells whether a unit was written (may be NULL).
 */
int parse_time_ns(const char *s, uint64_t default_unit_ns, uint64_t *out,
		  bool *had_unit);

/*
 * Non-negative decimal with optional fraction ("2", "0.5", "1e3" is
 * rejected); used by --rate.
 */
int parse_udecimal(const char *s, double *out);

/*
 * Hex payload: "0xAABB", "AABB" or "\xAA\xBB".  Even number of digits,
 * not empty, at most cap bytes.  Writes into buf, *len = byte count.
 */
int parse_hex_bytes(const char *s, uint8_t *buf, size_t cap, size_t *len);

/* MAC: six hex bytes (1-2 digits each) joined by ':' or '-'. */
int parse_mac(const char *s, uint8_t mac[6]);

#endif
