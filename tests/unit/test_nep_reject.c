/* SPDX-License-Identifier: MIT */
/*
 * Rejections, one rule at a time: the test plays the peer with its own
 * keys and CBC chain, so each crafted message carries a valid MAC and
 * breaks exactly one rule (doc/nep.md §6, §7, §8.3, §9.1, §11).
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

static uint32_t now_s = 1795420031;

static uint32_t
clk(void *arg)
{
	(void)arg;
	return now_s;
}

static const uint8_t sn[32] = { 0xaa, 1, 2, 3 };
static const uint8_t cn[32] = { 0xbb, 4, 5, 6 };
#define S0 1000u
#define C0 5000u
#define PASS ((const uint8_t *)"pw")

struct rig {
	struct nep_session *srv, *cli;
	uint8_t hs_client[144], hs_final[112];
	struct nep_chan c2s, s2c; /* the test's own copies of the chains */
	uint8_t k[NEP_KEY_COUNT][16];
};

static struct nep_probe probe;

static void
cfg_for(struct nep_config *c, int server)
{
	memset(c, 0, sizeof(*c));
	c->passphrase = PASS;
	c->passphrase_len = 2;
	c->fixed_seq = 1;
	c->seq = server ? S0 : C0;
	c->nonce = server ? sn : cn;
	c->clock = clk;
	c->partner.version = 4;
	memset(&probe, 0, sizeof(probe));
	probe.ip_version = 4;
	probe.proto = 17;
	probe.ip_id = 7;
	probe.sport = 53;
	probe.dport = 5353;
	probe.have_dport = 1;
	if (!server)
		c->probe = &probe;
}

static size_t
take(struct nep_session *s, uint8_t *buf, size_t cap)
{
	const uint8_t *p;
	size_t len;

	p = nep_session_output(s, &len);
	assert_true(len <= cap);
	if (len)
		memcpy(buf, p, len);
	nep_session_consume(s, len);
	return len;
}

/* Feeds bytes; returns the number of events stored in ev[]. */
static int
feed(struct nep_session *s, const uint8_t *p, size_t len,
     struct nep_event *ev, int max)
{
	size_t taken;
	int n = 0;

	assert_int_equal(nep_session_feed(s, p, len, &taken), 0);
	assert_int_equal(taken, len);
	while (n < max && nep_session_poll(s, &ev[n]) == 1)
		n++;
	return n;
}

/* Both sessions after HS_CLIENT; HS_FINAL captured but not delivered. */
static void
rig_open(struct rig *r, unsigned srv_window)
{
	struct nep_config sc, cc;
	struct nep_event ev[2];
	uint8_t buf[200];
	size_t n;
	int i;

	memset(r, 0, sizeof(*r));
	cfg_for(&sc, 1);
	cfg_for(&cc, 0);
	sc.ts_window = srv_window;
	r->srv = nep_session_new(NEP_ROLE_SERVER, &sc, NULL);
	r->cli = nep_session_new(NEP_ROLE_CLIENT, &cc, NULL);
	n = take(r->srv, buf, sizeof(buf));
	assert_int_equal(feed(r->cli, buf, n, ev, 2), 0);
	assert_int_equal(take(r->cli, r->hs_client, 144), 144);
	assert_int_equal(feed(r->srv, r->hs_client, 144, ev, 2), 1);
	assert_int_equal(ev[0].type, NEP_EV_HANDSHAKE_DONE);
	assert_int_equal(take(r->srv, r->hs_final, 112), 112);
	for (i = 0; i < NEP_KEY_COUNT; i++)
		nep_derive_key(PASS, 2, sn, cn, i, r->k[i]);
	nep_chan_init(&r->c2s, 0, r->k[NEP_KEY_MAC_C2S],
		      r->k[NEP_KEY_CIPHER_C2S], r->hs_client + 96);
	nep_chan_init(&r->s2c, 0, r->k[NEP_KEY_MAC_S2C],
		      r->k[NEP_KEY_CIPHER_S2C], sn);
}

static void
rig_close(struct rig *r)
{
	nep_session_free(r->srv);
	nep_session_free(r->cli);
	nep_chan_clear(&r->c2s);
	nep_chan_clear(&r->s2c);
}

static void
seal(struct nep_chan *c, uint8_t *m, size_t len)
{
	size_t off, n;

	assert_int_equal(nep_enc_range(m[1], len, &off, &n), 0);
	assert_int_equal(nep_chan_seal(c, m, len, off, n), 0);
}

