/* SPDX-License-Identifier: MIT */
/* udp.h: UDP header (RFC 768).  Fields are struct udp_fields (packet.h). */
#ifndef NPECHO_PROTO_UDP_H
#define NPECHO_PROTO_UDP_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

#define UDP_HDR_LEN 8
#define UDP_OFF_CSUM 6

/* Parses the 8-byte header.  Returns 0, ERR_TRUNC (fields present are
 * filled), or ERR_INVALID when the length field is under 8. */
int udp_parse(const uint8_t *p, size_t len, struct udp_fields *out);

/* Writes the header: length f->len or (when 0) 8 + payload_len, checksum
 * f->csum as given (see cksum_set()).  Returns 0, ERR_NOSPACE, ERR_INVALID
 * (length > 65535). */
int udp_build(uint8_t *buf, size_t cap, size_t *len,
	      const struct udp_fields *f, size_t payload_len);

#endif
