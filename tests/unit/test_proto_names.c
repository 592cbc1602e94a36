/* SPDX-License-Identifier: MIT */
/* Unit tests for the ICMPv4/ICMPv6 name tables (texts of doc/output.md §4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "proto/icmp4.h"
#include "proto/icmp6.h"

static void
test_icmp4_names(void **state)
{
	static const struct {
		uint8_t type;
		const char *name;
	} t[] = {
		{ 0, "Echo reply" }, { 3, "Destination unreachable" },
		{ 4, "Source quench" }, { 5, "Redirect" },
		{ 8, "Echo request" }, { 9, "Router advertisement" },
		{ 10, "Router solicitation" }, { 11, "Time exceeded" },
		{ 12, "Parameter problem" }, { 13, "Timestamp request" },
		{ 14, "Timestamp reply" }, { 15, "Information request" },
		{ 16, "Information reply" }, { 17, "Address mask request" },
		{ 18, "Address mask reply" }, { 30, "Traceroute" },
		{ 37, "Domain name request" }, { 38, "Domain name reply" },
		{ 40, "Security failures" }, { 1, "Unknown type" },
		{ 41, "Unknown type" }, { 255, "Unknown type" },
	};
	unsigned i, c;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_string_equal(icmp4_type_name(t[i].type), t[i].name);
	assert_string_equal(icmp4_code_name(3, 0), "Network unreachable");
	assert_string_equal(icmp4_code_name(3, 1), "Host unreachable");
	assert_string_equal(icmp4_code_name(3, 3), "Port unreachable");
	assert_string_equal(icmp4_code_name(3, 4), "Fragmentation required");
	assert_string_equal(icmp4_code_name(3, 13),
			    "Communication administratively prohibited by "
			    "filtering");
	assert_string_equal(icmp4_code_name(3, 15),
			    "Precedence cutoff in effect");
	for (c = 0; c < 16; c++)
		assert_non_null(icmp4_code_name(3, (uint8_t)c));
	assert_null(icmp4_code_name(3, 16));
	assert_string_equal(icmp4_code_name(5, 1), "Host redirect");
	assert_string_equal(icmp4_code_name(11, 0), "TTL=0 during transit");
	assert_string_equal(icmp4_code_name(11, 1),
			    "TTL=0 during reassembly");
	assert_null(icmp4_code_name(11, 2));
	assert_string_equal(icmp4_code_name(12, 2), "Bad length");
	assert_null(icmp4_code_name(8, 0));
	assert_true(icmp4_is_error(3) && icmp4_is_error(4) &&
		    icmp4_is_error(5) && icmp4_is_error(11) &&
		    icmp4_is_error(12));
	assert_false(icmp4_is_error(0) || icmp4_is_error(8) ||
		     icmp4_is_error(13) || icmp4_is_error(9));
}

static void
test_icmp6_names(void **state)
{
	(void)state;
	assert_string_equal(icmp6_type_name(1), "Destination unreachable");
	assert_string_equal(icmp6_type_name(2), "Packet too big");
	assert_string_equal(icmp6_type_name(128), "Echo request");
	assert_string_equal(icmp6_type_name(129), "Echo reply");
	assert_string_equal(icmp6_type_name(135), "Neighbor solicitation");
	assert_string_equal(icmp6_type_name(0), "Unknown type");
	assert_string_equal(icmp6_code_name(1, 4), "Port unreachable");
	assert_string_equal(icmp6_code_name(3, 0),
			    "Hop limit exceeded in transit");
	assert_null(icmp6_code_name(1, 7));
	assert_null(icmp6_code_name(128, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_icmp4_names),
		cmocka_unit_test(test_icmp6_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
