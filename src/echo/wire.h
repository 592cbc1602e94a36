/* SPDX-License-Identifier: MIT */
/*
 * echo/wire.h: Nping Echo Protocol (NEP) message layouts, plaintext only.
 *
 * Encoders write a whole message with the MAC field zeroed; crypto.c then
 * MACs and encrypts it in place.  Decoders read a whole, already decrypted
 * message.  Sizes are nping 0.7.93's (doc/nep.md §3):
 *
 *   header (16 bytes, big-endian):
 *    0       1       2               4               8              12     16
 *   +-------+-------+---------------+---------------+---------------+------+
 *   |version| type  | total length  |   sequence    |   timestamp   | rsvd |
 *   |  (1)  | (1-7) | (32-bit words)|               |  (unix secs)  |      |
 *   +-------+-------+---------------+---------------+---------------+------+
 *   then the type's body, then a 32-byte HMAC-SHA256 tag in [len-32, len).
 *
 * libc only.  Nothing here allocates; decoded ECHO packets borrow from the
 * input buffer.
 */
#ifndef NPECHO_ECHO_WIRE_H
#define NPECHO_ECHO_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define NEP_VERSION 1
#define NEP_HDR_LEN 16
#define NEP_MAC_LEN 32
#define NEP_NONCE_LEN 32
#define NEP_BLOCK 16

enum nep_type {
	NEP_HS_SERVER = 1,
	NEP_HS_CLIENT = 2,
	NEP_HS_FINAL = 3,
	NEP_PACKET_SPEC = 4,
	NEP_READY = 5,
	NEP_ECHO = 6,
	NEP_ERROR = 7,
};

#define NEP_LEN_HS_SERVER 96
#define NEP_LEN_HS_CLIENT 144
#define NEP_LEN_HS_FINAL 112
#define NEP_LEN_PACKET_SPEC 160
#define NEP_LEN_READY 48
#define NEP_LEN_ERROR 128
#define NEP_ECHO_MIN 64
#define NEP_ECHO_MAX 9264
#define NEP_ECHO_OVERHEAD 52                      /* hdr + dlt/len + MAC */
#define NEP_ECHO_MAX_PKT (NEP_ECHO_MAX - NEP_ECHO_OVERHEAD) /* 9212 */
#define NEP_ERROR_TEXT_LEN 80                     /* NUL included */
#define NEP_SPEC_LIST_LEN 108

/*
 * Extension (doc/nep-extensions.md).  HS_CLIENT byte 97 and HS_FINAL byte 65
 * (the first reserved byte after the IP-version byte, inside the encrypted
 * and MACed range) carry NEP_EXT_MARK; the next byte carries NEP_EXT_* bits.
 * Stock nping writes zeros there and never reads them.
 */
#define NEP_EXT_MARK 0x4e           /* 'N' */
#define NEP_EXT_REPLY_ECHO 0x01     /* server also echoes its host's replies */
#define NEP_EXT_PROBE_TOKEN 0x02    /* probes carry a session token payload
				     * the server scores on ICMP too */
#define NEP_EXT_ALL (NEP_EXT_REPLY_ECHO | NEP_EXT_PROBE_TOKEN)
/* ECHO DLT bit meaning "this is a reply echo"; only once agreed. */
#define NEP_DLT_REPLY 0x8000u
#define NEP_DLT_MASK 0x7fffu

struct nep_hdr {
	uint8_t version;
	uint8_t type;
	uint16_t total_words; /* whole message length / 4 */
	uint32_t seq;
	uint32_t ts;
	uint32_t reserved;
};

/* Partner IP as carried in HS_CLIENT / HS_FINAL. */
struct nep_addr {
	uint8_t version; /* 4 or 6 (the byte on the wire) */
	uint8_t ip[16];  /* IPv4: first 4 bytes, rest zero */
};

struct nep_hs_server {
	struct nep_hdr h;
	uint8_t nonce[NEP_NONCE_LEN];
};

