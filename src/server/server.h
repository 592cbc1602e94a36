/* SPDX-License-Identifier: MIT */
/*
 * server/server.h: the NEP echo server mode (npecho --echo-server PASS).
 *
 * Listens for NEP side channels on TCP --echo-port (default 9929), IPv4
 * and IPv6 (two sockets; only the -S address when given), captures every
 * IP packet on every interface that has an address (or on -e IFACE), and
 * echoes each captured packet to the one live session whose PacketSpec
 * scores it best (NEP-NOTES §8.4).  With the reply-echo extension agreed
 * (doc/nep-extensions.md) the server host's own replies to a session's
 * probes are echoed to it too.  Payloads are zeroed before echoing unless
 * cfg->safe_payloads is false (--include-payloads).
 *
 * Limits (struct config): max_sessions, max_sessions_per_addr,
 * handshake_timeout_ns, idle_timeout_ns, echo_budget.  Each session's send
 * queue is bounded (SERVER_QUEUE_MAX): echoes that do not fit are dropped
 * and counted, never buffered without end.
 */
#ifndef NPECHO_SERVER_SERVER_H
#define NPECHO_SERVER_SERVER_H

#include <stdint.h>

#include "cli/config.h"

/* Bytes of NEP output a session may hold unwritten. */
#define SERVER_QUEUE_MAX (256u * 1024u)

/*
 * Runs the echo server until SIGINT/SIGTERM (or, with --once, until the
 * first connection ends), then prints the summary block.  start_ns is
 * sched_clock_ns() at program start.  Returns the exit status: 0 (normal
 * end, --once, or SIGTERM), EXIT_INTERRUPTED (SIGINT), EXIT_USAGE (bad
 * -e, -S or passphrase file), EXIT_FAILURE_STATUS (cannot listen or
 * capture).  Prints its own messages.
 */
int echo_server_run(const struct config *cfg, uint64_t start_ns);

#endif
