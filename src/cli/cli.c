/* SPDX-License-Identifier: MIT */
/* cli.c: cli_parse() entry, defaults, config_free(), mode helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/cli_int.h"

static const char *const mode_names[] = {
	[MODE_NONE] = "none",
	[MODE_TCP_CONNECT] = "TCP-Connect",
	[MODE_TCP] = "TCP",
	[MODE_UDP] = "UDP",
	[MODE_UDP_UNPRIV] = "UDP-Unprivileged",
	[MODE_ICMP] = "ICMP",
	[MODE_ARP] = "ARP",
};

const char *
cli_mode_name(enum probe_mode mode)
{
	if ((unsigned)mode >= sizeof(mode_names) / sizeof(mode_names[0]))
		return "unknown";
	return mode_names[mode];
}

static bool
env_set(const char *name)
{
	return getenv(name) != NULL;
}

void
cli_env_from_system(struct cli_env *env)
{
	const char *kid = getenv("SCRIPT_KIDDIE");

	memset(env, 0, sizeof(*env));
	env->is_root = geteuid() == 0;
	env->env_priv = -1;
	if (env_set("NPING_PRIVILEGED") || env_set("NMAP_PRIVILEGED"))
		env->env_priv = 1;
	else if (env_set("NPING_UNPRIVILEGED") || env_set("NMAP_UNPRIVILEGED"))
		env->env_priv = 0;
	env->script_kiddie = kid && strcmp(kid, "0") != 0;
}

int
cli_set_mode(struct cli_state *st, enum probe_mode mode)
{
	struct config *cfg = st->cfg;
	char msg[128];

	if (cfg->mode_explicit && cfg->mode != mode) {
		snprintf(msg, sizeof(msg), "Cannot specify more than one probe mode. "
			 "Choose either %s or %s.", cli_mode_name(mode),
			 cli_mode_name(cfg->mode));
		return cli_fail(st, msg, NULL);
	}
	if (!cfg->mode_explicit) {
		cfg->mode = mode;
		cfg->mode_explicit = true;
		snprintf(st->mode_opt, sizeof(st->mode_opt), "%s", st->opt);
	}
	return 0;
}

int
cli_need_mode(struct cli_state *st, enum probe_mode mode, const char *what)
{
	struct config *cfg = st->cfg;
	char msg[128];

	if (cfg->mode_explicit && cfg->mode != mode) {
		snprintf(msg, sizeof(msg), "You cannot specify mode %s if you want "
			 "to send %s.", cli_mode_name(cfg->mode), what);
		return cli_fail(st, msg, NULL);
	}
	return 0;
}

void
cli_raw_only(struct cli_state *st)
{
	if (!st->raw_only_opt[0])
		snprintf(st->raw_only_opt, sizeof(st->raw_only_opt), "%s", st->opt);
}

/* A number option: parse_uint_rand() into a cfg_num, or fail with msg. */
int
cli_num(struct cli_state *st, const char *arg, uint64_t max,
	struct cfg_num *n, const char *msg)
{
	uint64_t v;
	bool rnd;

	if (parse_uint_rand(arg, 0, max, &st->rng, &v, &rnd) < 0)
		return cli_fail(st, msg, arg);
	n->v = (uint32_t)v;
	n->set = true;
	n->random = rnd;
	return 0;
}

/* Constant defaults (random ones are drawn in cli_finish()). */
static void
config_defaults(struct config *cfg)
{
	cfg->af = AF_INET;
	cfg->win.v = 1480;
	cfg->tcp_flags.v = 0x02;
	cfg->icmp_type.v = 8;
	cfg->arp_op.v = 1;
	cfg->ttl.v = 64;
	cfg->ether_type.v = 0x0800;
	cfg->echo_port.v = CLI_ECHO_PORT_DEFAULT;
	cfg->safe_payloads = true; /* nping's server zeroes payloads by default */
	cfg->max_sessions.v = 32;
	cfg->max_sessions_per_addr.v = 4;
	cfg->max_sessions_per_net.v = 16;
	cfg->max_handshakes.v = 256;
	cfg->handshake_rate.v = 10;
	cfg->handshake_timeout_ns = 10ULL * 1000000000ULL;
	cfg->idle_timeout_ns = 60ULL * 1000000000ULL;
	cfg->count.v = 5;
	cfg->delay_ns = 1000000000ULL;
	cfg->progress = -1;
}

int
cli_parse(int argc, char **argv, const struct cli_env *env,
	  struct config *cfg, struct errbuf *eb)
{
	struct cli_state st;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	config_defaults(cfg);
	memset(&st, 0, sizeof(st));
	st.cfg = cfg;
	st.eb = eb;
	st.opt = "npecho";
	if (env)
		st.env = *env;
	else
		cli_env_from_system(&st.env);
	if (st.env.seeded)
		cli_rng_seed(&st.rng, st.env.seed);
	else
		cli_rng_seed_system(&st.rng);
	if (argc <= 1 || !argv) {
		cfg->action = ACTION_NOARGS;
		return 0;
	}
	cfg->argc = argc;
	cfg->argv = argv;
	ret = cli_scan(&st, argc, argv);
	if (ret < 0 || cfg->action != ACTION_RUN)
		return ret;
	st.opt = "npecho";
	return cli_finish(&st);
}

static void
free_str(char **p)
{
	free(*p);
	*p = NULL;
}

static void
free_list(char ***v, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

void
config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free_list(&cfg->targets, &cfg->n_targets);
	free_list(&cfg->warnings, &cfg->n_warnings);
	free(cfg->dports);
	free_str(&cfg->tcp_options);
	free_str(&cfg->icmp_redirect_addr.str);
	free(cfg->icmp_adverts);
	free_str(&cfg->arp_sender_ip.str);
	free_str(&cfg->arp_target_ip.str);
	free_str(&cfg->source_ip.str);
	free_str(&cfg->ip_options);
	free(cfg->payload);
	if (cfg->echo_passphrase) {
		/* the passphrase is a secret: wipe before release */
		explicit_bzero(cfg->echo_passphrase, strlen(cfg->echo_passphrase));
		free_str(&cfg->echo_passphrase);
	}
	free_str(&cfg->echo_passphrase_file);
	free_str(&cfg->iface);
	free_str(&cfg->bpf_filter);
	free_str(&cfg->nsock_engine);
	free_str(&cfg->pcap_file);
	free_str(&cfg->user);
	memset(cfg, 0, sizeof(*cfg));
}
