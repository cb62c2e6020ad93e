#!/usr/bin/python3
# STAND-IN for the Nginx Proxy Manager API (the real one ships only as a Docker image, and no image registry is
# reachable here). Named in every test line that uses it. It serves the part of the API the nginx_proxy_manager role
# calls, with the behaviour the role must cope with (from NPM's backend routes and JSON schemas):
#   POST /api/tokens (identity/secret → token; 401 otherwise), PUT /api/users/1, PUT /api/users/1/auth,
#   GET/POST /api/nginx/proxy-hosts, PUT /api/nginx/proxy-hosts/<id> (unknown or read-only fields → 400, like the
#   schema's additionalProperties: false), and stored hosts carry the extra fields NPM adds (id, meta defaults, …);
#   GET/POST /api/nginx/certificates (a Let's Encrypt request must agree to the terms, name an e-mail and, for DNS-01,
#   a provider with its credentials and an integer propagation time; nothing is issued: the certificate is recorded as
#   if Let's Encrypt had answered), and a proxy host may only point at a certificate that exists.
# State lives in a JSON file, so a restart keeps it, as NPM's database does.
import json, os, secrets, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = sys.argv[1] if len(sys.argv) > 1 else '/var/lib/npm-standin/state.json'
WRITABLE = {'domain_names', 'forward_scheme', 'forward_host', 'forward_port', 'access_list_id', 'certificate_id',
            'ssl_forced', 'caching_enabled', 'block_exploits', 'advanced_config', 'meta', 'allow_websocket_upgrade',
            'http2_support', 'enabled', 'locations', 'hsts_enabled', 'hsts_subdomains'}

CERT_FIELDS = {'provider', 'nice_name', 'domain_names', 'meta'}
CERT_META = {'letsencrypt_email', 'letsencrypt_agree', 'dns_challenge', 'dns_provider', 'dns_provider_credentials', 'propagation_seconds'}


def certificate_problem(b):
    if set(b) - CERT_FIELDS:
        return f'data should NOT have additional properties: {sorted(set(b) - CERT_FIELDS)}'
    meta = b.get('meta') or {}
    if b.get('provider') != 'letsencrypt' or not b.get('domain_names'):
        return 'provider letsencrypt and domain_names are required'
    if set(meta) - CERT_META:
        return f'meta should NOT have additional properties: {sorted(set(meta) - CERT_META)}'
    if meta.get('letsencrypt_agree') is not True or '@' not in str(meta.get('letsencrypt_email', '')):
        return 'letsencrypt_agree must be true and letsencrypt_email an address'
    if meta.get('dns_challenge') is True:
        if not meta.get('dns_provider') or not meta.get('dns_provider_credentials'):
            return 'a DNS challenge needs dns_provider and dns_provider_credentials'
        if 'propagation_seconds' in meta and not isinstance(meta['propagation_seconds'], int):
            return 'meta.propagation_seconds should be integer'
    return None


def load():
    if os.path.exists(STATE):
        with open(STATE) as f:
            return json.load(f)
    return {'email': 'admin@example.com', 'password': 'changeme', 'tokens': [], 'hosts': [], 'next': 1, 'writes': 0,
            'certificates': []}

def save(s):
    os.makedirs(os.path.dirname(STATE), exist_ok=True)
    with open(STATE + '.tmp', 'w') as f:
        json.dump(s, f, indent=1)
    os.replace(STATE + '.tmp', STATE)

