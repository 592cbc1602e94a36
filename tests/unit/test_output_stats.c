/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for output/stats: the summary blocks real Nping 0.7.93 printed
 * (doc/output.md §1, §2 and §7), reproduced verbatim by passing
 * prog = "Nping" and the counters of those runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "output/stats.h"

/* Runs stats_print_summary into memory and compares the whole text. */
static void
expect_block(const struct run_summary *s, const char *want)
{
	char *mem = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&mem, &sz);

	assert_non_null(f);
	assert_int_equal(stats_print_summary(f, s), 0);
	fclose(f);
	assert_string_equal(mem, want);
	free(mem);
}

static void
rtt_set(struct rtt_summary *r, uint64_t n, double min, double max,
	double sum)
{
	r->n = n;
	r->min_ms = min;
	r->max_ms = max;
	r->sum_ms = sum;
}

static void
test_raw_default_and_v(void **state)
{
	struct run_summary s = { .mode = STATS_RAW, .prog = "Nping",
		.sent_pkts = 1, .sent_bytes = 40, .rcvd_pkts = 1,
		.rcvd_bytes = 44, .n_done = 1, .elapsed_secs = 1.0072 };

	(void)state;
	rtt_add(&s.rtt, 0.079);
	expect_block(&s,
" \n"
"Max rtt: 0.079ms | Min rtt: 0.079ms | Avg rtt: 0.079ms\n"
"Raw packets sent: 1 (40B) | Rcvd: 1 (44B) | Lost: 0 (0.00%)\n"
"Nping done: 1 IP address pinged in 1.01 seconds\n");
	s.verbosity = 1;
	s.sent_pkts = 2;
	s.sent_bytes = 80;
	s.rcvd_pkts = 2;
	s.rcvd_bytes = 88;
	s.tx_secs = 1.00196;
	s.rx_secs = 1.00199;
	rtt_set(&s.rtt, 2, 0.041, 0.086, 0.126);
	expect_block(&s,
" \n"
"Max rtt: 0.086ms | Min rtt: 0.041ms | Avg rtt: 0.063ms\n"
"Raw packets sent: 2 (80B) | Rcvd: 2 (88B) | Lost: 0 (0.00%)\n"
"Tx time: 1.00196s | Tx bytes/s: 79.84 | Tx pkts/s: 2.00\n"
"Rx time: 1.00199s | Rx bytes/s: 87.83 | Rx pkts/s: 2.00\n"
"Nping done: 1 IP address pinged in 1.01 seconds\n");
	s.verbosity = -1;
	expect_block(&s,
"Max rtt: 0.086ms | Min rtt: 0.041ms | Avg rtt: 0.063ms\n"
"Raw packets sent: 2 (80B) | Rcvd: 2 (88B) | Lost: 0 (0.00%)\n"
"Nping done: 1 IP address pinged in 1.01 seconds\n");
	s.verbosity = -2;
	expect_block(&s, "");
}

static void
test_raw_lost_and_na(void **state)
{
	struct run_summary s = { .mode = STATS_RAW, .prog = "Nping",
		.sent_pkts = 2, .sent_bytes = 56, .rcvd_pkts = 1,
		.rcvd_bytes = 88, .n_done = 1, .elapsed_secs = 2.02 };

	(void)state;
	rtt_add(&s.rtt, 12.134);
	expect_block(&s,
" \n"
"Max rtt: 12.134ms | Min rtt: 12.134ms | Avg rtt: 12.134ms\n"
"Raw packets sent: 2 (56B) | Rcvd: 1 (88B) | Lost: 1 (50.00%)\n"
"Nping done: 1 IP address pinged in 2.02 seconds\n");
	memset(&s.rtt, 0, sizeof(s.rtt));
	s.sent_pkts = 1;
	s.sent_bytes = 20;
	s.rcvd_pkts = 0;
	s.rcvd_bytes = 0;
	s.elapsed_secs = 1.01;
	expect_block(&s,
" \n"
"Max rtt: N/A | Min rtt: N/A | Avg rtt: N/A\n"
"Raw packets sent: 1 (20B) | Rcvd: 0 (0B) | Lost: 1 (100.00%)\n"
"Nping done: 1 IP address pinged in 1.01 seconds\n");
	/* More received than sent (unrelated packets): Lost stays 0. */
	s.rcvd_pkts = 3;
	s.rcvd_bytes = 132;
	s.verbosity = -1;
	expect_block(&s,
"Max rtt: N/A | Min rtt: N/A | Avg rtt: N/A\n"
"Raw packets sent: 1 (20B) | Rcvd: 3 (132B) | Lost: 0 (0.00%)\n"
"Nping done: 1 IP address pinged in 1.01 seconds\n");
}

