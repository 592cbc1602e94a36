/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for output/pcapng: files are read back with a small block
 * walker that checks every block's two length fields, 32-bit alignment,
 * zero padding and option lists, then the decoded blocks are compared with
 * what was written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "output/pcapng.h"
#include "util/wire.h"

#define MAX_BLOCKS 64

struct opt_seen {
	uint16_t code;
	uint16_t len;
	const uint8_t *val;
};

struct block {
	uint32_t type;
	uint32_t len;
	const uint8_t *body; /* after type and length */
	size_t fixed_len;    /* fixed fields + padded data */
	size_t n_opts;
	struct opt_seen opts[8];
};

struct file {
	uint8_t data[1 << 16];
	size_t len;
	size_t n;
	struct block b[MAX_BLOCKS];
};

static void
read_file(const char *path, struct file *f)
{
	FILE *fp = fopen(path, "rb");

	assert_non_null(fp);
	f->len = fread(f->data, 1, sizeof(f->data), fp);
	assert_true(feof(fp));
	fclose(fp);
}

/* Fixed part of a block body, including padded packet data. */
static size_t
fixed_len(uint32_t type, const uint8_t *body, size_t avail)
{
	switch (type) {
	case PCAPNG_BT_SHB:
		return 16;
	case PCAPNG_BT_IDB:
		return 8;
	case PCAPNG_BT_EPB:
		assert_true(avail >= 20);
		return 20 + ((get_be32(body + 12) + 3) & ~3u);
	}
	fail_msg("unknown block type %08x", type);
	return 0;
}

/* Checks padding bytes p[0..n) are zero. */
static void
assert_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		assert_int_equal(p[i], 0);
}

/* Walks the options from body[off] to the end of the body. */
static void
walk_opts(struct block *b, size_t off, size_t body_len)
{
	uint16_t code, len;

	while (off < body_len) {
		assert_true(body_len - off >= 4);
		code = get_be16(b->body + off);
		len = get_be16(b->body + off + 2);
		off += 4;
		if (code == PCAPNG_OPT_END) {
			assert_int_equal(len, 0);
			assert_int_equal(off, body_len); /* end is last */
			return;
		}
		assert_true((((size_t)len + 3) & ~(size_t)3) <= body_len - off);
		assert_true(b->n_opts < 8);
		b->opts[b->n_opts++] = (struct opt_seen){ code, len,
							  b->body + off };
		assert_zero(b->body + off + len, ((len + 3u) & ~3u) - len);
		off += (len + 3u) & ~3u;
	}
	/* Options present but no opt_endofopt. */
	assert_int_equal(b->n_opts, 0);
}

static void
walk(struct file *f)
{
	size_t off = 0, blen;
	struct block *b;

	f->n = 0;
	while (off < f->len) {
		assert_true(f->n < MAX_BLOCKS);
		assert_true(f->len - off >= 12);
		b = &f->b[f->n++];
		memset(b, 0, sizeof(*b));
		b->type = get_be32(f->data + off);
		b->len = get_be32(f->data + off + 4);
		assert_true(b->len >= 12);
		assert_int_equal(b->len % 4, 0);
		assert_true(b->len <= f->len - off);
		/* The trailing length equals the leading one. */
		assert_int_equal(get_be32(f->data + off + b->len - 4), b->len);
		b->body = f->data + off + 8;
		blen = b->len - 12;
		b->fixed_len = fixed_len(b->type, b->body, blen);
		assert_true(b->fixed_len <= blen);
		if (b->type == PCAPNG_BT_EPB) {
			uint32_t cap = get_be32(b->body + 12);
			assert_zero(b->body + 20 + cap, b->fixed_len - 20 - cap);
		}
		walk_opts(b, b->fixed_len, blen);
		off += b->len;
	}
	assert_int_equal(off, f->len);
}

static const struct opt_seen *
find_opt(const struct block *b, uint16_t code)
{
	size_t i;

	for (i = 0; i < b->n_opts; i++)
		if (b->opts[i].code == code)
			return &b->opts[i];
	return NULL;
}

static void
assert_opt_str(const struct block *b, uint16_t code, const char *s)
{
	const struct opt_seen *o = find_opt(b, code);

	if (!s) {
		assert_null(o);
		return;
	}
	assert_non_null(o);
	assert_int_equal(o->len, strlen(s));
	assert_memory_equal(o->val, s, o->len);
}

