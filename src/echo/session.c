/* SPDX-License-Identifier: MIT */
/*
 * echo/session.c: the NEP state machine for both roles (session.h).
 *
 * Input is framed by state: fixed sizes for the handshake, PACKET_SPEC and
 * READY (a NEP_ERROR, 128 bytes, is recognised by decrypting the first
 * block without moving the chain), Total Length for ECHOs.  Each framed
 * message is opened (chain advanced, MAC checked) before any field is used.
 */
#include "echo/session.h"
#include "echo/session_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "util/wire.h"

uint32_t
nep_s_now(const struct nep_session *s)
{
	if (s->cfg.clock)
		return s->cfg.clock(s->cfg.clock_arg);
	return (uint32_t)time(NULL);
}

/* ---- output ---- */

int
nep_s_rebuf(uint8_t **buf, size_t *cap, size_t *off, size_t len,
	    size_t newcap)
{
	uint8_t *p = NULL;

	if (len > newcap)
		return ERR_INVALID;
	if (newcap && (p = malloc(newcap)) == NULL)
		return ERR_NOMEM;
	if (len)
		memcpy(p, *buf + *off, len);
	if (*buf) {
		OPENSSL_cleanse(*buf, *cap);
		free(*buf);
	}
	*buf = p;
	*cap = newcap;
	*off = 0;
	return 0;
}

/* The buffer size for need bytes: have (at least min) doubled until it
 * holds them, but no more than max unless need itself is. */
static size_t
grow_cap(size_t have, size_t min, size_t need, size_t max)
{
	size_t cap = have > min ? have : min;

	while (cap < need)
		cap *= 2;
	if (cap > max)
		cap = max > need ? max : need;
	return cap;
}

/* Reserves n bytes at the end of the output buffer; NULL when that would
 * pass the bound (cfg.out_max) or memory is short. */
uint8_t *
nep_s_out_reserve(struct nep_session *s, size_t n)
{
	size_t max = s->cfg.out_max ? s->cfg.out_max : NEP_OUT_MAX;
	size_t need;

	if (s->out_len + n > max)
		return NULL;
	if (s->out_off && s->out_off + s->out_len + n > s->out_cap) {
		memmove(s->out, s->out + s->out_off, s->out_len);
		s->out_off = 0;
	}
	need = s->out_off + s->out_len + n;
	if (need > s->out_cap &&
	    nep_s_rebuf(&s->out, &s->out_cap, &s->out_off, s->out_len,
			grow_cap(s->out_cap, NEP_OUT_MIN, need, max)) < 0)
		return NULL;
	return s->out + s->out_off + s->out_len;
}

/*
 * Seals (MAC, then encrypt the type's range on the tx chain) the plaintext
 * message just encoded at the reserved tail and makes it part of the
 * output.
 */
int
nep_s_out_commit(struct nep_session *s, uint8_t *m, size_t len, uint8_t type)
{
	size_t off, n;
	int rc;

	if ((rc = nep_enc_range(type, len, &off, &n)))
		return rc;
	if ((rc = nep_chan_seal(&s->tx, m, len, off, n)))
		return rc;
	s->out_len += len;
	return 0;
}

void
nep_s_hdr_out(struct nep_session *s, struct nep_hdr *h)
{
	memset(h, 0, sizeof(*h));
	h->seq = s->tx_seq++;
	h->ts = nep_s_now(s);
}

int
nep_s_send_error(struct nep_session *s, const char *text)
{
	struct nep_error e;
	uint8_t *m;
	size_t len;

	if (!s->can_send_error)
		return 0;
	s->can_send_error = 0; /* one per session */
	memset(&e, 0, sizeof(e));
	nep_s_hdr_out(s, &e.h);
	strncpy(e.text, text, sizeof(e.text) - 1);
	if ((m = nep_s_out_reserve(s, NEP_LEN_ERROR)) == NULL)
		return ERR_NOMEM;
	if (nep_error_encode(&e, m, NEP_LEN_ERROR, &len))
		return ERR_INVALID;
	return nep_s_out_commit(s, m, len, NEP_ERROR);
}

/* ---- events ---- */

int
nep_s_fail(struct nep_session *s, struct nep_event *ev, int code,
     const char *reason, int tell_peer)
{
	if (tell_peer)
		nep_s_send_error(s, reason);
	s->state = ST_DEAD;
	s->fail_reported = 1;
	ev->type = NEP_EV_FAILED;
	ev->code = code;
	ev->reason = reason;
	ev->flags |= s->flags;
	return 1;
}

