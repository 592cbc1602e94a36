/* SPDX-License-Identifier: MIT */
/*
 * nodelay_shim.c: LD_PRELOAD probe for bench/echo_load.sh.  Wraps
 * accept4() and turns on TCP_NODELAY on every accepted TCP socket, to show
 * what the echo server's latency is without Nagle's algorithm (a what-if
 * row of the table; src/ is not changed).
 */
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

int accept4(int fd, struct sockaddr *sa, socklen_t *sl, int flags);

int
accept4(int fd, struct sockaddr *sa, socklen_t *sl, int flags)
{
	int (*real)(int, struct sockaddr *, socklen_t *, int);
	int one = 1, cfd;

	*(void **)&real = dlsym(RTLD_NEXT, "accept4");
	if (!real)
		return -1;
	cfd = real(fd, sa, sl, flags);
	if (cfd >= 0)
		(void)setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return cfd;
}
