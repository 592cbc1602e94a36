/* SPDX-License-Identifier: MIT */
/*
 * secret.h: where the echo passphrase comes from.
 *
 * Sources, first one present wins:
 *   1. --echo-passphrase-file FILE: its first line, without the trailing
 *      "\n" (or "\r\n");
 *   2. the NPECHO_PASSPHRASE environment variable, when set and not empty;
 *   3. the value given to --echo-client / --echo-server, unless it is "-"
 *      (a placeholder meaning "from 1 or 2", as the systemd unit uses).
 * A passphrase on the command line can be read by every local user (ps,
 * /proc/PID/cmdline), so the caller should say so at -v (SECRET_ARGV_HINT).
 *
 * Independent of struct config: the caller passes plain strings (the
 * environment value too, so tests need no setenv()).  Nothing is printed.
 */
#ifndef NPECHO_UTIL_SECRET_H
#define NPECHO_UTIL_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define SECRET_MAX 1023                 /* Nping keeps at most 1023 bytes */
#define SECRET_ENV "NPECHO_PASSPHRASE"
#define SECRET_PLACEHOLDER "-"
#define SECRET_ARGV_HINT "the passphrase on the command line shows in ps; " \
	"use --echo-passphrase-file or " SECRET_ENV

enum secret_source {
	SECRET_NONE = 0,
	SECRET_FILE,
	SECRET_ENVVAR,
	SECRET_ARGV,
};

struct secret {
	char value[SECRET_MAX + 1]; /* NUL-terminated; may be empty (argv) */
	size_t len;
	enum secret_source source;
	bool truncated;             /* longer than SECRET_MAX: cut, as Nping */
	char warning[ERRBUF_LEN];   /* non-empty: something to tell the user
				     * (a file readable by group or other) */
};

/*
 * Fills *out from the first source present.  file, env_value and
 * argv_value are borrowed and may each be NULL.
 * Returns 0, or:
 *   ERR_SYS      the file cannot be opened or read (errno text in eb);
 *   ERR_INVALID  the file is a directory, its first line is empty or
 *                holds a NUL byte, or no source gave a passphrase.
 * On error *out is wiped and out->source is SECRET_NONE.  The caller must
 * secret_wipe(out) when done with it.
 */
int secret_load(const char *file, const char *env_value,
		const char *argv_value, struct secret *out, struct errbuf *eb);

/* Overwrites the passphrase (explicit_bzero) and resets *s.  NULL-safe. */
void secret_wipe(struct secret *s);

/* "--echo-passphrase-file", "NPECHO_PASSPHRASE", "the command line",
 * "none". */
const char *secret_source_name(enum secret_source src);

#endif
