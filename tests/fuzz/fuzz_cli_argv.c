/* SPDX-License-Identifier: MIT */
/*
 * fuzz_cli_argv: the input is split on NUL bytes into argv[1..]; every
 * cli_parse() result must be released by config_free() without leaks, and
 * an error must leave exactly one printable line in the errbuf.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/config.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2];
	char *buf;
	struct config cfg;
	struct errbuf eb;
	struct cli_env env = { .is_root = true, .env_priv = -1, .seeded = true };
	size_t i, start = 0;
	int argc = 1, ret;

	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "npecho";
	/* The first byte picks the environment, so both privilege paths run. */
	if (size > 0) {
		env.is_root = data[0] & 1;
		env.env_priv = (data[0] >> 1) % 3 - 1;
		env.seed = data[0];
		start = 1;
	}
	for (i = start; i <= size && argc <= MAX_ARGS; i++) {
		if (i == size || buf[i] == '\0') {
			buf[i] = '\0';
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	memset(&eb, 0, sizeof(eb));
	ret = cli_parse(argc, argv, &env, &cfg, &eb);
	if (ret < 0) {
		const char *p;

		if (!eb.msg[0])
			abort();	/* an error always says why */
		for (p = eb.msg; *p; p++)
			if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
				abort();
	} else if (ret > 0) {
		abort();
	}
	config_free(&cfg);
	free(buf);
	return 0;
}
