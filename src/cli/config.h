/* SPDX-License-Identifier: MIT */
/*
 * config.h: the whole command line of npecho as one plain struct, and the
 * parser's public API.
 *
 * cli_parse() reads Nping 0.7.93's option set (all aliases, same defaults,
 * same order rules) plus npecho's own options.  It never prints and never
 * exits: on error it returns a negative ERR_* and leaves one line in the
 * errbuf, shaped "<option>: <what is wrong>: '<value>'" (main prints it as
 * "npecho: <line>" and exits EXIT_USAGE).  Warnings Nping would print while
 * parsing are collected in cfg->warnings for main to print.
 *
 * Ownership: every pointer in struct config is owned by the config and
 * released by config_free().  After cli_parse() returns 0 the config is
 * meant to be used read-only.
 */
#ifndef NPECHO_CLI_CONFIG_H
#define NPECHO_CLI_CONFIG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/err.h"

enum cli_action {
	ACTION_RUN = 0,
	ACTION_HELP,    /* -h/--help: print cli_usage() to stdout, exit 0 */
	ACTION_VERSION, /* -V/--version: print cli_version(), exit 0 */
	ACTION_NOARGS,  /* no argument at all: usage to stdout, exit 2 */
};

/* The probe mode.  MODE_NONE only appears when cfg->echo == ECHO_SERVER. */
enum probe_mode {
	MODE_NONE = 0,
	MODE_TCP_CONNECT,
	MODE_TCP,
	MODE_UDP,
	MODE_UDP_UNPRIV,
	MODE_ICMP,
	MODE_ARP,
};

enum echo_role { ECHO_NONE = 0, ECHO_CLIENT, ECHO_SERVER };
enum payload_kind { PAYLOAD_NONE = 0, PAYLOAD_HEX, PAYLOAD_STRING, PAYLOAD_RANDOM };
enum send_pref { SEND_DEFAULT = 0, SEND_ETH, SEND_IP };
enum icmp_time_kind { ICMP_TIME_VALUE = 0, ICMP_TIME_NOW };
/* Where the privilege decision came from (for messages). */
enum priv_source { PRIV_EUID = 0, PRIV_ENV, PRIV_OPTION };

/*
 * A number with its provenance.  set: given on the command line.
 * random: the value was drawn (rand/random, or a random default); the drawn
 * value is in v, so every packet of the run uses the same one.
 */
struct cfg_num {
	uint32_t v;
	bool set;
	bool random;
};

/*
 * An address option (-S, --icmp-redirect-addr, --arp-*-ip).  str is the
 * text as given (owned).  If it was a literal or rand, resolved is true and
 * af/addr hold it; otherwise str is a host name for the mode code to
 * resolve (cli_parse does no DNS).
 */
struct cfg_addr {
	char *str;
	bool set;
	bool resolved;
	bool random;
	int af; /* AF_INET or AF_INET6 once resolved */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} addr;
};

struct cfg_mac {
	uint8_t b[6];
	bool set;
	bool random;
};

/*
 * ICMP timestamp field.  kind VALUE: ms is the value (milliseconds).
 * kind NOW: ms is the signed offset from "now" (ms since midnight UTC at
 * send time).  random: a random 32-bit value was drawn into ms.
 */
struct cfg_icmp_time {
	enum icmp_time_kind kind;
	int64_t ms;
	bool set;
	bool random;
};

struct cfg_advert_entry {
	struct in_addr addr;
	uint32_t pref;
};

struct config {
	enum cli_action action;

	/* The most packets an echo server echoes to one session, whatever the
 * client announced or --echo-budget says (10 s at 1M/s, ~3 h at 1k/s). */
#define CFG_ECHO_BUDGET_MAX 10000000ull

/* --- mode --- */
	enum probe_mode mode;  /* final mode, after defaults */
	bool mode_explicit;    /* a mode option was given */
	bool traceroute;       /* --tr (ignored for ARP and TCP-Connect) */
	enum echo_role echo;
	int af;                /* AF_INET (default, -4) or AF_INET6 (-6) */
	bool privileged;       /* resolved: euid, env or --(un)privileged */
	enum priv_source priv_from;

	/* --- targets: spec strings in command-line order (incl. --dest-ip) */
	char **targets;
	size_t n_targets;

	/* --- TCP / UDP --- */
	uint16_t *dports;      /* sorted ascending, unique; TCP/UDP modes only */
	size_t n_dports;
	bool dports_set;       /* -p given */
	struct cfg_num sport;  /* TCP: random 1024-65534; UDP: 53; TCP-Connect:
				* set==false means let the kernel choose */
	struct cfg_num seq;    /* random default */
	struct cfg_num ack;    /* 0, random if ACK flag set and --ack absent */
	struct cfg_num win;    /* 1480 */
	struct cfg_num tcp_flags; /* 0x02 (SYN) */
	bool badsum;
	char *tcp_options;     /* npecho --tcp-options LIST, raw text */

	/* --- ICMP --- */
	struct cfg_num icmp_type; /* 8 (IPv6: 128) */
	struct cfg_num icmp_code;
	struct cfg_num icmp_id;   /* random default */
	struct cfg_num icmp_seq;  /* set==false: 1,2,3... per target */
	struct cfg_addr icmp_redirect_addr;
	struct cfg_num icmp_param_pointer;
	struct cfg_num icmp_advert_lifetime;
	struct cfg_advert_entry *icmp_adverts;
	size_t n_icmp_adverts;
	struct cfg_icmp_time icmp_orig_time;
	struct cfg_icmp_time icmp_recv_time;
	struct cfg_icmp_time icmp_trans_time;

