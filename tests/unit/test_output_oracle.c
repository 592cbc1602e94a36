/* SPDX-License-Identifier: MIT */
/*
 * Acceptance test for output/describe against real Nping 0.7.93 output.
 *
 * Every case below is one SENT or RCVD line printed by Debian's
 * /usr/bin/nping 0.7.93 (run as root in two private network namespaces,
 * 10.77.0.1 -> 10.77.0.2, 2026-11-23) together with the bytes of the very
 * packet that line describes: the -vvv hexdump Nping printed under it for
 * HIGH detail, and for LOW/MEDIUM detail the packet tcpdump captured on the
 * wire during the same run.  The cases cover TCP flags, IP flags, IPv4
 * options (RR, TS, TS with addresses, LSRR, SSRR, SI, bad pointers,
 * unknown options), every ICMPv4 type of the table and the short forms,
 * IPv6 TCP/UDP/ICMPv6 (Nping building the IPv6 header with --send-eth) and
 * ARP.
 * The lines are compared whole, byte for byte, none of them differing
 * from Nping's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "output/describe.h"
#include "test_output_pkt.h"

struct oracle_case {
	enum detail lv;
	const char *dump;
	const char *line;
};

static const struct oracle_case cases[] = {
	{ DETAIL_HIGH,
	  "0000   45 00 00 28 34 80 00 00  40 06 31 b4 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 89 75 00 50  3a 84 77 4a 00 00 00 00\n"
	  "0020   50 02 05 c8 59 ea 00 00\n"
	  , "TCP [10.77.0.1:35189 > 10.77.0.2:80 S seq=981759818 ack=0 off=5 res=0 win=1480 csum=0x59EA urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=13440 foff=0 ttl=64 proto=6 csum=0x31b4]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 28 00 00 40 00  40 06 26 34 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 00 50 89 75  00 00 00 00 3a 84 77 4b\n"
	  "0020   50 14 00 00 5f 9f 00 00\n"
	  , "TCP [10.77.0.2:80 > 10.77.0.1:35189 RA seq=0 ack=981759819 off=5 res=0 win=0 csum=0x5F9F urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=0 flg=D foff=0 ttl=64 proto=6 csum=0x2634]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 28 37 c1 00 00  40 06 2e 73 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 b8 b3 00 51  9d 37 9a 5b 6a f2 ff f8\n"
	  "0020   50 ff 05 c8 38 fe 00 00\n"
	  , "TCP [10.77.0.1:47283 > 10.77.0.2:81 SFRPAUEC seq=2637666907 ack=1794310136 off=5 res=0 win=1480 csum=0x38FE urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=14273 foff=0 ttl=64 proto=6 csum=0x2e73]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 28 58 d1 00 00  40 06 0d 63 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 86 f4 00 51  e4 82 00 4c 00 00 00 00\n"
	  "0020   50 00 05 c8 29 6c 00 00\n"
	  , "TCP [10.77.0.1:34548 > 10.77.0.2:81  seq=3833725004 ack=0 off=5 res=0 win=1480 csum=0x296C urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=22737 foff=0 ttl=64 proto=6 csum=0x0d63]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 28 00 00 40 00  40 06 26 34 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 00 51 86 f4  00 00 00 00 e4 82 00 4c\n"
	  "0020   50 14 00 00 2f 20 00 00\n"
	  , "TCP [10.77.0.2:81 > 10.77.0.1:34548 RA seq=0 ack=3833725004 off=5 res=0 win=0 csum=0x2F20 urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=0 flg=D foff=0 ttl=64 proto=6 csum=0x2634]" },
	{ DETAIL_HIGH,
	  "0000   45 10 00 28 10 92 e0 00  07 06 ae 91 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 a3 66 00 16  e4 60 bd 0e 00 00 00 00\n"
	  "0020   50 02 05 c8 50 92 00 00\n"
	  , "TCP [10.77.0.1:41830 > 10.77.0.2:22 S seq=3831545102 ack=0 off=5 res=0 win=1480 csum=0x5092 urp=0] IP [ver=4 ihl=5 tos=0x10 iplen=40 id=4242 flg=xDM foff=0+ ttl=7 proto=6 csum=0xae91]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 05 71 00 00  40 11 60 c4 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 00 35 1e 61  00 08 cc ab\n"
	  , "UDP [10.77.0.1:53 > 10.77.0.2:7777 len=8 csum=0xCCAB] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=1393 foff=0 ttl=64 proto=17 csum=0x60c4]" },
	{ DETAIL_HIGH,
	  "0000   45 c0 00 38 ec d6 00 00  40 01 78 92 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 03 03 11 b3  00 00 00 00 45 00 00 1c\n"
	  "0020   05 71 00 00 40 11 60 c4  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 1e 61 00 08 cc ab\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Port unreachable (type=3/code=3) ] IP [ver=4 ihl=5 tos=0xc0 iplen=56 id=60630 foff=0 ttl=64 proto=1 csum=0x7892]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1f 1c 23 00 00  40 11 4a 0f 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 00 35 9c 40  00 0b 8a 63 61 62 63\n"
	  , "UDP [10.77.0.1:53 > 10.77.0.2:40000 len=11 csum=0x8A63] IP [ver=4 ihl=5 tos=0x00 iplen=31 id=7203 foff=0 ttl=64 proto=17 csum=0x4a0f]" },
	{ DETAIL_HIGH,
	  "0000   45 c0 00 3b ec ef 00 00  40 01 78 76 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 03 03 11 b6  00 00 00 00 45 00 00 1f\n"
	  "0020   1c 23 00 00 40 11 4a 0f  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c 40 00 0b 8a 63  61 62 63\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Port 40000 unreachable (type=3/code=3) ] IP [ver=4 ihl=5 tos=0xc0 iplen=59 id=60655 foff=0 ttl=64 proto=1 csum=0x7876]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c a8 8e 00 00  40 01 bd b6 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 08 00 92 15  65 e9 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=26089 seq=1] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=43150 foff=0 ttl=64 proto=1 csum=0xbdb6]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c ed 1e 00 00  40 01 79 26 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 00 00 9a 15  65 e9 00 01\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Echo reply (type=0/code=0) id=26089 seq=1] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=60702 foff=0 ttl=64 proto=1 csum=0x7926]" },
	{ DETAIL_HIGH,
	  "0000   4f 00 00 44 b8 35 00 00  40 01 7b dc 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 01 07 27 04  00 00 00 00 00 00 00 00\n"
	  "0020   00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00\n"
	  "0030   00 00 00 00 00 00 00 00  00 00 00 00 08 00 29 f9\n"
	  "0040   ce 05 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=52741 seq=1] IP [ver=4 ihl=15 tos=0x00 iplen=68 id=47157 foff=0 ttl=64 proto=1 csum=0x7bdc ipopts={ NOP RR{#0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0}}]" },
	{ DETAIL_HIGH,
	  "0000   4f 00 00 44 ed 55 00 00  40 01 bd 8b 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 07 27 0c 0a  4d 00 02 0a 4d 00 02 00\n"
	  "0020   00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00\n"
	  "0030   00 00 00 00 00 00 00 00  00 00 00 00 00 00 31 f9\n"
	  "0040   ce 05 00 01\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Echo reply (type=0/code=0) id=52741 seq=1] IP [ver=4 ihl=15 tos=0x00 iplen=68 id=60757 foff=0 ttl=64 proto=1 csum=0xbd8b ipopts={ RR{ 10.77.0.2 10.77.0.2#0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0} EOL}]" },
	{ DETAIL_HIGH,
	  "0000   4f 00 00 44 5d 25 00 00  40 01 b5 cf 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 44 28 05 00  00 00 00 00 00 00 00 00\n"
	  "0020   00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00\n"
	  "0030   00 00 00 00 00 00 00 00  00 00 00 00 08 00 04 ee\n"
	  "0040   f3 10 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=62224 seq=1] IP [ver=4 ihl=15 tos=0x00 iplen=68 id=23845 foff=0 ttl=64 proto=1 csum=0xb5cf ipopts={ TM{[0 hosts not recorded]#0 0 0 0 0 0 0 0 0 }}]" },
	{ DETAIL_HIGH,
	  "0000   4f 00 00 44 ed 83 00 00  40 01 3e 6a 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 44 28 0d 00  02 05 6d 7e 02 05 6d 7e\n"
	  "0020   00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00\n"
	  "0030   00 00 00 00 00 00 00 00  00 00 00 00 00 00 0c ee\n"
	  "0040   f3 10 00 01\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Echo reply (type=0/code=0) id=62224 seq=1] IP [ver=4 ihl=15 tos=0x00 iplen=68 id=60803 foff=0 ttl=64 proto=1 csum=0x3e6a ipopts={ TM{[0 hosts not recorded] 33910142 33910142#0 0 0 0 0 0 0 }}]" },
	{ DETAIL_HIGH,
	  "0000   4e 00 00 40 0b 37 00 00  40 01 08 c5 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 44 24 05 01  00 00 00 00 00 00 00 00\n"
	  "0020   00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00\n"
	  "0030   00 00 00 00 00 00 00 00  08 00 0c b1 eb 4d 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=60237 seq=1] IP [ver=4 ihl=14 tos=0x00 iplen=64 id=2871 foff=0 ttl=64 proto=1 csum=0x08c5 ipopts={ TM{[0 hosts not recorded]#0.0.0.0@0 0.0.0.0@0 0.0.0.0@0 0.0.0.0@0 }}]" },
	{ DETAIL_HIGH,
	  "0000   4e 00 00 40 ed 9b 00 00  40 01 21 01 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 44 24 15 01  0a 4d 00 02 02 05 6e 5b\n"
	  "0020   0a 4d 00 02 02 05 6e 5b  00 00 00 00 00 00 00 00\n"
	  "0030   00 00 00 00 00 00 00 00  00 00 14 b1 eb 4d 00 01\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Echo reply (type=0/code=0) id=60237 seq=1] IP [ver=4 ihl=14 tos=0x00 iplen=64 id=60827 foff=0 ttl=64 proto=1 csum=0x2101 ipopts={ TM{[0 hosts not recorded] 10.77.0.2@33910363 10.77.0.2@33910363#0.0.0.0@0 0.0.0.0@0 }}]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 6c 07 00 00  40 01 fa 3d 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 fc fc  00 00 00 00\n"
	  , "ICMP 10.77.0.1 > 10.77.0.2 Destination unreachable (original datagram missing) (type=3/code=3) ver=4 ihl=5 tos=0x00 iplen=28 id=27655 foff=0 ttl=64 proto=1 csum=0xfa3d" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 30 93 ea 00 00  40 01 d2 46 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 01 64 2a  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Host 10.77.0.2 unreachable (type=3/code=1) ] IP [ver=4 ihl=5 tos=0x00 iplen=48 id=37866 foff=0 ttl=64 proto=1 csum=0xd246]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 36 94 be 00 00  40 01 d1 6c 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 c7 2d  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Port unreachable (type=3/code=3) ] IP [ver=4 ihl=5 tos=0x00 iplen=54 id=38078 foff=0 ttl=64 proto=1 csum=0xd16c]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 39 36 5c 00 00  40 01 2f cc 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 d1 56  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08 4b d6  aa\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Port 40125 unreachable (type=3/code=3) ] IP [ver=4 ihl=5 tos=0x00 iplen=57 id=13916 foff=0 ttl=64 proto=1 csum=0x2fcc]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 31 80 6c 00 00  40 01 e5 c3 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 64 28  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Port unreachable (type=3/code=3) ] IP [ver=4 ihl=5 tos=0x00 iplen=49 id=32876 foff=0 ttl=64 proto=1 csum=0xe5c3]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 3a 34 6f 00 00  40 01 31 b8 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 02 d0 8f  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 2f 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08 4b d6  aa aa\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Protocol 47 unreachable (type=3/code=2) ] IP [ver=4 ihl=5 tos=0x00 iplen=58 id=13423 foff=0 ttl=64 proto=1 csum=0x31b8]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 3a c6 20 00 00  40 01 a0 06 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 d0 8e  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 2f 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08 4b d6  aa aa\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Port unreachable (unknown protocol 47) (type=3/code=3) ] IP [ver=4 ihl=5 tos=0x00 iplen=58 id=50720 foff=0 ttl=64 proto=1 csum=0xa006]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 36 11 1b 00 00  40 01 55 10 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 04 c7 2c  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Fragmentation required (type=3/code=4) Next-Hop-MTU=0] IP [ver=4 ihl=5 tos=0x00 iplen=54 id=4379 foff=0 ttl=64 proto=1 csum=0x5510]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 36 07 f2 00 00  40 01 5e 39 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 f7 2d  00 00 00 00 15 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08\n"
	  , "ICMP 10.77.0.1 > 10.77.0.2 Destination unreachable (bogus original datagram) (type=3/code=3) ver=4 ihl=5 tos=0x00 iplen=54 id=2034 foff=0 ttl=64 proto=1 csum=0x5e39" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1e da ae 00 00  40 01 8b 94 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 00 b7 ff  00 00 00 00 45 00\n"
	  , "ICMP 10.77.0.1 > 10.77.0.2 Destination unreachable (part of original datagram missing) (type=3/code=0) ver=4 ihl=5 tos=0x00 iplen=30 id=55982 foff=0 ttl=64 proto=1 csum=0x8b94" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 36 c1 6c 00 00  40 01 a4 be 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 11 c7 1f  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Destination unreachable (unknown code) (type=3/code=17) ] IP [ver=4 ihl=5 tos=0x00 iplen=54 id=49516 foff=0 ttl=64 proto=1 csum=0xa4be]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c b2 e6 00 00  40 01 b3 5e 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0b 01 f4 fe  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 TTL=0 during reassembly (type=11/code=1) ] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=45798 foff=0 ttl=64 proto=1 csum=0xb35e]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 20 11 00 00  40 01 46 34 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0b 05 f4 fa  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 TTL exceeded (unknown code) (type=11/code=5) ] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=8209 foff=0 ttl=64 proto=1 csum=0x4634]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 52 fe 00 00  40 01 13 47 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0c 01 ec fe  07 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Parameter problem (option missing) (type=12/code=1) pointer=7] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=21246 foff=0 ttl=64 proto=1 csum=0x1347]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 4b f7 00 00  40 01 1a 4e 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0c 02 f3 fd  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Parameter problem (bad length) (type=12/code=2) pointer=0] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=19447 foff=0 ttl=64 proto=1 csum=0x1a4e]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c dd 68 00 00  40 01 88 dc 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0c 09 f3 f6  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Parameter problem (unknown code) (type=12/code=9) pointer=0] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=56680 foff=0 ttl=64 proto=1 csum=0x88dc]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 6d 49 00 00  40 01 f8 fb 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 05 00 ef b4  0a 4d 00 fe\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Network redirect (type=5/code=0) addr=10.77.0.254] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=27977 foff=0 ttl=64 proto=1 csum=0xf8fb]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c c4 ac 00 00  40 01 a1 98 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 05 07 ef ad  0a 4d 00 fe\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Redirect (unknown code) (type=5/code=7) addr=10.77.0.254] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=50348 foff=0 ttl=64 proto=1 csum=0xa198]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 33 80 00 00  40 01 32 c5 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 09 10 f6 ed  00 02 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Router advertisement (Mobile Agent Only) (type=9/code=16) addrs=0 addrlen=2 lifetime=0] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=13184 foff=0 ttl=64 proto=1 csum=0x32c5]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 1e 83 00 00  40 01 47 c2 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0a 00 f5 ff  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Router solicitation (type=10/code=0) ] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=7811 foff=0 ttl=64 proto=1 csum=0x47c2]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 28 8a 8a 00 00  40 01 db ae 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0d 00 fa 1f  f8 de 00 01 00 00 00 00\n"
	  "0020   00 00 00 00 00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Timestamp request (type=13/code=0) id=63710 seq=1 orig=0 recv=0 trans=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=35466 foff=0 ttl=64 proto=1 csum=0xdbae]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 28 fb 6f 00 00  40 01 6a c9 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 0e 00 66 2e  f8 de 00 01 00 00 00 00\n"
	  "0020   02 05 c7 73 02 05 c7 73\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Timestamp reply (type=14/code=0) id=63710 seq=1 orig=0 recv=33933171 trans=33933171] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=64367 foff=0 ttl=64 proto=1 csum=0x6ac9]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 28 30 d4 00 00  40 01 35 65 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0e 00 94 07  5d f7 00 01 00 00 00 00\n"
	  "0020   00 00 00 00 00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Timestamp reply (type=14/code=0) id=24055 seq=1 orig=0 recv=0 trans=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=12500 foff=0 ttl=64 proto=1 csum=0x3565]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 12 de 00 00  40 01 53 67 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0f 00 f0 ff  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Information request (type=15/code=0) id=0 seq=0] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=4830 foff=0 ttl=64 proto=1 csum=0x5367]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 1d 1e 00 00  40 01 49 27 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 10 00 ef ff  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Information reply (type=16/code=0) id=0 seq=0] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=7454 foff=0 ttl=64 proto=1 csum=0x4927]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 20 34 ce 00 00  40 01 31 73 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 11 00 ee ff  00 00 00 00 00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Address mask request (type=17/code=0) id=0 seq=0 mask=0.0.0.0] IP [ver=4 ihl=5 tos=0x00 iplen=32 id=13518 foff=0 ttl=64 proto=1 csum=0x3173]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 20 3e 26 00 00  40 01 28 1b 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 12 00 ed ff  00 00 00 00 00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Address mask reply (type=18/code=0) id=0 seq=0 mask=0.0.0.0] IP [ver=4 ihl=5 tos=0x00 iplen=32 id=15910 foff=0 ttl=64 proto=1 csum=0x281b]" },
	{ DETAIL_HIGH,
	  "0000   45 d0 00 40 fc 55 00 00  40 01 68 fb 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 0b 01 5a 48  00 00 00 00 45 10 00 28\n"
	  "0020   10 92 e0 00 07 06 ae 91  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   a3 66 00 16 e4 60 bd 0e  00 00 00 00 50 02 05 c8\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 TTL=0 during reassembly (type=11/code=1) ] IP [ver=4 ihl=5 tos=0xd0 iplen=64 id=64597 foff=0 ttl=64 proto=1 csum=0x68fb]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c a7 1b 00 00  40 01 bf 29 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 04 00 fb ff  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Source quench (type=4/code=0) ] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=42779 foff=0 ttl=64 proto=1 csum=0xbf29]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 28 51 dc 00 00  40 01 14 5d 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 1e 00 e1 ff  00 00 00 00 00 00 00 00\n"
	  "0020   00 00 00 00 00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Traceroute (type=30/code=0) ] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=20956 foff=0 ttl=64 proto=1 csum=0x145d]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 41 ac 00 00  40 01 24 99 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 25 00 da ff  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Domain name request (type=37/code=0) ] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=16812 foff=0 ttl=64 proto=1 csum=0x2499]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 1b ca 00 00  40 01 4a 7b 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 26 00 d9 ff  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Domain name reply (type=38/code=0) ] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=7114 foff=0 ttl=64 proto=1 csum=0x4a7b]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 53 13 00 00  40 01 13 32 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 28 00 d7 ff  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Security failures (type=40/code=0) ] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=21267 foff=0 ttl=64 proto=1 csum=0x1332]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 28 23 00 00  40 01 3e 22 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 29 00 d6 ff  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Unknown type (type=41/code=0) ] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=10275 foff=0 ttl=64 proto=1 csum=0x3e22]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c a6 08 00 00  40 01 c0 3c 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 00 00 ff ef  00 07 00 09\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo reply (type=0/code=0) id=7 seq=9] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=42504 foff=0 ttl=64 proto=1 csum=0xc03c]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 50 ea 24 00 00  40 06 7b e7 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 04 7e 00 50  59 55 e8 1d 00 00 00 00\n"
	  "0020   50 02 05 c8 cb 6d 00 00  9c 47 8c 6e 59 5b ca 52\n"
	  "0030   83 d6 9a dc 4a 36 43 3e  e5 e1 37 3e ad 15 6f e4\n"
	  "0040   62 48 bb a6 f0 4e b8 a2  8c a3 49 34 27 ba 8c 8e\n"
	  , "TCP [10.77.0.1:1150 > 10.77.0.2:80 S seq=1498802205 ack=0 off=5 res=0 win=1480 csum=0xCB6D urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=80 id=59940 foff=0 ttl=64 proto=6 csum=0x7be7]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 28 00 00 40 00  40 06 26 34 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 00 50 04 7e  00 00 00 00 59 55 e8 46\n"
	  "0020   50 14 00 00 54 ca 00 00\n"
	  , "TCP [10.77.0.2:80 > 10.77.0.1:1150 RA seq=0 ack=1498802246 off=5 res=0 win=0 csum=0x54CA urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=0 flg=D foff=0 ttl=64 proto=6 csum=0x2634]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 44 b1 98 00 00  40 11 b4 74 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 00 35 00 50  00 30 75 d8 20 9c d6 2a\n"
	  "0020   2d 31 49 fe 17 4b 94 66  b9 a5 db bb 62 44 05 09\n"
	  "0030   4f a8 a0 51 a6 38 fc a7  a1 7d 7f 83 d6 de 61 4d\n"
	  "0040   ad 22 c5 12\n"
	  , "UDP [10.77.0.1:53 > 10.77.0.2:80 len=48 csum=0x75D8] IP [ver=4 ihl=5 tos=0x00 iplen=68 id=45464 foff=0 ttl=64 proto=17 csum=0xb474]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 44 7c e4 00 00  40 01 e9 38 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 08 00 ca 37  22 c3 00 01 06 8c 45 fc\n"
	  "0020   ed 58 bc 19 ef e7 c1 55  8c b2 9f 7f a9 cc 69 5f\n"
	  "0030   e0 7b 3c eb 62 6e a9 58  72 34 e6 b1 5d bc 47 55\n"
	  "0040   21 81 db c5\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=8899 seq=1] IP [ver=4 ihl=5 tos=0x00 iplen=68 id=31972 foff=0 ttl=64 proto=1 csum=0xe938]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 44 01 2c 00 00  40 01 64 f1 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 00 00 d2 37  22 c3 00 01 06 8c 45 fc\n"
	  "0020   ed 58 bc 19 ef e7 c1 55  8c b2 9f 7f a9 cc 69 5f\n"
	  "0030   e0 7b 3c eb 62 6e a9 58  72 34 e6 b1 5d bc 47 55\n"
	  "0040   21 81 db c5\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Echo reply (type=0/code=0) id=8899 seq=1] IP [ver=4 ihl=5 tos=0x00 iplen=68 id=300 foff=0 ttl=64 proto=1 csum=0x64f1]" },
	{ DETAIL_HIGH,
	  "0000   49 00 00 2c 9a cc 00 00  40 01 a2 36 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 01 83 0f 04  0a 4d 00 09 0a 4d 00 08\n"
	  "0020   00 00 00 00 08 00 81 64  76 9a 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=30362 seq=1] IP [ver=4 ihl=9 tos=0x00 iplen=44 id=39628 foff=0 ttl=64 proto=1 csum=0xa236 ipopts={ NOP LSRR{#10.77.0.9 10.77.0.8 0.0.0.0}}]" },
	{ DETAIL_HIGH,
	  "0000   48 00 00 28 09 1a 00 00  40 01 43 3c 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 01 89 0b 04  0a 4d 00 09 00 00 00 00\n"
	  "0020   08 00 e8 33 0f cb 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=4043 seq=1] IP [ver=4 ihl=8 tos=0x00 iplen=40 id=2330 foff=0 ttl=64 proto=1 csum=0x433c ipopts={ NOP SSRR{#10.77.0.9 0.0.0.0}}]" },
	{ DETAIL_HIGH,
	  "0000   47 00 00 24 44 64 00 00  40 01 da 05 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 01 01 99 04  ab cd 00 00 08 00 0c e6\n"
	  "0020   eb 18 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=60184 seq=1] IP [ver=4 ihl=7 tos=0x00 iplen=36 id=17508 foff=0 ttl=64 proto=1 csum=0xda05 ipopts={ NOP NOP ??{\\x99\\x04\\xab\\xcd} EOL EOL}]" },
	{ DETAIL_HIGH,
	  "0000   48 00 00 28 33 2a 00 00  40 01 e7 01 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 44 0c 05 01  00 00 00 00 00 00 00 00\n"
	  "0020   08 00 90 3d 67 c1 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=26561 seq=1] IP [ver=4 ihl=8 tos=0x00 iplen=40 id=13098 foff=0 ttl=64 proto=1 csum=0xe701 ipopts={ TM{[0 hosts not recorded]#0.0.0.0@0 }}]" },
	{ DETAIL_HIGH,
	  "0000   48 00 00 28 15 4a 00 00  40 01 7b c4 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 44 0c 0d 01  0a 4d 00 02 02 0b 74 c3\n"
	  "0020   00 00 98 3d 67 c1 00 01\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Echo reply (type=0/code=0) id=26561 seq=1] IP [ver=4 ihl=8 tos=0x00 iplen=40 id=5450 foff=0 ttl=64 proto=1 csum=0x7bc4 ipopts={ TM{[0 hosts not recorded] 10.77.0.2@34305219#}}]" },
	{ DETAIL_HIGH,
	  "0000   47 00 00 24 a3 20 00 00  40 01 af 11 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 07 07 05 01  02 03 04 00 08 00 f4 f6\n"
	  "0020   03 08 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=776 seq=1] IP [ver=4 ihl=7 tos=0x00 iplen=36 id=41760 foff=0 ttl=64 proto=1 csum=0xaf11 ipopts={ RR{ [bad ptr=05]\\x01\\x02\\x03\\x04} EOL}]" },
	{ DETAIL_HIGH,
	  "0000   45 c0 00 40 15 a6 00 00  40 01 4f bb 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 0c 00 dd ff  16 00 00 00 47 00 00 24\n"
	  "0020   a3 20 00 00 40 01 af 11  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   07 07 05 01 02 03 04 00  08 00 f4 f6 03 08 00 01\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Parameter problem (pointer indicates error) (type=12/code=0) pointer=22] IP [ver=4 ihl=5 tos=0xc0 iplen=64 id=5542 foff=0 ttl=64 proto=1 csum=0x4fbb]" },
	{ DETAIL_HIGH,
	  "0000   46 00 00 20 bc b2 00 00  40 01 0e 56 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 88 04 12 34  08 00 40 98 b7 66 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=46950 seq=1] IP [ver=4 ihl=6 tos=0x00 iplen=32 id=48306 foff=0 ttl=64 proto=1 csum=0x0e56 ipopts={ SI{id=4660}}]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c 16 61 00 00  40 01 4f e4 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 00 00 48 98  b7 66 00 01\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Echo reply (type=0/code=0) id=46950 seq=1] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=5729 foff=0 ttl=64 proto=1 csum=0x4fe4]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 1c e4 2c 00 00  40 01 82 18 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 01 07 08 00  e4 c8 13 36 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Unknown type (type=1/code=7) ] IP [ver=4 ihl=5 tos=0x00 iplen=28 id=58412 foff=0 ttl=64 proto=1 csum=0x8218]" },
	{ DETAIL_HIGH,
	  "0000   46 00 00 20 59 33 00 00  40 01 85 0a 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 83 03 04 00  08 00 b8 77 3f 87 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=16263 seq=1] IP [ver=4 ihl=6 tos=0x00 iplen=32 id=22835 foff=0 ttl=64 proto=1 csum=0x850a ipopts={ LSRR{} EOL}]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 2a c0 0e 00 00  40 06 a6 23 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 d6 95 00 50  5a a0 14 d9 46 52 64 4d\n"
	  "0020   50 1a 05 c8 a3 63 00 00  01 02\n"
	  , "TCP [10.77.0.1:54933 > 10.77.0.2:80 SPA seq=1520440537 ack=1179804749 off=5 res=0 win=1480 csum=0xA363 urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=42 id=49166 foff=0 ttl=64 proto=6 csum=0xa623]" },
	{ DETAIL_HIGH,
	  "0000   45 00 00 28 00 00 40 00  40 06 26 34 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 00 50 d6 95  46 52 64 4d 00 00 00 00\n"
	  "0020   50 04 00 00 19 bf 00 00\n"
	  , "TCP [10.77.0.2:80 > 10.77.0.1:54933 R seq=1179804749 ack=0 off=5 res=0 win=0 csum=0x19BF urp=0] IP [ver=4 ihl=5 tos=0x00 iplen=40 id=0 flg=D foff=0 ttl=64 proto=6 csum=0x2634]" },
	{ DETAIL_LOW,
	  "0000   45 00 00 28 00 72 00 00  40 06 65 c2 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 78 2f 00 51  8a 66 54 ae 7b 35 ce d5\n"
	  "0020   50 ff 05 c8 f2 e0 00 00\n"
	  , "TCP 10.77.0.1:30767 > 10.77.0.2:81 SFRPAUEC ttl=64 id=114 iplen=40  seq=2321962158 win=1480 " },
	{ DETAIL_LOW,
	  "0000   45 10 00 28 10 92 e0 00  07 06 ae 91 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 d0 c5 00 16  a1 b1 a5 e0 00 00 00 00\n"
	  "0020   50 02 05 c8 7d 10 00 00\n"
	  , "TCP 10.77.0.1:53445 > 10.77.0.2:22 S ttl=7 id=4242 iplen=40 frag offset=0+  seq=2712774112 win=1480 " },
	{ DETAIL_LOW,
	  "0000   45 00 00 1c a9 7a 00 00  40 01 bc ca 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 fc fc  00 00 00 00\n"
	  , "ICMP 10.77.0.1 > 10.77.0.2 Destination unreachable (type=3/code=3) ttl=64 id=43386 iplen=28 " },
	{ DETAIL_LOW,
	  "0000   45 00 00 30 78 47 00 00  40 01 ed e9 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 01 64 2a  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Host 10.77.0.2 unreachable (type=3/code=1) ] IP [ttl=64 id=30791 iplen=48 ]" },
	{ DETAIL_LOW,
	  "0000   45 00 00 36 32 41 00 00  40 01 33 ea 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 c7 2d  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Port unreachable (type=3/code=3) ] IP [ttl=64 id=12865 iplen=54 ]" },
	{ DETAIL_LOW,
	  "0000   45 00 00 39 18 98 00 00  40 01 4d 90 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 d1 56  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08 4b d6  aa\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Port 40125 unreachable (type=3/code=3) ] IP [ttl=64 id=6296 iplen=57 ]" },
	{ DETAIL_LOW,
	  "0000   45 00 00 3a 16 e1 00 00  40 01 4f 46 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 02 d0 8f  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 2f 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08 4b d6  aa aa\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Protocol 47 unreachable (type=3/code=2) ] IP [ttl=64 id=5857 iplen=58 ]" },
	{ DETAIL_LOW,
	  "0000   45 00 00 3a 17 ab 00 00  40 01 4e 7c 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 d0 8e  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 2f 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08 4b d6  aa aa\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Port unreachable (unknown protocol 47) (type=3/code=3) ] IP [ttl=64 id=6059 iplen=58 ]" },
	{ DETAIL_LOW,
	  "0000   45 00 00 36 96 b1 00 00  40 01 cf 79 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 04 c7 2c  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Fragmentation required (type=3/code=4) Next-Hop-MTU=0] IP [ttl=64 id=38577 iplen=54 ]" },
	{ DETAIL_LOW,
	  "0000   45 00 00 36 64 d6 00 00  40 01 01 55 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 f7 2d  00 00 00 00 15 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08\n"
	  , "ICMP 10.77.0.1 > 10.77.0.2 Destination unreachable (bogus original datagram) (type=3/code=3) ttl=64 id=25814 iplen=54 " },
	{ DETAIL_LOW,
	  "0000   45 00 00 36 6f e7 00 00  40 01 f6 43 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 11 c7 1f  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Destination unreachable (unknown code) (type=3/code=17) ] IP [ttl=64 id=28647 iplen=54 ]" },
	{ DETAIL_LOW,
	  "0000   45 00 00 1c 9f 7c 00 00  40 01 c6 c8 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0b 01 f4 fe  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 TTL=0 during reassembly (type=11/code=1) ] IP [ttl=64 id=40828 iplen=28 ]" },
	{ DETAIL_LOW,
	  "0000   45 00 00 1c 3d 18 00 00  40 01 29 2d 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0b 05 f4 fa  00 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 TTL exceeded (unknown code) (type=11/code=5) ] IP [ttl=64 id=15640 iplen=28 ]" },
	{ DETAIL_LOW,
	  "0000   45 00 00 1c 14 0f 00 00  40 01 52 36 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 0c 01 ec fe  07 00 00 00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Parameter problem (option missing) (type=12/code=1) pointer=7] IP [ttl=64 id=5135 iplen=28 ]" },
	{ DETAIL_MEDIUM,
	  "0000   45 00 00 28 08 0e 00 00  40 06 5e 26 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 57 47 00 51  4c ad 92 8e d1 bc 0a db\n"
	  "0020   50 ff 05 c8 81 15 00 00\n"
	  , "TCP [10.77.0.1:22343 > 10.77.0.2:81 SFRPAUEC seq=1286443662 win=1480 csum=0x8115] IP [ttl=64 id=2062 proto=6 csum=0x5e26 iplen=40 ]" },
	{ DETAIL_MEDIUM,
	  "0000   45 00 00 28 d0 be 00 00  40 06 95 75 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 5d 87 00 51  8e bc ed a8 00 00 00 00\n"
	  "0020   50 00 05 c8 bb 42 00 00\n"
	  , "TCP [10.77.0.1:23943 > 10.77.0.2:81  seq=2394746280 win=1480 csum=0xBB42] IP [ttl=64 id=53438 proto=6 csum=0x9575 iplen=40 ]" },
	{ DETAIL_MEDIUM,
	  "0000   45 00 00 28 00 00 40 00  40 06 26 34 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 00 51 5d 87  00 00 00 00 8e bc ed a8\n"
	  "0020   50 14 00 00 c0 f6 00 00\n"
	  , "TCP [10.77.0.2:81 > 10.77.0.1:23943 RA seq=0 win=0 csum=0xC0F6] IP [ttl=64 id=0 proto=6 csum=0x2634 iplen=40 ]" },
	{ DETAIL_MEDIUM,
	  "0000   45 10 00 28 10 92 e0 00  07 06 ae 91 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 98 f5 00 16  ed db f6 14 00 00 00 00\n"
	  "0020   50 02 05 c8 18 82 00 00\n"
	  , "TCP [10.77.0.1:39157 > 10.77.0.2:22 S seq=3990615572 win=1480 csum=0x1882] IP [ttl=7 id=4242 proto=6 csum=0xae91 iplen=40 frag offset=0+ ]" },
	{ DETAIL_MEDIUM,
	  "0000   45 00 00 1f 97 68 00 00  40 11 ce c9 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 00 35 9c 40  00 0b 8a 63 61 62 63\n"
	  , "UDP [10.77.0.1:53 > 10.77.0.2:40000 csum=0x8A63] IP [ttl=64 id=38760 proto=17 csum=0xcec9 iplen=31 ]" },
	{ DETAIL_MEDIUM,
	  "0000   45 c0 00 3b b2 ae 00 00  40 01 b2 b7 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 03 03 11 b6  00 00 00 00 45 00 00 1f\n"
	  "0020   97 68 00 00 40 11 ce c9  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c 40 00 0b 8a 63  61 62 63\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Port 40000 unreachable (type=3/code=3) ] IP [ttl=64 id=45742 proto=1 csum=0xb2b7 iplen=59 ]" },
	{ DETAIL_MEDIUM,
	  "0000   4f 00 00 44 28 4f 00 00  40 01 0b c3 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 01 07 27 04  00 00 00 00 00 00 00 00\n"
	  "0020   00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00\n"
	  "0030   00 00 00 00 00 00 00 00  00 00 00 00 08 00 ac 10\n"
	  "0040   4b ee 00 01\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Echo request (type=8/code=0) id=19438 seq=1] IP [ttl=64 id=10319 proto=1 csum=0x0bc3 iplen=68 ipopts={ NOP RR{#0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0}}]" },
	{ DETAIL_MEDIUM,
	  "0000   4f 00 00 44 b6 a1 00 00  40 01 f4 3f 0a 4d 00 02\n"
	  "0010   0a 4d 00 01 07 27 0c 0a  4d 00 02 0a 4d 00 02 00\n"
	  "0020   00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00\n"
	  "0030   00 00 00 00 00 00 00 00  00 00 00 00 00 00 b4 10\n"
	  "0040   4b ee 00 01\n"
	  , "ICMP [10.77.0.2 > 10.77.0.1 Echo reply (type=0/code=0) id=19438 seq=1] IP [ttl=64 id=46753 proto=1 csum=0xf43f iplen=68 ipopts={ RR{ 10.77.0.2 10.77.0.2#0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0} EOL}]" },
	{ DETAIL_MEDIUM,
	  "0000   45 00 00 1c 2b d1 00 00  40 01 3a 74 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 fc fc  00 00 00 00\n"
	  , "ICMP 10.77.0.1 > 10.77.0.2 Destination unreachable (original datagram missing) (type=3/code=3) ttl=64 id=11217 proto=1 csum=0x3a74 iplen=28 " },
	{ DETAIL_MEDIUM,
	  "0000   45 00 00 30 a7 d4 00 00  40 01 be 5c 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 01 64 2a  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Host 10.77.0.2 unreachable (type=3/code=1) ] IP [ttl=64 id=42964 proto=1 csum=0xbe5c iplen=48 ]" },
	{ DETAIL_MEDIUM,
	  "0000   45 00 00 36 98 58 00 00  40 01 cd d2 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 c7 2d  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Port unreachable (type=3/code=3) ] IP [ttl=64 id=39000 proto=1 csum=0xcdd2 iplen=54 ]" },
	{ DETAIL_MEDIUM,
	  "0000   45 00 00 39 fe c6 00 00  40 01 67 61 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 d1 56  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08 4b d6  aa\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Port 40125 unreachable (type=3/code=3) ] IP [ttl=64 id=65222 proto=1 csum=0x6761 iplen=57 ]" },
	{ DETAIL_MEDIUM,
	  "0000   45 00 00 31 af a3 00 00  40 01 b6 8c 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 03 64 28  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 11 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Port unreachable (type=3/code=3) ] IP [ttl=64 id=44963 proto=1 csum=0xb68c iplen=49 ]" },
	{ DETAIL_MEDIUM,
	  "0000   45 00 00 3a dd 00 00 00  40 01 89 26 0a 4d 00 01\n"
	  "0010   0a 4d 00 02 03 02 d0 8f  00 00 00 00 45 00 00 1c\n"
	  "0020   00 00 00 00 3f 2f 00 0a  0a 4d 00 01 0a 4d 00 02\n"
	  "0030   00 35 9c bd 00 08 4b d6  aa aa\n"
	  , "ICMP [10.77.0.1 > 10.77.0.2 Protocol 47 unreachable (type=3/code=2) ] IP [ttl=64 id=56576 proto=1 csum=0x8926 iplen=58 ]" },
};

/* IPv6 built by Nping itself (--send-eth) and ARP, same runs; SENT dumps
 * start with the Ethernet header. */