struct nep_hs_client {
	struct nep_hdr h;
	uint8_t server_nonce[NEP_NONCE_LEN];
	uint8_t client_nonce[NEP_NONCE_LEN];
	struct nep_addr partner;
	uint8_t ext_mark, ext_flags; /* bytes 97, 98 */
};

struct nep_hs_final {
	struct nep_hdr h;
	uint8_t client_nonce[NEP_NONCE_LEN];
	struct nep_addr partner;
	uint8_t ext_mark, ext_flags; /* bytes 65, 66 */
};

struct nep_packet_spec {
	struct nep_hdr h;
	uint8_t ip_version;
	uint8_t proto;
	uint16_t count;
	uint8_t list[NEP_SPEC_LIST_LEN];
};

struct nep_echo {
	struct nep_hdr h;
	uint16_t dlt;
	uint16_t pkt_len;
	const uint8_t *pkt; /* borrowed from the decoded buffer */
};

struct nep_error {
	struct nep_hdr h;
	char text[NEP_ERROR_TEXT_LEN]; /* always NUL-terminated */
};

/* Fixed wire size of a type, or 0 for NEP_ECHO and unknown types. */
size_t nep_fixed_len(uint8_t type);

/* Wire size of an ECHO carrying pkt_len bytes (0 when pkt_len too big). */
size_t nep_echo_len(size_t pkt_len);

/*
 * Encrypted byte range of a message of this type and wire length (§3):
 * off and n set; *n is 0 for HS_SERVER.  ERR_INVALID for an unknown type.
 */
int nep_enc_range(uint8_t type, size_t len, size_t *off, size_t *n);

/* Header at p[0..16).  ERR_TRUNC if len < 16.  No field checks. */
int nep_hdr_decode(const uint8_t *p, size_t len, struct nep_hdr *out);

/*
 * Checks a decoded header against the expected type and the message's real
 * length: version, type and Total Length.  Returns 0 or ERR_PROTO with a
 * static reason in *why ("wrong version", "unexpected message type",
 * "wrong length for type").
 */
int nep_hdr_check(const struct nep_hdr *h, uint8_t type, size_t len,
		  const char **why);

/*
 * Encoders: write the whole plaintext message (MAC zero, Total Length from
 * the size, version 1, type set; h.seq/h.ts taken from m).  *len = bytes
 * written.  ERR_NOSPACE if cap is too small, ERR_INVALID for bad fields.
 */
int nep_hs_server_encode(const struct nep_hs_server *m, uint8_t *buf,
			 size_t cap, size_t *len);
int nep_hs_client_encode(const struct nep_hs_client *m, uint8_t *buf,
			 size_t cap, size_t *len);
int nep_hs_final_encode(const struct nep_hs_final *m, uint8_t *buf,
			size_t cap, size_t *len);
int nep_packet_spec_encode(const struct nep_packet_spec *m, uint8_t *buf,
			   size_t cap, size_t *len);
int nep_ready_encode(const struct nep_hdr *h, uint8_t *buf, size_t cap,
		     size_t *len);
int nep_echo_encode(const struct nep_echo *m, uint8_t *buf, size_t cap,
		    size_t *len);
int nep_error_encode(const struct nep_error *m, uint8_t *buf, size_t cap,
		     size_t *len);

/*
 * Decoders over a whole plaintext message.  They check only that len is
 * exactly the type's size (ERR_TRUNC shorter, ERR_INVALID longer); use
 * nep_hdr_check() for the header.  nep_echo_decode also checks the packet
 * length and padding against len (ERR_INVALID) and borrows out->pkt from p.
 */
int nep_hs_server_decode(const uint8_t *p, size_t len,
			 struct nep_hs_server *out);
int nep_hs_client_decode(const uint8_t *p, size_t len,
			 struct nep_hs_client *out);
int nep_hs_final_decode(const uint8_t *p, size_t len,
			struct nep_hs_final *out);
int nep_packet_spec_decode(const uint8_t *p, size_t len,
			   struct nep_packet_spec *out);
