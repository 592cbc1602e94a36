/* SPDX-License-Identifier: MIT */
/* Unit tests for util/secret.h: source order, file parsing, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/secret.h"

/* Writes n bytes to a new temporary file with the given mode. */
static char *
tmpfile_with(const void *data, size_t n, mode_t mode)
{
	char *path = strdup("/tmp/npecho-secret-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	return path;
}

static void
drop_file(char *path)
{
	unlink(path);
	free(path);
}

static void
test_order(void **state)
{
	char *f = tmpfile_with("from-file\nsecond line\n", 22, 0600);
	struct secret s;
	struct errbuf eb = { "" };

	(void)state;
	assert_int_equal(secret_load(f, "from-env", "from-argv", &s, &eb), 0);
	assert_string_equal(s.value, "from-file");
	assert_int_equal(s.len, 9);
	assert_int_equal(s.source, SECRET_FILE);
	assert_string_equal(s.warning, "");
	assert_int_equal(secret_load(NULL, "from-env", "from-argv", &s, &eb), 0);
	assert_string_equal(s.value, "from-env");
	assert_int_equal(s.source, SECRET_ENVVAR);
	/* An empty variable counts as unset. */
	assert_int_equal(secret_load(NULL, "", "from-argv", &s, &eb), 0);
	assert_string_equal(s.value, "from-argv");
	assert_int_equal(s.source, SECRET_ARGV);
	/* "-" on the command line defers to the other sources. */
	assert_int_equal(secret_load(NULL, "e", "-", &s, &eb), 0);
	assert_int_equal(s.source, SECRET_ENVVAR);
	assert_int_equal(secret_load(f, NULL, "-", &s, &eb), 0);
	assert_int_equal(s.source, SECRET_FILE);
	secret_wipe(&s);
	drop_file(f);
}

static void
test_nothing(void **state)
{
	struct secret s;
	struct errbuf eb = { "" };

	(void)state;
	assert_int_equal(secret_load(NULL, NULL, NULL, &s, &eb), ERR_INVALID);
	assert_non_null(strstr(eb.msg, "NPECHO_PASSPHRASE"));
	assert_int_equal(s.source, SECRET_NONE);
	assert_int_equal(secret_load(NULL, "", "-", &s, &eb), ERR_INVALID);
	/* An empty passphrase given on purpose is valid (Nping allows it). */
	assert_int_equal(secret_load(NULL, NULL, "", &s, &eb), 0);
	assert_int_equal(s.len, 0);
	assert_int_equal(s.source, SECRET_ARGV);
}

static void
test_file_lines(void **state)
{
	static const struct {
		const char *data;
		size_t n;
		const char *want; /* NULL: ERR_INVALID */
	} cases[] = {
		{ "abc", 3, "abc" },               /* no newline at all */
		{ "abc\r\n", 5, "abc" },           /* CRLF */
		{ "a b \t\n", 6, "a b \t" },       /* inner/trailing blanks kept */
		{ "\nabc\n", 5, NULL },            /* empty first line */
		{ "", 0, NULL },                   /* empty file */
		{ "ab\0c\n", 5, NULL },            /* NUL byte */
		{ "\r\n", 2, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *f = tmpfile_with(cases[i].data, cases[i].n, 0600);
		struct secret s;
		struct errbuf eb = { "" };
		int rc = secret_load(f, "env", "argv", &s, &eb);

		if (cases[i].want) {
			assert_int_equal(rc, 0);
			assert_string_equal(s.value, cases[i].want);
			assert_int_equal(s.len, strlen(cases[i].want));
		} else {
			assert_int_equal(rc, ERR_INVALID);
			assert_non_null(strstr(eb.msg, f));
			assert_int_equal(s.source, SECRET_NONE);
			assert_int_equal(s.value[0], 0);
		}
		drop_file(f);
	}
}

static void
test_file_errors(void **state)
{
	struct secret s;
	struct errbuf eb = { "" };

	(void)state;
	assert_int_equal(secret_load("/nonexistent/npecho/pass", NULL, "argv",
				     &s, &eb), ERR_SYS);
	assert_non_null(strstr(eb.msg, "'/nonexistent/npecho/pass'"));
	assert_non_null(strstr(eb.msg, "No such file"));
	/* The file was named: no fallback to the command line. */
	assert_int_equal(s.source, SECRET_NONE);
	assert_int_equal(secret_load("/tmp", NULL, NULL, &s, &eb), ERR_INVALID);
	assert_non_null(strstr(eb.msg, "directory"));
}

static void
test_file_mode_warning(void **state)
{
	char *f = tmpfile_with("pw\n", 3, 0644);
	struct secret s;
	struct errbuf eb = { "" };

	(void)state;
	assert_int_equal(secret_load(f, NULL, NULL, &s, &eb), 0);
	assert_string_equal(s.value, "pw");
	assert_non_null(strstr(s.warning, "mode 0644"));
	assert_non_null(strstr(s.warning, f));
	assert_int_equal(chmod(f, 0640), 0);
	assert_int_equal(secret_load(f, NULL, NULL, &s, &eb), 0);
	assert_non_null(strstr(s.warning, "mode 0640"));
	assert_int_equal(chmod(f, 0400), 0);
	assert_int_equal(secret_load(f, NULL, NULL, &s, &eb), 0);
	assert_string_equal(s.warning, "");
	drop_file(f);
}

/* A pipe, as with --echo-passphrase-file <(pass show npecho). */
static void
test_pipe(void **state)
{
	int p[2];
	char path[64];
	struct secret s;
	struct errbuf eb = { "" };

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "piped\nrest", 10), 10);
	close(p[1]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	assert_int_equal(secret_load(path, NULL, NULL, &s, &eb), 0);
	assert_string_equal(s.value, "piped");
	assert_string_equal(s.warning, "");
	close(p[0]);
}

static void
test_limits(void **state)
{
	char big[SECRET_MAX + 50];
	char *f;
	struct secret s;
	struct errbuf eb = { "" };

	(void)state;
	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(secret_load(NULL, big, NULL, &s, &eb), 0);
	assert_true(s.truncated);
	assert_int_equal(s.len, SECRET_MAX);
	assert_int_equal(strlen(s.value), SECRET_MAX);
	big[SECRET_MAX] = '\0';
	assert_int_equal(secret_load(NULL, NULL, big, &s, &eb), 0);
	assert_false(s.truncated);
	assert_int_equal(s.len, SECRET_MAX);
	/* In a file: exactly SECRET_MAX bytes then a newline is whole. */
	big[SECRET_MAX] = '\n';
	f = tmpfile_with(big, SECRET_MAX + 1, 0600);
	assert_int_equal(secret_load(f, NULL, NULL, &s, &eb), 0);
	assert_false(s.truncated);
	assert_int_equal(s.len, SECRET_MAX);
	drop_file(f);
	big[SECRET_MAX] = 'y';
	f = tmpfile_with(big, SECRET_MAX + 10, 0600);
	assert_int_equal(secret_load(f, NULL, NULL, &s, &eb), 0);
	assert_true(s.truncated);
	assert_int_equal(s.len, SECRET_MAX);
	assert_null(strchr(s.value, 'y'));
	drop_file(f);
}

static void
test_wipe_and_names(void **state)
{
	struct secret s;
	struct errbuf eb = { "" };
	size_t i;

	(void)state;
	assert_int_equal(secret_load(NULL, "topsecret", NULL, &s, &eb), 0);
	secret_wipe(&s);
	for (i = 0; i < sizeof(s.value); i++)
		assert_int_equal(s.value[i], 0);
	assert_int_equal(s.len, 0);
	assert_int_equal(s.source, SECRET_NONE);
	secret_wipe(NULL);
	assert_string_equal(secret_source_name(SECRET_FILE),
			    "--echo-passphrase-file");
	assert_string_equal(secret_source_name(SECRET_ENVVAR),
			    "NPECHO_PASSPHRASE");
	assert_string_equal(secret_source_name(SECRET_ARGV), "the command line");
	assert_string_equal(secret_source_name(SECRET_NONE), "none");
	assert_non_null(strstr(SECRET_ARGV_HINT, "shows in ps"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_file_lines),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_file_mode_warning),
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_wipe_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
