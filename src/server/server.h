/* SPDX-License-Identifier: MIT */
/*
 * server/server.h: the NEP echo server mode (npecho --echo-server PASS).
 *
 * Listens for NEP side channels on TCP --echo-port (default 9929), IPv4
 * and IPv6 (two sockets; only the -S address when given), captures every
 * IP packet on every interface that has an address (or on -e IFACE), and
 * echoes each captured packet to the one live session whose PacketSpec
 * scores it best (doc/nep.md §8.4).  With the reply-echo extension agreed
 * (doc/nep-extensions.md) the server host's own replies to a session's
 * probes are echoed to it too.  Payloads are zeroed before echoing unless
 * cfg->safe_payloads is false (--include-payloads).
 *
 * Scheduling: the server sets itself to nice -10 while still privileged
 * (server.c SRV_NICE: a starved server loses probes from its capture
 * ring); without CAP_SYS_NICE it keeps the priority it inherited.
 *
 * Forwarding hosts: a probe captured on two interfaces (entering and
 * leaving, TTL one apart) is echoed once (server/dedup.h).
 *
 * Privileges: once the captures and listeners are open the process
 * becomes --user (a root process without --user becomes nobody) with no
 * capability left (util/priv.h); nothing later needs more.  Then, with
 * the capture thread running, a seccomp filter confines both threads to
 * the system calls the loop and the capture thread make on what they
 * hold (server/sandbox.h): a forbidden one kills the process (SIGSYS),
 * opening a file fails; /proc/PID/status shows "Seccomp: 2".  A server
 * that cannot install it does not start (EXIT_FAILURE_STATUS) unless
 * --no-seccomp (cfg->no_seccomp, for valgrind) turns it off.
 *
 * Limits (struct config): before authentication, a pool of its own
 * (max_handshakes, a sixteenth per source, the idlest closed to make
 * room) and a handshake rate per source (handshake_rate; server/admit.h);
 * once authenticated, max_sessions, max_sessions_per_addr and
 * max_sessions_per_net (a client over one gets a NEP_ERROR naming it);
 * handshake_timeout_ns (accept to READY, one deadline), idle_timeout_ns
 * (no input and no echo for that long once live), echo_budget (0: derived
 * from the spec's probe count, see srv_echo_budget; never above
 * SRV_BUDGET_MAX).  Each session's send queue is bounded
 * (SERVER_QUEUE_MAX): echoes that do not fit are dropped and counted,
 * never buffered without end.
 *
 * Capture: the kernel filter follows the live sessions (nothing with none;
 * else packets received from a client address, and this host's replies to
 * reply-echo clients: srv_filter_sessions), so unrelated traffic never
 * reaches user space.  Clients on loopback or this host's addresses are
 * refused unless allow_local_clients.
 *
 * Address policy (deviation from nping, whose matcher ignores addresses):
 * a captured packet is offered only to sessions whose client address (the
 * side channel's peer as accept() saw it, i.e. after NAT) is the packet's
 * source; a reply echo, only to those whose address is its destination.
 * A client cannot get other hosts' packets with a PacketSpec that matches
 * them (doc/nep-extensions.md "Server policy").  A packet two sessions
 * score equally goes to neither (nping: the later session).
 *
 * Hostile clients: a session whose full send queue took no byte for
 * SRV_STALL_NS is reset; log lines are rate limited per kind (table.h,
 * srv_ratelimit) with "(suppressed {n} similar lines: {kind})" once a
 * second; freed heap is trimmed once a second after sessions ended.
 *
 * Payloads: erased by default, as nping's server does (doc/nep.md §9), so a
 * client never learns application data of other hosts' packets that happen
 * to match its spec; --include-payloads turns that off.  (The default rests
 * on cfg->safe_payloads being true unless --include-payloads was given.)
 *
 * Lines on stdout ("[{unix}] " = time(NULL)), nping's shapes plus reasons:
 *   0 Packet capture will be performed using network interface{s} {if,..}.
 *   0 Waiting for connections...
 *   1 Server bound to {ip}:{port}              (one per listener)
 *   0 [t] Connection received from {ip}:{port}  ([v6]:port for IPv6)
 *   1 [t] Client #{n} ({peer}) authenticated[ (extension: reply echo)]
 *   2 [t] Good packet specification received from client #{n}
 *         (Specs={n},IP={4|6},Proto={p},Cnt={count})
 *   1 [t] NEP handshake with client #{n} ({peer}) was performed successfully
 *   1 [t] Couldn't establish NEP session with client #{n} ({peer}).
 *   0 [t] Client #{n} ({peer}) disconnected ({reason}[; echoed {n} ({n}
 *         replies), dropped {n} queue-full, {n} over budget])
 *   1 [t] Client #{n} ({peer}): echo budget of {n} packets used up
 *   1 Forwarded copies not echoed again: {n}   (on exit, when any)
 *   -d2: one line per echo.  On exit: the summary block (STATS_ECHO_SERVER)
 *   ending "npecho done: {n} client[s] served in {x.xx} seconds", where
 *   clients served = sessions that reached READY.
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
 * clock_mono_ns() at program start.  Returns the exit status: 0 (normal
 * end, --once, or SIGTERM), EXIT_INTERRUPTED (SIGINT), EXIT_USAGE (bad
 * -e, -S or passphrase file), EXIT_FAILURE_STATUS (cannot listen or
 * capture).  Prints its own messages.
 */
int echo_server_run(const struct config *cfg, uint64_t start_ns);

#endif
