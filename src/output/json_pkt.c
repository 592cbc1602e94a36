/* SPDX-License-Identifier: MIT */
/*
 * json_pkt.c: decoded packet fields by layer and npecho's event lines, on
 * top of the writer core in json.c.  Field names follow Nping's text output
 * (ttl, id, iplen, seq, win, csum, urp...); doc/json.md is the schema.
 */
#include <stddef.h>
#include <stdint.h>

#include "output/json.h"
#include "util/err.h"

static void
kv_ip4(struct json_writer *w, const char *k, const uint8_t a[4])
{
	json_key(w, k);
	json_ip4(w, a);
}

static void
kv_ip6(struct json_writer *w, const char *k, const uint8_t a[16])
{
	json_key(w, k);
	json_ip6(w, a);
}

static void
kv_mac(struct json_writer *w, const char *k, const uint8_t a[6])
{
	json_key(w, k);
	json_mac(w, a);
}

/* Letters for the bits set in v, from the table, in table order. */
static void
kv_letters(struct json_writer *w, const char *k, unsigned v,
	   const char *letters, const unsigned *bits, size_t n)
{
	char tmp[16];
	size_t i, j = 0;

	for (i = 0; i < n && j + 1 < sizeof(tmp); i++)
		if (v & bits[i])
			tmp[j++] = letters[i];
	tmp[j] = '\0';
	json_kv_str(w, k, tmp);
}

static void
write_eth(struct json_writer *w, const struct eth_fields *e, int vlan)
{
	json_key(w, "eth");
	json_obj_begin(w);
	kv_mac(w, "src", e->src);
	kv_mac(w, "dst", e->dst);
	json_kv_u64(w, "type", e->type);
	if (vlan) {
		json_kv_u64(w, "vlan", e->vlan_tci & 0x0fff);
		json_kv_u64(w, "prio", e->vlan_tci >> 13);
	}
	json_obj_end(w);
}

static void
write_arp(struct json_writer *w, const struct arp_fields *a)
{
	json_key(w, "arp");
	json_obj_begin(w);
	json_kv_u64(w, "htype", a->htype);
	json_kv_u64(w, "ptype", a->ptype);
	json_kv_u64(w, "hlen", a->hlen);
	json_kv_u64(w, "plen", a->plen);
	json_kv_u64(w, "op", a->op);
	/* The address fields are only meaningful for Ethernet/IPv4. */
	if (a->htype == 1 && a->ptype == 0x0800 && a->hlen == 6 &&
	    a->plen == 4) {
		kv_mac(w, "sha", a->sha);
		kv_ip4(w, "spa", a->spa);
		kv_mac(w, "tha", a->tha);
		kv_ip4(w, "tpa", a->tpa);
	}
	json_obj_end(w);
}

static void
write_ip4(struct json_writer *w, const struct ip4_fields *ip)
{
	static const unsigned bits[] = { IP4_FLAG_RF, IP4_FLAG_DF,
					 IP4_FLAG_MF };

	json_key(w, "ip");
	json_obj_begin(w);
	json_kv_u64(w, "ver", 4);
	json_kv_u64(w, "ihl", ip->ihl);
	json_kv_u64(w, "tos", ip->tos);
	json_kv_u64(w, "iplen", ip->tot_len);
	json_kv_u64(w, "id", ip->id);
	kv_letters(w, "flags", ip->flags, "xDM", bits, 3);
	json_kv_u64(w, "foff", (uint32_t)ip->frag_off * 8);
	json_kv_u64(w, "ttl", ip->ttl);
	json_kv_u64(w, "proto", ip->proto);
	json_kv_u64(w, "csum", ip->csum);
	kv_ip4(w, "src", ip->src);
	kv_ip4(w, "dst", ip->dst);
	if (ip->opts_len) {
		json_key(w, "opts");
		json_hex(w, ip->opts, ip->opts_len <= sizeof(ip->opts) ?
			 ip->opts_len : sizeof(ip->opts));
	}
	json_obj_end(w);
}

