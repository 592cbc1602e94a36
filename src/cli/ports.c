/* SPDX-License-Identifier: MIT */
/* ports.c: port specification lists, sorted and de-duplicated. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ports.h"

#define PORT_BITS_LEN (65536 / 8)

static const char ports_illegal[] = "Error #485: Your port specifications are "
	"illegal.  Example of proper form: \"-100,200-1024,3000-4000,60000-\"";

/* Reads decimal digits at *p into *v (capped); false if there are none. */
static bool
read_port(const char **p, unsigned long *v)
{
	unsigned long x = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++)
		if (x < 1000000)
			x = x * 10 + (unsigned long)(*s - '0');
	*p = s;
	*v = x;
	return true;
}

/* One item "a", "a-b", "-b", "a-", "-" ending at ',' or NUL. */
static int
parse_item(const char **pp, uint8_t *bits, struct errbuf *eb)
{
	const char *p = *pp;
	unsigned long lo = 1, hi = 65535, v;
	bool have_lo = false;

	if (read_port(&p, &v)) {
		lo = hi = v;
		have_lo = true;
	}
	if (*p == '-') {
		p++;
		hi = 65535;
		if (read_port(&p, &v))
			hi = v;
	} else if (!have_lo) {
		errbuf_set(eb, "%s", ports_illegal);
		return ERR_INVALID;
	}
	if (*p != ',' && *p != '\0') {
		errbuf_set(eb, "%s", ports_illegal);
		return ERR_INVALID;
	}
	if (lo > 65535 || hi > 65535) {
		errbuf_set(eb, "Ports to be scanned must be between 0 and 65535 inclusive");
		return ERR_INVALID;
	}
	if (lo > hi) {
		errbuf_set(eb, "Your port range %lu-%lu is backwards. Did you mean %lu-%lu?",
			   lo, hi, hi, lo);
		return ERR_INVALID;
	}
	if (lo == 0) {
		errbuf_set(eb, "port 0 is not allowed");
		return ERR_INVALID;
	}
	for (v = lo; v <= hi; v++)
		bits[v >> 3] |= (uint8_t)(1u << (v & 7));
	*pp = p;
	return 0;
}

static int
collect(const uint8_t *bits, uint16_t **out, size_t *n)
{
	size_t count = 0, i, k = 0;
	uint16_t *arr;

	for (i = 0; i < 65536; i++)
		if (bits[i >> 3] & (1u << (i & 7)))
			count++;
	arr = malloc(count * sizeof(*arr));
	if (!arr)
		return ERR_NOMEM;
	for (i = 0; i < 65536; i++)
		if (bits[i >> 3] & (1u << (i & 7)))
			arr[k++] = (uint16_t)i;
	*out = arr;
	*n = count;
	return 0;
}

int
ports_parse(const char *spec, uint16_t **out, size_t *n, struct errbuf *eb)
{
	uint8_t *bits = NULL;
	const char *p = spec;
	int ret = ERR_INVALID;

	*out = NULL;
	*n = 0;
	if (!spec || !*spec) {
		errbuf_set(eb, "%s", ports_illegal);
		goto out;
	}
	bits = calloc(1, PORT_BITS_LEN);
	if (!bits) {
		ret = ERR_NOMEM;
		goto out;
	}
	for (;;) {
		ret = parse_item(&p, bits, eb);
		if (ret < 0)
			goto out;
		if (*p == '\0')
			break;
		p++;	/* the ',' */
	}
	ret = collect(bits, out, n);
	if (ret == ERR_NOMEM)
		errbuf_set(eb, "out of memory");
out:
	free(bits);
	return ret;
}