static const struct oracle_case eth_cases[] = {
	{ DETAIL_HIGH,
	  "0000   02 00 00 00 00 02 02 00  00 00 00 01 86 dd 60 05  ..............`.\n"
	  "0010   29 f1 00 14 06 40 fd 00  00 00 00 00 00 00 00 00  )....@..........\n"
	  "0020   00 00 00 00 00 01 fd 00  00 00 00 00 00 00 00 00  ................\n"
	  "0030   00 00 00 00 00 02 f9 5f  00 50 8c 3a 1c a0 00 00  ......._.P.:....\n"
	  "0040   00 00 50 02 05 c8 0d 8c  00 00                    ..P.......      \n"
	  , "TCP [fd00::1:63839 > fd00::2:80 S seq=2352618656 ack=0 off=5 res=0 win=1480 csum=0x0D8C urp=0] IP [ver=6, tclass=0 flow=529f1 payloadlen=20 nh=tcp hopl=64 ]" },
	{ DETAIL_HIGH,
	  "0000   60 03 e8 2e 00 14 06 40  fd 00 00 00 00 00 00 00  `......@........\n"
	  "0010   00 00 00 00 00 00 00 02  fd 00 00 00 00 00 00 00  ................\n"
	  "0020   00 00 00 00 00 00 00 01  00 50 f9 5f 00 00 00 00  .........P._....\n"
	  "0030   8c 3a 1c a1 50 14 00 00  fa 1e 00 00              .:..P.......    \n"
	  , "TCP [fd00::2:80 > fd00::1:63839 RA seq=0 ack=2352618657 off=5 res=0 win=0 csum=0xFA1E urp=0] IP [ver=6, tclass=0 flow=3e82e payloadlen=20 nh=tcp hopl=64 ]" },
	{ DETAIL_HIGH,
	  "0000   02 00 00 00 00 02 02 00  00 00 00 01 86 dd 60 0e  ..............`.\n"
	  "0010   ca 05 00 08 11 40 fd 00  00 00 00 00 00 00 00 00  .....@..........\n"
	  "0020   00 00 00 00 00 01 fd 00  00 00 00 00 00 00 00 00  ................\n"
	  "0030   00 00 00 00 00 02 00 35  1e 61 00 08 e7 43        .......5.a...C  \n"
	  , "UDP [fd00::1:53 > fd00::2:7777 len=8 csum=0xE743] IP [ver=6, tclass=0 flow=eca05 payloadlen=8 nh=udp hopl=64 ]" },
	{ DETAIL_HIGH,
	  "0000   02 00 00 00 00 02 02 00  00 00 00 01 86 dd 60 07  ..............`.\n"
	  "0010   91 44 00 08 3a 40 fd 00  00 00 00 00 00 00 00 00  .D..:@..........\n"
	  "0020   00 00 00 00 00 01 fd 00  00 00 00 00 00 00 00 00  ................\n"
	  "0030   00 00 00 00 00 02 80 00  d9 90 ac 26 00 01        ...........&..  \n"
	  , "ICMPv6 (58) fd00::1 > fd00::2 (type=128/code=0) ver=6, tclass=0 flow=79144 payloadlen=8 nh=ipv6-icmp hopl=64 " },
	{ DETAIL_HIGH,
	  "0000   02 00 00 00 00 02 02 00  00 00 00 01 86 dd 60 71  ..............`q\n"
	  "0010   23 45 00 14 06 09 fd 00  00 00 00 00 00 00 00 00  #E..............\n"
	  "0020   00 00 00 00 00 01 fd 00  00 00 00 00 00 00 00 00  ................\n"
	  "0030   00 00 00 00 00 02 75 d3  00 50 bb 4c 8c d8 00 00  ......u..P.L....\n"
	  "0040   00 00 50 02 05 c8 f1 cd  00 00                    ..P.......      \n"
	  , "TCP [fd00::1:30163 > fd00::2:80 S seq=3142356184 ack=0 off=5 res=0 win=1480 csum=0xF1CD urp=0] IP [ver=6, tclass=7 flow=12345 payloadlen=20 nh=tcp hopl=9 ]" },
	{ DETAIL_HIGH,
	  "0000   60 4d d0 98 00 14 06 40  fd 00 00 00 00 00 00 00  `M.....@........\n"
	  "0010   00 00 00 00 00 00 00 02  fd 00 00 00 00 00 00 00  ................\n"
	  "0020   00 00 00 00 00 00 00 01  00 50 75 d3 00 00 00 00  .........Pu.....\n"
	  "0030   bb 4c 8c d9 50 14 00 00  fa 1e 00 00              .L..P.......    \n"
	  , "TCP [fd00::2:80 > fd00::1:30163 RA seq=0 ack=3142356185 off=5 res=0 win=0 csum=0xFA1E urp=0] IP [ver=6, tclass=4 flow=dd098 payloadlen=20 nh=tcp hopl=64 ]" },
	{ DETAIL_HIGH,
	  "0000   ff ff ff ff ff ff 02 00  00 00 00 01 08 06 00 01  ................\n"
	  "0010   08 00 06 04 00 01 02 00  00 00 00 01 0a 4d 00 01  .............M..\n"
	  "0020   00 00 00 00 00 00 0a 4d  00 02                    .......M..      \n"
	  , "ARP who has 10.77.0.2? Tell 10.77.0.1" },
	{ DETAIL_HIGH,
	  "0000   00 01 08 00 06 04 00 02  02 00 00 00 00 02 0a 4d  ...............M\n"
	  "0010   00 02 02 00 00 00 00 01  0a 4d 00 01              .........M..    \n"
	  , "ARP reply 10.77.0.2 is at 02:00:00:00:00:02" },
};