static void
write_ip6(struct json_writer *w, const struct ip6_fields *ip)
{
	size_t i;

	json_key(w, "ip");
	json_obj_begin(w);
	json_kv_u64(w, "ver", 6);
	json_kv_u64(w, "tclass", ip->tclass);
	json_kv_u64(w, "flow", ip->flow & 0xfffff);
	json_kv_u64(w, "payloadlen", ip->plen);
	json_kv_u64(w, "nh", ip->nh);
	json_kv_u64(w, "hopl", ip->hlim);
	json_kv_u64(w, "proto", ip->final_nh);
	kv_ip6(w, "src", ip->src);
	kv_ip6(w, "dst", ip->dst);
	if (ip->n_ext) {
		json_key(w, "ext");
		json_arr_begin(w);
		for (i = 0; i < ip->n_ext && i < IP6_MAX_EXT; i++)
			json_u64(w, ip->ext[i]);
		json_arr_end(w);
	}
	if (ip->has_frag) {
		json_key(w, "frag");
		json_obj_begin(w);
		json_kv_u64(w, "id", ip->frag_id);
		json_kv_u64(w, "foff", (uint32_t)ip->frag_off * 8);
		json_kv_bool(w, "mf", ip->frag_more);
		json_obj_end(w);
	}
	json_obj_end(w);
}

/* Option names as Nping prints them in <...>; unknown kinds as numbers. */
static void
write_tcp_opt_list(struct json_writer *w, const struct tcp_fields *t)
{
	static const char *const names[] = {
		[TCPOPT_EOL] = "eol", [TCPOPT_NOP] = "nop",
		[TCPOPT_MSS] = "mss", [TCPOPT_WSCALE] = "wscale",
		[TCPOPT_SACKOK] = "sackOK", [TCPOPT_SACK] = "sack",
		[TCPOPT_TS] = "timestamp",
	};
	size_t i;
	uint8_t k;

	json_key(w, "opts");
	json_arr_begin(w);
	for (i = 0; i < t->n_opts && i < TCP_MAX_OPTS; i++) {
		k = t->opt[i].kind;
		if (k < sizeof(names) / sizeof(names[0]) && names[k])
			json_str(w, names[k]);
		else
			json_u64(w, k);
	}
	json_arr_end(w);
}

static void
write_tcp(struct json_writer *w, const struct tcp_fields *t)
{
	/* Nping's flag order: S F R P A U E C. */
	static const unsigned bits[] = { TCP_SYN, TCP_FIN, TCP_RST, TCP_PSH,
					 TCP_ACK, TCP_URG, TCP_ECE, TCP_CWR };

	json_key(w, "tcp");
	json_obj_begin(w);
	json_kv_u64(w, "sport", t->sport);
	json_kv_u64(w, "dport", t->dport);
	kv_letters(w, "flags", t->flags, "SFRPAUEC", bits, 8);
	json_kv_u64(w, "seq", t->seq);
	json_kv_u64(w, "ack", t->ack);
	json_kv_u64(w, "off", t->doff);
	json_kv_u64(w, "res", t->x2);
	json_kv_u64(w, "win", t->win);
	json_kv_u64(w, "csum", t->csum);
	json_kv_u64(w, "urp", t->urp);
	if (t->n_opts)
		write_tcp_opt_list(w, t);
	if (t->has_mss)
		json_kv_u64(w, "mss", t->mss);
	if (t->has_wscale)
		json_kv_u64(w, "wscale", t->wscale);
	if (t->has_sackok)
		json_kv_bool(w, "sackok", 1);
	if (t->has_ts) {
		json_key(w, "ts");
		json_obj_begin(w);
		json_kv_u64(w, "val", t->ts_val);
		json_kv_u64(w, "ecr", t->ts_ecr);
		json_obj_end(w);
	}
	json_obj_end(w);
}

static void
write_udp(struct json_writer *w, const struct udp_fields *u)
{
	json_key(w, "udp");
	json_obj_begin(w);
	json_kv_u64(w, "sport", u->sport);
	json_kv_u64(w, "dport", u->dport);
	json_kv_u64(w, "len", u->len);
	json_kv_u64(w, "csum", u->csum);
	json_obj_end(w);
}

/* The type-specific fields of ICMPv4 (RFC 792, 950, 1256). */
static void
write_icmp4_rest(struct json_writer *w, const struct icmp4_fields *c)
{
	switch (c->type) {
	case 0: case 8: case 13: case 14: case 15: case 16: case 17: case 18:
		json_kv_u64(w, "id", c->id);
		json_kv_u64(w, "seq", c->seq);
		break;
	case 3:
		if (c->code == 4)
			json_kv_u64(w, "mtu", c->next_mtu);
		break;
	case 5:
		kv_ip4(w, "gateway", c->gateway);
		break;
	case 9:
		json_kv_u64(w, "naddr", c->ra_naddr);
		json_kv_u64(w, "entsz", c->ra_entsz);
		json_kv_u64(w, "lifetime", c->ra_lifetime);
		break;
	case 12:
		json_kv_u64(w, "pointer", c->pointer);
		break;
	}
	if (c->type == 13 || c->type == 14) {
		json_kv_u64(w, "orig", c->orig);
		json_kv_u64(w, "recv", c->recv);
		json_kv_u64(w, "trans", c->trans);
	} else if (c->type == 17 || c->type == 18) {
		kv_ip4(w, "mask", c->mask);
	}
}

