/* SPDX-License-Identifier: MIT */
/*
 * echo/session_int.h: private to session.c and session_hs.c.  The session
 * struct and the helpers the message handlers share.  Not for other
 * modules.
 */
#ifndef NPECHO_ECHO_SESSION_INT_H
#define NPECHO_ECHO_SESSION_INT_H

#include "echo/session.h"

/*
 * Buffers are allocated on demand, so an idle session costs a few KB
 * (measured: 1,000 idle server sessions, bench/echo_load.sh):
 *  - input grows from NEP_IN_MIN (every handshake message fits: the
 *    largest is PACKET_SPEC, 160 bytes) to at most NEP_IN_CAP, by
 *    doubling; messages are opened in place there.  It is freed at the
 *    next poll once empty if it grew past NEP_IN_KEEP.
 *  - output grows from NEP_OUT_MIN (HS_SERVER + HS_FINAL + READY are 256
 *    bytes) to at most cfg.out_max; once drained it is freed if it grew
 *    past NEP_OUT_KEEP (a burst that queued 256 KB must not stay).
 * Buffers are wiped (OPENSSL_cleanse) before they are freed or moved.
 */
#define NEP_IN_MIN 256
#define NEP_IN_KEEP 1024
#define NEP_OUT_MIN 512
#define NEP_OUT_KEEP 4096

enum state {
	ST_C_HS_SERVER = 1, /* client waits for HS_SERVER */
	ST_C_HS_FINAL,
	ST_C_READY,
	ST_C_LIVE,
	ST_S_HS_CLIENT,     /* server waits for HS_CLIENT */
	ST_S_SPEC,
	ST_S_LIVE,
	ST_DEAD,
};

struct nep_session {
	enum nep_role role;
	enum state state;
	struct nep_config cfg;   /* pointers in it are not used after new() */
	uint8_t *pass;           /* cfg.passphrase_len bytes, owned */
	struct nep_spec spec_tx; /* client */
	struct nep_probe probe;  /* client, when no spec given */
	int have_spec, have_probe;
	uint8_t probe_payload[NEP_MAGIC_SEND_MAX];
	uint8_t my_nonce[NEP_NONCE_LEN];
	uint8_t sn[NEP_NONCE_LEN], cn[NEP_NONCE_LEN];
	uint8_t keys[NEP_KEY_COUNT][NEP_KEY_LEN];
	int have_keys, have_init_key;
	unsigned kdf_runs;       /* passphrase key derivations so far */
	uint32_t tx_seq;   /* sequence of the next message we send */
	uint32_t rx_seq;   /* sequence of the last message accepted */
	struct nep_chan tx, rx;
	int can_send_error;
	unsigned ext;      /* agreed */
	int peer_npecho;   /* client: HS_FINAL carried the extension mark */
	int token;         /* client: probe_payload is a probe token */
	unsigned flags;    /* NEP_EVF_TS_SKEW */
	int fail_pending;  /* a FAILED event follows an ERROR_RECEIVED */
	int fail_reported;
	struct nep_spec spec_rx;
	uint8_t *in;             /* in_cap bytes, NULL while empty */
	size_t in_off, in_len, in_cap;
	uint8_t *out;            /* out_cap bytes, NULL while empty */
	size_t out_off, out_len, out_cap;
};

uint32_t nep_s_now(const struct nep_session *s);
/* Replaces *buf (cap bytes, used bytes at off..off+len) by one of newcap
 * bytes (0: freed) with the used bytes at 0; the old one is wiped.
 * ERR_NOMEM leaves everything as it was. */
int nep_s_rebuf(uint8_t **buf, size_t *cap, size_t *off, size_t len,
		size_t newcap);
uint8_t *nep_s_out_reserve(struct nep_session *s, size_t n);
int nep_s_out_commit(struct nep_session *s, uint8_t *m, size_t len,
		     uint8_t type);
void nep_s_hdr_out(struct nep_session *s, struct nep_hdr *h);
int nep_s_send_error(struct nep_session *s, const char *text);
int nep_s_fail(struct nep_session *s, struct nep_event *ev, int code,
	       const char *reason, int tell_peer);
int nep_s_drop(struct nep_session *s, struct nep_event *ev, int code,
	       const char *reason);
int nep_s_ts_check(struct nep_session *s, uint32_t ts);
int nep_s_got_error(struct nep_session *s, const uint8_t *m,
		    struct nep_event *ev);
/* Keys from the passphrase and both nonces: C2S (what a server needs to
 * open HS_CLIENT), S2C, or both (the client).  0 or ERR_SYS. */
int nep_s_derive_c2s_keys(struct nep_session *s);
int nep_s_derive_s2c_keys(struct nep_session *s);
int nep_s_derive_session_keys(struct nep_session *s);
int nep_s_derive_init_key(struct nep_session *s);
void nep_s_key_chains(struct nep_session *s);

/* session_hs.c: one handler per expected message; m is the framed message
 * (len bytes, still as on the wire); each returns 1 with *ev or 0. */
int nep_s_send_hs_server(struct nep_session *s);
int nep_s_on_hs_server(struct nep_session *s, uint8_t *m, size_t len,
		       struct nep_event *ev);
int nep_s_on_hs_client(struct nep_session *s, uint8_t *m, size_t len,
		       struct nep_event *ev);
int nep_s_on_hs_final(struct nep_session *s, uint8_t *m, size_t len,
		      struct nep_event *ev);
int nep_s_on_spec(struct nep_session *s, uint8_t *m, size_t len,
		  struct nep_event *ev);
int nep_s_on_ready(struct nep_session *s, uint8_t *m, size_t len,
		   struct nep_event *ev);
int nep_s_on_echo(struct nep_session *s, uint8_t *m, size_t len,
		  struct nep_event *ev);
int nep_s_on_server_live(struct nep_session *s, uint8_t *m, size_t len,
			 struct nep_event *ev);

#endif
