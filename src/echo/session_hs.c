/* SPDX-License-Identifier: MIT */
/*
 * echo/session_hs.c: what each role does with each expected message
 * (doc/nep.md §6, §7, §9.1, §11).  Every handler opens the message first:
 * the CBC chain moves on, then the MAC must verify before a field is read.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "echo/session.h"
#include "echo/session_int.h"

static const uint8_t zero_iv[NEP_KEY_LEN];

/* Encodes with enc(), seals and queues one message of a fixed size. */
#define QUEUE(s, type, size, enc, msgp)                                     \
	do {                                                                \
		uint8_t *m_ = nep_s_out_reserve((s), (size));               \
		size_t l_ = 0;                                              \
		int rc_;                                                    \
		if (m_ == NULL)                                             \
			return ERR_NOMEM;                                   \
		if ((rc_ = enc((msgp), m_, (size), &l_)))                   \
			return rc_;                                         \
		return nep_s_out_commit((s), m_, l_, (type));               \
	} while (0)

int
nep_s_send_hs_server(struct nep_session *s)
{
	struct nep_hs_server hs;
	int rc;

	memset(&hs, 0, sizeof(hs));
	nep_s_hdr_out(s, &hs.h);
	memcpy(hs.nonce, s->sn, NEP_NONCE_LEN);
	if ((rc = nep_s_derive_init_key(s)))
		return rc;
	nep_chan_set(&s->tx, s->keys[NEP_KEY_MAC_S2C_INITIAL], NULL, zero_iv);
	QUEUE(s, NEP_HS_SERVER, NEP_LEN_HS_SERVER, nep_hs_server_encode, &hs);
}

static int
send_hs_client(struct nep_session *s)
{
	struct nep_hs_client hc;

	memset(&hc, 0, sizeof(hc));
	nep_s_hdr_out(s, &hc.h);
	memcpy(hc.server_nonce, s->sn, NEP_NONCE_LEN);
	memcpy(hc.client_nonce, s->cn, NEP_NONCE_LEN);
	hc.partner = s->cfg.partner;
	if (s->cfg.ext) {
		hc.ext_mark = NEP_EXT_MARK;
		hc.ext_flags = (uint8_t)s->cfg.ext;
	}
	QUEUE(s, NEP_HS_CLIENT, NEP_LEN_HS_CLIENT, nep_hs_client_encode, &hc);
}

static int
send_hs_final(struct nep_session *s, int peer_offered)
{
	struct nep_hs_final hf;

	memset(&hf, 0, sizeof(hf));
	nep_s_hdr_out(s, &hf.h);
	memcpy(hf.client_nonce, s->cn, NEP_NONCE_LEN);
	hf.partner = s->cfg.partner;
	if (peer_offered && s->cfg.ext) {
		hf.ext_mark = NEP_EXT_MARK;
		hf.ext_flags = (uint8_t)s->ext;
	}
	QUEUE(s, NEP_HS_FINAL, NEP_LEN_HS_FINAL, nep_hs_final_encode, &hf);
}

static int
send_spec(struct nep_session *s)
{
	struct nep_packet_spec ps;
	struct nep_spec built;
	const struct nep_spec *sp = &s->spec_tx;
	int rc;

	memset(&ps, 0, sizeof(ps));
	if (!s->have_spec) {
		/* RFC/HEAD form only to a peer that said it is npecho. */
		rc = nep_spec_build(&s->probe, s->peer_npecho ? NEP_FORM_RFC :
				    NEP_FORM_0793, &built);
		if (rc)
			return rc;
		sp = &built;
	}
	if ((rc = nep_spec_to_msg(sp, &ps)))
		return rc;
	nep_s_hdr_out(s, &ps.h);
	QUEUE(s, NEP_PACKET_SPEC, NEP_LEN_PACKET_SPEC, nep_packet_spec_encode,
	      &ps);
}

static int
send_ready(struct nep_session *s)
{
	struct nep_hdr h;

	nep_s_hdr_out(s, &h);
	QUEUE(s, NEP_READY, NEP_LEN_READY, nep_ready_encode, &h);
}

/* Opens a whole-message-encrypted frame (PACKET_SPEC, READY, ECHO, ERROR). */
static int
open_all(struct nep_session *s, uint8_t *m, size_t len)
{
	return nep_chan_open(&s->rx, m, len, 0, len - NEP_MAC_LEN);
}

int
nep_s_on_hs_server(struct nep_session *s, uint8_t *m, size_t len,
		   struct nep_event *ev)
{
	struct nep_hs_server hs;
	const char *why;

