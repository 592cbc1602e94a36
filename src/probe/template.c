/* SPDX-License-Identifier: MIT */
/*
 * template.c: from the configuration to probe bytes.
 *
 * probe_tmpl_init() does the per-run work once (option parsing, constant
 * header values); probe_build() only fills the per-probe fields (addresses,
 * destination port, TTL, ICMP sequence) and lets pkt_build() compute
 * lengths and checksums into the caller's buffer.  No allocation.
 */
#include <string.h>

#include "probe/probe.h"
#include "proto/eth.h"
#include "proto/icmp4.h"
#include "proto/ip4opt.h"
#include "proto/tcpopt.h"

#define IPPROTO_ICMPV6_ 58

static int
tmpl_options(struct probe_tmpl *t, const struct config *cfg,
	     struct errbuf *eb)
{
	struct tcp_optlist l;
	int rc;

	if (cfg->ip_options && cfg->af == AF_INET) {
		rc = ip4_opts_parse_spec(cfg->ip_options, t->ipopts,
					 sizeof(t->ipopts), &t->ipopts_len, eb);
		if (rc < 0)
			return rc;
	}
	if (cfg->tcp_options && cfg->mode == MODE_TCP) {
		memset(&l, 0, sizeof(l));
		rc = tcp_opts_parse_spec(cfg->tcp_options, &l, eb);
		if (rc == 0)
			rc = tcp_optlist_encode(&l, t->tcpopts,
						sizeof(t->tcpopts),
						&t->tcpopts_len);
		if (rc < 0) {
			if (rc == ERR_NOSPACE)
				errbuf_set(eb, "--tcp-options: options exceed "
					   "40 bytes: '%s'", cfg->tcp_options);
			return ERR_INVALID;
		}
	}
	return 0;
}

static void
tmpl_ip(struct pkt_spec *s, const struct config *cfg)
{
	if (cfg->af == AF_INET6) {
		s->ip_version = 6;
		s->ip6.tclass = (uint8_t)cfg->traffic_class.v;
		s->ip6.flow = cfg->flow.v & 0xfffff;
		s->ip6.hlim = (uint8_t)cfg->ttl.v;
		s->ip6.n_ext = (uint8_t)cfg->n_ip6_ext;
		memcpy(s->ip6.ext, cfg->ip6_ext, cfg->n_ip6_ext);
		return;
	}
	s->ip_version = 4;
	s->ip4.tos = (uint8_t)cfg->tos.v;
	s->ip4.id = (uint16_t)cfg->ip_id.v;
	s->ip4.ttl = (uint8_t)cfg->ttl.v;
	s->ip4.flags = (uint8_t)((cfg->df ? IP4_FLAG_DF : 0) |
				 (cfg->mf ? IP4_FLAG_MF : 0) |
				 (cfg->evil ? IP4_FLAG_RF : 0));
	if (cfg->badsum_ip)
		s->flags |= PKT_BUILD_BAD_IP_CSUM;
}

static void
tmpl_icmp4(struct pkt_spec *s, const struct config *cfg)
{
	struct icmp4_fields *f = &s->icmp4;

	f->type = (uint8_t)cfg->icmp_type.v;
	f->code = (uint8_t)cfg->icmp_code.v;
	if (cfg->icmp_redirect_addr.resolved)
		memcpy(f->gateway, &cfg->icmp_redirect_addr.addr.v4, 4);
	f->pointer = (uint8_t)cfg->icmp_param_pointer.v;
	f->ra_lifetime = (uint16_t)cfg->icmp_advert_lifetime.v;
	f->ra_naddr = (uint8_t)cfg->n_icmp_adverts;
	f->ra_entsz = 2;
}

int
probe_tmpl_init(struct probe_tmpl *t, const struct config *cfg, int eth,
		struct errbuf *eb)
{
	struct pkt_spec *s = &t->spec;
	int rc;

	memset(t, 0, sizeof(*t));
	t->eth = eth;
	rc = tmpl_options(t, cfg, eb);
	if (rc < 0)
		return rc;
	if (eth)
		s->flags |= PKT_BUILD_ETH;
	if (cfg->badsum)
		s->flags |= PKT_BUILD_BAD_L4_CSUM;
	s->payload = cfg->payload;
	s->payload_len = cfg->payload_len;
	if (cfg->mode == MODE_ARP) {
		s->ip_version = 0;
		s->flags |= PKT_BUILD_ETH | PKT_BUILD_KEEP_ETHTYPE;
		s->eth.type = cfg->ether_type.set ?
			(uint16_t)cfg->ether_type.v : ETHERTYPE_ARP;
		s->arp.htype = 1;
		s->arp.ptype = ETHERTYPE_IP4;
		s->arp.hlen = 6;
		s->arp.plen = 4;
		s->arp.op = (uint16_t)cfg->arp_op.v;
		s->payload = NULL;
		s->payload_len = 0;
		t->eth = 1;
		return 0;
	}
	tmpl_ip(s, cfg);
	if (cfg->ether_type.set && eth) {
		s->flags |= PKT_BUILD_KEEP_ETHTYPE;
		s->eth.type = (uint16_t)cfg->ether_type.v;
	}
	memcpy(s->ip4.opts, t->ipopts, t->ipopts_len);
	s->ip4.opts_len = (uint8_t)t->ipopts_len;
	switch (cfg->mode) {
	case MODE_TCP:
		s->l4 = IPPROTO_TCP;
		s->tcp.sport = (uint16_t)cfg->sport.v;
		s->tcp.seq = cfg->seq.v;
		s->tcp.ack = cfg->ack.v;
		s->tcp.flags = (uint8_t)cfg->tcp_flags.v;
		s->tcp.win = (uint16_t)cfg->win.v;
		memcpy(s->tcp.opts, t->tcpopts, t->tcpopts_len);
		s->tcp.opts_len = (uint8_t)t->tcpopts_len;
		break;
	case MODE_UDP:
		s->l4 = IPPROTO_UDP;
		s->udp.sport = (uint16_t)cfg->sport.v;
		break;
	case MODE_ICMP:
		if (cfg->af == AF_INET6) {
			s->l4 = IPPROTO_ICMPV6_;
			s->icmp6.type = (uint8_t)cfg->icmp_type.v;
			s->icmp6.code = (uint8_t)cfg->icmp_code.v;
		} else {
			s->l4 = IPPROTO_ICMP;
			tmpl_icmp4(s, cfg);
		}
		break;
	default:
		errbuf_set(eb, "mode: not a raw probe mode: '%s'",
			   cli_mode_name(cfg->mode));
		return ERR_INVALID;
	}
	return 0;
}

