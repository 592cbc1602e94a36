/* SPDX-License-Identifier: MIT */
/*
 * client/client.h: npecho --echo-client PASS [probe options] TARGET.
 *
 * Connects to the echo server TARGET on --echo-port (TCP, 10 s timeout),
 * runs the NEP client handshake (echo/session.h) describing the probes it
 * is about to send, then runs the raw probe engine toward the same
 * address while serving the side channel: every NEP_ECHO is matched to the
 * probe it is and printed as "CAPT ({t}s) ..." with only the fields that
 * changed in transit (output/lines.h); each RCVD is held back briefly so a
 * probe's lines read SENT, CAPT, RCVD.  The summary adds Nping's
 * "| Echoed: N (B) " and "Echoed packets recv: N (B) | Lost: N (P%)".
 */
#ifndef NPECHO_CLIENT_CLIENT_H
#define NPECHO_CLIENT_CLIENT_H

#include <stdint.h>

#include "cli/config.h"

/*
 * Runs the echo client to the end; start_ns is the CLOCK_MONOTONIC start
 * of the process.  Prints its lines to stdout and one-line errors to
 * stderr.  Returns the exit status: 0, EXIT_USAGE (bad options: not a
 * TCP/UDP/ICMP mode, several targets, TCP to or from the echo port),
 * EXIT_FAILURE_STATUS (server unreachable, authentication or protocol
 * failure, server error or close mid-run) or EXIT_INTERRUPTED.
 */
int echo_client_run(const struct config *cfg, uint64_t start_ns);

#endif