	if (nep_hs_server_decode(m, len, &hs))
		return nep_s_fail(s, ev, ERR_PROTO, "wrong length for type", 0);
	memcpy(s->sn, hs.nonce, NEP_NONCE_LEN);
	if (nep_s_derive_init_key(s))
		return nep_s_fail(s, ev, ERR_SYS, "key derivation failed", 0);
	if (nep_chan_verify_mac(&s->rx, s->keys[NEP_KEY_MAC_S2C_INITIAL], m,
				len))
		return nep_s_fail(s, ev, ERR_AUTH,
				  "NEP_HANDSHAKE_SERVER authentication failed",
				  0);
	if (nep_hdr_check(&hs.h, NEP_HS_SERVER, len, &why))
		return nep_s_fail(s, ev, ERR_PROTO, why, 0);
	if (nep_s_ts_check(s, hs.h.ts))
		return nep_s_fail(s, ev, ERR_PROTO, "timestamp out of window",
				  0);
	s->rx_seq = hs.h.seq;
	if (nep_s_derive_session_keys(s))
		return nep_s_fail(s, ev, ERR_SYS, "key derivation failed", 0);
	nep_s_key_chains(s);
	if (send_hs_client(s))
		return nep_s_fail(s, ev, ERR_NOMEM, "cannot queue output", 0);
	s->can_send_error = 1;
	s->state = ST_C_HS_FINAL;
	return 0;
}

/* HS_CLIENT checks of its clear fields; NULL when all is well. */
static const char *
hs_client_problem(struct nep_session *s, const struct nep_hs_client *hc,
		  size_t len)
{
	const char *why;

	if (nep_hdr_check(&hc->h, NEP_HS_CLIENT, len, &why))
		return why;
	if (CRYPTO_memcmp(hc->server_nonce, s->sn, NEP_NONCE_LEN))
		return "server nonce not echoed";
	if (nep_s_ts_check(s, hc->h.ts))
		return "timestamp out of window";
	return NULL;
}

/*
 * What a server checks of HS_CLIENT before it derives anything, on the
 * bytes in clear (header, the nonce it sent, the timestamp); NULL when
 * it is worth opening.  A peer without the passphrase can pass them
 * (they are copied from HS_SERVER), but nothing costs less to refuse.
 */
static const char *
hs_client_clear_problem(struct nep_session *s, const uint8_t *m, size_t len)
{
	struct nep_hs_client hc;

	nep_hs_client_decode(m, len, &hc); /* the clear fields are right */
	return hs_client_problem(s, &hc, len);
}

/*
 * Server: derives only what opening HS_CLIENT needs (C2S keys: its MAC
 * covers the plaintext of the encrypted partner field), and the S2C keys
 * only once it verified: a bad MAC costs two key derivations, a bad nonce
 * or timestamp none (as nping, it is then closed without NEP_ERROR: there
 * is no key to say so with).
 */
int
nep_s_on_hs_client(struct nep_session *s, uint8_t *m, size_t len,
		   struct nep_event *ev)
{
	struct nep_hs_client hc;
	const char *why;
	int offered;

	if (nep_hs_client_decode(m, len, &hc))
		return nep_s_fail(s, ev, ERR_PROTO, "wrong length for type", 0);
	if (!s->cfg.no_crypto && (why = hs_client_clear_problem(s, m, len)))
		return nep_s_fail(s, ev, ERR_PROTO, why, 0);
	memcpy(s->cn, hc.client_nonce, NEP_NONCE_LEN);
	if (nep_s_derive_c2s_keys(s))
		return nep_s_fail(s, ev, ERR_SYS, "key derivation failed", 0);
	nep_chan_set(&s->rx, s->keys[NEP_KEY_MAC_C2S],
		     s->keys[NEP_KEY_CIPHER_C2S], s->cn);
	if (nep_chan_open(&s->rx, m, len, 80, 32))
		return nep_s_fail(s, ev, ERR_AUTH,
				  "NEP_HANDSHAKE_CLIENT authentication failed",
				  0);
	if (nep_s_derive_s2c_keys(s))
		return nep_s_fail(s, ev, ERR_SYS, "key derivation failed", 0);
	nep_chan_set(&s->tx, s->keys[NEP_KEY_MAC_S2C],
		     s->keys[NEP_KEY_CIPHER_S2C], s->sn);
	s->can_send_error = 1;
	nep_hs_client_decode(m, len, &hc);
	if ((why = hs_client_problem(s, &hc, len)))
		return nep_s_fail(s, ev, ERR_PROTO, why, 1);
	s->rx_seq = hc.h.seq;
	offered = hc.ext_mark == NEP_EXT_MARK;
	s->ext = offered ? hc.ext_flags & s->cfg.ext : 0;
	if (send_hs_final(s, offered))
		return nep_s_fail(s, ev, ERR_NOMEM, "cannot queue output", 0);
	s->state = ST_S_SPEC;
	ev->type = NEP_EV_HANDSHAKE_DONE;
	ev->partner = hc.partner;
	ev->ext = s->ext;
	ev->seq = hc.h.seq;
	ev->ts = hc.h.ts;
	ev->flags = s->flags;
	return 1;
}

