/* SPDX-License-Identifier: MIT */
/*
 * finish.c: what happens after the last option: privilege and mode
 * defaults (Nping's rules), the checks that need the whole command line,
 * then the remaining defaults, random ones included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/cli_int.h"
#include "cli/targets.h"

#define TCP_DPORT_DEFAULT 80
#define UDP_DPORT_DEFAULT 40125
#define UDP_SPORT_DEFAULT 53
#define TR_COUNT_DEFAULT 48
#define ACK_FLAG 0x10

static bool
is_tcp(enum probe_mode m)
{
	return m == MODE_TCP || m == MODE_TCP_CONNECT;
}

static bool
is_udp(enum probe_mode m)
{
	return m == MODE_UDP || m == MODE_UDP_UNPRIV;
}

/* Fails with st->opt temporarily set to the option to blame. */
static int
fail_at(struct cli_state *st, const char *opt, const char *what, const char *value)
{
	st->opt = opt;
	return cli_fail(st, what, value);
}

static void
resolve_mode(struct cli_state *st)
{
	struct config *cfg = st->cfg;

	if (st->priv_opt) {
		cfg->privileged = st->priv_opt_value;
		cfg->priv_from = PRIV_OPTION;
	} else if (st->env.env_priv >= 0) {
		cfg->privileged = st->env.env_priv == 1;
		cfg->priv_from = PRIV_ENV;
	} else {
		cfg->privileged = st->env.is_root;
		cfg->priv_from = PRIV_EUID;
	}
	if (st->env.script_kiddie)
		cfg->evil = true;
	if (!cfg->mode_explicit && cfg->echo != ECHO_SERVER) {
		if (!cfg->privileged)
			cfg->mode = MODE_TCP_CONNECT;
		else
			cfg->mode = cfg->af == AF_INET6 ? MODE_TCP : MODE_ICMP;
	}
	if (cfg->mode == MODE_UDP && !cfg->privileged && !st->raw_only_opt[0])
		cfg->mode = MODE_UDP_UNPRIV;
	/* Nping accepts --tr with ARP and TCP-Connect and ignores it. */
	if (cfg->mode == MODE_ARP || cfg->mode == MODE_TCP_CONNECT)
		cfg->traceroute = false;
}

static int
check_privilege(struct cli_state *st)
{
	struct config *cfg = st->cfg;
	char msg[64];

	if (cfg->privileged)
		return 0;
	if (cfg->echo != ECHO_NONE)
		return fail_at(st, cfg->echo == ECHO_CLIENT ? "--echo-client" :
			       "--echo-server", "Echo mode requires root privileges.", NULL);
	if (cfg->mode == MODE_TCP_CONNECT || cfg->mode == MODE_UDP_UNPRIV)
		return 0;
	snprintf(msg, sizeof(msg), "Mode %s requires root privileges.",
		 cli_mode_name(cfg->mode));
	return fail_at(st, cfg->mode == MODE_UDP ? st->raw_only_opt : st->mode_opt,
		       msg, NULL);
}

static int
check_echo(struct cli_state *st)
{
	struct config *cfg = st->cfg;
	char msg[128];
	size_t i;

	if (cfg->audit && cfg->echo != ECHO_CLIENT)
		return fail_at(st, "--audit", "the path audit runs over an echo "
			       "session: give --echo-client PASS", NULL);
	if (cfg->echo != ECHO_CLIENT)
		return 0;
	if (cfg->audit && cfg->mode_explicit)
		return fail_at(st, "--audit", "the path audit chooses its own "
			       "probes: drop the probe mode option", st->mode_opt);
	if (cfg->mode != MODE_TCP && !is_udp(cfg->mode) && cfg->mode != MODE_ICMP)
		return fail_at(st, "--echo-client", "The echo client can't be run with "
			       "protocols other than TCP, UDP or ICMP.", NULL);
	if (cfg->n_targets == 0)
		return fail_at(st, "--echo-client", "No echo server was specified.", NULL);
	if (cfg->n_targets > 1)
		return fail_at(st, "--echo-client", "the echo client takes exactly one "
			       "target (the echo server)", cfg->targets[1]);
	if (cfg->mode != MODE_TCP)
		return 0;
	for (i = 0; i < cfg->n_dports; i++) {
		if (cfg->dports[i] == cfg->echo_port.v) {
			snprintf(msg, sizeof(msg), "Packets can't be sent to the same port "
				 "that is used to connect to the echo server (%u)",
				 cfg->echo_port.v);
			return fail_at(st, "-p", msg, NULL);
		}
	}
	if (cfg->sport.set && cfg->sport.v == cfg->echo_port.v) {
		snprintf(msg, sizeof(msg), "Packets can't be sent from the same port "
			 "that is used to connect to the echo server (%u)",
			 cfg->echo_port.v);
		return fail_at(st, "-g", msg, NULL);
	}
	return 0;
}

