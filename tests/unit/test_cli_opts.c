/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for each option family of cli_parse(): every alias means the
 * same as its canonical name, each value syntax, each error text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/config.h"

/* Splits line on spaces into argv ("<e>" is the empty word); parses as root. */
static int
as_root(const char *line, struct config *c, struct errbuf *eb)
{
	static char buf[4096];
	struct cli_env e = { .is_root = true, .env_priv = -1, .seeded = true,
			     .seed = 99 };
	char *argv[128], *tok, *save = NULL;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	argv[argc++] = "npecho";
	for (tok = strtok_r(buf, " ", &save); tok && argc < 127;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = strcmp(tok, "<e>") ? tok : (char *)"";
	argv[argc] = NULL;
	memset(eb, 0, sizeof(*eb));
	return cli_parse(argc, argv, &e, c, eb);
}

static void
ok(const char *line, struct config *c)
{
	struct errbuf eb;

	if (as_root(line, c, &eb) != 0)
		fail_msg("'%s' failed: %s", line, eb.msg);
}

static void
err(const char *line, const char *msg)
{
	struct config c;
	struct errbuf eb;

	if (as_root(line, &c, &eb) >= 0)
		fail_msg("'%s' was accepted", line);
	if (strcmp(eb.msg, msg))
		fail_msg("'%s':\n got  %s\n want %s", line, eb.msg, msg);
	config_free(&c);
}

static const char *
s_or(const char *s)
{
	return s ? s : "-";
}

/* Everything an option can change, as text, to compare two parses. */
static void
fingerprint(const struct config *c, char *out, size_t cap)
{
	size_t n = 0, i;

#define FP(...) (n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, __VA_ARGS__))
	FP("a%d m%d e%d af%d tr%d pv%d|", c->action, c->mode, c->echo, c->af,
	   c->traceroute, c->privileged);
	for (i = 0; i < c->n_targets; i++)
		FP("t=%s,", c->targets[i]);
	for (i = 0; i < c->n_dports; i++)
		FP("p%u,", c->dports[i]);
	FP("|sp%u/%d sq%u ak%u w%u f%u bs%d to%s|", c->sport.v, c->sport.set,
	   c->seq.v, c->ack.v, c->win.v, c->tcp_flags.v, c->badsum,
	   s_or(c->tcp_options));
	FP("it%u ic%u ii%u is%u ir%s pp%u al%u na%zu ot%lld/%d rt%lld tt%lld|",
	   c->icmp_type.v, c->icmp_code.v, c->icmp_id.v, c->icmp_seq.v,
	   s_or(c->icmp_redirect_addr.str), c->icmp_param_pointer.v,
	   c->icmp_advert_lifetime.v, c->n_icmp_adverts,
	   (long long)c->icmp_orig_time.ms, c->icmp_orig_time.kind,
	   (long long)c->icmp_recv_time.ms, (long long)c->icmp_trans_time.ms);
	FP("ao%u asm%02x%d asi%s atm%02x%d ati%s|", c->arp_op.v,
	   c->arp_sender_mac.b[5], c->arp_sender_mac.set, s_or(c->arp_sender_ip.str),
	   c->arp_target_mac.b[5], c->arp_target_mac.set, s_or(c->arp_target_ip.str));
	FP("S%s tos%u id%u %d%d%d ttl%u bi%d io%s mtu%u tc%u fl%u|",
	   s_or(c->source_ip.str), c->tos.v, c->ip_id.v, c->df, c->mf, c->evil,
	   c->ttl.v, c->badsum_ip, s_or(c->ip_options), c->mtu.v,
	   c->traffic_class.v, c->flow.v);
	FP("dm%02x%d sm%02x%d et%x|pk%d pl%zu|", c->dest_mac.b[0], c->dest_mac.set,
	   c->source_mac.b[0], c->source_mac.set, c->ether_type.v,
	   c->payload_kind, c->payload_len);
	FP("ep%s epf%s eport%u nc%d on%d sf%d ms%u mpa%u ht%llu it%llu eb%llu|",
	   s_or(c->echo_passphrase), s_or(c->echo_passphrase_file), c->echo_port.v,
	   c->no_crypto, c->once, c->safe_payloads, c->max_sessions.v,
	   c->max_sessions_per_addr.v, (unsigned long long)c->handshake_timeout_ns,
	   (unsigned long long)c->idle_timeout_ns, (unsigned long long)c->echo_budget);
	FP("d%llu r%g fl%d|c%u if%s H%d N%d snd%d bpf%s ns%s j%d w%s u%s pr%d|v%d d%d",
	   (unsigned long long)c->delay_ns, c->rate, c->flood, c->count.v,
	   s_or(c->iface), c->hide_sent, c->no_capture, c->send_pref,
	   s_or(c->bpf_filter), s_or(c->nsock_engine), c->json, s_or(c->pcap_file),
	   s_or(c->user), c->progress, c->verbosity, c->debug);
#undef FP
}

static void
fp_of(const char *line, char *out, size_t cap)
{
	struct config c;

	ok(line, &c);
	fingerprint(&c, out, cap);
	config_free(&c);
}

static void
test_every_alias(void **state)
{
	static const struct {
		const char *alias, *canonical;
		bool changes; /* differs from plain "x" */
	} rows[] = {
		{ "--traceroute x", "--tr x", true },
		{ "--dest-unr x", "--destination-unreachable x", true },
		{ "--destination-unreachable x", "--icmp --icmp-type 3 x", true },
		{ "--timestamp-request x", "--timestamp x", true },
		{ "--timestamp x", "--icmp --icmp-type 13 x", true },
		{ "--information-request x", "--icmp --icmp-type 15 x", true },
		{ "--information x", "--icmp --icmp-type info x", true },
		{ "--netmask-request x", "--netmask x", true },
		{ "--netmask x", "--icmp --icmp-type 17 x", true },
		{ "--echo-request x", "--icmp --icmp-type 8 x", false },
		{ "--arp-request x", "--arp --arp-type 1 x", true },
		{ "--arp-reply x", "--arp --arp-type 2 x", true },
		{ "--rarp-request x", "--arp --arp-type 3 x", true },
		{ "--rarp-reply x", "--arp --arp-type 4 x", true },
		{ "--tcp --dest-port 22 x", "--tcp -p 22 x", true },
		{ "--tcp --source-port 9 x", "--tcp -g 9 x", true },
		{ "--rarp-type rarp x", "--arp-type 3 x", true },
		{ "--arp-code rarp x", "--arp-type 3 x", true },
		{ "--rarp-code rarp x", "--arp-type 3 x", true },
		{ "--arp-operation rarp x", "--arp-type 3 x", true },
		{ "--arp-op rarp x", "--arp-type 3 x", true },
		{ "--rarp-operation rarp x", "--arp-type 3 x", true },
		{ "--rarp-op rarp x", "--arp-type 3 x", true },
		{ "--rarp-sender-mac 0:0:0:0:0:7 x", "--arp-sender-mac 0:0:0:0:0:7 x", true },
		{ "--rarp-sender-ip 1.2.3.4 x", "--arp-sender-ip 1.2.3.4 x", true },
		{ "--rarp-target-mac 0:0:0:0:0:7 x", "--arp-target-mac 0:0:0:0:0:7 x", true },
		{ "--rarp-target-ip 1.2.3.4 x", "--arp-target-ip 1.2.3.4 x", true },
		{ "--source-ip 1.2.3.4 x", "-S 1.2.3.4 x", true },
		{ "--ipv4 x", "-4 x", false },
		{ "--IPv4 x", "-4 x", false },
		{ "--ipv6 ::1", "-6 ::1", true },
		{ "--IPv6 ::1", "-6 ::1", true },
		{ "--hop-limit 7 x", "--ttl 7 x", true },
		{ "--tc 5 x", "--traffic-class 5 x", true },
		{ "--spoof-mac 2:0:0:0:0:1 x", "--source-mac 2:0:0:0:0:1 x", true },
		{ "--ethertype arp x", "--ether-type 0x0806 x", true },
		{ "--ethtype arp x", "--ether-type arp x", true },
		{ "--ec p x", "--echo-client p x", true },
		{ "--es p", "--echo-server p", true },
		{ "--ep 5 x", "--echo-port 5 x", true },
		{ "--nc x", "--no-crypto x", true },
		{ "--count 3 x", "-c 3 x", true },
		{ "--interface lo x", "-e lo x", true },
		{ "--hide-sent x", "-H x", true },
		{ "--no-capture x", "-N x", true },
		{ "--filter tcp x", "--bpf-filter tcp x", true },
		{ "--verbose x", "-v x", true },
		{ "--verbose=3 x", "-v3 x", true },
		{ "--reduce-verbosity x", "-q x", true },
		{ "--reduce-verbosity=2 x", "-q2 x", true },
		{ "--help", "-h", true },
		{ "--version", "-V", true },
		{ "--rate 0 x", "--flood x", true },
		{ "--debug x", "-d9 x", true },
		{ "--quiet x", "-q4 x", true },
	};
	char a[2048], b[2048], d[2048];
	size_t i;

	(void)state;
	fp_of("x", d, sizeof(d));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		fp_of(rows[i].alias, a, sizeof(a));
		fp_of(rows[i].canonical, b, sizeof(b));
		if (strcmp(a, b))
			fail_msg("'%s' != '%s':\n%s\n%s", rows[i].alias,
				 rows[i].canonical, a, b);
		if (rows[i].changes && !strcmp(a, d))
			fail_msg("'%s' changed nothing", rows[i].alias);
	}
}

