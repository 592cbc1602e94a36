/* SPDX-License-Identifier: MIT */
/*
 * echo/session.h: one NEP session (one TCP connection), either role, as a
 * pure state machine: bytes in, events and bytes out.  No sockets, no
 * printing; the only clock read is the optional config.clock (else time()).
 *
 *   server: -> HS_SERVER   <- HS_CLIENT   -> HS_FINAL   <- PACKET_SPEC
 *           -> READY       -> ECHO ... (nep_session_echo)
 *   client: the mirror; ECHOs arrive as NEP_EV_ECHO events.
 *
 * Use:
 *   s = nep_session_new(role, &cfg, &eb);
 *   loop: write out nep_session_output() bytes, nep_session_consume();
 *         on input: nep_session_feed() then nep_session_poll() until 0;
 *         NEP_EV_FAILED: drain the output (it may hold a NEP_ERROR), close.
 *   nep_session_free(s);
 *
 * Checks follow doc/nep.md §5-§7, §9.1 with one deliberate difference from
 * nping: the MAC is verified before any field is acted on (the CBC chain
 * still advances on every framed message).  Handshake rejections are fatal;
 * a bad ECHO is dropped (NEP_EV_DROPPED) and the session continues.
 */
#ifndef NPECHO_ECHO_SESSION_H
#define NPECHO_ECHO_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "echo/crypto.h"
#include "echo/spec.h"
#include "echo/wire.h"
#include "util/err.h"

enum nep_role {
	NEP_ROLE_SERVER = 1,
	NEP_ROLE_CLIENT = 2,
};

#define NEP_DAY 86400u

struct nep_config {
	const uint8_t *passphrase; /* borrowed during new(); copied */
	size_t passphrase_len;     /* at most NEP_PASS_MAX */
	int no_crypto;             /* --no-crypto: clear text, zero MACs */
	uint32_t ts_window;        /* reject |peer ts - now| > this; 0 = any */
	/* client: the server address dialled; server: the client address as
	 * accept() saw it.  Carried in HS_CLIENT / HS_FINAL. */
	struct nep_addr partner;
	/* client only: what to send in PACKET_SPEC.  spec (sent verbatim)
	 * wins over probe (built at send time: RFC form when the extension
	 * was agreed, 0.7.93 form otherwise). */
	const struct nep_spec *spec;
	const struct nep_probe *probe;
	/* NEP_EXT_* bits: client offers them, server accepts them.  0 gives
	 * byte-for-byte stock nping behaviour (doc/nep-extensions.md). */
	unsigned ext;
	/* Tests: fixed nonce (32 bytes) and initial sequence number. */
	const uint8_t *nonce;
	int fixed_seq;
	uint32_t seq;
	/* Clock in Unix seconds; NULL = time(). */
	uint32_t (*clock)(void *arg);
	void *clock_arg;
	size_t out_max; /* output buffer bound; 0 = NEP_OUT_MAX */
};

#define NEP_PASS_MAX 1023
#define NEP_OUT_MAX (1u << 20)
#define NEP_IN_CAP (2 * NEP_ECHO_MAX)

enum nep_event_type {
	NEP_EV_NONE = 0,
	NEP_EV_HANDSHAKE_DONE, /* keys agreed; partner, ext set */
	NEP_EV_SPEC,           /* server: PACKET_SPEC accepted, READY sent */
	NEP_EV_READY,          /* client: READY received; send probes */
	NEP_EV_ECHO,           /* client: an echoed packet */
	NEP_EV_ERROR_RECEIVED, /* peer's NEP_ERROR, text in .text */
	NEP_EV_DROPPED,        /* a message was rejected, session goes on */
	NEP_EV_FAILED,         /* fatal; reason set; session is dead */
};

#define NEP_EVF_TS_SKEW 0x1u /* some peer timestamp was off by > 1 day */
#define NEP_EVF_REPLY 0x2u   /* ECHO of a reply (extension) */

