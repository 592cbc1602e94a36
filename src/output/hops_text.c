/* SPDX-License-Identifier: MIT */
/* hops_text.c: prints the Path Change Analysis block. */
#include <stdio.h>

#include "output/hops_text.h"
#include "util/err.h"

static void
print_hop_notes(FILE *out, const struct hops_hop *p)
{
	char name[80];

	if (p->hop == HOPS_FINAL)
		snprintf(name, sizeof(name), "the destination (%s)",
			 p->addr_str);
	else
		snprintf(name, sizeof(name), "hop %u (%s)", p->hop,
			 p->addr_str);
	if (p->blind[0] && p->view == HOPS_VIEW_QUOTE)
		fprintf(out, " |_%s quoted %u of %u bytes: %s not visible.\n",
			name, p->quote_len, p->sent_len, p->blind);
	if (p->more_addrs)
		fprintf(out, " |_%s: several routers answered at this TTL; "
			"changes are placed by TTL.\n", name);
}

int
hops_text_print(FILE *out, const struct hops *h, int verbosity)
{
	size_t i, n = hops_change_count(h), nh = hops_hop_count(h);

	if (verbosity < -1 || nh == 0)
		return 0;
	fprintf(out, "Path Change Analysis:\n");
	for (i = 0; i < n; i++)
		fprintf(out, " |_%s\n", hops_change_at(h, i)->text);
	if (n == 0)
		fprintf(out, " |_No changes seen along the path.\n");
	if (verbosity >= 0)
		for (i = 0; i < nh; i++)
			print_hop_notes(out, hops_hop_at(h, i));
	if (verbosity >= 1 && hops_obs_count(h)) {
		fprintf(out, " |_ICMP behaviour (observed, not a guess at the "
			"OS):\n");
		for (i = 0; i < hops_obs_count(h); i++)
			fprintf(out, " |    %s\n", hops_obs_at(h, i)->text);
	}
	return ferror(out) ? ERR_SYS : 0;
}
