/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for echo/wire.c: message sizes, header, each encoder/decoder
 * cut at every length, and the PacketSpec item list in both B0/B1 forms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "echo/wire.h"
#include "util/err.h"
#include "util/wire.h"

static size_t
unhex(const char *h, uint8_t *out)
{
	size_t n = 0;

	for (; h[0] && h[1]; h += 2) {
		unsigned hi = (unsigned)(h[0] <= '9' ? h[0] - '0' : h[0] - 'a' + 10);
		unsigned lo = (unsigned)(h[1] <= '9' ? h[1] - '0' : h[1] - 'a' + 10);

		out[n++] = (uint8_t)(hi << 4 | lo);
	}
	return n;
}

static void
test_sizes(void **state)
{
	(void)state;
	assert_int_equal(nep_fixed_len(NEP_HS_SERVER), 96);
	assert_int_equal(nep_fixed_len(NEP_HS_CLIENT), 144);
	assert_int_equal(nep_fixed_len(NEP_HS_FINAL), 112);
	assert_int_equal(nep_fixed_len(NEP_PACKET_SPEC), 160);
	assert_int_equal(nep_fixed_len(NEP_READY), 48);
	assert_int_equal(nep_fixed_len(NEP_ERROR), 128);
	assert_int_equal(nep_fixed_len(NEP_ECHO), 0);
	assert_int_equal(nep_fixed_len(9), 0);
	/* Real sizes from doc/nep.md §3.1. */
	assert_int_equal(nep_echo_len(28), 80);
	assert_int_equal(nep_echo_len(40), 96);
	assert_int_equal(nep_echo_len(48), 112);
	assert_int_equal(nep_echo_len(54), 112);
	assert_int_equal(nep_echo_len(56), 112);
	assert_int_equal(nep_echo_len(1428), 1488);
	assert_int_equal(nep_echo_len(0), 64);
	assert_int_equal(nep_echo_len(9212), 9264);
	assert_int_equal(nep_echo_len(9213), 0);
}

static void
test_header(void **state)
{
	/* vectors/tcp HS_SERVER header */
	uint8_t p[16];
	struct nep_hdr h;
	const char *why;

	(void)state;
	unhex("010100188e43a87d6b03ef7f00000000", p);
	assert_int_equal(nep_hdr_decode(p, 15, &h), ERR_TRUNC);
	assert_int_equal(nep_hdr_decode(p, 16, &h), 0);
	assert_int_equal(h.version, 1);
	assert_int_equal(h.type, NEP_HS_SERVER);
	assert_int_equal(h.total_words, 24);
	assert_int_equal(h.seq, 0x8e43a87d);
	assert_int_equal(h.ts, 0x6b03ef7f);
	assert_int_equal(nep_hdr_check(&h, NEP_HS_SERVER, 96, &why), 0);
	assert_int_equal(nep_hdr_check(&h, NEP_HS_SERVER, 100, &why),
			 ERR_PROTO);
	assert_string_equal(why, "wrong length for type");
	assert_int_equal(nep_hdr_check(&h, NEP_READY, 96, &why), ERR_PROTO);
	assert_string_equal(why, "unexpected message type");
	h.version = 2;
	assert_int_equal(nep_hdr_check(&h, NEP_HS_SERVER, 96, &why),
			 ERR_PROTO);
	assert_string_equal(why, "wrong version");
}

