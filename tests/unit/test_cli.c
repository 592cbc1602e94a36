/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for cli_parse(): invocation rules (dashes, '=', prefixes,
 * short clusters, optional values), privilege and mode defaults, order
 * rules, the error line shape, and config_free().
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

/* Splits line on spaces into argv; the word "<e>" stands for "". */
static int
run(const char *line, const struct cli_env *env, struct config *c,
    struct errbuf *eb)
{
	static char buf[4096];
	char *argv[128], *tok, *save = NULL;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	argv[argc++] = "npecho";
	for (tok = strtok_r(buf, " ", &save); tok && argc < 127;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = strcmp(tok, "<e>") ? tok : (char *)"";
	argv[argc] = NULL;
	memset(eb, 0, sizeof(*eb));
	return cli_parse(argc, argv, env, c, eb);
}

static struct cli_env
env_of(bool root, uint64_t seed)
{
	struct cli_env e = { .is_root = root, .env_priv = -1, .seeded = true,
			     .seed = seed };
	return e;
}

static int
as_root(const char *line, struct config *c, struct errbuf *eb)
{
	struct cli_env e = env_of(true, 42);

	return run(line, &e, c, eb);
}

static int
as_user(const char *line, struct config *c, struct errbuf *eb)
{
	struct cli_env e = env_of(false, 42);

	return run(line, &e, c, eb);
}

/* Parses as root, expects success, returns the config (caller frees). */
static void
ok_root(const char *line, struct config *c)
{
	struct errbuf eb;
	int r = as_root(line, c, &eb);

	if (r != 0)
		fail_msg("'%s' failed: %s", line, eb.msg);
}

/* Parses as root, expects failure with exactly msg. */
static void
err_root(const char *line, const char *msg)
{
	struct config c;
	struct errbuf eb;
	int r = as_root(line, &c, &eb);

	if (r >= 0)
		fail_msg("'%s' was accepted", line);
	if (strcmp(eb.msg, msg))
		fail_msg("'%s':\n got  %s\n want %s", line, eb.msg, msg);
	config_free(&c);
}

static void
test_defaults_root_ipv4(void **state)
{
	struct config c;

	(void)state;
	ok_root("10.9.2.2", &c);
	assert_int_equal(c.action, ACTION_RUN);
	assert_int_equal(c.mode, MODE_ICMP);
	assert_false(c.mode_explicit);
	assert_int_equal(c.af, AF_INET);
	assert_true(c.privileged);
	assert_int_equal(c.n_targets, 1);
	assert_string_equal(c.targets[0], "10.9.2.2");
	assert_int_equal(c.icmp_type.v, 8);
	assert_int_equal(c.icmp_code.v, 0);
	assert_true(c.icmp_id.random);
	assert_false(c.icmp_seq.set);
	assert_int_equal(c.ttl.v, 64);
	assert_int_equal(c.tos.v, 0);
	assert_true(c.ip_id.random);
	assert_true(c.ip_id.v <= 65535);
	assert_true(c.flow.v <= 1048575);
	assert_int_equal(c.count.v, 5);
	assert_int_equal(c.delay_ns, 1000000000ULL);
	assert_false(c.flood);
	assert_int_equal(c.echo_port.v, 9929);
	assert_int_equal(c.win.v, 1480);
	assert_int_equal(c.tcp_flags.v, 0x02);
	assert_int_equal(c.ack.v, 0);
	assert_int_equal(c.ether_type.v, 0x0800);
	assert_int_equal(c.arp_op.v, 1);
	assert_int_equal(c.verbosity, 0);
	assert_int_equal(c.debug, 0);
	assert_int_equal(c.payload_kind, PAYLOAD_NONE);
	assert_int_equal(c.n_dports, 0);
	assert_int_equal(c.n_warnings, 0);
	assert_int_equal(c.progress, -1);
	config_free(&c);
}

static void
test_defaults_root_ipv6_tcp(void **state)
{
	struct config c;

	(void)state;
	ok_root("-6 ::1", &c);
	assert_int_equal(c.mode, MODE_TCP);
	assert_int_equal(c.af, AF_INET6);
	assert_int_equal(c.n_dports, 1);
	assert_int_equal(c.dports[0], 80);
	assert_true(c.sport.random);
	assert_true(c.sport.v >= 1024 && c.sport.v <= 65534);
	assert_true(c.seq.random);
	assert_int_equal(c.icmp_type.v, 128);
	assert_int_equal(c.ether_type.v, 0x86dd);
	config_free(&c);
}

static void
test_defaults_udp_and_tcp(void **state)
{
	struct config c;

	(void)state;
	ok_root("--udp x", &c);
	assert_int_equal(c.mode, MODE_UDP);
	assert_int_equal(c.dports[0], 40125);
	assert_int_equal(c.sport.v, 53);
	assert_false(c.sport.random);
	config_free(&c);
	ok_root("--tcp --flags ack x", &c);
	assert_int_equal(c.tcp_flags.v, 0x10);
	assert_true(c.ack.random); /* ACK set and no --ack: random */
	config_free(&c);
	ok_root("--tcp --flags ack --ack 7 x", &c);
	assert_int_equal(c.ack.v, 7);
	assert_false(c.ack.random);
	config_free(&c);
	ok_root("--tr x", &c);
	assert_true(c.traceroute);
	assert_int_equal(c.count.v, 48);
	config_free(&c);
	ok_root("--tr -c 3 x", &c);
	assert_int_equal(c.count.v, 3);
	config_free(&c);
}

static void
test_unprivileged_modes(void **state)
{
	static const char *const raw_only[] = {
		"--badsum-ip", "--ttl 3", "--hop-limit 3", "--tos 1", "--id 1",
		"--mf", "--df", "--evil", "-S 10.0.0.1", "--ip-options R",
		"--mtu 8", "-f", "--source-mac 0:1:2:3:4:5",
		"--dest-mac 0:1:2:3:4:5", "--ether-type arp", "--tr",
		"--bpf-filter udp",
	};
	struct config c;
	struct errbuf eb;
	char line[128];
	size_t i;

	(void)state;
	assert_int_equal(as_user("x", &c, &eb), 0);
	assert_int_equal(c.mode, MODE_TCP_CONNECT);
	assert_false(c.privileged);
	assert_int_equal(c.dports[0], 80);
	config_free(&c);
	assert_int_equal(as_user("-6 ::1", &c, &eb), 0);
	assert_int_equal(c.mode, MODE_TCP_CONNECT);
	config_free(&c);
	assert_int_equal(as_user("--udp x", &c, &eb), 0);
	assert_int_equal(c.mode, MODE_UDP_UNPRIV);
	assert_int_equal(c.dports[0], 40125);
	config_free(&c);
	for (i = 0; i < sizeof(raw_only) / sizeof(raw_only[0]); i++) {
		snprintf(line, sizeof(line), "--udp %s x", raw_only[i]);
		assert_true(as_user(line, &c, &eb) < 0);
		assert_non_null(strstr(eb.msg, "Mode UDP requires root privileges."));
		config_free(&c);
	}
	assert_true(as_user("--tcp x", &c, &eb) < 0);
	assert_string_equal(eb.msg, "--tcp: Mode TCP requires root privileges.");
	config_free(&c);
	assert_true(as_user("--netmask x", &c, &eb) < 0);
	assert_string_equal(eb.msg, "--netmask: Mode ICMP requires root privileges.");
	config_free(&c);
	assert_true(as_user("--arp x", &c, &eb) < 0);
	assert_string_equal(eb.msg, "--arp: Mode ARP requires root privileges.");
	config_free(&c);
	assert_true(as_user("--es pw", &c, &eb) < 0);
	assert_string_equal(eb.msg, "--echo-server: Echo mode requires root privileges.");
	config_free(&c);
	assert_true(as_user("--ec pw x", &c, &eb) < 0);
	assert_string_equal(eb.msg, "--echo-client: Echo mode requires root privileges.");
	config_free(&c);
}

static void
test_privilege_sources(void **state)
{
	struct cli_env e = env_of(false, 1);
	struct config c;
	struct errbuf eb;

	(void)state;
	e.env_priv = 1; /* NPING_PRIVILEGED */
	assert_int_equal(run("x", &e, &c, &eb), 0);
	assert_true(c.privileged);
	assert_int_equal(c.priv_from, PRIV_ENV);
	assert_int_equal(c.mode, MODE_ICMP);
	config_free(&c);
	e.is_root = true;
	e.env_priv = 0; /* NPING_UNPRIVILEGED beats euid */
	assert_int_equal(run("x", &e, &c, &eb), 0);
	assert_false(c.privileged);
	assert_int_equal(c.mode, MODE_TCP_CONNECT);
	config_free(&c);
	assert_int_equal(run("--privileged --tcp x", &e, &c, &eb), 0);
	assert_true(c.privileged);
	assert_int_equal(c.priv_from, PRIV_OPTION);
	config_free(&c);
	e.env_priv = -1;
	assert_int_equal(run("--unprivileged x", &e, &c, &eb), 0);
	assert_false(c.privileged);
	assert_int_equal(c.mode, MODE_TCP_CONNECT);
	config_free(&c);
	e.script_kiddie = true;
	assert_int_equal(run("x", &e, &c, &eb), 0);
	assert_true(c.evil);
	config_free(&c);
}

static void
test_seeded_randoms_repeat(void **state)
{
	struct cli_env a = env_of(true, 7), b = env_of(true, 8);
	struct config c1, c2, c3;
	struct errbuf eb;

	(void)state;
	assert_int_equal(run("--tcp x", &a, &c1, &eb), 0);
	assert_int_equal(run("--tcp x", &a, &c2, &eb), 0);
	assert_int_equal(run("--tcp x", &b, &c3, &eb), 0);
	assert_int_equal(c1.seq.v, c2.seq.v);
	assert_int_equal(c1.sport.v, c2.sport.v);
	assert_int_equal(c1.ip_id.v, c2.ip_id.v);
	assert_true(c1.seq.v != c3.seq.v || c1.ip_id.v != c3.ip_id.v);
	config_free(&c1);
	config_free(&c2);
	config_free(&c3);
}

static void
test_dashes_equals_prefixes(void **state)
{
	struct config c;

	(void)state;
	ok_root("-ttl 3 x", &c);
	assert_int_equal(c.ttl.v, 3);
	assert_true(c.ttl.set);
	config_free(&c);
	ok_root("--ttl=4 x", &c);
	assert_int_equal(c.ttl.v, 4);
	config_free(&c);
	ok_root("-ttl=5 x", &c);
	assert_int_equal(c.ttl.v, 5);
	config_free(&c);
	ok_root("--tt 6 x", &c);	/* unique prefix of --ttl */
	assert_int_equal(c.ttl.v, 6);
	config_free(&c);
	ok_root("--data-s hi x", &c);
	assert_int_equal(c.payload_kind, PAYLOAD_STRING);
	assert_memory_equal(c.payload, "hi", 2);
	config_free(&c);
	ok_root("-tcp x", &c);	/* exact name beats --tcp-connect prefix */
	assert_int_equal(c.mode, MODE_TCP);
	config_free(&c);
	ok_root("--tr x", &c);	/* exact --tr, though --traceroute also matches */
	assert_true(c.traceroute);
	config_free(&c);
	ok_root("--id 9 x", &c);	/* exact --id beats npecho --idle-timeout */
	assert_int_equal(c.ip_id.v, 9);
	config_free(&c);
}

static void
test_npecho_names_lose_prefixes(void **state)
{
	struct config c;

	(void)state;
	/* Nping abbreviations keep their meaning next to npecho's names. */
	ok_root("--echo-p 99 x", &c);
	assert_int_equal(c.echo_port.v, 99);
	config_free(&c);
	ok_root("--pr --tcp x", &c);
	assert_int_equal(c.priv_from, PRIV_OPTION);
	config_free(&c);
	ok_root("--tcp-c x", &c);
	assert_int_equal(c.mode, MODE_TCP_CONNECT);
	config_free(&c);
	/* An npecho name is still reachable by its own prefix. */
	ok_root("--tcp-o mss=1460 x", &c);
	assert_string_equal(c.tcp_options, "mss=1460");
	config_free(&c);
	ok_root("--js x", &c);
	assert_true(c.json);
	config_free(&c);
	err_root("--fl 1 x", "option '--fl' is ambiguous; possibilities: "
		 "'--flags' '--flow'");
}

static void
test_unknown_and_ambiguous(void **state)
{
	(void)state;
	err_root("--icmp-t 3 x", "option '--icmp-t' is ambiguous; possibilities: "
		 "'--icmp-type' '--icmp-trans-time'");
	err_root("--bogus-option x", "unrecognized option '--bogus-option'");
	err_root("-Z x", "unrecognized option '-Z'");
	err_root("-NZ x", "invalid option -- 'Z'");
	err_root("--ttl", "option '--ttl' requires an argument");
	err_root("-c", "option requires an argument -- 'c'");
	err_root("--tcp=1 x", "option '--tcp' doesn't allow an argument");
	err_root("-4 --max-s 3 x", "option '--max-s' is ambiguous; possibilities: "
		 "'--max-sessions' '--max-sessions-per-addr' "
		 "'--max-sessions-per-net'");
}

static void
test_short_options(void **state)
{
	struct config c;

	(void)state;
	ok_root("--tcp -p80 -c1 -g 2000 x", &c);
	assert_int_equal(c.dports[0], 80);
	assert_int_equal(c.count.v, 1);
	assert_int_equal(c.sport.v, 2000);
	assert_true(c.sport.set);
	config_free(&c);
	ok_root("-NH -e lo x", &c);	/* clustered flags */
	assert_true(c.no_capture);
	assert_true(c.hide_sent);
	assert_string_equal(c.iface, "lo");
	config_free(&c);
	ok_root("-Slo.example -4 x", &c);
	assert_string_equal(c.source_ip.str, "lo.example");
	assert_false(c.source_ip.resolved);
	config_free(&c);
	ok_root("-vvv x", &c);
	assert_int_equal(c.verbosity, 3);
	config_free(&c);
	ok_root("-v -v x", &c);
	assert_int_equal(c.verbosity, 2);
	config_free(&c);
	ok_root("-K junk -P junk x", &c);	/* in Nping's string, ignored */
	assert_int_equal(c.n_targets, 1);
	config_free(&c);
}

static void
test_optional_values_and_targets(void **state)
{
	struct config c;
	struct errbuf eb;

	(void)state;
	ok_root("--verbose=2 x", &c);
	assert_int_equal(c.verbosity, 2);
	config_free(&c);
	/* An optional value is never taken from the next word. */
	assert_true(as_root("--verbose 2", &c, &eb) < 0);
	assert_string_equal(eb.msg, "Your host specifications are illegal!: '2'");
	config_free(&c);
	ok_root("a.example --tcp b.example -- c.example", &c);
	assert_int_equal(c.n_targets, 3);
	assert_string_equal(c.targets[0], "a.example");
	assert_string_equal(c.targets[1], "b.example");
	assert_string_equal(c.targets[2], "c.example");
	config_free(&c);
	/* after "--" an option-looking word is a target (here an illegal one) */
	assert_true(as_root("x -- -c", &c, &eb) < 0);
	assert_string_equal(eb.msg, "Your host specifications are illegal!: '-c'");
	config_free(&c);
	ok_root("x --dest-ip 10.0.0.7 y", &c);
	assert_int_equal(c.n_targets, 3);
	assert_string_equal(c.targets[1], "10.0.0.7");
	config_free(&c);
	/* A required value may start with a dash. */
	ok_root("--tcp -p -100 x", &c);
	assert_int_equal(c.n_dports, 100);
	config_free(&c);
}

static void
test_actions(void **state)
{
	struct config c;
	struct errbuf eb;
	char *argv0[] = { "npecho", NULL };

	(void)state;
	ok_root("-h", &c);
	assert_int_equal(c.action, ACTION_HELP);
	config_free(&c);
	/* -h stops parsing: later junk is not looked at. */
	ok_root("--help --bogus", &c);
	assert_int_equal(c.action, ACTION_HELP);
	config_free(&c);
	ok_root("-V", &c);
	assert_int_equal(c.action, ACTION_VERSION);
	config_free(&c);
	ok_root("--vers", &c);
	assert_int_equal(c.action, ACTION_VERSION);
	config_free(&c);
	assert_int_equal(cli_parse(1, argv0, NULL, &c, &eb), 0);
	assert_int_equal(c.action, ACTION_NOARGS);
	config_free(&c);
	/* an error before -h still wins, as with getopt */
	err_root("--ttl 300 -h", "--ttl: TTL option must be a number between 0 "
		 "and 255 (inclusive): '300'");
	assert_non_null(strstr(cli_version(), "npecho"));
}

static void
test_mode_conflicts_and_order(void **state)
{
	struct config c;

	(void)state;
	err_root("--tcp --udp x", "--udp: Cannot specify more than one probe mode. "
		 "Choose either UDP or TCP.");
	err_root("--icmp --arp x", "--arp: Cannot specify more than one probe mode. "
		 "Choose either ARP or ICMP.");
	err_root("--tcp-connect --icmp x", "--icmp: Cannot specify more than one "
		 "probe mode. Choose either ICMP or TCP-Connect.");
	err_root("--tcp --echo-request x", "--echo-request: Cannot specify more "
		 "than one probe mode. Choose either ICMP or TCP.");
	err_root("--tcp --icmp-type 8 x", "--icmp-type: You cannot specify mode "
		 "TCP if you want to send ICMP messages.");
	err_root("--udp --icmp-code 1 x", "--icmp-code: You cannot specify mode "
		 "UDP if you want to send ICMP messages.");
	err_root("--udp --arp-type arp-reply x", "--arp-type: You cannot specify "
		 "mode UDP if you want to send ARP messages.");
	err_root("--arp-type arp --tcp x", "--tcp: Cannot specify more than one "
		 "probe mode. Choose either TCP or ARP.");
	/* Order matters: the ICMP option came before the mode. */
	ok_root("--icmp-type 13 --tcp x", &c);
	assert_int_equal(c.mode, MODE_TCP);
	config_free(&c);
	ok_root("--tcp --tcp x", &c);	/* same mode twice is fine */
	assert_int_equal(c.mode, MODE_TCP);
	config_free(&c);
	ok_root("--tr --arp x", &c);	/* accepted, ignored */
	assert_false(c.traceroute);
	config_free(&c);
	err_root("-6 --arp x", "-6: Sorry, ARP does not support IPv6 and Nping "
		 "does not yet support NDP.");
	err_root("--icmp -p 80 x", "-p: You cannot use -p (explicit port selection) "
		 "in your current scan mode. (Perhaps you meant to use --tcp or --udp)");
	err_root("--arp --dest-port 80 x", "-p: You cannot use -p (explicit port "
		 "selection) in your current scan mode. (Perhaps you meant to use "
		 "--tcp or --udp)");
	err_root("-c1", "No targets were specified, so 0 hosts pinged.");
}

static void
test_echo_rules(void **state)
{
	struct config c;
	uint64_t seed;

	(void)state;
	ok_root("--echo-client secret 10.0.0.1", &c);
	assert_int_equal(c.echo, ECHO_CLIENT);
	assert_int_equal(c.mode, MODE_ICMP); /* echo client default mode */
	assert_string_equal(c.echo_passphrase, "secret");
	config_free(&c);
	ok_root("--ec s --tcp --ep 1000 --nc 10.0.0.1", &c);
	assert_int_equal(c.echo_port.v, 1000);
	assert_true(c.no_crypto);
	config_free(&c);
	ok_root("--es s --once --safe-payloads", &c);
	assert_int_equal(c.echo, ECHO_SERVER);
	assert_int_equal(c.mode, MODE_NONE);
	assert_true(c.once);
	assert_true(c.safe_payloads);
	config_free(&c);
	ok_root("--echo-server s --safe-payloads --include-payloads", &c);
	assert_false(c.safe_payloads);
	config_free(&c);
	err_root("--echo-client x", "--echo-client: No echo server was specified.");
	err_root("--ec x a b", "--echo-client: the echo client takes exactly one "
		 "target (the echo server): 'b'");
	err_root("--ec x --arp a", "--echo-client: The echo client can't be run "
		 "with protocols other than TCP, UDP or ICMP.");
	err_root("--ec x --tcp-connect a", "--echo-client: The echo client can't "
		 "be run with protocols other than TCP, UDP or ICMP.");
	err_root("--ec x --tcp -p 9929 a", "-p: Packets can't be sent to the same "
		 "port that is used to connect to the echo server (9929)");
	err_root("--ec x --tcp -g 9929 a", "-g: Packets can't be sent from the "
		 "same port that is used to connect to the echo server (9929)");
	err_root("--ec x --tcp --ep 80 a", "-p: Packets can't be sent to the same "
		 "port that is used to connect to the echo server (80)");
	err_root("--es x --ec y a", "--ec: cannot run as echo client and echo "
		 "server at the same time");
	err_root("--echo-port 0 x", "--echo-port: Invalid echo port. Port can't "
		 "be zero.: '0'");
	err_root("--echo-port 70000 x", "--echo-port: Invalid echo port. Value "
		 "must be 0<N<2^16.: '70000'");
	/* The random TCP source port never lands on the echo port. */
	for (seed = 0; seed < 300; seed++) {
		struct cli_env e = env_of(true, seed);
		struct errbuf eb;

		assert_int_equal(run("--ec x --tcp --ep 1024 -p 1 a", &e, &c, &eb), 0);
		assert_int_not_equal(c.sport.v, 1024);
		config_free(&c);
	}
}

static void
test_ipv6_paths(void **state)
{
	struct config c;

	(void)state;
	err_root("-6 --flow 5 ::1", "-6: If you want to control some of the "
		 "fields in the IPv6 header you also have to supply source and "
		 "destination MAC address (with --send-eth)");
	err_root("-6 --send-eth ::1", "--send-eth: You requested raw ethernet "
		 "level transmission and IPv6. In this case, you need to supply "
		 "source MAC address, destination MAC address and IPv6 source "
		 "address.");
	err_root("-6 --send-ip -S ::1 ::1", "--send-ip: You requested raw IP "
		 "transmission mode for IPv6. IPv6 header fields can't be set on "
		 "raw IPv6 sockets (RFC 2292). Please use raw Ethernet "
		 "transmission (option --send-eth)");
	err_root("-S ::1 x", "-S: Could not resolve source IPv4 address.: '::1'");
	err_root("-6 -S 10.0.0.1 --send-eth --source-mac 0:1:2:3:4:5 "
		 "--dest-mac bcast ::1",
		 "-S: Could not resolve source IPv6 address.: '10.0.0.1'");
	err_root("-S 999.1.1.1 x", "-S: Could not resolve source IPv4 address.: "
		 "'999.1.1.1'");
	ok_root("-6 --send-eth -S ::2 --source-mac 0:1:2:3:4:5 --dest-mac "
		"bcast --tc 3 --flow 0x12345 --hop-limit 9 ::1", &c);
	assert_int_equal(c.af, AF_INET6);
	assert_int_equal(c.source_ip.af, AF_INET6);
	assert_int_equal(c.traffic_class.v, 3);
	assert_int_equal(c.flow.v, 0x12345);
	assert_false(c.flow.random);
	assert_int_equal(c.ttl.v, 9);
	config_free(&c);
	/* -6 without header options goes through the kernel: fine. */
	ok_root("-6 --icmp ::1", &c);
	assert_int_equal(c.icmp_type.v, 128);
	config_free(&c);
}

/* Every rejected line gives one line "option: what[: 'value']". */
static void
test_error_line_shape(void **state)
{
	static const char *const bad[] = {
		"--ttl 256 x", "--tos 1e x", "--id 65536 x", "--seq -1 x",
		"--ack x x", "--win 65536 x", "-g 65536 x", "--flags syn,foo x",
		"--icmp-type foo x", "--icmp-code 300 x", "--mtu 13 x",
		"--tc 256 x", "--flow x x", "--data 0xzz x", "--delay abc x",
		"--rate x x", "-c -1 x", "-e <e> x", "-v5 x", "-dx x",
		"--arp-sender-mac 11:22 x", "--dest-mac 11:22:33 x",
		"--ether-type foo x", "--data-length x x", "--hop-limit 300 x",
		"--icmp-id 70000 x", "--count\001 x", "--data-string \x01\x02 -c x x",
	};
	struct config c;
	struct errbuf eb;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_true(as_root(bad[i], &c, &eb) < 0);
		assert_null(strchr(eb.msg, '\n'));
		assert_true(strlen(eb.msg) > 4);
		assert_true(eb.msg[0] == '-' || !strncmp(eb.msg, "option", 6) ||
			    !strncmp(eb.msg, "unrecognized", 12));
		for (const char *p = eb.msg; *p; p++)
			assert_true(*p >= 0x20 && *p < 0x7f);
		config_free(&c);
	}
}

