/* SPDX-License-Identifier: MIT */
/*
 * cli_int.h: private to src/cli.  The parser state handed to every option
 * handler, the option table entry, and the helpers handlers share.
 */
#ifndef NPECHO_CLI_INT_H
#define NPECHO_CLI_INT_H

#include <stdbool.h>

#include "cli/config.h"
#include "cli/parse_num.h"

/* Largest payload Nping accepts (--data-length, --data-string, --data). */
#define CLI_PAYLOAD_MAX 65400
#define CLI_PAYLOAD_WARN 1400
#define CLI_ECHO_PORT_DEFAULT 9929

struct cli_state {
	struct config *cfg;
	struct errbuf *eb;
	struct cli_rng rng;
	struct cli_env env;
	const char *opt;          /* option as shown in messages: "--ttl" */
	char optbuf[48];
	char mode_opt[48];        /* option that chose the mode */
	char raw_only_opt[48];    /* first raw-only option (UDP rule) */
	bool priv_opt;            /* --privileged / --unprivileged seen */
	bool priv_opt_value;
	bool verbosity_set;
	bool echo_client_seen, echo_server_seen;
};

enum cli_arg { ARG_NONE = 0, ARG_REQ, ARG_OPT };

typedef int (*cli_handler)(struct cli_state *st, int id, const char *arg);

struct cli_opt {
	const char *name;   /* long name without dashes, NULL if short only */
	char short_name;    /* 0 if none */
	enum cli_arg arg;
	bool npecho;        /* npecho-only: loses prefix matches to Nping's */
	cli_handler fn;
	int id;             /* meaning depends on fn */
};

/* The option table (opts.c), terminated by an entry with fn == NULL. */
extern const struct cli_opt cli_opts[];

/* "opt: what: 'value'" (value NULL: "opt: what"); returns ERR_INVALID. */
int cli_fail(struct cli_state *st, const char *what, const char *value);
/* A message without option ("what: 'value'"); returns ERR_INVALID. */
int cli_fail_global(struct cli_state *st, const char *what, const char *value);
/* Adds a warning line to cfg->warnings; returns 0 or ERR_NOMEM. */
int cli_warn(struct cli_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Replaces *dst by a copy of v; returns 0 or ERR_NOMEM (message set). */
int cli_setstr(struct cli_state *st, char **dst, const char *v);

/* Appends a target spec (copied); returns 0 or ERR_NOMEM. */
int cli_add_target(struct cli_state *st, const char *spec);

/* A number option: 0..max or rand into n; else fails with msg. */
int cli_num(struct cli_state *st, const char *arg, uint64_t max,
	    struct cfg_num *n, const char *msg);

/* Sets the probe mode, failing with Nping's message on a conflict. */
int cli_set_mode(struct cli_state *st, enum probe_mode mode);
/* For mode-specific options: fails if another mode was chosen so far. */
int cli_need_mode(struct cli_state *st, enum probe_mode mode, const char *what);
/* Notes a raw-only option (forbids UDP-Unprivileged). */
void cli_raw_only(struct cli_state *st);

/* Handlers, grouped by file. */
int opt_mode(struct cli_state *st, int id, const char *arg);       /* opt_proto.c */
int opt_tcpudp(struct cli_state *st, int id, const char *arg);
int opt_icmp(struct cli_state *st, int id, const char *arg);
int opt_arp(struct cli_state *st, int id, const char *arg);
int opt_ip(struct cli_state *st, int id, const char *arg);         /* opt_net.c */
int opt_eth(struct cli_state *st, int id, const char *arg);
int opt_payload(struct cli_state *st, int id, const char *arg);
int opt_echo(struct cli_state *st, int id, const char *arg);       /* opt_misc.c */
int opt_timing(struct cli_state *st, int id, const char *arg);
int opt_misc(struct cli_state *st, int id, const char *arg);
int opt_output(struct cli_state *st, int id, const char *arg);

/* Shared value parsers used by several handlers (opt_net.c). */
int cli_parse_addr(struct cli_state *st, const char *arg, int af_hint,
		   struct cfg_addr *out, const char *what);
int cli_parse_mac(struct cli_state *st, const char *arg, struct cfg_mac *out,
		  const char *what);

/* Walks argv, calling handlers and collecting targets (opts.c). */
int cli_scan(struct cli_state *st, int argc, char **argv);

/* After the argv loop: privilege, mode, defaults, cross checks (finish.c). */
int cli_finish(struct cli_state *st);

/* Option ids.  Grouped by handler; values only need to be unique per fn. */
enum {
	/* opt_mode */
	M_TCP_CONNECT, M_TCP, M_UDP, M_ICMP, M_ARP, M_TR,
	M_ECHO_REQ, M_DEST_UNR, M_TIMESTAMP, M_INFO, M_NETMASK,
	M_ARP_REQ, M_ARP_REPLY, M_RARP_REQ, M_RARP_REPLY,
	/* opt_tcpudp */
	T_DPORT, T_SPORT, T_SEQ, T_FLAGS, T_ACK, T_WIN, T_BADSUM, T_TCPOPTS,
	/* opt_icmp */
	I_TYPE, I_CODE, I_ID, I_SEQ, I_REDIR, I_PPTR, I_LIFETIME, I_ADVERT,
	I_ORIG, I_RECV, I_TRANS,
	/* opt_arp */
	A_TYPE, A_SMAC, A_SIP, A_TMAC, A_TIP,
	/* opt_ip */
	P_SRC, P_DST, P_TOS, P_ID, P_DF, P_MF, P_EVIL, P_TTL, P_BADSUM,
	P_OPTS, P_MTU, P_FRAG, P_V4, P_V6, P_HOPLIMIT, P_TCLASS, P_FLOW,
	P_IP6EXT,
	/* opt_eth */
	E_DMAC, E_SMAC, E_TYPE,
	/* opt_payload */
	D_HEX, D_STRING, D_LENGTH,
	/* opt_echo */
	C_CLIENT, C_SERVER, C_PORT, C_NOCRYPTO, C_ONCE, C_SAFE, C_INCLUDE,
	C_PASSFILE, C_MAXSESS, C_MAXPERADDR, C_HSTIMEOUT, C_IDLETIMEOUT,
	C_BUDGET, C_NOPRIO, C_MAXPERNET, C_MAXHS, C_HSRATE, C_ALLOWLOCAL,
	C_NOSECCOMP, C_FULLCAPT, C_NOTOKEN, C_AUDIT,
	/* opt_timing */
	W_DELAY, W_RATE, W_FLOOD,
	/* opt_misc */
	X_COUNT, X_IFACE, X_HIDE, X_NOCAP, X_PRIV, X_UNPRIV, X_SENDETH,
	X_SENDIP, X_BPF, X_NSOCK, X_HELP, X_VERSION, X_JSON, X_PCAP, X_USER,
	X_PROGRESS, X_NOPROGRESS, X_IGNORE, X_NOTXRING,
	/* opt_output */
	O_VERBOSE, O_REDUCE, O_DEBUG_SHORT, O_QUIET, O_DEBUG,
};

#endif