static void
write_icmp4(struct json_writer *w, const struct icmp4_fields *c)
{
	json_key(w, "icmp");
	json_obj_begin(w);
	json_kv_u64(w, "type", c->type);
	json_kv_u64(w, "code", c->code);
	json_kv_u64(w, "csum", c->csum);
	write_icmp4_rest(w, c);
	json_obj_end(w);
}

static void
write_icmp6(struct json_writer *w, const struct icmp6_fields *c)
{
	json_key(w, "icmp6");
	json_obj_begin(w);
	json_kv_u64(w, "type", c->type);
	json_kv_u64(w, "code", c->code);
	json_kv_u64(w, "csum", c->csum);
	if (c->type == 128 || c->type == 129) {
		json_kv_u64(w, "id", c->id);
		json_kv_u64(w, "seq", c->seq);
	} else if (c->type == 2) {
		json_kv_u64(w, "mtu", c->mtu);
	} else if (c->type == 4) {
		json_kv_u64(w, "pointer", c->pointer);
	} else if (c->type == 135 || c->type == 136) {
		kv_ip6(w, "target", c->target);
		if (c->type == 136)
			json_kv_u64(w, "na_flags", c->na_flags);
	}
	json_obj_end(w);
}

static void
write_problems(struct json_writer *w, unsigned v)
{
	static const struct {
		unsigned bit;
		const char *name;
	} tab[] = {
		{ PKT_TRUNC_L2, "trunc_l2" }, { PKT_TRUNC_L3, "trunc_l3" },
		{ PKT_TRUNC_L4, "trunc_l4" }, { PKT_TRUNC_DATA, "trunc_data" },
		{ PKT_BAD_L3, "bad_l3" }, { PKT_BAD_L4, "bad_l4" },
		{ PKT_BAD_OPTS, "bad_opts" }, { PKT_FRAGMENT, "fragment" },
	};
	size_t i;

	json_key(w, "problems");
	json_arr_begin(w);
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (v & tab[i].bit)
			json_str(w, tab[i].name);
	json_arr_end(w);
}

void
json_write_pkt_members(struct json_writer *w, const struct pkt *p)
{
	if (p->layers & PKT_HAS_ETH)
		write_eth(w, &p->eth, !!(p->layers & PKT_HAS_VLAN));
	if (p->layers & PKT_HAS_ARP)
		write_arp(w, &p->arp);
	if (p->layers & PKT_HAS_IP4)
		write_ip4(w, &p->ip4);
	else if (p->layers & PKT_HAS_IP6)
		write_ip6(w, &p->ip6);
	if (p->layers & PKT_HAS_TCP)
		write_tcp(w, &p->tcp);
	else if (p->layers & PKT_HAS_UDP)
		write_udp(w, &p->udp);
	else if (p->layers & PKT_HAS_ICMP4)
		write_icmp4(w, &p->icmp4);
	else if (p->layers & PKT_HAS_ICMP6)
		write_icmp6(w, &p->icmp6);
	if (p->layers & PKT_HAS_PAYLOAD)
		json_kv_u64(w, "payload_len", p->payload_len);
	if (p->layers & PKT_HAS_QUOTE)
		json_kv_u64(w, "quote_len", p->quote_len);
	if (p->problems)
		write_problems(w, p->problems);
}

void
json_write_pkt(struct json_writer *w, const struct pkt *p)
{
	json_obj_begin(w);
	json_write_pkt_members(w, p);
	json_obj_end(w);
}

/* `{"event":name,"t":...` and "probe" when it is known. */
static void
event_begin(struct json_writer *w, const char *name, uint64_t t_ns,
	    int64_t probe)
{
	json_obj_begin(w);
	json_kv_str(w, "event", name);
	json_key(w, "t");
	json_time_ns(w, t_ns);
	if (probe >= 0)
		json_kv_i64(w, "probe", probe);
}

static int
event_end(struct json_writer *w)
{
	json_obj_end(w);
	return json_end_line(w);
}

