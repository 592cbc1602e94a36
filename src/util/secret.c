/* SPDX-License-Identifier: MIT */
/* secret.c: loading the echo passphrase from a file, the environment or
 * the command line (see secret.h for the order). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/secret.h"

/* Copies n bytes of p into s, cut to SECRET_MAX. */
static void
secret_set(struct secret *s, const char *p, size_t n, enum secret_source src)
{
	s->truncated = n > SECRET_MAX;
	if (s->truncated)
		n = SECRET_MAX;
	memcpy(s->value, p, n);
	s->value[n] = '\0';
	s->len = n;
	s->source = src;
}

/*
 * Reads up to the first '\n' (or cap bytes) of fd into buf.  Returns the
 * bytes kept (the newline excluded), or -1 with errno set.  *more is set
 * when the line went on past cap.
 */
static ssize_t
read_line(int fd, char *buf, size_t cap, bool *more)
{
	size_t n = 0;
	char c;

	*more = false;
	for (;;) {
		ssize_t r = read(fd, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0 || c == '\n')
			break;
		if (n == cap) {
			*more = true;
			break;
		}
		buf[n++] = c;
	}
	if (n > 0 && buf[n - 1] == '\r' && !*more)
		n--;
	return (ssize_t)n;
}

static void
check_mode(const struct stat *st, const char *file, struct secret *out)
{
	if (!S_ISREG(st->st_mode) || !(st->st_mode & (S_IRGRP | S_IROTH)))
		return;
	snprintf(out->warning, sizeof(out->warning),
		 "--echo-passphrase-file: readable by group or other "
		 "(mode %04o; chmod 600 it): '%s'",
		 (unsigned)(st->st_mode & 07777), file);
}

static int
load_file(const char *file, struct secret *out, struct errbuf *eb)
{
	char buf[SECRET_MAX + 1];
	struct stat st;
	bool more;
	ssize_t n;
	int fd, rc = 0;

	fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		errbuf_set(eb, "--echo-passphrase-file: %s: '%s'",
			   strerror(errno), file);
		return ERR_SYS;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		errbuf_set(eb, "--echo-passphrase-file: is a directory: '%s'",
			   file);
		rc = ERR_INVALID;
		goto out;
	}
	check_mode(&st, file, out);
	n = read_line(fd, buf, SECRET_MAX, &more);
	if (n < 0) {
		errbuf_set(eb, "--echo-passphrase-file: %s: '%s'",
			   strerror(errno), file);
		rc = ERR_SYS;
	} else if (n == 0) {
		errbuf_set(eb, "--echo-passphrase-file: the first line is "
			   "empty: '%s'", file);
		rc = ERR_INVALID;
	} else if (memchr(buf, '\0', (size_t)n)) {
		errbuf_set(eb, "--echo-passphrase-file: the first line holds a "
			   "NUL byte: '%s'", file);
		rc = ERR_INVALID;
	} else {
		secret_set(out, buf, (size_t)n, SECRET_FILE);
		out->truncated = more;
	}
out:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return rc;
}

int
secret_load(const char *file, const char *env_value, const char *argv_value,
	    struct secret *out, struct errbuf *eb)
{
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (file)
		rc = load_file(file, out, eb);
	else if (env_value && *env_value)
		secret_set(out, env_value, strlen(env_value), SECRET_ENVVAR);
	else if (argv_value && strcmp(argv_value, SECRET_PLACEHOLDER) != 0)
		secret_set(out, argv_value, strlen(argv_value), SECRET_ARGV);
	else {
		errbuf_set(eb, "no echo passphrase: give --echo-passphrase-file "
			   "FILE, set " SECRET_ENV ", or put it after "
			   "--echo-client/--echo-server");
		rc = ERR_INVALID;
	}
	if (rc < 0)
		secret_wipe(out);
	return rc;
}

void
secret_wipe(struct secret *s)
{
	if (!s)
		return;
	explicit_bzero(s, sizeof(*s));
	s->source = SECRET_NONE;
}

const char *
secret_source_name(enum secret_source src)
{
	switch (src) {
	case SECRET_FILE: return "--echo-passphrase-file";
	case SECRET_ENVVAR: return SECRET_ENV;
	case SECRET_ARGV: return "the command line";
	case SECRET_NONE: break;
	}
	return "none";
}