static void
test_numbers(void **state)
{
	struct config c;

	(void)state;
	ok("--ttl 0x40 --tos 010 --id 0 x", &c);
	assert_int_equal(c.ttl.v, 64);
	assert_int_equal(c.tos.v, 8);
	assert_int_equal(c.ip_id.v, 0);
	assert_false(c.ip_id.random);
	config_free(&c);
	ok("--ttl rand --id RANDOM x", &c);
	assert_true(c.ttl.random && c.ttl.set && c.ttl.v <= 255);
	assert_true(c.ip_id.random && c.ip_id.set);
	config_free(&c);
	err("--ttl +1 x", "--ttl: TTL option must be a number between 0 and 255 "
	    "(inclusive): '+1'");
	err("--ttl -1 x", "--ttl: TTL option must be a number between 0 and 255 "
	    "(inclusive): '-1'");
	err("--ttl 256 x", "--ttl: TTL option must be a number between 0 and 255 "
	    "(inclusive): '256'");
	err("--tos 1e x", "--tos: TOS option must be a number between 0 and 255 "
	    "(inclusive): '1e'");
	err("--id 65536 x", "--id: Identification must be a number between 0 and "
	    "65535 (inclusive): '65536'");
	err("--ttl 08 x", "--ttl: TTL option must be a number between 0 and 255 "
	    "(inclusive): '08'");
	err("--seq 4294967296 x", "--seq: Invalid TCP Sequence number. Value must "
	    "be 0<=N<2^32.: '4294967296'");
	err("--ack x x", "--ack: Invalid TCP ACK number. Value must be 0<=N<2^32.: 'x'");
	err("--win 65536 x", "--win: Invalid TCP Window size. Value must be "
	    "0<=N<=65535.: '65536'");
	err("-g 65536 x", "-g: Source port must be a number between 0 and 65535 "
	    "(inclusive): '65536'");
	err("-g 1 -g 2 x", "-g: Cannot specify source port twice.: '2'");
	ok("--seq 4294967295 --win 65535 --tcp x", &c);
	assert_int_equal(c.seq.v, 4294967295U);
	assert_int_equal(c.win.v, 65535);
	config_free(&c);
	ok("-g 0 --tcp x", &c);
	assert_int_equal(c.n_warnings, 1);
	assert_string_equal(c.warnings[0], "WARNING: a source port of zero may not "
			    "work on all systems.");
	config_free(&c);
}

