/* SPDX-License-Identifier: MIT */
/* opt_misc.c: echo, timing, miscellaneous and output options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"

#define NS_PER_S 1000000000ULL
#define IFNAME_MAX 15
#define COUNT_RAND_MAX 1023

static int
passphrase(struct cli_state *st, enum echo_role role, const char *arg)
{
	struct config *cfg = st->cfg;

	if (cfg->echo != ECHO_NONE && cfg->echo != role)
		return cli_fail(st, "cannot run as echo client and echo server at "
				"the same time", NULL);
	cfg->echo = role;
	if (cfg->echo_passphrase)
		explicit_bzero(cfg->echo_passphrase, strlen(cfg->echo_passphrase));
	return cli_setstr(st, &cfg->echo_passphrase, arg);
}

static int
echo_port(struct cli_state *st, const char *arg)
{
	uint64_t v;

	if (parse_uint(arg, 0, 65535, &v) < 0)
		return cli_fail(st, "Invalid echo port. Value must be 0<N<2^16.", arg);
	if (v == 0)
		return cli_fail(st, "Invalid echo port. Port can't be zero.", arg);
	st->cfg->echo_port.v = (uint32_t)v;
	st->cfg->echo_port.set = true;
	return 0;
}

/* A positive time, seconds by default (npecho's timeouts). */
static int
timeout(struct cli_state *st, const char *arg, uint64_t *out)
{
	uint64_t ns;

	if (parse_time_ns(arg, NS_PER_S, &ns, NULL) < 0 || ns == 0)
		return cli_fail(st, "must be a positive time (e.g. 10, 1.5s, 500ms, 2m)", arg);
	*out = ns;
	return 0;
}

static int
limit(struct cli_state *st, const char *arg, struct cfg_num *n)
{
	uint64_t v;

	if (parse_uint(arg, 1, 65535, &v) < 0)
		return cli_fail(st, "must be a number between 1 and 65535", arg);
	n->v = (uint32_t)v;
	n->set = true;
	return 0;
}

int
opt_echo(struct cli_state *st, int id, const char *arg)
{
	struct config *cfg = st->cfg;

	switch (id) {
	case C_CLIENT: return passphrase(st, ECHO_CLIENT, arg);
	case C_SERVER: return passphrase(st, ECHO_SERVER, arg);
	case C_PORT: return echo_port(st, arg);
	case C_NOCRYPTO: cfg->no_crypto = true; return 0;
	case C_ONCE: cfg->once = true; return 0;
	case C_NOPRIO: cfg->no_raise_priority = true; return 0;
	case C_NOSECCOMP: cfg->no_seccomp = true; return 0;
	case C_SAFE: cfg->safe_payloads = true; return 0;
	case C_INCLUDE: cfg->safe_payloads = false; return 0;
	case C_PASSFILE:
		if (!*arg)
			return cli_fail(st, "file name is empty", arg);
		return cli_setstr(st, &cfg->echo_passphrase_file, arg);
	case C_MAXSESS: return limit(st, arg, &cfg->max_sessions);
	case C_MAXPERADDR: return limit(st, arg, &cfg->max_sessions_per_addr);
	case C_MAXPERNET: return limit(st, arg, &cfg->max_sessions_per_net);
	case C_MAXHS: return limit(st, arg, &cfg->max_handshakes);
	case C_HSRATE: return limit(st, arg, &cfg->handshake_rate);
	case C_ALLOWLOCAL: cfg->allow_local_clients = true; return 0;
	case C_FULLCAPT: cfg->full_capt = true; return 0;
	case C_NOTOKEN: cfg->no_probe_token = true; return 0;
	case C_AUDIT: cfg->audit = true; return 0;
	case C_HSTIMEOUT: return timeout(st, arg, &cfg->handshake_timeout_ns);
	case C_IDLETIMEOUT: return timeout(st, arg, &cfg->idle_timeout_ns);
	case C_BUDGET:
		if (parse_uint(arg, 0, CFG_ECHO_BUDGET_MAX,
			       &cfg->echo_budget) < 0)
			return cli_fail(st, "must be a number between 0 (from "
					"each client's probe count) and 10000000",
					arg);
		return 0;
	}
	return cli_fail(st, "internal: unknown option", arg);
}

