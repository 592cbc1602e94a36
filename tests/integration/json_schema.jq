# json_schema.jq: checks one line of npecho --json output against
# doc/json.md.  Input: the raw line (jq -R).  Output: nothing when the line
# is a valid event, else one line saying what is wrong.
def int: type == "number" and . == floor;
def uint: int and . >= 0;
def num: type == "number";
def str: type == "string";
def obj: type == "object";
def bool: type == "boolean";
def numnull: type == "number" or type == "null";
def req(k; f): if has(k) and (.[k] | f) then empty else "member \(k)" end;
def opt(k; f): if (has(k) | not) or (.[k] | f) then empty else "member \(k)" end;

def ip4:
	req("ver"; . == 4), req("ihl"; uint), req("tos"; uint),
	req("iplen"; uint), req("id"; uint), req("flags"; str),
	req("foff"; uint), req("ttl"; uint), req("proto"; uint),
	req("csum"; uint), req("src"; str), req("dst"; str), opt("opts"; str);
def ip6:
	req("ver"; . == 6), req("tclass"; uint), req("flow"; uint),
	req("payloadlen"; uint), req("nh"; uint), req("hopl"; uint),
	req("proto"; uint), req("src"; str), req("dst"; str);
def tcp:
	req("sport"; uint), req("dport"; uint), req("flags"; str),
	req("seq"; uint), req("ack"; uint), req("off"; uint), req("res"; uint),
	req("win"; uint), req("csum"; uint), req("urp"; uint),
	opt("opts"; type == "array"), opt("mss"; uint);
def udp: req("sport"; uint), req("dport"; uint), req("len"; uint),
	req("csum"; uint);
def icmp: req("type"; uint), req("code"; uint), req("csum"; uint);
def layer(k; f): if has(k) then (.[k] | if obj then f else "layer \(k)" end)
	else empty end;
def pkt:
	req("len"; uint),
	(if has("ip") or has("arp") then empty else "no ip/arp layer" end),
	(if has("ip") and (.ip | obj) then
		(if .ip.ver == 6 then (.ip | ip6) else (.ip | ip4) end)
	 else empty end),
	layer("tcp"; tcp), layer("udp"; udp), layer("icmp"; icmp),
	layer("icmp6"; icmp), opt("payload_len"; uint), opt("quote_len"; uint),
	opt("problems"; type == "array"), opt("hex"; str);
def common: req("t"; num and . >= 0), opt("probe"; uint and . >= 1);
def sub(k; f): if has(k) then (.[k] | if obj then f else "member \(k)" end)
	else "member \(k)" end;
# TCP-Connect / UDP-Unprivileged: the socket instead of packet layers.
def sock:
	req("proto"; IN("tcp", "udp")), req("peer"; str), req("port"; uint),
	opt("name"; str), opt("payload_len"; uint),
	opt("result"; IN("connected", "failed")), opt("reason"; str);
def sockev:
	sub("sock"; sock),
	(if has("ip") or has("arp") or has("len") then "layers with sock"
	 else empty end);
# --tr Path Change Analysis.
def path:
	req("before"; uint), opt("before_addr"; str), opt("at"; uint and . >= 1),
	opt("at_addr"; str), req("at_dest"; bool), req("unknown"; uint),
	(if (has("at") | not) and .at_dest != true then "no at" else empty end);
def hop:
	req("target"; str), opt("name"; str), req("ttl"; uint),
	req("answered"; bool),
	(if .answered then req("addr"; str), opt("rtt"; num and . >= 0),
		req("reply"; str), req("dest"; bool)
	 else (if has("addr") or has("rtt") then "addr without answer"
	       else empty end) end),
	opt("quote_len"; uint), opt("sent_len"; uint), opt("quote_ttl"; int),
	opt("blind"; str), opt("more_addrs"; bool),
	opt("changes"; type == "array" and all(str)),
	opt("obs"; type == "array" and all(str));

def check:
	if (.event | str) | not then "member event"
	elif .event == "sent" and has("sock") then common, req("probe"; uint),
		sockev, (if .sock.proto == "udp" then
			(.sock | req("payload_len"; uint)) else empty end)
	elif .event == "sent" then common, req("probe"; uint), pkt
	elif .event == "rcvd" and has("sock") then common, opt("rtt"; num),
		sockev, (if .sock.proto == "tcp" then
			(.sock | req("result"; str)) else empty end)
	elif .event == "rcvd" then common, opt("rtt"; num), pkt,
		(if has("rtt") and (has("probe") | not) then "rtt without probe"
		 else empty end)
	elif .event == "capt" then common, pkt,
		(if has("server") then req("server"; str)
		 else req("client"; uint) end)
	elif .event == "finding" then common, req("tag"; str),
		req("severity"; str), req("kind"; str), opt("layer"; str),
		opt("field"; str), opt("sent"; str or num),
		opt("capt"; str or num), opt("text"; str), opt("count"; uint),
		opt("total"; uint), opt("probes"; type == "array" and all(uint)),
		(if has("path") then sub("path"; path) else empty end)
	elif .event == "stats" then common,
		(if has("captured") then
			req("captured"; uint), req("captured_bytes"; uint),
			req("unmatched"; uint), req("unmatched_bytes"; uint),
			req("echoed"; uint), req("echoed_bytes"; uint),
			req("clients"; uint)
		 else
			req("sent"; uint), req("sent_bytes"; uint),
			req("rcvd"; uint), req("rcvd_bytes"; uint),
			req("lost"; uint), req("lost_pct"; num),
			opt("capt"; uint), opt("capt_bytes"; uint),
			req("rtt_min"; numnull), req("rtt_avg"; numnull),
			req("rtt_max"; numnull)
		 end), req("elapsed"; num)
	elif .event == "error" then common, req("code"; str),
		req("errnum"; int), req("msg"; str),
		(if has("sock") then sub("sock"; sock) else empty end)
	elif .event == "hop" then common, hop,
		(if has("probe") then "hop with probe" else empty end)
	elif .event == "session" then common, req("id"; uint),
		req("state"; IN("open", "auth", "ready", "closed", "refused")),
		opt("peer"; str), opt("port"; uint), opt("reason"; str),
		req("echoed"; uint), req("echoed_bytes"; uint)
	elif .event == "audit" then common, req("check"; str),
		req("verdict"; str), req("detail"; str or . == null),
		req("sent"; str or . == null), req("seen"; str or . == null),
		req("where"; str or . == null), req("changed"; bool)
	elif .event == "audit_summary" then common, req("target"; str),
		req("family"; IN("ipv4", "ipv6")), req("checks"; uint),
		req("changed"; uint), req("elapsed"; num)
	else "unknown event \(.event)"
	end;

. as $line
| (try fromjson catch "\u0000") as $o
| if ($o | type) != "object" then "not a JSON object: \($line)"
  else [$o | check] | if length > 0 then
	"\($o.event // "?"): bad \(join(", ")): \($line)" else empty end
  end