uint8_t
probe_ttl(const struct config *cfg, uint64_t round)
{
	unsigned start;

	if (!cfg->traceroute)
		return (uint8_t)cfg->ttl.v;
	/* Nping: 1..255 by default; from --ttl T, wrapping within T..255. */
	start = cfg->ttl.set ? cfg->ttl.v : 1;
	return (uint8_t)(start + round % (256 - start));
}

static uint32_t
icmp_time(const struct cfg_icmp_time *ct, uint64_t now_ms)
{
	if (ct->kind == ICMP_TIME_NOW)
		return (uint32_t)((int64_t)now_ms + ct->ms);
	return (uint32_t)ct->ms;
}

/* Router advertisement entries go where the payload would. */
static int
build_ra_payload(const struct config *cfg, uint8_t *buf, size_t cap,
		 size_t *len)
{
	struct icmp4_ra_entry e[32];
	size_t i, n = cfg->n_icmp_adverts;

	if (n > 32)
		n = 32;
	for (i = 0; i < n; i++) {
		memcpy(e[i].addr, &cfg->icmp_adverts[i].addr, 4);
		e[i].pref = cfg->icmp_adverts[i].pref;
	}
	return icmp4_ra_entries_build(buf, cap, len, e, n);
}

static void
fill_addrs(struct pkt_spec *s, const struct probe_tmpl *t,
	   const struct config *cfg, const struct probe_target *tg)
{
	if (t->eth) {
		memcpy(s->eth.src, tg->src_mac, 6);
		memcpy(s->eth.dst, tg->dst_mac, 6);
		if (cfg->source_mac.set)
			memcpy(s->eth.src, cfg->source_mac.b, 6);
		if (cfg->dest_mac.set)
			memcpy(s->eth.dst, cfg->dest_mac.b, 6);
	}
	if (s->ip_version == 6) {
		memcpy(s->ip6.src, tg->src, 16);
		memcpy(s->ip6.dst, tg->addr, 16);
	} else {
		memcpy(s->ip4.src, tg->src, 4);
		memcpy(s->ip4.dst, tg->addr, 4);
	}
}

static void
fill_arp(struct pkt_spec *s, const struct config *cfg,
	 const struct probe_target *tg)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	memcpy(s->eth.src, cfg->source_mac.set ? cfg->source_mac.b :
	       tg->src_mac, 6);
	memcpy(s->eth.dst, cfg->dest_mac.set ? cfg->dest_mac.b : bcast, 6);
	memcpy(s->arp.sha, cfg->arp_sender_mac.set ? cfg->arp_sender_mac.b :
	       s->eth.src, 6);
	if (cfg->arp_sender_ip.resolved)
		memcpy(s->arp.spa, &cfg->arp_sender_ip.addr.v4, 4);
	else
		memcpy(s->arp.spa, tg->src, 4);
	memcpy(s->arp.tha, cfg->arp_target_mac.b, 6);
	if (cfg->arp_target_ip.resolved)
		memcpy(s->arp.tpa, &cfg->arp_target_ip.addr.v4, 4);
	else
		memcpy(s->arp.tpa, tg->addr, 4);
}

int
probe_build(const struct probe_tmpl *t, const struct config *cfg,
	    const struct probe_target *tg, const struct probe_vals *v,
	    uint8_t *buf, size_t cap, size_t *len)
{
	struct pkt_spec s = t->spec;
	uint8_t ra[256];
	size_t ra_len = 0;
	int rc;

	if (cfg->mode == MODE_ARP) {
		fill_arp(&s, cfg, tg);
		return pkt_build(buf, cap, len, &s, NULL);
	}
	fill_addrs(&s, t, cfg, tg);
	s.ip4.ttl = v->ttl;
	s.ip6.hlim = v->ttl;
	s.tcp.dport = v->dport;
	s.udp.dport = v->dport;
	s.icmp4.id = tg->icmp_id;
	s.icmp4.seq = v->icmp_seq;
	s.icmp6.id = tg->icmp_id;
	s.icmp6.seq = v->icmp_seq;
	if (s.l4 == IPPROTO_ICMP) {
		s.icmp4.orig = icmp_time(&cfg->icmp_orig_time, v->now_ms_utc);
		s.icmp4.recv = icmp_time(&cfg->icmp_recv_time, v->now_ms_utc);
		s.icmp4.trans = icmp_time(&cfg->icmp_trans_time, v->now_ms_utc);
		if (s.icmp4.type == ICMP4_ROUTERADVERT && !s.payload_len) {
			rc = build_ra_payload(cfg, ra, sizeof(ra), &ra_len);
			if (rc < 0)
				return rc;
			s.payload = ra;
			s.payload_len = ra_len;
		}
	}
	return pkt_build(buf, cap, len, &s, NULL);
}
