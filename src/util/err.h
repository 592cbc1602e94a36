/* SPDX-License-Identifier: MIT */
/*
 * err.h: error codes shared by every library module, the caller-supplied
 * error text buffer, and the process exit statuses.
 *
 * Library code returns 0 or a negative ERR_* and, where a human needs more,
 * writes one line into a struct errbuf.  Only cli/ and the mode entry points
 * print (die()/warnx()) and exit.
 */
#ifndef NPECHO_UTIL_ERR_H
#define NPECHO_UTIL_ERR_H

#include <stdarg.h>
#include <stddef.h>

enum {
	ERR_OK = 0,
	ERR_TRUNC = -1,       /* input shorter than the format needs */
	ERR_INVALID = -2,     /* input long enough, but a field is wrong */
	ERR_NOSPACE = -3,     /* output buffer too small */
	ERR_UNSUPPORTED = -4, /* valid but not handled (e.g. unknown proto) */
	ERR_NOMEM = -5,
	ERR_SYS = -6,         /* a system call failed; errno-style text in errbuf */
	ERR_AUTH = -7,        /* MAC or passphrase check failed */
	ERR_PROTO = -8,       /* peer broke the protocol (order, sequence...) */
	ERR_AGAIN = -9,       /* need more input */
	ERR_LIMIT = -10,      /* a configured limit was reached */
};

/* Exit statuses, the whole list. */
enum {
	EXIT_OK_STATUS = 0,
	EXIT_FAILURE_STATUS = 1, /* run-time failure (no route, peer refused...) */
	EXIT_USAGE = 2,          /* bad command line or bad input value */
	EXIT_INTERRUPTED = 130,
};

#define ERRBUF_LEN 256

struct errbuf {
	char msg[ERRBUF_LEN];
};

/* Formats one line into eb (NULL allowed: then nothing happens). */
void errbuf_set(struct errbuf *eb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Short English name of an ERR_* code ("truncated", "invalid", ...). */
const char *err_name(int code);

/* The program name used in messages ("npecho"). */
extern const char *progname;

/* Print "npecho: <msg>" to stderr.  warnx() returns, die() exits with status. */
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif
