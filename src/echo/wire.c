/* SPDX-License-Identifier: MIT */
/*
 * echo/wire.c: NEP message encode/decode (plaintext) and the PacketSpec
 * item list.  Layouts in wire.h and doc/nep.md §3, §8.
 */
#include "echo/wire.h"

#include <string.h>

#include "util/err.h"
#include "util/wire.h"

size_t
nep_fixed_len(uint8_t type)
{
	switch (type) {
	case NEP_HS_SERVER: return NEP_LEN_HS_SERVER;
	case NEP_HS_CLIENT: return NEP_LEN_HS_CLIENT;
	case NEP_HS_FINAL: return NEP_LEN_HS_FINAL;
	case NEP_PACKET_SPEC: return NEP_LEN_PACKET_SPEC;
	case NEP_READY: return NEP_LEN_READY;
	case NEP_ERROR: return NEP_LEN_ERROR;
	default: return 0;
	}
}

size_t
nep_echo_len(size_t pkt_len)
{
	size_t body;

	if (pkt_len > NEP_ECHO_MAX_PKT)
		return 0;
	body = 4 + pkt_len;
	body += (NEP_BLOCK - body % NEP_BLOCK) % NEP_BLOCK;
	return NEP_HDR_LEN + body + NEP_MAC_LEN;
}

int
nep_enc_range(uint8_t type, size_t len, size_t *off, size_t *n)
{
	*off = 0;
	*n = 0;
	switch (type) {
	case NEP_HS_SERVER: return 0;
	case NEP_HS_CLIENT: *off = 80; *n = 32; return 0;
	case NEP_HS_FINAL: *off = 48; *n = 32; return 0;
	case NEP_PACKET_SPEC:
	case NEP_READY:
	case NEP_ECHO:
	case NEP_ERROR:
		if (len < NEP_HDR_LEN + NEP_MAC_LEN)
			return ERR_INVALID;
		*n = len - NEP_MAC_LEN;
		return 0;
	default:
		return ERR_INVALID;
	}
}

int
nep_hdr_decode(const uint8_t *p, size_t len, struct nep_hdr *out)
{
	struct rd r;

	rd_init(&r, p, len);
	if (rd_u8(&r, &out->version) || rd_u8(&r, &out->type) ||
	    rd_u16(&r, &out->total_words) || rd_u32(&r, &out->seq) ||
	    rd_u32(&r, &out->ts) || rd_u32(&r, &out->reserved))
		return ERR_TRUNC;
	return 0;
}

int
nep_hdr_check(const struct nep_hdr *h, uint8_t type, size_t len,
	      const char **why)
{
	*why = NULL;
	if (h->version != NEP_VERSION)
		*why = "wrong version";
	else if (h->type != type)
		*why = "unexpected message type";
	else if ((size_t)h->total_words * 4 != len)
		*why = "wrong length for type";
	return *why ? ERR_PROTO : 0;
}

/* Writes the 16-byte header for a message of total size len. */
static int
put_hdr(struct wr *w, uint8_t type, size_t len, const struct nep_hdr *h)
{
	if (len % 4 || len / 4 > 0xffff)
		return ERR_INVALID;
	if (wr_u8(w, NEP_VERSION) || wr_u8(w, type) ||
	    wr_u16(w, (uint16_t)(len / 4)) || wr_u32(w, h->seq) ||
	    wr_u32(w, h->ts) || wr_u32(w, h->reserved))
		return ERR_NOSPACE;
	return 0;
}

/* Common tail: the zeroed MAC; checks the exact size was produced. */
static int
put_tail(struct wr *w, size_t want, size_t *len)
{
	if (wr_zero(w, NEP_MAC_LEN))
		return ERR_NOSPACE;
	if (w->len != want)
		return ERR_INVALID;
	*len = w->len;
	return 0;
}

static int
put_addr(struct wr *w, const struct nep_addr *a, uint8_t mark, uint8_t flags)
{
	if (wr_bytes(w, a->ip, 16) || wr_u8(w, a->version) || wr_u8(w, mark) ||
	    wr_u8(w, flags) || wr_zero(w, 13))
		return ERR_NOSPACE;
	return 0;
}

int
nep_hs_server_encode(const struct nep_hs_server *m, uint8_t *buf, size_t cap,
		     size_t *len)
{
	struct wr w;

	*len = 0;
	wr_init(&w, buf, cap);
	if (cap < NEP_LEN_HS_SERVER)
		return ERR_NOSPACE;
	if (put_hdr(&w, NEP_HS_SERVER, NEP_LEN_HS_SERVER, &m->h) ||
	    wr_bytes(&w, m->nonce, NEP_NONCE_LEN) || wr_zero(&w, 16))
		return ERR_NOSPACE;
	return put_tail(&w, NEP_LEN_HS_SERVER, len);
}

