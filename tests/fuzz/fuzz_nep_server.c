/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: arbitrary client bytes into a NEP server session.
 *
 * Input: byte 0 picks the profile (bit 0: --no-crypto, so the fuzzer can
 * get past the MACs), byte 1 the read size (0 = all at once), then the
 * client's byte stream.  The server uses the nonce and sequence of the
 * matching vector (tcp / nocrypto), so the seeds (the vectors' client
 * bytes) complete the handshake.  Once live it also echoes input bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "echo/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t sn_tcp[32] = {
	0x0d, 0xc5, 0x23, 0xf1, 0x2e, 0x79, 0xa6, 0x2c, 0xb7, 0x7a, 0xef,
	0x0c, 0x96, 0x4b, 0xa4, 0x42, 0xc4, 0x11, 0x60, 0x56, 0x1d, 0xc2,
	0x25, 0xb1, 0x2d, 0xa5, 0x18, 0x82, 0xc5, 0xfa, 0xd2, 0xc2,
};
static const uint8_t sn_nc[32] = {
	0xec, 0xf7, 0x53, 0x76, 0xd0, 0xcb, 0xe0, 0xd0, 0x55, 0x35, 0x39,
	0x59, 0x0f, 0x2f, 0x29, 0xfb, 0x3a, 0xb0, 0x09, 0x36, 0xa0, 0x29,
	0xee, 0x2c, 0x3b, 0x3a, 0xa5, 0x8f, 0x97, 0xa5, 0xc6, 0x50,
};

static uint32_t
fixed_clock(void *arg)
{
	(void)arg;
	return 1795420031u;
}

static void
drain(struct nep_session *s)
{
	size_t len;

	(void)nep_session_output(s, &len);
	nep_session_consume(s, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nep_config cfg;
	struct nep_session *s;
	struct nep_event ev;
	size_t chunk, off = 2, taken;

	if (size < 2)
		return 0;
	memset(&cfg, 0, sizeof(cfg));
	/* Crypto profile on 1 input in 8: derivations make it slow. */
	cfg.no_crypto = (data[0] & 1) || (data[0] & 0x30);
	cfg.passphrase = (const uint8_t *)"secret";
	cfg.passphrase_len = 6;
	cfg.nonce = cfg.no_crypto ? sn_nc : sn_tcp;
	cfg.fixed_seq = 1;
	cfg.seq = cfg.no_crypto ? 3259370140u : 2386798717u;
	cfg.clock = fixed_clock;
	cfg.ext = (data[0] & 2) ? NEP_EXT_REPLY_ECHO : 0;
	cfg.partner.version = 4;
	chunk = data[1] ? data[1] : size;
	s = nep_session_new(NEP_ROLE_SERVER, &cfg, NULL);
	if (s == NULL)
		return 0;
	drain(s);
	while (off < size) {
		size_t n = size - off < chunk ? size - off : chunk;

		nep_session_feed(s, data + off, n, &taken);
		off += taken;
		while (nep_session_poll(s, &ev) == 1)
			if (ev.type == NEP_EV_SPEC && ev.spec->n_items > 54)
				__builtin_trap();
		if (nep_session_live(s))
			nep_session_echo(s, 0, data, size < 300 ? size : 300,
					 data[0] & 4 ? NEP_ECHO_FLAG_REPLY : 0);
		drain(s);
		if (taken == 0 && n)
			__builtin_trap(); /* poll must always make room */
	}
	nep_session_free(s);
	return 0;
}
