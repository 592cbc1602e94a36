/* SPDX-License-Identifier: MIT */
/*
 * priv.c: dropping root and capabilities after the sockets are open.
 *
 * No libcap: the three capability sets are written with the raw capset
 * syscall (version 3, two 32-bit words per set), the bounding and ambient
 * sets and securebits with prctl().  The order matters: everything that
 * needs CAP_SETPCAP (securebits, bounding set) happens while we are still
 * privileged, the uid change comes next (the kernel clears the permitted
 * and effective sets of a process leaving uid 0), and capset() then clears
 * what a non-root process with file capabilities still holds.
 */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/priv.h"

#define PRIV_PWBUF 16384
#define PRIV_MAX_CAP 63 /* the sets are 64 bits wide */

struct priv_target {
	uid_t uid;
	gid_t gid;
	bool change; /* setgroups/setresgid/setresuid needed */
};

static int
sys_fail(struct errbuf *eb, const char *step)
{
	errbuf_set(eb, "dropping privileges: %s: %s", step, strerror(errno));
	return ERR_SYS;
}

static bool
ids_are(uid_t uid, gid_t gid)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0)
		return false;
	return r == uid && e == uid && s == uid && rg == gid && eg == gid &&
	       sg == gid;
}

static bool
is_root(void)
{
	uid_t r, e, s;

	if (getresuid(&r, &e, &s) < 0)
		return true; /* cannot tell: assume the worst */
	return r == 0 || e == 0 || s == 0;
}

/* True, with *uid set, when user is a number (at most 9 digits). */
static bool
numeric_uid(const char *user, uid_t *uid)
{
	unsigned long v = 0;
	const char *p;

	if (!*user || strlen(user) > 9)
		return false;
	for (p = user; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	*uid = (uid_t)v;
	return true;
}

/*
 * Looks user up by name, or as a number (its passwd entry's group, or
 * the same number as gid when it has none, as in bare containers).
 */
static int
lookup_user(const char *user, struct priv_target *t, struct errbuf *eb)
{
	struct passwd pw, *res = NULL;
	char *buf = malloc(PRIV_PWBUF);
	bool num;
	int rc;

	if (!buf)
		return ERR_NOMEM;
	num = numeric_uid(user, &t->uid);
	if (num)
		rc = getpwuid_r(t->uid, &pw, buf, PRIV_PWBUF, &res);
	else
		rc = getpwnam_r(user, &pw, buf, PRIV_PWBUF, &res);
	if (res) {
		t->uid = pw.pw_uid;
		t->gid = pw.pw_gid;
		rc = 0;
	} else if (num) {
		t->gid = (gid_t)t->uid;
		rc = 0;
	} else {
		errbuf_set(eb, "--user: %s: '%s'",
			   rc ? strerror(rc) : "no such user", user);
		rc = ERR_INVALID;
	}
	free(buf);
	return rc;
}

/* Who we become.  Root without a user becomes PRIV_DEFAULT_USER. */
static int
pick_target(const char *user, struct priv_target *t, struct errbuf *eb)
{
	int rc;

	t->uid = geteuid();
	t->gid = getegid();
	t->change = false;
	if (!user && !is_root())
		return 0;
	if ((rc = lookup_user(user ? user : PRIV_DEFAULT_USER, t, eb)) < 0)
		return rc;
	if (t->uid == 0) {
		/* Root keeps what the drop is for: files, ptrace, kill. */
		errbuf_set(eb, "--user: refusing to run as root (uid 0): '%s'",
			   user ? user : PRIV_DEFAULT_USER);
		return ERR_INVALID;
	}
	t->change = is_root() || !ids_are(t->uid, t->gid);
	return 0;
}

/*
 * Steps that need CAP_SETPCAP: lock root's special treatment off for any
 * later execve and empty the bounding set.  An EPERM means we never had
 * the capability (a non-root process with file capabilities, a container):
 * then there is nothing we may do about it, and nothing to fail for.
 */
static void
drop_setpcap_things(void)
{
	unsigned long bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
			     SECBIT_NO_CAP_AMBIENT_RAISE |
			     SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
	int cap;

	(void)prctl(PR_SET_SECUREBITS, bits, 0, 0, 0);
	for (cap = 0; cap <= PRIV_MAX_CAP; cap++) {
		int in = prctl(PR_CAPBSET_READ, (unsigned long)cap, 0, 0, 0);

		if (in < 0)
			break; /* EINVAL: past the kernel's last capability */
		if (in == 1 && prctl(PR_CAPBSET_DROP, (unsigned long)cap, 0,
				     0, 0) < 0)
			break;
	}
}

static int
switch_ids(const struct priv_target *t, struct errbuf *eb)
{
	gid_t gid = t->gid;

	if (prctl(PR_SET_KEEPCAPS, 0L, 0L, 0L, 0L) < 0)
		return sys_fail(eb, "PR_SET_KEEPCAPS");
	if (!t->change)
		return 0;
	if (setgroups(1, &gid) < 0)
		return sys_fail(eb, "setgroups");
	if (setresgid(t->gid, t->gid, t->gid) < 0)
		return sys_fail(eb, "setresgid");
	if (setresuid(t->uid, t->uid, t->uid) < 0)
		return sys_fail(eb, "setresuid");
	return 0;
}

static int
clear_cap_sets(struct errbuf *eb)
{
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[2];

	memset(&hdr, 0, sizeof(hdr));
	memset(data, 0, sizeof(data));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	hdr.pid = 0;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return sys_fail(eb, "capset");
	return 0;
}

/* The proof: what the kernel reports, not what we think we did. */
static int
verify(const struct priv_target *t, struct errbuf *eb)
{
	struct priv_caps c;
	int rc;

	if ((rc = priv_caps_read(&c, eb)) < 0)
		return rc;
	if (c.eff || c.prm || c.inh || c.amb) {
		errbuf_set(eb, "dropping privileges: capabilities left: "
			   "CapEff=%llx CapPrm=%llx CapInh=%llx CapAmb=%llx",
			   (unsigned long long)c.eff, (unsigned long long)c.prm,
			   (unsigned long long)c.inh, (unsigned long long)c.amb);
		return ERR_SYS;
	}
	if (!ids_are(t->uid, t->gid)) {
		errbuf_set(eb, "dropping privileges: ids did not change to "
			   "%lu:%lu", (unsigned long)t->uid,
			   (unsigned long)t->gid);
		return ERR_SYS;
	}
	if (t->uid != 0 && setuid(0) == 0) {
		errbuf_set(eb, "dropping privileges: root could be regained");
		return ERR_SYS;
	}
	if (prctl(PR_GET_NO_NEW_PRIVS, 0L, 0L, 0L, 0L) != 1)
		return sys_fail(eb, "PR_GET_NO_NEW_PRIVS");
	return 0;
}

int
priv_drop(const char *user, struct errbuf *eb)
{
	struct priv_target t;
	int rc;

	if ((rc = pick_target(user, &t, eb)) < 0)
		return rc;
	drop_setpcap_things();
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0L, 0L, 0L) < 0 &&
	    errno != EINVAL) /* EINVAL: a kernel without ambient sets */
		return sys_fail(eb, "PR_CAP_AMBIENT_CLEAR_ALL");
	if ((rc = switch_ids(&t, eb)) < 0)
		return rc;
	if ((rc = clear_cap_sets(eb)) < 0)
		return rc;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) < 0)
		return sys_fail(eb, "PR_SET_NO_NEW_PRIVS");
	return verify(&t, eb);
}

