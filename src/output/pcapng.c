/* SPDX-License-Identifier: MIT */
/*
 * pcapng.c: pcapng writer (see pcapng.h).
 *
 * Every block has the same frame:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |                          Block Type                           |
 *   +---------------------------------------------------------------+
 *   |                      Block Total Length                       |
 *   +---------------------------------------------------------------+
 *   /        fixed body, then variable data padded to 32 bits       /
 *   +---------------------------------------------------------------+
 *   /  options: code(16) length(16) value padded to 32 bits ...     /
 *   /           opt_endofopt (0, 0) when any option was written     /
 *   +---------------------------------------------------------------+
 *   |                      Block Total Length                       |
 *   +---------------------------------------------------------------+
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/pcapng.h"
#include "util/wire.h"

#ifndef NPECHO_VERSION
#define NPECHO_VERSION "unknown"
#endif

#define PAD4(n) (((n) + 3u) & ~(size_t)3u)
#define OPT_MAX_LEN 0xffffu

struct pcapng_writer {
	FILE *fp;
	int err;
	int n_if;
	uint32_t snaplen[PCAPNG_MAX_IF];
};

struct opt {
	uint16_t code;
	uint16_t len;
	const void *val;
};

static void
emit(struct pcapng_writer *w, const void *p, size_t n)
{
	if (!w->err && n && fwrite(p, 1, n, w->fp) != n)
		w->err = ERR_SYS;
}

static void
emit_pad(struct pcapng_writer *w, size_t n)
{
	static const uint8_t zero[4];

	emit(w, zero, PAD4(n) - n);
}

static void
emit_u32(struct pcapng_writer *w, uint32_t v)
{
	uint8_t b[4];

	put_be32(b, v);
	emit(w, b, 4);
}

/*
 * Writes one block: type, length, fixed[0..flen), data padded, options and
 * the end-of-options marker, length again.  flen must be a multiple of 4.
 */
static int
write_block(struct pcapng_writer *w, uint32_t type, const uint8_t *fixed,
	    size_t flen, const uint8_t *data, size_t dlen,
	    const struct opt *opts, size_t nopts)
{
	size_t total = 12 + flen + PAD4(dlen), i;
	uint8_t oh[4];

	for (i = 0; i < nopts; i++)
		total += 4 + PAD4(opts[i].len);
	if (nopts)
		total += 4;
	if (total > UINT32_MAX)
		return ERR_INVALID;
	emit_u32(w, type);
	emit_u32(w, (uint32_t)total);
	emit(w, fixed, flen);
	emit(w, data, dlen);
	emit_pad(w, dlen);
	for (i = 0; i < nopts; i++) {
		put_be16(oh, opts[i].code);
		put_be16(oh + 2, opts[i].len);
		emit(w, oh, 4);
		emit(w, opts[i].val, opts[i].len);
		emit_pad(w, opts[i].len);
	}
	if (nopts)
		emit_u32(w, PCAPNG_OPT_END);
	emit_u32(w, (uint32_t)total);
	return w->err;
}

static int
write_shb(struct pcapng_writer *w)
{
	static const char appl[] = "npecho " NPECHO_VERSION;
	uint8_t fixed[16];
	struct wr c;
	struct opt o = { PCAPNG_OPT_SHB_USERAPPL, sizeof(appl) - 1, appl };

	wr_init(&c, fixed, sizeof(fixed));
	wr_u32(&c, PCAPNG_BYTE_ORDER_MAGIC);
	wr_u16(&c, 1); /* major */
	wr_u16(&c, 0); /* minor */
	wr_u32(&c, 0xffffffffu); /* section length: unknown (-1) */
	wr_u32(&c, 0xffffffffu);
	return write_block(w, PCAPNG_BT_SHB, fixed, c.len, NULL, 0, &o, 1);
}

struct pcapng_writer *
pcapng_open(const char *path, struct errbuf *eb)
{
	struct pcapng_writer *w = calloc(1, sizeof(*w));

	if (!w) {
		errbuf_set(eb, "pcapng: out of memory");
		return NULL;
	}
	w->fp = fopen(path, "wb");
	if (!w->fp) {
		errbuf_set(eb, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (write_shb(w) == 0 && fflush(w->fp) == 0)
		return w;
	errbuf_set(eb, "%s: write: %s", path, strerror(errno));
	fclose(w->fp);
out:
	free(w);
	return NULL;
}

int
pcapng_add_if(struct pcapng_writer *w, const char *name, uint16_t linktype,
	      uint32_t snaplen)
{
	static const uint8_t tsresol = 9; /* 10^-9 s */
	uint8_t fixed[8];
	struct opt o[2];
	size_t nlen = name ? strlen(name) : 0, n = 0;
	int rc;

	if (w->n_if >= PCAPNG_MAX_IF)
		return ERR_LIMIT;
	if (nlen > OPT_MAX_LEN)
		return ERR_INVALID;
	put_be16(fixed, linktype);
	put_be16(fixed + 2, 0);
	put_be32(fixed + 4, snaplen);
	if (nlen)
		o[n++] = (struct opt){ PCAPNG_OPT_IF_NAME, (uint16_t)nlen,
				       name };
	o[n++] = (struct opt){ PCAPNG_OPT_IF_TSRESOL, 1, &tsresol };
	rc = write_block(w, PCAPNG_BT_IDB, fixed, sizeof(fixed), NULL, 0,
			 o, n);
	if (rc < 0)
		return rc;
	w->snaplen[w->n_if] = snaplen;
	return w->n_if++;
}

int
pcapng_write(struct pcapng_writer *w, int if_id, uint64_t ts_ns,
	     const uint8_t *data, uint32_t caplen, uint32_t origlen,
	     const char *comment)
{
	uint8_t fixed[20];
	struct opt o;
	size_t clen = comment ? strlen(comment) : 0;

	if (if_id < 0 || if_id >= w->n_if || clen > OPT_MAX_LEN ||
	    (caplen && !data))
		return ERR_INVALID;
	if (w->snaplen[if_id] && caplen > w->snaplen[if_id])
		caplen = w->snaplen[if_id];
	if (origlen < caplen)
		origlen = caplen;
	put_be32(fixed, (uint32_t)if_id);
	put_be32(fixed + 4, (uint32_t)(ts_ns >> 32));
	put_be32(fixed + 8, (uint32_t)ts_ns);
	put_be32(fixed + 12, caplen);
	put_be32(fixed + 16, origlen);
	o = (struct opt){ PCAPNG_OPT_COMMENT, (uint16_t)clen, comment };
	return write_block(w, PCAPNG_BT_EPB, fixed, sizeof(fixed), data,
			   caplen, &o, clen ? 1 : 0);
}

int
pcapng_flush(struct pcapng_writer *w)
{
	if (!w->err && fflush(w->fp) != 0)
		w->err = ERR_SYS;
	return w->err;
}

int
pcapng_close(struct pcapng_writer *w)
{
	int rc;

	if (!w)
		return 0;
	rc = pcapng_flush(w);
	if (fclose(w->fp) != 0 && rc == 0)
		rc = ERR_SYS;
	free(w);
	return rc;
}