static void
test_hs_client_roundtrip(void **state)
{
	struct nep_hs_client m, d;
	uint8_t buf[200];
	size_t len, cut;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.h.seq = 0xa7ff0a70;
	m.h.ts = 1234;
	memset(m.server_nonce, 0x11, 32);
	memset(m.client_nonce, 0x22, 32);
	m.partner.version = 4;
	memcpy(m.partner.ip, "\x0a\x09\x02\x02", 4);
	assert_int_equal(nep_hs_client_encode(&m, buf, 143, &len),
			 ERR_NOSPACE);
	assert_int_equal(nep_hs_client_encode(&m, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 144);
	assert_int_equal(get_be16(buf + 2), 36);
	assert_int_equal(buf[96], 4);
	assert_int_equal(buf[97], 0); /* no extension: stock bytes */
	for (cut = 0; cut < len; cut++)
		assert_int_equal(nep_hs_client_decode(buf, cut, &d), ERR_TRUNC);
	assert_int_equal(nep_hs_client_decode(buf, len + 1, &d), ERR_INVALID);
	assert_int_equal(nep_hs_client_decode(buf, len, &d), 0);
	assert_memory_equal(d.partner.ip, m.partner.ip, 16);
	assert_int_equal(d.h.seq, m.h.seq);
	assert_memory_equal(d.client_nonce, m.client_nonce, 32);
	m.ext_mark = NEP_EXT_MARK;
	m.ext_flags = NEP_EXT_REPLY_ECHO;
	assert_int_equal(nep_hs_client_encode(&m, buf, sizeof(buf), &len), 0);
	assert_int_equal(buf[97], 'N');
	assert_int_equal(buf[98], 1);
	assert_int_equal(nep_hs_client_decode(buf, len, &d), 0);
	assert_int_equal(d.ext_mark, NEP_EXT_MARK);
}

static void
test_fixed_roundtrips(void **state)
{
	struct nep_hs_server hs, hs2;
	struct nep_hs_final hf, hf2;
	struct nep_packet_spec ps, ps2;
	struct nep_error e, e2;
	struct nep_hdr h;
	uint8_t buf[256];
	size_t len, cut;

	(void)state;
	memset(&hs, 0, sizeof(hs));
	memset(hs.nonce, 7, 32);
	assert_int_equal(nep_hs_server_encode(&hs, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 96);
	for (cut = 0; cut < len; cut++)
		assert_int_equal(nep_hs_server_decode(buf, cut, &hs2),
				 ERR_TRUNC);
	assert_int_equal(nep_hs_server_decode(buf, len, &hs2), 0);
	assert_memory_equal(hs2.nonce, hs.nonce, 32);

	memset(&hf, 0, sizeof(hf));
	hf.partner.version = 6;
	memset(hf.partner.ip, 0xfd, 16);
	assert_int_equal(nep_hs_final_encode(&hf, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 112);
	assert_int_equal(buf[64], 6);
	assert_int_equal(nep_hs_final_decode(buf, len, &hf2), 0);
	assert_int_equal(hf2.partner.version, 6);

	memset(&ps, 0, sizeof(ps));
	ps.ip_version = 4;
	ps.proto = 17;
	ps.count = 65535;
	ps.list[0] = 0xa1;
	assert_int_equal(nep_packet_spec_encode(&ps, buf, sizeof(buf), &len),
			 0);
	assert_int_equal(len, 160);
	for (cut = 0; cut < len; cut++)
		assert_int_equal(nep_packet_spec_decode(buf, cut, &ps2),
				 ERR_TRUNC);
	assert_int_equal(nep_packet_spec_decode(buf, len, &ps2), 0);
	assert_int_equal(ps2.count, 65535);
	assert_int_equal(ps2.list[0], 0xa1);

	assert_int_equal(nep_ready_encode(&h, buf, 47, &len), ERR_NOSPACE);
	memset(&h, 0, sizeof(h));
	assert_int_equal(nep_ready_encode(&h, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 48);
	assert_int_equal(get_be16(buf + 2), 12);

	memset(&e, 'x', sizeof(e)); /* unterminated text is cut at 79 */
	memset(&e.h, 0, sizeof(e.h));
	assert_int_equal(nep_error_encode(&e, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 128);
	assert_int_equal(buf[16 + 79], 0);
	assert_int_equal(nep_error_decode(buf, len, &e2), 0);
	assert_int_equal(strlen(e2.text), 79);
}

static void
test_echo(void **state)
{
	/* vectors/tcp NEP_ECHO #1 plaintext (before the MAC). */
	static const char *hx = "010600188e43a8806b03ef7f000000000000"
		"00284500002830f000003f0633cb0a0901020a090202bd560050752ed1"
		"5600000000500205c88ed9000000000000";
	uint8_t p[200], buf[200];
	struct nep_echo e, e2;
	size_t n = unhex(hx, p), len, cut;

	(void)state;
	assert_int_equal(n, 64);
	memset(p + n, 0, 32); /* MAC field */
	for (cut = 0; cut < 96; cut++)
		assert_int_not_equal(nep_echo_decode(p, cut, &e), 0);
	assert_int_equal(nep_echo_decode(p, 96, &e), 0);
	assert_int_equal(e.pkt_len, 40);
	assert_int_equal(e.pkt[0], 0x45);
	assert_int_equal(e.h.seq, 0x8e43a880);
	assert_int_equal(nep_echo_encode(&e, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 96);
	assert_memory_equal(buf, p, 96);
	/* Packet Length that disagrees with the size: invalid (HEAD rule). */
	p[19] = 41;
	assert_int_equal(nep_echo_decode(p, 96, &e2), 0); /* 41 still fits */
	p[19] = 60;
	assert_int_equal(nep_echo_decode(p, 96, &e2), ERR_INVALID);
	e.pkt_len = 9213;
	assert_int_equal(nep_echo_encode(&e, buf, sizeof(buf), &len),
			 ERR_INVALID);
}

static void
test_spec_real_lists(void **state)
{
	/* doc/nep.md §8.2 real examples. */
	uint8_t l[108];
	struct nep_spec s;

	(void)state;
	memset(l, 0, sizeof(l));
	unhex("a130f0a000c0bd56c10050c2752ed156c300000000c402c505c8a306", l);
	memset(&s, 0, sizeof(s));
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), 0);
	assert_int_equal(s.n_items, 9);
	assert_int_equal(s.items[0].code, NEP_F_IP4_ID);
	assert_int_equal(s.items[0].value, 0x30f0);
	assert_int_equal(s.items[4].code, NEP_F_TCP_SEQ);
	assert_int_equal(s.items[4].value, 0x752ed156);
	assert_int_equal(s.magic_len, 0);

	memset(l, 0, sizeof(l));
	unhex("a18ea2a000e00035e114e9e2001ca311ff084e4550746573742d", l);
	memset(&s, 0, sizeof(s));
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), 0);
	assert_int_equal(s.n_items, 6);
	assert_int_equal(s.magic_len, 8);
	assert_int_equal(s.magic_pos, 6);
	assert_memory_equal(s.magic, "NEPtest-", 8);
	{
		uint8_t again[108];

		assert_int_equal(nep_spec_list_encode(&s, again,
						      sizeof(again)), 0);
		assert_memory_equal(again, l, sizeof(l));
	}
}

static void
test_spec_ipv6_forms(void **state)
{
	/* vectors/ipv6 (0.7.93: B0 3 bytes, B1 1 byte). */
	uint8_t l[108], again[108];
	struct nep_spec s;

	(void)state;
	memset(l, 0, sizeof(l));
	unhex("b0000000b100c029fbc10050c25320e179c300000000c402c505c8b206", l);
	memset(&s, 0, sizeof(s));
	s.form = NEP_FORM_0793;
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), 0);
	assert_int_equal(s.n_items, 9);
	assert_int_equal(s.items[0].len, 3);
	assert_int_equal(s.items[1].len, 1);
	assert_int_equal(s.items[2].code, NEP_F_TCP_SPORT);
	assert_int_equal(s.items[2].value, 0x29fb);
	assert_int_equal(nep_spec_list_encode(&s, again, sizeof(again)), 0);
	assert_memory_equal(again, l, sizeof(l));
	/* Read with RFC lengths the same bytes go wrong: B0 00, then 00 stops. */
	memset(&s, 0, sizeof(s));
	s.form = NEP_FORM_RFC;
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), 0);
	assert_int_equal(s.n_items, 1);
	/* RFC form round trip. */
	memset(l, 0, sizeof(l));
	unhex("b020b1012345b206", l);
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), 0);
	assert_int_equal(s.n_items, 3);
	assert_int_equal(s.items[1].value, 0x012345);
	/* A length that disagrees with the form is refused by the encoder. */
	s.form = NEP_FORM_0793;
	assert_int_equal(nep_spec_list_encode(&s, again, sizeof(again)),
			 ERR_INVALID);
}

