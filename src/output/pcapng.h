/* SPDX-License-Identifier: MIT */
/*
 * pcapng.h: writes pcapng files (the format Wireshark and tshark read).
 *
 * One file holds one section: a Section Header Block written by
 * pcapng_open(), one Interface Description Block per stream added with
 * pcapng_add_if() (npecho uses "sent", "rcvd" and "capt@<server>"), and an
 * Enhanced Packet Block per packet, with an optional comment ("probe 3").
 * Timestamps are nanoseconds (if_tsresol = 9).  Blocks are written in big
 * endian; readers detect the byte order from the section header.
 *
 * Errors: functions return 0 (or an interface id) or a negative ERR_*.
 * ERR_SYS when the file cannot be written, ERR_INVALID for an unknown
 * interface id or an over-long name/comment, ERR_LIMIT past PCAPNG_MAX_IF
 * interfaces.  Nothing is printed.
 */
#ifndef NPECHO_OUTPUT_PCAPNG_H
#define NPECHO_OUTPUT_PCAPNG_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define PCAPNG_LINKTYPE_ETHERNET 1
#define PCAPNG_LINKTYPE_RAW 101 /* raw IPv4/IPv6, no link header */
#define PCAPNG_MAX_IF 64

/* Block types and option codes (draft-ietf-opsawg-pcapng). */
#define PCAPNG_BT_SHB 0x0A0D0D0Au
#define PCAPNG_BT_IDB 0x00000001u
#define PCAPNG_BT_EPB 0x00000006u
#define PCAPNG_BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define PCAPNG_OPT_END 0
#define PCAPNG_OPT_COMMENT 1
#define PCAPNG_OPT_SHB_USERAPPL 4
#define PCAPNG_OPT_IF_NAME 2
#define PCAPNG_OPT_IF_TSRESOL 9

struct pcapng_writer;

/*
 * Creates (truncates) path and writes the section header.  Returns a new
 * writer, or NULL with the reason in eb (may be NULL).
 */
struct pcapng_writer *pcapng_open(const char *path, struct errbuf *eb);

/*
 * Adds an interface named name (borrowed, copied to the file) with a
 * LINKTYPE_* and a snap length (0: no limit).  Returns its id (0, 1, ...)
 * or a negative ERR_*.
 */
int pcapng_add_if(struct pcapng_writer *w, const char *name,
		  uint16_t linktype, uint32_t snaplen);

/*
 * Writes one packet seen on interface if_id at ts_ns (nanoseconds since
 * the epoch or any origin the caller picks).  caplen bytes of data are
 * stored (cut to the snap length), origlen is the length on the wire.
 * comment may be NULL.  Returns 0 or a negative ERR_*.
 */
int pcapng_write(struct pcapng_writer *w, int if_id, uint64_t ts_ns,
		 const uint8_t *data, uint32_t caplen, uint32_t origlen,
		 const char *comment);

/* Pushes buffered blocks to the file.  0 or ERR_SYS. */
int pcapng_flush(struct pcapng_writer *w);

/*
 * Flushes, closes and frees.  NULL is a no-op (returns 0).  Returns
 * ERR_SYS when any earlier write or the close failed.
 */
int pcapng_close(struct pcapng_writer *w);

#endif
