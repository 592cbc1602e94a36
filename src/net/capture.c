/* SPDX-License-Identifier: MIT */
/*
 * net/capture.c: libpcap live capture (see capture.h).
 */
#include <errno.h>
#include <linux/filter.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "net/capture.h"
#include "proto/eth.h"
#include "util/wire.h"


struct capture {
	pcap_t *p;
	int linktype;
	int nano;     /* timestamps in ns (else us) */
	struct bpf_insn *prog; /* the filter last set, for capture_gate */
	unsigned prog_len;
};

struct dispatch_ctx {
	struct capture *c;
	capture_cb cb;
	void *arg;
};

static int
set_opts(struct capture *c, const struct capture_opts *o, struct errbuf *eb)
{
	int snap = o->snaplen > 0 ? o->snaplen : CAPTURE_SNAPLEN;
	int buf = o->buffer_bytes > 0 ? o->buffer_bytes : CAPTURE_BUFFER;

	if (pcap_set_snaplen(c->p, snap) != 0 ||
	    pcap_set_promisc(c->p, o->promisc ? 1 : 0) != 0 ||
	    pcap_set_immediate_mode(c->p, 1) != 0 ||
	    pcap_set_buffer_size(c->p, buf) != 0 ||
	    pcap_set_timeout(c->p, 1) != 0) {
		errbuf_set(eb, "pcap setup: %s", pcap_geterr(c->p));
		return ERR_SYS;
	}
	/* Nanosecond timestamps when libpcap and the kernel allow them. */
	c->nano = pcap_set_tstamp_precision(c->p,
					    PCAP_TSTAMP_PRECISION_NANO) == 0;
	return 0;
}

static int
activate(struct capture *c, const char *dev, const struct capture_opts *o,
	 struct errbuf *eb)
{
	char err[PCAP_ERRBUF_SIZE];
	int rc = pcap_activate(c->p);

	if (rc < 0) {
		errbuf_set(eb, "%s: %s", dev,
			   rc == PCAP_ERROR ? pcap_geterr(c->p)
					    : pcap_statustostr(rc));
		return ERR_SYS;
	}
	if (o->inbound_only && pcap_setdirection(c->p, PCAP_D_IN) != 0) {
		errbuf_set(eb, "%s: capture direction: %s", dev,
			   pcap_geterr(c->p));
		return ERR_SYS;
	}
	if (pcap_setnonblock(c->p, 1, err) != 0) {
		errbuf_set(eb, "%s: non-blocking: %s", dev, err);
		return ERR_SYS;
	}
	c->nano = c->nano &&
		  pcap_get_tstamp_precision(c->p) == PCAP_TSTAMP_PRECISION_NANO;
	c->linktype = pcap_datalink(c->p);
	return 0;
}

struct capture *
capture_open(const struct capture_opts *o, struct errbuf *eb)
{
	char err[PCAP_ERRBUF_SIZE];
	const char *dev = o->ifname && *o->ifname ? o->ifname : "any";
	struct capture *c = calloc(1, sizeof(*c));

	if (!c) {
		errbuf_set(eb, "out of memory");
		return NULL;
	}
	err[0] = '\0';
	c->p = pcap_create(dev, err);
	if (!c->p) {
		errbuf_set(eb, "%s: %s", dev, err);
		goto fail;
	}
	if (set_opts(c, o, eb) < 0 || activate(c, dev, o, eb) < 0)
		goto fail;
	return c;
fail:
	capture_free(c);
	return NULL;
}

void
capture_free(struct capture *c)
{
	if (!c)
		return;
	if (c->p)
		pcap_close(c->p);
	free(c->prog);
	free(c);
}

int
capture_set_filter(struct capture *c, const char *bpf, struct errbuf *eb)
{
	struct bpf_program prog;
	struct bpf_insn *copy;
	int rc = 0;

	if (pcap_compile(c->p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		errbuf_set(eb, "bad filter '%s': %s", bpf, pcap_geterr(c->p));
		return ERR_INVALID;
	}
	if (pcap_setfilter(c->p, &prog) != 0) {
		errbuf_set(eb, "setting filter: %s", pcap_geterr(c->p));
		rc = ERR_INVALID;
	}
	copy = rc ? NULL : malloc(prog.bf_len * sizeof(*copy));
	if (copy)
		memcpy(copy, prog.bf_insns, prog.bf_len * sizeof(*copy));
	free(c->prog);
	c->prog = copy; /* NULL: capture_gate cannot reopen, so will not close */
	c->prog_len = copy ? prog.bf_len : 0;
	pcap_freecode(&prog);
	return rc;
}

/* libpcap rewrites a cooked capture's offsets before the kernel sees
 * them: a program compiled here is not what it would install. */
static int
cooked(const struct capture *c)
{
	return c->linktype == DLT_LINUX_SLL || c->linktype == DLT_LINUX_SLL2;
}

static int
attach(struct capture *c, struct bpf_insn *prog, unsigned len,
       const char *what, struct errbuf *eb)
{
	/* struct bpf_insn and struct sock_filter are the same classic BPF
	 * instruction (libpcap passes one as the other). */
	struct sock_fprog fp = { (unsigned short)len,
				 (struct sock_filter *)(void *)prog };
	int fd = pcap_fileno(c->p);

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp,
				 sizeof(fp)) < 0) {
		errbuf_set(eb, "%s its filter: %s", what, fd < 0 ?
			   "no descriptor" : strerror(errno));
		return ERR_SYS;
	}
	return 0;
}