/* Common checks of a later message whose MAC verified. */
static const char *
later_problem(struct nep_session *s, const struct nep_hdr *h, uint8_t type,
	      size_t len)
{
	const char *why;

	if (nep_hdr_check(h, type, len, &why))
		return why;
	if (h->seq != (uint32_t)(s->rx_seq + 1))
		return "sequence not last+1";
	if (nep_s_ts_check(s, h->ts))
		return "timestamp out of window";
	return NULL;
}

/*
 * Client, NEP_EXT_PROBE_TOKEN agreed: a probe that has no payload of the
 * user's and may carry one (UDP, ICMP echo request) carries 8 random
 * bytes, which the PacketSpec names as its payload magic.  The server can
 * then tell this session's probes from anyone else's even when a
 * middlebox rewrote the IP ID (and a NAT the ports or the ICMP id)
 * (doc/nep-extensions.md).
 */
_Static_assert(NEP_PROBE_TOKEN_LEN <= NEP_MAGIC_SEND_MAX,
	       "the token fits the probe payload copy");

static void
probe_token(struct nep_session *s)
{
	const struct nep_probe *p = &s->probe;
	int echo = (p->proto == 1 && p->icmp_type == 8) ||
		   (p->proto == 58 && p->icmp_type == 128);

	if (!(s->ext & NEP_EXT_PROBE_TOKEN) || s->have_spec ||
	    !s->have_probe || p->payload_len || !(p->proto == 17 || echo))
		return;
	if (nep_random(s->probe_payload, NEP_PROBE_TOKEN_LEN))
		return; /* no token: matched as nping would */
	s->probe.payload = s->probe_payload;
	s->probe.payload_len = NEP_PROBE_TOKEN_LEN;
	s->token = 1;
}

int
nep_s_on_hs_final(struct nep_session *s, uint8_t *m, size_t len,
		  struct nep_event *ev)
{
	struct nep_hs_final hf;
	const char *why;

	if (len == NEP_LEN_ERROR) {
		if (open_all(s, m, len))
			return nep_s_fail(s, ev, ERR_AUTH,
					  "authentication failed", 1);
		return nep_s_got_error(s, m, ev);
	}
	if (nep_chan_open(&s->rx, m, len, 48, 32))
		return nep_s_fail(s, ev, ERR_AUTH,
				  "NEP_HANDSHAKE_FINAL authentication failed",
				  1);
	if (nep_hs_final_decode(m, len, &hf))
		return nep_s_fail(s, ev, ERR_PROTO, "wrong length for type", 1);
	if ((why = later_problem(s, &hf.h, NEP_HS_FINAL, len)) == NULL &&
	    CRYPTO_memcmp(hf.client_nonce, s->cn, NEP_NONCE_LEN))
		why = "client nonce not echoed";
	if (why)
		return nep_s_fail(s, ev, ERR_PROTO, why, 1);
	s->rx_seq++;
	s->peer_npecho = hf.ext_mark == NEP_EXT_MARK;
	s->ext = s->peer_npecho ? hf.ext_flags & s->cfg.ext : 0;
	probe_token(s);
	if (send_spec(s))
		return nep_s_fail(s, ev, ERR_INVALID,
				  "cannot build PacketSpec", 1);
	s->state = ST_C_READY;
	ev->type = NEP_EV_HANDSHAKE_DONE;
	ev->partner = hf.partner;
	ev->ext = s->ext;
	ev->seq = hf.h.seq;
	ev->ts = hf.h.ts;
	ev->flags = s->flags;
	return 1;
}

int
nep_s_on_spec(struct nep_session *s, uint8_t *m, size_t len,
	      struct nep_event *ev)
{
	struct nep_packet_spec ps;
	const char *why;