/* A PACKET_SPEC with a valid MAC; mutate() may break one thing. */
static size_t
spec_msg(uint8_t *m, uint32_t seq, uint32_t ts, int items)
{
	struct nep_packet_spec ps;
	struct nep_spec s;
	size_t len;

	nep_spec_build(&probe, NEP_FORM_0793, &s);
	s.n_items = (uint8_t)items;
	memset(&ps, 0, sizeof(ps));
	nep_spec_to_msg(&s, &ps);
	ps.h.seq = seq;
	ps.h.ts = ts;
	nep_packet_spec_encode(&ps, m, 160, &len);
	return len;
}

/* Server output must be one NEP_ERROR carrying `text`. */
static void
expect_error_out(struct nep_session *s, struct nep_chan *c,
		 const char *text)
{
	uint8_t m[256];
	struct nep_error e;

	assert_int_equal(take(s, m, sizeof(m)), 128);
	assert_int_equal(nep_chan_open(c, m, 128, 0, 96), 0);
	assert_int_equal(nep_error_decode(m, 128, &e), 0);
	assert_int_equal(e.h.type, NEP_ERROR);
	assert_string_equal(e.text, text);
}

enum spec_fault {
	F_NONE, F_SEQ, F_VERSION, F_TYPE, F_TOTAL, F_ITEMS, F_DUP, F_MAC,
	F_TS,
};

static void
spec_case(enum spec_fault f, const char *reason)
{
	struct nep_event ev[3];
	struct rig r;
	uint8_t m[160];
	size_t len;
	int n;

	rig_open(&r, f == F_TS ? 60 : 0);
	len = spec_msg(m, C0 + 1 + (f == F_SEQ), now_s + (f == F_TS) * 120,
		       f == F_ITEMS ? 3 : 6);
	if (f == F_VERSION)
		m[0] = 2;
	if (f == F_TYPE)
		m[1] = NEP_READY;
	if (f == F_TOTAL)
		m[3] = 41;
	if (f == F_DUP)
		m[20 + 14] = 0xa0; /* A3 11 -> A0 11: a second A0 */
	seal(&r.c2s, m, len);
	if (f == F_MAC)
		m[159] ^= 1;
	n = feed(r.srv, m, len, ev, 3);
	assert_int_equal(n, 1);
	if (f == F_NONE) {
		assert_int_equal(ev[0].type, NEP_EV_SPEC);
		assert_true(nep_session_live(r.srv));
	} else {
		assert_int_equal(ev[0].type, NEP_EV_FAILED);
		assert_string_equal(ev[0].reason, reason);
		assert_int_equal(ev[0].code, f == F_MAC ? ERR_AUTH :
				 f >= F_ITEMS && f <= F_DUP ? ERR_INVALID :
				 ERR_PROTO);
		/* READY's slot: the S2C chain continues after HS_FINAL. */
		nep_chan_set(&r.s2c, r.k[NEP_KEY_MAC_S2C],
			     r.k[NEP_KEY_CIPHER_S2C], r.hs_final + 64);
		expect_error_out(r.srv, &r.s2c, reason);
		assert_true(nep_session_dead(r.srv));
		assert_int_equal(nep_session_echo(r.srv, 0, m, 40, 0),
				 ERR_PROTO);
	}
	rig_close(&r);
}

static void
test_server_spec_rules(void **state)
{
	(void)state;
	spec_case(F_NONE, NULL);
	spec_case(F_SEQ, "sequence not last+1");
	spec_case(F_VERSION, "wrong version");
	spec_case(F_TYPE, "unexpected message type");
	spec_case(F_TOTAL, "wrong length for type");
	spec_case(F_ITEMS, "PacketSpec has fewer than 4 items");
	spec_case(F_DUP, "PacketSpec has a duplicate item");
	spec_case(F_MAC, "NEP_PACKET_SPEC authentication failed");
	spec_case(F_TS, "timestamp out of window");
}

