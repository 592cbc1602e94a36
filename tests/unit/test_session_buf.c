/* SPDX-License-Identifier: MIT */
/*
 * echo/session.c buffers on demand (session_int.h): an idle live session
 * holds small buffers; a burst grows them up to their bounds; draining
 * gives the big ones back; the bounds hold (input NEP_IN_CAP, output
 * cfg.out_max); bytes survive every growth and move.
 *
 * White-box: reads in_cap/out_cap through session_int.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "echo/session.h"
#include "echo/session_int.h"

static struct nep_probe probe;

static void
cfg_of(struct nep_config *c, int server, int no_crypto)
{
	memset(c, 0, sizeof(*c));
	c->passphrase = (const uint8_t *)"buffers";
	c->passphrase_len = 7;
	c->no_crypto = no_crypto;
	c->partner.version = 4;
	memcpy(c->partner.ip, "\x0a\x00\x00\x01", 4);
	memset(&probe, 0, sizeof(probe));
	probe.ip_version = 4;
	probe.proto = 1;
	probe.ip_id = 0x1234;
	probe.icmp_type = 8;
	if (!server)
		c->probe = &probe;
}

/* Moves all of from's output into to; polls to; returns events seen. */
static int
move(struct nep_session *from, struct nep_session *to)
{
	struct nep_event ev;
	const uint8_t *p;
	size_t len, taken;
	int n = 0;

	p = nep_session_output(from, &len);
	while (len > 0) {
		nep_session_feed(to, p, len, &taken);
		assert_true(taken > 0);
		nep_session_consume(from, taken);
		while (nep_session_poll(to, &ev) == 1) {
			assert_true(ev.type != NEP_EV_FAILED);
			n++;
		}
		p = nep_session_output(from, &len);
	}
	return n;
}

static void
open_live(struct nep_session **srv, struct nep_session **cli, int no_crypto,
	  size_t out_max)
{
	struct nep_config sc, cc;
	int i;

	cfg_of(&sc, 1, no_crypto);
	cfg_of(&cc, 0, no_crypto);
	sc.out_max = out_max;
	*srv = nep_session_new(NEP_ROLE_SERVER, &sc, NULL);
	*cli = nep_session_new(NEP_ROLE_CLIENT, &cc, NULL);
	assert_non_null(*srv);
	assert_non_null(*cli);
	for (i = 0; i < 8; i++)
		move(*srv, *cli), move(*cli, *srv);
	assert_true(nep_session_live(*srv));
	assert_true(nep_session_live(*cli));
}

static void
fill(uint8_t *p, size_t len, unsigned seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 31 + seed);
}

/* After the handshake both sides hold at most the minimum buffers. */
static void
test_idle_is_small(void **state)
{
	struct nep_session *srv, *cli;

	(void)state;
	open_live(&srv, &cli, 0, 0);
	assert_true(srv->in_cap <= NEP_IN_MIN);
	assert_true(srv->out_cap <= NEP_OUT_MIN);
	assert_true(cli->in_cap <= NEP_IN_MIN);
	assert_true(cli->out_cap <= NEP_OUT_MIN);
	/* The struct itself no longer embeds the 27 KB of buffers. */
	assert_true(sizeof(struct nep_session) < 4096);
	nep_session_free(srv);
	nep_session_free(cli);
}

/* A burst of echoes grows the output; draining frees it; the next echo
 * starts small again.  Every echo arrives intact. */
static void
test_out_grows_then_shrinks(void **state)
{
	static uint8_t pkt[1500];
	struct nep_session *srv, *cli;
	struct nep_event ev;
	const uint8_t *p;
	size_t len, taken, off;
	int i, got = 0;

	(void)state;
	open_live(&srv, &cli, 0, 0);
	for (i = 0; i < 100; i++) {
		fill(pkt, sizeof(pkt), (unsigned)i);
		assert_int_equal(nep_session_echo(srv, 0, pkt, sizeof(pkt), 0),
				 0);
	}
	assert_true(srv->out_cap >= 100 * nep_echo_len(sizeof(pkt)));
	assert_true(srv->out_cap > NEP_OUT_KEEP);
	/* Drain in odd pieces, so the client's input splits messages. */
	p = nep_session_output(srv, &len);
	for (off = 0; len > 0; ) {
		size_t step = len < 777 ? len : 777;

		nep_session_feed(cli, p, step, &taken);
		assert_int_equal(taken, step);
		nep_session_consume(srv, step);
		off += step;
		while (nep_session_poll(cli, &ev) == 1) {
			assert_int_equal(ev.type, NEP_EV_ECHO);
			assert_int_equal(ev.pkt_len, sizeof(pkt));
			fill(pkt, sizeof(pkt), (unsigned)got);
			assert_memory_equal(ev.pkt, pkt, sizeof(pkt));
			got++;
		}
		p = nep_session_output(srv, &len);
	}
	assert_int_equal(got, 100);
	assert_null(srv->out);
	assert_int_equal(srv->out_cap, 0);
	assert_int_equal(nep_session_echo(srv, 0, pkt, 28, 0), 0);
	assert_true(srv->out_cap <= NEP_OUT_MIN);
	assert_int_equal(move(srv, cli), 1);
	nep_session_free(srv);
	nep_session_free(cli);
}