static void
test_tcp_flags(void **state)
{
	static const struct {
		const char *spec;
		uint32_t v;
	} good[] = {
		{ "0x12", 0x12 }, { "18", 18 }, { "syn,ack", 0x12 }, { "SYN,ACK", 0x12 },
		{ "SA", 0x12 }, { "sa", 0x12 }, { "ack", 0x10 }, { "all", 0xff },
		{ "nil", 0 }, { "none", 0 }, { "<e>", 0 }, { "CEUAPRSF", 0xff },
		{ "cwr,ece,urg,ack,psh,rst,syn,fin", 0xff }, { "ecn", 0x40 },
		{ "F", 0x01 }, { "0", 0 }, { "255", 255 },
	};
	struct config c;
	char line[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(line, sizeof(line), "--tcp --flags %s x", good[i].spec);
		ok(line, &c);
		assert_int_equal(c.tcp_flags.v, good[i].v);
		assert_true(c.tcp_flags.set);
		config_free(&c);
	}
	err("--flags syn,foo x", "--flags: Invalid TCP flag specification: "
	    "\"foo\": 'syn,foo'");
	err("--flags syn,ac x", "--flags: Invalid format in --flag. Make sure you "
	    "specify a comma-separated list that contains 3-character flag names "
	    "(e.g: --flags syn,ack,psh): 'syn,ac'");
	err("--flags sx x", "--flags: Invalid TCP flag supplied: x: 'sx'");
	err("--flags s1 x", "--flags: Invalid TCP flag supplied (1). If you want "
	    "to specify flags using a number you must add prefix \"0x\": 's1'");
	err("--flags 0x100 x", "--flags: Invalid TCP flag specification. Numerical "
	    "values must be in the range [0,255].: '0x100'");
	err("--flags 256 x", "--flags: Invalid TCP flag specification. Numerical "
	    "values must be in the range [0,255].: '256'");
}

