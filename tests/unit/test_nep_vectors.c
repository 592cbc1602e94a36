/* SPDX-License-Identifier: MIT */
/*
 * NEP against the real nping 0.7.93 sessions in shared/nep/vectors
 * (pre-extracted to tests/data/nep/<name>.vec by extract.py): keys, both
 * roles replayed with the captured nonces/sequences/timestamps producing
 * byte-identical output, badpass, and every message cut, split and flipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "echo/crypto.h"
#include "echo/session.h"
#include "echo/spec.h"
#include "echo/wire.h"
#include "util/wire.h"

#define MAX_MSG 16

struct vmsg {
	char dir; /* 'S' server->client, 'C' client->server */
	int type;
	uint32_t seq, ts;
	size_t len;
	uint8_t wire[NEP_ECHO_MAX];
	uint8_t plain[NEP_ECHO_MAX];
};

struct vec {
	uint8_t pass[64], cpass[64];
	size_t pass_len, cpass_len;
	int no_crypto;
	uint8_t sn[32], cn[32];
	uint8_t key[NEP_KEY_COUNT][16];
	int has_key[NEP_KEY_COUNT];
	int n;
	struct vmsg m[MAX_MSG];
};

static const char *const names[] = {
	"tcp", "udp", "icmp", "nocrypto", "nat", "tcp_payload",
	"icmp_payload_safe", "badpass", "udp_big", "ipv6",
};
#define N_NAMES (sizeof(names) / sizeof(names[0]))