/*
 * Nping 0.7.93's IPv6 transmit-path rules.  Without an IPv6 header option
 * (--hop-limit / --ttl, --traffic-class, --flow, -S), raw TCP, UDP and
 * ICMPv6 probes go out through the raw IPv6 socket.  Setting one of them
 * requires Ethernet sending: --send-ip is refused, Ethernet sending
 * (--send-eth, or --source-mac / --dest-mac by default) needs both MACs
 * and -S, and without Ethernet sending the option is refused.
 */
static int
check_ipv6(struct cli_state *st)
{
	struct config *cfg = st->cfg;
	bool header, eth, raw;

	raw = cfg->mode == MODE_TCP || cfg->mode == MODE_UDP || cfg->mode == MODE_ICMP;
	if (cfg->n_ip6_ext && cfg->af != AF_INET6)
		return fail_at(st, "--ipv6-ext", "IPv6 extension headers need "
			       "-6", NULL);
	if (cfg->af != AF_INET6 || !raw || cfg->echo == ECHO_SERVER)
		return 0;
	header = cfg->ttl.set || cfg->traffic_class.set || cfg->flow.set ||
		 cfg->source_ip.set || cfg->n_ip6_ext;
	eth = cfg->send_pref == SEND_ETH || (cfg->send_pref == SEND_DEFAULT &&
		(cfg->source_mac.set || cfg->dest_mac.set));
	if (cfg->send_pref == SEND_IP && header)
		return fail_at(st, "--send-ip", "You requested raw IP transmission mode "
			       "for IPv6. IPv6 header fields can't be set on raw IPv6 "
			       "sockets (RFC 2292). Please use raw Ethernet "
			       "transmission (option --send-eth)", NULL);
	if (eth && !(cfg->source_mac.set && cfg->dest_mac.set && cfg->source_ip.set))
		return fail_at(st, "--send-eth", "You requested raw ethernet level "
			       "transmission and IPv6. In this case, you need to supply "
			       "source MAC address, destination MAC address and IPv6 "
			       "source address.", NULL);
	if (header && !eth)
		return fail_at(st, "-6", "If you want to control some of the fields in "
			       "the IPv6 header you also have to supply source and "
			       "destination MAC address (with --send-eth)", NULL);
	return 0;
}

static int
check_combos(struct cli_state *st)
{
	struct config *cfg = st->cfg;
	const struct cfg_addr *src = &cfg->source_ip;
	int ret;

	if (cfg->af == AF_INET6 && cfg->mode == MODE_ARP)
		return fail_at(st, "-6", "Sorry, ARP does not support IPv6 and Nping "
			       "does not yet support NDP.", NULL);
	if (cfg->dports_set && (cfg->mode == MODE_ICMP || cfg->mode == MODE_ARP))
		return fail_at(st, "-p", "You cannot use -p (explicit port selection) "
			       "in your current scan mode. (Perhaps you meant to use "
			       "--tcp or --udp)", NULL);
	if (src->set && src->resolved && !src->random && src->af != cfg->af)
		return fail_at(st, "-S", cfg->af == AF_INET6 ? "Could not resolve "
			       "source IPv6 address." : "Could not resolve source "
			       "IPv4 address.", src->str);
	ret = check_echo(st);
	if (ret == 0)
		ret = check_ipv6(st);
	return ret;
}

static int
check_targets(struct cli_state *st)
{
	struct config *cfg = st->cfg;
	struct errbuf te = { { 0 } };
	enum target_kind k;
	size_t i;

	if (cfg->echo == ECHO_SERVER)
		return 0;
	if (cfg->n_targets == 0)
		return cli_fail_global(st, "No targets were specified, so 0 hosts "
				       "pinged.", NULL);
	for (i = 0; i < cfg->n_targets; i++) {
		k = targets_classify(cfg->targets[i]);
		if (k == TARGET_NAME)
			continue;
		if (targets_expand(cfg->targets[i], TARGETS_MAX_DEFAULT, NULL, NULL,
				   &te) < 0)
			return cli_fail_global(st, te.msg, cfg->targets[i]);
	}
	return 0;
}