/* The output bound (cfg.out_max) is hit exactly, never passed. */
static void
test_out_max(void **state)
{
	static uint8_t pkt[1000];
	struct nep_session *srv, *cli;
	size_t wl = nep_echo_len(sizeof(pkt)), len;
	int i, rc = 0;

	(void)state;
	open_live(&srv, &cli, 1, 8192);
	for (i = 0; i < 100 && rc == 0; i++)
		rc = nep_session_echo(srv, 0, pkt, sizeof(pkt), 0);
	assert_int_equal(rc, ERR_LIMIT);
	nep_session_output(srv, &len);
	assert_int_equal(len, (8192 / wl) * wl);
	assert_true(srv->out_cap <= 8192);
	nep_session_consume(srv, wl); /* room for one more */
	assert_int_equal(nep_session_echo(srv, 0, pkt, sizeof(pkt), 0), 0);
	assert_true(srv->out_cap <= 8192);
	nep_session_free(srv);
	nep_session_free(cli);
}

/* Input: one feed of more than NEP_IN_CAP takes exactly NEP_IN_CAP; the
 * buffer never passes it; once empty it is freed at the next poll; the
 * rest then arrives intact. */
static void
test_in_max_then_freed(void **state)
{
	static uint8_t pkt[NEP_ECHO_MAX_PKT];
	struct nep_session *srv, *cli;
	struct nep_event ev;
	const uint8_t *p;
	size_t len, taken;
	int i, got = 0, polls;

	(void)state;
	open_live(&srv, &cli, 0, 0);
	for (i = 0; i < 5; i++) {
		fill(pkt, sizeof(pkt), (unsigned)i);
		assert_int_equal(nep_session_echo(srv, 0, pkt, sizeof(pkt), 0),
				 0);
	}
	p = nep_session_output(srv, &len);
	assert_int_equal(len, 5 * (size_t)NEP_ECHO_MAX);
	nep_session_feed(cli, p, len, &taken);
	assert_int_equal(taken, NEP_IN_CAP);
	assert_int_equal(cli->in_cap, NEP_IN_CAP);
	nep_session_feed(cli, p + taken, len - taken, &taken);
	assert_int_equal(taken, 0); /* full: poll first */
	p += NEP_IN_CAP;
	len -= NEP_IN_CAP;
	for (polls = 0; polls < 100; polls++) {
		if (nep_session_poll(cli, &ev) == 1) {
			assert_int_equal(ev.type, NEP_EV_ECHO);
			fill(pkt, sizeof(pkt), (unsigned)got);
			assert_memory_equal(ev.pkt, pkt, sizeof(pkt));
			got++;
			continue;
		}
		if (len == 0)
			break;
		nep_session_feed(cli, p, len, &taken);
		assert_true(cli->in_cap <= NEP_IN_CAP);
		p += taken;
		len -= taken;
	}
	assert_int_equal(got, 5);
	/* All consumed; the poll that returned 0 gave the buffer back. */
	assert_int_equal(cli->in_len, 0);
	assert_null(cli->in);
	nep_session_free(srv);
	nep_session_free(cli);
}

/* A message cut at every byte still frames and opens (the buffer grows
 * from nothing across feeds of one byte). */
static void
test_in_bytewise(void **state)
{
	static uint8_t pkt[300];
	struct nep_session *srv, *cli;
	struct nep_event ev;
	const uint8_t *p;
	size_t len, i, taken;
	int got = 0;

	(void)state;
	open_live(&srv, &cli, 0, 0);
	fill(pkt, sizeof(pkt), 7);
	assert_int_equal(nep_session_echo(srv, 0, pkt, sizeof(pkt), 0), 0);
	p = nep_session_output(srv, &len);
	for (i = 0; i < len; i++) {
		nep_session_feed(cli, p + i, 1, &taken);
		assert_int_equal(taken, 1);
		while (nep_session_poll(cli, &ev) == 1) {
			assert_int_equal(i, len - 1);
			assert_memory_equal(ev.pkt, pkt, sizeof(pkt));
			got++;
		}
	}
	assert_int_equal(got, 1);
	nep_session_free(srv);
	nep_session_free(cli);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idle_is_small),
		cmocka_unit_test(test_out_grows_then_shrinks),
		cmocka_unit_test(test_out_max),
		cmocka_unit_test(test_in_max_then_freed),
		cmocka_unit_test(test_in_bytewise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
