/* SPDX-License-Identifier: MIT */
/*
 * server/sandbox.c: the echo server's seccomp filter (sandbox.h), built
 * with libseccomp.
 *
 * The allow-list is what the event loop and the capture thread do once
 * set-up is over, read from the code (server/, net/capture.c, libevent's
 * epoll and signal code, libpcap's TPACKET_V2 reader, glibc's malloc and
 * threads, OpenSSL's DRBG) and measured: strace -f of the servers the
 * server, hostile, interop and analysis lab tests start, from the
 * privilege drop on; then the same tests with NPECHO_SECCOMP_LOG (below),
 * plain and sanitizer builds, until the kernel logged nothing.  Each
 * group below says who needs it.
 *
 * The busy calls (sendto, recvfrom, epoll_wait, poll, read, write) are
 * allowed whatever their arguments: the kernel then remembers the verdict
 * per system call and runs no filter for them at all.
 *
 * Installed with SECCOMP_FILTER_FLAG_TSYNC after the capture thread was
 * started, not before: a filter inherited through pthread_create would
 * have to allow clone, and with it new threads for the whole life of the
 * server.  The new thread may still be in glibc's start-up when the
 * filter arrives, so its first calls (rseq, set_robust_list, the signal
 * mask) are on the list.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <seccomp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/sandbox.h"

#ifndef __has_feature
#define __has_feature(x) 0
#endif
/* gcc defines __SANITIZE_ADDRESS__, clang has the feature test.  A build
 * with UBSan alone is not recognised (neither compiler says so) and could
 * lose its reports; make asan builds both together. */
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define SB_SANITIZER 1
#else
#define SB_SANITIZER 0
#endif

/*
 * -DNPECHO_SECCOMP_LOG (make CFLAGS="-O2 -g -DNPECHO_SECCOMP_LOG"): the
 * filter logs what it would kill or refuse instead, as audit records in
 * dmesg ("type=1326 ... syscall=N"), to measure what a change needs.
 * Never for a build that is run for real.
 */
#ifdef NPECHO_SECCOMP_LOG
#define SB_DEFAULT SCMP_ACT_LOG
#else
#define SB_DEFAULT SCMP_ACT_KILL_PROCESS
#endif
/* File system look-ups (sb_fs): see there. */
#if SB_SANITIZER
#define SB_FS SCMP_ACT_ALLOW
#elif defined(NPECHO_SECCOMP_LOG)
#define SB_FS SCMP_ACT_LOG
#else
#define SB_FS SCMP_ACT_ERRNO(EACCES)
#endif

/* An int argument: the x86-64 ABI leaves a register's upper half
 * undefined, so only the low 32 bits are compared. */
#define SB_INT(a, v) { (a), SCMP_CMP_MASKED_EQ, 0xffffffffu, (uint64_t)(v) }
/* No PROT_EXEC in argument 2 (mmap, mprotect). */
#define SB_NOEXEC { 2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0 }

/* Allowed whatever the arguments. */
static const int sb_any[] = {
	/* The descriptors set-up opened: side channels (recv/send), the
	 * eventfds between the threads, libevent's signal socketpair,
	 * stdout and the -w file (stdio); close at shutdown and per
	 * connection.  accept4: new side channels.  getsockname: libpcap
	 * asks whether a capture's interface still exists after ENETDOWN.
	 * fstat: stdio (and see newfstatat in sb_args). */
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(recvfrom),
	SCMP_SYS(sendto), SCMP_SYS(close), SCMP_SYS(accept4),
	SCMP_SYS(getsockname), SCMP_SYS(fstat),
	/* libevent's epoll backend (the loop), poll (the capture thread and
	 * libpcap's error check in pcap_dispatch). */
	SCMP_SYS(epoll_wait), SCMP_SYS(epoll_ctl), SCMP_SYS(poll),
	/* The capture thread's nap between batches while frames come
	 * (capthread.c CAPTHREAD_NAP_NS): glibc's nanosleep. */
	SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep),
	/* Memory: glibc malloc (a second arena for the capture thread,
	 * malloc_trim once a second), libpcap unmapping its ring at exit,
	 * the capture thread's stack released when it ends. */
	SCMP_SYS(brk), SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise),
	/* Threads: the queue's wake-ups, pthread_join, the new thread's
	 * start-up (see above) and its end. */
	SCMP_SYS(futex), SCMP_SYS(set_robust_list), SCMP_SYS(rseq),
	SCMP_SYS(exit),
	/* Time: the vDSO answers these; the system calls are its fallback.
	 * getrandom: nonces (OpenSSL's DRBG reseeds), getpid: the DRBG's
	 * fork check on every RAND_bytes, and abort() with gettid (tgkill
	 * is in sb_add_args).  uname: libpcap's message for a corrupted
	 * ring frame. */
	SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday), SCMP_SYS(time),
	SCMP_SYS(getrandom), SCMP_SYS(getpid), SCMP_SYS(gettid),
	SCMP_SYS(uname),
	/* Signals: libevent's handlers (SIGINT, SIGTERM) return through
	 * rt_sigreturn and are reset at shutdown; the thread's mask;
	 * restart_syscall after a stop (SIGSTOP/SIGCONT, a debugger). */
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(rt_sigaction), SCMP_SYS(restart_syscall),
	SCMP_SYS(exit_group),
};

