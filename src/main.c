/* SPDX-License-Identifier: MIT */
/*
 * main.c: parse the command line, then hand the run to its mode.
 *
 * Exit statuses (util/err.h): 0 done (even with every probe lost, like
 * Nping); 1 a run-time failure; 2 bad input on the command line (Nping uses
 * 1: npecho follows the usage-error convention); 130 interrupted.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/config.h"
#include "probe/connect.h"
#include "probe/probe.h"
#include "probe/sched.h"
#include "util/err.h"

static int
run_mode(const struct config *cfg, uint64_t start_ns)
{
	if (cfg->echo != ECHO_NONE) {
		warnx("%s: echo mode is not implemented yet",
		      cfg->echo == ECHO_SERVER ? "--echo-server" :
		      "--echo-client");
		return EXIT_USAGE;
	}
	switch (cfg->mode) {
	case MODE_TCP:
	case MODE_UDP:
	case MODE_ICMP:
	case MODE_ARP:
		return probe_run(cfg, start_ns);
	case MODE_TCP_CONNECT: return tcp_connect_run(cfg, start_ns);
	case MODE_UDP_UNPRIV: return udp_unpriv_run(cfg, start_ns);
	default:
		warnx("%s mode is not implemented yet",
		      cli_mode_name(cfg->mode));
		return EXIT_USAGE;
	}
}

int
main(int argc, char **argv)
{
	uint64_t start_ns = sched_clock_ns();
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
	rc = run_mode(&cfg, start_ns);
	config_free(&cfg);
	return rc;
}