static int
pkt_event(struct json_writer *w, const char *name,
	  const struct json_pkt_event *e)
{
	event_begin(w, name, e->t_ns, e->probe);
	if (e->server)
		json_kv_str(w, "server", e->server);
	if (e->has_client)
		json_kv_u64(w, "client", e->client);
	if (e->rtt_ns >= 0) {
		json_key(w, "rtt");
		json_time_ns(w, (uint64_t)e->rtt_ns);
	}
	if (e->pkt)
		json_kv_u64(w, "len", e->pkt->caplen);
	else if (e->raw)
		json_kv_u64(w, "len", e->raw_len);
	if (e->pkt)
		json_write_pkt_members(w, e->pkt);
	if (e->raw) {
		json_key(w, "hex");
		json_hex(w, e->raw, e->raw_len);
	}
	return event_end(w);
}

int
json_ev_sent(struct json_writer *w, const struct json_pkt_event *e)
{
	return pkt_event(w, "sent", e);
}

int
json_ev_rcvd(struct json_writer *w, const struct json_pkt_event *e)
{
	return pkt_event(w, "rcvd", e);
}

int
json_ev_capt(struct json_writer *w, const struct json_pkt_event *e)
{
	return pkt_event(w, "capt", e);
}

static void
kv_finding_value(struct json_writer *w, const char *k, const char *s,
		 int has_num, int64_t num)
{
	if (s)
		json_kv_str(w, k, s);
	else if (has_num)
		json_kv_i64(w, k, num);
}

static void
write_path(struct json_writer *w, const struct json_path *p)
{
	json_key(w, "path");
	json_obj_begin(w);
	json_kv_u64(w, "before", p->before);
	if (p->before_addr)
		json_kv_str(w, "before_addr", p->before_addr);
	if (!p->at_dest)
		json_kv_u64(w, "at", p->at);
	if (p->at_addr)
		json_kv_str(w, "at_addr", p->at_addr);
	json_kv_bool(w, "at_dest", p->at_dest);
	json_kv_u64(w, "unknown", p->unknown);
	json_obj_end(w);
}

int
json_ev_finding(struct json_writer *w, const struct json_finding *f)
{
	size_t i;

	event_begin(w, "finding", f->t_ns, f->probe);
	if (f->tag)
		json_kv_str(w, "tag", f->tag);
	if (f->severity)
		json_kv_str(w, "severity", f->severity);
	json_kv_str(w, "kind", f->kind ? f->kind : "unknown");
	if (f->layer)
		json_kv_str(w, "layer", f->layer);
	if (f->field)
		json_kv_str(w, "field", f->field);
	kv_finding_value(w, "sent", f->sent_str, f->has_num, f->sent_num);
	kv_finding_value(w, "capt", f->capt_str, f->has_num, f->capt_num);
	if (f->text)
		json_kv_str(w, "text", f->text);
	if (f->total) {
		json_kv_u64(w, "count", f->count);
		json_kv_u64(w, "total", f->total);
	}
	if (f->probes && f->n_probes) {
		json_key(w, "probes");
		json_arr_begin(w);
		for (i = 0; i < f->n_probes; i++)
			json_u64(w, f->probes[i]);
		json_arr_end(w);
	}
	if (f->path)
		write_path(w, f->path);
	return event_end(w);
}

/* An RTT in seconds, or null when no reply measured one. */
static void
kv_rtt(struct json_writer *w, const char *k, int64_t ns, int have)
{
	json_key(w, k);
	if (have && ns >= 0)
		json_time_ns(w, (uint64_t)ns);
	else
		json_null(w);
}

static void
stats_server(struct json_writer *w, const struct json_stats *s)
{
	json_kv_u64(w, "captured", s->captured);
	json_kv_u64(w, "captured_bytes", s->captured_bytes);
	json_kv_u64(w, "unmatched", s->unmatched);
	json_kv_u64(w, "unmatched_bytes", s->unmatched_bytes);
	json_kv_u64(w, "echoed", s->echoed);
	json_kv_u64(w, "echoed_bytes", s->echoed_bytes);
	json_kv_u64(w, "clients", s->clients);
}