struct nep_event {
	enum nep_event_type type;
	unsigned flags;          /* NEP_EVF_* */
	int code;                /* FAILED/DROPPED: ERR_AUTH, ERR_PROTO... */
	const char *reason;      /* FAILED/DROPPED: static text */
	char text[NEP_ERROR_TEXT_LEN]; /* ERROR_RECEIVED: peer-controlled,
					* NUL-terminated; sanitise to print */
	uint16_t dlt;            /* ECHO: link type (0 = raw IP) */
	const uint8_t *pkt;      /* ECHO: borrowed until the next poll/feed */
	size_t pkt_len;
	const struct nep_spec *spec; /* SPEC: owned by the session */
	struct nep_addr partner; /* HANDSHAKE_DONE: peer's partner field */
	unsigned ext;            /* HANDSHAKE_DONE: agreed NEP_EXT_* bits */
	uint32_t seq, ts;        /* of the message that caused the event */
};

struct nep_session;

/*
 * Creates a session.  A server queues HS_SERVER at once.  Returns NULL with
 * a message in eb on bad config (ERR_INVALID), no memory or RNG failure.
 */
struct nep_session *nep_session_new(enum nep_role role,
				    const struct nep_config *cfg,
				    struct errbuf *eb);
void nep_session_free(struct nep_session *s); /* NULL ok; wipes keys */

/*
 * Buffers up to len input bytes (however the stream was split); *taken =
 * bytes accepted, less than len only when the buffer is full: poll, then
 * feed the rest.  Input after failure is swallowed.  Returns 0.
 */
int nep_session_feed(struct nep_session *s, const uint8_t *in, size_t len,
		     size_t *taken);

/* Processes buffered input: 1 with *ev filled, 0 when more input is needed
 * (or the session is dead and its failure was reported). */
int nep_session_poll(struct nep_session *s, struct nep_event *ev);

/* Bytes waiting to be written (borrowed), and marking n of them written. */
const uint8_t *nep_session_output(const struct nep_session *s, size_t *len);
void nep_session_consume(struct nep_session *s, size_t n);

#define NEP_ECHO_FLAG_REPLY 0x1u

/*
 * Server: queues one ECHO of pkt[0..len) (DLT dlt, 0 = starting at the IP
 * header).  NEP_ECHO_FLAG_REPLY marks a reply echo; allowed only when the
 * extension was agreed.  ERR_PROTO (not live / not a server / not agreed),
 * ERR_INVALID (len > 9212, dlt > 0x7fff), ERR_LIMIT (output full).
 */
int nep_session_echo(struct nep_session *s, uint16_t dlt, const uint8_t *pkt,
		     size_t len, unsigned flags);

/*
 * Ends the session by the application's choice (a server limit once the
 * client authenticated): queues a NEP_ERROR with text when keys allow
 * one, and the session is dead (no event follows).  0, or ERR_PROTO when
 * it already was.
 */
int nep_session_refuse(struct nep_session *s, const char *text);

/* True once READY was sent (server) or received (client). */
int nep_session_live(const struct nep_session *s);
/* True after NEP_EV_FAILED. */
int nep_session_dead(const struct nep_session *s);
/* Agreed NEP_EXT_* bits (0 before HS_FINAL or with stock peers). */
unsigned nep_session_ext(const struct nep_session *s);
/* NEP_EVF_TS_SKEW if seen so far. */
unsigned nep_session_flags(const struct nep_session *s);
/*
 * Client, after HS_FINAL: the probe token its probes must carry as their
 * payload (NEP_EXT_PROBE_TOKEN agreed, and the probe had no payload of
 * its own), copied to out; its length, 0 when there is none.
 */
#define NEP_PROBE_TOKEN_LEN 8
size_t nep_session_token(const struct nep_session *s,
			 uint8_t out[NEP_PROBE_TOKEN_LEN]);

/*
 * How many keys were derived from the passphrase so far (each costs 1,001
 * SHA-256 rounds).  A server derives one to send HS_SERVER, two more to
 * open HS_CLIENT, and the last two only once that MAC verified; an
 * HS_CLIENT that fails the checks it can make in clear costs none.
 */
unsigned nep_session_kdf_runs(const struct nep_session *s);
/*
 * Copies a derived key (for -d4 style output).  ERR_AGAIN before it
 * exists; zeros with no_crypto.
 */
int nep_session_key(const struct nep_session *s, enum nep_key_id id,
		    uint8_t out[16]);

#endif