static void
test_icmp_options(void **state)
{
	struct config c;

	(void)state;
	ok("--icmp-type time-exc --icmp-code frag-exc --icmp-id 0x10 "
	   "--icmp-seq 7 --icmp-param-pointer 3 --icmp-advert-lifetime 1800 x", &c);
	assert_int_equal(c.icmp_type.v, 11);
	assert_int_equal(c.icmp_code.v, 1);
	assert_int_equal(c.icmp_id.v, 16);
	assert_false(c.icmp_id.random);
	assert_int_equal(c.icmp_seq.v, 7);
	assert_true(c.icmp_seq.set);
	assert_int_equal(c.icmp_param_pointer.v, 3);
	assert_int_equal(c.icmp_advert_lifetime.v, 1800);
	assert_int_equal(c.n_warnings, 0);
	config_free(&c);
	ok("--icmp-type DU --icmp-code !comm x", &c);
	assert_int_equal(c.icmp_type.v, 3);
	assert_int_equal(c.icmp_code.v, 13);
	config_free(&c);
	ok("--icmp-type ra --icmp-code mobile-ip --icmp-advert-entry 10.0.0.1,5 "
	   "--icmp-advert-entry 10.0.0.2,0x100 x", &c);
	assert_int_equal(c.icmp_type.v, 9);
	assert_int_equal(c.icmp_code.v, 16);
	assert_int_equal(c.n_icmp_adverts, 2);
	assert_int_equal(ntohl(c.icmp_adverts[1].addr.s_addr), 0x0a000002);
	assert_int_equal(c.icmp_adverts[1].pref, 256);
	config_free(&c);
	ok("--icmp-type 99 x", &c);
	assert_int_equal(c.icmp_type.v, 99);
	assert_int_equal(c.n_warnings, 1);
	assert_string_equal(c.warnings[0], "Warning: Specified ICMP type (99) is "
			    "not RFC compliant.");
	config_free(&c);
	ok("--icmp-redirect-addr 10.1.2.3 x", &c);
	assert_true(c.icmp_redirect_addr.resolved);
	assert_int_equal(ntohl(c.icmp_redirect_addr.addr.v4.s_addr), 0x0a010203);
	config_free(&c);
	ok("--icmp-redirect-addr rand x", &c);
	assert_true(c.icmp_redirect_addr.random && c.icmp_redirect_addr.resolved);
	config_free(&c);
	err("--icmp-type foo x", "--icmp-type: Invalid ICMP Type. Value must be "
	    "0<=N<=255.: 'foo'");
	err("--icmp-code 300 x", "--icmp-code: Invalid ICMP Code. Value must be "
	    "0<=N<=255.: '300'");
	err("--icmp-code <e> x", "--icmp-code: Invalid ICMP Code. Value must be "
	    "0<=N<=255.: ''");
	err("--icmp-id 70000 x", "--icmp-id: Invalid ICMP Identifier. Value must "
	    "be 0<=N<2^16.: '70000'");
	err("--icmp-seq x x", "--icmp-seq: Invalid ICMP Sequence number. Value "
	    "must be 0<=N<2^16.: 'x'");
	err("--icmp-redirect-addr 999.1.1.1 x", "--icmp-redirect-addr: Could not "
	    "resolve specified ICMP Redirect Address.: '999.1.1.1'");
	err("--icmp-redirect-addr ::1 x", "--icmp-redirect-addr: Could not "
	    "resolve specified ICMP Redirect Address.: '::1'");
	err("--icmp-param-pointer 256 x", "--icmp-param-pointer: Invalid ICMP "
	    "Parameter problem pointer. Value must be 0<=N<=255..: '256'");
	err("--icmp-advert-lifetime 70000 x", "--icmp-advert-lifetime: Invalid "
	    "ICMP Router advertisement lifetime. Value must be 0<=N<2^16..: '70000'");
	err("--icmp-advert-entry 1.2.3.4 x", "--icmp-advert-entry: Invalid Router "
	    "Advertising Entry specification: Bad syntax, missing comma "
	    "delimiter: '1.2.3.4'");
	err("--icmp-advert-entry 1.2.3.4,x x", "--icmp-advert-entry: Invalid "
	    "Router Advertising Entry specification: x is not a valid preference "
	    "number: '1.2.3.4,x'");
}

static void
test_icmp_times(void **state)
{
	static const struct {
		const char *v;
		int kind;
		long long ms;
	} good[] = {
		{ "1000", ICMP_TIME_VALUE, 1000000 }, { "1.5", ICMP_TIME_VALUE, 1500 },
		{ "250ms", ICMP_TIME_VALUE, 250 }, { "2m", ICMP_TIME_VALUE, 120000 },
		{ "now", ICMP_TIME_NOW, 0 }, { "now+2s", ICMP_TIME_NOW, 2000 },
		{ "now-1m", ICMP_TIME_NOW, -60000 }, { "NOW+1", ICMP_TIME_NOW, 1000 },
	};
	struct config c;
	char line[96];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(line, sizeof(line), "--icmp-orig-time %s --icmp-recv-time %s "
			 "--icmp-trans-time %s x", good[i].v, good[i].v, good[i].v);
		ok(line, &c);
		assert_int_equal(c.icmp_orig_time.kind, good[i].kind);
		assert_int_equal(c.icmp_orig_time.ms, good[i].ms);
		assert_int_equal(c.icmp_recv_time.ms, good[i].ms);
		assert_int_equal(c.icmp_trans_time.ms, good[i].ms);
		assert_true(c.icmp_trans_time.set);
		config_free(&c);
	}
	ok("--icmp-orig-time rand x", &c);
	assert_true(c.icmp_orig_time.random);
	assert_true(c.icmp_orig_time.ms >= 0 && c.icmp_orig_time.ms <= UINT32_MAX);
	config_free(&c);
	err("--icmp-orig-time xx x", "--icmp-orig-time: Invalid time supplied: 'xx'");
	err("--icmp-recv-time now-100000h x", "--icmp-recv-time: Value is 100000h "
	    "is too high for current time.: 'now-100000h'");
	err("--icmp-trans-time now+abc x", "--icmp-trans-time: You must specify a "
	    "valid time value after now+ (e.g. 1000, 2s, 25m, etc.): 'now+abc'");
	err("--icmp-trans-time now-x x", "--icmp-trans-time: You must specify a "
	    "valid time value after now- (e.g. 1000, 2s, 25m, etc.): 'now-x'");
}

