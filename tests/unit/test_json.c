/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for output/json: escaping against hand-computed strings,
 * numbers, misuse and overflow errors, and every event line parsed back
 * by jq (a real JSON parser) with selected fields checked.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "output/json.h"
#include "util/err.h"

/* Writes s[0..n) as a JSON string value and returns the text. */
static const char *
esc(char *buf, size_t cap, const char *s, size_t n)
{
	struct json_writer w;

	json_init_buf(&w, buf, cap);
	json_str_n(&w, s, n);
	assert_int_equal(json_error(&w), 0);
	return buf;
}

#define ESC(lit) esc(out, sizeof(out), lit, sizeof(lit) - 1)

static void
test_escape_ascii(void **state)
{
	char out[256];

	(void)state;
	assert_string_equal(ESC("plain"), "\"plain\"");
	assert_string_equal(ESC("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
	assert_string_equal(ESC("x\ny\rz\t"), "\"x\\ny\\rz\\t\"");
	assert_string_equal(ESC("\x01\x08\x0c\x1f"),
			    "\"\\u0001\\u0008\\u000c\\u001f\"");
	assert_string_equal(ESC("nul\0end"), "\"nul\\u0000end\"");
	assert_string_equal(ESC("\x7f~ "), "\"\x7f~ \"");
	assert_string_equal(ESC(""), "\"\"");
}

static void
test_escape_utf8(void **state)
{
	char out[256];

	(void)state;
	/* Valid sequences of 2, 3 and 4 bytes pass through unchanged. */
	assert_string_equal(ESC("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
	assert_string_equal(ESC("\xe2\x82\xac"), "\"\xe2\x82\xac\"");
	assert_string_equal(ESC("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");
	assert_string_equal(ESC("\xf4\x8f\xbf\xbf"), "\"\xf4\x8f\xbf\xbf\"");
	/* Stray bytes: each becomes U+FFFD. */
	assert_string_equal(ESC("a\xff" "b"), "\"a\\ufffdb\"");
	assert_string_equal(ESC("\x80"), "\"\\ufffd\"");
	/* Overlong NUL, surrogate, past U+10FFFF, cut sequence. */
	assert_string_equal(ESC("\xc0\x80"), "\"\\ufffd\\ufffd\"");
	assert_string_equal(ESC("\xe0\x80\xaf"), "\"\\ufffd\\ufffd\\ufffd\"");
	assert_string_equal(ESC("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	assert_string_equal(ESC("\xf4\x90\x80\x80"),
			    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	assert_string_equal(ESC("\xe2\x82"), "\"\\ufffd\\ufffd\"");
	assert_string_equal(ESC("\xe2\x82z"), "\"\\ufffd\\ufffdz\"");
}

static void
test_numbers(void **state)
{
	char out[512];
	struct json_writer w;

	(void)state;
	json_init_buf(&w, out, sizeof(out));
	json_arr_begin(&w);
	json_i64(&w, INT64_MIN);
	json_u64(&w, UINT64_MAX);
	json_double(&w, 0.5);
	json_double(&w, 0.1);
	json_double(&w, -1e300);
	json_double(&w, 1.0 / 3.0);
	json_double(&w, NAN);
	json_double(&w, -INFINITY);
	json_bool(&w, 7);
	json_bool(&w, 0);
	json_null(&w);
	json_time_ns(&w, 1500000);
	json_time_ns(&w, 12000000001ull);
	json_hex(&w, (const uint8_t *)"\x00\xab\xff", 3);
	json_arr_end(&w);
	assert_int_equal(json_end_line(&w), 0);
	assert_string_equal(out, "[-9223372036854775808,18446744073709551615,"
			    "0.5,0.1,-1e+300,0.3333333333333333,null,null,true,false,null,0.001500000,"
			    "12.000000001,\"00abff\"]\n");
}

static void
test_nesting_and_misuse(void **state)
{
	char out[256];
	struct json_writer w;
	static const uint8_t a4[4] = { 192, 0, 2, 1 };
	static const uint8_t mac[6] = { 0, 0x1b, 0x21, 0xaa, 0xbb, 0xcc };

	(void)state;
	json_init_buf(&w, out, sizeof(out));
	json_obj_begin(&w);
	json_kv_str(&w, "a", "x");
	json_key(&w, "b");
	json_arr_begin(&w);
	json_obj_begin(&w);
	json_obj_end(&w);
	json_ip4(&w, a4);
	json_mac(&w, mac);
	json_arr_end(&w);
	json_kv_u64(&w, "c", 1);
	json_obj_end(&w);
	assert_int_equal(json_end_line(&w), 0);
	assert_string_equal(out, "{\"a\":\"x\",\"b\":[{},\"192.0.2.1\","
			    "\"00:1b:21:aa:bb:cc\"],\"c\":1}\n");

	/* A value where a key is due. */
	json_reset(&w);
	json_obj_begin(&w);
	json_u64(&w, 1);
	assert_int_equal(json_error(&w), ERR_INVALID);
	/* An object closed right after its key. */
	json_reset(&w);
	json_obj_begin(&w);
	json_key(&w, "k");
	json_obj_end(&w);
	assert_int_equal(json_error(&w), ERR_INVALID);
	/* A key inside an array, a mismatched close, a line left open. */
	json_reset(&w);
	json_arr_begin(&w);
	json_key(&w, "k");
	assert_int_equal(json_error(&w), ERR_INVALID);
	json_reset(&w);
	json_arr_begin(&w);
	json_obj_end(&w);
	assert_int_equal(json_error(&w), ERR_INVALID);
	json_reset(&w);
	json_obj_begin(&w);
	assert_int_equal(json_end_line(&w), ERR_INVALID);
	json_reset(&w);
	assert_int_equal(json_error(&w), 0);
	assert_string_equal(out, "");
}

static void
test_depth_limit(void **state)
{
	char out[256];
	struct json_writer w;
	int i;

	(void)state;
	json_init_buf(&w, out, sizeof(out));
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_arr_begin(&w);
	assert_int_equal(json_error(&w), 0);
	json_arr_begin(&w);
	assert_int_equal(json_error(&w), ERR_INVALID);
}

static void
test_nospace(void **state)
{
	char out[64];
	struct json_writer w;
	size_t cap;

	(void)state;
	/* At every size the buffer stays terminated and within bounds. */
	for (cap = 1; cap <= 40; cap++) {
		memset(out, 'Z', sizeof(out));
		json_init_buf(&w, out, cap);
		json_obj_begin(&w);
		json_kv_str(&w, "key", "va\x01lue");
		json_obj_end(&w);
		json_end_line(&w);
		assert_true(w.len < cap);
		assert_int_equal(out[w.len], '\0');
		assert_int_equal(out[cap], 'Z');
		if (cap >= 23) /* 22 bytes + NUL */
			assert_int_equal(json_error(&w), 0);
		else
			assert_int_equal(json_error(&w), ERR_NOSPACE);
	}
	assert_string_equal(out, "{\"key\":\"va\\u0001lue\"}\n");
}

static void
test_file_mode(void **state)
{
	char out[128] = "";
	struct json_writer w;
	FILE *fp = tmpfile();
	size_t n;

	(void)state;
	assert_non_null(fp);
	json_init_file(&w, fp);
	json_arr_begin(&w);
	json_str(&w, "\xff");
	json_arr_end(&w);
	assert_int_equal(json_end_line(&w), 0);
	json_u64(&w, 2);
	assert_int_equal(json_end_line(&w), 0);
	rewind(fp);
	n = fread(out, 1, sizeof(out) - 1, fp);
	out[n] = '\0';
	fclose(fp);
	assert_string_equal(out, "[\"\\ufffd\"]\n2\n");
}

/*
 * Runs `jq -r FILTER` on text (through a temp file) and returns jq's exit
 * status; its stdout (last newline removed) goes to out.
 */
static int
jq(const char *text, size_t len, const char *filter, char *out, size_t cap)
{
	char path[] = "/tmp/npecho-json-XXXXXX", cmd[1024];
	FILE *p;
	size_t n;
	int fd, st;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "jq -r '%s' %s 2>&1", filter, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, cap - 1, p);
	out[n] = '\0';
	if (n && out[n - 1] == '\n')
		out[n - 1] = '\0';
	st = pclose(p);
	unlink(path);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
expect_jq(const char *line, const char *filter, const char *want)
{
	char out[2048];

	if (jq(line, strlen(line), filter, out, sizeof(out)) != 0)
		fail_msg("jq rejected %s: %s", line, out);
	if (strcmp(out, want) != 0)
		fail_msg("jq '%s' on %s gave '%s', want '%s'", filter, line,
			 out, want);
}

static void
test_all_bytes_roundtrip(void **state)
{
	char in[256], out[4096], back[4096];
	size_t i;

	(void)state;
	/* Every ASCII byte comes back from jq exactly as it went in. */
	for (i = 0; i < 127; i++)
		in[i] = (char)(i + 1);
	esc(out, sizeof(out), in, 127);
	strcat(out, "\n");
	assert_int_equal(jq(out, strlen(out), ".", back, sizeof(back)), 0);
	assert_int_equal(strlen(back), 127);
	assert_memory_equal(back, in, 127);
	/* All 256 byte values: still valid JSON, 128 replacements. */
	for (i = 0; i < 256; i++)
		in[i] = (char)i;
	esc(out, sizeof(out), in, 256);
	strcat(out, "\n");
	expect_jq(out, "[explode[] | select(. == 65533)] | length", "128");
	expect_jq(out, "length", "256");
}

/* A TCP SYN-ACK with mss, sackOK, timestamp, nop, wscale. */
static void
fill_tcp4(struct pkt *p)
{
	static const uint8_t src[4] = { 10, 9, 2, 2 }, dst[4] = { 10, 9, 1, 2 };

	memset(p, 0, sizeof(*p));
	p->caplen = 60;
	p->layers = PKT_HAS_IP4 | PKT_HAS_TCP;
	p->l4_proto = 6;
	p->ip4 = (struct ip4_fields){ .ihl = 5, .tos = 0x10, .tot_len = 60,
		.id = 4242, .flags = IP4_FLAG_DF, .ttl = 63, .proto = 6,
		.csum = 0xbeef };
	memcpy(p->ip4.src, src, 4);
	memcpy(p->ip4.dst, dst, 4);
	p->tcp = (struct tcp_fields){ .sport = 80, .dport = 40000,
		.seq = 4000000000u, .ack = 1001, .doff = 10,
		.flags = TCP_SYN | TCP_ACK, .win = 64240, .csum = 0x1234,
		.n_opts = 5, .has_mss = 1, .mss = 1460, .has_sackok = 1,
		.has_ts = 1, .ts_val = 7, .ts_ecr = 8, .has_wscale = 1,
		.wscale = 10 };
	p->tcp.opt[0].kind = TCPOPT_MSS;
	p->tcp.opt[1].kind = TCPOPT_SACKOK;
	p->tcp.opt[2].kind = TCPOPT_TS;
	p->tcp.opt[3].kind = TCPOPT_NOP;
	p->tcp.opt[4].kind = 99;
}

static void
test_ev_sent_rcvd(void **state)
{
	char out[4096];
	struct json_writer w;
	struct pkt p;
	struct json_pkt_event e = { .t_ns = 1234567, .probe = 3, .pkt = &p,
				    .rtt_ns = -1 };

	(void)state;
	fill_tcp4(&p);
	json_init_buf(&w, out, sizeof(out));
	assert_int_equal(json_ev_sent(&w, &e), 0);
	expect_jq(out, "[.event, .t, .probe, .len] | @csv",
		  "\"sent\",0.001234567,3,60");
	expect_jq(out, "[.ip.ver, .ip.ttl, .ip.id, .ip.iplen, .ip.tos, "
		  ".ip.flags, .ip.src, .ip.dst, .ip.csum] | @csv",
		  "4,63,4242,60,16,\"D\",\"10.9.2.2\",\"10.9.1.2\",48879");
	expect_jq(out, "[.tcp.sport, .tcp.dport, .tcp.flags, .tcp.seq, "
		  ".tcp.ack, .tcp.win, .tcp.off, .tcp.mss, .tcp.wscale, "
		  ".tcp.sackok, .tcp.ts.val, .tcp.ts.ecr] | @csv",
		  "80,40000,\"SA\",4000000000,1001,64240,10,1460,10,true,7,8");
	expect_jq(out, ".tcp.opts | @csv",
		  "\"mss\",\"sackOK\",\"timestamp\",\"nop\",99");
	expect_jq(out, "has(\"rtt\"), has(\"hex\"), has(\"udp\")",
		  "false\nfalse\nfalse");


	/* rcvd with an RTT and the raw bytes. */
	e.rtt_ns = 250000;
	e.raw = (const uint8_t *)"\x45\x00";
	e.raw_len = 2;
	json_init_buf(&w, out, sizeof(out));
	assert_int_equal(json_ev_rcvd(&w, &e), 0);
	expect_jq(out, "[.event, .rtt, .hex, .probe] | @csv",
		  "\"rcvd\",0.00025,\"4500\",3");
}

static void
test_ev_capt_ip6_udp(void **state)
{
	char out[4096];
	struct json_writer w;
	struct pkt p;
	struct json_pkt_event e = { .t_ns = 2000000000, .probe = -1,
				    .pkt = &p, .rtt_ns = -1,
				    .server = "echo \"srv\"\n" };

	(void)state;
	memset(&p, 0, sizeof(p));
	p.caplen = 57;
	p.layers = PKT_HAS_IP6 | PKT_HAS_UDP | PKT_HAS_PAYLOAD;
	p.problems = PKT_TRUNC_DATA | PKT_BAD_OPTS;
	p.payload_len = 9;
	p.ip6 = (struct ip6_fields){ .tclass = 0xb8, .flow = 0xabcde,
		.plen = 17, .nh = 44, .hlim = 7, .final_nh = 17, .n_ext = 1,
		.has_frag = 1, .frag_id = 99, .frag_off = 3, .frag_more = 1 };
	p.ip6.ext[0] = 44;
	p.ip6.src[0] = 0x20;
	p.ip6.src[1] = 0x01;
	p.ip6.src[2] = 0x0d;
	p.ip6.src[3] = 0xb8;
	p.ip6.src[15] = 1;
	p.ip6.dst[0] = 0xfe;
	p.ip6.dst[1] = 0x80;
	p.ip6.dst[15] = 2;
	p.udp = (struct udp_fields){ .sport = 53, .dport = 40125, .len = 17,
		.csum = 0xABCD };
	json_init_buf(&w, out, sizeof(out));
	assert_int_equal(json_ev_capt(&w, &e), 0);
	expect_jq(out, "[.event, .t, .server, has(\"probe\")] | @csv",
		  "\"capt\",2,\"echo \"\"srv\"\"\n\",false");
	expect_jq(out, "[.ip.ver, .ip.src, .ip.dst, .ip.flow, .ip.tclass, "
		  ".ip.hopl, .ip.payloadlen, .ip.proto, .ip.ext[0], "
		  ".ip.frag.id, .ip.frag.foff, .ip.frag.mf] | @csv",
		  "6,\"2001:db8::1\",\"fe80::2\",703710,184,7,17,17,44,99,24,"
		  "true");
	expect_jq(out, "[.udp.sport, .udp.dport, .udp.len, .udp.csum, "
		  ".payload_len] | @csv", "53,40125,17,43981,9");
	expect_jq(out, ".problems | @csv", "\"trunc_data\",\"bad_opts\"");
}

static void
test_ev_icmp_arp(void **state)
{
	char out[4096];
	struct json_writer w;
	struct pkt p;
	struct json_pkt_event e = { .t_ns = 5, .probe = 0, .pkt = &p,
				    .rtt_ns = -1 };

	(void)state;
	memset(&p, 0, sizeof(p));
	p.layers = PKT_HAS_IP4 | PKT_HAS_ICMP4;
	p.ip4.flags = IP4_FLAG_RF | IP4_FLAG_MF;
	p.ip4.frag_off = 2;
	p.icmp4 = (struct icmp4_fields){ .type = 13, .code = 0, .id = 7,
		.seq = 1, .orig = 1000, .recv = 2000, .trans = 3000 };
	json_init_buf(&w, out, sizeof(out));
	assert_int_equal(json_ev_sent(&w, &e), 0);
	expect_jq(out, "[.ip.flags, .ip.foff, .icmp.type, .icmp.id, "
		  ".icmp.seq, .icmp.orig, .icmp.recv, .icmp.trans] | @csv",
		  "\"xM\",16,13,7,1,1000,2000,3000");

	memset(&p, 0, sizeof(p));
	p.layers = PKT_HAS_ETH | PKT_HAS_VLAN | PKT_HAS_ARP;
	p.eth.type = 0x0806;
	p.eth.vlan_tci = (5 << 13) | 100;
	memset(p.eth.dst, 0xff, 6);
	p.arp = (struct arp_fields){ .htype = 1, .ptype = 0x0800, .hlen = 6,
		.plen = 4, .op = 2, .spa = { 10, 0, 0, 1 },
		.sha = { 0xaa, 0xbb, 0xcc, 0, 1, 2 } };
	json_init_buf(&w, out, sizeof(out));
	assert_int_equal(json_ev_rcvd(&w, &e), 0);
	expect_jq(out, "[.eth.dst, .eth.type, .eth.vlan, .eth.prio, .arp.op, "
		  ".arp.sha, .arp.spa, .arp.tpa, has(\"ip\")] | @csv",
		  "\"ff:ff:ff:ff:ff:ff\",2054,100,5,2,\"aa:bb:cc:00:01:02\","
		  "\"10.0.0.1\",\"0.0.0.0\",false");
}

static void
test_ev_finding_stats_error_session(void **state)
{
	char out[4096];
	struct json_writer w;
	struct json_finding f = { .t_ns = 1, .probe = 2, .kind = "changed",
				  .layer = "ip", .field = "ttl", .has_num = 1,
				  .sent_num = 64, .capt_num = 61,
				  .text = "3 hops" };
	struct json_stats s = { .t_ns = 3000000000u, .sent = 4,
				.sent_bytes = 160, .rcvd = 3,
				.rcvd_bytes = 132, .rtt_n = 3,
				.rtt_min_ns = 1000, .rtt_max_ns = 3000,
				.rtt_sum_ns = 6000, .elapsed_ns = 3500000000u };
	struct json_session ss = { .t_ns = 9, .id = 12, .state = "closed",
				   .peer = "192.0.2.7", .port = 41000,
				   .reason = "idle \xff", .echoed = 5,
				   .echoed_bytes = 200 };

	(void)state;
	json_init_buf(&w, out, sizeof(out));
	assert_int_equal(json_ev_finding(&w, &f), 0);
	f.sent_str = "10.0.0.1";
	f.capt_str = "192.0.2.1";
	f.probe = -1;
	assert_int_equal(json_ev_finding(&w, &f), 0);
	/* Two lines in one buffer: jq reads both. */
	expect_jq(out, "[.event, .probe, .kind, .layer, .field, .sent, .capt, "
		  ".text] | @csv",
		  "\"finding\",2,\"changed\",\"ip\",\"ttl\",64,61,\"3 hops\"\n"
		  "\"finding\",,\"changed\",\"ip\",\"ttl\",\"10.0.0.1\","
		  "\"192.0.2.1\",\"3 hops\"");

	json_init_buf(&w, out, sizeof(out));
	assert_int_equal(json_ev_stats(&w, &s), 0);
	expect_jq(out, "[.event, .t, .sent, .sent_bytes, .rcvd, .lost, "
		  ".lost_pct, .rtt_min, .rtt_avg, .rtt_max, .elapsed, "
		  "has(\"capt\")] | @csv",
		  "\"stats\",3,4,160,3,1,25,1e-06,2e-06,3e-06,3.5,false");
	s.rtt_n = 0;
	s.rcvd = 9;
	s.has_capt = 1;
	s.capt = 2;
	json_init_buf(&w, out, sizeof(out));
	assert_int_equal(json_ev_stats(&w, &s), 0);
	expect_jq(out, "[.lost, .rtt_min, .rtt_avg, .rtt_max, .capt] | @csv",
		  "0,,,,2");

	json_init_buf(&w, out, sizeof(out));
	assert_int_equal(json_ev_error(&w, 77, 4, ERR_TRUNC, "cut\tshort"), 0);
	expect_jq(out, "[.event, .t, .probe, .code, .errnum, .msg] | @tsv",
		  "error\t7.7e-08\t4\ttruncated\t-1\tcut\\tshort");

	json_init_buf(&w, out, sizeof(out));
	assert_int_equal(json_ev_session(&w, &ss), 0);
	expect_jq(out, "[.event, .id, .state, .peer, .port, .reason, .echoed, "
		  ".echoed_bytes, has(\"probe\")] | @csv",
		  "\"session\",12,\"closed\",\"192.0.2.7\",41000,"
		  "\"idle \xef\xbf\xbd\",5,200,false");
}

static void
test_ev_nospace(void **state)
{
	char out[4096];
	struct json_writer w;
	struct pkt p;
	struct json_pkt_event e = { .probe = 1, .pkt = &p, .rtt_ns = -1 };
	size_t cap, full;

	(void)state;
	fill_tcp4(&p);
	json_init_buf(&w, out, sizeof(out));
	assert_int_equal(json_ev_sent(&w, &e), 0);
	full = w.len;
	/* Any shorter buffer reports ERR_NOSPACE and never overruns. */
	for (cap = 1; cap <= full; cap++) {
		json_init_buf(&w, out, cap);
		assert_int_equal(json_ev_sent(&w, &e), ERR_NOSPACE);
		assert_true(w.len < cap);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_ascii),
		cmocka_unit_test(test_escape_utf8),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_nesting_and_misuse),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_nospace),
		cmocka_unit_test(test_file_mode),
		cmocka_unit_test(test_all_bytes_roundtrip),
		cmocka_unit_test(test_ev_sent_rcvd),
		cmocka_unit_test(test_ev_capt_ip6_udp),
		cmocka_unit_test(test_ev_icmp_arp),
		cmocka_unit_test(test_ev_finding_stats_error_session),
		cmocka_unit_test(test_ev_nospace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