static void
test_spec_stops_and_magic(void **state)
{
	uint8_t l[108];
	struct nep_spec s;

	(void)state;
	/* Unknown code stops parsing; later bytes ignored (lab-confirmed). */
	memset(l, 0, sizeof(l));
	unhex("a10001a000a306a4a000", l);
	memset(&s, 0, sizeof(s));
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), 0);
	assert_int_equal(s.n_items, 3);
	/* A fixed item that would overflow stops parsing. */
	memset(l, 0xa0, sizeof(l));
	l[106] = 0xc2;
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), 0);
	assert_int_equal(s.n_items, 53);
	/* Magic: 0, > 106 or overflowing length is malformed. */
	memset(l, 0, sizeof(l));
	l[0] = 0xff;
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), ERR_INVALID);
	l[1] = 107;
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), ERR_INVALID);
	l[1] = 106;
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), 0);
	assert_int_equal(s.magic_len, 106);
	l[0] = 0xa0;
	l[2] = 0xff;
	l[3] = 105;
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), ERR_INVALID);
	/* Two magics: duplicate. */
	memset(l, 0, sizeof(l));
	unhex("ff0141ff0142", l);
	assert_int_equal(nep_spec_list_decode(l, sizeof(l), &s), ERR_INVALID);
	/* Every cut of a list decodes without reading past it. */
	unhex("a130f0a000c0bd56c10050c2752ed156c300000000c402c505c8a306ff0141",
	      l);
	for (size_t cut = 0; cut <= 31; cut++)
		(void)nep_spec_list_decode(l, cut, &s);
}

static void
test_enc_range(void **state)
{
	size_t off, n;

	(void)state;
	assert_int_equal(nep_enc_range(NEP_HS_SERVER, 96, &off, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(nep_enc_range(NEP_HS_CLIENT, 144, &off, &n), 0);
	assert_int_equal(off, 80);
	assert_int_equal(n, 32);
	assert_int_equal(nep_enc_range(NEP_HS_FINAL, 112, &off, &n), 0);
	assert_int_equal(off, 48);
	assert_int_equal(nep_enc_range(NEP_ECHO, 1488, &off, &n), 0);
	assert_int_equal(off, 0);
	assert_int_equal(n, 1456);
	assert_int_equal(nep_enc_range(8, 96, &off, &n), ERR_INVALID);
	assert_string_equal(nep_item_name(0xb1), "IPv6_FLOW");
	assert_string_equal(nep_item_name(0x42), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_hs_client_roundtrip),
		cmocka_unit_test(test_fixed_roundtrips),
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_spec_real_lists),
		cmocka_unit_test(test_spec_ipv6_forms),
		cmocka_unit_test(test_spec_stops_and_magic),
		cmocka_unit_test(test_enc_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