static void
test_arp_options(void **state)
{
	static const struct {
		const char *name;
		uint32_t op;
	} ops[] = {
		{ "arp-request", 1 }, { "a", 1 }, { "arp-reply", 2 }, { "ar", 2 },
		{ "rarp", 3 }, { "rarp-rep", 4 }, { "drarp-request", 5 },
		{ "dr", 6 }, { "de", 7 }, { "inarp", 8 }, { "ir", 9 },
		{ "arp-nak", 10 }, { "0x0a", 10 }, { "2", 2 }, { "65535", 65535 },
	};
	struct config c;
	char line[96];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		snprintf(line, sizeof(line), "--arp-type %s x", ops[i].name);
		ok(line, &c);
		assert_int_equal(c.mode, MODE_ARP);
		assert_int_equal(c.arp_op.v, ops[i].op);
		assert_int_equal(c.ether_type.v, 0x0806);
		config_free(&c);
	}
	ok("--arp --arp-sender-mac 00:11:22:33:44:55 --arp-sender-ip 10.0.0.1 "
	   "--arp-target-mac ff-ff-ff-ff-ff-fe --arp-target-ip 10.0.0.2 x", &c);
	assert_memory_equal(c.arp_sender_mac.b, "\x00\x11\x22\x33\x44\x55", 6);
	assert_memory_equal(c.arp_target_mac.b, "\xff\xff\xff\xff\xff\xfe", 6);
	assert_int_equal(ntohl(c.arp_sender_ip.addr.v4.s_addr), 0x0a000001);
	assert_int_equal(ntohl(c.arp_target_ip.addr.v4.s_addr), 0x0a000002);
	config_free(&c);
	err("--arp-type foo x", "--arp-type: Invalid ARP type/operation code: 'foo'");
	err("--arp-type 65536 x", "--arp-type: Invalid ARP type/operation code: "
	    "'65536'");
	err("--arp-sender-mac 11:22 x", "--arp-sender-mac: Invalid ARP Sender MAC "
	    "address.: '11:22'");
	err("--arp-sender-ip 999.1.1.1 x", "--arp-sender-ip: Invalid ARP Sender "
	    "IP address.: '999.1.1.1'");
	err("--arp-target-mac zz x", "--arp-target-mac: Invalid ARP Target MAC "
	    "address.: 'zz'");
	err("--arp-target-ip x.y/3 x", "--arp-target-ip: Invalid ARP Target IP "
	    "address.: 'x.y/3'");
}

static void
test_ip_options(void **state)
{
	struct config c;

	(void)state;
	ok("--tos 0x10 --id 300 --df --mf --evil --ttl 3 --badsum-ip "
	   "--ip-options \\x01\\x01*2 --mtu 16 -S 10.0.0.9 x", &c);
	assert_int_equal(c.tos.v, 16);
	assert_int_equal(c.ip_id.v, 300);
	assert_true(c.df && c.mf && c.evil && c.badsum_ip);
	assert_int_equal(c.ttl.v, 3);
	assert_string_equal(c.ip_options, "\\x01\\x01*2");
	assert_int_equal(c.mtu.v, 16);
	assert_true(c.source_ip.resolved);
	assert_int_equal(c.source_ip.af, AF_INET);
	assert_int_equal(ntohl(c.source_ip.addr.v4.s_addr), 0x0a000009);
	config_free(&c);
	ok("-f x", &c);
	assert_true(c.frag_f);
	assert_int_equal(c.mtu.v, 72);
	config_free(&c);
	ok("-f --mtu 16 x", &c);
	assert_int_equal(c.mtu.v, 16);
	config_free(&c);
	ok("--mtu 16 -f x", &c);
	assert_int_equal(c.mtu.v, 16);
	assert_string_equal(c.warnings[0], "WARNING: -f is irrelevant if an MTU "
			    "has been previously specified");
	config_free(&c);
	ok("--mtu rand -S rand x", &c);
	assert_true(c.mtu.random);
	assert_true(c.mtu.v > 0 && c.mtu.v % 8 == 0);
	assert_true(c.source_ip.random && c.source_ip.af == AF_INET);
	config_free(&c);
	ok("-S host.example x", &c);
	assert_false(c.source_ip.resolved);
	assert_string_equal(c.source_ip.str, "host.example");
	config_free(&c);
	err("--mtu 13 x", "--mtu: MTU must be >0 and multiple of 8: '13'");
	err("--mtu 0 x", "--mtu: MTU must be >0 and multiple of 8: '0'");
	err("--hop-limit 300 x", "--hop-limit: Hop Limit option must be a number "
	    "between 0 and 255 (inclusive): '300'");
	err("--tc 256 x", "--tc: IPv6 Traffic Class must be a number between 0 "
	    "and 255 (inclusive): '256'");
	err("--flow 1048576 x", "--flow: IPv6 Flow Label cannot be greater than "
	    "1048575: '1048576'");
	err("--flow x x", "--flow: IPv6 Flow Label must be a number between 0 and "
	    "1048575: 'x'");
	err("-6 -S 999::zz ::1", "-S: Could not resolve source IPv6 address.: "
	    "'999::zz'");
}