int
nep_s_drop(struct nep_session *s, struct nep_event *ev, int code,
     const char *reason)
{
	ev->type = NEP_EV_DROPPED;
	ev->code = code;
	ev->reason = reason;
	ev->flags |= s->flags;
	return 1;
}

/* Records a skew over a day; ERR_PROTO when outside the window. */
int
nep_s_ts_check(struct nep_session *s, uint32_t ts)
{
	int64_t d = (int64_t)ts - (int64_t)nep_s_now(s);

	if (d < 0)
		d = -d;
	if (d > NEP_DAY)
		s->flags |= NEP_EVF_TS_SKEW;
	if (s->cfg.ts_window && d > (int64_t)s->cfg.ts_window)
		return ERR_PROTO;
	return 0;
}

/* A MAC-verified NEP_ERROR at m[0..128). */
int
nep_s_got_error(struct nep_session *s, const uint8_t *m, struct nep_event *ev)
{
	struct nep_error e;

	if (nep_error_decode(m, NEP_LEN_ERROR, &e) ||
	    e.h.version != NEP_VERSION || e.h.type != NEP_ERROR ||
	    e.h.total_words != NEP_LEN_ERROR / 4)
		return nep_s_drop(s, ev, ERR_PROTO, "malformed NEP_ERROR");
	if (e.h.seq == s->rx_seq + 1)
		s->rx_seq++;
	ev->type = NEP_EV_ERROR_RECEIVED;
	memcpy(ev->text, e.text, sizeof(ev->text));
	ev->seq = e.h.seq;
	ev->ts = e.h.ts;
	ev->flags |= s->flags;
	if (s->state != ST_S_LIVE && s->state != ST_C_LIVE)
		s->fail_pending = 1; /* in the handshake it ends the session */
	return 1;
}

/* ---- keys ---- */

/* Derives the listed keys (zeros with no_crypto), counting each run. */
static int
derive(struct nep_session *s, const enum nep_key_id *ids, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (s->cfg.no_crypto) {
			memset(s->keys[ids[i]], 0, NEP_KEY_LEN);
			continue;
		}
		rc = nep_derive_key(s->pass, s->cfg.passphrase_len, s->sn,
				    s->cn, ids[i], s->keys[ids[i]]);
		if (rc)
			return rc;
		s->kdf_runs++;
	}
	return 0;
}

int
nep_s_derive_c2s_keys(struct nep_session *s)
{
	static const enum nep_key_id ids[] = {
		NEP_KEY_MAC_C2S, NEP_KEY_CIPHER_C2S,
	};

	return derive(s, ids, sizeof(ids) / sizeof(ids[0]));
}

int
nep_s_derive_s2c_keys(struct nep_session *s)
{
	static const enum nep_key_id ids[] = {
		NEP_KEY_MAC_S2C, NEP_KEY_CIPHER_S2C,
	};
	int rc = derive(s, ids, sizeof(ids) / sizeof(ids[0]));

	s->have_keys = rc == 0;
	return rc;
}

int
nep_s_derive_session_keys(struct nep_session *s)
{
	int rc = nep_s_derive_c2s_keys(s);

	return rc ? rc : nep_s_derive_s2c_keys(s);
}

int
nep_s_derive_init_key(struct nep_session *s)
{
	int rc = 0;

	memset(s->keys[NEP_KEY_MAC_S2C_INITIAL], 0, NEP_KEY_LEN);
	if (!s->cfg.no_crypto) {
		rc = nep_derive_key(s->pass, s->cfg.passphrase_len, s->sn,
				    NULL, NEP_KEY_MAC_S2C_INITIAL,
				    s->keys[NEP_KEY_MAC_S2C_INITIAL]);
		s->kdf_runs++;
	}
	s->have_init_key = rc == 0;
	return rc;
}

/* Keys the two chains once both nonces are known (§5.2). */
void
nep_s_key_chains(struct nep_session *s)
{
	struct nep_chan *c2s = s->role == NEP_ROLE_CLIENT ? &s->tx : &s->rx;
	struct nep_chan *s2c = s->role == NEP_ROLE_CLIENT ? &s->rx : &s->tx;

	nep_chan_set(c2s, s->keys[NEP_KEY_MAC_C2S], s->keys[NEP_KEY_CIPHER_C2S], s->cn);
	nep_chan_set(s2c, s->keys[NEP_KEY_MAC_S2C], s->keys[NEP_KEY_CIPHER_S2C], s->sn);
}


/* ---- public API ---- */