static int
delay(struct cli_state *st, const char *arg)
{
	struct config *cfg = st->cfg;
	uint64_t ns;
	bool unit;
	char msg[200];

	if (parse_time_ns(arg, NS_PER_S, &ns, &unit) < 0)
		return cli_fail(st, "Invalid delay supplied. Delay must be a valid, "
				"positive integer or floating point number.", arg);
	if (!unit && ns >= 10 * NS_PER_S) {
		snprintf(msg, sizeof(msg), "Since April 2010, the default unit for "
			 "--delay is seconds, so your time of \"%.20s\" is %.20s seconds. "
			 "Use \"%.20sms\" for %.20s milliseconds.", arg, arg, arg, arg);
		return cli_fail(st, msg, arg);
	}
	cfg->delay_ns = ns;
	cfg->delay_set = true;
	cfg->rate = 0;
	cfg->flood = false;
	return 0;
}

/* npecho: any positive rate, fractions too; 0 means flood. */
static int
rate(struct cli_state *st, const char *arg)
{
	struct config *cfg = st->cfg;
	double r, d;

	if (parse_udecimal(arg, &r) < 0)
		return cli_fail(st, "Invalid rate supplied. Rate must be a valid, "
				"positive number (0 = as fast as possible)", arg);
	cfg->delay_set = true;
	cfg->rate = r;
	cfg->flood = r == 0;
	if (r == 0) {
		cfg->delay_ns = 0;
		return 0;
	}
	d = 1e9 / r + 0.5;
	cfg->delay_ns = d >= 1.8e19 ? UINT64_MAX : (uint64_t)d;
	return 0;
}

int
opt_timing(struct cli_state *st, int id, const char *arg)
{
	struct config *cfg = st->cfg;

	switch (id) {
	case W_DELAY: return delay(st, arg);
	case W_RATE: return rate(st, arg);
	case W_FLOOD:
		cfg->flood = true;
		cfg->delay_set = true;
		cfg->delay_ns = 0;
		cfg->rate = 0;
		return 0;
	}
	return cli_fail(st, "internal: unknown option", arg);
}

static int
count(struct cli_state *st, const char *arg)
{
	struct cfg_num *c = &st->cfg->count;
	uint64_t v;

	if (parse_is_random(arg)) {
		c->v = (uint32_t)cli_rng_range(&st->rng, 0, COUNT_RAND_MAX);
		c->random = true;
	} else if (parse_uint(arg, 0, UINT32_MAX, &v) == 0) {
		c->v = (uint32_t)v;
		c->random = false;
	} else {
		return cli_fail(st, "Packet count must be an integer greater than "
				"or equal to 0.", arg);
	}
	c->set = true;
	return 0;
}

static int
iface(struct cli_state *st, const char *arg)
{
	if (!*arg)
		return cli_fail(st, "Invalid network interface supplied. Interface "
				"name cannot be NULL.", arg);
	if (strlen(arg) > IFNAME_MAX)
		return cli_fail(st, "interface name is longer than 15 characters", arg);
	return cli_setstr(st, &st->cfg->iface, arg);
}

static int
bpf(struct cli_state *st, const char *arg)
{
	int ret;

	cli_raw_only(st);
	ret = cli_setstr(st, &st->cfg->bpf_filter, arg);
	if (ret == 0 && st->cfg->no_capture)
		ret = cli_warn(st, "Warning: There is no point on specifying a BPF "
			       "filter if you disable packet capture. BPF filter "
			       "will be ignored.");
	return ret;
}

static int
no_capture(struct cli_state *st)
{
	st->cfg->no_capture = true;
	if (st->cfg->bpf_filter)
		return cli_warn(st, "Warning: A custom BPF filter was specified before "
				"disabling packet capture. BPF filter will be ignored.");
	return 0;
}

static int
nsock(struct cli_state *st, const char *arg)
{
	char msg[96];

	if (strcmp(arg, "epoll") && strcmp(arg, "poll") && strcmp(arg, "select")) {
		snprintf(msg, sizeof(msg), "Unknown or non-available engine: %.40s", arg);
		return cli_fail(st, msg, arg);
	}
	if (cli_setstr(st, &st->cfg->nsock_engine, arg) < 0)
		return ERR_NOMEM;
	return cli_warn(st, "note: --nsock-engine is accepted for Nping "
			"compatibility and ignored (npecho uses libevent)");
}

static int
nonempty(struct cli_state *st, const char *arg, char **dst)
{
	if (!*arg)
		return cli_fail(st, "value is empty", arg);
	return cli_setstr(st, dst, arg);
}

