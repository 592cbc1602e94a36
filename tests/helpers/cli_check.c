/* SPDX-License-Identifier: MIT */
/*
 * cli_check ARGS...: parses ARGS as npecho's command line (as root, with a
 * fixed seed, no environment) and exits 0 when cli_parse() accepts them,
 * 2 with its error line on stderr when not.  Used by
 * tests/integration/manpage.sh to keep the man page's examples valid.
 */
#include <stdio.h>

#include "cli/config.h"

int
main(int argc, char **argv)
{
	struct cli_env env = { .is_root = true, .env_priv = -1,
			       .seeded = true, .seed = 1 };
	struct config cfg;
	struct errbuf eb = { "" };
	int rc = cli_parse(argc, argv, &env, &cfg, &eb);

	if (rc < 0)
		fprintf(stderr, "cli_check: %s\n", eb.msg);
	config_free(&cfg);
	return rc < 0 ? 2 : 0;
}