static int
config_ok(enum nep_role role, const struct nep_config *cfg, struct errbuf *eb)
{
	if (role != NEP_ROLE_SERVER && role != NEP_ROLE_CLIENT) {
		errbuf_set(eb, "nep: bad role");
		return 0;
	}
	if (cfg->passphrase_len > NEP_PASS_MAX ||
	    (cfg->passphrase_len && cfg->passphrase == NULL)) {
		errbuf_set(eb, "nep: passphrase longer than %d bytes",
			   NEP_PASS_MAX);
		return 0;
	}
	if (role == NEP_ROLE_CLIENT && cfg->spec == NULL &&
	    cfg->probe == NULL) {
		errbuf_set(eb, "nep: client needs a spec or probe");
		return 0;
	}
	return 1;
}

/* Copies what the session keeps from the caller's config.  0 or
 * ERR_NOMEM. */
static int
config_copy(struct nep_session *s, const struct nep_config *cfg)
{
	s->cfg = *cfg;
	s->cfg.passphrase = NULL;
	/* Exactly the passphrase's bytes (nep_derive_key reads
	 * passphrase_len of them); at least one so the pointer is set. */
	if ((s->pass = malloc(cfg->passphrase_len + 1)) == NULL)
		return ERR_NOMEM;
	if (cfg->passphrase_len)
		memcpy(s->pass, cfg->passphrase, cfg->passphrase_len);
	if (cfg->spec) {
		s->spec_tx = *cfg->spec;
		s->have_spec = 1;
	} else if (cfg->probe) {
		/* The magic needs the first bytes only; the UDP length item
		 * the whole length (payload_len stays as given). */
		s->probe = *cfg->probe;
		if (s->probe.payload && s->probe.payload_len)
			memcpy(s->probe_payload, s->probe.payload,
			       s->probe.payload_len < NEP_MAGIC_SEND_MAX ?
			       s->probe.payload_len : NEP_MAGIC_SEND_MAX);
		s->probe.payload = s->probe_payload;
		s->have_probe = 1;
	}
	s->cfg.spec = NULL;
	s->cfg.probe = NULL;
	s->cfg.nonce = NULL;
	s->cfg.ext &= NEP_EXT_ALL;
	return 0;
}

static int
session_start(struct nep_session *s, const struct nep_config *cfg)
{
	static const uint8_t zero_iv[NEP_KEY_LEN];
	uint8_t seq[4];
	int rc;

	if ((rc = nep_chan_init(&s->tx, cfg->no_crypto, NULL, NULL,
				zero_iv)) ||
	    (rc = nep_chan_init(&s->rx, cfg->no_crypto, NULL, NULL, zero_iv)))
		return rc;
	if (cfg->nonce)
		memcpy(s->my_nonce, cfg->nonce, NEP_NONCE_LEN);
	else if ((rc = nep_random(s->my_nonce, NEP_NONCE_LEN)))
		return rc;
	if (cfg->fixed_seq) {
		s->tx_seq = cfg->seq;
	} else {
		if ((rc = nep_random(seq, sizeof(seq))))
			return rc;
		s->tx_seq = get_be32(seq);
	}
	if (s->role == NEP_ROLE_CLIENT) {
		memcpy(s->cn, s->my_nonce, NEP_NONCE_LEN);
		s->state = ST_C_HS_SERVER;
		return 0;
	}
	memcpy(s->sn, s->my_nonce, NEP_NONCE_LEN);
	s->state = ST_S_HS_CLIENT;
	return nep_s_send_hs_server(s);
}

struct nep_session *
nep_session_new(enum nep_role role, const struct nep_config *cfg,
		struct errbuf *eb)
{
	struct nep_session *s;
	int rc;

	if (cfg == NULL || !config_ok(role, cfg, eb))
		return NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		errbuf_set(eb, "nep: out of memory");
		return NULL;
	}
	s->role = role;
	if ((rc = config_copy(s, cfg)) || (rc = session_start(s, cfg))) {
		errbuf_set(eb, "nep: session setup failed: %s", err_name(rc));
		nep_session_free(s);
		return NULL;
	}
	return s;
}

void
nep_session_free(struct nep_session *s)
{
	if (s == NULL)
		return;
	nep_chan_clear(&s->tx);
	nep_chan_clear(&s->rx);
	nep_s_rebuf(&s->out, &s->out_cap, &s->out_off, 0, 0);
	nep_s_rebuf(&s->in, &s->in_cap, &s->in_off, 0, 0);
	if (s->pass) {
		OPENSSL_cleanse(s->pass, s->cfg.passphrase_len + 1);
		free(s->pass);
	}
	OPENSSL_cleanse(s, sizeof(*s));
	free(s);
}

