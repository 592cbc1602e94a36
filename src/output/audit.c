/* SPDX-License-Identifier: MIT */
/*
 * audit.c: the path audit's table and events (audit.h).
 */
#include <string.h>

#include "output/audit.h"

static size_t
n_changed(const struct audit_report *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->rows[i].changed != 0;
	return n;
}

void
audit_text_print(FILE *f, const struct audit_report *r)
{
	size_t i, changed = n_changed(r), listed = 0;

	fprintf(f, "Path audit of %s (%s): %zu checks, ", r->target,
		r->v6 ? "IPv6" : "IPv4", r->n);
	if (!changed)
		fprintf(f, "the path changed nothing it was asked about");
	else
		fprintf(f, "%zu show%s the path at work:", changed,
			changed == 1 ? "s" : "");
	for (i = 0; i < r->n; i++) {
		if (!r->rows[i].changed)
			continue;
		fprintf(f, "%s %s %s", listed ? "," : "", r->rows[i].check,
			r->rows[i].verdict);
		listed++;
	}
	fputc('\n', f);
	fprintf(f, "%-20s %-20s %s\n", "CHECK", "VERDICT", "DETAIL");
	for (i = 0; i < r->n; i++)
		fprintf(f, "%-20s %-20s %s%s%s\n", r->rows[i].check,
			r->rows[i].verdict, r->rows[i].detail,
			r->rows[i].where[0] ? "; " : "", r->rows[i].where);
	fprintf(f, "npecho done: 1 IP address audited in %.2f seconds\n",
		r->secs);
}

static void
kv_opt(struct json_writer *w, const char *k, const char *v)
{
	json_key(w, k);
	if (v[0])
		json_str(w, v);
	else
		json_null(w);
}

int
audit_json_write(struct json_writer *w, const struct audit_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct audit_row *row = &r->rows[i];

		json_obj_begin(w);
		json_kv_str(w, "event", "audit");
		json_key(w, "t");
		json_time_ns(w, r->t_ns);
		json_kv_str(w, "check", row->check);
		json_kv_str(w, "verdict", row->verdict);
		kv_opt(w, "detail", row->detail);
		kv_opt(w, "sent", row->sent);
		kv_opt(w, "seen", row->seen);
		kv_opt(w, "where", row->where);
		json_kv_bool(w, "changed", row->changed);
		json_obj_end(w);
		if (json_end_line(w) < 0)
			return json_error(w);
	}
	json_obj_begin(w);
	json_kv_str(w, "event", "audit_summary");
	json_key(w, "t");
	json_time_ns(w, r->t_ns);
	json_kv_str(w, "target", r->target);
	json_kv_str(w, "family", r->v6 ? "ipv6" : "ipv4");
	json_kv_u64(w, "checks", r->n);
	json_kv_u64(w, "changed", n_changed(r));
	json_key(w, "elapsed");
	json_time_ns(w, (uint64_t)(r->secs * 1e9));
	json_obj_end(w);
	if (json_end_line(w) < 0)
		return json_error(w);
	return 0;
}