int
json_ev_stats(struct json_writer *w, const struct json_stats *s)
{
	uint64_t lost = s->sent > s->rcvd ? s->sent - s->rcvd : 0;

	event_begin(w, "stats", s->t_ns, -1);
	if (s->has_server) {
		stats_server(w, s);
		json_key(w, "elapsed");
		json_time_ns(w, s->elapsed_ns);
		return event_end(w);
	}
	json_kv_u64(w, "sent", s->sent);
	json_kv_u64(w, "sent_bytes", s->sent_bytes);
	json_kv_u64(w, "rcvd", s->rcvd);
	json_kv_u64(w, "rcvd_bytes", s->rcvd_bytes);
	json_kv_u64(w, "lost", lost);
	json_key(w, "lost_pct");
	json_double(w, s->sent ? 100.0 * (double)lost / (double)s->sent : 0.0);
	if (s->has_capt) {
		json_kv_u64(w, "capt", s->capt);
		json_kv_u64(w, "capt_bytes", s->capt_bytes);
	}
	kv_rtt(w, "rtt_min", s->rtt_min_ns, s->rtt_n > 0);
	kv_rtt(w, "rtt_avg", s->rtt_n ? s->rtt_sum_ns / (int64_t)s->rtt_n : 0,
	       s->rtt_n > 0);
	kv_rtt(w, "rtt_max", s->rtt_max_ns, s->rtt_n > 0);
	json_key(w, "elapsed");
	json_time_ns(w, s->elapsed_ns);
	return event_end(w);
}

int
json_ev_error(struct json_writer *w, uint64_t t_ns, int64_t probe, int code,
	      const char *msg)
{
	event_begin(w, "error", t_ns, probe);
	json_kv_str(w, "code", err_name(code));
	json_kv_i64(w, "errnum", code);
	json_kv_str(w, "msg", msg ? msg : "");
	return event_end(w);
}

int
json_ev_session(struct json_writer *w, const struct json_session *s)
{
	event_begin(w, "session", s->t_ns, -1);
	json_kv_u64(w, "id", s->id);
	json_kv_str(w, "state", s->state ? s->state : "unknown");
	if (s->peer)
		json_kv_str(w, "peer", s->peer);
	if (s->port)
		json_kv_u64(w, "port", s->port);
	if (s->reason)
		json_kv_str(w, "reason", s->reason);
	json_kv_u64(w, "echoed", s->echoed);
	json_kv_u64(w, "echoed_bytes", s->echoed_bytes);
	return event_end(w);
}

int
json_ev_sock(struct json_writer *w, const struct json_sock_event *e)
{
	event_begin(w, e->event, e->t_ns, e->probe);
	if (e->rtt_ns >= 0) {
		json_key(w, "rtt");
		json_time_ns(w, (uint64_t)e->rtt_ns);
	}
	if (e->msg) {
		json_kv_str(w, "code", err_name(e->code));
		json_kv_i64(w, "errnum", e->code);
		json_kv_str(w, "msg", e->msg);
	}
	json_key(w, "sock");
	json_obj_begin(w);
	json_kv_str(w, "proto", e->proto ? e->proto : "?");
	json_kv_str(w, "peer", e->peer ? e->peer : "?");
	json_kv_u64(w, "port", e->port);
	if (e->name)
		json_kv_str(w, "name", e->name);
	if (e->has_payload)
		json_kv_u64(w, "payload_len", e->payload_len);
	if (e->result)
		json_kv_str(w, "result", e->result);
	if (e->reason)
		json_kv_str(w, "reason", e->reason);
	json_obj_end(w);
	return event_end(w);
}

static void
str_array(struct json_writer *w, const char *k, const char *const *v,
	  size_t n)
{
	size_t i;

	if (!v || !n)
		return;
	json_key(w, k);
	json_arr_begin(w);
	for (i = 0; i < n; i++)
		json_str(w, v[i]);
	json_arr_end(w);
}

int
json_ev_hop(struct json_writer *w, const struct json_hop *h)
{
	event_begin(w, "hop", h->t_ns, -1);
	json_kv_str(w, "target", h->target ? h->target : "?");
	if (h->name)
		json_kv_str(w, "name", h->name);
	json_kv_u64(w, "ttl", h->ttl);
	json_kv_bool(w, "answered", h->answered);
	if (h->answered) {
		json_kv_str(w, "addr", h->addr ? h->addr : "?");
		if (h->rtt_ns >= 0) {
			json_key(w, "rtt");
			json_time_ns(w, (uint64_t)h->rtt_ns);
		}
		if (h->reply)
			json_kv_str(w, "reply", h->reply);
		json_kv_bool(w, "dest", h->dest);
	}
	if (h->has_quote) {
		json_kv_u64(w, "quote_len", h->quote_len);
		json_kv_u64(w, "sent_len", h->sent_len);
		if (h->quote_ttl >= 0)
			json_kv_i64(w, "quote_ttl", h->quote_ttl);
		if (h->blind && h->blind[0])
			json_kv_str(w, "blind", h->blind);
		json_kv_bool(w, "more_addrs", h->more_addrs);
	}
	str_array(w, "changes", h->changes, h->n_changes);
	str_array(w, "obs", h->obs, h->n_obs);
	return event_end(w);
}