static void
test_server_error_and_strays(void **state)
{
	struct nep_event ev[3];
	struct nep_error e;
	struct rig r;
	uint8_t m[200];
	size_t len;

	(void)state;
	/* A client NEP_ERROR instead of PACKET_SPEC ends the handshake. */
	rig_open(&r, 0);
	memset(&e, 0, sizeof(e));
	e.h.seq = C0 + 1;
	strcpy(e.text, "client gives up");
	nep_error_encode(&e, m, sizeof(m), &len);
	seal(&r.c2s, m, len);
	assert_int_equal(feed(r.srv, m, len, ev, 3), 2);
	assert_int_equal(ev[0].type, NEP_EV_ERROR_RECEIVED);
	assert_string_equal(ev[0].text, "client gives up");
	assert_int_equal(ev[1].type, NEP_EV_FAILED);
	rig_close(&r);

	/* After READY: junk is ignored, a NEP_ERROR is reported, still live. */
	rig_open(&r, 0);
	len = spec_msg(m, C0 + 1, now_s + 2 * NEP_DAY, 6);
	seal(&r.c2s, m, len);
	assert_int_equal(feed(r.srv, m, len, ev, 3), 1);
	assert_int_equal(ev[0].type, NEP_EV_SPEC);
	assert_true(ev[0].flags & NEP_EVF_TS_SKEW); /* > 1 day: flagged */
	assert_int_equal(feed(r.srv, (const uint8_t *)"junkjunkjunkjunk", 16,
			      ev, 3), 0);
	e.h.seq = C0 + 2;
	nep_error_encode(&e, m, sizeof(m), &len);
	seal(&r.c2s, m, len);
	assert_int_equal(feed(r.srv, m, len, ev, 3), 1);
	assert_int_equal(ev[0].type, NEP_EV_ERROR_RECEIVED);
	assert_true(nep_session_live(r.srv));
	assert_int_equal(nep_session_echo(r.srv, 0, m, 40, 0), 0);
	rig_close(&r);
}

/* An HS_CLIENT echoing snonce, sealed with the C2S keys of (sn, cn) as
 * the test's client derives them; its length. */
static size_t
hs_client_msg(uint8_t *m, size_t cap, const uint8_t *snonce, uint32_t ts)
{
	struct nep_hs_client hc;
	struct nep_chan c;
	uint8_t mac[16], ciph[16];
	size_t len = 0;

	memset(&hc, 0, sizeof(hc));
	hc.h.ts = ts;
	hc.h.seq = C0;
	memcpy(hc.server_nonce, snonce, 32);
	memcpy(hc.client_nonce, cn, 32);
	hc.partner.version = 4;
	nep_hs_client_encode(&hc, m, cap, &len);
	nep_derive_key(PASS, 2, sn, cn, NEP_KEY_MAC_C2S, mac);
	nep_derive_key(PASS, 2, sn, cn, NEP_KEY_CIPHER_C2S, ciph);
	nep_chan_init(&c, 0, mac, ciph, cn);
	seal(&c, m, len);
	nep_chan_clear(&c);
	return len;
}

static void
test_server_nonce_echo(void **state)
{
	struct nep_config sc;
	struct nep_event ev[2];
	struct nep_session *s;
	uint8_t m[200];
	size_t len;

	(void)state;
	cfg_for(&sc, 1);
	s = nep_session_new(NEP_ROLE_SERVER, &sc, NULL);
	take(s, m, sizeof(m));
	len = hs_client_msg(m, sizeof(m), cn, 0); /* wrong: not the nonce */
	assert_int_equal(nep_session_kdf_runs(s), 1); /* HS_SERVER's key */
	assert_int_equal(feed(s, m, len, ev, 2), 1);
	assert_int_equal(ev[0].type, NEP_EV_FAILED);
	assert_string_equal(ev[0].reason, "server nonce not echoed");
	/* Refused on the clear bytes: no key derived for it, and no key to
	 * authenticate a NEP_ERROR with (nping closes too). */
	assert_int_equal(nep_session_kdf_runs(s), 1);
	assert_int_equal(take(s, m, sizeof(m)), 0);
	nep_session_free(s);
}

/*
 * What an HS_CLIENT costs the server in key derivations (1,001 SHA-256
 * rounds each): a timestamp out of the window none, a bad MAC the two
 * C2S keys it needs to open it, a good one all four.
 */
static int
hs_client_kdfs(int bad_mac, uint32_t ts, enum nep_event_type *type)
{
	struct nep_config sc;
	struct nep_event ev[2];
	struct nep_session *s;
	uint8_t m[200];
	size_t len;
	int n;

	cfg_for(&sc, 1);
	sc.ts_window = 600;
	s = nep_session_new(NEP_ROLE_SERVER, &sc, NULL);
	take(s, m, sizeof(m));
	len = hs_client_msg(m, sizeof(m), sn, ts);
	if (bad_mac)
		m[len - 1] ^= 1;
	assert_int_equal(feed(s, m, len, ev, 2), 1);
	*type = ev[0].type;
	n = (int)nep_session_kdf_runs(s);
	nep_session_free(s);
	return n;
}