static void
test_ethernet_options(void **state)
{
	struct config c;

	(void)state;
	ok("--dest-mac 00:11:22:33:44:55 --source-mac 0-1-2-3-4-5 "
	   "--ether-type lldp x", &c);
	assert_memory_equal(c.dest_mac.b, "\x00\x11\x22\x33\x44\x55", 6);
	assert_memory_equal(c.source_mac.b, "\x00\x01\x02\x03\x04\x05", 6);
	assert_true(c.dest_mac.set && c.source_mac.set);
	assert_int_equal(c.ether_type.v, 0x88cc);
	config_free(&c);
	ok("--dest-mac bcast --source-mac rand --ether-type 0x86DD x", &c);
	assert_memory_equal(c.dest_mac.b, "\xff\xff\xff\xff\xff\xff", 6);
	assert_true(c.source_mac.random);
	assert_int_equal(c.source_mac.b[0] & 1, 0);
	assert_int_equal(c.ether_type.v, 0x86dd);
	config_free(&c);
	ok("--dest-mac broadcast --ether-type MAC-SEC x", &c);
	assert_int_equal(c.dest_mac.b[3], 0xff);
	assert_int_equal(c.ether_type.v, 0x88e5);
	config_free(&c);
	err("--dest-mac 11:22:33 x", "--dest-mac: Invalid Ethernet Destination MAC "
	    "address.: '11:22:33'");
	err("--source-mac gg:22:33:44:55:66 x", "--source-mac: Invalid Ethernet "
	    "Source MAC address.: 'gg:22:33:44:55:66'");
	err("--source-mac 1:2:3:4:5:6:7 x", "--source-mac: Invalid Ethernet "
	    "Source MAC address.: '1:2:3:4:5:6:7'");
	err("--ether-type foo x", "--ether-type: Invalid Ethernet Type.: 'foo'");
	err("--ether-type 0x10000 x", "--ether-type: Invalid Ethernet Type.: "
	    "'0x10000'");
}

static void
test_payload_options(void **state)
{
	static const char *const hex[] = { "0xA1b2", "A1B2", "\\xa1\\xB2" };
	struct config c;
	char line[64];
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		snprintf(line, sizeof(line), "--data %s x", hex[i]);
		ok(line, &c);
		assert_int_equal(c.payload_kind, PAYLOAD_HEX);
		assert_int_equal(c.payload_len, 2);
		assert_memory_equal(c.payload, "\xa1\xb2", 2);
		config_free(&c);
	}
	ok("--data-string hello x", &c);
	assert_int_equal(c.payload_kind, PAYLOAD_STRING);
	assert_int_equal(c.payload_len, 5);
	assert_memory_equal(c.payload, "hello", 5);
	config_free(&c);
	ok("--data-length 10 x", &c);
	assert_int_equal(c.payload_kind, PAYLOAD_RANDOM);
	assert_int_equal(c.payload_len, 10);
	assert_false(c.payload_len_random);
	config_free(&c);
	ok("--data-length rand x", &c);
	assert_true(c.payload_len >= 1 && c.payload_len <= 1399);
	assert_true(c.payload_len_random);
	config_free(&c);
	ok("--data-length 65400 x", &c);
	assert_int_equal(c.payload_len, 65400);
	assert_string_equal(c.warnings[0], "WARNING: Payload exceeds maximum "
			    "recommended payload (1400)");
	config_free(&c);
	/* npecho: the last payload option wins, in every order. */
	ok("--data-length 10 --data-string abc x", &c);
	assert_int_equal(c.payload_kind, PAYLOAD_STRING);
	assert_int_equal(c.payload_len, 3);
	config_free(&c);
	ok("--data-string abc --data-length 4 x", &c);
	assert_int_equal(c.payload_kind, PAYLOAD_RANDOM);
	assert_int_equal(c.payload_len, 4);
	config_free(&c);
	ok("--data-string abc --data 0x0102 x", &c);
	assert_int_equal(c.payload_kind, PAYLOAD_HEX);
	assert_int_equal(c.payload_len, 2);
	config_free(&c);
	ok("--tcp-connect --data-string a x", &c);
	assert_string_equal(c.warnings[0], "Warning: Payload supplied in TCP "
			    "Connect mode. Payload will be ignored.");
	config_free(&c);
	err("--data zz x", "--data: Invalid hex string specification: 'zz'");
	err("--data 0xzz x", "--data: Invalid hex string specification: '0xzz'");
	err("--data <e> x", "--data: Invalid hex string specification: ''");
	err("--data 0x123 x", "--data: Invalid hex string specification: '0x123'");
	err("--data 0x x", "--data: Invalid hex string specification: '0x'");
	err("--data-length 70000 x", "--data-length: data-length must be a value "
	    "between 0 and 65400.: '70000'");
	err("--data-length x x", "--data-length: Invalid payload length "
	    "specification: 'x'");
}

