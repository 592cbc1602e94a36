/* SPDX-License-Identifier: MIT */
/*
 * usage_print: prints cli_usage() exactly as `npecho -h` does, for
 * tests/integration/manpage.sh when build/npecho does not handle -h yet.
 */
#include <stdio.h>

#include "cli/config.h"

int
main(void)
{
	cli_usage(stdout);
	return ferror(stdout) ? 1 : 0;
}