static void
test_server_derives_late(void **state)
{
	enum nep_event_type t;

	(void)state;
	assert_int_equal(hs_client_kdfs(0, now_s, &t), 5);
	assert_int_equal(t, NEP_EV_HANDSHAKE_DONE);
	assert_int_equal(hs_client_kdfs(1, now_s, &t), 3);
	assert_int_equal(t, NEP_EV_FAILED);
	assert_int_equal(hs_client_kdfs(0, now_s - 3600, &t), 1);
	assert_int_equal(t, NEP_EV_FAILED);
}

/* Client receiving a crafted HS_FINAL. */
static void
final_case(uint32_t seq, const uint8_t *nonce, const char *reason)
{
	struct nep_hs_final hf;
	struct nep_event ev[2];
	struct rig r;
	uint8_t m[200];
	size_t len;

	rig_open(&r, 0);
	memset(&hf, 0, sizeof(hf));
	hf.h.seq = seq;
	memcpy(hf.client_nonce, nonce, 32);
	hf.partner.version = 4;
	memcpy(hf.partner.ip, "\xc0\x00\x02\x63", 4); /* fake: accepted */
	nep_hs_final_encode(&hf, m, sizeof(m), &len);
	seal(&r.s2c, m, len);
	assert_int_equal(feed(r.cli, m, len, ev, 2), 1);
	if (reason == NULL) {
		assert_int_equal(ev[0].type, NEP_EV_HANDSHAKE_DONE);
		assert_memory_equal(ev[0].partner.ip, hf.partner.ip, 4);
		assert_int_equal(take(r.cli, m, sizeof(m)), 160);
	} else {
		assert_int_equal(ev[0].type, NEP_EV_FAILED);
		assert_string_equal(ev[0].reason, reason);
		expect_error_out(r.cli, &r.c2s, reason);
	}
	rig_close(&r);
}

static void
test_client_final_rules(void **state)
{
	(void)state;
	final_case(S0 + 1, cn, NULL);
	final_case(S0 + 8, cn, "sequence not last+1");
	final_case(S0 + 1, sn, "client nonce not echoed");
}

/* Client brought to READY with the test's S2C chain after READY. */
static void
rig_live(struct rig *r)
{
	struct nep_event ev[2];
	uint8_t m[200];

	rig_open(r, 0);
	assert_int_equal(feed(r->cli, r->hs_final, 112, ev, 2), 1);
	assert_int_equal(take(r->cli, m, sizeof(m)), 160);
	assert_int_equal(feed(r->srv, m, 160, ev, 2), 1);
	assert_int_equal(take(r->srv, m, sizeof(m)), 48);
	assert_int_equal(feed(r->cli, m, 48, ev, 2), 1);
	assert_int_equal(ev[0].type, NEP_EV_READY);
	nep_chan_set(&r->s2c, r->k[NEP_KEY_MAC_S2C], r->k[NEP_KEY_CIPHER_S2C],
		     m);
}

static size_t
echo_msg(struct rig *r, uint8_t *m, uint32_t seq, size_t plen)
{
	static const uint8_t pkt[64] = { 0x45 };
	struct nep_echo e;
	size_t len;

	memset(&e, 0, sizeof(e));
	e.h.seq = seq;
	e.h.ts = now_s;
	e.pkt = pkt;
	e.pkt_len = (uint16_t)plen;
	nep_echo_encode(&e, m, 200, &len);
	(void)r;
	return len;
}

static void
expect_one(struct rig *r, uint8_t *m, size_t len, enum nep_event_type t,
	   const char *reason)
{
	struct nep_event ev[2];

	seal(&r->s2c, m, len);
	assert_int_equal(feed(r->cli, m, len, ev, 2), 1);
	assert_int_equal(ev[0].type, t);
	if (reason)
		assert_string_equal(ev[0].reason, reason);
}