int
nep_hs_client_encode(const struct nep_hs_client *m, uint8_t *buf, size_t cap,
		     size_t *len)
{
	struct wr w;

	*len = 0;
	wr_init(&w, buf, cap);
	if (cap < NEP_LEN_HS_CLIENT)
		return ERR_NOSPACE;
	if (put_hdr(&w, NEP_HS_CLIENT, NEP_LEN_HS_CLIENT, &m->h) ||
	    wr_bytes(&w, m->server_nonce, NEP_NONCE_LEN) ||
	    wr_bytes(&w, m->client_nonce, NEP_NONCE_LEN) ||
	    put_addr(&w, &m->partner, m->ext_mark, m->ext_flags))
		return ERR_NOSPACE;
	return put_tail(&w, NEP_LEN_HS_CLIENT, len);
}

int
nep_hs_final_encode(const struct nep_hs_final *m, uint8_t *buf, size_t cap,
		    size_t *len)
{
	struct wr w;

	*len = 0;
	wr_init(&w, buf, cap);
	if (cap < NEP_LEN_HS_FINAL)
		return ERR_NOSPACE;
	if (put_hdr(&w, NEP_HS_FINAL, NEP_LEN_HS_FINAL, &m->h) ||
	    wr_bytes(&w, m->client_nonce, NEP_NONCE_LEN) ||
	    put_addr(&w, &m->partner, m->ext_mark, m->ext_flags))
		return ERR_NOSPACE;
	return put_tail(&w, NEP_LEN_HS_FINAL, len);
}

int
nep_packet_spec_encode(const struct nep_packet_spec *m, uint8_t *buf,
		       size_t cap, size_t *len)
{
	struct wr w;

	*len = 0;
	wr_init(&w, buf, cap);
	if (cap < NEP_LEN_PACKET_SPEC)
		return ERR_NOSPACE;
	if (put_hdr(&w, NEP_PACKET_SPEC, NEP_LEN_PACKET_SPEC, &m->h) ||
	    wr_u8(&w, m->ip_version) || wr_u8(&w, m->proto) ||
	    wr_u16(&w, m->count) ||
	    wr_bytes(&w, m->list, NEP_SPEC_LIST_LEN))
		return ERR_NOSPACE;
	return put_tail(&w, NEP_LEN_PACKET_SPEC, len);
}

int
nep_ready_encode(const struct nep_hdr *h, uint8_t *buf, size_t cap,
		 size_t *len)
{
	struct wr w;

	*len = 0;
	wr_init(&w, buf, cap);
	if (cap < NEP_LEN_READY)
		return ERR_NOSPACE;
	if (put_hdr(&w, NEP_READY, NEP_LEN_READY, h))
		return ERR_NOSPACE;
	return put_tail(&w, NEP_LEN_READY, len);
}

int
nep_echo_encode(const struct nep_echo *m, uint8_t *buf, size_t cap,
		size_t *len)
{
	size_t want = nep_echo_len(m->pkt_len);
	struct wr w;

	*len = 0;
	if (want == 0)
		return ERR_INVALID;
	if (cap < want)
		return ERR_NOSPACE;
	wr_init(&w, buf, cap);
	if (put_hdr(&w, NEP_ECHO, want, &m->h) || wr_u16(&w, m->dlt) ||
	    wr_u16(&w, m->pkt_len) || wr_bytes(&w, m->pkt, m->pkt_len) ||
	    wr_zero(&w, want - NEP_MAC_LEN - w.len))
		return ERR_NOSPACE;
	return put_tail(&w, want, len);
}

int
nep_error_encode(const struct nep_error *m, uint8_t *buf, size_t cap,
		 size_t *len)
{
	size_t n = strnlen(m->text, NEP_ERROR_TEXT_LEN - 1);
	struct wr w;

	*len = 0;
	wr_init(&w, buf, cap);
	if (cap < NEP_LEN_ERROR)
		return ERR_NOSPACE;
	if (put_hdr(&w, NEP_ERROR, NEP_LEN_ERROR, &m->h) ||
	    wr_bytes(&w, m->text, n) || wr_zero(&w, NEP_ERROR_TEXT_LEN - n))
		return ERR_NOSPACE;
	return put_tail(&w, NEP_LEN_ERROR, len);
}

/* Exact-size check shared by the fixed-size decoders. */
static int
fixed_start(const uint8_t *p, size_t len, uint8_t type, struct nep_hdr *h,
	    struct rd *r)
{
	size_t want = nep_fixed_len(type);

