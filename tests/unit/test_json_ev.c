/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the event lines of the unprivileged modes (json_ev_sock),
 * of --tr (json_ev_hop) and the "path" object of a finding: each line is
 * compared with the text doc/json.md specifies, written out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "output/json.h"
#include "util/err.h"

static void
test_sock_tcp(void **state)
{
	struct json_writer w;
	struct json_sock_event e;
	char buf[512];

	(void)state;
	memset(&e, 0, sizeof(e));
	e.event = "sent";
	e.t_ns = 2000000;
	e.probe = 1;
	e.proto = "tcp";
	e.peer = "10.0.0.9";
	e.name = "host.example";
	e.port = 80;
	e.rtt_ns = -1;
	json_init_buf(&w, buf, sizeof(buf));
	assert_int_equal(json_ev_sock(&w, &e), 0);
	assert_string_equal(buf, "{\"event\":\"sent\",\"t\":0.002000000,"
		"\"probe\":1,\"sock\":{\"proto\":\"tcp\",\"peer\":\"10.0.0.9\","
		"\"port\":80,\"name\":\"host.example\"}}\n");
	e.event = "rcvd";
	e.name = NULL;
	e.rtt_ns = 150000;
	e.result = "failed";
	e.reason = "Connection refused";
	json_init_buf(&w, buf, sizeof(buf));
	assert_int_equal(json_ev_sock(&w, &e), 0);
	assert_string_equal(buf, "{\"event\":\"rcvd\",\"t\":0.002000000,"
		"\"probe\":1,\"rtt\":0.000150000,\"sock\":{\"proto\":\"tcp\","
		"\"peer\":\"10.0.0.9\",\"port\":80,\"result\":\"failed\","
		"\"reason\":\"Connection refused\"}}\n");
}

static void
test_sock_udp_error(void **state)
{
	struct json_writer w;
	struct json_sock_event e;
	char buf[512];

	(void)state;
	memset(&e, 0, sizeof(e));
	e.event = "error";
	e.t_ns = 1;
	e.probe = -1;
	e.proto = "udp";
	e.peer = "::1";
	e.port = 7;
	e.rtt_ns = -1;
	e.code = ERR_SYS;
	e.msg = "READ to ::1:7 failed: \"x\"";
	json_init_buf(&w, buf, sizeof(buf));
	assert_int_equal(json_ev_sock(&w, &e), 0);
	assert_string_equal(buf, "{\"event\":\"error\",\"t\":0.000000001,"
		"\"code\":\"system error\",\"errnum\":-6,"
		"\"msg\":\"READ to ::1:7 failed: \\\"x\\\"\",\"sock\":{"
		"\"proto\":\"udp\",\"peer\":\"::1\",\"port\":7}}\n");
	/* A sent datagram: payload_len, no rtt. */
	memset(&e, 0, sizeof(e));
	e.event = "sent";
	e.probe = 3;
	e.proto = "udp";
	e.peer = "10.0.0.9";
	e.port = 40125;
	e.has_payload = 1;
	e.payload_len = 0;
	e.rtt_ns = -1;
	json_init_buf(&w, buf, sizeof(buf));
	assert_int_equal(json_ev_sock(&w, &e), 0);
	assert_string_equal(buf, "{\"event\":\"sent\",\"t\":0.000000000,"
		"\"probe\":3,\"sock\":{\"proto\":\"udp\",\"peer\":\"10.0.0.9\","
		"\"port\":40125,\"payload_len\":0}}\n");
	/* Too small a buffer fails, it does not cut the line. */
	json_init_buf(&w, buf, 40);
	assert_int_equal(json_ev_sock(&w, &e), ERR_NOSPACE);
}

static void
test_hop(void **state)
{
	static const char *const tags[] = { "tcp-mss-changed", "dscp-changed" };
	static const char *const obs[] = { "hop 3 quoted all." };
	struct json_writer w;
	struct json_hop h;
	char buf[1024];

	(void)state;
	memset(&h, 0, sizeof(h));
	h.t_ns = 5;
	h.target = "10.0.0.9";
	h.ttl = 2;
	json_init_buf(&w, buf, sizeof(buf));
	assert_int_equal(json_ev_hop(&w, &h), 0);
	assert_string_equal(buf, "{\"event\":\"hop\",\"t\":0.000000005,"
		"\"target\":\"10.0.0.9\",\"ttl\":2,\"answered\":false}\n");
	h.ttl = 3;
	h.name = "dst";
	h.answered = 1;
	h.addr = "10.0.3.1";
	h.rtt_ns = 1000;
	h.reply = "TTL=0 during transit (type=11/code=0)";
	h.has_quote = 1;
	h.quote_len = 28;
	h.sent_len = 48;
	h.quote_ttl = 1;
	h.blind = "TCP options";
	h.changes = tags;
	h.n_changes = 2;
	h.obs = obs;
	h.n_obs = 1;
	json_init_buf(&w, buf, sizeof(buf));
	assert_int_equal(json_ev_hop(&w, &h), 0);
	assert_string_equal(buf, "{\"event\":\"hop\",\"t\":0.000000005,"
		"\"target\":\"10.0.0.9\",\"name\":\"dst\",\"ttl\":3,"
		"\"answered\":true,\"addr\":\"10.0.3.1\",\"rtt\":0.000001000,"
		"\"reply\":\"TTL=0 during transit (type=11/code=0)\","
		"\"dest\":false,\"quote_len\":28,\"sent_len\":48,"
		"\"quote_ttl\":1,\"blind\":\"TCP options\",\"more_addrs\":false,"
		"\"changes\":[\"tcp-mss-changed\",\"dscp-changed\"],"
		"\"obs\":[\"hop 3 quoted all.\"]}\n");
}

static void
test_finding_path(void **state)
{
	struct json_writer w;
	struct json_finding f;
	struct json_path p;
	char buf[1024];

	(void)state;
	memset(&f, 0, sizeof(f));
	memset(&p, 0, sizeof(p));
	f.t_ns = 0;
	f.probe = -1;
	f.tag = "nat-source";
	f.severity = "notice";
	f.kind = "changed";
	f.path = &p;
	p.before = 0;
	p.at_dest = 1;
	p.at_addr = "10.0.0.9";
	p.unknown = 2;
	json_init_buf(&w, buf, sizeof(buf));
	assert_int_equal(json_ev_finding(&w, &f), 0);
	assert_string_equal(buf, "{\"event\":\"finding\",\"t\":0.000000000,"
		"\"tag\":\"nat-source\",\"severity\":\"notice\","
		"\"kind\":\"changed\",\"path\":{\"before\":0,"
		"\"at_addr\":\"10.0.0.9\",\"at_dest\":true,\"unknown\":2}}\n");
	p.before = 2;
	p.before_addr = "10.0.2.1";
	p.at = 3;
	p.at_dest = 0;
	p.at_addr = NULL;
	p.unknown = 0;
	json_init_buf(&w, buf, sizeof(buf));
	assert_int_equal(json_ev_finding(&w, &f), 0);
	assert_non_null(strstr(buf, ",\"path\":{\"before\":2,\"before_addr\":"
			       "\"10.0.2.1\",\"at\":3,\"at_dest\":false,"
			       "\"unknown\":0}}\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sock_tcp),
		cmocka_unit_test(test_sock_udp_error),
		cmocka_unit_test(test_hop),
		cmocka_unit_test(test_finding_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