static size_t
unhex(const char *h, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (h[0] && h[1] && n < cap && sscanf(h, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

static const char *const key_names[NEP_KEY_COUNT] = {
	"MAC_S2C_INITIAL", "MAC_C2S", "MAC_S2C", "CIPHER_C2S", "CIPHER_S2C",
};

static void
parse_line(struct vec *v, char *line)
{
	static char a[20000], b[20000], c[64];
	struct vmsg *m;
	int k;

	if (sscanf(line, "passphrase %63s", a) == 1)
		v->pass_len = unhex(a, v->pass, sizeof(v->pass));
	else if (sscanf(line, "client_passphrase %63s", a) == 1)
		v->cpass_len = unhex(a, v->cpass, sizeof(v->cpass));
	else if (sscanf(line, "no_crypto %d", &v->no_crypto) == 1)
		;
	else if (sscanf(line, "server_nonce %64s", a) == 1)
		unhex(a, v->sn, 32);
	else if (sscanf(line, "client_nonce %64s", a) == 1)
		unhex(a, v->cn, 32);
	else if (sscanf(line, "key %63s %63s", c, a) == 2) {
		for (k = 0; k < NEP_KEY_COUNT; k++)
			if (strcmp(c, key_names[k]) == 0 && a[0] != '-')
				v->has_key[k] = unhex(a, v->key[k], 16) == 16;
	} else if (strncmp(line, "msg ", 4) == 0) {
		assert_true(v->n < MAX_MSG);
		m = &v->m[v->n++];
		assert_int_equal(sscanf(line, "msg %c %d %u %u %19999s %19999s",
					&m->dir, &m->type, &m->seq, &m->ts, a,
					b), 6);
		m->len = unhex(a, m->wire, sizeof(m->wire));
		assert_int_equal(unhex(b, m->plain, sizeof(m->plain)), m->len);
	}
}

static struct vec *
load(const char *name)
{
	static char line[40000];
	char path[512];
	struct vec *v = calloc(1, sizeof(*v));
	FILE *f;

	assert_non_null(v);
	snprintf(path, sizeof(path), "%s/tests/data/nep/%s.vec", NPECHO_TOP,
		 name);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		parse_line(v, line);
	fclose(f);
	assert_true(v->n >= 1);
	return v;
}

/* ---- clock and session helpers ---- */

static uint32_t clock_now;

static uint32_t
test_clock(void *arg)
{
	(void)arg;
	return clock_now;
}

/* Index of the k-th message in direction dir, or -1. */
static int
nth(const struct vec *v, char dir, int k)
{
	int i;

	for (i = 0; i < v->n; i++)
		if (v->m[i].dir == dir && k-- == 0)
			return i;
	return -1;
}

static void
addr_from(struct nep_addr *a, const uint8_t *p)
{
	memcpy(a->ip, p, 16);
	a->version = p[16];
}

static struct nep_spec client_spec; /* decoded from the vector */

static void
client_cfg(const struct vec *v, struct nep_config *cfg)
{
	int hc = nth(v, 'C', 0), ps = nth(v, 'C', 1);
	struct nep_packet_spec m;
	const char *why;

	memset(cfg, 0, sizeof(*cfg));
	cfg->passphrase = v->cpass;
	cfg->passphrase_len = v->cpass_len;
	cfg->no_crypto = v->no_crypto;
	cfg->nonce = v->cn;
	cfg->clock = test_clock;
	memset(&client_spec, 0, sizeof(client_spec));
	client_spec.ip_version = 4;
	client_spec.proto = 6;
	client_spec.items[0].code = NEP_F_IP4_ID;
	client_spec.items[0].len = 2;
	client_spec.n_items = 1;
	if (hc >= 0) {
		cfg->fixed_seq = 1;
		cfg->seq = v->m[hc].seq;
		addr_from(&cfg->partner, v->m[hc].plain + 80);
	}
	if (ps >= 0) {
		assert_int_equal(nep_packet_spec_decode(v->m[ps].plain, 160,
							&m), 0);
		assert_int_equal(nep_spec_from_msg(&m, &client_spec, &why), 0);
	}
	cfg->spec = &client_spec;
}

static void
server_cfg(const struct vec *v, struct nep_config *cfg)
{
	int hf = nth(v, 'S', 1);

	memset(cfg, 0, sizeof(*cfg));
	cfg->passphrase = v->pass;
	cfg->passphrase_len = v->pass_len;
	cfg->no_crypto = v->no_crypto;
	cfg->nonce = v->sn;
	cfg->clock = test_clock;
	cfg->fixed_seq = 1;
	cfg->seq = v->m[0].seq;
	if (hf >= 0)
		addr_from(&cfg->partner, v->m[hf].plain + 48);
}

/* An ECHO event's packet is borrowed only until the next poll/feed
 * (session.h): collected events point at these copies instead. */
#define EV_KEEP 16
static uint8_t ev_pkt[EV_KEEP][NEP_ECHO_MAX_PKT];

/* Feeds len bytes in chunks of `chunk` (0 = all at once), collecting up to
 * max events.  Returns the number of events. */
static int
feed_all(struct nep_session *s, const uint8_t *p, size_t len, size_t chunk,
	 struct nep_event *evs, int max)
{
	struct nep_event ev;
	size_t off = 0, step, taken;
	int n = 0;

	assert_true(max <= EV_KEEP);
	while (off < len) {
		step = chunk && len - off > chunk ? chunk : len - off;
		assert_int_equal(nep_session_feed(s, p + off, step, &taken), 0);
		off += taken;
		while (nep_session_poll(s, &ev) == 1) {
			assert_true(n < max);
			if (ev.pkt) {
				assert_true(ev.pkt_len <= NEP_ECHO_MAX_PKT);
				memcpy(ev_pkt[n], ev.pkt, ev.pkt_len);
				ev.pkt = ev_pkt[n];
			}
			evs[n++] = ev;
		}
	}
	return n;
}

static void
expect_output(struct nep_session *s, const uint8_t *want, size_t len)
{
	const uint8_t *out;
	size_t n;

	out = nep_session_output(s, &n);
	assert_int_equal(n, len);
	if (len)
		assert_memory_equal(out, want, len);
	nep_session_consume(s, n);
}

/* ---- tests ---- */

static void
test_keys(void **state)
{
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < N_NAMES; i++) {
		struct vec *v = load(names[i]);
		int checked = 0;

		for (k = 0; k < NEP_KEY_COUNT; k++) {
			uint8_t out[16];

			if (!v->has_key[k] || v->no_crypto)
				continue;
			assert_int_equal(nep_derive_key(v->pass, v->pass_len,
							v->sn, v->cn, k, out),
					 0);
			assert_memory_equal(out, v->key[k], 16);
			checked++;
		}
		assert_true(v->no_crypto || checked == (i == 7 ? 1 : 5));
		free(v);
	}
}

/* Client role: feed the server's messages, compare our output. */
static void
replay_client(const struct vec *v, size_t chunk)
{
	struct nep_event evs[8];
	struct nep_config cfg;
	struct nep_session *s;
	int i, n, next_c = 0;

	client_cfg(v, &cfg);
	s = nep_session_new(NEP_ROLE_CLIENT, &cfg, NULL);
	assert_non_null(s);
	expect_output(s, NULL, 0);
	for (i = 0; i < v->n; i++) {
		const struct vmsg *m = &v->m[i];
		int c = nth(v, 'C', next_c);

		if (m->dir != 'S')
			continue;
		if (c >= 0)
			clock_now = v->m[c].ts;
		n = feed_all(s, m->wire, m->len, chunk, evs, 8);
		if (m->type == NEP_HS_SERVER && v->cpass_len != v->pass_len) {
			assert_int_equal(n, 1);
			assert_int_equal(evs[0].type, NEP_EV_FAILED);
			assert_int_equal(evs[0].code, ERR_AUTH);
			assert_string_equal(evs[0].reason,
				"NEP_HANDSHAKE_SERVER authentication failed");
			expect_output(s, NULL, 0);
			break;
		}
		if (m->type == NEP_HS_SERVER) {
			assert_int_equal(n, 0);
		} else {
			assert_int_equal(n, 1);
			assert_int_equal(evs[0].seq, m->seq);
		}
		if (m->type == NEP_HS_FINAL)
			assert_int_equal(evs[0].type, NEP_EV_HANDSHAKE_DONE);
		if (m->type == NEP_READY)
			assert_int_equal(evs[0].type, NEP_EV_READY);
		if (m->type == NEP_ECHO) {
			assert_int_equal(evs[0].type, NEP_EV_ECHO);
			assert_int_equal(evs[0].dlt, 0);
			assert_int_equal(evs[0].pkt_len,
					 get_be16(m->plain + 18));
			assert_memory_equal(evs[0].pkt, m->plain + 20,
					    evs[0].pkt_len);
		}
		if (m->type == NEP_HS_SERVER || m->type == NEP_HS_FINAL) {
			assert_true(c >= 0);
			expect_output(s, v->m[c].wire, v->m[c].len);
			next_c++;
		} else {
			expect_output(s, NULL, 0);
		}
	}
	nep_session_free(s);
}

static void
test_client_replay(void **state)
{
	static const size_t chunks[] = { 0, 1, 7, 13 };
	size_t i, c;

	(void)state;
	for (i = 0; i < N_NAMES; i++) {
		struct vec *v = load(names[i]);

		for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++)
			replay_client(v, chunks[c]);
		free(v);
	}
}

/* Server role: feed the client's messages and request the same echoes. */
static void
replay_server(const struct vec *v, unsigned ext, size_t chunk)
{
	struct nep_event evs[4];
	struct nep_config cfg;
	struct nep_session *s;
	int i, n;

	server_cfg(v, &cfg);
	cfg.ext = ext; /* a stock client never offers: same bytes either way */
	clock_now = v->m[0].ts;
	s = nep_session_new(NEP_ROLE_SERVER, &cfg, NULL);
	assert_non_null(s);
	expect_output(s, v->m[0].wire, v->m[0].len);
	for (i = 1; i < v->n; i++) {
		const struct vmsg *m = &v->m[i];

		if (m->dir == 'S' && m->type == NEP_ECHO) {
			clock_now = m->ts;
			assert_int_equal(nep_session_echo(s,
				get_be16(m->plain + 16), m->plain + 20,
				get_be16(m->plain + 18), 0), 0);
			expect_output(s, m->wire, m->len);
		}
		if (m->dir != 'C')
			continue;
		if (i + 1 < v->n)
			clock_now = v->m[i + 1].ts;
		n = feed_all(s, m->wire, m->len, chunk, evs, 4);
		assert_int_equal(n, 1);
		if (m->type == NEP_HS_CLIENT)
			assert_int_equal(evs[0].type, NEP_EV_HANDSHAKE_DONE);
		if (m->type == NEP_PACKET_SPEC && i + 1 >= v->n) {
			/* ipv6: 0.7.93's spec is rejected, as nping does */
			assert_int_equal(evs[0].type, NEP_EV_FAILED);
			assert_string_equal(evs[0].reason,
					    "PacketSpec lacks IPv4_ID");
			break;
		}
		if (m->type == NEP_PACKET_SPEC)
			assert_int_equal(evs[0].type, NEP_EV_SPEC);
		assert_true(i + 1 < v->n && v->m[i + 1].dir == 'S');
		expect_output(s, v->m[i + 1].wire, v->m[i + 1].len);
		i++;
	}
	nep_session_free(s);
}

static void
test_server_replay(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_NAMES; i++) {
		struct vec *v = load(names[i]);

		replay_server(v, 0, 0);
		replay_server(v, NEP_EXT_REPLY_ECHO, 0);
		replay_server(v, 0, 1);
		replay_server(v, 0, 7);
		free(v);
	}
}

