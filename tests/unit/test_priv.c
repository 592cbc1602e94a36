/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for util/priv.h.  Each case runs in a forked child (a drop
 * cannot be undone) and needs root; without root every case is skipped.
 * The child checks the kernel's view itself (/proc, getresuid, socket())
 * and exits with the number of the first check that failed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/priv.h"

struct ids {
	uid_t uid;
	gid_t gid;
};

static struct ids
nobody(void)
{
	struct passwd *pw = getpwnam("nobody");
	struct ids id = { 65534, 65534 };

	if (pw) {
		id.uid = pw->pw_uid;
		id.gid = pw->pw_gid;
	}
	return id;
}

/* Sum of the capability masks named in /proc/self/status (0 = none). */
static unsigned long long
proc_caps(const char *names[], size_t n)
{
	char line[256], key[32];
	unsigned long long v, sum = 0;
	size_t i;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return ~0ULL;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%31[^:]:%llx", key, &v) != 2)
			continue;
		for (i = 0; i < n; i++)
			if (!strcmp(key, names[i]))
				sum |= v;
	}
	fclose(f);
	return sum;
}

static unsigned long long
proc_caps_four(void)
{
	const char *n[] = { "CapEff", "CapPrm", "CapInh", "CapAmb" };

	return proc_caps(n, 4);
}

static int
open_raw(void)
{
	return socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
}

/* One ICMP echo request to 127.0.0.1 through fd; true when it left. */
static int
send_ping(int fd)
{
	uint8_t icmp[8] = { 8, 0, 0xf7, 0xfe, 0, 1, 0, 0 };
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sendto(fd, icmp, sizeof(icmp), 0, (struct sockaddr *)&sin,
		      sizeof(sin)) == (ssize_t)sizeof(icmp);
}

static int
ids_all(struct ids want)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	getresuid(&r, &e, &s);
	getresgid(&rg, &eg, &sg);
	return r == want.uid && e == want.uid && s == want.uid &&
	       rg == want.gid && eg == want.gid && sg == want.gid;
}

static int
run_child(int (*fn)(void))
{
	int st = 0;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

#define CHECK(n, cond) do { if (!(cond)) { \
	fprintf(stderr, "# check %d failed: %s\n", n, #cond); return n; } \
	} while (0)

static int
child_root_to_nobody(void)
{
	struct ids nb = nobody();
	struct errbuf eb = { "" };
	const char *bnd[] = { "CapBnd" };
	gid_t groups[8];
	int raw = open_raw();

	CHECK(10, raw >= 0);
	CHECK(11, priv_drop("nobody", &eb) == 0);
	CHECK(12, send_ping(raw));
	errno = 0;
	CHECK(13, open_raw() < 0 && errno == EPERM);
	CHECK(14, socket(AF_PACKET, SOCK_RAW, 0) < 0 && errno == EPERM);
	CHECK(15, ids_all(nb));
	CHECK(16, getgroups(8, groups) == 1 && groups[0] == nb.gid);
	CHECK(17, proc_caps_four() == 0);
	CHECK(18, proc_caps(bnd, 1) == 0); /* we had CAP_SETPCAP */
	CHECK(19, prctl(PR_GET_NO_NEW_PRIVS, 0L, 0L, 0L, 0L) == 1);
	CHECK(20, setuid(0) < 0);
	return 0;
}

static void
test_root_to_nobody(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(run_child(child_root_to_nobody), 0);
}

/* Root without a user becomes nobody too. */
static int
child_root_default_user(void)
{
	struct errbuf eb = { "" };

	CHECK(10, priv_drop(NULL, &eb) == 0);
	CHECK(11, ids_all(nobody()));
	CHECK(12, proc_caps_four() == 0);
	return 0;
}

static void
test_root_default_user(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(run_child(child_root_default_user), 0);
}

/* Sets eff, prm and inh to exactly CAP_NET_RAW and raises it ambient. */
static int
give_net_raw(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	uint32_t bit = 1u << CAP_NET_RAW;

	memset(d, 0, sizeof(d));
	d[0].effective = d[0].permitted = d[0].inheritable = bit;
	if (syscall(SYS_capset, &hdr, d) < 0)
		return -1;
	return prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_RAW, 0L, 0L);
}

/*
 * A non-root process holding CAP_NET_RAW (as with file capabilities or
 * systemd's AmbientCapabilities=) keeps its uid and loses every set.
 */