static void
test_real_nping_lines(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t b[256];
		struct pkt p;
		char out[2048];
		size_t n = dump_to_bin(cases[i].dump, b, sizeof(b));

		assert_true(n >= 20);
		fill_ip(&p, b, n);
		pkt_describe(&p, cases[i].lv, out, sizeof(out));
		if (strcmp(out, cases[i].line) != 0)
			print_error("case %zu:\n", i);
		assert_string_equal(out, cases[i].line);
		/* The same through proto's decoder. */
		assert_int_equal(pkt_decode(b, n, PKT_LINK_IP, &p), 0);
		pkt_describe(&p, cases[i].lv, out, sizeof(out));
		if (strcmp(out, cases[i].line) != 0)
			print_error("case %zu (pkt_decode):\n", i);
		assert_string_equal(out, cases[i].line);
	}
}

/* Ethernet frames (SENT) or bare IP / ARP (RCVD), as Nping dumps them. */
static void
test_real_nping_lines_eth(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(eth_cases) / sizeof(eth_cases[0]); i++) {
		uint8_t b[256];
		struct pkt p;
		char out[2048];
		size_t n = dump_to_bin(eth_cases[i].dump, b, sizeof(b));
		size_t off = 0;

		if (b[0] >> 4 != 4 && b[0] >> 4 != 6 && get_be16(b) != 1)
			off = 14; /* Ethernet header of a SENT frame */
		if (get_be16(b + off) == 1) /* ARP, hardware type Ethernet */
			fill_arp(&p, b + off, n - off);
		else
			fill_ip(&p, b + off, n - off);
		pkt_describe(&p, eth_cases[i].lv, out, sizeof(out));
		assert_string_equal(out, eth_cases[i].line);
		/* The same through proto's decoder, from the first byte. */
		assert_int_equal(pkt_decode(b, n, off ? PKT_LINK_ETH :
					    get_be16(b) == 1 ? PKT_LINK_ARP :
					    PKT_LINK_IP, &p), 0);
		pkt_describe(&p, eth_cases[i].lv, out, sizeof(out));
		assert_string_equal(out, eth_cases[i].line);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_nping_lines),
		cmocka_unit_test(test_real_nping_lines_eth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
