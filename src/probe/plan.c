/* SPDX-License-Identifier: MIT */
/*
 * plan.c: set-up shared by every probe mode (probe/plan.h).
 */
#include "probe/plan.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "cli/targets.h"

static int
add_target(struct probe_target **v, size_t *n, const struct target_addr *a,
	   const char *name)
{
	struct probe_target *nv, *tg;

	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv)
		return ERR_NOMEM;
	*v = nv;
	tg = &nv[(*n)++];
	memset(tg, 0, sizeof(*tg));
	tg->af = a->af;
	memcpy(tg->addr, &a->a, a->af == AF_INET6 ? 16 : 4);
	inet_ntop(a->af, tg->addr, tg->ip, sizeof(tg->ip));
	tg->name = name ? strdup(name) : NULL;
	if (name && !tg->name)
		return ERR_NOMEM;
	return 0;
}

int
plan_targets(const struct config *cfg, struct probe_target **v, size_t *n,
	     struct errbuf *eb)
{
	struct target_list l;
	size_t i, j;
	int rc = 0;

	for (i = 0; rc == 0 && i < cfg->n_targets; i++) {
		const char *spec = cfg->targets[i];
		int is_name = targets_classify(spec) == TARGET_NAME;

		memset(&l, 0, sizeof(l));
		rc = targets_resolve(spec, cfg->af, TARGETS_MAX_DEFAULT, &l, eb);
		if (rc == ERR_SYS)  /* a name that does not resolve: bad input */
			rc = ERR_INVALID;
		for (j = 0; rc == 0 && j < l.n; j++) {
			if (l.v[j].af != cfg->af) {
				errbuf_set(eb, "target: not an IPv%d address: "
					   "'%s'", cfg->af == AF_INET6 ? 6 : 4,
					   spec);
				rc = ERR_INVALID;
				break;
			}
			rc = add_target(v, n, &l.v[j], is_name ? spec : NULL);
		}
		target_list_free(&l);
	}
	if (rc == 0 && !*n) {
		errbuf_set(eb, "target: no target was given");
		rc = ERR_INVALID;
	}
	return rc;
}

void
plan_target_sockaddr(struct probe_target *tg)
{
	memset(&tg->sa, 0, sizeof(tg->sa));
	if (tg->af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&tg->sa;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, tg->addr, 16);
		s6->sin6_scope_id = (uint32_t)tg->ifindex;
		tg->salen = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&tg->sa;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, tg->addr, 4);
		tg->salen = sizeof(*s4);
	}
}

int
plan_sched(struct sched *s, const struct config *cfg, uint64_t total,
	   struct errbuf *eb)
{
	if (cfg->flood)
		return sched_init_delay(s, 0, total);
	if (cfg->rate > 0) {
		if (sched_init_rate(s, cfg->rate, total) < 0) {
			errbuf_set(eb, "--rate: out of range: '%g'", cfg->rate);
			return ERR_INVALID;
		}
		return 0;
	}
	return sched_init_delay(s, cfg->delay_ns, total);
}
