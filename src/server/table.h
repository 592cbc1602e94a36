/* SPDX-License-Identifier: MIT */
/*
 * server/table.h: the echo server's pure helpers (libc only, no sockets,
 * no libevent), so the limits and the reply matcher test without root.
 *
 *  - struct srv_table: fixed-size slot table of sessions with the
 *    admission rules (--max-sessions total, --max-sessions-per-addr per
 *    client address).  Slot indexes are stable while a session lives.
 *  - srv_echo_budget(): how many packets one session may be echoed.
 *  - struct srv_flows: the probe flows recently echoed to one session, so
 *    the server can recognise its own host's replies to them (the reply
 *    echo extension, doc/nep-extensions.md).
 *  - struct srv_ratelimit: a token bucket per kind of log line, so no
 *    client can make the server fill a disk with its log.
 *  - srv_addr_of_pkt(), srv_addr_eq(): the address policy (a packet is
 *    echoed only to sessions whose client address is its source).
 *  - srv_fmt_peer(): peer address text.
 *
 * Nothing here prints.  Errors are negative ERR_* with text in an errbuf
 * where one is taken.
 */
#ifndef NPECHO_SERVER_TABLE_H
#define NPECHO_SERVER_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"
#include "util/err.h"

/* A client address: af AF_INET (4 bytes used) or AF_INET6 (16). */
struct srv_addr {
	int af;
	uint8_t ip[16];
};

struct srv_slot {
	int used;
	struct srv_addr addr;
	void *owner; /* borrowed: the caller's per-session object */
};

struct srv_table {
	struct srv_slot *slots; /* owned; cap entries */
	size_t cap;             /* --max-sessions */
	size_t used;
	size_t per_addr;        /* --max-sessions-per-addr */
	size_t per_net;         /* --max-sessions-per-net; 0 = no limit */
};

/* The networks per_net counts: IPv4 /24, IPv6 /64. */
#define SRV_NET_V4_BITS 24
#define SRV_NET_V6_BITS 64

/* Allocates cap slots.  0, ERR_INVALID (cap or per_addr 0), ERR_NOMEM. */
int srv_table_init(struct srv_table *t, size_t cap, size_t per_addr);
/* Frees the slots (not the owners).  NULL-safe, idempotent. */
void srv_table_fini(struct srv_table *t);

/* Live sessions whose client address equals a. */
size_t srv_table_count_addr(const struct srv_table *t,
			    const struct srv_addr *a);

/* Live sessions whose client address is in the same /24 (IPv4) or /64
 * (IPv6) as a. */
size_t srv_table_count_net(const struct srv_table *t,
			   const struct srv_addr *a);

/*
 * Takes a free slot for a new session from address a.  Returns the slot
 * index (>= 0), or ERR_LIMIT with *why "too many sessions" (table full),
 * "too many sessions from this address" (per-address cap) or "too many
 * sessions from this network" (per_net, when set).
 */
int srv_table_add(struct srv_table *t, const struct srv_addr *a, void *owner,
		  const char **why);
/* Frees slot i; out-of-range or free slots are ignored. */
void srv_table_remove(struct srv_table *t, int i);

/* True when a and b are the same family and address. */
int srv_addr_eq(const struct srv_addr *a, const struct srv_addr *b);

/* a with every bit past the first v4_bits (IPv4) or v6_bits (IPv6)
 * cleared, in *out. */
void srv_addr_net(const struct srv_addr *a, unsigned v4_bits,
		  unsigned v6_bits, struct srv_addr *out);

/*
 * The source (dst 0) or destination (dst 1) address of the decoded packet
 * p into *out.  Returns 0, or ERR_INVALID when p has no IP layer.
 */
int srv_addr_of_pkt(const struct pkt *p, int dst, struct srv_addr *out);

/*
 * Log rate limit: a token bucket of SRV_LOG_BURST lines refilled at
 * SRV_LOG_RATE lines per second.  Zero-initialise; srv_rl_allow() returns
 * 1 when one more line may be printed now, else 0 and counts it as
 * suppressed.  srv_rl_take() returns the suppressed count and resets it.
 */
#define SRV_LOG_BURST 100
#define SRV_LOG_RATE 10

struct srv_ratelimit {
	int started;
	uint32_t tokens;
	uint64_t last_ns;    /* time the tokens were last refilled to */
	uint64_t suppressed; /* lines refused since the last srv_rl_take */
};

int srv_rl_allow(struct srv_ratelimit *rl, uint64_t now_ns);
uint64_t srv_rl_take(struct srv_ratelimit *rl);

/*
 * Echo budget of one session.  cfg_budget > 0 is used as given.  0 means
 * "derived from the PacketSpec": the announced probe count (-c) times
 * SRV_BUDGET_FACTOR (a client sends -c probes per target port, and nping
 * allows several ports), times 2 when replies are echoed too, plus
 * SRV_BUDGET_SLACK for retransmissions and strays.  A spec count of 0
 * (nping -c 0, "until interrupted") gives SRV_BUDGET_MAX, and so does
 * anything larger: no session is ever unlimited.
 */
#define SRV_BUDGET_FACTOR 8
#define SRV_BUDGET_SLACK 32
#define SRV_BUDGET_MAX 10000000ull /* = cli/config.h CFG_ECHO_BUDGET_MAX */
uint64_t srv_echo_budget(uint64_t cfg_budget, uint16_t spec_count,
			 int reply_ext);

/*
 * Flow keys of the last SRV_FLOWS probes echoed to a session.  A probe is
 * remembered by (family, addresses, protocol, ports or ICMP id), in its
 * own direction; a reply is a packet going the other way.
 */
#define SRV_FLOWS 8

struct srv_flow {
	uint8_t af;      /* 4 or 6; 0 = empty */
	uint8_t proto;   /* IPPROTO_TCP/UDP/ICMP/ICMPV6 */
	uint8_t src[16], dst[16];
	uint16_t sport, dport; /* TCP/UDP ports; ICMP: id in sport */
};

struct srv_flows {
	struct srv_flow f[SRV_FLOWS];
	unsigned next; /* ring position */
};

/* Remembers the flow of an echoed probe (ignored if it has no IP/L4). */
void srv_flows_add(struct srv_flows *fl, const struct pkt *probe);

/*
 * True when p is a reply to a remembered probe: TCP/UDP with addresses
 * and ports mirrored; ICMP(v6) echo reply with mirrored addresses and the
 * same id; or an ICMP(v6) error sent to the probe's source whose quoted
 * datagram is the probe's flow.
 */
int srv_flows_is_reply(const struct srv_flows *fl, const struct pkt *p);

/* "10.0.0.1:9929" or "[fd00::1]:9929"; always NUL-terminated. */
#define SRV_PEER_LEN 56
void srv_fmt_peer(const struct srv_addr *a, uint16_t port, char *out,
		  size_t cap);

#endif
