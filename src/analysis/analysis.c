/* SPDX-License-Identifier: MIT */
/* analysis.c: analysis_finish() and the read side of the API. */
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis_int.h"
#include "util/err.h"

int
analysis_finish(struct analysis *a)
{
	struct acc *acc;
	size_t n = 0;
	int t, rc = 0;

	if (!a)
		return ERR_INVALID;
	free(a->f);
	a->f = NULL;
	a->n_f = 0;
	acc = calloc(T_COUNT, sizeof(*acc));
	a->f = calloc(T_COUNT, sizeof(*a->f));
	if (!acc || !a->f) {
		rc = ERR_NOMEM;
		goto out;
	}
	rc = an_collect_all(a, acc);
	if (rc)
		goto out;
	for (t = 0; t < T_COUNT; t++)
		if (acc[t].count)
			an_words_build(t, &acc[t], &a->f[n++]);
	a->n_f = n;
out:
	if (rc) {
		free(a->f);
		a->f = NULL;
	}
	free(acc);
	return rc;
}

size_t
analysis_count(const struct analysis *a)
{
	return a ? a->n_f : 0;
}

const struct finding *
analysis_finding(const struct analysis *a, size_t i)
{
	return a && i < a->n_f ? &a->f[i] : NULL;
}

const struct finding *
analysis_find(const struct analysis *a, const char *tag)
{
	size_t i;

	if (!a || !tag)
		return NULL;
	for (i = 0; i < a->n_f; i++)
		if (strcmp(a->f[i].tag, tag) == 0)
			return &a->f[i];
	return NULL;
}

void
analysis_summary(const struct analysis *a, struct analysis_summary *s)
{
	if (a)
		*s = a->sum;
	else
		memset(s, 0, sizeof(*s));
}

const char *
finding_severity_name(enum finding_severity s)
{
	switch (s) {
	case FINDING_INFO: return "info";
	case FINDING_NOTICE: return "notice";
	case FINDING_WARNING: return "warning";
	}
	return "?";
}