static void
test_echo_client(void **state)
{
	struct run_summary s = { .mode = STATS_ECHO_CLIENT, .prog = "Nping",
		.verbosity = 2, .sent_pkts = 3, .sent_bytes = 120,
		.rcvd_pkts = 3, .rcvd_bytes = 132, .echoed_pkts = 3,
		.echoed_bytes = 120, .tx_secs = 0.402464, .rx_secs = 1.4045,
		.n_done = 1, .elapsed_secs = 1.92 };

	(void)state;
	rtt_set(&s.rtt, 3, 0.031, 0.064, 0.156);
	expect_block(&s,
" \n"
"Max rtt: 0.064ms | Min rtt: 0.031ms | Avg rtt: 0.052ms\n"
"Raw packets sent: 3 (120B) | Rcvd: 3 (132B) | Lost: 0 (0.00%)| Echoed: 3 (120B) \n"
"Tx time: 0.40246s | Tx bytes/s: 298.16 | Tx pkts/s: 7.45\n"
"Rx time: 1.40450s | Rx bytes/s: 93.98 | Rx pkts/s: 2.14\n"
"Nping done: 1 IP address pinged in 1.92 seconds\n");
	memset(&s, 0, sizeof(s));
	s.mode = STATS_ECHO_CLIENT;
	s.prog = "Nping";
	s.n_done = 1;
	expect_block(&s,
" \n"
"Max rtt: N/A | Min rtt: N/A | Avg rtt: N/A\n"
"Raw packets sent: 0 (0B) | Rcvd: 0 (0B) | Lost: 0 (0.00%)| Echoed: 0 (0B) \n"
"Nping done: 1 IP address pinged in 0.00 seconds\n");
	/* The echo proposal's extra line, only on request. */
	s.prog = "npecho";
	s.sent_pkts = 1;
	s.sent_bytes = 40;
	s.rcvd_pkts = 1;
	s.rcvd_bytes = 46;
	s.echoed_pkts = 1;
	s.echoed_bytes = 40;
	s.echo_recv_line = 1;
	s.verbosity = -1;
	s.elapsed_secs = 1.08;
	rtt_add(&s.rtt, 8.509);
	expect_block(&s,
"Max rtt: 8.509ms | Min rtt: 8.509ms | Avg rtt: 8.509ms\n"
"Raw packets sent: 1 (40B) | Rcvd: 1 (46B) | Lost: 0 (0.00%)| Echoed: 1 (40B) \n"
"Echoed packets recv: 1 (40B) | Lost: 0 (0.00%)\n"
"npecho done: 1 IP address pinged in 1.08 seconds\n");
}

static void
test_echo_server(void **state)
{
	struct run_summary s = { .mode = STATS_ECHO_SERVER, .prog = "Nping",
		.verbosity = 2, .captured_pkts = 6, .captured_bytes = 248,
		.echoed_pkts = 2, .echoed_bytes = 80, .unmatched_pkts = 4,
		.unmatched_bytes = 168, .tx_secs = 3.31431,
		.rx_secs = 3.31432, .n_done = 1, .elapsed_secs = 3.31 };

	(void)state;
	expect_block(&s,
" \n"
"Raw packets captured: 6 (248B) | Echoed: 2 (80B) | Not Matched: 4 (168B) (66.67%)\n"
"Tx time: 3.31431s | Tx bytes/s: 0.00 | Tx pkts/s: 0.00\n"
"Rx time: 3.31432s | Rx bytes/s: 74.83 | Rx pkts/s: 1.81\n"
"Nping done: 1 client served in 3.31 seconds\n");
	s.n_done = 3;
	s.verbosity = 0;
	expect_block(&s,
" \n"
"Raw packets captured: 6 (248B) | Echoed: 2 (80B) | Not Matched: 4 (168B) (66.67%)\n"
"Nping done: 3 clients served in 3.31 seconds\n");
}

static void
test_connect_and_udp_unpriv(void **state)
{
	struct run_summary s = { .mode = STATS_TCP_CONNECT, .prog = "Nping",
		.verbosity = 1, .sent_pkts = 2, .sent_bytes = 160,
		.rcvd_pkts = 1, .rcvd_bytes = 40, .tx_secs = 1.00303,
		.rx_secs = 1.00307, .n_done = 1, .elapsed_secs = 1.003 };

	(void)state;
	rtt_add(&s.rtt, 0.014);
	expect_block(&s,
" \n"
"Max rtt: 0.014ms | Min rtt: 0.014ms | Avg rtt: 0.014ms\n"
"TCP connection attempts: 2 | Successful connections: 1 | Failed: 1 (50.00%)\n"
"Tx time: 1.00303s | Tx bytes/s: 159.52 | Tx pkts/s: 1.99\n"
"Rx time: 1.00307s | Rx bytes/s: 39.88 | Rx pkts/s: 1.00\n"
"Nping done: 1 IP address pinged in 1.00 seconds\n");
	memset(&s, 0, sizeof(s));
	s.mode = STATS_UDP_UNPRIV;
	s.prog = "Nping";
	s.sent_pkts = 2;
	s.n_done = 1;
	s.elapsed_secs = 0.30;
	expect_block(&s,
" \n"
"Max rtt: N/A | Min rtt: N/A | Avg rtt: N/A\n"
"UDP packets sent: 2 | Rcvd: 0 | Lost: 2 (100.00%)\n"
"Nping done: 1 IP address pinged in 0.30 seconds\n");
}

