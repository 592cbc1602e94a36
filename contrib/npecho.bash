# bash completion for npecho                                 -*- shell-script -*-
# SPDX-License-Identifier: MIT
#
# Install as /usr/share/bash-completion/completions/npecho (or source it).
# Completes every Nping option npecho accepts plus npecho's own, network
# interfaces for -e, files for -w and --echo-passphrase-file, and the
# mnemonics of --icmp-type, --icmp-code, --arp-type and --ether-type.
# Works with or without the bash-completion package.

# Options that take an argument (the next word is a value, not an option).
_npecho_opts_arg='-p --dest-port -g --source-port --seq --flags --ack --win
--icmp-type --icmp-code --icmp-id --icmp-seq --icmp-redirect-addr
--icmp-param-pointer --icmp-advert-lifetime --icmp-advert-entry
--icmp-orig-time --icmp-recv-time --icmp-trans-time
--arp-type --rarp-type --arp-code --rarp-code --arp-operation --arp-op
--rarp-operation --rarp-op --arp-sender-mac --rarp-sender-mac --arp-sender-ip
--rarp-sender-ip --arp-target-mac --rarp-target-mac --arp-target-ip
--rarp-target-ip -S --source-ip --dest-ip --tos --id --ttl --ip-options --mtu
--hop-limit --traffic-class --tc --flow --dest-mac --source-mac --spoof-mac
--ether-type --ethertype --ethtype --data --data-string --data-length
--echo-client --ec --echo-server --es --echo-port --ep --delay --rate
-c --count -e --interface --bpf-filter --filter --nsock-engine
--tcp-options -w --user --echo-passphrase-file --max-sessions
--max-sessions-per-addr --max-sessions-per-net --max-handshakes
--handshake-rate --handshake-timeout --idle-timeout --echo-budget'

# Options without an argument (-v, -q and -d also take an optional
# attached level: -v3, --verbose=3).
_npecho_opts_flag='--tcp-connect --tcp --udp --icmp --arp --tr --traceroute
--echo-request --destination-unreachable --dest-unr --timestamp
--timestamp-request --information --information-request --netmask
--netmask-request --arp-request --arp-reply --rarp-request --rarp-reply
--badsum --df --mf --evil --badsum-ip -f -4 --ipv4 --IPv4 -6 --ipv6 --IPv6
--no-crypto --nc --once --safe-payloads --include-payloads --no-seccomp
-H --hide-sent -N --no-capture --privileged --unprivileged --send-eth --send-ip
-h --help -V --version -v --verbose -q --reduce-verbosity -d --quiet --debug
--flood --json --allow-local-clients --full-capt
--no-probe-token'

_npecho_icmp_types='echo-reply echo-rep er destination-unreachable dest-unr du
source-quench sour-que sq redirect redi r echo-request echo e
router-advertisement rout-adv ra router-solicitation rout-sol rs time-exceeded
time-exc te parameter-problem para-pro pp timestamp time tm timestamp-reply
time-rep tr information info i information-reply info-rep ir mask-request mask
m mask-reply mask-rep mr traceroute trace tc'

_npecho_icmp_codes='net host proto port frag routefail net? host? isolated
!net !host tosnet toshost !comm violation cutoff normal mobile-ip ttl-exc
frag-exc pointer miss-option bad-len bad-spi need-authorization'

_npecho_arp_types='arp-request arp a arp-reply arp-rep ar rarp-request rarp r
rarp-reply rarp-rep rr drarp-request drarp d drarp-reply drarp-rep dr
drarp-error drarp-err de inarp-request inarp i inarp-reply inarp-rep ir
arp-nak an'

_npecho_ether_types='ip ipv4 4 ipv6 6 arp rarp frame-relay frelay fr ppp gsmp
mpls mps-ual mps mcap pppoe-discovery pppoe-d pppoe-session pppoe-s ctag epon
pbnac stag ethexp1 ethexp2 ethoui preauth lldp macsec mac-sec mac-security
mvrp mmrp frrr'

_npecho_interfaces()
{
	local d
	if [ -d /sys/class/net ]; then
		for d in /sys/class/net/*; do
			[ -e "$d" ] && printf '%s\n' "${d##*/}"
		done
	elif command -v ip >/dev/null 2>&1; then
		ip -o link show 2>/dev/null | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
	fi
}

# COMPREPLY = the words of $1 that start with $2 (no globbing of results:
# "net?" is a valid --icmp-code).
_npecho_reply()
{
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

_npecho_files()
{
	if declare -F _filedir >/dev/null; then
		_filedir
	else
		mapfile -t COMPREPLY < <(compgen -f -- "$1")
	fi
}

# Sets COMPREPLY for the value of option $1 being typed as $2; returns 1
# when $1 takes no value we know how to complete.
_npecho_value()
{
	local opt=$1 cur=$2
	case $opt in
	-e | --interface)
		_npecho_reply "$(_npecho_interfaces)" "$cur" ;;
	-w | --echo-passphrase-file)
		_npecho_files "$cur" ;;
	--icmp-type)
		_npecho_reply "$_npecho_icmp_types" "$cur" ;;
	--icmp-code)
		_npecho_reply "$_npecho_icmp_codes" "$cur" ;;
	--arp-type | --rarp-type | --arp-code | --rarp-code | --arp-operation | \
	--arp-op | --rarp-operation | --rarp-op)
		_npecho_reply "$_npecho_arp_types" "$cur" ;;
	--ether-type | --ethertype | --ethtype)
		_npecho_reply "$_npecho_ether_types" "$cur" ;;
	--user)
		mapfile -t COMPREPLY < <(compgen -u -- "$cur") ;;
	--nsock-engine)
		_npecho_reply "epoll poll select" "$cur" ;;
	--flags)
		_npecho_reply "SYN ACK FIN RST PSH URG ECE CWR SA
			syn,ack all nil none" "$cur" ;;
	--data-string | --data-length | --mtu | --flow | -S | --source-ip | \
	--icmp-redirect-addr | -c | --count)
		_npecho_reply "rand" "$cur" ;;
	*)
		return 1 ;;
	esac
	return 0
}

_npecho()
{
	local cur prev w
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# readline splits "--opt=val" at '=' (COMP_WORDBREAKS): "--opt" "=" "val".
	if [ "$cur" = "=" ] && [[ $prev == --* ]]; then
		cur=
	elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	# --option=value
	if [[ $cur == --*=* ]]; then
		w=${cur%%=*}
		_npecho_value "$w" "${cur#*=}" || COMPREPLY=()
		return 0
	fi
	# The value of the previous option.
	for w in $_npecho_opts_arg; do
		if [ "$prev" = "$w" ]; then
			_npecho_value "$prev" "$cur" || COMPREPLY=()
			return 0
		fi
	done
	if [[ $cur == -* ]]; then
		_npecho_reply "$_npecho_opts_arg $_npecho_opts_flag" "$cur"
		return 0
	fi
	# Targets: host names.
	mapfile -t COMPREPLY < <(compgen -A hostname -- "$cur")
	return 0
}

complete -F _npecho npecho
