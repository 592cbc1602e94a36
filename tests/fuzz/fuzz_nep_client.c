/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: arbitrary server bytes into a NEP client session.
 *
 * Input: byte 0 picks the profile (bit 0: --no-crypto; bit 1: offer the
 * extension), byte 1 the read size (0 = all at once), then the server's
 * byte stream.  The client uses the tcp / nocrypto vector's nonce and
 * sequence, so the seeds (those vectors' server bytes) reach the echoes.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "echo/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t cn_tcp[32] = {
	0x89, 0x10, 0x08, 0x6f, 0x66, 0xd3, 0x8d, 0x5d, 0x8e, 0x6b, 0x53,
	0xfe, 0xd4, 0xb5, 0xa4, 0x0c, 0x6e, 0x3f, 0x92, 0x26, 0x0c, 0x0d,
	0xd3, 0xea, 0x1f, 0x66, 0xcf, 0x08, 0x3e, 0x29, 0x4b, 0xf3,
};
static const uint8_t cn_nc[32] = {
	0xe9, 0x50, 0x45, 0x9d, 0xe9, 0x00, 0xa6, 0x19, 0xea, 0xeb, 0x50,
	0x9f, 0x86, 0x62, 0x22, 0x54, 0x96, 0x7b, 0x89, 0x64, 0x11, 0x9b,
	0x05, 0xa9, 0xfe, 0xd6, 0x8d, 0x64, 0xe8, 0x54, 0xde, 0xd8,
};

static uint32_t
fixed_clock(void *arg)
{
	(void)arg;
	return 1795420031u;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nep_config cfg;
	struct nep_probe probe;
	struct nep_session *s;
	struct nep_event ev;
	size_t chunk, off = 2, taken, len;

	if (size < 2)
		return 0;
	memset(&cfg, 0, sizeof(cfg));
	memset(&probe, 0, sizeof(probe));
	probe.ip_version = (data[0] & 4) ? 6 : 4;
	probe.proto = 6;
	probe.ip_id = 0x30f0;
	probe.dport = 80;
	probe.have_dport = 1;
	/* Crypto profile on 1 input in 8: derivations make it slow. */
	cfg.no_crypto = (data[0] & 1) || (data[0] & 0x30);
	cfg.ext = (data[0] & 2) ? NEP_EXT_REPLY_ECHO : 0;
	cfg.passphrase = (const uint8_t *)"secret";
	cfg.passphrase_len = 6;
	cfg.nonce = cfg.no_crypto ? cn_nc : cn_tcp;
	cfg.fixed_seq = 1;
	cfg.seq = cfg.no_crypto ? 3606785471u : 2818509424u;
	cfg.clock = fixed_clock;
	cfg.probe = &probe;
	cfg.partner.version = 4;
	chunk = data[1] ? data[1] : size;
	s = nep_session_new(NEP_ROLE_CLIENT, &cfg, NULL);
	if (s == NULL)
		return 0;
	while (off < size) {
		size_t n = size - off < chunk ? size - off : chunk;

		nep_session_feed(s, data + off, n, &taken);
		off += taken;
		while (nep_session_poll(s, &ev) == 1) {
			if (ev.type == NEP_EV_ECHO &&
			    (ev.pkt_len > NEP_ECHO_MAX_PKT || ev.pkt == NULL))
				__builtin_trap();
			if (ev.type == NEP_EV_ECHO && ev.pkt_len)
				(void)*(volatile const uint8_t *)
					(ev.pkt + ev.pkt_len - 1);
		}
		(void)nep_session_output(s, &len);
		nep_session_consume(s, len);
		if (taken == 0 && n)
			__builtin_trap();
	}
	nep_session_free(s);
	return 0;
}