static void
test_hosts(void **state)
{
	struct host_summary h[2] = {
		{ .ip = "10.9.2.2", .sent = 2, .rcvd = 2 },
		{ .name = "localhost", .ip = "127.0.0.1", .sent = 2,
		  .rcvd = 1 },
	};
	struct run_summary s = { .mode = STATS_RAW, .prog = "Nping",
		.sent_pkts = 4, .sent_bytes = 112, .rcvd_pkts = 3,
		.rcvd_bytes = 84, .hosts = h, .n_hosts = 2, .n_done = 2,
		.elapsed_secs = 1.2 };

	(void)state;
	rtt_set(&h[0].rtt, 2, 0.030, 200.148, 200.178);
	rtt_add(&h[1].rtt, 0.5);
	expect_block(&s,
" \n"
"Statistics for host 10.9.2.2:\n"
" |  Probes Sent: 2 | Rcvd: 2 | Lost: 0  (0.00%)\n"
" |_ Max rtt: 200.148ms | Min rtt: 0.030ms | Avg rtt: 100.089ms\n"
"Statistics for host localhost (127.0.0.1):\n"
" |  Probes Sent: 2 | Rcvd: 1 | Lost: 1  (50.00%)\n"
" |_ Max rtt: 0.500ms | Min rtt: 0.500ms | Avg rtt: 0.500ms\n"
"Raw packets sent: 4 (112B) | Rcvd: 3 (84B) | Lost: 1 (25.00%)\n"
"Nping done: 2 IP addresses pinged in 1.20 seconds\n");
	s.verbosity = -1;
	expect_block(&s,
"Max rtt: 200.148ms | Min rtt: 0.030ms | Avg rtt: 100.089ms\n"
"Max rtt: 0.500ms | Min rtt: 0.500ms | Avg rtt: 0.500ms\n"
"Raw packets sent: 4 (112B) | Rcvd: 3 (84B) | Lost: 1 (25.00%)\n"
"Nping done: 2 IP addresses pinged in 1.20 seconds\n");
}

static void
test_bytes_and_starting(void **state)
{
	char out[128];
	struct tm tm = { .tm_year = 126, .tm_mon = 10, .tm_mday = 23,
			 .tm_hour = 8, .tm_min = 28, .tm_sec = 41 };
	time_t when;
	char *mem = NULL;
	size_t sz = 0;
	FILE *f;

	(void)state;
	stats_fmt_bytes(999, out, sizeof(out));
	assert_string_equal(out, "999B");
	stats_fmt_bytes(1000, out, sizeof(out));
	assert_string_equal(out, "1.000KB");
	stats_fmt_bytes(123456, out, sizeof(out));
	assert_string_equal(out, "123.456KB");
	stats_fmt_bytes(1234567, out, sizeof(out));
	assert_string_equal(out, "1.235MB");
	setenv("TZ", "UTC", 1);
	tzset();
	when = timegm(&tm);
	stats_fmt_starting("Nping", "0.7.93", "https://nmap.org/nping", when,
			   out, sizeof(out));
	assert_string_equal(out, "Starting Nping 0.7.93 ( https://nmap.org/nping ) at 2026-11-23 08:28 UTC");
	stats_fmt_starting("npecho", "0.1.0", NULL, when, out, sizeof(out));
	assert_string_equal(out, "Starting npecho 0.1.0 at 2026-11-23 08:28 UTC");
	f = open_memstream(&mem, &sz);
	assert_int_equal(stats_print_starting(f, 0, "npecho", "0.1.0",
					      "https://x.example", when), 0);
	assert_int_equal(stats_print_starting(f, -2, "npecho", "0.1.0",
					      NULL, when), 0);
	fclose(f);
	assert_string_equal(mem, "\nStarting npecho 0.1.0 ( https://x.example ) at 2026-11-23 08:28 UTC\n");
	free(mem);
	assert_int_equal(stats_fmt_done("npecho", 0, 1, 1.005, out, 8),
			 strlen("npecho done: 1 IP address pinged in 1.00 seconds"));
	assert_string_equal(out, "npecho ");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_default_and_v),
		cmocka_unit_test(test_raw_lost_and_na),
		cmocka_unit_test(test_echo_client),
		cmocka_unit_test(test_echo_server),
		cmocka_unit_test(test_connect_and_udp_unpriv),
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_bytes_and_starting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