static char *
tmp_path(void)
{
	static char path[64];
	int fd;

	strcpy(path, "/tmp/npecho-pcapng-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return path;
}

/* The blocks test_blocks wrote, as it wrote them. */
static void
check_blocks(const struct file *f, const uint8_t *pkt,
	     const char *const *comments)
{
	size_t i;

	assert_int_equal(f->n, 1 + 3 + 8);
	/* Section header: magic, version 1.0, section length -1. */
	assert_int_equal(f->b[0].type, PCAPNG_BT_SHB);
	assert_int_equal(get_be32(f->b[0].body), PCAPNG_BYTE_ORDER_MAGIC);
	assert_int_equal(get_be16(f->b[0].body + 4), 1);
	assert_int_equal(get_be16(f->b[0].body + 6), 0);
	assert_int_equal(get_be32(f->b[0].body + 8), 0xffffffffu);
	assert_opt_str(&f->b[0], PCAPNG_OPT_SHB_USERAPPL,
		       "npecho " NPECHO_VERSION);
	/* Interfaces: linktype, snaplen, name, nanosecond resolution. */
	assert_int_equal(f->b[1].type, PCAPNG_BT_IDB);
	assert_int_equal(get_be16(f->b[1].body), 101);
	assert_int_equal(get_be32(f->b[1].body + 4), 0);
	assert_opt_str(&f->b[1], PCAPNG_OPT_IF_NAME, "sent");
	assert_opt_str(&f->b[1], PCAPNG_OPT_IF_TSRESOL, "\x09");
	assert_int_equal(get_be16(f->b[2].body), 1);
	assert_int_equal(get_be32(f->b[2].body + 4), 64);
	assert_opt_str(&f->b[2], PCAPNG_OPT_IF_NAME, "capt@srv");
	assert_opt_str(&f->b[3], PCAPNG_OPT_IF_NAME, NULL);
	assert_opt_str(&f->b[3], PCAPNG_OPT_IF_TSRESOL, "\x09");
	for (i = 0; i < 7; i++) {
		const struct block *b = &f->b[4 + i];

		assert_int_equal(b->type, PCAPNG_BT_EPB);
		assert_int_equal(get_be32(b->body), i % 2);
		assert_int_equal(get_be32(b->body + 4), 0x1);
		assert_int_equal(get_be32(b->body + 8), 0x23456789u + i);
		assert_int_equal(get_be32(b->body + 12), 20 + i);
		assert_int_equal(get_be32(b->body + 16), 100);
		assert_memory_equal(b->body + 20, pkt, 20 + i);
		/* An empty comment is no option at all. */
		assert_opt_str(b, PCAPNG_OPT_COMMENT,
			       comments[i] && *comments[i] ? comments[i] :
			       NULL);
		assert_int_equal(b->n_opts, comments[i] && *comments[i]);
	}
	assert_int_equal(get_be32(f->b[11].body + 12), 64);
	assert_int_equal(get_be32(f->b[11].body + 16), 70);
	assert_opt_str(&f->b[11], PCAPNG_OPT_COMMENT, "cut");
}

static void
test_blocks(void **state)
{
	static const char *const comments[] = { NULL, "", "p", "pr", "pro",
						"probe", "probe 3" };
	static struct file f;
	uint8_t pkt[70];
	struct errbuf eb;
	struct pcapng_writer *w;
	const char *path = tmp_path();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pkt); i++)
		pkt[i] = (uint8_t)(i + 1);
	w = pcapng_open(path, &eb);
	assert_non_null(w);
	assert_int_equal(pcapng_add_if(w, "sent", PCAPNG_LINKTYPE_RAW, 0), 0);
	assert_int_equal(pcapng_add_if(w, "capt@srv", PCAPNG_LINKTYPE_ETHERNET,
				       64), 1);
	assert_int_equal(pcapng_add_if(w, NULL, PCAPNG_LINKTYPE_RAW, 0), 2);
	/* Every data length mod 4 and every comment length mod 4. */
	for (i = 0; i < 7; i++)
		assert_int_equal(pcapng_write(w, (int)(i % 2),
					      0x123456789ull + i, pkt, 20 + i,
					      100, comments[i]), 0);
	/* Longer than the snap length: cut to 64, origlen kept. */
	assert_int_equal(pcapng_write(w, 1, 5, pkt, 70, 70, "cut"), 0);
	assert_int_equal(pcapng_close(w), 0);

	read_file(path, &f);
	unlink(path);
	walk(&f);
	check_blocks(&f, pkt, comments);
}

static void
test_errors(void **state)
{
	struct errbuf eb = { "" };
	struct pcapng_writer *w;
	const char *path;
	uint8_t b[4] = { 0 };
	int i;

	(void)state;
	assert_null(pcapng_open("/nonexistent-dir/x.pcapng", &eb));
	assert_non_null(strstr(eb.msg, "/nonexistent-dir/x.pcapng"));
	assert_int_equal(pcapng_close(NULL), 0);

	path = tmp_path();
	w = pcapng_open(path, NULL);
	assert_non_null(w);
	/* No interface yet, negative id, NULL data with a length. */
	assert_int_equal(pcapng_write(w, 0, 0, b, 4, 4, NULL), ERR_INVALID);
	assert_int_equal(pcapng_add_if(w, "x", 101, 0), 0);
	assert_int_equal(pcapng_write(w, 1, 0, b, 4, 4, NULL), ERR_INVALID);
	assert_int_equal(pcapng_write(w, -1, 0, b, 4, 4, NULL), ERR_INVALID);
	assert_int_equal(pcapng_write(w, 0, 0, NULL, 4, 4, NULL), ERR_INVALID);
	assert_int_equal(pcapng_write(w, 0, 0, NULL, 0, 0, NULL), 0);
	for (i = 1; i < PCAPNG_MAX_IF; i++)
		assert_int_equal(pcapng_add_if(w, "y", 1, 0), i);
	assert_int_equal(pcapng_add_if(w, "z", 1, 0), ERR_LIMIT);
	assert_int_equal(pcapng_close(w), 0);
	unlink(path);
}

static void
test_write_failure(void **state)
{
	struct errbuf eb = { "" };

	(void)state;
	/* /dev/full opens, but flushing the section header fails. */
	assert_null(pcapng_open("/dev/full", &eb));
	assert_non_null(strstr(eb.msg, "/dev/full: write:"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_write_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