/* Parses "Cap???:\t<hex>" into *v when the line has this name. */
static void
caps_line(const char *line, const char *name, uint64_t *v, unsigned *seen,
	  unsigned bit)
{
	size_t n = strlen(name);
	char *end;
	unsigned long long x;

	if (strncmp(line, name, n) != 0 || line[n] != ':')
		return;
	errno = 0;
	x = strtoull(line + n + 1, &end, 16);
	if (errno || end == line + n + 1)
		return;
	*v = x;
	*seen |= bit;
}

int
priv_caps_read(struct priv_caps *out, struct errbuf *eb)
{
	char line[256];
	unsigned seen = 0;
	FILE *f;

	memset(out, 0, sizeof(*out));
	f = fopen("/proc/thread-self/status", "re");
	if (!f)
		f = fopen("/proc/self/status", "re");
	if (!f) {
		errbuf_set(eb, "/proc/self/status: %s", strerror(errno));
		return ERR_SYS;
	}
	while (fgets(line, sizeof(line), f)) {
		caps_line(line, "CapInh", &out->inh, &seen, 1);
		caps_line(line, "CapPrm", &out->prm, &seen, 2);
		caps_line(line, "CapEff", &out->eff, &seen, 4);
		caps_line(line, "CapBnd", &out->bnd, &seen, 8);
		caps_line(line, "CapAmb", &out->amb, &seen, 16);
	}
	fclose(f);
	if ((seen & 0x17) != 0x17) { /* CapBnd is not required */
		errbuf_set(eb, "/proc/self/status: capability lines missing");
		return ERR_INVALID;
	}
	return 0;
}

bool
priv_is_privileged(void)
{
	struct priv_caps c;

	if (is_root())
		return true;
	if (priv_caps_read(&c, NULL) < 0)
		return true; /* cannot tell: assume the worst */
	return c.eff != 0 || c.prm != 0;
}
