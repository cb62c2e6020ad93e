#!/usr/bin/env python3
"""Layer 2 for real: every Ansible role converges, is idempotent and is verified on throwaway Debian hosts (podman,
systemd as PID 1, image from scripts/roles-image.sh), then site.yml runs end to end on containers named like the
guests of a fixture model, twice. Planted failures prove the checks bite. Run by `npm run test:roles`
(scripts/test-roles.sh); docs/TOOLING.md "Role tests".

  scripts/test-roles.sh                    everything (roles, planted failures, site.yml)
  scripts/test-roles.sh --only roles       the per-role scenarios (ROLES=hardening,k3s to pick some)
  scripts/test-roles.sh --only site        site.yml end to end (+ the planted apt-before-DNS order)
  scripts/test-roles.sh --keep             leave the containers running (names printed) for debugging
  scripts/test-roles.sh --skip-planted     without the planted failures (while iterating; the run then proves less)

Every container, network and temporary directory is named <id>-… (id: ROLES_TEST_ID, default rt<pid>) and removed at
the end. Traffic stays on the test's podman network, except apt inside the containers, which reaches the Debian
mirror this machine's apt uses (through the AdGuard stand-in on the site run, as the guests would).
"""
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, '__tests__', 'roles')
STANDINS = os.path.join(TESTS, 'standins')
TOOLS_DIR = os.environ.get('HOMELAB_TOOLS_DIR', os.path.expanduser('~/.cache/homelab-platform-stack'))
# The restic that `npm run tools` builds (tools/pins.json) is the one the restic_backup role is tested with.
RESTIC_VERSION = json.load(open(os.path.join(ROOT, 'tools', 'pins.json')))['tools']['restic']['version']
ID = os.environ.get('ROLES_TEST_ID') or f'rt{os.getpid()}'
KEEP = '--keep' in sys.argv
ONLY = sys.argv[sys.argv.index('--only') + 1] if '--only' in sys.argv else 'all'
PARALLEL = int(os.environ.get('ROLES_TEST_PARALLEL', '3'))
LOCK = threading.Lock()
# The resolver this machine uses: role hosts (and adguard-01 on the site run) resolve through it, like a guest whose
# DNS is not AdGuard; AdGuard's upstream in the tests.
HOST_RESOLVER = re.search(r'^nameserver\s+(\S+)', open('/etc/resolv.conf').read(), re.M).group(1)
T0 = time.time()


def log(msg):
    with LOCK:
        print(f'[roles {time.time() - T0:6.1f}s] {msg}', flush=True)


def run(cmd, check=True, env=None, timeout=1800, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout, **kw)
    if check and p.returncode != 0:
        raise RuntimeError(f'{" ".join(cmd)} failed ({p.returncode}):\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}')
    return p


def podman(*args, check=True):
    return run(['podman', '--runtime', 'runc', *args], check=check)


# ------------------------------------------------------------------------------------------------ hosts and network --
class Net:
    def __init__(self):
        self.name = f'{ID}-net'
        base = os.getpid() % 200 + 20
        for i in range(8):
            third = (base + i * 7) % 250 + 2
            self.prefix = f'10.213.{third}'
            self.subnet = f'{self.prefix}.0/24'
            self.gateway = f'{self.prefix}.1'
            if podman('network', 'create', '--subnet', self.subnet, '--gateway', self.gateway, self.name, check=False).returncode == 0:
                return
        raise RuntimeError('could not create a podman network (every subnet tried is in use)')

    def ip(self, n):
        return f'{self.prefix}.{n}'


CONTAINERS = []
# Ansible reaches the hosts over SSH (pipelining, one multiplexed connection per host): several times faster than the
# podman connection, which runs `podman exec` 4-5 times per task. The key is the test's own, made per run.
SSH_KEY = None


def start_host(image, net, name, ip, dns):
    cname = f'{ID}-{name}'
    podman('rm', '-f', cname, check=False)
    podman('run', '-d', '--name', cname, '--hostname', name, '--network', net.name, '--ip', ip, '--dns', dns,
           '--systemd=always', '--cap-add', 'NET_ADMIN', '--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=4096:4096',
           image, '/sbin/init')
    with LOCK:
        CONTAINERS.append(cname)
    for _ in range(120):
        state = podman('exec', cname, 'systemctl', 'is-system-running', check=False).stdout.strip()
        if state in ('running', 'degraded'):
            break
        time.sleep(1)
    else:
        raise RuntimeError(f'{cname} did not boot (systemctl is-system-running: {state})')
    # No package lists, and old enough that apt's cache_valid_time never counts them as fresh: the first apt task of a
    # role must run `apt-get update` (through DNS), as on a guest made from a template built long ago.
    podman('exec', cname, 'touch', '-d', '@0', '/var/lib/apt/lists')
    if SSH_KEY:
        with open(SSH_KEY + '.pub') as f:
            pub = f.read().strip()
        podman('exec', cname, 'sh', '-c', f'install -d -m 0700 /root/.ssh && echo "{pub}" >> /root/.ssh/authorized_keys && chmod 0600 /root/.ssh/authorized_keys')
    return cname


