/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for server/sandbox.h.  A filter cannot be removed, so each
 * case installs it in a forked child through srv_sandbox_install() and
 * the parent judges how the child ended: killed by SIGSYS after a
 * forbidden call, or exited 0 after allowed ones (a child that exits
 * with N > 0 failed its check N, printed on stderr).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "server/sandbox.h"

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define SANITIZED 1 /* sandbox.c lets the runtime open its report files */
#else
#define SANITIZED 0
#endif

#define CHECK(n, cond) do { if (!(cond)) { \
	fprintf(stderr, "# check %d failed: %s\n", n, #cond); return n; } \
	} while (0)

/* Runs fn in a child; returns its wait status. */
static int
run_child(int (*fn)(void))
{
	int st = 0;
	pid_t pid;

	fflush(NULL); /* nothing buffered is written twice */
	pid = fork();
	if (pid == 0)
		_exit(fn());
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void
assert_sigsys(int st)
{
	if (WIFEXITED(st))
		fprintf(stderr, "# child exited with %d\n", WEXITSTATUS(st));
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
}

static void
assert_exit_status(int st, int want)
{
	if (WIFSIGNALED(st))
		fprintf(stderr, "# child killed by signal %d\n", WTERMSIG(st));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), want);
}

static int
install(void)
{
	struct errbuf eb = { "" };
	int rc = srv_sandbox_install(&eb);

	if (rc < 0)
		fprintf(stderr, "# %s\n", eb.msg);
	return rc;
}

/* ---- forbidden: the whole process dies of SIGSYS ---- */

static int
child_socket(void)
{
	CHECK(10, install() == 0);
	(void)socket(AF_INET, SOCK_DGRAM, 0);
	return 11; /* still alive */
}

static void
test_socket_kills(void **state)
{
	(void)state;
	assert_sigsys(run_child(child_socket));
}

static int
child_execve(void)
{
	char *argv[] = { "true", NULL }, *envp[] = { NULL };

	CHECK(10, install() == 0);
	(void)execve("/bin/true", argv, envp);
	return 11;
}

static void
test_execve_kills(void **state)
{
	(void)state;
	assert_sigsys(run_child(child_execve));
}

/* Memory may be mapped, never executable. */
static int
child_mmap_exec(void)
{
	CHECK(10, install() == 0);
	(void)mmap(NULL, 4096, PROT_READ | PROT_EXEC,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return 11;
}

static void
test_mmap_exec_kills(void **state)
{
	(void)state;
	assert_sigsys(run_child(child_mmap_exec));
}

static int
child_mprotect_exec(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(10, p != MAP_FAILED);
	CHECK(11, install() == 0);
	(void)mprotect(p, 4096, PROT_READ | PROT_EXEC);
	return 12;
}

static void
test_mprotect_exec_kills(void **state)
{
	(void)state;
	assert_sigsys(run_child(child_mprotect_exec));
}

/* setsockopt: the listed options only (TCP_NODELAY is, SO_REUSEADDR is
 * not), on a socket opened before. */
static int
child_setsockopt_other(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	CHECK(10, fd >= 0);
	CHECK(11, install() == 0);
	CHECK(12, setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
			     sizeof(one)) == 0);
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	return 13;
}

static void
test_setsockopt_other_kills(void **state)
{
	(void)state;
	assert_sigsys(run_child(child_setsockopt_other));
}

/* No new thread: clone3 is not on the list (nor clone, but for
 * LeakSanitizer's tracer in sanitizer builds). */
static void *
idle_thread(void *arg)
{
	return arg;
}

static int
child_new_thread(void)
{
	pthread_t t;

	CHECK(10, install() == 0);
	if (pthread_create(&t, NULL, idle_thread, NULL) == 0)
		pthread_join(t, NULL);
	return 11;
}

static void
test_new_thread_kills(void **state)
{
	(void)state;
	assert_sigsys(run_child(child_new_thread));
}

/* ---- refused: opening a file fails, the process lives on ---- */

static char new_path[64];

