#!/usr/bin/env python3
# Authoring-time helper: turns ../shared/nep/vectors/<name>.json into the
# line-based <name>.vec files the C tests read (no JSON parser in C).
import json, sys, os
src = sys.argv[1] if len(sys.argv) > 1 else '../shared/nep/vectors'
out = os.path.dirname(os.path.abspath(__file__))
for fn in sorted(os.listdir(src)):
    if not fn.endswith('.json'):
        continue
    j = json.load(open(os.path.join(src, fn)))
    lines = []
    lines.append('passphrase ' + j['passphrase'].encode().hex())
    lines.append('client_passphrase ' + j['client_passphrase'].encode().hex())
    lines.append('no_crypto %d' % (1 if j['no_crypto'] else 0))
    lines.append('server_nonce ' + j['server_nonce'])
    lines.append('client_nonce ' + (j.get('client_nonce') or '00' * 32))
    for k in ['MAC_S2C_INITIAL', 'MAC_C2S', 'MAC_S2C', 'CIPHER_C2S', 'CIPHER_S2C']:
        lines.append('key %s %s' % (k, j['keys_as_printed_by_nping_d4'].get(k) or '-'))
    for m in j['messages']:
        d = 'S' if m['direction'] == 'S->C' else 'C'
        lines.append('msg %s %d %u %u %s %s' % (d, m['type'], m['sequence'],
                     m['timestamp'], m['wire_hex'], m['plaintext_hex']))
    open(os.path.join(out, fn[:-5] + '.vec'), 'w').write('\n'.join(lines) + '\n')