int
capture_gate(struct capture *c, int open, struct errbuf *eb)
{
	/* Keeps no byte of any packet: the kernel drops it uncopied. */
	static struct bpf_insn none[] = { { BPF_RET | BPF_K, 0, 0, 0 } };

	if (!c->prog || cooked(c)) {
		errbuf_set(eb, "no kernel filter of ours to switch on %s",
			   capture_linktype_name(c->linktype));
		return ERR_UNSUPPORTED;
	}
	if (open)
		return attach(c, c->prog, c->prog_len, "reopening", eb);
	return attach(c, none, 1, "closing", eb);
}

int
capture_kernel_filter(struct capture *c, const char *bpf, struct errbuf *eb)
{
	struct bpf_program prog;
	struct bpf_insn *copy;
	pcap_t *dead;
	int rc;

	if (cooked(c)) {
		errbuf_set(eb, "no kernel filter of ours on %s",
			   capture_linktype_name(c->linktype));
		return ERR_UNSUPPORTED;
	}
	/* A handle of its own: the live one may be in another thread. */
	dead = pcap_open_dead(c->linktype, pcap_snapshot(c->p));
	if (!dead) {
		errbuf_set(eb, "out of memory");
		return ERR_NOMEM;
	}
	if (pcap_compile(dead, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		errbuf_set(eb, "bad filter: %s", pcap_geterr(dead));
		pcap_close(dead);
		return ERR_INVALID;
	}
	pcap_close(dead);
	copy = malloc(prog.bf_len * sizeof(*copy));
	rc = copy ? attach(c, prog.bf_insns, prog.bf_len, "setting", eb) :
		    ERR_NOMEM;
	if (rc == 0) {
		memcpy(copy, prog.bf_insns, prog.bf_len * sizeof(*copy));
		free(c->prog);
		c->prog = copy;
		c->prog_len = prog.bf_len;
	} else {
		free(copy);
	}
	pcap_freecode(&prog);
	return rc;
}

static void
on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct dispatch_ctx *d = (struct dispatch_ctx *)user;
	struct timespec ts;

	ts.tv_sec = h->ts.tv_sec;
	ts.tv_nsec = d->c->nano ? (long)h->ts.tv_usec
				: (long)h->ts.tv_usec * 1000;
	d->cb(d->arg, &ts, data, h->caplen, h->len, d->c->linktype);
}

int
capture_dispatch(struct capture *c, int max, capture_cb cb, void *arg,
		 struct errbuf *eb)
{
	struct dispatch_ctx d = { c, cb, arg };
	int n = pcap_dispatch(c->p, max > 0 ? max : -1, on_packet,
			      (u_char *)&d);

	if (n == PCAP_ERROR) {
		errbuf_set(eb, "capture: %s", pcap_geterr(c->p));
		return ERR_SYS;
	}
	return n < 0 ? 0 : n; /* PCAP_ERROR_BREAK: nothing handled */
}

int
capture_fd(const struct capture *c)
{
	return pcap_get_selectable_fd(c->p);
}

int
capture_linktype(const struct capture *c)
{
	return c->linktype;
}

int
capture_stats(struct capture *c, struct capture_stats *out,
	      struct errbuf *eb)
{
	struct pcap_stat st;

	if (pcap_stats(c->p, &st) != 0) {
		errbuf_set(eb, "pcap_stats: %s", pcap_geterr(c->p));
		return ERR_SYS;
	}
	out->received = st.ps_recv;
	out->dropped = st.ps_drop;
	out->if_dropped = st.ps_ifdrop;
	return 0;
}

const char *
capture_linktype_name(int linktype)
{
	const char *n = pcap_datalink_val_to_name(linktype);

	return n ? n : "unknown";
}

/* Ethernet: skip up to two VLAN tags. */
static int
l3_ether(const uint8_t *p, size_t caplen, size_t *off, uint16_t *et)
{
	struct rd r;
	uint16_t t;
	int tags = 0;

	rd_init(&r, p, caplen);
	if (rd_skip(&r, 12) < 0 || rd_u16(&r, &t) < 0)
		return ERR_TRUNC;
	while ((t == ETHERTYPE_VLAN || t == ETHERTYPE_QINQ) && tags++ < 2)
		if (rd_skip(&r, 2) < 0 || rd_u16(&r, &t) < 0)
			return ERR_TRUNC;
	*off = r.off;
	*et = t;
	return 0;
}

/* BSD loopback: a 4-byte address family (host order for DLT_NULL). */
static int
l3_null(const uint8_t *p, size_t caplen, size_t *off, uint16_t *et)
{
	if (caplen < 5)
		return ERR_TRUNC;
	*off = 4;
	*et = (p[4] >> 4) == 6 ? ETHERTYPE_IP6 : ETHERTYPE_IP4;
	return 0;
}

int
capture_l3_offset(int linktype, const uint8_t *p, size_t caplen,
		  size_t *off, uint16_t *ethertype)
{
	switch (linktype) {
	case DLT_EN10MB:
		return l3_ether(p, caplen, off, ethertype);
	case DLT_LINUX_SLL: /* 16 bytes, protocol at 14 */
		if (caplen < 16)
			return ERR_TRUNC;
		*off = 16;
		*ethertype = get_be16(p + 14);
		return 0;
	case DLT_LINUX_SLL2: /* 20 bytes, protocol first */
		if (caplen < 20)
			return ERR_TRUNC;
		*off = 20;
		*ethertype = get_be16(p);
		return 0;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		if (caplen < 1)
			return ERR_TRUNC;
		*off = 0;
		*ethertype = (p[0] >> 4) == 6 ? ETHERTYPE_IP6 : ETHERTYPE_IP4;
		return 0;
	case DLT_NULL:
	case DLT_LOOP:
		return l3_null(p, caplen, off, ethertype);
	}
	return ERR_UNSUPPORTED;
}
