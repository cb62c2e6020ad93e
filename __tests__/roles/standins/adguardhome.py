#!/usr/bin/python3
# STAND-IN for AdGuard Home (the Go module proxy here refuses github.com/AdguardTeam/AdGuardHome, so the real binary
# cannot be built). It is packaged by scripts/test-roles.sh as AdGuardHome_linux_amd64.tar.gz and every test line that
# uses it says "stand-in". What it reproduces of the real program, because the role depends on it:
#   - reads <work-dir>/AdGuardHome.yaml (dns.port, dns.upstream_dns, filtering.rewrites) and answers A queries from the
#     rewrites (exact names and "*.zone" wildcards), forwarding every other query to the first plain-DNS upstream;
#   - on start it writes its configuration back with the settings it filled in (schema_version, …), as AdGuard Home
#     does: a role that templates AdGuardHome.yaml directly sees a change (and restarts) on every run.
import socket, socketserver, struct, sys, threading, yaml

def arg(name, default=None):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default

if '--version' in sys.argv:
    print('AdGuard Home, version v0.107.65 (stand-in)')
    sys.exit(0)

work = arg('--work-dir', '.')
path = f'{work}/AdGuardHome.yaml'
with open(path) as f:
    conf = yaml.safe_load(f) or {}
conf.setdefault('schema_version', 30)
conf.setdefault('dns', {}).setdefault('bind_hosts', ['0.0.0.0'])
conf['dns'].setdefault('upstream_timeout', '10s')
with open(path, 'w') as f:
    yaml.safe_dump(conf, f, sort_keys=False)

port = int(conf['dns'].get('port', 53))
upstreams = [u for u in conf['dns'].get('upstream_dns', []) if not u.startswith(('https://', 'tls://', 'quic://'))]
rewrites = [(r['domain'].lower().rstrip('.'), r['answer']) for r in (conf.get('filtering') or {}).get('rewrites') or []]

def lookup(name):
    exact = [a for d, a in rewrites if d == name]
    if exact:
        return exact
    return [a for d, a in rewrites if d.startswith('*.') and name.endswith(d[1:])]

def qname(msg):
    labels, i = [], 12
    while msg[i]:
        n = msg[i]; labels.append(msg[i + 1:i + 1 + n].decode().lower()); i += 1 + n
    qtype = struct.unpack('>H', msg[i + 1:i + 3])[0]
    return '.'.join(labels), qtype, i + 5

def answer(msg):
    name, qtype, end = qname(msg)
    found = lookup(name)
    if not found:
        for up in upstreams:
            host, _, p = up.partition(':')
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5)
            try:
                s.sendto(msg, (host, int(p or 53)))
                return s.recv(65535)
            except OSError:
                continue
            finally:
                s.close()
        return msg[:2] + b'\x81\x82' + msg[4:6] + b'\x00\x00\x00\x00\x00\x00' + msg[12:end]   # SERVFAIL
    ips = [a for a in found if all(x.isdigit() for x in a.split('.')) and a.count('.') == 3] if qtype == 1 else []
    head = msg[:2] + b'\x85\x80' + msg[4:6] + struct.pack('>HHH', len(ips), 0, 0)
    body = msg[12:end]
    for ip in ips:
        body += b'\xc0\x0c' + struct.pack('>HHIH', 1, 1, 10, 4) + socket.inet_aton(ip)
    return head + body

class Udp(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        sock.sendto(answer(data), self.client_address)

class Tcp(socketserver.StreamRequestHandler):
    def handle(self):
        n = struct.unpack('>H', self.rfile.read(2))[0]
        out = answer(self.rfile.read(n))
        self.wfile.write(struct.pack('>H', len(out)) + out)

socketserver.ThreadingUDPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer.allow_reuse_address = True
udp = socketserver.ThreadingUDPServer(('0.0.0.0', port), Udp)
tcp = socketserver.ThreadingTCPServer(('0.0.0.0', port), Tcp)
threading.Thread(target=tcp.serve_forever, daemon=True).start()
print(f'AdGuard Home stand-in: DNS on :{port}, {len(rewrites)} rewrites, upstreams {upstreams}', flush=True)
udp.serve_forever()
