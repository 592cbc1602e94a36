/* SPDX-License-Identifier: MIT */
/*
 * client/client_int.h: state of one echo-client run, shared by client.c
 * (set-up, engine hooks, output) and chan.c (side-channel socket and
 * handshake).
 */
#ifndef NPECHO_CLIENT_CLIENT_INT_H
#define NPECHO_CLIENT_CLIENT_INT_H

#include <stdint.h>

#include "analysis/analysis.h"
#include "client/track.h"
#include "echo/session.h"
#include "probe/run.h"

struct out_sink;

#define EC_STEP_NS 10000000000ull  /* 10 s per connect / handshake step */
#define EC_SERVICE_NS 2000000ull   /* side-channel reading per wake-up */

struct echo_client {
	const struct config *cfg; /* &cc */
	struct config cc;         /* the caller's, sport moved off the echo port */
	struct run *r;
	struct nep_session *s;
	int fd;                   /* side channel, -1 when closed */
	char server[INET6_ADDRSTRLEN + 16]; /* "10.0.0.1:9929", "[fd::1]:9929" */
	int live;                 /* READY received */
	int closed;               /* side channel gone (reported) */
	int failed;               /* a failure was reported: exit 1 */
	uint64_t out_total;       /* side-channel bytes written */
	uint64_t t_hs_client, t_final, t_spec, t_ready; /* handshake times */
	uint64_t rtt_ns;          /* side-channel round trip (handshake) */
	uint64_t last_echo_ns;    /* arrival of the latest echo */
	uint8_t token[NEP_PROBE_TOKEN_LEN]; /* the probes' payload, if agreed */
	uint64_t hold_ns, stale_ns;
	unsigned ext;             /* agreed NEP_EXT_* bits */
	struct nep_addr seen_as;  /* our address as the server saw it */
	struct ct_ring ring;
	struct ct_hold hold;
	struct run_hook hook;
	struct analysis *an;      /* Packet Echo Analysis, NULL if no memory */
	uint64_t echoed_first;    /* probes echoed at least once */
	uint64_t echoed_pkts, echoed_bytes; /* echoes but duplicates */
	int analysed;             /* the analysis is ready to print */
	uint64_t dup_echoes, reply_echoes, unknown_echoes, dropped;
	struct ec_obs *obs;       /* the audit's record of each probe, or NULL */
	uint8_t in[65536];         /* side-channel reads */
};

/*
 * What one probe run of the path audit saw, probe by probe (probe n at
 * p[n - 1]; later probes are not recorded).  Every packet is kept from its
 * IP header on, cut at EC_OBS_BYTES; a length of 0 means none.
 */
#define EC_OBS_PROBES 8
#define EC_OBS_BYTES 1600

struct ec_obs_pkt {
	uint8_t b[EC_OBS_BYTES];
	size_t len;
};

struct ec_obs_probe {
	struct ec_obs_pkt sent;       /* as it left */
	struct ec_obs_pkt capt;       /* its first echo: as the server saw it */
	struct ec_obs_pkt rcvd;       /* the first reply we captured */
	struct ec_obs_pkt srv_reply;  /* reply echo: the server host's reply
				       * as it left the server */
};

struct ec_obs {
	int started;                  /* the session came up */
	unsigned ext;                 /* agreed NEP_EXT_* bits */
	size_t n;                     /* probes sent (recorded: at most
				       * EC_OBS_PROBES) */
	struct ec_obs_probe p[EC_OBS_PROBES];
};

/* client.c: one run of the echo client in pieces, for the audit.  prepare
 * makes the run on the shared sink (quiet) without dropping privileges;
 * execute drives the session and the probes and fills obs; both print
 * their one-line errors to stderr.  destroy is NULL-safe. */
struct echo_client *ec_prepare(const struct config *cfg, uint64_t start_ns,
			       struct out_sink *sink, struct ec_obs *obs,
			       int *status);
int ec_execute(struct echo_client *c);
void ec_destroy(struct echo_client *c);

/* chan.c */
/* Connects to the server; prints the error line and returns -1 on failure. */
int ec_connect(struct echo_client *c, const struct probe_target *tg,
	       uint16_t port);
/* Drives the handshake up to READY; -1 after printing why it failed. */
int ec_handshake(struct echo_client *c);
/* Reads what the side channel has (non-blocking) and handles its events;
 * reports a close or failure once and closes the socket. */
void ec_service(struct echo_client *c);
/* Writes what the session still has queued (best effort), closes. */
void ec_close(struct echo_client *c);

/* client.c: one echo from the server. */
void ec_on_echo(struct echo_client *c, const struct nep_event *ev);

#endif
