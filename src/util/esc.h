/* SPDX-License-Identifier: MIT */
/*
 * esc.h: text a peer chose, made safe for a log line or a terminal.
 *
 * A NEP peer controls the text of its NEP_ERROR (and an attacker without
 * the passphrase still controls what reaches our logs through other
 * paths): printed raw, it could carry terminal escape sequences, forge log
 * lines with newlines, or hide text with carriage returns.
 */
#ifndef NPECHO_UTIL_ESC_H
#define NPECHO_UTIL_ESC_H

#include <stddef.h>

/*
 * Copies the first n bytes of in (stopping early at a NUL) into out as one
 * printable line: bytes 0x20..0x7e stay, except the backslash, which
 * becomes "\\"; every other byte becomes "\xHH".  out is always
 * NUL-terminated (cap >= 1); what does not fit is cut at a whole escape
 * and marked with a final "...".  Returns strlen(out).
 */
size_t esc_text(const char *in, size_t n, char *out, size_t cap);

/* Room esc_text needs for n bytes of input: 4 per byte, plus the NUL. */
#define ESC_ROOM(n) (4 * (n) + 1)

#endif