static void
test_timing_options(void **state)
{
	static const struct {
		const char *v;
		unsigned long long ns;
	} delays[] = {
		{ "0.5ms", 500000ULL }, { "250us", 250000ULL }, { "1.5", 1500000000ULL },
		{ "9", 9000000000ULL }, { "20s", 20000000000ULL }, { "0", 0 },
		{ "2m", 120000000000ULL }, { "0.25h", 900000000000ULL },
		{ "100ns", 100ULL }, { ".5", 500000000ULL }, { "9.999999999", 9999999999ULL },
	};
	struct config c;
	char line[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(delays) / sizeof(delays[0]); i++) {
		snprintf(line, sizeof(line), "--delay %s x", delays[i].v);
		ok(line, &c);
		assert_int_equal(c.delay_ns, delays[i].ns);
		assert_true(c.delay_set);
		assert_false(c.flood);
		config_free(&c);
	}
	ok("--rate 5000 x", &c);
	assert_int_equal(c.delay_ns, 200000);
	config_free(&c);
	ok("--rate 0.5 x", &c);
	assert_int_equal(c.delay_ns, 2000000000ULL);
	config_free(&c);
	ok("--rate 3 x", &c);
	assert_int_equal(c.delay_ns, 333333333ULL);
	config_free(&c);
	ok("--rate 0 x", &c);
	assert_true(c.flood);
	assert_int_equal(c.delay_ns, 0);
	config_free(&c);
	ok("--rate 10 --delay 1s x", &c);	/* the last one wins */
	assert_int_equal(c.delay_ns, 1000000000ULL);
	assert_true(c.rate == 0);
	config_free(&c);
	ok("--flood --rate 10 x", &c);
	assert_int_equal(c.delay_ns, 100000000ULL);
	assert_false(c.flood);
	config_free(&c);
	ok("--delay 1 --flood x", &c);
	assert_true(c.flood);
	assert_int_equal(c.delay_ns, 0);
	config_free(&c);
	err("--delay 20 x", "--delay: Since April 2010, the default unit for "
	    "--delay is seconds, so your time of \"20\" is 20 seconds. Use "
	    "\"20ms\" for 20 milliseconds.: '20'");
	err("--delay -1 x", "--delay: Invalid delay supplied. Delay must be a "
	    "valid, positive integer or floating point number.: '-1'");
	err("--delay abc x", "--delay: Invalid delay supplied. Delay must be a "
	    "valid, positive integer or floating point number.: 'abc'");
	err("--delay 1x x", "--delay: Invalid delay supplied. Delay must be a "
	    "valid, positive integer or floating point number.: '1x'");
	err("--rate -5 x", "--rate: Invalid rate supplied. Rate must be a valid, "
	    "positive number (0 = as fast as possible): '-5'");
	err("--rate x x", "--rate: Invalid rate supplied. Rate must be a valid, "
	    "positive number (0 = as fast as possible): 'x'");
}

static void
test_echo_npecho_options(void **state)
{
	struct config c;

	(void)state;
	ok("--es pw --echo-passphrase-file /etc/pw --max-sessions 8 "
	   "--max-sessions-per-addr 2 --handshake-timeout 500ms "
	   "--idle-timeout 2m --echo-budget 1000", &c);
	assert_string_equal(c.echo_passphrase_file, "/etc/pw");
	assert_int_equal(c.max_sessions.v, 8);
	assert_int_equal(c.max_sessions_per_addr.v, 2);
	assert_int_equal(c.handshake_timeout_ns, 500000000ULL);
	assert_int_equal(c.idle_timeout_ns, 120000000000ULL);
	assert_int_equal(c.echo_budget, 1000);
	config_free(&c);
	ok("--es pw", &c);
	assert_int_equal(c.max_sessions.v, 32);
	assert_int_equal(c.max_sessions_per_addr.v, 4);
	assert_int_equal(c.handshake_timeout_ns, 10000000000ULL);
	assert_int_equal(c.echo_budget, 0);
	config_free(&c);
	err("--max-sessions 0 x", "--max-sessions: must be a number between 1 and "
	    "65535: '0'");
	err("--idle-timeout 0 x", "--idle-timeout: must be a positive time (e.g. "
	    "10, 1.5s, 500ms, 2m): '0'");
	err("--echo-budget -1 x", "--echo-budget: must be a number between 0 "
	    "(from each client's probe count) and 10000000: '-1'");
	err("--echo-budget 10000001 x", "--echo-budget: must be a number "
	    "between 0 (from each client's probe count) and 10000000: "
	    "'10000001'");
}

/* --audit (with --echo-client, no probe mode) and --ipv6-ext (a list of
 * hbh and dest, with -6, on the link-layer path as every IPv6 header
 * field). */
static void
test_audit_and_ip6_ext(void **state)
{
	struct config c;

	(void)state;
	ok("--ec pw --audit 10.0.0.1", &c);
	assert_true(c.audit);
	assert_int_equal(c.argc, 5);
	assert_string_equal(c.argv[3], "--audit");
	config_free(&c);
	ok("--ec pw --audit --tr 10.0.0.1", &c);
	assert_true(c.audit && c.traceroute);
	config_free(&c);
	err("--audit 10.0.0.1", "--audit: the path audit runs over an echo "
	    "session: give --echo-client PASS");
	err("--ec pw --audit --udp 10.0.0.1", "--audit: the path audit chooses "
	    "its own probes: drop the probe mode option: '--udp'");
	ok("-6 --udp --ipv6-ext hbh,dest --send-eth --source-mac 0:1:2:3:4:5 "
	   "--dest-mac 0:1:2:3:4:6 -S fd::1 fd::2", &c);
	assert_int_equal(c.n_ip6_ext, 2);
	assert_int_equal(c.ip6_ext[0], 0);
	assert_int_equal(c.ip6_ext[1], 60);
	config_free(&c);
	err("--udp --ipv6-ext hbh 10.0.0.1", "--ipv6-ext: IPv6 extension "
	    "headers need -6");
	err("-6 --udp --ipv6-ext rt fd::2", "--ipv6-ext: must be a list of hbh "
	    "and dest, e.g. hbh,dest: 'rt'");
	err("-6 --udp --ipv6-ext hbh, fd::2", "--ipv6-ext: must be a list of "
	    "hbh and dest, e.g. hbh,dest: 'hbh,'");
	err("-6 --udp --ipv6-ext hbh,hbh,hbh,hbh,dest fd::2", "--ipv6-ext: at "
	    "most 4 extension headers: 'hbh,hbh,hbh,hbh,dest'");
}