int
opt_misc(struct cli_state *st, int id, const char *arg)
{
	struct config *cfg = st->cfg;

	switch (id) {
	case X_COUNT: return count(st, arg);
	case X_IFACE: return iface(st, arg);
	case X_HIDE: cfg->hide_sent = true; return 0;
	case X_NOCAP: return no_capture(st);
	case X_PRIV:
	case X_UNPRIV:
		st->priv_opt = true;
		st->priv_opt_value = id == X_PRIV;
		return 0;
	case X_SENDETH: cfg->send_pref = SEND_ETH; return 0;
	case X_SENDIP: cfg->send_pref = SEND_IP; return 0;
	case X_BPF: return bpf(st, arg);
	case X_NSOCK: return nsock(st, arg);
	case X_HELP: cfg->action = ACTION_HELP; return 0;
	case X_VERSION: cfg->action = ACTION_VERSION; return 0;
	case X_IGNORE: return 0; /* -K/-P: in Nping's string, never used */
	case X_JSON: cfg->json = true; return 0;
	case X_PCAP: return nonempty(st, arg, &cfg->pcap_file);
	case X_USER: return nonempty(st, arg, &cfg->user);
	case X_PROGRESS: cfg->progress = 1; return 0;
	case X_NOPROGRESS: cfg->progress = 0; return 0;
	case X_NOTXRING: cfg->no_tx_ring = true; return 0;
	}
	return cli_fail(st, "internal: unknown option", arg);
}

/* Counts a run of the letter c ("vvv" after -v); -1 if arg is not one. */
static int
letter_run(const char *arg, char c)
{
	int n = 0;

	for (; *arg; arg++, n++)
		if (*arg != c)
			return -1;
	return n;
}

static int
clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A small decimal, signed if allowed ("-2", "3"); false if not one. */
static bool
small_int(const char *arg, bool allow_sign, int *out)
{
	bool neg = false;
	int v = 0;

	if (allow_sign && (*arg == '-' || *arg == '+'))
		neg = *arg++ == '-';
	if (!*arg || strlen(arg) > 6 || strspn(arg, "0123456789") != strlen(arg))
		return false;
	for (; *arg; arg++)
		v = v * 10 + (*arg - '0');
	*out = neg ? -v : v;
	return true;
}

static int
bad_level(struct cli_state *st, char letter, const char *arg)
{
	char msg[40];

	snprintf(msg, sizeof(msg), "Invalid argument to -%c", letter);
	return cli_fail(st, msg, arg);
}

static int
verbose(struct cli_state *st, const char *arg)
{
	struct config *cfg = st->cfg;
	int n;

	st->verbosity_set = true;
	if (!arg || (n = letter_run(arg, 'v')) >= 0) {
		cfg->verbosity = clamp(cfg->verbosity + 1 + (arg ? n : 0), -4, 4);
		return 0;
	}
	if (!small_int(arg, true, &n))
		return bad_level(st, 'v', arg);
	if (n < -4 || n > 4)
		return cli_fail(st, "Verbosity level must be an integer between -4 "
				"and +4.", arg);
	cfg->verbosity = n;
	return 0;
}

static int
reduce(struct cli_state *st, const char *arg)
{
	struct config *cfg = st->cfg;
	int n;

	st->verbosity_set = true;
	if (!arg || (n = letter_run(arg, 'q')) >= 0) {
		cfg->verbosity = clamp(cfg->verbosity - 1 - (arg ? n : 0), -4, 4);
		return 0;
	}
	if (!small_int(arg, false, &n))
		return bad_level(st, 'q', arg);
	if (n > 4)
		return cli_fail(st, "You can only reduce verbosity from level 0 to "
				"level -4.", arg);
	cfg->verbosity = -n;
	return 0;
}

static int
debug_short(struct cli_state *st, const char *arg)
{
	struct config *cfg = st->cfg;
	int n;

	if (!arg || (n = letter_run(arg, 'd')) >= 0) {
		n = 1 + (arg ? n : 0);
		cfg->debug = clamp(cfg->debug + n, 0, 9);
		cfg->verbosity = clamp(cfg->verbosity + n, -4, 4);
		return 0;
	}
	if (!small_int(arg, false, &n))
		return bad_level(st, 'd', arg);
	if (n > 9)
		return cli_fail(st, "Debugging level must be an integer between 0 "
				"and 9.", arg);
	cfg->debug = n;
	if (!st->verbosity_set)
		cfg->verbosity = n < 4 ? n : 4;
	return 0;
}

int
opt_output(struct cli_state *st, int id, const char *arg)
{
	struct config *cfg = st->cfg;

	switch (id) {
	case O_VERBOSE: return verbose(st, arg);
	case O_REDUCE: return reduce(st, arg);
	case O_DEBUG_SHORT: return debug_short(st, arg);
	case O_QUIET:
		cfg->verbosity = -4;
		cfg->debug = 0;
		return 0;
	case O_DEBUG:
		cfg->verbosity = 4;
		cfg->debug = 9;
		return 0;
	}
	return cli_fail(st, "internal: unknown option", arg);
}