int nep_echo_decode(const uint8_t *p, size_t len, struct nep_echo *out);
int nep_error_decode(const uint8_t *p, size_t len, struct nep_error *out);

/* ---- PacketSpec item list (§8.1) ---- */

enum nep_field {
	NEP_F_IP4_TOS = 0xa0,
	NEP_F_IP4_ID = 0xa1,
	NEP_F_IP4_FRAG = 0xa2,
	NEP_F_IP4_PROTO = 0xa3,
	NEP_F_IP6_TCLASS = 0xb0,
	NEP_F_IP6_FLOW = 0xb1,
	NEP_F_IP6_NH = 0xb2,
	NEP_F_TCP_SPORT = 0xc0,
	NEP_F_TCP_DPORT = 0xc1,
	NEP_F_TCP_SEQ = 0xc2,
	NEP_F_TCP_ACK = 0xc3,
	NEP_F_TCP_FLAGS = 0xc4,
	NEP_F_TCP_WIN = 0xc5,
	NEP_F_TCP_URP = 0xc6,
	NEP_F_ICMP_TYPE = 0xd0,
	NEP_F_ICMP_CODE = 0xd1,
	NEP_F_UDP_SPORT = 0xe0,
	NEP_F_UDP_DPORT = 0xe1,
	NEP_F_UDP_LEN = 0xe2,
	NEP_F_MAGIC = 0xff,
};

/*
 * Which value lengths B0/B1 use.  RFC (and nmap HEAD): TCLASS 1, FLOW 3.
 * 0.7.93 swapped them: TCLASS 3, FLOW 1, and it always writes IP version 4.
 */
enum nep_spec_form {
	NEP_FORM_RFC = 0,
	NEP_FORM_0793 = 1,
};

#define NEP_SPEC_MAX_ITEMS 54 /* 108 bytes / 2 */
#define NEP_MAGIC_MAX 106

struct nep_item {
	uint8_t code;
	uint8_t len;    /* value bytes on the wire */
	uint32_t value; /* big-endian value (fixed-size items) */
};

/* A PacketSpec, decoded. */
struct nep_spec {
	uint8_t ip_version; /* the byte on the wire (0.7.93 always 4) */
	uint8_t proto;      /* 6, 17, 1: informational */
	uint16_t count;     /* informational */
	enum nep_spec_form form;
	uint8_t n_items;    /* fixed-size items, in wire order */
	struct nep_item items[NEP_SPEC_MAX_ITEMS];
	uint8_t magic_len;  /* 0 = no PAYLOAD_MAGIC */
	uint8_t magic[NEP_MAGIC_MAX];
	uint8_t magic_pos;  /* magic goes before items[magic_pos] (clamped to
			     * the end) */
	uint8_t magic_icmp; /* not on the wire: the magic counts for ICMP
			     * echoes too (NEP_EXT_PROBE_TOKEN agreed) */
};

/* Value length of a fixed-size code in a form; 0 for unknown codes/FF. */
size_t nep_item_len(uint8_t code, enum nep_spec_form form);

/* Human name of a code ("IPv4_ID"...), "unknown" otherwise. */
const char *nep_item_name(uint8_t code);

/*
 * Encodes the item list into list[0..108), zero-filled after the last item.
 * Items then magic (at magic_pos).  ERR_NOSPACE when it does not fit,
 * ERR_INVALID for an unknown code or a length that disagrees with the form.
 */
int nep_spec_list_encode(const struct nep_spec *s, uint8_t *list, size_t cap);

/*
 * Decodes list[0..len) the way nping's server walks it: stops at code 0,
 * an unknown code or a fixed item that would overflow (not errors).
 * PAYLOAD_MAGIC with length 0, > 106 or overflowing: ERR_INVALID.  Duplicate
 * codes are kept (validation rejects them).  Only out->n_items, items,
 * magic* are set; the caller sets ip_version/proto/count/form first (form
 * selects B0/B1 lengths).
 */
int nep_spec_list_decode(const uint8_t *list, size_t len,
			 struct nep_spec *out);

#endif