def cleanup(net):
    if KEEP:
        log(f'--keep: containers left running: {" ".join(CONTAINERS)}; network {net.name if net else "-"}')
        return
    for c in CONTAINERS:
        podman('rm', '-f', '-t', '0', c, check=False)
    if net:
        podman('network', 'rm', '-f', net.name, check=False)


# ------------------------------------------------------------------------------------------------------- artifacts --
def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def build_artifacts(work, vars_):
    """The downloads the roles make, served by the test's own HTTP server: the real program where it can be built
    here (restic, from its Go module, built by `npm run tools`), else a stand-in that every table line names."""
    art = os.path.join(work, 'artifacts')
    notes = {}
    # AdGuard Home: stand-in (module refused by the Go module proxy).
    d = os.path.join(art, 'adguard'); os.makedirs(os.path.join(d, 'pkg', 'AdGuardHome'))
    shutil.copy(os.path.join(STANDINS, 'adguardhome.py'), os.path.join(d, 'pkg', 'AdGuardHome', 'AdGuardHome'))
    run(['tar', '-C', os.path.join(d, 'pkg'), '--owner=0', '--group=0', '-czf', os.path.join(d, 'AdGuardHome_linux_amd64.tar.gz'), 'AdGuardHome'])
    shutil.rmtree(os.path.join(d, 'pkg'))
    notes['adguard_home'] = 'AdGuard Home is a STAND-IN (module github.com/AdguardTeam/AdGuardHome refused by the Go module proxy)'
    # cloudflared: stand-in packaged as a .deb (module refused by the proxy; the real one dials Cloudflare).
    d = os.path.join(art, 'cloudflared'); pkg = os.path.join(d, 'pkg')
    os.makedirs(os.path.join(pkg, 'DEBIAN')); os.makedirs(os.path.join(pkg, 'usr', 'bin'))
    with open(os.path.join(STANDINS, 'sdnotify-sleeper.py')) as f:
        body = f.read()
    with open(os.path.join(pkg, 'usr', 'bin', 'cloudflared'), 'w') as f:
        f.write(body.replace('@VERSION@', vars_['cloudflared_version']))
    os.chmod(os.path.join(pkg, 'usr', 'bin', 'cloudflared'), 0o755)
    with open(os.path.join(pkg, 'DEBIAN', 'control'), 'w') as f:
        f.write(f'Package: cloudflared\nVersion: {vars_["cloudflared_version"]}\nArchitecture: amd64\nDepends: python3\n'
                'Maintainer: platform-stack role tests <roles@homelab.invalid>\nDescription: cloudflared stand-in for the role tests\n')
    run(['dpkg-deb', '--root-owner-group', '-b', pkg, os.path.join(d, 'cloudflared-linux-amd64.deb')])
    shutil.rmtree(pkg)
    notes['cloudflared'] = 'cloudflared is a STAND-IN .deb (module github.com/cloudflare/cloudflared refused by the Go module proxy; the real one dials Cloudflare)'
    # k3s: stand-in (a real k3s needs kernel modules and a privileged host).
    d = os.path.join(art, 'k3s'); os.makedirs(d)
    with open(os.path.join(d, 'k3s'), 'w') as f:
        f.write(body.replace('@VERSION@', vars_['k3s_version']))
    os.chmod(os.path.join(d, 'k3s'), 0o755)
    notes['k3s'] = 'k3s is a STAND-IN binary (k3s needs kernel modules, cgroup delegation and privileges these containers lack)'
    # restic: the real program, built from github.com/restic/restic by `npm run tools` (item roles-image).
    d = os.path.join(art, 'restic'); os.makedirs(d)
    restic = os.path.join(TOOLS_DIR, 'bin', 'restic')
    if os.path.exists(restic):
        name = f'restic_{vars_["restic_backup_version"]}_linux_amd64'
        with open(os.path.join(d, name + '.bz2'), 'wb') as out:
            subprocess.run(['bzip2', '-c', restic], stdout=out, check=True)
        notes['restic_backup'] = 'restic is the REAL program, built from its Go module (github.com/restic/restic)'
    else:
        notes['restic_backup'] = f'MISSING {restic}: run `npm run tools` (item restic builds it from its Go module)'
    # Checksum files in each vendor's format ("<sha256>  <file>"), read by get_url's `checksum: sha256:<url>` form.
    for sub, sums in (('adguard', 'checksums.txt'), ('k3s', 'sha256sum-amd64.txt'), ('restic', 'SHA256SUMS')):
        dd = os.path.join(art, sub)
        with open(os.path.join(dd, sums), 'w') as f:
            for fn in sorted(os.listdir(dd)):
                if fn != sums:
                    f.write(f'{sha256(os.path.join(dd, fn))}  {fn}\n')
    for root, dirs, files in os.walk(art):
        for x in dirs:
            os.chmod(os.path.join(root, x), 0o755)
        for x in files:
            os.chmod(os.path.join(root, x), 0o644)
    return art, notes