	/* --- ARP --- */
	struct cfg_num arp_op;     /* 1 */
	struct cfg_mac arp_sender_mac;
	struct cfg_addr arp_sender_ip;
	struct cfg_mac arp_target_mac; /* default all zeros */
	struct cfg_addr arp_target_ip;

	/* --- IPv4 / IPv6 --- */
	struct cfg_addr source_ip;  /* -S */
	struct cfg_num tos;
	struct cfg_num ip_id;       /* random, same for every packet */
	bool df, mf, evil;
	struct cfg_num ttl;         /* TTL or hop limit (shared), 64 */
	bool badsum_ip;
	char *ip_options;           /* raw --ip-options text */
	struct cfg_num mtu;         /* set by --mtu or -f (72) */
	bool frag_f;                /* -f seen */
	struct cfg_num traffic_class;
	struct cfg_num flow;        /* random 20-bit default */
	uint8_t ip6_ext[4];         /* npecho --ipv6-ext: header types, in order */
	size_t n_ip6_ext;

	/* --- Ethernet --- */
	struct cfg_mac dest_mac;
	struct cfg_mac source_mac;
	struct cfg_num ether_type;  /* 0x0800, ARP 0x0806, -6 0x86dd */

	/* --- payload (the last payload option wins) --- */
	enum payload_kind payload_kind;
	uint8_t *payload;           /* owned; random bytes drawn once */
	size_t payload_len;
	bool payload_len_random;    /* --data-length rand / --data-string rand */

	/* --- echo --- */
	char *echo_passphrase;      /* --echo-client / --echo-server value */
	char *echo_passphrase_file; /* npecho */
	struct cfg_num echo_port;   /* 9929 */
	bool no_crypto;
	bool once;
	bool safe_payloads;         /* default true; --include-payloads clears it */
	struct cfg_num max_sessions;          /* npecho, 32 */
	struct cfg_num max_sessions_per_addr; /* npecho, 4 */
	struct cfg_num max_sessions_per_net;  /* npecho, 16 per /24 or /64 */
	struct cfg_num max_handshakes;        /* npecho, 256 not authenticated */
	struct cfg_num handshake_rate;        /* npecho, 10/s per source */
	bool allow_local_clients;             /* npecho: loopback/own address */
	uint64_t handshake_timeout_ns;        /* npecho, 10 s */
	uint64_t idle_timeout_ns;             /* npecho, 60 s */
	uint64_t echo_budget;                 /* npecho, 0 = from the spec */
	bool no_raise_priority;               /* npecho: server keeps its nice */
	bool full_capt;                       /* npecho: CAPT lines as Nping's */
	bool no_probe_token;                  /* npecho: bare echo probes */
	bool no_seccomp;                      /* npecho: server runs unfiltered */
	bool audit;                           /* npecho --audit: the path audit */

	/* The command line as given (borrowed from main): the audit makes
	 * each of its runs from it and its own probe options. */
	int argc;
	char **argv;

	/* --- timing --- */
	uint64_t delay_ns;          /* 1 s; derived from --rate; 0 with flood */
	bool delay_set;
	double rate;                /* --rate value, 0 if not given */
	bool flood;                 /* --flood or --rate 0: no pacing */

	/* --- misc --- */
	struct cfg_num count;       /* 5, 48 with --tr; 0 = until interrupted */
	char *iface;                /* -e */
	bool hide_sent;             /* -H */
	bool no_capture;            /* -N */
	enum send_pref send_pref;
	bool no_tx_ring;            /* npecho --no-tx-ring: Ethernet via sendmmsg */
	char *bpf_filter;
	char *nsock_engine;         /* accepted, ignored */
	bool json;                  /* npecho --json */
	char *pcap_file;            /* npecho -w FILE */
	char *user;                 /* npecho --user */
	int progress;               /* npecho: -1 auto, 0 off, 1 on */

	/* --- output --- */
	int verbosity;              /* -4..4 */
	int debug;                  /* 0..9 */

	/* --- warnings to print before running (owned strings) --- */
	char **warnings;
	size_t n_warnings;
};

/*
 * What the parser needs from the outside world, so tests control it.
 * is_root: geteuid()==0.  env_priv: 1 if NPING_PRIVILEGED/NMAP_PRIVILEGED,
 * 0 if NPING_UNPRIVILEGED/NMAP_UNPRIVILEGED, -1 if neither.
 * script_kiddie: SCRIPT_KIDDIE set and not "0" (implies --evil).
 * seeded/seed: a fixed seed for the random defaults; else getrandom().
 */
struct cli_env {
	bool is_root;
	int env_priv;
	bool script_kiddie;
	bool seeded;
	uint64_t seed;
};

/* Fills env from geteuid() and getenv(); not seeded. */
void cli_env_from_system(struct cli_env *env);

/*
 * Parses argv[1..argc-1] into cfg (which it zeroes first).  env may be NULL
 * (then cli_env_from_system()).  Returns 0, or a negative ERR_* with one
 * line in eb; cfg must be released with config_free() in both cases.
 * For -h/-V/no arguments, returns 0 with cfg->action set.
 */
int cli_parse(int argc, char **argv, const struct cli_env *env,
	      struct config *cfg, struct errbuf *eb);

/* Frees everything cli_parse() allocated in cfg and zeroes it.  NULL-safe. */
void config_free(struct config *cfg);

/* Grouped help text for -h. */
void cli_usage(FILE *fp);

/* "npecho version X ( ... )", static storage. */
const char *cli_version(void);

/* Printable name of a mode: "TCP-Connect", "TCP", "UDP", ... */
const char *cli_mode_name(enum probe_mode mode);

#endif
