/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "util/err.h"

const char *progname = "npecho";

void
errbuf_set(struct errbuf *eb, const char *fmt, ...)
{
	va_list ap;

	if (!eb)
		return;
	va_start(ap, fmt);
	vsnprintf(eb->msg, sizeof(eb->msg), fmt, ap);
	va_end(ap);
}

const char *
err_name(int code)
{
	switch (code) {
	case ERR_OK: return "ok";
	case ERR_TRUNC: return "truncated";
	case ERR_INVALID: return "invalid";
	case ERR_NOSPACE: return "no space";
	case ERR_UNSUPPORTED: return "unsupported";
	case ERR_NOMEM: return "out of memory";
	case ERR_SYS: return "system error";
	case ERR_AUTH: return "authentication failed";
	case ERR_PROTO: return "protocol error";
	case ERR_AGAIN: return "need more data";
	case ERR_LIMIT: return "limit reached";
	}
	return "unknown error";
}

static void
vwarn_line(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_line(fmt, ap);
	va_end(ap);
}

void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_line(fmt, ap);
	va_end(ap);
	exit(status);
}