static int
child_open_new(void)
{
	int fd;

	CHECK(10, install() == 0);
	errno = 0;
	fd = open(new_path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	CHECK(11, fd < 0 && errno == EACCES);
	errno = 0;
	CHECK(12, fopen("/etc/passwd", "r") == NULL && errno == EACCES);
	return 0;
}

static void
test_open_refused(void **state)
{
	struct stat st;

	(void)state;
	if (SANITIZED)
		skip(); /* opens are allowed: reports go to log_path files */
	snprintf(new_path, sizeof(new_path), "/tmp/npecho-sandbox-%ld",
		 (long)getpid());
	unlink(new_path);
	assert_exit_status(run_child(child_open_new), 0);
	assert_int_equal(stat(new_path, &st), -1); /* never created */
}

/* ---- allowed: what the server does after set-up still works ---- */

static int
child_allowed(void)
{
	int p[2], efd = eventfd(0, EFD_NONBLOCK), tcp, one = 1, err = 0;
	struct pollfd pf;
	struct timespec t0, t1;
	socklen_t len = sizeof(err);
	uint64_t v = 7;
	char buf[4] = "";
	void *big;

	CHECK(10, pipe(p) == 0 && efd >= 0);
	tcp = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK(11, tcp >= 0);
	CHECK(12, install() == 0);
	/* a harmless call gives its normal result */
	CHECK(13, write(p[1], "abc", 3) == 3);
	pf.fd = p[0];
	pf.events = POLLIN;
	CHECK(14, poll(&pf, 1, 1000) == 1 && (pf.revents & POLLIN));
	CHECK(15, read(p[0], buf, 3) == 3 && memcmp(buf, "abc", 3) == 0);
	CHECK(16, write(efd, &v, sizeof(v)) == 8);
	v = 0;
	CHECK(17, read(efd, &v, sizeof(v)) == 8 && v == 7);
	CHECK(18, setsockopt(tcp, IPPROTO_TCP, TCP_NODELAY, &one,
			     sizeof(one)) == 0);
	CHECK(19, getsockopt(tcp, SOL_SOCKET, SO_ERROR, &err, &len) == 0);
	CHECK(20, clock_gettime(CLOCK_MONOTONIC, &t0) == 0);
	CHECK(21, getrandom(buf, sizeof(buf), 0) == (ssize_t)sizeof(buf));
	big = malloc(8u << 20); /* mmap, then munmap */
	CHECK(22, big != NULL);
	memset(big, 1, 8u << 20);
	free(big);
	CHECK(23, clock_gettime(CLOCK_MONOTONIC, &t1) == 0);
	CHECK(24, t1.tv_sec > t0.tv_sec ||
	      (t1.tv_sec == t0.tv_sec && t1.tv_nsec >= t0.tv_nsec));
	CHECK(25, close(tcp) == 0 && close(efd) == 0);
	return 0; /* _exit: exit_group */
}

static void
test_allowed_calls(void **state)
{
	(void)state;
	assert_exit_status(run_child(child_allowed), 0);
}

/*
 * The capture thread's queue pattern: 1 MiB chunks malloc'd in the
 * thread's own arena and freed in bursts.  The first time glibc shrinks
 * that arena's heap it opens /proc/sys/vm/overcommit_memory (strace
 * shows it): refused, not killed, so the server lives on.
 */
static int arena_go[2];

static void *
arena_thread(void *arg)
{
	void *p[40];
	int r, i;
	char c;

	(void)arg;
	if (read(arena_go[0], &c, 1) != 1)
		return NULL;
	for (r = 0; r < 5; r++) {
		for (i = 0; i < 40; i++) {
			p[i] = malloc(1u << 20);
			if (p[i])
				memset(p[i], 1, 4096);
		}
		for (i = 39; i >= 0; i--)
			free(p[i]);
	}
	return arg;
}

static int
child_arena(void)
{
	pthread_t t;

	CHECK(10, pipe(arena_go) == 0);
	CHECK(11, pthread_create(&t, NULL, arena_thread, NULL) == 0);
	CHECK(12, install() == 0);
	CHECK(13, write(arena_go[1], "g", 1) == 1);
	CHECK(14, pthread_join(t, NULL) == 0);
	return 0;
}

static void
test_thread_heap_trim(void **state)
{
	(void)state;
	assert_exit_status(run_child(child_arena), 0);
}

/* abort() stays SIGABRT (tgkill of itself), not SIGSYS. */
static int
child_abort(void)
{
	struct rlimit no_core = { 0, 0 };

	setrlimit(RLIMIT_CORE, &no_core);
	CHECK(10, install() == 0);
	abort();
}

static void
test_abort_is_sigabrt(void **state)
{
	int st;

	(void)state;
	st = run_child(child_abort);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGABRT);
}

/* ---- every thread: TSYNC, and a kill takes the whole process ---- */

static int ready[2], go[2], to_thread[2];

