/* SPDX-License-Identifier: MIT */
/*
 * priv.h: give up root and every capability once the raw sockets and
 * pcap handles are open (STYLE.md rule 9).
 *
 * Descriptors opened before priv_drop() keep working (Linux checks
 * CAP_NET_RAW when a raw or packet socket is created, not when it is
 * used); opening a new one afterwards fails with EPERM.
 *
 * Call it from the main thread before any other thread exists: the
 * capability sets and no_new_privs are per thread.
 */
#ifndef NPECHO_UTIL_PRIV_H
#define NPECHO_UTIL_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

/* The user a root process becomes when --user is not given. */
#define PRIV_DEFAULT_USER "nobody"

/* Capability sets as the kernel shows them in /proc/.../status. */
struct priv_caps {
	uint64_t inh; /* CapInh */
	uint64_t prm; /* CapPrm */
	uint64_t eff; /* CapEff */
	uint64_t bnd; /* CapBnd */
	uint64_t amb; /* CapAmb */
};

/*
 * Drops privileges for good:
 *  - user (borrowed, may be NULL) is looked up first, by name or as a
 *    numeric uid (a uid without a passwd entry takes the same number as
 *    its gid); a root process with user NULL becomes PRIV_DEFAULT_USER.  A process that is not root and
 *    has user NULL keeps its identity.  Naming the current user is fine;
 *    a user whose uid is 0 is refused (ERR_INVALID): staying root would
 *    keep what the drop is for.
 *  - while CAP_SETPCAP is still there: root's special treatment is locked
 *    off (securebits) and the bounding set is emptied; both are skipped
 *    quietly where the kernel does not allow them (containers).
 *  - the ambient set is cleared, then setgroups() to the user's primary
 *    group only, setresgid() and setresuid() to the user (all three ids).
 *  - capset() empties the effective, permitted and inheritable sets, and
 *    PR_SET_NO_NEW_PRIVS is set.
 *  - finally /proc/thread-self/status must show CapEff, CapPrm, CapInh
 *    and CapAmb all 0, and the real, effective and saved ids must be the
 *    user's.
 * Returns 0, ERR_INVALID (unknown user or uid 0, with its name in eb), or ERR_SYS
 * (a step failed or the check did not hold; the step and errno text are in
 * eb).  After an ERR_SYS the process may be half-dropped: the caller must
 * exit.  Prints nothing.
 */
int priv_drop(const char *user, struct errbuf *eb);

/*
 * Reads the calling thread's capability sets from /proc.  Returns 0, or
 * ERR_SYS when /proc cannot be read, ERR_INVALID when a line is missing.
 */
int priv_caps_read(struct priv_caps *out, struct errbuf *eb);

/* True when the process runs as root (any of its uids is 0) or holds any
 * effective or permitted capability. */
bool priv_is_privileged(void);

#endif
