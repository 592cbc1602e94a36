/* SPDX-License-Identifier: MIT */
/*
 * echo/session.c end to end in memory: server role against client role,
 * with crypto, --no-crypto, the extension and its absence, and crafted
 * (validly MACed) messages that break one rule each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "echo/crypto.h"
#include "echo/session.h"
#include "echo/spec.h"
#include "echo/wire.h"
#include "util/wire.h"

#define MAXEV 16

struct side {
	struct nep_session *s;
	struct nep_event ev[MAXEV];
	uint8_t pkt[MAXEV][1500]; /* copies: ev[i].pkt is borrowed only
				   * until the next poll/feed */
	int n;
	uint8_t last_out[NEP_ECHO_MAX]; /* last message written */
	size_t last_len;
};

static uint32_t srv_time = 1795420031, cli_time = 1795420031;

static uint32_t
clk(void *arg)
{
	return *(const uint32_t *)arg;
}

static const uint8_t sn[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static const uint8_t cn[32] = { 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
#define S0 0xfffffffeu /* exercises the wrap to 0 */
#define C0 0x10000000u

static struct nep_probe probe;

static void
base_cfg(struct nep_config *c, int server)
{
	memset(c, 0, sizeof(*c));
	c->passphrase = (const uint8_t *)"secret";
	c->passphrase_len = 6;
	c->fixed_seq = 1;
	c->seq = server ? S0 : C0;
	c->nonce = server ? sn : cn;
	c->clock = clk;
	c->clock_arg = server ? &srv_time : &cli_time;
	c->partner.version = 4;
	memcpy(c->partner.ip, server ? "\x0a\x09\x02\x01" : "\x0a\x09\x02\x02",
	       4);
	memset(&probe, 0, sizeof(probe));
	probe.ip_version = 4;
	probe.proto = 6;
	probe.ip_id = 0x30f0;
	probe.sport = 0xbd56;
	probe.dport = 80;
	probe.have_dport = 1;
	probe.seq = 0x752ed156;
	probe.flags = 2;
	probe.win = 1480;
	if (!server)
		c->probe = &probe;
}

/* Moves pending output of `from` into `to`, collecting to's events. */
static int
move(struct side *from, struct side *to)
{
	const uint8_t *p;
	size_t len, taken;

	p = nep_session_output(from->s, &len);
	if (len == 0)
		return 0;
	memcpy(from->last_out, p, len < sizeof(from->last_out) ?
	       len : sizeof(from->last_out));
	from->last_len = len;
	assert_int_equal(nep_session_feed(to->s, p, len, &taken), 0);
	assert_int_equal(taken, len);
	nep_session_consume(from->s, len);
	while (to->n < MAXEV && nep_session_poll(to->s, &to->ev[to->n]) == 1) {
		struct nep_event *e = &to->ev[to->n];

		if (e->pkt) {
			assert_true(e->pkt_len <= sizeof(to->pkt[0]));
			memcpy(to->pkt[to->n], e->pkt, e->pkt_len);
			e->pkt = to->pkt[to->n];
		}
		to->n++;
	}
	return 1;
}

static void
pump(struct side *srv, struct side *cli)
{
	while (move(srv, cli) | move(cli, srv))
		;
}

static void
open_pair(struct side *srv, struct side *cli, const struct nep_config *sc,
	  const struct nep_config *cc)
{
	memset(srv, 0, sizeof(*srv));
	memset(cli, 0, sizeof(*cli));
	srv->s = nep_session_new(NEP_ROLE_SERVER, sc, NULL);
	cli->s = nep_session_new(NEP_ROLE_CLIENT, cc, NULL);
	assert_non_null(srv->s);
	assert_non_null(cli->s);
}

static void
close_pair(struct side *srv, struct side *cli)
{
	nep_session_free(srv->s);
	nep_session_free(cli->s);
}

static void
echo_three(struct side *srv, struct side *cli, unsigned flags)
{
	static const size_t sizes[] = { 40, 576, 1500 };
	uint8_t pkt[1500];
	size_t i;
	int first = cli->n;

	for (i = 0; i < sizeof(pkt); i++)
		pkt[i] = (uint8_t)(i * 7);
	for (i = 0; i < 3; i++)
		assert_int_equal(nep_session_echo(srv->s, 0, pkt, sizes[i],
						  flags), 0);
	pump(srv, cli);
	assert_int_equal(cli->n, first + 3);
	for (i = 0; i < 3; i++) {
		const struct nep_event *e = &cli->ev[first + (int)i];

		assert_int_equal(e->type, NEP_EV_ECHO);
		assert_int_equal(e->pkt_len, sizes[i]);
		assert_memory_equal(e->pkt, pkt, sizes[i]);
		assert_int_equal(e->dlt, 0);
		assert_int_equal(!!(e->flags & NEP_EVF_REPLY),
				 !!(flags & NEP_ECHO_FLAG_REPLY));
	}
}

static void
run_basic(int no_crypto)
{
	struct nep_config sc, cc;
	struct side srv, cli;
	uint8_t k[16];

	base_cfg(&sc, 1);
	base_cfg(&cc, 0);
	sc.no_crypto = cc.no_crypto = no_crypto;
	open_pair(&srv, &cli, &sc, &cc);
	assert_int_equal(nep_session_key(cli.s, NEP_KEY_MAC_C2S, k), ERR_AGAIN);
	pump(&srv, &cli);
	assert_int_equal(srv.n, 2);
	assert_int_equal(srv.ev[0].type, NEP_EV_HANDSHAKE_DONE);
	assert_memory_equal(srv.ev[0].partner.ip, "\x0a\x09\x02\x02", 4);
	assert_int_equal(srv.ev[1].type, NEP_EV_SPEC);
	assert_int_equal(srv.ev[1].spec->n_items, 9);
	assert_int_equal(cli.n, 2);
	assert_int_equal(cli.ev[0].type, NEP_EV_HANDSHAKE_DONE);
	assert_memory_equal(cli.ev[0].partner.ip, "\x0a\x09\x02\x01", 4);
	assert_int_equal(cli.ev[0].seq, S0 + 1);
	assert_int_equal(cli.ev[1].type, NEP_EV_READY);
	assert_int_equal(cli.ev[1].seq, 0); /* S0 + 2 wrapped */
	assert_true(nep_session_live(srv.s) && nep_session_live(cli.s));
	assert_int_equal(nep_session_ext(cli.s), 0);
	echo_three(&srv, &cli, 0);
	assert_int_equal(nep_session_key(cli.s, NEP_KEY_MAC_C2S, k), 0);
	if (!no_crypto) {
		uint8_t want[16];

		nep_derive_key((const uint8_t *)"secret", 6, sn, cn,
			       NEP_KEY_MAC_C2S, want);
		assert_memory_equal(k, want, 16);
	} else {
		assert_memory_equal(k, (uint8_t[16]){ 0 }, 16);
	}
	assert_int_equal(nep_session_flags(cli.s), 0);
	close_pair(&srv, &cli);
}

static void
test_e2e(void **state)
{
	(void)state;
	run_basic(0);
	run_basic(1);
}

static void
test_nocrypto_is_clear(void **state)
{
	struct nep_config cc;
	struct nep_session *s;
	uint8_t hs[96];
	const uint8_t *out;
	size_t len, taken;
	struct nep_event ev;
	struct nep_hs_server m;

	(void)state;
	base_cfg(&cc, 0);
	cc.no_crypto = 1;
	s = nep_session_new(NEP_ROLE_CLIENT, &cc, NULL);
	memset(&m, 0, sizeof(m));
	m.h.seq = 5;
	nep_hs_server_encode(&m, hs, sizeof(hs), &len);
	nep_session_feed(s, hs, len, &taken);
	assert_int_equal(nep_session_poll(s, &ev), 0);
	out = nep_session_output(s, &len);
	assert_int_equal(len, 144);
	assert_memory_equal(out + 80, "\x0a\x09\x02\x02", 4); /* clear */
	assert_int_equal(out[96], 4);
	assert_memory_equal(out + 112, (uint8_t[32]){ 0 }, 32);
	nep_session_free(s);
}

static void
test_mismatch_fails(void **state)
{
	struct nep_config sc, cc;
	struct side srv, cli;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		base_cfg(&sc, 1);
		base_cfg(&cc, 0);
		if (i == 0)
			sc.no_crypto = 1;
		else if (i == 1)
			cc.no_crypto = 1;
		else
			cc.passphrase = (const uint8_t *)"Secret";
		open_pair(&srv, &cli, &sc, &cc);
		pump(&srv, &cli);
		assert_int_equal(cli.n, 1);
		assert_int_equal(cli.ev[0].type, NEP_EV_FAILED);
		assert_int_equal(cli.ev[0].code, ERR_AUTH);
		assert_string_equal(cli.ev[0].reason,
			"NEP_HANDSHAKE_SERVER authentication failed");
		assert_int_equal(srv.n, 0);
		assert_true(nep_session_dead(cli.s));
		close_pair(&srv, &cli);
	}
}

static void
test_extension(void **state)
{
	struct nep_config sc, cc;
	struct side srv, cli;

	(void)state;
	base_cfg(&sc, 1);
	base_cfg(&cc, 0);
	sc.ext = cc.ext = NEP_EXT_REPLY_ECHO;
	probe.ip_version = 6; /* RFC form to an npecho peer */
	probe.flow = 0x12345;
	open_pair(&srv, &cli, &sc, &cc);
	pump(&srv, &cli);
	assert_int_equal(srv.n, 2);
	assert_int_equal(srv.ev[0].ext, NEP_EXT_REPLY_ECHO);
	assert_int_equal(srv.ev[1].type, NEP_EV_SPEC);
	assert_int_equal(srv.ev[1].spec->ip_version, 6);
	assert_int_equal(srv.ev[1].spec->items[1].value, 0x12345);
	assert_int_equal(cli.ev[0].ext, NEP_EXT_REPLY_ECHO);
	assert_int_equal(nep_session_ext(cli.s), NEP_EXT_REPLY_ECHO);
	echo_three(&srv, &cli, 0);
	echo_three(&srv, &cli, NEP_ECHO_FLAG_REPLY);
	assert_int_equal(nep_session_echo(srv.s, 0x8000, (const uint8_t *)"x",
					  1, 0), ERR_INVALID);
	close_pair(&srv, &cli);
}

/*
 * The probe token: the client's session draws one when the extension is
 * agreed and the probe may carry it; the server gets it as the spec's
 * magic, scored on ICMP too.  Returns the token's length (0: none).
 */
static size_t
token_run(unsigned sext, unsigned cext, uint8_t proto, uint8_t icmp_type,
	  const char *payload, const struct nep_spec **spec_out,
	  struct side *srv, struct side *cli)
{
	struct nep_config sc, cc;
	uint8_t tok[NEP_PROBE_TOKEN_LEN];
	size_t n;

	base_cfg(&sc, 1);
	base_cfg(&cc, 0);
	sc.ext = sext;
	cc.ext = cext;
	probe.proto = proto;
	probe.icmp_type = icmp_type;
	probe.payload = (const uint8_t *)payload;
	probe.payload_len = payload ? strlen(payload) : 0;
	open_pair(srv, cli, &sc, &cc);
	pump(srv, cli);
	assert_int_equal(srv->ev[1].type, NEP_EV_SPEC);
	*spec_out = srv->ev[1].spec;
	n = nep_session_token(cli->s, tok);
	if (n) {
		assert_int_equal((*spec_out)->magic_len, n);
		assert_memory_equal((*spec_out)->magic, tok, n);
	}
	return n;
}

static void
test_probe_token(void **state)
{
	const struct nep_spec *sp;
	struct side srv, cli;
	uint8_t tok[NEP_PROBE_TOKEN_LEN], tok2[NEP_PROBE_TOKEN_LEN];
	size_t i;
	const struct { unsigned s, c; uint8_t proto, type; const char *pay;
		       size_t want; } cases[] = {
		{ NEP_EXT_ALL, NEP_EXT_ALL, 17, 0, NULL, 8 },   /* UDP */
		{ NEP_EXT_ALL, NEP_EXT_ALL, 1, 8, NULL, 8 },    /* ICMP echo */
		{ NEP_EXT_ALL, NEP_EXT_ALL, 1, 13, NULL, 0 },   /* timestamp */
		{ NEP_EXT_ALL, NEP_EXT_ALL, 6, 0, NULL, 0 },    /* TCP */
		{ NEP_EXT_ALL, NEP_EXT_ALL, 17, 0, "user", 0 }, /* user data */
		{ NEP_EXT_REPLY_ECHO, NEP_EXT_ALL, 17, 0, NULL, 0 }, /* server */
		{ NEP_EXT_ALL, NEP_EXT_REPLY_ECHO, 17, 0, NULL, 0 }, /* client */
		{ 0, NEP_EXT_ALL, 1, 8, NULL, 0 },              /* stock */
	};

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("case %zu\n", i);
		assert_int_equal(token_run(cases[i].s, cases[i].c,
					   cases[i].proto, cases[i].type,
					   cases[i].pay, &sp, &srv, &cli),
				 cases[i].want);
		/* The server scores the magic on ICMP only with the token. */
		assert_int_equal(sp->magic_icmp, cases[i].s & cases[i].c &
				 NEP_EXT_PROBE_TOKEN ? 1 : 0);
		if (cases[i].want)
			assert_int_equal(sp->magic_len, 8);
		else if (!cases[i].pay)
			assert_int_equal(sp->magic_len, 0);
		close_pair(&srv, &cli);
	}
	/* A user payload longer than the magic: the UDP length item counts
	 * all of it (doc/nep.md §8.2: E2 = 8 + payload length), the magic its
	 * first 8 bytes. */
	assert_int_equal(token_run(NEP_EXT_ALL, NEP_EXT_ALL, 17, 0,
				   "0123456789abcdefghij", &sp, &srv, &cli), 0);
	for (i = 0; i < sp->n_items; i++)
		if (sp->items[i].code == NEP_F_UDP_LEN)
			assert_int_equal(sp->items[i].value, 28);
	assert_int_equal(sp->magic_len, 8);
	assert_memory_equal(sp->magic, "01234567", 8);
	close_pair(&srv, &cli);
	/* Two sessions draw two tokens. */
	token_run(NEP_EXT_ALL, NEP_EXT_ALL, 17, 0, NULL, &sp, &srv, &cli);
	assert_int_equal(nep_session_token(cli.s, tok), 8);
	close_pair(&srv, &cli);
	token_run(NEP_EXT_ALL, NEP_EXT_ALL, 17, 0, NULL, &sp, &srv, &cli);
	assert_int_equal(nep_session_token(cli.s, tok2), 8);
	assert_memory_not_equal(tok, tok2, 8);
	close_pair(&srv, &cli);
}

