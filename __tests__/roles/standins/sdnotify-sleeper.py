#!/usr/bin/python3
# STAND-IN for a long-running daemon the test cannot run for real (cloudflared: its module is refused by the Go module
# proxy and it would dial Cloudflare; k3s: needs kernel modules and a privileged host). Named in every test line that
# uses it. It answers `--version` like the real program, checks the inputs the role gives it (files, environment),
# tells systemd it is ready (Type=notify) and then sleeps.
import os, socket, sys, time

NAME = os.path.basename(sys.argv[0])
VERSION = '@VERSION@'
args = sys.argv[1:]
if '--version' in args or args[:1] == ['version']:
    print(f'{NAME} version {VERSION} (stand-in)')
    sys.exit(0)
if NAME == 'cloudflared':
    config = args[args.index('--config') + 1] if '--config' in args else None
    if config is None or not os.access(config, os.R_OK):
        sys.exit(f'cloudflared stand-in: config {config} not readable')
    if not os.environ.get('TUNNEL_TOKEN'):
        sys.exit('cloudflared stand-in: TUNNEL_TOKEN is not set')
if NAME == 'k3s':
    if args[:1] not in (['server'], ['agent']):
        sys.exit(f'k3s stand-in: "{" ".join(args)}" is not run here (no Kubernetes in this test)')
    if not os.access('/etc/rancher/k3s/config.yaml', os.R_OK):
        sys.exit('k3s stand-in: /etc/rancher/k3s/config.yaml missing')
sock = os.environ.get('NOTIFY_SOCKET')
if sock:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.connect('\0' + sock[1:] if sock.startswith('@') else sock)
    s.send(b'READY=1')
    s.close()
print(f'{NAME} stand-in {VERSION}: running', flush=True)
while True:
    time.sleep(3600)