int
nep_session_feed(struct nep_session *s, const uint8_t *in, size_t len,
		 size_t *taken)
{
	size_t want, cap;

	*taken = 0;
	if (s->state == ST_DEAD) {
		*taken = len; /* a dead session reads nothing more */
		return 0;
	}
	if (s->in_off) {
		if (s->in_len)
			memmove(s->in, s->in + s->in_off, s->in_len);
		s->in_off = 0;
	}
	want = NEP_IN_CAP - s->in_len;
	if (len < want)
		want = len;
	if (s->in_len + want > s->in_cap) {
		cap = grow_cap(s->in_cap, NEP_IN_MIN, s->in_len + want,
			       NEP_IN_CAP);
		if (nep_s_rebuf(&s->in, &s->in_cap, &s->in_off, s->in_len,
				cap) < 0)
			want = s->in_cap - s->in_len; /* what still fits */
	}
	if (want)
		memcpy(s->in + s->in_len, in, want);
	s->in_len += want;
	*taken = want;
	return 0;
}

/* Header of the next message with the first block decrypted (no chain
 * movement).  0, or ERR_AGAIN with fewer than 16 bytes buffered. */
static int
peek_hdr(struct nep_session *s, struct nep_hdr *h)
{
	uint8_t blk[NEP_BLOCK];

	if (s->in_len < NEP_HDR_LEN)
		return ERR_AGAIN;
	if (nep_chan_peek(&s->rx, s->in + s->in_off, blk))
		return ERR_SYS;
	return nep_hdr_decode(blk, sizeof(blk), h);
}

static int
is_error_hdr(const struct nep_hdr *h)
{
	return h->version == NEP_VERSION && h->type == NEP_ERROR &&
	       h->total_words == NEP_LEN_ERROR / 4;
}

/*
 * Length of the next message for this state: > 0, 0 = need more bytes,
 * -1 = unframeable (ECHO Total Length out of range), -2 = junk to drop.
 */
static long
frame_len(struct nep_session *s)
{
	const uint8_t *p;
	struct nep_hdr h;
	size_t fixed;

	switch (s->state) {
	case ST_C_HS_SERVER: return NEP_LEN_HS_SERVER;
	case ST_S_HS_CLIENT: return NEP_LEN_HS_CLIENT;
	case ST_C_HS_FINAL: fixed = NEP_LEN_HS_FINAL; break;
	case ST_S_SPEC: fixed = NEP_LEN_PACKET_SPEC; break;
	case ST_C_READY: fixed = NEP_LEN_READY; break;
	case ST_C_LIVE: fixed = 0; break;
	case ST_S_LIVE: fixed = 0; break;
	default: return 0;
	}
	if (peek_hdr(s, &h))
		return 0;
	/* Only now: with nothing buffered s->in may be NULL (buffers are
	 * freed when drained), and NULL + 0 is undefined. */
	p = s->in + s->in_off;
	if (s->state == ST_C_HS_FINAL && p[0] == NEP_VERSION &&
	    p[1] == NEP_HS_FINAL)
		return (long)fixed; /* clear header: not an encrypted error */
	if (is_error_hdr(&h))
		return NEP_LEN_ERROR;
	if (s->state == ST_S_LIVE)
		return -2;
	if (fixed)
		return (long)fixed;
	fixed = (size_t)h.total_words * 4;
	if (fixed < NEP_ECHO_MIN || fixed > NEP_ECHO_MAX || fixed % NEP_BLOCK)
		return -1;
	return (long)fixed;
}

static int
dispatch(struct nep_session *s, uint8_t *m, size_t len, struct nep_event *ev)
{
	switch (s->state) {
	case ST_C_HS_SERVER: return nep_s_on_hs_server(s, m, len, ev);
	case ST_S_HS_CLIENT: return nep_s_on_hs_client(s, m, len, ev);
	case ST_C_HS_FINAL: return nep_s_on_hs_final(s, m, len, ev);
	case ST_S_SPEC: return nep_s_on_spec(s, m, len, ev);
	case ST_C_READY: return nep_s_on_ready(s, m, len, ev);
	case ST_C_LIVE: return nep_s_on_echo(s, m, len, ev);
	case ST_S_LIVE: return nep_s_on_server_live(s, m, len, ev);
	default: return 0;
	}
}