/* Server output for a given pair of ext settings, as one byte string. */
static size_t
server_bytes(unsigned sext, unsigned cext, uint8_t *buf, size_t cap)
{
	struct nep_config sc, cc;
	struct side srv, cli;
	const uint8_t *p;
	size_t len, total = 0, taken;
	struct nep_event ev;

	base_cfg(&sc, 1);
	base_cfg(&cc, 0);
	sc.ext = sext;
	cc.ext = cext;
	open_pair(&srv, &cli, &sc, &cc);
	for (int round = 0; round < 4; round++) {
		p = nep_session_output(srv.s, &len);
		assert_true(total + len <= cap);
		memcpy(buf + total, p, len);
		total += len;
		nep_session_feed(cli.s, p, len, &taken);
		nep_session_consume(srv.s, len);
		while (nep_session_poll(cli.s, &ev) == 1)
			;
		move(&cli, &srv);
		if (round == 2) {
			assert_int_equal(nep_session_echo(srv.s, 0,
				(const uint8_t *)"0123456789abcdef0123", 20,
				NEP_ECHO_FLAG_REPLY),
				sext && cext ? 0 : ERR_PROTO);
			assert_int_equal(nep_session_echo(srv.s, 0,
				(const uint8_t *)"0123456789abcdef0123", 20,
				0), 0);
		}
	}
	close_pair(&srv, &cli);
	return total;
}

