/* SPDX-License-Identifier: MIT */
/*
 * ports.h: Nping/nmap destination port specifications ("22,80",
 * "1-1023", "-100", "60000-", "-").
 */
#ifndef NPECHO_CLI_PORTS_H
#define NPECHO_CLI_PORTS_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/*
 * Parses spec into a malloc'd array of ports, sorted ascending with
 * duplicates removed (*out, *n; caller frees *out).  Port 0 is rejected
 * (npecho's rule; Nping accepted an explicit 0).  Returns 0, ERR_INVALID
 * with Nping's wording in eb (no option name, no value), or ERR_NOMEM.
 * On failure *out is NULL and *n is 0.
 */
int ports_parse(const char *spec, uint16_t **out, size_t *n, struct errbuf *eb);

#endif