/* Brings a client session up to (not including) message index upto. */
static struct nep_session *
client_upto(const struct vec *v, int upto)
{
	struct nep_event evs[8];
	struct nep_config cfg;
	struct nep_session *s;
	int i;

	client_cfg(v, &cfg);
	s = nep_session_new(NEP_ROLE_CLIENT, &cfg, NULL);
	assert_non_null(s);
	for (i = 0; i < upto; i++)
		if (v->m[i].dir == 'S')
			feed_all(s, v->m[i].wire, v->m[i].len, 0, evs, 8);
	return s;
}

static struct nep_session *
server_upto(const struct vec *v, int upto)
{
	struct nep_event evs[8];
	struct nep_config cfg;
	struct nep_session *s;
	int i;

	server_cfg(v, &cfg);
	s = nep_session_new(NEP_ROLE_SERVER, &cfg, NULL);
	assert_non_null(s);
	for (i = 0; i < upto; i++)
		if (v->m[i].dir == 'C')
			feed_all(s, v->m[i].wire, v->m[i].len, 0, evs, 8);
	return s;
}

/* Every message cut at every length: no event, no output, not dead. */
static void
test_cut_every_length(void **state)
{
	struct vec *v = load("tcp");
	struct nep_event evs[4];
	int i;

	(void)state;
	for (i = 0; i < v->n; i++) {
		size_t cut;

		for (cut = 0; cut < v->m[i].len; cut++) {
			struct nep_session *s = v->m[i].dir == 'S' ?
				client_upto(v, i) : server_upto(v, i);
			size_t before, after;

			nep_session_output(s, &before);
			assert_int_equal(feed_all(s, v->m[i].wire, cut, 0,
						  evs, 4), 0);
			nep_session_output(s, &after);
			assert_int_equal(before, after);
			assert_false(nep_session_dead(s));
			nep_session_free(s);
		}
	}
	free(v);
}

