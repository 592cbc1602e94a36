/* SPDX-License-Identifier: MIT */
/*
 * hexdump.h: Nping's -vvv hexdump (doc/output.md §5).
 *
 * Each line holds 16 bytes: the offset as 4 lower-case hex digits and 3
 * spaces, 8 bytes as "hh ", one more space, 8 bytes as "hh ", one space,
 * then the ASCII column (starting at column 57) padded to 16 characters.
 * Bytes 0x21..0x7e (letters, digits, punctuation) show as themselves,
 * everything else, the space included, as '.'.  Each line ends in '\n'.
 * Zero bytes give no output.
 */
#ifndef NPECHO_OUTPUT_HEXDUMP_H
#define NPECHO_OUTPUT_HEXDUMP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Bytes of text (without NUL) for len bytes of input. */
size_t hexdump_size(size_t len);

/* Writes the dump into out (at most cap bytes, always NUL-terminated when
 * cap > 0); returns the full length like snprintf. */
size_t hexdump_format(const uint8_t *p, size_t len, char *out, size_t cap);

/* Writes the dump to f.  Returns 0, or ERR_SYS when the write failed. */
int hexdump_print(FILE *f, const uint8_t *p, size_t len);

#endif