static void
test_config_free(void **state)
{
	struct config c;

	(void)state;
	config_free(NULL);
	ok_root("--icmp-advert-entry 1.2.3.4,5 --icmp-redirect-addr b.example "
		"--ec pw --tcp --data 0x0102 -S a.example "
		" --ip-options R -e lo --bpf-filter tcp "
		"-w f.pcap --user nobody --tcp-options nop --nsock-engine epoll "
		"--echo-passphrase-file /p 10.0.0.1", &c);
	assert_int_equal(c.n_icmp_adverts, 1);
	assert_true(c.n_warnings >= 1);
	config_free(&c);
	assert_null(c.targets);
	assert_null(c.payload);
	assert_null(c.echo_passphrase);
	config_free(&c);	/* twice is harmless: it was zeroed */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_root_ipv4),
		cmocka_unit_test(test_defaults_root_ipv6_tcp),
		cmocka_unit_test(test_defaults_udp_and_tcp),
		cmocka_unit_test(test_unprivileged_modes),
		cmocka_unit_test(test_privilege_sources),
		cmocka_unit_test(test_seeded_randoms_repeat),
		cmocka_unit_test(test_dashes_equals_prefixes),
		cmocka_unit_test(test_npecho_names_lose_prefixes),
		cmocka_unit_test(test_unknown_and_ambiguous),
		cmocka_unit_test(test_short_options),
		cmocka_unit_test(test_optional_values_and_targets),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_mode_conflicts_and_order),
		cmocka_unit_test(test_echo_rules),
		cmocka_unit_test(test_ipv6_paths),
		cmocka_unit_test(test_error_line_shape),
		cmocka_unit_test(test_config_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