	if (open_all(s, m, len))
		return nep_s_fail(s, ev, ERR_AUTH,
				  "NEP_PACKET_SPEC authentication failed", 1);
	if (len == NEP_LEN_ERROR && m[1] == NEP_ERROR)
		return nep_s_got_error(s, m, ev);
	if (nep_packet_spec_decode(m, len, &ps))
		return nep_s_fail(s, ev, ERR_PROTO, "wrong length for type", 1);
	if ((why = later_problem(s, &ps.h, NEP_PACKET_SPEC, len)))
		return nep_s_fail(s, ev, ERR_PROTO, why, 1);
	s->rx_seq++;
	if (nep_spec_from_msg(&ps, &s->spec_rx, &why) ||
	    nep_spec_validate(&s->spec_rx, &why))
		return nep_s_fail(s, ev, ERR_INVALID, why, 1);
	/* Its magic is a session token: it tells ICMP echoes apart too. */
	s->spec_rx.magic_icmp = (s->ext & NEP_EXT_PROBE_TOKEN) != 0;
	if (send_ready(s))
		return nep_s_fail(s, ev, ERR_NOMEM, "cannot queue output", 0);
	s->state = ST_S_LIVE;
	ev->type = NEP_EV_SPEC;
	ev->spec = &s->spec_rx;
	ev->seq = ps.h.seq;
	ev->ts = ps.h.ts;
	ev->flags = s->flags;
	return 1;
}

int
nep_s_on_ready(struct nep_session *s, uint8_t *m, size_t len,
	       struct nep_event *ev)
{
	struct nep_hdr h;
	const char *why;

	if (open_all(s, m, len))
		return nep_s_fail(s, ev, ERR_AUTH,
				  "NEP_READY authentication failed", 1);
	if (len == NEP_LEN_ERROR && m[1] == NEP_ERROR)
		return nep_s_got_error(s, m, ev);
	nep_hdr_decode(m, len, &h);
	if ((why = later_problem(s, &h, NEP_READY, len)))
		return nep_s_fail(s, ev, ERR_PROTO, why, 1);
	s->rx_seq++;
	s->state = ST_C_LIVE;
	ev->type = NEP_EV_READY;
	ev->seq = h.seq;
	ev->ts = h.ts;
	ev->flags = s->flags;
	return 1;
}

int
nep_s_on_echo(struct nep_session *s, uint8_t *m, size_t len,
	      struct nep_event *ev)
{
	struct nep_echo e;
	struct nep_hdr h;
	int rc;

	if ((rc = open_all(s, m, len)) == ERR_AUTH) {
		s->rx_seq++; /* as nping: a bad MAC uses up its number */
		return nep_s_drop(s, ev, ERR_AUTH, "authentication failed");
	}
	if (rc)
		return nep_s_fail(s, ev, rc, "decryption failed", 0);
	nep_hdr_decode(m, len, &h);
	if (h.version == NEP_VERSION && h.type == NEP_ERROR &&
	    len == NEP_LEN_ERROR)
		return nep_s_got_error(s, m, ev);
	if (h.version != NEP_VERSION)
		return nep_s_drop(s, ev, ERR_PROTO, "wrong version");
	if (h.type != NEP_ECHO)
		return nep_s_drop(s, ev, ERR_PROTO, "unexpected message type");
	if (h.seq != (uint32_t)(s->rx_seq + 1))
		return nep_s_drop(s, ev, ERR_PROTO, "sequence not last+1");
	s->rx_seq++;
	if (nep_echo_decode(m, len, &e))
		return nep_s_drop(s, ev, ERR_PROTO, "wrong length for type");
	if (nep_s_ts_check(s, h.ts))
		return nep_s_drop(s, ev, ERR_PROTO, "timestamp out of window");
	ev->type = NEP_EV_ECHO;
	ev->dlt = e.dlt;
	if (s->ext & NEP_EXT_REPLY_ECHO) {
		if (e.dlt & NEP_DLT_REPLY)
			ev->flags |= NEP_EVF_REPLY;
		ev->dlt = e.dlt & NEP_DLT_MASK;
	}
	ev->pkt = e.pkt;
	ev->pkt_len = e.pkt_len;
	ev->seq = h.seq;
	ev->ts = h.ts;
	ev->flags |= s->flags;
	return 1;
}

int
nep_s_on_server_live(struct nep_session *s, uint8_t *m, size_t len,
		     struct nep_event *ev)
{
	if (open_all(s, m, len))
		return nep_s_drop(s, ev, ERR_AUTH, "authentication failed");
	return nep_s_got_error(s, m, ev);
}