def start_artifact_server(image, net, art):
    cname = f'{ID}-artifacts'
    podman('rm', '-f', cname, check=False)
    podman('run', '-d', '--name', cname, '--network', net.name, '--ip', net.ip(2), '-v', f'{art}:/srv:ro',
           '--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=4096:4096', image,
           'python3', '-m', 'http.server', '80', '--directory', '/srv')
    with LOCK:
        CONTAINERS.append(cname)
    return f'http://{net.ip(2)}'


def download_vars(url, art):
    cf = os.path.join(art, 'cloudflared', 'cloudflared-linux-amd64.deb')
    return {
        'adguard_home_download_url': f'{url}/adguard/AdGuardHome_linux_amd64.tar.gz',
        'adguard_home_checksum': f'sha256:{url}/adguard/checksums.txt',
        'cloudflared_deb_url': f'{url}/cloudflared/cloudflared-linux-amd64.deb',
        'cloudflared_deb_checksum': f'sha256:{sha256(cf)}',
        'k3s_download_url': f'{url}/k3s/k3s',
        'k3s_checksum': f'sha256:{url}/k3s/sha256sum-amd64.txt',
        'restic_backup_url': f'{url}/restic/restic_{RESTIC_VERSION}_linux_amd64.bz2',
        'restic_backup_checksum': f'sha256:{url}/restic/SHA256SUMS',
    }


# ------------------------------------------------------------------------------------------------------ ansible ------
def ansible_env(extra_roles=None):
    env = dict(os.environ)
    env.update({
        'ANSIBLE_ROLES_PATH': ':'.join([p for p in [extra_roles, os.path.join(ROOT, 'ansible', 'roles')] if p]),
        'ANSIBLE_HOST_KEY_CHECKING': 'False', 'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_FORCE_COLOR': '0', 'NO_COLOR': '1',
        'ANSIBLE_RETRY_FILES_ENABLED': 'False', 'ANSIBLE_STDOUT_CALLBACK': 'default', 'ANSIBLE_LOCALHOST_WARNING': 'False',
        'ANSIBLE_INTERPRETER_PYTHON': 'auto_silent', 'ANSIBLE_FORKS': '10',
        'ANSIBLE_PIPELINING': 'True', 'ANSIBLE_PRIVATE_KEY_FILE': SSH_KEY or '', 'ANSIBLE_REMOTE_USER': 'root',
        'ANSIBLE_SSH_ARGS': '-o ControlMaster=auto -o ControlPersist=300s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR',
        'ANSIBLE_SSH_CONTROL_PATH_DIR': os.path.join(os.path.dirname(SSH_KEY), 'cp') if SSH_KEY else '',
    })
    env.pop('ANSIBLE_VAULT_PASSWORD_FILE', None)
    env.pop('ANSIBLE_CONFIG', None)
    return env


