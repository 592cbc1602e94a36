/* SPDX-License-Identifier: MIT */
/* analysis_text.c: prints the Packet Echo Analysis block. */
#include <stdio.h>
#include <string.h>

#include "output/analysis_text.h"
#include "util/err.h"

/* Loss and forgery findings state what happened rather than two values. */
static int
is_event(const char *tag)
{
	return !strcmp(tag, "probe-lost") || !strcmp(tag, "reply-lost") ||
	       !strcmp(tag, "no-reply") || !strcmp(tag, "forged-reply") ||
	       !strcmp(tag, "icmp-rate-limited");
}

static void
print_evidence(FILE *out, const struct finding *f)
{
	unsigned i;

	if (is_event(f->tag))
		fprintf(out, " |    %s: %s -> %s", f->field, f->sent, f->capt);
	else if (!strcmp(f->tag, "reply-path-changed"))
		fprintf(out, " |    %s: server sent %s, received %s", f->field,
			f->sent, f->capt);
	else
		fprintf(out, " |    %s: sent %s, captured %s", f->field,
			f->sent, f->capt);
	fprintf(out, "; probe%s", f->count == 1 ? "" : "s");
	for (i = 0; i < f->n_probes; i++)
		fprintf(out, "%s%lu", i ? ", " : " ",
			(unsigned long)f->probes[i]);
	if (f->count > f->n_probes)
		fprintf(out, ", ...");
	fprintf(out, " [%s, %s%s]\n", f->tag,
		finding_severity_name(f->severity),
		f->varies ? ", values vary" : "");
}

static void
print_notes(FILE *out, const struct analysis_summary *s)
{
	if (s->payload_zeroed)
		fprintf(out, " |_Payloads came back zeroed (the server's safe "
			"payloads): payload contents not compared.\n");
	if (s->extra_capt)
		fprintf(out, " |_The server captured %u more packet%s than "
			"probes (fragments or duplicates).\n", s->extra_capt,
			s->extra_capt == 1 ? "" : "s");
}

int
analysis_text_print(FILE *out, const struct analysis *a, int verbosity)
{
	struct analysis_summary s;
	size_t i, n = analysis_count(a);

	analysis_summary(a, &s);
	if (verbosity < -1 || s.probes == 0)
		return 0;
	fprintf(out, "Packet Echo Analysis:\n");
	for (i = 0; i < n; i++) {
		const struct finding *f = analysis_finding(a, i);

		fprintf(out, " |_%s\n", f->text);
		if (verbosity >= 1)
			print_evidence(out, f);
	}
	if (n == 0)
		fprintf(out, " |_No changes seen in transit.\n");
	if (verbosity >= 0)
		print_notes(out, &s);
	return ferror(out) ? ERR_SYS : 0;
}