struct sb_rule {
	int nr;
	unsigned n;                 /* comparisons in cmp, all must hold */
	struct scmp_arg_cmp cmp[2];
};

/* Allowed with these arguments only. */
static const struct sb_rule sb_args[] = {
	/* Memory, but never executable. */
	{ SCMP_SYS(mmap), 1, { SB_NOEXEC } },
	{ SCMP_SYS(mprotect), 1, { SB_NOEXEC } },
	/* conn.c: TCP_NODELAY on each side channel, SO_LINGER 0 to reset
	 * one; capture_gate() shuts and reopens the captures' kernel
	 * filters as sessions start and end; pcap_close() tears the ring
	 * down at exit. */
	{ SCMP_SYS(setsockopt), 2,
	  { SB_INT(1, IPPROTO_TCP), SB_INT(2, TCP_NODELAY) } },
	{ SCMP_SYS(setsockopt), 2,
	  { SB_INT(1, SOL_SOCKET), SB_INT(2, SO_LINGER) } },
	{ SCMP_SYS(setsockopt), 2,
	  { SB_INT(1, SOL_SOCKET), SB_INT(2, SO_ATTACH_FILTER) } },
	{ SCMP_SYS(setsockopt), 2,
	  { SB_INT(1, SOL_PACKET), SB_INT(2, PACKET_RX_RING) } },
	/* pcap_stats() for the summary; libpcap reads a capture socket's
	 * error when poll reports one. */
	{ SCMP_SYS(getsockopt), 2,
	  { SB_INT(1, SOL_PACKET), SB_INT(2, PACKET_STATISTICS) } },
	{ SCMP_SYS(getsockopt), 2,
	  { SB_INT(1, SOL_SOCKET), SB_INT(2, SO_ERROR) } },
	/* libpcap: is a capture's interface up again after ENETDOWN?
	 * stdio: is stdout a terminal, when first used after set-up. */
	{ SCMP_SYS(ioctl), 1, { { 1, SCMP_CMP_EQ, SIOCGIFFLAGS, 0 } } },
	{ SCMP_SYS(ioctl), 1, { { 1, SCMP_CMP_EQ, TCGETS, 0 } } },
	/* fstat() of a descriptor (glibc: newfstatat with an empty path and
	 * AT_EMPTY_PATH), by stdio on first use.  A path with the flag
	 * would get through too: that shows metadata of a file, not it. */
	{ SCMP_SYS(newfstatat), 1,
	  { { 3, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH } } },
};

/*
 * File system look-ups: refused with EACCES rather than killed, because
 * libraries try optional files lazily and do without them: glibc's
 * malloc reads /proc/sys/vm/overcommit_memory the first time it shrinks
 * the capture thread's heap (1 MiB queue chunks), libpcap reads sysfs
 * counters in pcap_stats() for a promiscuous capture.  A refused open
 * gives nothing either way.  (OpenSSL reads its configuration before the
 * filter is installed: nep_crypto_preload().)
 */
static const int sb_fs[] = {
	SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(openat2), SCMP_SYS(creat),
	SCMP_SYS(stat), SCMP_SYS(lstat), SCMP_SYS(statx), SCMP_SYS(access),
	SCMP_SYS(faccessat), SCMP_SYS(faccessat2), SCMP_SYS(readlink),
	SCMP_SYS(readlinkat),
};

static int
sb_fail(struct errbuf *eb, const char *step, int rc)
{
	errbuf_set(eb, "seccomp filter: %s: %s", step, strerror(-rc));
	return ERR_SYS;
}

static int
sb_add_list(scmp_filter_ctx ctx, uint32_t action, const int *nr, size_t n,
	    struct errbuf *eb)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = seccomp_rule_add(ctx, action, nr[i], 0)) < 0)
			return sb_fail(eb, "adding a rule", rc);
	return 0;
}