static void
test_stock_peers_see_stock_bytes(void **state)
{
	static uint8_t a[4096], b[4096], c[4096];
	size_t la, lb, lc;

	(void)state;
	la = server_bytes(0, 0, a, sizeof(a));
	lb = server_bytes(NEP_EXT_REPLY_ECHO, 0, b, sizeof(b));
	lc = server_bytes(0, NEP_EXT_REPLY_ECHO, c, sizeof(c));
	/* HS_SERVER, HS_FINAL, READY, one ECHO. */
	assert_int_equal(la, 96 + 112 + 48 + 80);
	assert_int_equal(lb, la);
	assert_memory_equal(a, b, la);
	assert_int_equal(lc, la);
	assert_memory_equal(a, c, la);
	lb = server_bytes(NEP_EXT_REPLY_ECHO, NEP_EXT_REPLY_ECHO, b,
			  sizeof(b));
	assert_true(lb > la); /* agreed: HS_FINAL differs, reply echo sent */
	assert_memory_not_equal(a + 96, b + 96, 112);
}

/* Output is bounded; partial writes and compaction keep the stream. */
static void
test_output_bound(void **state)
{
	struct nep_config sc, cc;
	struct side srv, cli;
	uint8_t pkt[1500];
	size_t len, taken;
	const uint8_t *p;
	int queued = 0, rc, i;

	(void)state;
	base_cfg(&sc, 1);
	base_cfg(&cc, 0);
	sc.out_max = 5000;
	open_pair(&srv, &cli, &sc, &cc);
	pump(&srv, &cli);
	memset(pkt, 0xab, sizeof(pkt));
	while ((rc = nep_session_echo(srv.s, 0, pkt, 1500, 0)) == 0)
		queued++;
	assert_int_equal(rc, ERR_LIMIT);
	assert_int_equal(queued, 3); /* 3 x 1552 <= 5000 */
	for (i = 0; i < 5; i++) {
		/* write 1000 bytes, then queue one more when it fits */
		p = nep_session_output(srv.s, &len);
		len = len < 1000 ? len : 1000;
		nep_session_feed(cli.s, p, len, &taken);
		nep_session_consume(srv.s, len);
		while (nep_session_poll(cli.s, &cli.ev[cli.n]) == 1)
			cli.n++;
		if (nep_session_echo(srv.s, 0, pkt, 1500, 0) == 0)
			queued++;
	}
	pump(&srv, &cli);
	assert_int_equal(cli.n, 2 + queued);
	for (i = 2; i < cli.n; i++) {
		assert_int_equal(cli.ev[i].type, NEP_EV_ECHO);
		assert_int_equal(cli.ev[i].pkt_len, 1500);
	}
	close_pair(&srv, &cli);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_e2e),
		cmocka_unit_test(test_nocrypto_is_clear),
		cmocka_unit_test(test_mismatch_fails),
		cmocka_unit_test(test_extension),
		cmocka_unit_test(test_probe_token),
		cmocka_unit_test(test_stock_peers_see_stock_bytes),
		cmocka_unit_test(test_output_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
