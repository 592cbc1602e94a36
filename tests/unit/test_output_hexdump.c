/* SPDX-License-Identifier: MIT */
/* Unit tests for output/hexdump: Nping's -vvv dumps, reproduced verbatim. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "output/hexdump.h"
#include "test_output_pkt.h"

/* Real Nping dumps, quoted in doc/output.md §3.7, §3.9, §3.12, §4 and §5
 * (trailing spaces of the ASCII column included). */
static const char *const dumps[] = {
"0000   45 00 00 2b 30 03 00 00  40 11 33 aa 0a 09 01 02  E..+0...@.3.....\n"
"0010   0a 09 02 02 00 35 1e 61  00 17 d3 f3 68 65 6c 6c  .....5.a....hell\n"
"0020   6f 20 77 6f 72 6c 64 20  31 32 33                 o.world.123     \n",
"0000   45 00 00 28 19 93 00 00  40 06 4a 28 0a 09 01 02  E..(....@.J(....\n"
"0010   0a 09 02 02 59 f7 00 50  c5 74 cc 6f 00 00 00 00  ....Y..P.t.o....\n"
"0020   50 02 05 c8 a6 d9 00 00                           P.......        \n",
"0000   45 00 00 2c 00 00 40 00  3f 06 24 b7 0a 09 02 02  E..,..@.?.$.....\n"
"0010   0a 09 01 02 00 50 59 f7  22 c4 db 27 c5 74 cc 70  .....PY.\"..'.t.p\n"
"0020   60 12 fa f0 17 34 00 00  02 04 05 b4              `....4......    \n",
"0000   45 c0 00 38 d1 14 00 00  3f 01 92 db 0a 09 02 02  E..8....?.......\n"
"0010   0a 09 01 02 03 03 14 2c  00 00 00 00 45 00 00 1c  .......,....E...\n"
"0020   db e5 00 00 3f 11 88 d6  0a 09 01 02 0a 09 02 02  ....?...........\n"
"0030   00 35 9c bd 00 08 4b d6                           .5....K.        \n",
"0000   45 00 00 1c a2 7c 00 00  40 01 c1 4f 0a 09 01 02  E....|..@..O....\n"
"0010   0a 09 02 02 08 00 9b 9a  5c 64 00 01              ........\\d..    \n",
"0000   ff ff ff ff ff ff 1a ec  d6 bc e8 b9 08 06 00 01  ................\n"
"0010   08 00 06 04 00 01 1a ec  d6 bc e8 b9 0a 09 01 02  ................\n"
"0020   00 00 00 00 00 00 0a 09  01 01                    ..........      \n",
"0000   00 01 08 00 06 04 00 02  96 c0 0a 77 e2 c1 0a 09  ...........w....\n"
"0010   01 01 1a ec d6 bc e8 b9  0a 09 01 02              ............    \n",
"0000   45 00 00 1c a8 c0 00 00  3f 01 bc 0b 0a 09 01 02  E.......?.......\n"
"0010   0a 09 02 02 08 00 b7 3f  40 bf 00 01              .......?@...    \n",
};

static void
test_real_dumps(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++) {
		uint8_t b[128];
		char out[1024];
		size_t n = dump_to_bin(dumps[i], b, sizeof(b));
		size_t len = hexdump_format(b, n, out, sizeof(out));

		assert_true(n > 16);
		assert_string_equal(out, dumps[i]);
		assert_int_equal(len, strlen(dumps[i]));
		assert_int_equal(hexdump_size(n), len);
	}
}

static void
test_print_matches_format(void **state)
{
	uint8_t b[300];
	char out[4096], *mem = NULL;
	size_t i, sz = 0;
	FILE *f;

	(void)state;
	for (i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)i;
	f = open_memstream(&mem, &sz);
	assert_non_null(f);
	assert_int_equal(hexdump_print(f, b, sizeof(b)), 0);
	fclose(f);
	hexdump_format(b, sizeof(b), out, sizeof(out));
	assert_string_equal(mem, out);
	assert_int_equal(hexdump_size(sizeof(b)), strlen(out));
	/* Space and DEL are dots, '!' and '~' are printed. */
	assert_non_null(strstr(out, "0020   20 21 22 23 24 25 26 27  28 29 2a 2b 2c 2d 2e 2f  .!\"#$%&'()*+,-./\n"));
	assert_non_null(strstr(out, "0070   70 71 72 73 74 75 76 77  78 79 7a 7b 7c 7d 7e 7f  pqrstuvwxyz{|}~.\n"));
	assert_non_null(strstr(out, "0120   20 21 22 23 24 25 26 27  28 29 2a 2b              .!\"#$%&'()*+    \n"));
	free(mem);
	assert_int_equal(hexdump_format(b, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void
test_large_offsets_and_truncation(void **state)
{
	static uint8_t big[0x10010];
	static char out[0x10010 / 16 * 80];
	char small[10];
	size_t n;

	(void)state;
	n = hexdump_format(big, sizeof(big), out, sizeof(out));
	assert_int_equal(n, hexdump_size(sizeof(big)));
	assert_non_null(strstr(out, "\nfff0   00"));
	assert_non_null(strstr(out, "\n10000   00"));
	n = hexdump_format(big, 16, small, sizeof(small));
	assert_int_equal(n, 74);
	assert_string_equal(small, "0000   00");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_dumps),
		cmocka_unit_test(test_print_matches_format),
		cmocka_unit_test(test_large_offsets_and_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