class H(BaseHTTPRequestHandler):
    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get('Content-Length') or 0)
        return json.loads(self.rfile.read(n) or b'{}')

    def certificate_exists(self, s, b):
        cid = b.get('certificate_id', 0)
        return cid == 0 or any(c['id'] == cid for c in s.get('certificates', []))

    def authed(self, s):
        return self.headers.get('Authorization', '').removeprefix('Bearer ') in s['tokens']

    def do_GET(self):
        s = load()
        if self.path in ('/api/', '/api'):
            return self.reply(200, {'status': 'OK', 'version': {'major': 2, 'minor': 12, 'revision': 6}, 'standin': True})
        if not self.authed(s):
            return self.reply(401, {'error': {'message': 'Permission Denied'}})
        if self.path.startswith('/api/nginx/proxy-hosts'):
            return self.reply(200, s['hosts'])
        if self.path.startswith('/api/nginx/certificates'):
            return self.reply(200, s.setdefault('certificates', []))
        self.reply(404, {'error': {'message': 'Not Found'}})

    def do_POST(self):
        s = load()
        b = self.body()
        if self.path == '/api/tokens':
            if b.get('identity') == s['email'] and b.get('secret') == s['password']:
                t = secrets.token_hex(16); s['tokens'].append(t); save(s)
                return self.reply(200, {'token': t, 'expires': '2999-01-01T00:00:00.000Z'})
            return self.reply(401, {'error': {'message': 'Invalid email or password'}})
        if not self.authed(s):
            return self.reply(401, {'error': {'message': 'Permission Denied'}})
        if self.path == '/api/nginx/certificates':
            problem = certificate_problem(b)
            if problem:
                return self.reply(400, {'error': {'message': problem}})
            certs = s.setdefault('certificates', [])
            cert = {'id': len(certs) + 1, 'owner_user_id': 1, 'is_deleted': 0, 'expires_on': '2999-01-01 00:00:00', **b}
            certs.append(cert); s['writes'] += 1; save(s)
            return self.reply(201, cert)
        if self.path == '/api/nginx/proxy-hosts':
            bad = set(b) - WRITABLE
            if bad:
                return self.reply(400, {'error': {'message': f'data should NOT have additional properties: {sorted(bad)}'}})
            if not self.certificate_exists(s, b):
                return self.reply(400, {'error': {'message': 'certificate_id does not name a certificate'}})
            if any(d in h['domain_names'] for h in s['hosts'] for d in b.get('domain_names', [])):
                return self.reply(400, {'error': {'message': 'domain already in use'}})
            host = {'id': s['next'], 'owner_user_id': 1, 'enabled': True, 'ssl_forced': False, 'caching_enabled': False,
                    'http2_support': False, 'hsts_enabled': False, 'hsts_subdomains': False, 'locations': []}
            host.update(b)
            host['meta'] = {'letsencrypt_agree': False, 'dns_challenge': False, **(b.get('meta') or {})}
            s['hosts'].append(host); s['next'] += 1; s['writes'] += 1; save(s)
            return self.reply(201, host)
        self.reply(404, {'error': {'message': 'Not Found'}})

    def do_PUT(self):
        s = load()
        b = self.body()
        if not self.authed(s):
            return self.reply(401, {'error': {'message': 'Permission Denied'}})
        if self.path == '/api/users/1':
            s['email'] = b.get('email', s['email']); save(s)
            return self.reply(200, {'id': 1, 'email': s['email']})
        if self.path == '/api/users/1/auth':
            if b.get('current') != s['password']:
                return self.reply(400, {'error': {'message': 'Invalid password'}})
            s['password'] = b['secret']; save(s)
            return self.reply(200, True)
        if self.path.startswith('/api/nginx/proxy-hosts/'):
            hid = int(self.path.rsplit('/', 1)[1])
            bad = set(b) - WRITABLE
            if bad:
                return self.reply(400, {'error': {'message': f'data should NOT have additional properties: {sorted(bad)}'}})
            if not self.certificate_exists(s, b):
                return self.reply(400, {'error': {'message': 'certificate_id does not name a certificate'}})
            for h in s['hosts']:
                if h['id'] == hid:
                    h.update(b); s['writes'] += 1; save(s)
                    return self.reply(200, h)
            return self.reply(404, {'error': {'message': 'Not Found'}})
        self.reply(404, {'error': {'message': 'Not Found'}})

    def log_message(self, *a):
        pass

ThreadingHTTPServer(('127.0.0.1', 81), H).serve_forever()