	if (len < want)
		return ERR_TRUNC;
	if (len > want)
		return ERR_INVALID;
	rd_init(r, p, len);
	if (nep_hdr_decode(p, len, h))
		return ERR_TRUNC;
	return rd_skip(r, NEP_HDR_LEN);
}

static int
get_addr(struct rd *r, struct nep_addr *a, uint8_t *mark, uint8_t *flags)
{
	if (rd_bytes(r, a->ip, 16) || rd_u8(r, &a->version) ||
	    rd_u8(r, mark) || rd_u8(r, flags))
		return ERR_TRUNC;
	return 0;
}

int
nep_hs_server_decode(const uint8_t *p, size_t len, struct nep_hs_server *out)
{
	struct rd r;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = fixed_start(p, len, NEP_HS_SERVER, &out->h, &r)))
		return rc;
	return rd_bytes(&r, out->nonce, NEP_NONCE_LEN);
}

int
nep_hs_client_decode(const uint8_t *p, size_t len, struct nep_hs_client *out)
{
	struct rd r;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = fixed_start(p, len, NEP_HS_CLIENT, &out->h, &r)))
		return rc;
	if (rd_bytes(&r, out->server_nonce, NEP_NONCE_LEN) ||
	    rd_bytes(&r, out->client_nonce, NEP_NONCE_LEN))
		return ERR_TRUNC;
	return get_addr(&r, &out->partner, &out->ext_mark, &out->ext_flags);
}

int
nep_hs_final_decode(const uint8_t *p, size_t len, struct nep_hs_final *out)
{
	struct rd r;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = fixed_start(p, len, NEP_HS_FINAL, &out->h, &r)))
		return rc;
	if (rd_bytes(&r, out->client_nonce, NEP_NONCE_LEN))
		return ERR_TRUNC;
	return get_addr(&r, &out->partner, &out->ext_mark, &out->ext_flags);
}

int
nep_packet_spec_decode(const uint8_t *p, size_t len,
		       struct nep_packet_spec *out)
{
	struct rd r;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = fixed_start(p, len, NEP_PACKET_SPEC, &out->h, &r)))
		return rc;
	if (rd_u8(&r, &out->ip_version) || rd_u8(&r, &out->proto) ||
	    rd_u16(&r, &out->count) ||
	    rd_bytes(&r, out->list, NEP_SPEC_LIST_LEN))
		return ERR_TRUNC;
	return 0;
}

int
nep_echo_decode(const uint8_t *p, size_t len, struct nep_echo *out)
{
	struct rd r;

	memset(out, 0, sizeof(*out));
	if (len < NEP_ECHO_MIN)
		return ERR_TRUNC;
	rd_init(&r, p, len);
	if (nep_hdr_decode(p, len, &out->h) || rd_skip(&r, NEP_HDR_LEN) ||
	    rd_u16(&r, &out->dlt) || rd_u16(&r, &out->pkt_len))
		return ERR_TRUNC;
	/* HEAD's rule: the packet and its padding fill the message exactly. */
	if (nep_echo_len(out->pkt_len) != len)
		return ERR_INVALID;
	out->pkt = rd_ptr(&r);
	return 0;
}

int
nep_error_decode(const uint8_t *p, size_t len, struct nep_error *out)
{
	struct rd r;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = fixed_start(p, len, NEP_ERROR, &out->h, &r)))
		return rc;
	if (rd_bytes(&r, out->text, NEP_ERROR_TEXT_LEN))
		return ERR_TRUNC;
	out->text[NEP_ERROR_TEXT_LEN - 1] = '\0';
	return 0;
}

/* ---- PacketSpec items ---- */

size_t
nep_item_len(uint8_t code, enum nep_spec_form form)
{
	switch (code) {
	case NEP_F_IP4_TOS: case NEP_F_IP4_PROTO: case NEP_F_IP6_NH:
	case NEP_F_TCP_FLAGS: case NEP_F_ICMP_TYPE: case NEP_F_ICMP_CODE:
		return 1;
	case NEP_F_IP4_ID: case NEP_F_IP4_FRAG: case NEP_F_TCP_SPORT:
	case NEP_F_TCP_DPORT: case NEP_F_TCP_WIN: case NEP_F_TCP_URP:
	case NEP_F_UDP_SPORT: case NEP_F_UDP_DPORT: case NEP_F_UDP_LEN:
		return 2;
	case NEP_F_TCP_SEQ: case NEP_F_TCP_ACK:
		return 4;
	case NEP_F_IP6_TCLASS:
		return form == NEP_FORM_0793 ? 3 : 1;
	case NEP_F_IP6_FLOW:
		return form == NEP_FORM_0793 ? 1 : 3;
	default:
		return 0;
	}
}

