/* SPDX-License-Identifier: MIT */
/*
 * hops_text.h: the "Path Change Analysis:" block, printed after the
 * traceroute hop list.
 *
 *   Path Change Analysis:
 *    |_tcp-mss-changed between hop 2 (10.77.2.254) and hop 3
 *      (10.77.3.254): mss 1460 -> 536.          (one line, folded here)
 *    |_hop 1 (10.77.1.254) quoted 28 of 48 bytes: TCP ack, flags, window,
 *      urgent pointer, options not visible.     (one line, folded here)
 *
 * Verbosity is Nping's level: below -1 nothing; -1 (-q) the changes only;
 * 0 adds a line per hop whose quote was too short to show everything, and
 * per hop where several routers answered; 1 and more add the ICMP
 * behaviour observations:
 *    |_ICMP behaviour (observed, not a guess at the OS):
 *    |    hop 1 (10.77.1.254) quoted 48 of 48 bytes (all), TTL 1, ...
 */
#ifndef NPECHO_OUTPUT_HOPS_TEXT_H
#define NPECHO_OUTPUT_HOPS_TEXT_H

#include <stdio.h>

#include "analysis/hops.h"

/*
 * Prints the block for a finished analysis (hops_finish() called) to out.
 * Prints nothing when no hop answered.  Returns 0, or ERR_SYS when writing
 * to out failed.  h is only read.
 */
int hops_text_print(FILE *out, const struct hops *h, int verbosity);

#endif
