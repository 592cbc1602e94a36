/* SPDX-License-Identifier: MIT */
/*
 * sentmap.c: open-addressing table of the last probe sent per (target, key),
 * so a reply is timed against the probe it answers, not the latest probe.
 */
#include <stdlib.h>

#include "probe/engine_int.h"

static uint64_t
slot_id(size_t target, uint16_t key)
{
	return ((uint64_t)target << 16 | key) + 1;
}

static size_t
slot_hash(uint64_t id, size_t cap)
{
	id ^= id >> 33;
	id *= 0xff51afd7ed558ccdull;
	id ^= id >> 33;
	return (size_t)id & (cap - 1);
}

static struct sent_slot *
probe_slot(struct sent_slot *v, size_t cap, uint64_t id)
{
	size_t i = slot_hash(id, cap);

	while (v[i].id && v[i].id != id)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

struct sent_slot *
sent_map_find(struct sent_map *m, size_t target, uint16_t key)
{
	struct sent_slot *s;

	if (!m->cap)
		return NULL;
	s = probe_slot(m->v, m->cap, slot_id(target, key));
	return s->id ? s : NULL;
}

static int
sent_map_grow(struct sent_map *m)
{
	size_t i, cap = m->cap ? m->cap * 2 : 64;
	struct sent_slot *v = calloc(cap, sizeof(*v));

	if (!v)
		return ERR_NOMEM;
	for (i = 0; i < m->cap; i++)
		if (m->v[i].id)
			*probe_slot(v, cap, m->v[i].id) = m->v[i];
	free(m->v);
	m->v = v;
	m->cap = cap;
	return 0;
}

struct sent_slot *
sent_map_put(struct sent_map *m, size_t target, uint16_t key)
{
	uint64_t id = slot_id(target, key);
	struct sent_slot *s;

	if ((m->n + 1) * 2 > m->cap && sent_map_grow(m) < 0)
		return NULL;
	s = probe_slot(m->v, m->cap, id);
	if (!s->id) {
		s->id = id;
		m->n++;
	}
	return s;
}

void
sent_map_free(struct sent_map *m)
{
	free(m->v);
	m->v = NULL;
	m->cap = m->n = 0;
}
