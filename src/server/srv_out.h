/* SPDX-License-Identifier: MIT */
/*
 * server/srv_out.h: the echo server's --json events and -w tap, on top of
 * output/sink.h.  Not a public API.
 *
 *  - srv_out_session(): a `session` event when a client connection changes
 *    state ("open", "refused", "auth", "ready", "closed").
 *  - srv_out_frame(): every captured IP frame goes to the pcapng tap on an
 *    interface named after the capture interface, commented "client N"
 *    (the client number it was echoed to) or "not matched"; an echoed one
 *    is also a `capt` event with "client".
 *
 * Both are no-ops when srv->sink is NULL or neither --json nor -w is on.
 */
#ifndef NPECHO_SERVER_SRV_OUT_H
#define NPECHO_SERVER_SRV_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "server/server_int.h"

void srv_out_session(const struct srv_conn *c, const char *state,
		     const char *reason);

/* data[0..caplen) as captured (linktype: pcap DLT); l3[0..l3len) its IP
 * packet; c the conn it was echoed to, or NULL. */
void srv_out_frame(const struct srv_capture *sc, const struct timespec *ts,
		   const uint8_t *data, size_t caplen, size_t wirelen,
		   const struct srv_conn *c, const uint8_t *l3, size_t l3len);

#endif