int
nep_session_poll(struct nep_session *s, struct nep_event *ev)
{
	uint8_t *m;
	long n;

	memset(ev, 0, sizeof(*ev));
	/* The last event's borrowed bytes may go now: an emptied buffer
	 * that grew for a burst is given back. */
	if (s->in_len == 0 && s->in_cap > NEP_IN_KEEP)
		nep_s_rebuf(&s->in, &s->in_cap, &s->in_off, 0, 0);
	if (s->fail_pending) {
		s->fail_pending = 0;
		return nep_s_fail(s, ev, ERR_PROTO, "peer sent NEP_ERROR", 0);
	}
	while (s->state != ST_DEAD) {
		n = frame_len(s);
		if (n == -1)
			return nep_s_fail(s, ev, ERR_PROTO,
					  "bad ECHO Total Length", 1);
		if (n == -2) { /* server: stray client bytes are ignored */
			s->in_off = s->in_len = 0;
			return 0;
		}
		if (n == 0 || s->in_len < (size_t)n)
			return 0;
		/* Opened in place: the bytes stay put until the next
		 * poll/feed, as long as an event may borrow them. */
		m = s->in + s->in_off;
		s->in_off += (size_t)n;
		s->in_len -= (size_t)n;
		if (dispatch(s, m, (size_t)n, ev))
			return 1;
	}
	return 0;
}

const uint8_t *
nep_session_output(const struct nep_session *s, size_t *len)
{
	*len = s->out_len;
	return s->out ? s->out + s->out_off : NULL;
}

void
nep_session_consume(struct nep_session *s, size_t n)
{
	if (n > s->out_len)
		n = s->out_len;
	s->out_off += n;
	s->out_len -= n;
	if (s->out_len == 0) {
		s->out_off = 0;
		/* Drained after a burst: give the big buffer back. */
		if (s->out_cap > NEP_OUT_KEEP)
			nep_s_rebuf(&s->out, &s->out_cap, &s->out_off, 0, 0);
	}
}

int
nep_session_echo(struct nep_session *s, uint16_t dlt, const uint8_t *pkt,
		 size_t len, unsigned flags)
{
	struct nep_echo e;
	size_t wl = nep_echo_len(len), got;
	uint8_t *m;
	int rc;

	if (s->role != NEP_ROLE_SERVER || s->state != ST_S_LIVE)
		return ERR_PROTO;
	if ((flags & NEP_ECHO_FLAG_REPLY) && !(s->ext & NEP_EXT_REPLY_ECHO))
		return ERR_PROTO;
	if (wl == 0 || dlt > NEP_DLT_MASK)
		return ERR_INVALID;
	if ((m = nep_s_out_reserve(s, wl)) == NULL)
		return ERR_LIMIT;
	memset(&e, 0, sizeof(e));
	nep_s_hdr_out(s, &e.h);
	e.dlt = (uint16_t)(dlt | (flags & NEP_ECHO_FLAG_REPLY ?
				  NEP_DLT_REPLY : 0));
	e.pkt_len = (uint16_t)len;
	e.pkt = pkt;
	if ((rc = nep_echo_encode(&e, m, wl, &got)))
		return rc;
	return nep_s_out_commit(s, m, got, NEP_ECHO);
}

int
nep_session_live(const struct nep_session *s)
{
	return s->state == ST_S_LIVE || s->state == ST_C_LIVE;
}

int
nep_session_dead(const struct nep_session *s)
{
	return s->state == ST_DEAD;
}

unsigned
nep_session_ext(const struct nep_session *s)
{
	return s->ext;
}

unsigned
nep_session_flags(const struct nep_session *s)
{
	return s->flags;
}

int
nep_session_refuse(struct nep_session *s, const char *text)
{
	if (s->state == ST_DEAD)
		return ERR_PROTO;
	if (s->can_send_error)
		nep_s_send_error(s, text);
	s->state = ST_DEAD;
	s->fail_reported = 1;
	return 0;
}

size_t
nep_session_token(const struct nep_session *s,
		  uint8_t out[NEP_PROBE_TOKEN_LEN])
{
	if (!s->token)
		return 0;
	memcpy(out, s->probe_payload, NEP_PROBE_TOKEN_LEN);
	return NEP_PROBE_TOKEN_LEN;
}

unsigned
nep_session_kdf_runs(const struct nep_session *s)
{
	return s->kdf_runs;
}

int
nep_session_key(const struct nep_session *s, enum nep_key_id id,
		uint8_t out[16])
{
	if ((unsigned)id >= NEP_KEY_COUNT)
		return ERR_INVALID;
	if (id == NEP_KEY_MAC_S2C_INITIAL ? !s->have_init_key : !s->have_keys)
		return ERR_AGAIN;
	memcpy(out, s->keys[id], NEP_KEY_LEN);
	return 0;
}
