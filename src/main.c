/* SPDX-License-Identifier: MIT */
/*
 * main.c: parse the command line, then hand the run to its mode.
 *
 * Exit statuses (util/err.h): 0 done (even with every probe lost, like
 * Nping); 1 a run-time failure; 2 bad input on the command line (Nping uses
 * 1: npecho follows the usage-error convention); 130 interrupted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "cli/config.h"
#include "client/audit.h"
#include "client/client.h"
#include "net/clock.h"
#include "probe/probe.h"
#include "server/server.h"
#include "util/err.h"
#include "util/secret.h"

/*
 * Echo modes: the passphrase comes from --echo-passphrase-file, else
 * NPECHO_PASSPHRASE, else the command line ("-" there is a placeholder).
 * The chosen one replaces cfg->echo_passphrase; the modes read only that.
 */
#define PASS_MIN_WARN 8

static int
resolve_passphrase(struct config *cfg)
{
	struct errbuf eb = { { 0 } };
	struct secret s;
	char *copy;

	if (cfg->echo == ECHO_NONE)
		return 0;
	if (secret_load(cfg->echo_passphrase_file, getenv(SECRET_ENV),
			cfg->echo_passphrase, &s, &eb) < 0) {
		warnx("%s", eb.msg);
		return EXIT_USAGE;
	}
	if (s.warning[0])
		warnx("%s", s.warning);
	if (s.truncated)
		warnx("passphrase: longer than %d bytes, only the first %d are "
		      "used (as Nping does)", SECRET_MAX, SECRET_MAX);
	if (s.source == SECRET_ARGV && cfg->verbosity >= 1)
		warnx("%s", SECRET_ARGV_HINT);
	if (cfg->echo == ECHO_SERVER && s.len == 0) {
		/* Every key would derive from the nonces alone. */
		warnx("--echo-server: the passphrase is empty: anyone could "
		      "use the server");
		secret_wipe(&s);
		return EXIT_USAGE;
	}
	if (cfg->echo == ECHO_SERVER && !cfg->no_crypto &&
	    s.len < PASS_MIN_WARN)
		warnx("--echo-server: a passphrase of %zu characters can be "
		      "guessed offline from one captured handshake; use %d or "
		      "more", s.len, PASS_MIN_WARN);
	copy = strdup(s.value);
	secret_wipe(&s);
	if (!copy) {
		warnx("out of memory");
		return EXIT_FAILURE_STATUS;
	}
	if (cfg->echo_passphrase) {
		explicit_bzero(cfg->echo_passphrase, strlen(cfg->echo_passphrase));
		free(cfg->echo_passphrase);
	}
	cfg->echo_passphrase = copy;
	free(cfg->echo_passphrase_file);
	cfg->echo_passphrase_file = NULL;
	return 0;
}

static int
run_mode(const struct config *cfg, uint64_t start_ns)
{
	if (cfg->echo == ECHO_SERVER)
		return echo_server_run(cfg, start_ns);
	if (cfg->echo == ECHO_CLIENT && cfg->audit)
		return echo_audit_run(cfg, start_ns);
	if (cfg->echo == ECHO_CLIENT)
		return echo_client_run(cfg, start_ns);
	switch (cfg->mode) {
	case MODE_TCP:
	case MODE_UDP:
	case MODE_ICMP:
	case MODE_ARP:
		return probe_run(cfg, start_ns);
	case MODE_TCP_CONNECT:
	case MODE_UDP_UNPRIV:
		/* --json works there; -w is refused by base_sock_open(). */
		return cfg->mode == MODE_TCP_CONNECT ?
			tcp_connect_run(cfg, start_ns) :
			udp_unpriv_run(cfg, start_ns);
	default:
		warnx("%s mode is not implemented yet",
		      cli_mode_name(cfg->mode));
		return EXIT_USAGE;
	}
}

int
main(int argc, char **argv)
{
	uint64_t start_ns = clock_mono_ns();
	struct config cfg;
	struct errbuf eb = { { 0 } };
	size_t i;
	int rc;

	rc = cli_parse(argc, argv, NULL, &cfg, &eb);
	if (rc < 0) {
		warnx("%s", eb.msg);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	switch (cfg.action) {
	case ACTION_HELP:
		cli_usage(stdout);
		config_free(&cfg);
		return 0;
	case ACTION_VERSION:
		printf("\n%s\n", cli_version());
		config_free(&cfg);
		return 0;
	case ACTION_NOARGS:
		cli_usage(stdout);
		config_free(&cfg);
		return EXIT_USAGE;
	case ACTION_RUN:
		break;
	}
	for (i = 0; i < cfg.n_warnings; i++)
		if (cfg.verbosity >= -2)
			fprintf(stderr, "%s\n", cfg.warnings[i]);
	/* Deadlines are met to the microsecond, not to the default 50 us slack. */
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	rc = resolve_passphrase(&cfg);
	if (rc == 0)
		rc = run_mode(&cfg, start_ns);
	config_free(&cfg);
	return rc;
}
