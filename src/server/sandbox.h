/* SPDX-License-Identifier: MIT */
/*
 * server/sandbox.h: the echo server's seccomp system call filter.
 *
 * The server is meant to face the internet: it parses what anyone sends
 * to its port and every packet its interfaces carry.  Once its sockets
 * and captures are open and its privileges dropped (util/priv.h), it
 * needs only a few dozen system calls on the descriptors it already
 * holds, and none that opens anything.  The filter keeps it to those, so
 * a bug turned into code execution still cannot open a file or a
 * socket, run a program, map executable memory or trace a process.
 *
 * What is allowed (sandbox.c has the table and the reason for each):
 *   - reading and writing the descriptors it holds (side channels, the
 *     eventfds, stdout, the -w file), closing them, accept4 on its
 *     listeners, epoll and poll;
 *   - setsockopt and getsockopt of the few options the server and
 *     libpcap use at run time (TCP_NODELAY, SO_LINGER, SO_ATTACH_FILTER,
 *     PACKET_RX_RING, PACKET_STATISTICS, SO_ERROR), getsockname and the
 *     SIOCGIFFLAGS ioctl libpcap makes when a captured interface goes
 *     down, stdio's isatty (TCGETS);
 *   - memory (brk, mmap and mprotect without PROT_EXEC, munmap, mremap,
 *     madvise), futex, clocks, getrandom, signal return and masks, and
 *     exiting (a thread, the process, abort()).
 * Opening a file (open, openat, stat of a path...) fails with EACCES
 * instead of killing: glibc's malloc and libpcap read optional files
 * lazily and do without them.  Anything else kills the whole process
 * (SIGSYS; the kernel logs it as an audit record, type=1326).
 *
 * Sanitizer builds (ASan+UBSan) also allow what their runtime needs to
 * write a report and to look for leaks at exit (sandbox.c).
 */
#ifndef NPECHO_SERVER_SANDBOX_H
#define NPECHO_SERVER_SANDBOX_H

#include "util/err.h"

/*
 * Installs the filter on every thread of the process (SECCOMP_FILTER_
 * FLAG_TSYNC): call it after the last thread was started and after the
 * privilege drop.  It sets no_new_privs (priv_drop already has), so no
 * capability is needed.  It cannot be undone.  Afterwards
 * /proc/PID/status and /proc/PID/task/TID/status show "Seccomp: 2".
 * Returns 0, or ERR_SYS with the step and the reason in eb (a kernel
 * without seccomp, a thread that could not be synchronised, out of
 * memory); then nothing was installed.  Prints nothing.
 */
int srv_sandbox_install(struct errbuf *eb);

#endif