const char *
nep_item_name(uint8_t code)
{
	static const struct { uint8_t c; const char *n; } t[] = {
		{ 0xa0, "IPv4_TOS" }, { 0xa1, "IPv4_ID" },
		{ 0xa2, "IPv4_FRAGOFF" }, { 0xa3, "IPv4_PROTO" },
		{ 0xb0, "IPv6_TCLASS" }, { 0xb1, "IPv6_FLOW" },
		{ 0xb2, "IPv6_NHDR" }, { 0xc0, "TCP_SPORT" },
		{ 0xc1, "TCP_DPORT" }, { 0xc2, "TCP_SEQ" }, { 0xc3, "TCP_ACK" },
		{ 0xc4, "TCP_FLAGS" }, { 0xc5, "TCP_WIN" }, { 0xc6, "TCP_URP" },
		{ 0xd0, "ICMP_TYPE" }, { 0xd1, "ICMP_CODE" },
		{ 0xe0, "UDP_SPORT" }, { 0xe1, "UDP_DPORT" },
		{ 0xe2, "UDP_LEN" }, { 0xff, "PAYLOAD_MAGIC" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].c == code)
			return t[i].n;
	return "unknown";
}

static int
put_item(struct wr *w, const struct nep_item *it, enum nep_spec_form form)
{
	size_t n = nep_item_len(it->code, form);
	size_t k;

	if (n == 0 || n != it->len)
		return ERR_INVALID;
	if (wr_u8(w, it->code))
		return ERR_NOSPACE;
	for (k = n; k-- > 0;)
		if (wr_u8(w, (uint8_t)(it->value >> (8 * k))))
			return ERR_NOSPACE;
	return 0;
}

static int
put_magic(struct wr *w, const struct nep_spec *s)
{
	if (s->magic_len > NEP_MAGIC_MAX)
		return ERR_INVALID;
	if (wr_u8(w, NEP_F_MAGIC) || wr_u8(w, s->magic_len) ||
	    wr_bytes(w, s->magic, s->magic_len))
		return ERR_NOSPACE;
	return 0;
}

int
nep_spec_list_encode(const struct nep_spec *s, uint8_t *list, size_t cap)
{
	size_t i, mpos = s->magic_pos < s->n_items ? s->magic_pos : s->n_items;
	struct wr w;
	int rc;

	if (cap < NEP_SPEC_LIST_LEN || s->n_items > NEP_SPEC_MAX_ITEMS)
		return cap < NEP_SPEC_LIST_LEN ? ERR_NOSPACE : ERR_INVALID;
	memset(list, 0, NEP_SPEC_LIST_LEN);
	wr_init(&w, list, NEP_SPEC_LIST_LEN);
	for (i = 0; i <= s->n_items; i++) {
		if (s->magic_len && i == mpos &&
		    (rc = put_magic(&w, s)))
			return rc;
		if (i < s->n_items && (rc = put_item(&w, &s->items[i],
						     s->form)))
			return rc;
	}
	return 0;
}

static int
get_item(struct rd *r, uint8_t code, size_t n, struct nep_item *it)
{
	uint8_t b;
	size_t k;

	it->code = code;
	it->len = (uint8_t)n;
	it->value = 0;
	for (k = 0; k < n; k++) {
		if (rd_u8(r, &b))
			return ERR_TRUNC;
		it->value = it->value << 8 | b;
	}
	return 0;
}

int
nep_spec_list_decode(const uint8_t *list, size_t len, struct nep_spec *out)
{
	struct rd r;
	uint8_t code, n;

	out->n_items = 0;
	out->magic_len = 0;
	out->magic_pos = 0;
	rd_init(&r, list, len);
	while (rd_u8(&r, &code) == 0 && code != 0) {
		size_t fl = nep_item_len(code, out->form);

		if (code == NEP_F_MAGIC) {
			if (rd_u8(&r, &n) || n == 0 || n > NEP_MAGIC_MAX ||
			    rd_bytes(&r, out->magic, n))
				return ERR_INVALID;
			if (out->magic_len)
				return ERR_INVALID; /* duplicate code */
			out->magic_len = n;
			out->magic_pos = out->n_items;
			continue;
		}
		if (fl == 0 || fl > rd_left(&r) ||
		    out->n_items == NEP_SPEC_MAX_ITEMS)
			break; /* nping stops here; not an error */
		get_item(&r, code, fl, &out->items[out->n_items++]);
	}
	return 0;
}