static int
sb_add_args(scmp_filter_ctx ctx, struct errbuf *eb)
{
	/* abort(): raise(SIGABRT) is tgkill of this very process; keep a
	 * failed assertion a SIGABRT with its core, not a SIGSYS. */
	struct scmp_arg_cmp self = SB_INT(0, getpid());
	size_t i;
	int rc;

	for (i = 0; i < sizeof(sb_args) / sizeof(sb_args[0]); i++) {
		rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, sb_args[i].nr,
					    sb_args[i].n, sb_args[i].cmp);
		if (rc < 0)
			return sb_fail(eb, "an argument rule", rc);
	}
	rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
				    &self);
	return rc < 0 ? sb_fail(eb, "tgkill", rc) : 0;
}

#if SB_SANITIZER
/*
 * Sanitizer builds only (make asan; never installed): what the runtime
 * needs so that no report is lost.  A report opens its log_path file
 * (the file system calls are allowed in these builds), reads
 * /proc/self/maps and the binaries to symbolize, and writes.
 * LeakSanitizer runs at every exit: it clones a tracer task (exactly
 * these flags; pthread_create uses clone3 and stays forbidden), makes the
 * process dumpable and lets the tracer ptrace it (prctl), lists
 * /proc/self/task, attaches to and stops every thread, waits, yields.
 * ASan gives each thread an alternate signal stack, also at its end, and
 * reads the new thread's stack bounds with pthread_getattr_np, which asks
 * sched_getaffinity: the capture thread may still be starting when the
 * filter arrives (test_every_thread lost that race about one run in two).
 */
static const int sb_san[] = {
	SCMP_SYS(ptrace), SCMP_SYS(wait4), SCMP_SYS(prctl),
	SCMP_SYS(sched_yield), SCMP_SYS(getdents), SCMP_SYS(getdents64),
	SCMP_SYS(lseek), SCMP_SYS(sigaltstack), SCMP_SYS(getppid),
	SCMP_SYS(fcntl), SCMP_SYS(sched_getaffinity),
};

static int
sb_add_sanitizer(scmp_filter_ctx ctx, struct errbuf *eb)
{
	struct scmp_arg_cmp tracer = { 0, SCMP_CMP_EQ,
		CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_UNTRACED, 0 };
	int rc;

	rc = sb_add_list(ctx, SCMP_ACT_ALLOW, sb_san,
			 sizeof(sb_san) / sizeof(sb_san[0]), eb);
	if (rc < 0)
		return rc;
	rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
				    &tracer);
	return rc < 0 ? sb_fail(eb, "clone", rc) : 0;
}
#else
static int
sb_add_sanitizer(scmp_filter_ctx ctx, struct errbuf *eb)
{
	(void)ctx;
	(void)eb;
	return 0;
}
#endif

/* Paths: refused (stat of a descriptor is in sb_args), or in a measuring
 * or sanitizer build let through (see there). */
static int
sb_add_fs(scmp_filter_ctx ctx, uint32_t action, struct errbuf *eb)
{
	struct scmp_arg_cmp path = { 3, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, 0 };
	int rc;

	if (action == SB_DEFAULT)
		return 0; /* measuring: libseccomp refuses a redundant rule */
	rc = sb_add_list(ctx, action, sb_fs, sizeof(sb_fs) / sizeof(sb_fs[0]),
			 eb);
	if (rc < 0)
		return rc;
	rc = seccomp_rule_add_array(ctx, action, SCMP_SYS(newfstatat), 1,
				    &path);
	return rc < 0 ? sb_fail(eb, "newfstatat", rc) : 0;
}

int
srv_sandbox_install(struct errbuf *eb)
{
	scmp_filter_ctx ctx = seccomp_init(SB_DEFAULT);
	int rc;

	if (!ctx) {
		errbuf_set(eb, "seccomp filter: not available (a kernel "
			   "without seccomp or older than 4.14, or valgrind)");
		return ERR_SYS;
	}
	/* Real errno values from the kernel; a 32-bit or x32 system call
	 * is as forbidden as an unlisted one. */
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1)) < 0 ||
	    (rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
				   SB_DEFAULT)) < 0 ||
	    (rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1)) < 0) {
		rc = sb_fail(eb, "attributes", rc);
		goto out;
	}
	rc = sb_add_list(ctx, SCMP_ACT_ALLOW, sb_any,
			 sizeof(sb_any) / sizeof(sb_any[0]), eb);
	if (rc == 0)
		rc = sb_add_args(ctx, eb);
	if (rc == 0)
		rc = sb_add_fs(ctx, SB_FS, eb);
	if (rc == 0)
		rc = sb_add_sanitizer(ctx, eb);
	if (rc < 0)
		goto out;
	if ((rc = seccomp_load(ctx)) < 0)
		rc = sb_fail(eb, "loading it", rc);
out:
	seccomp_release(ctx);
	return rc;
}