static int
default_ports(struct cli_state *st)
{
	struct config *cfg = st->cfg;
	uint32_t sport;

	if (!is_tcp(cfg->mode) && !is_udp(cfg->mode))
		return 0;
	if (!cfg->dports_set) {
		cfg->dports = malloc(sizeof(*cfg->dports));
		if (!cfg->dports) {
			errbuf_set(st->eb, "out of memory");
			return ERR_NOMEM;
		}
		cfg->dports[0] = is_tcp(cfg->mode) ? TCP_DPORT_DEFAULT : UDP_DPORT_DEFAULT;
		cfg->n_dports = 1;
	}
	if (cfg->sport.set)
		return 0;
	if (is_udp(cfg->mode)) {
		cfg->sport.v = UDP_SPORT_DEFAULT;
		return 0;
	}
	/* TCP: random, fixed for the run, never the echo side channel's port. */
	do {
		sport = (uint32_t)cli_rng_range(&st->rng, 1024, 65534);
	} while (cfg->echo == ECHO_CLIENT && sport == cfg->echo_port.v);
	cfg->sport.v = sport;
	cfg->sport.random = true;
	return 0;
}

static void
draw(struct cli_state *st, struct cfg_num *n, uint64_t max)
{
	if (n->set)
		return;
	n->v = (uint32_t)cli_rng_range(&st->rng, 0, max);
	n->random = true;
}

static void
default_values(struct cli_state *st)
{
	struct config *cfg = st->cfg;

	draw(st, &cfg->seq, UINT32_MAX);
	if (cfg->tcp_flags.v & ACK_FLAG)
		draw(st, &cfg->ack, UINT32_MAX);
	draw(st, &cfg->icmp_id, 65535);
	draw(st, &cfg->ip_id, 65535);
	draw(st, &cfg->flow, 1048575);
	if (!cfg->icmp_type.set && cfg->af == AF_INET6)
		cfg->icmp_type.v = 128;
	if (!cfg->ether_type.set && cfg->mode == MODE_ARP)
		cfg->ether_type.v = 0x0806;
	else if (!cfg->ether_type.set && cfg->af == AF_INET6)
		cfg->ether_type.v = 0x86dd;
	if (!cfg->count.set && cfg->traceroute)
		cfg->count.v = TR_COUNT_DEFAULT;
}

static int
final_warnings(struct cli_state *st)
{
	struct config *cfg = st->cfg;
	int ret = 0;

	if (cfg->mode == MODE_ARP && cfg->send_pref == SEND_IP)
		ret = cli_warn(st, "Warning: ARP mode requires raw ethernet frame "
			       "transmission. Specified preference will be ignored.");
	if (ret == 0 && cfg->mode == MODE_TCP_CONNECT && cfg->payload_kind != PAYLOAD_NONE)
		ret = cli_warn(st, "Warning: Payload supplied in TCP Connect mode. "
			       "Payload will be ignored.");
	if (ret == 0 && cfg->mode == MODE_TCP_CONNECT && cfg->sport.set &&
	    cfg->count.v != 1)
		ret = cli_warn(st, "Warning: Setting a source port in TCP-Connect mode "
			       "with %u rounds may not work after the first round. "
			       "You may want to do just one round (use --count 1).",
			       cfg->count.v);
	if (ret == 0 && cfg->payload_len > CLI_PAYLOAD_WARN)
		ret = cli_warn(st, "WARNING: Payload exceeds maximum recommended "
			       "payload (1400)");
	return ret;
}

int
cli_finish(struct cli_state *st)
{
	int ret;

	resolve_mode(st);
	ret = check_privilege(st);
	if (ret == 0)
		ret = default_ports(st);	/* the echo check needs them */
	if (ret == 0)
		ret = check_combos(st);
	if (ret == 0)
		ret = check_targets(st);
	if (ret < 0)
		return ret;
	default_values(st);
	st->opt = "npecho";
	return final_warnings(st);
}
