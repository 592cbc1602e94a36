/* SPDX-License-Identifier: MIT */
/*
 * server/srv_out.c: the echo server's JSON events and pcapng tap
 * (srv_out.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "output/sink.h"
#include "server/srv_out.h"

void
srv_out_session(const struct srv_conn *c, const char *state,
		const char *reason)
{
	struct json_session js;
	char ip[INET6_ADDRSTRLEN] = "";

	inet_ntop(c->addr.af == AF_INET6 ? AF_INET6 : AF_INET, c->addr.ip, ip,
		  sizeof(ip));
	memset(&js, 0, sizeof(js));
	js.id = c->num;
	js.state = state;
	js.peer = ip[0] ? ip : NULL;
	js.port = c->port;
	js.reason = reason;
	js.echoed = c->echoed;
	js.echoed_bytes = c->echoed_bytes;
	sink_session(c->srv->sink, &js);
}

void
srv_out_frame(const struct srv_capture *sc, const struct timespec *ts,
	      const uint8_t *data, size_t caplen, size_t wirelen,
	      const struct srv_conn *c, const uint8_t *l3, size_t l3len)
{
	struct out_sink *s = sc->srv->sink;
	char note[40];
	uint64_t t;

	if (!s)
		return;
	t = sink_mono_of(s, ts);
	if (sink_tapping(s)) {
		if (c)
			snprintf(note, sizeof(note), "client %llu",
				 (unsigned long long)c->num);
		else
			snprintf(note, sizeof(note), "not matched");
		sink_tap(s, sc->ifname, sink_linktype(sc->linktype), t, data,
			 caplen, wirelen, note);
	}
	if (c)
		sink_server_capt(s, t, (int64_t)c->num, l3, l3len);
}
