/* SPDX-License-Identifier: MIT */
/*
 * output/audit.h: the path audit's answer (client/audit.c) in its two
 * forms: a table with a one-line summary on top and the done line last
 * (text), or one "audit" event per check and an "audit_summary" event
 * (JSON, doc/json.md).  libc and the JSON writer; the rows are built by
 * the caller.
 */
#ifndef NPECHO_OUTPUT_AUDIT_H
#define NPECHO_OUTPUT_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "output/json.h"

#define AUDIT_DETAIL_MAX 160
#define AUDIT_VALUE_MAX 64

/* One check's answer. */
struct audit_row {
	const char *check;          /* stable name (doc/json.md) */
	const char *verdict;        /* from the check's fixed vocabulary */
	char detail[AUDIT_DETAIL_MAX]; /* "MSS 1460 -> 536"; "" none */
	char sent[AUDIT_VALUE_MAX]; /* the compared value as sent; "" none */
	char seen[AUDIT_VALUE_MAX]; /* as the server saw it; "" none */
	char where[192];            /* --tr: where on the path; "" none */
	int changed;                /* the path did something (summary) */
};

struct audit_report {
	const char *target;         /* the echo server's address */
	int v6;
	const struct audit_row *rows;
	size_t n;
	uint64_t t_ns;              /* since the start, for JSON */
	double secs;                /* the whole audit, for the done line */
};

/* The summary line, the table and the done line. */
void audit_text_print(FILE *f, const struct audit_report *r);

/* Every row as an "audit" event, then the "audit_summary" event; the
 * first write error (json_error) or 0. */
int audit_json_write(struct json_writer *w, const struct audit_report *r);

#endif
