/* SPDX-License-Identifier: MIT */
/*
 * analysis_text.h: the "Packet Echo Analysis:" block, printed after the
 * echo client's statistics.
 *
 *   Packet Echo Analysis:
 *    |_Source IP changed: 10.77.1.2 -> 10.77.4.1 in 5/5 probes: a NAT ...
 *    |_TTL fell by 3: 3 hops between you and the server.
 *
 * Verbosity is Nping's level: below -1 nothing; -1 (-q) one line per
 * finding; 0 adds note lines about what could not be compared; 1 and more
 * add, under each finding, an evidence line:
 *    |    ip.src: sent 10.77.1.2, captured 10.77.4.1; probes 1, 2
 *         [nat-source, notice]           (one line, folded here)
 */
#ifndef NPECHO_OUTPUT_ANALYSIS_TEXT_H
#define NPECHO_OUTPUT_ANALYSIS_TEXT_H

#include <stdio.h>

#include "analysis/analysis.h"

/*
 * Prints the block for a finished analysis (analysis_finish() called) to
 * out.  Prints nothing when no probe was sent.  Returns 0, or ERR_SYS when
 * writing to out failed.  a is only read.
 */
int analysis_text_print(FILE *out, const struct analysis *a, int verbosity);

#endif