static void
test_misc_options(void **state)
{
	struct config c;

	(void)state;
	ok("-c 0 -e eth0 -H -N --send-eth --json -w out.pcap --user nobody "
	   "--no-progress --tcp-options mss=1400 x", &c);
	assert_int_equal(c.count.v, 0);
	assert_string_equal(c.iface, "eth0");
	assert_true(c.hide_sent && c.no_capture && c.json);
	assert_int_equal(c.send_pref, SEND_ETH);
	assert_string_equal(c.pcap_file, "out.pcap");
	assert_string_equal(c.user, "nobody");
	assert_int_equal(c.progress, 0);
	assert_string_equal(c.tcp_options, "mss=1400");
	config_free(&c);
	ok("-c rand --send-ip --progress x", &c);
	assert_true(c.count.random && c.count.v <= 1023);
	assert_int_equal(c.send_pref, SEND_IP);
	assert_int_equal(c.progress, 1);
	config_free(&c);
	ok("--bpf-filter tcp -N x", &c);
	assert_string_equal(c.warnings[0], "Warning: A custom BPF filter was "
			    "specified before disabling packet capture. BPF filter "
			    "will be ignored.");
	config_free(&c);
	ok("-N --bpf-filter tcp x", &c);
	assert_string_equal(c.warnings[0], "Warning: There is no point on "
			    "specifying a BPF filter if you disable packet capture. "
			    "BPF filter will be ignored.");
	config_free(&c);
	ok("--nsock-engine epoll x", &c);
	assert_int_equal(c.n_warnings, 1);
	config_free(&c);
	ok("--arp --send-ip x", &c);
	assert_string_equal(c.warnings[0], "Warning: ARP mode requires raw "
			    "ethernet frame transmission. Specified preference will "
			    "be ignored.");
	config_free(&c);
	err("-c -1 x", "-c: Packet count must be an integer greater than or equal "
	    "to 0.: '-1'");
	err("--count x x", "--count: Packet count must be an integer greater than "
	    "or equal to 0.: 'x'");
	err("-e <e> x", "-e: Invalid network interface supplied. Interface name "
	    "cannot be NULL.: ''");
	err("-e abcdefghijklmnop x", "-e: interface name is longer than 15 "
	    "characters: 'abcdefghijklmnop'");
	err("--nsock-engine foo x", "--nsock-engine: Unknown or non-available "
	    "engine: foo: 'foo'");
	err("--user <e> x", "--user: value is empty: ''");
}

static void
test_output_options(void **state)
{
	static const struct {
		const char *line;
		int v, d;
	} rows[] = {
		{ "-v x", 1, 0 }, { "-vv x", 2, 0 }, { "-v3 x", 3, 0 },
		{ "-v-4 x", -4, 0 }, { "-vvvvvvvv x", 4, 0 }, { "-q x", -1, 0 },
		{ "-qq x", -2, 0 }, { "-q3 x", -3, 0 }, { "-q0 x", 0, 0 },
		{ "-d x", 1, 1 }, { "-dd x", 2, 2 }, { "-d3 x", 3, 3 },
		{ "-d9 x", 4, 9 }, { "-v1 -d5 x", 1, 5 }, { "--quiet x", -4, 0 },
		{ "--debug x", 4, 9 }, { "-v --quiet x", -4, 0 },
		{ "--verbose=-2 x", -2, 0 }, { "-qqqqqq x", -4, 0 },
	};
	struct config c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		ok(rows[i].line, &c);
		if (c.verbosity != rows[i].v || c.debug != rows[i].d)
			fail_msg("'%s': v=%d d=%d", rows[i].line, c.verbosity, c.debug);
		config_free(&c);
	}
	err("-v5 x", "-v: Verbosity level must be an integer between -4 and +4.: '5'");
	err("-vx x", "-v: Invalid argument to -v: 'x'");
	err("-dx x", "-d: Invalid argument to -d: 'x'");
	err("-qx x", "-q: Invalid argument to -q: 'x'");
	err("-d10 x", "-d: Debugging level must be an integer between 0 and 9.: '10'");
	err("-q5 x", "-q: You can only reduce verbosity from level 0 to level -4.: '5'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_alias),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_tcp_flags),
		cmocka_unit_test(test_icmp_options),
		cmocka_unit_test(test_icmp_times),
		cmocka_unit_test(test_arp_options),
		cmocka_unit_test(test_ip_options),
		cmocka_unit_test(test_ethernet_options),
		cmocka_unit_test(test_payload_options),
		cmocka_unit_test(test_timing_options),
		cmocka_unit_test(test_echo_npecho_options),
		cmocka_unit_test(test_audit_and_ip6_ext),
		cmocka_unit_test(test_misc_options),
		cmocka_unit_test(test_output_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