RECAP = re.compile(r'^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.M)


def playbook(args, logfile, env):
    """ansible-playbook, its output streamed into logfile (tail it while a long run goes on)."""
    with open(logfile, 'a') as f:
        f.write(f'$ ansible-playbook {" ".join(args)}\n')
        f.flush()
        start = f.tell()
        p = subprocess.run(['ansible-playbook', *args], stdout=f, stderr=subprocess.STDOUT, env=env, cwd=ROOT, timeout=3600)
    with open(logfile) as f:
        f.seek(start)
        out = f.read()
    recap = {m.group(1): {'ok': int(m.group(2)), 'changed': int(m.group(3)), 'unreachable': int(m.group(4)), 'failed': int(m.group(5))}
             for m in RECAP.finditer(out)}
    return p.returncode, recap, out


def changed_tasks(stdout):
    """Names of the tasks that reported `changed` in a playbook's output."""
    out, task = [], None
    for line in stdout.splitlines():
        m = re.match(r'^(?:TASK|RUNNING HANDLER) \[(.*)\]', line)
        if m:
            task = m.group(1)
        elif line.startswith('changed:') and task:
            out.append(task)
    return sorted(set(out))


def failure_lines(stdout):
    return [l[:300] for l in stdout.splitlines() if l.startswith(('fatal:', 'failed:', 'ERROR'))][:4]


# ------------------------------------------------------------------------------------------------ role scenarios -----
# The test vault is made from the example at test time (scripts/test-vault.sh), like jest's and test:ansible's.
TEST_VAULT = subprocess.run(['bash', os.path.join(ROOT, 'scripts', 'test-vault.sh')], check=True, capture_output=True, text=True).stdout.strip()
VAULT = ['-e', f'@{TEST_VAULT}', '--vault-password-file', f'{ROOT}/__tests__/fixtures/vault/test-vault-password']
NOT_RUN = {
    'flux_bootstrap': 'needs a running Kubernetes API (k3s here is a stand-in: no kernel modules, no privileged host)',
    'nfs_server': 'needs the kernel NFS server (nfsd; CONFIG_NETWORK_FILESYSTEMS is unset on this machine)',
    'wireguard': 'needs the kernel WireGuard module (absent here; wireguard-go userspace is not wired into the role test)',
    'authentik_outpost': 'runs ghcr.io/goauthentik/proxy under podman on the guest: no image registry is reachable here, and podman inside these podman hosts is not set up',
    'data_disks': 'formats and mounts a block device by /dev/disk/by-id (a VM data disk): a container has no such device',
    'download_client': 'no scenario yet (Transmission from Debian could run here: a follow-up); its play is also outside the site.yml run (fixture has no media-downloads guest)',
}
PARTLY_NOT_RUN = {
    'nginx_proxy_manager': 'the NPM container (Docker image jc21/nginx-proxy-manager: no image registry reachable); API tasks ran against a STAND-IN of the NPM API',
    'vfio': 'update-grub / update-initramfs / proxmox-boot-tool (vfio_update_boot=false: no bootloader in a container) and the check of the running kernel (vfio_check_binding=false: no PCI devices, no own kernel)',
    'nfs_client': 'the NFS mount itself (no kernel NFS client here); ran with nfs_mounts=[]',
    'k3s': 'Kubernetes itself (the k3s binary is a STAND-IN)',
}


def scenarios(net, dl, work):
    """One host per role: the variables the generated inventory would give it, and what verify checks against."""
    cidr = net.subnet
    lxc = os.path.join(work, 'lxc-configs')
    def lxc_file(host, name, text):
        os.makedirs(os.path.join(lxc, host), exist_ok=True)
        with open(os.path.join(lxc, host, name), 'w') as f:
            f.write(text)
    lxc_file('adguard_home', 'rewrites.yml', 'adguard_rewrites:\n  - domain: adguard-01.home.arpa\n    answer: "{{ verify_exact_answer }}"\n'
             '  - domain: "*.{{ domain }}"\n    answer: "{{ verify_wildcard_answer }}"\n')
    lxc_file('cloudflared', 'cloudflared.yml', 'no-autoupdate: true\nmetrics: localhost:2000\nloglevel: info\n')
    lxc_file('nginx_proxy_manager', 'proxy-hosts.yml',
             'npm_proxy_hosts:\n'
             '  - {name: proxmox-ui, domain_names: ["pve.{{ domain }}"], forward_scheme: https, forward_host: asgard-atlas.home.arpa, forward_port: 8006, auth: authentik, websockets: true}\n'
             '  - {name: wiki, domain_names: ["wiki.{{ domain }}"], forward_scheme: http, forward_host: wiki-01.home.arpa, forward_port: 3000, auth: none, websockets: false}\n'
             'npm_authentik_outpost: http://authentik-01.home.arpa:9000\n')
    common = {'homelab_lxc_configs': lxc, 'ansible_user': 'root', **dl}
    upstream = HOST_RESOLVER
    return {
        'hardening': {'vars': {'host_firewall_rules': [
            {'service': 'ssh', 'protocol': 'tcp', 'ports': [22], 'from': cidr, 'why': 'test'},
            {'service': 'dns', 'protocol': 'udp', 'ports': [53], 'from': cidr, 'why': 'test'}],
            'hardening_permit_root_login': 'prohibit-password', 'verify_cidr': cidr}},
        'adguard_home': {'vars': {'adguard_home_upstream_dns': [upstream], 'verify_exact_name': 'adguard-01.home.arpa',
                                  'verify_exact_answer': net.ip(60), 'verify_wildcard_name': 'grafana.example.net',
                                  'verify_wildcard_answer': net.ip(61), 'verify_forwarded_name': 'deb.debian.org'}},
        'cloudflared': {'vars': {}},
        'k3s': {'vars': {'k3s_version': 'v1.31.6+k3s1', 'k3s_server': 'k3s', 'k3s_node_ip': '', 'k3s_disable': ['traefik', 'local-storage'],
                         'internal_hostname': 'k3s.home.arpa'}, 'groups': ['k8s_control_plane'], 'node_ip': True},
        'restic_backup': {'vars': {'restic_backup_version': RESTIC_VERSION, 'restic_backups': [{
            'name': 'truenas', 'repository': 's3:s3.eu-central-1.amazonaws.com/test-bucket/truenas', 'schedule': '0 3 * * *',
            'paths': ['/srv'], 'access_key_id': '{{ backup_truenas_access_key_id }}',
            'secret_access_key': '{{ backup_truenas_secret_access_key }}', 'password': '{{ restic_password }}'}]}},
        'nginx_proxy_manager': {'vars': {'nginx_proxy_manager_container': False}, 'prepare': 'npm'},
        'vfio': {'vars': {'vfio_update_boot': False, 'vfio_check_binding': False, 'vfio_iommu_flag': 'intel_iommu=on',
                          'vfio_devices': [{'name': 'gpu0', 'path': '0000:01:00', 'ids': ['10de:2204', '10de:1aef'], 'all_functions': True}],
                          'verify_ids': '10de:2204,10de:1aef'}, 'prepare': 'grub'},
        'nfs_client': {'vars': {'nfs_mounts': []}},
    }, common


def prepare_npm(cname):
    """Install the NPM API stand-in as a service on 127.0.0.1:81 (where the role expects NPM's API)."""
    podman('cp', os.path.join(STANDINS, 'npm-api.py'), f'{cname}:/usr/local/bin/npm-api-standin')
    podman('exec', cname, 'systemd-run', '--unit', 'npm-api-standin', '--property', 'Restart=always',
           '/usr/bin/python3', '/usr/local/bin/npm-api-standin')


def run_scenario(role, sc, common, image, net, ip, work, roles_path=None, notes=None):
    res = {'role': role, 'converge': '-', 'idempotent': '-', 'verified': '-', 'note': '', 'changed': []}
    logfile = os.path.join(work, f'{role}.log')
    try:
        cname = start_host(image, net, f'r-{role.replace("_", "-")}', ip, dns=HOST_RESOLVER)
    except Exception as e:  # noqa: BLE001
        res['converge'] = 'FAIL'; res['note'] = f'host did not start: {e}'
        return res
    hostvars = {**common, **sc['vars'], 'ansible_host': ip}
    if sc.get('node_ip'):
        hostvars['k3s_node_ip'] = ip
    inv = {'all': {'hosts': {role: hostvars}, 'children': {g: {'hosts': {role: None}} for g in sc.get('groups', [])}}}
    invfile = os.path.join(work, f'{role}.inventory.json')
    with open(invfile, 'w') as f:
        json.dump(inv, f)
    if sc.get('prepare') == 'npm':
        prepare_npm(cname)
    elif sc.get('prepare') == 'grub':
        # What a Proxmox host with GRUB has and the minbase image lacks (grub2-common, kmod): the directories vfio writes into.
        podman('exec', cname, 'mkdir', '-p', '/etc/default/grub.d', '/etc/modprobe.d', '/etc/modules-load.d')
    env = ansible_env(roles_path)
    args = ['-i', invfile, *VAULT, '-e', f'roles_test_role={role}']
    rc, recap, out = playbook([*args, os.path.join(TESTS, 'converge.yml')], logfile, env)
    h = recap.get(role, {})
    if rc != 0 or h.get('failed', 1) or h.get('unreachable', 1):
        res['converge'] = 'FAIL'; res['note'] = ' | '.join(failure_lines(out)) or f'rc={rc}'
        return res
    res['converge'] = 'ok'
    rc, recap, out = playbook([*args, os.path.join(TESTS, 'converge.yml')], logfile, env)
    h = recap.get(role, {})
    if rc != 0 or h.get('failed', 1):
        res['idempotent'] = 'FAIL'; res['note'] = 'second converge failed: ' + ' | '.join(failure_lines(out))
        return res
    res['changed'] = changed_tasks(out)
    if h.get('changed', 1) != 0:
        res['idempotent'] = f'FAIL (changed={h["changed"]})'; res['note'] = 'changed on the second run: ' + ', '.join(res['changed'])
        return res
    res['idempotent'] = 'ok (changed=0)'
    verify = os.path.join(TESTS, 'verify', f'{role}.yml')
    if not os.path.exists(verify):
        res['verified'] = 'FAIL'; res['note'] = f'no verify playbook {os.path.relpath(verify, ROOT)}'
        return res
    rc, recap, out = playbook([*args, verify], logfile, env)
    if rc != 0:
        res['verified'] = 'FAIL'; res['note'] = ' | '.join(failure_lines(out))
        return res
    res['verified'] = 'ok'
    if role == 'nginx_proxy_manager':
        # Day-one item 16: a proxy host that drifted in NPM (someone edited it, or the model changed) is updated.
        drift = ("import json;p='/var/lib/npm-standin/state.json';s=json.load(open(p));"
                 "s['hosts'][0]['forward_port']=1;s['hosts'][0]['forward_host']='drifted.invalid';json.dump(s,open(p,'w'))")
        podman('exec', cname, 'python3', '-c', drift)
        rc, recap, out = playbook([*args, os.path.join(TESTS, 'converge.yml')], logfile, env)
        upd = [t for t in changed_tasks(out) if 'Update the proxy hosts' in t]
        rc2, _, out2 = playbook([*args, verify], logfile, env)
        if rc != 0 or not upd or rc2 != 0 or recap.get(role, {}).get('changed') != 1:
            res['verified'] = 'FAIL'; res['note'] = 'a drifted proxy host was not updated back to the model: ' + ' | '.join(failure_lines(out + out2))
            return res
        res['verified'] = 'ok (+ drifted host updated)'
    return res


# --------------------------------------------------------------------------------------------------------- table -----
def table(rows):
    w = max(len(r['role']) for r in rows) + 2
    lines = [f'{"role".ljust(w)}{"converge".ljust(17)}{"idempotent".ljust(18)}{"verified".ljust(30)}NOT RUN (reason) / notes',
             '-' * 140]
    for r in rows:
        lines.append(f'{r["role"].ljust(w)}{r["converge"].ljust(17)}{r["idempotent"].ljust(18)}{r["verified"].ljust(30)}{r["note"]}')
    return '\n'.join(lines)


def not_run_reason(role):
    if role in NOT_RUN:
        return NOT_RUN[role]
    if role.startswith('pve_'):
        # Proxmox-only roles (pveum, pvesh, pct, ifreload) added after this runner: no Proxmox VE on a plain Debian host.
        return 'needs a Proxmox VE host (pveum/pvesh/pct are not installable on plain Debian); no scenario with its PVE-only commands behind a check yet'
    return None


def roles_phase(image, net, art_url, art, notes, work, vars_):
    dl = download_vars(art_url, art)
    scs, common = scenarios(net, dl, work)
    wanted = os.environ.get('ROLES', '')
    all_roles = sorted(os.listdir(os.path.join(ROOT, 'ansible', 'roles')))
    rows = []
    jobs = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        for i, role in enumerate(all_roles):
            if wanted and role not in wanted.split(','):
                continue
            if not_run_reason(role):
                rows.append({'role': role, 'converge': 'NOT RUN', 'idempotent': 'NOT RUN', 'verified': 'NOT RUN', 'note': not_run_reason(role)})
                continue
            if role not in scs:
                rows.append({'role': role, 'converge': 'FAIL', 'idempotent': '-', 'verified': '-', 'note': 'no scenario for this role in scripts/test-roles.py'})
                continue
            jobs[role] = pool.submit(run_scenario, role, scs[role], common, image, net, net.ip(100 + i), work)
        for role, fut in jobs.items():
            r = fut.result()
            extra = [x for x in (notes.get(role), ('NOT RUN: ' + PARTLY_NOT_RUN[role]) if role in PARTLY_NOT_RUN else None) if x]
            if extra and r['note'] == '':
                r['note'] = '; '.join(extra)
            elif extra:
                r['note'] += ' || ' + '; '.join(extra)
            rows.append(r)
            log(f'{role}: converge {r["converge"]}, idempotent {r["idempotent"]}, verified {r["verified"]}')
    rows.sort(key=lambda r: r['role'])
    return rows


def planted_non_idempotent(image, net, work):
    """A planted task that changes on every run must make the idempotence check fail."""
    roles = os.path.join(work, 'planted-roles', 'planted_non_idempotent', 'tasks')
    os.makedirs(roles)
    with open(os.path.join(roles, 'main.yml'), 'w') as f:
        f.write('---\n- name: Planted non-idempotent task (writes the time on every run)\n  ansible.builtin.copy:\n'
                '    content: "{{ now().isoformat() }}\\n"\n    dest: /etc/planted-stamp\n    mode: "0644"\n')
    res = run_scenario('planted_non_idempotent', {'vars': {}}, {'ansible_user': 'root'}, image, net, net.ip(99), work,
                       roles_path=os.path.join(work, 'planted-roles'))
    caught = res['converge'] == 'ok' and res['idempotent'].startswith('FAIL')
    return {'role': 'planted: non-idempotent task', 'converge': res['converge'], 'idempotent': res['idempotent'],
            'verified': 'CAUGHT (test passes)' if caught else 'NOT CAUGHT (test FAILS)', 'note': res['note'], 'ok': caught}


# ------------------------------------------------------------------------------------------------- site.yml ---------
SITE_MODEL = os.path.join(ROOT, '__tests__', 'fixtures', 'roles', 'site-model.ts')
SITE_NOT_RUN = [
    ('flux.yml', 'Flux bootstrap needs a running Kubernetes API (flux_enabled=false; k3s is a stand-in)'),
    ('proxmox.yml', 'no NFS export / GPU host in the fixture: kernel nfsd and PCI passthrough are absent here'),
    ('backups.yml', 'no restic source in the fixture (the TrueNAS host is planned); restic runs in the role scenario'),
    ('bastion.yml', 'no bastion in the fixture (kernel WireGuard is absent here)'),
    ('data_disks (k3s.yml)', 'the fixture guests keep only their root disk: a container has no block device to format and mount'),
    ('pve_access, pve_network @ asgard-atlas', 'Proxmox-only (pveum, pvesh, ifreload on vmbr bridges): excluded from the site.yml run with --limit, so asgard-atlas is not configured by it'),
    ('authentik-outpost.yml @ authentik-01', 'the outpost container image (ghcr.io) is not reachable here: authentik-01 is excluded from the site.yml run with --limit'),
    ('nginx_proxy_manager', 'the NPM container (Docker image): its API is a STAND-IN on nginx-proxy-01'),
]


# Fixture hosts the --limit of the site.yml run leaves out (their plays are NOT RUN above).
SITE_EXCLUDED = {'asgard-atlas', 'authentik-01'}


def synth_fixture(work):
    """The fixture model's outputs (inventory, lxc-configs, vault shape) in <work>/site, synthesized once per run."""
    out = os.path.join(work, 'site')
    if not os.path.exists(os.path.join(out, 'ansible', 'inventory', 'hosts.yml')):
        run(['node', os.path.join(ROOT, 'scripts', 'run-synth.js'), '--model', SITE_MODEL, '--root', out, '--quiet'], cwd=ROOT)
    return out


def site_setup(work, net, dl, resolver, prefix):
    import yaml  # the tools venv's Python (scripts/test-roles.sh runs this file with it)
    site = synth_fixture(work)
    with open(os.path.join(site, 'ansible', 'inventory', 'hosts.yml')) as f:
        inv = yaml.safe_load(f)['all']
    planned = set((inv['children'].get('planned') or {}).get('hosts') or {})
    hosts = []
    for loc in inv['children'].values():
        for h in (loc.get('hosts') or {}):
            if h not in planned and h not in hosts:
                hosts.append(h)
    # Each phase its own addresses (planted .150+, site .10+): a reused address answers with the removed container's
    # MAC from the host's neighbour cache for a while, and ssh times out.
    base = 150 if prefix == 'p' else 10
    ips = {'adguard-01': net.ip(base)}
    for i, h in enumerate(sorted(x for x in hosts if x != 'adguard-01')):
        ips[h] = net.ip(base + 1 + i)
    with open(os.path.join(site, 'ansible', 'vault.example.yml')) as f:
        vault = yaml.safe_load(f)
    snake = {h: h.replace('-', '_') for h in hosts}
    for k in list(vault):
        if k.startswith('address_'):
            for h, s in snake.items():
                if k == f'address_{s}' or k.startswith(f'address_{s}_'):
                    vault[k] = ips[h]
        elif k.startswith('cidr_'):
            vault[k] = net.subnet
        elif k.startswith('gateway_'):
            vault[k] = net.gateway
    vault_file = os.path.join(work, f'{prefix}-vault.json')
    with open(vault_file, 'w') as f:
        json.dump(vault, f)
    # ansible_host stays the inventory's vault reference: the vault maps it to the container's address.
    extra = {**dl, 'ansible_user': 'root', 'ansible_python_interpreter': '/usr/bin/python3', 'homelab_repo_root': site,
             'adguard_home_upstream_dns': [resolver], 'nginx_proxy_manager_container': False, 'flux_enabled': False}
    extra_file = os.path.join(work, f'{prefix}-vars.json')
    with open(extra_file, 'w') as f:
        json.dump(extra, f)
    return site, hosts, ips, ['-i', os.path.join(site, 'ansible', 'inventory', 'hosts.yml'), '-e', f'@{vault_file}', '-e', f'@{extra_file}']


def start_site_hosts(image, net, hosts, ips, resolver, prefix):
    """adguard-01 first (it resolves through the machine's resolver); every other guest resolves through adguard-01."""
    guests_dns = ips['adguard-01']
    start_host(image, net, f'{prefix}-adguard-01', ips['adguard-01'], resolver)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futs = [pool.submit(start_host, image, net, f'{prefix}-{h}', ips[h], resolver if h.startswith('asgard-') else guests_dns)
                for h in hosts if h != 'adguard-01']
        for f in futs:
            f.result()
    if 'nginx-proxy-01' in hosts:
        prepare_npm(f'{ID}-{prefix}-nginx-proxy-01')


def remove_site_hosts(hosts, prefix):
    for h in hosts:
        c = f'{ID}-{prefix}-{h}'
        podman('rm', '-f', '-t', '0', c, check=False)
        with LOCK:
            if c in CONTAINERS:
                CONTAINERS.remove(c)


def planted_apt_before_dns(image, net, work, dl, resolver):
    """The old site.yml order (hardening's apt on every host before AdGuard exists) must fail on a guest that resolves
    through adguard-01: the planted playbook imports hardening.yml, then dns.yml, on fresh containers."""
    site, hosts, ips, args = site_setup(work, net, dl, resolver, 'p')
    pick = ['adguard-01', 'bananagator-01']
    start_site_hosts(image, net, pick, ips, resolver, 'p')
    planted = os.path.join(work, 'planted-order')
    os.makedirs(planted)
    os.symlink(os.path.join(ROOT, 'ansible', 'group_vars'), os.path.join(planted, 'group_vars'))
    with open(os.path.join(planted, 'planted-site.yml'), 'w') as f:
        f.write(f'---\n# PLANTED: the order before day-one item 6 was fixed (hardening first, DNS later).\n'
                f'- name: OS hardening\n  ansible.builtin.import_playbook: {ROOT}/ansible/hardening.yml\n'
                f'- name: DNS\n  ansible.builtin.import_playbook: {ROOT}/ansible/dns.yml\n')
    rc, recap, out = playbook([*args, '--limit', ','.join(pick), os.path.join(planted, 'planted-site.yml')], os.path.join(work, 'planted-order.log'), ansible_env())
    remove_site_hosts(pick, 'p')
    guest_failed = recap.get('bananagator-01', {}).get('failed', 0) > 0
    apt_msg = bool(re.search(r'(?i)(apt cache|apt-get update|resolv|Temporary failure|Failed to fetch)', out))
    caught = rc != 0 and guest_failed and apt_msg
    return {'role': 'planted: apt before DNS', 'converge': 'FAIL' if rc else 'ok', 'idempotent': '-',
            'verified': 'CAUGHT (test passes)' if caught else 'NOT CAUGHT (test FAILS)',
            'note': ' | '.join(failure_lines(out))[:400], 'ok': caught}


def site_phase(image, net, work, dl, resolver):
    site, hosts, ips, args = site_setup(work, net, dl, resolver, 's')
    start_site_hosts(image, net, hosts, ips, resolver, 's')
    logfile = os.path.join(work, 'site.log')
    rows = []
    env = ansible_env()
    t = time.time()
    # Hosts whose plays cannot run in a container here (listed in SITE_NOT_RUN with the reason).
    limit = ['--limit', 'all:!pve_access_hosts:!pve_network_hosts:!identity_outpost']
    hosts = [h for h in hosts if h not in SITE_EXCLUDED]
    rc1, recap1, out1 = playbook([*args, *limit, os.path.join(ROOT, 'ansible', 'site.yml')], logfile, env)
    t1 = time.time() - t
    t = time.time()
    rc2, recap2, out2 = playbook([*args, *limit, os.path.join(ROOT, 'ansible', 'site.yml')], logfile, env) if rc1 == 0 else (None, {}, '(not run: run 1 failed)')
    t2 = time.time() - t
    # End to end: a guest resolves another guest's internal name through adguard-01.
    dig = podman('exec', f'{ID}-s-bananagator-01', 'dig', '+short', '+time=3', 'k8s-master-01.home.arpa', check=False).stdout.split()
    for h in sorted(hosts):
        a, b = recap1.get(h), recap2.get(h)
        first = 'ok' if a and not a['failed'] and not a['unreachable'] else ('FAIL' if a else 'FAIL (no recap)')
        second = ('ok (changed=0)' if b['changed'] == 0 else f'FAIL (changed={b["changed"]})') if b and not b['failed'] else 'FAIL'
        rows.append({'role': f'site.yml @ {h}', 'converge': first, 'idempotent': second, 'verified': '-', 'note': ''})
    bad1 = [r for r in rows if r['converge'] != 'ok']
    bad2 = [r for r in rows if not r['idempotent'].startswith('ok')]
    if bad1:
        rows.append({'role': 'site.yml run 1', 'converge': 'FAIL', 'idempotent': '-', 'verified': '-', 'note': ' | '.join(failure_lines(out1))})
    if bad2:
        rows.append({'role': 'site.yml run 2', 'converge': '-', 'idempotent': 'FAIL', 'verified': '-', 'note': 'changed: ' + ', '.join(changed_tasks(out2)) + ' ' + ' | '.join(failure_lines(out2))})
    resolved = dig == [ips['k8s-master-01']]
    rows.append({'role': 'site.yml DNS path', 'converge': '-', 'idempotent': '-', 'verified': 'ok' if resolved else 'FAIL',
                 'note': f'bananagator-01 resolves k8s-master-01.home.arpa through adguard-01 (STAND-IN AdGuard): {dig}'})
    for what, why in SITE_NOT_RUN:
        rows.append({'role': f'site.yml {what}', 'converge': 'NOT RUN', 'idempotent': 'NOT RUN', 'verified': 'NOT RUN', 'note': why})
    log(f'site.yml: run 1 {t1:.0f}s (rc {rc1}), run 2 {t2:.0f}s (rc {rc2}), {len(hosts)} hosts')
    ok = not bad1 and not bad2 and resolved and rc1 == 0 and rc2 == 0
    return rows, ok, (t1, t2)


# ------------------------------------------------------------------------------------------------------------ main --
def main():
    image = run(['bash', os.path.join(ROOT, 'scripts', 'roles-image.sh'), '--tag']).stdout.strip()
    if podman('image', 'exists', image, check=False).returncode != 0:
        print(f'test-roles: FAILED: image {image} is missing — fix: npm run tools (item roles-image)', file=sys.stderr)
        return 1
    resolver = HOST_RESOLVER
    work = tempfile.mkdtemp(prefix=f'{ID}-')
    global SSH_KEY
    SSH_KEY = os.path.join(work, 'id_ed25519')
    run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', f'{ID}-roles-test', '-f', SSH_KEY])
    os.makedirs(os.path.join(work, 'cp'))
    net = None
    rows, failed = [], False
    vars_ = {'cloudflared_version': '2025.8.1', 'k3s_version': 'v1.31.6+k3s1', 'restic_backup_version': RESTIC_VERSION}
    try:
        net = Net()
        art, notes = build_artifacts(work, vars_)
        url = start_artifact_server(image, net, art)
        dl = download_vars(url, art)
        log(f'id {ID}, network {net.name} {net.subnet}, artifacts at {url}, image {image}, work dir {work}')
        if ONLY in ('all', 'roles'):
            rows += roles_phase(image, net, url, art, notes, work, vars_)
            failed |= any(r['converge'] == 'FAIL' or r['idempotent'].startswith('FAIL') or r['verified'].startswith('FAIL') for r in rows)
            p = planted_non_idempotent(image, net, work)
            rows.append(p); failed |= not p['ok']
        if ONLY in ('all', 'site'):
            if '--skip-planted' not in sys.argv:
                p = planted_apt_before_dns(image, net, work, dl, resolver)
                rows.append(p); failed |= not p['ok']
            site_rows, ok, _ = site_phase(image, net, work, dl, resolver)
            rows += site_rows; failed |= not ok
    except Exception as e:  # noqa: BLE001
        print(f'test-roles: ERROR: {e}', file=sys.stderr)
        failed = True
    finally:
        cleanup(net)
    if not rows:
        print(f'test-roles: nothing ran (--only {ONLY}: use roles, site or all)', file=sys.stderr)
        failed = True
    print(table(rows) if rows else '(no results)')
    print(f'test-roles: {"FAILED" if failed else "passed"} in {time.time() - T0:.0f}s (logs: {work})')
    if not failed and not KEEP:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
