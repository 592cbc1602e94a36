/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "util/err.h"

int
main(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))) {
		printf("\nnpecho version %s\n", NPECHO_VERSION);
		return 0;
	}
	die(EXIT_USAGE, "no mode implemented yet");
}