/* Is this event the success the intact message would have produced? */
static int
is_success(const struct nep_event *ev)
{
	return ev->type == NEP_EV_HANDSHAKE_DONE || ev->type == NEP_EV_SPEC ||
	       ev->type == NEP_EV_READY || ev->type == NEP_EV_ECHO;
}

static void
flip_one(const struct vec *v, int i, size_t b)
{
	const struct vmsg *m = &v->m[i];
	struct nep_session *s = m->dir == 'S' ? client_upto(v, i) :
					       server_upto(v, i);
	struct nep_event evs[8];
	uint8_t buf[NEP_ECHO_MAX];
	int n, k;

	memcpy(buf, m->wire, m->len);
	buf[b] ^= 0x5a;
	n = feed_all(s, buf, m->len, 0, evs, 8);
	for (k = 0; k < n; k++)
		assert_false(is_success(&evs[k]));
	if (m->type != NEP_ECHO) {
		/* Handshake: fatal (or waiting for a longer frame). */
		assert_true(n == 0 || evs[n - 1].type == NEP_EV_FAILED);
	} else if (n == 1 && evs[0].type == NEP_EV_DROPPED && b >= 16 &&
		   (b < m->len - 48 || b >= m->len - 32) && i + 1 < v->n) {
		/* The chain and sequence moved on: the next ECHO is good. */
		n = feed_all(s, v->m[i + 1].wire, v->m[i + 1].len, 0, evs, 8);
		assert_int_equal(n, 1);
		assert_int_equal(evs[0].type, NEP_EV_ECHO);
	}
	nep_session_free(s);
}

static void
test_flip_every_byte(void **state)
{
	static const char *const which[] = { "tcp", "udp" };
	size_t w, b;
	int i;

	(void)state;
	for (w = 0; w < 2; w++) {
		struct vec *v = load(which[w]);

		for (i = 0; i < v->n; i++)
			for (b = 0; b < v->m[i].len; b++)
				flip_one(v, i, b);
		free(v);
	}
}

/* All server bytes in one delivery give the same events as one by one. */
static void
test_joined(void **state)
{
	struct vec *v = load("udp_big");
	struct nep_event evs[16];
	struct nep_config cfg;
	struct nep_session *s;
	static uint8_t all[16384];
	size_t len = 0;
	int i, n, echoes = 0;

	(void)state;
	for (i = 0; i < v->n; i++) {
		if (v->m[i].dir != 'S')
			continue;
		memcpy(all + len, v->m[i].wire, v->m[i].len);
		len += v->m[i].len;
	}
	client_cfg(v, &cfg);
	s = nep_session_new(NEP_ROLE_CLIENT, &cfg, NULL);
	n = feed_all(s, all, len, 0, evs, 16);
	for (i = 0; i < n; i++)
		echoes += evs[i].type == NEP_EV_ECHO;
	assert_int_equal(echoes, 2);
	assert_int_equal(evs[n - 1].pkt_len, 1428);
	assert_true(nep_session_live(s));
	nep_session_free(s);
	free(v);
}

/* --no-crypto: any non-zero MAC byte is rejected. */
static void
test_nocrypto_mac_zero(void **state)
{
	struct vec *v = load("nocrypto");
	int i;
	size_t b;

	(void)state;
	for (i = 0; i < v->n; i++)
		for (b = v->m[i].len - 32; b < v->m[i].len; b += 5)
			flip_one(v, i, b);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_client_replay),
		cmocka_unit_test(test_server_replay),
		cmocka_unit_test(test_cut_every_length),
		cmocka_unit_test(test_flip_every_byte),
		cmocka_unit_test(test_joined),
		cmocka_unit_test(test_nocrypto_mac_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