static void
test_client_echo_rules(void **state)
{
	struct rig r;
	uint8_t m[200];
	size_t len;
	struct nep_event ev[2];

	(void)state;
	rig_live(&r);
	len = echo_msg(&r, m, S0 + 4, 40); /* skips S0+3 */
	expect_one(&r, m, len, NEP_EV_DROPPED, "sequence not last+1");
	len = echo_msg(&r, m, S0 + 3, 40);
	expect_one(&r, m, len, NEP_EV_ECHO, NULL);
	/* Bad MAC: dropped, but its sequence number is used up. */
	len = echo_msg(&r, m, S0 + 4, 40);
	seal(&r.s2c, m, len);
	m[len - 1] ^= 1;
	assert_int_equal(feed(r.cli, m, len, ev, 2), 1);
	assert_int_equal(ev[0].type, NEP_EV_DROPPED);
	assert_int_equal(ev[0].code, ERR_AUTH);
	len = echo_msg(&r, m, S0 + 5, 28);
	expect_one(&r, m, len, NEP_EV_ECHO, NULL);
	/* Packet Length disagreeing with Total Length. */
	len = echo_msg(&r, m, S0 + 6, 40);
	m[19] = 70;
	expect_one(&r, m, len, NEP_EV_DROPPED, "wrong length for type");
	/* Wrong version. */
	len = echo_msg(&r, m, S0 + 7, 40);
	m[0] = 9;
	expect_one(&r, m, len, NEP_EV_DROPPED, "wrong version");
	/* A NEP_ERROR in the echo stream is reported; session goes on. */
	{
		struct nep_error e;

		memset(&e, 0, sizeof(e));
		e.h.seq = S0 + 7;
		strcpy(e.text, "bye");
		nep_error_encode(&e, m, sizeof(m), &len);
		expect_one(&r, m, len, NEP_EV_ERROR_RECEIVED, NULL);
		assert_true(nep_session_live(r.cli));
	}
	len = echo_msg(&r, m, S0 + 8, 40);
	expect_one(&r, m, len, NEP_EV_ECHO, NULL);
	/* Total Length beyond 9264 cannot be framed: fatal. */
	len = echo_msg(&r, m, S0 + 9, 40);
	put_be16(m + 2, 9280 / 4);
	expect_one(&r, m, len, NEP_EV_FAILED, "bad ECHO Total Length");
	rig_close(&r);
}

static void
test_client_ready_seq(void **state)
{
	struct nep_event ev[2];
	struct nep_hdr h;
	struct rig r;
	uint8_t m[200];
	size_t len;

	(void)state;
	rig_open(&r, 0);
	assert_int_equal(feed(r.cli, r.hs_final, 112, ev, 2), 1);
	take(r.cli, m, sizeof(m));
	nep_chan_set(&r.s2c, r.k[NEP_KEY_MAC_S2C], r.k[NEP_KEY_CIPHER_S2C],
		     r.hs_final + 64);
	memset(&h, 0, sizeof(h));
	h.seq = S0 + 3;
	nep_ready_encode(&h, m, sizeof(m), &len);
	expect_one(&r, m, len, NEP_EV_FAILED, "sequence not last+1");
	rig_close(&r);
}

static void
test_config_errors(void **state)
{
	struct nep_config c;
	struct errbuf eb;
	struct nep_session *s;
	static uint8_t big[2000];

	(void)state;
	cfg_for(&c, 0);
	c.probe = NULL;
	assert_null(nep_session_new(NEP_ROLE_CLIENT, &c, &eb));
	assert_non_null(strstr(eb.msg, "spec or probe"));
	cfg_for(&c, 1);
	c.passphrase = big;
	c.passphrase_len = sizeof(big);
	assert_null(nep_session_new(NEP_ROLE_SERVER, &c, &eb));
	assert_null(nep_session_new(7, &c, &eb));
	cfg_for(&c, 1);
	c.out_max = 200; /* HS_SERVER fits, nothing else */
	s = nep_session_new(NEP_ROLE_SERVER, &c, &eb);
	assert_non_null(s);
	assert_int_equal(nep_session_echo(s, 0, big, 40, 0), ERR_PROTO);
	nep_session_free(s);
	nep_session_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_spec_rules),
		cmocka_unit_test(test_server_error_and_strays),
		cmocka_unit_test(test_server_nonce_echo),
		cmocka_unit_test(test_server_derives_late),
		cmocka_unit_test(test_client_final_rules),
		cmocka_unit_test(test_client_echo_rules),
		cmocka_unit_test(test_client_ready_seq),
		cmocka_unit_test(test_config_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