/* Waits for the main thread, then makes a forbidden call itself. */
static void *
late_thread(void *arg)
{
	char c;

	(void)arg;
	if (read(to_thread[0], &c, 1) == 1)
		(void)socket(AF_INET, SOCK_DGRAM, 0);
	return NULL;
}

static int
child_threads(void)
{
	pthread_t t;
	char c;

	CHECK(10, pthread_create(&t, NULL, late_thread, NULL) == 0);
	CHECK(11, install() == 0);
	CHECK(12, write(ready[1], "r", 1) == 1);
	CHECK(13, read(go[0], &c, 1) == 1); /* the parent looked at /proc */
	CHECK(14, write(to_thread[1], "s", 1) == 1);
	pthread_join(t, NULL); /* the thread's socket() ends us first */
	return 15;
}

/* Counts pid's threads (*threads) and those whose status shows
 * "Seccomp:\t2" (the return value). */
static int
filtered_threads(pid_t pid, int *threads)
{
	char path[300], line[128];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	*threads = 0;
	snprintf(path, sizeof(path), "/proc/%ld/task", (long)pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		FILE *f;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/task/%s/status",
			 (long)pid, d->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		++*threads;
		while (fgets(line, sizeof(line), f))
			if (!strcmp(line, "Seccomp:\t2\n"))
				n++;
		fclose(f);
	}
	closedir(dir);
	return n;
}

static void
test_every_thread(void **state)
{
	int st = 0, threads = 0, filtered;
	pid_t pid;
	char c;

	(void)state;
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(to_thread), 0);
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(child_threads());
	assert_true(pid > 0);
	close(ready[1]);
	close(go[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	filtered = filtered_threads(pid, &threads);
	assert_int_equal(write(go[1], "g", 1), 1);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(threads, 2);
	assert_int_equal(filtered, 2);
	assert_sigsys(st);
	close(ready[0]);
	close(go[1]);
	close(to_thread[0]);
	close(to_thread[1]);
}

/* ---- sanitizer builds: a report is never lost to the filter ---- */

#if SANITIZED
#include <sanitizer/common_interface_defs.h>

static char report_base[64];

static int
child_asan_report(void)
{
	char *volatile p = malloc(8);
	volatile char c;

	__sanitizer_set_report_path(report_base);
	CHECK(10, p != NULL && install() == 0);
	c = p[8]; /* heap-buffer-overflow: ASan reports, exits 1 */
	(void)c;
	return 11;
}

/* LeakSanitizer's check at exit (a tracer task, ptrace) under the
 * filter: the leak is found and reported. */
static int
child_leak(void)
{
	void *volatile p = malloc(1234);

	__sanitizer_set_report_path(report_base);
	CHECK(10, p != NULL && install() == 0);
	p = NULL;
	exit(0);
}

/* The child's report file: true when it holds want. */
static int
report_has(pid_t pid, const char *want)
{
	char path[96], line[512];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s.%ld", report_base, (long)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, want) != NULL;
	fclose(f);
	unlink(path);
	return found;
}

static void
test_sanitizer_reports(void **state)
{
	const char *opt = getenv("ASAN_OPTIONS");
	int st = 0;
	pid_t pid;

	(void)state;
	snprintf(report_base, sizeof(report_base), "/tmp/npecho-sandbox-rep-%ld",
		 (long)getpid());
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(child_asan_report());
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_exit_status(st, 1);
	assert_true(report_has(pid, "heap-buffer-overflow"));
	if (opt && strstr(opt, "detect_leaks=0"))
		return;
	pid = fork();
	if (pid == 0)
		_exit(child_leak());
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_exit_status(st, 1); /* ASan's exitcode, for leaks too */
	assert_true(report_has(pid, "LeakSanitizer: detected memory leaks"));
}
#else
static void
test_sanitizer_reports(void **state)
{
	(void)state;
	skip(); /* a build without sanitizers */
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_socket_kills),
		cmocka_unit_test(test_execve_kills),
		cmocka_unit_test(test_mmap_exec_kills),
		cmocka_unit_test(test_mprotect_exec_kills),
		cmocka_unit_test(test_setsockopt_other_kills),
		cmocka_unit_test(test_new_thread_kills),
		cmocka_unit_test(test_open_refused),
		cmocka_unit_test(test_allowed_calls),
		cmocka_unit_test(test_thread_heap_trim),
		cmocka_unit_test(test_abort_is_sigabrt),
		cmocka_unit_test(test_every_thread),
		cmocka_unit_test(test_sanitizer_reports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
