/* SPDX-License-Identifier: MIT */
/*
 * nep_bench: NEP costs on one core, all in memory (no sockets).
 *
 *   cc -O2 -Isrc bench/nep_bench.c build/libnpecho.a -lcrypto
 *
 * Rows: one key derivation (1001 x SHA-256), a whole handshake with both
 * roles (10 derivations + 5 messages), and NEP_ECHO seal (server) / open
 * (client: peek, decrypt, HMAC, checks) for 40, 576 and 1500-byte packets.
 * MB/s counts echoed packet bytes (10^6 bytes per second).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "echo/crypto.h"
#include "echo/session.h"
#include "echo/spec.h"
#include "echo/wire.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct nep_probe probe;

static void
cfg_for(struct nep_config *c, enum nep_role role)
{
	memset(c, 0, sizeof(*c));
	c->passphrase = (const uint8_t *)"benchmark passphrase";
	c->passphrase_len = 20;
	c->partner.version = 4;
	memset(&probe, 0, sizeof(probe));
	probe.ip_version = 4;
	probe.proto = 6;
	probe.ip_id = 1;
	probe.dport = 80;
	probe.have_dport = 1;
	if (role == NEP_ROLE_CLIENT)
		c->probe = &probe;
}

/* Moves one side's output into the other; 1 if anything moved. */
static int
move(struct nep_session *from, struct nep_session *to)
{
	struct nep_event ev;
	const uint8_t *p;
	size_t len, off = 0, taken;

	p = nep_session_output(from, &len);
	if (len == 0)
		return 0;
	while (off < len) {
		nep_session_feed(to, p + off, len - off, &taken);
		off += taken;
		while (nep_session_poll(to, &ev) == 1)
			if (ev.type == NEP_EV_FAILED) {
				fprintf(stderr, "nep_bench: %s\n", ev.reason);
				exit(1);
			}
	}
	nep_session_consume(from, len);
	return 1;
}

static int
handshake(struct nep_session **srv, struct nep_session **cli)
{
	struct nep_config sc, cc;

	cfg_for(&sc, NEP_ROLE_SERVER);
	cfg_for(&cc, NEP_ROLE_CLIENT);
	*srv = nep_session_new(NEP_ROLE_SERVER, &sc, NULL);
	*cli = nep_session_new(NEP_ROLE_CLIENT, &cc, NULL);
	if (*srv == NULL || *cli == NULL)
		return -1;
	while (move(*srv, *cli) | move(*cli, *srv))
		;
	return nep_session_live(*srv) && nep_session_live(*cli) ? 0 : -1;
}

static void
bench_keys(void)
{
	uint8_t sn[32] = { 1 }, cn[32] = { 2 }, k[16];
	double t0 = now_s(), dt;
	int i, n = 0;

	do {
		for (i = 0; i < 50; i++, n++)
			nep_derive_key((const uint8_t *)"pw", 2, sn, cn,
				       NEP_KEY_MAC_C2S, k);
		dt = now_s() - t0;
	} while (dt < 1.0);
	printf("%-34s %12.0f /s\n", "key derivation (one key)", n / dt);
}

static void
bench_handshakes(void)
{
	struct nep_session *s, *c;
	double t0 = now_s(), dt;
	int n = 0;

	do {
		if (handshake(&s, &c)) {
			fprintf(stderr, "nep_bench: handshake failed\n");
			exit(1);
		}
		nep_session_free(s);
		nep_session_free(c);
		n++;
		dt = now_s() - t0;
	} while (dt < 1.5);
	printf("%-34s %12.0f /s\n", "handshake (server+client)", n / dt);
}

static void
bench_echo(size_t plen)
{
	struct nep_session *s, *c;
	uint8_t pkt[1500];
	size_t n = (32u << 20) / (plen + 64), i, len;
	uint8_t *wire = malloc(n * nep_echo_len(plen));
	double t0, seal, open;
	const uint8_t *p;
	size_t off = 0;

	memset(pkt, 0x45, sizeof(pkt));
	if (wire)
		memset(wire, 0, n * nep_echo_len(plen)); /* fault pages in */
	if (wire == NULL || handshake(&s, &c)) {
		fprintf(stderr, "nep_bench: setup failed\n");
		exit(1);
	}
	t0 = now_s();
	for (i = 0; i < n; i++) {
		nep_session_echo(s, 0, pkt, plen, 0);
		p = nep_session_output(s, &len);
		memcpy(wire + off, p, len);
		off += len;
		nep_session_consume(s, len);
	}
	seal = now_s() - t0;
	t0 = now_s();
	for (i = 0; i < off;) {
		struct nep_event ev;
		size_t taken;

		nep_session_feed(c, wire + i, off - i, &taken);
		i += taken;
		while (nep_session_poll(c, &ev) == 1)
			if (ev.type != NEP_EV_ECHO)
				exit(1);
	}
	open = now_s() - t0;
	printf("%6zu %10zu %12.0f %10.1f %12.0f %10.1f\n", plen,
	       nep_echo_len(plen), n / seal, n * plen / seal / 1e6, n / open,
	       n * plen / open / 1e6);
	nep_session_free(s);
	nep_session_free(c);
	free(wire);
}

int
main(void)
{
	static const size_t sizes[] = { 40, 576, 1500 };
	size_t i;

	printf("NEP (Nping Echo Protocol) benchmark, one core\n\n");
	bench_keys();
	bench_handshakes();
	printf("\n%6s %10s %12s %10s %12s %10s\n", "packet", "NEP bytes",
	       "seal msg/s", "seal MB/s", "open msg/s", "open MB/s");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		bench_echo(sizes[i]);
	return 0;
}