static int
child_caps_only(void)
{
	struct ids nb = nobody();
	struct errbuf eb = { "" };
	const char *amb[] = { "CapAmb" };
	int raw;

	CHECK(10, prctl(PR_SET_KEEPCAPS, 1L, 0L, 0L, 0L) == 0);
	CHECK(11, setgroups(0, NULL) == 0);
	CHECK(12, setresgid(nb.gid, nb.gid, nb.gid) == 0);
	CHECK(13, setresuid(nb.uid, nb.uid, nb.uid) == 0);
	CHECK(14, give_net_raw() == 0);
	CHECK(15, proc_caps(amb, 1) == (1ULL << CAP_NET_RAW));
	raw = open_raw();
	CHECK(16, raw >= 0); /* the capability really works before */
	CHECK(17, priv_drop(NULL, &eb) == 0);
	CHECK(18, ids_all(nb));
	CHECK(19, proc_caps_four() == 0);
	errno = 0;
	CHECK(20, open_raw() < 0 && errno == EPERM);
	CHECK(21, send_ping(raw));
	return 0;
}

static void
test_caps_only(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(run_child(child_caps_only), 0);
}

static int
child_unknown_user(void)
{
	struct errbuf eb = { "" };

	CHECK(10, priv_drop("no-such-user-npecho-test", &eb) == ERR_INVALID);
	CHECK(11, strstr(eb.msg, "'no-such-user-npecho-test'") != NULL);
	CHECK(12, geteuid() == 0); /* nothing was changed */
	CHECK(13, proc_caps_four() != 0);
	/* uid 0 by name or number is refused, before anything changes */
	CHECK(14, priv_drop("root", &eb) == ERR_INVALID);
	CHECK(15, strstr(eb.msg, "refusing to run as root") != NULL);
	CHECK(16, priv_drop("0", &eb) == ERR_INVALID);
	CHECK(17, geteuid() == 0 && proc_caps_four() != 0);
	return 0;
}

static void
test_unknown_user(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(run_child(child_unknown_user), 0);
}

/* --user as a number, with and without a passwd entry. */
static int
child_numeric(void)
{
	struct ids nb = nobody(), bare = { 54321, 54321 };
	struct errbuf eb = { "" };
	char num[16];
	pid_t pid;
	int st = 0;

	snprintf(num, sizeof(num), "%lu", (unsigned long)nb.uid);
	pid = fork();
	if (pid == 0)
		_exit(priv_drop(num, &eb) == 0 && ids_all(nb) ? 0 : 1);
	CHECK(10, waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		  WEXITSTATUS(st) == 0);
	CHECK(11, getpwuid(bare.uid) == NULL); /* the test's assumption */
	CHECK(12, priv_drop("54321", &eb) == 0);
	CHECK(13, ids_all(bare));
	CHECK(14, proc_caps_four() == 0);
	return 0;
}

static void
test_numeric(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(run_child(child_numeric), 0);
}

/* Already unprivileged: a no-op for itself, an error for someone else. */
static int
child_unprivileged(void)
{
	struct ids nb = nobody();
	struct errbuf eb = { "" };

	CHECK(10, setgroups(0, NULL) == 0);
	CHECK(11, setresgid(nb.gid, nb.gid, nb.gid) == 0);
	CHECK(12, setresuid(nb.uid, nb.uid, nb.uid) == 0);
	CHECK(13, !priv_is_privileged());
	CHECK(14, priv_drop(NULL, &eb) == 0);
	CHECK(15, priv_drop("nobody", &eb) == 0);
	CHECK(16, priv_drop("daemon", &eb) == ERR_SYS);
	CHECK(17, strstr(eb.msg, "setgroups") != NULL);
	CHECK(18, ids_all(nb));
	return 0;
}

static void
test_unprivileged(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(run_child(child_unprivileged), 0);
}

static void
test_caps_read(void **state)
{
	struct priv_caps c;
	const char *eff[] = { "CapEff" };

	(void)state;
	assert_int_equal(priv_caps_read(&c, NULL), 0);
	assert_true(c.eff == proc_caps(eff, 1));
	assert_true((c.eff & ~c.prm) == 0); /* effective is within permitted */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_to_nobody),
		cmocka_unit_test(test_root_default_user),
		cmocka_unit_test(test_caps_only),
		cmocka_unit_test(test_unknown_user),
		cmocka_unit_test(test_numeric),
		cmocka_unit_test(test_unprivileged),
		cmocka_unit_test(test_caps_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
