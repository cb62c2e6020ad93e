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
import base64
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


def wait_booted(cname, seconds):
    """Whether the host's systemd finished booting (running or degraded) within `seconds`."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        state = podman('exec', cname, 'systemctl', 'is-system-running', check=False).stdout.strip()
        if state in ('running', 'degraded'):
            return True
        time.sleep(1)
    return False


def start_host(image, net, name, ip, dns, extra=()):
    """extra: podman run options of this host only (a block device, /dev/net/tun, a tmpfs where a node mounts storage)."""
    cname = f'{ID}-{name}'
    # Boot takes ~2 s on an idle machine, up to a minute with two dozen hosts booting on 2 loaded cores. Three times a
    # site host (one of several started at once) stayed in `initializing` for minutes, and a restart did not help: it is
    # made again from the image once, and what its systemd was running is logged, so the run names the cause.
    for attempt in (1, 2):
        podman('rm', '-f', '-t', '0', cname, check=False)
        podman('run', '-d', '--name', cname, '--hostname', name, '--network', net.name, '--ip', ip, '--dns', dns,
               '--systemd=always', '--cap-add', 'NET_ADMIN', '--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=4096:4096',
               *extra, image, '/sbin/init')
        with LOCK:
            if cname not in CONTAINERS:
                CONTAINERS.append(cname)
        if wait_booted(cname, 150 if attempt == 1 else 300):
            break
        jobs = podman('exec', cname, 'systemctl', 'list-jobs', '--no-pager', check=False).stdout.splitlines()
        busy = [' '.join(j.split()) for j in jobs if ' running' in j] or ['(no job running)']
        if attempt == 2:
            raise RuntimeError(f'{cname} did not boot after being made again (systemd running: {"; ".join(busy)[:400]})')
        log(f'{name}: still initializing after 150 s (systemd running: {"; ".join(busy)[:400]}); making it again from the image')
    # No package lists, and old enough that apt's cache_valid_time never counts them as fresh: the first apt task of a
    # role must run `apt-get update` (through DNS), as on a guest made from a template built long ago.
    podman('exec', cname, 'touch', '-d', '@0', '/var/lib/apt/lists')
    if SSH_KEY:
        with open(SSH_KEY + '.pub') as f:
            pub = f.read().strip()
        podman('exec', cname, 'sh', '-c', f'install -d -m 0700 /root/.ssh && echo "{pub}" >> /root/.ssh/authorized_keys && chmod 0600 /root/.ssh/authorized_keys')
    return cname


# Loop devices the test attached (a data disk for the data_disks hosts): detached at the end, after their containers.
LOOPS = []


def loop_disk(work, name, size='96M'):
    """A real block device for a host whose role formats and mounts a VM data disk: a sparse file in the work directory
    attached as a loop device (podman passes it with --device; mounting it needs CAP_SYS_ADMIN in that host)."""
    img = os.path.join(work, f'{name}.img')
    run(['truncate', '-s', size, img])
    dev = run(['losetup', '--find', '--show', img]).stdout.strip()
    with LOCK:
        LOOPS.append(dev)
    return dev


def disk_host_args(devs):
    """podman options of a host with these block devices. /sys/dev/block unmasked: libblkid finds a filesystem by LABEL=
    through it (podman masks it by default)."""
    if not devs:
        return []
    return [*(a for d in devs for a in ('--device', f'{d}:{d}')), '--cap-add', 'SYS_ADMIN', '--security-opt', 'unmask=/sys/dev/block']


def link_disk(cname, dev, by_id):
    """What udev makes on a VM (no udev in the container): the disk's stable by-id name pointing at the device."""
    podman('exec', cname, 'sh', '-c', f'mkdir -p {os.path.dirname(by_id)} && ln -sfn {dev} {by_id}')


def cleanup(net):
    if KEEP:
        log(f'--keep: containers left running: {" ".join(CONTAINERS)}; network {net.name if net else "-"}; loop devices {" ".join(LOOPS) or "-"}')
        return
    for c in CONTAINERS:
        podman('rm', '-f', '-t', '0', c, check=False)
    if net:
        podman('network', 'rm', '-f', net.name, check=False)
    for dev in LOOPS:
        run(['losetup', '-d', dev], check=False)


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
    # Flux: a STAND-IN install manifest (its release manifest is a GitHub download; nothing applies it here anyway).
    d = os.path.join(art, 'flux'); os.makedirs(d)
    with open(os.path.join(d, 'install.yaml'), 'w') as f:
        f.write('# STAND-IN of the Flux release manifest (role tests): the namespace only\n'
                'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n')
    notes['flux_bootstrap'] = 'the Flux install manifest is a STAND-IN (release downloads are not reachable here)'
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
    # The pve-no-subscription repository: a STAND-IN, an empty apt repository for the test image's release (apt update
    # on a node must succeed after pve_repositories; download.proxmox.com is not reachable here).
    d = os.path.join(art, 'pve', 'dists', 'bookworm'); os.makedirs(os.path.join(d, 'pve-no-subscription', 'binary-amd64'))
    open(os.path.join(d, 'pve-no-subscription', 'binary-amd64', 'Packages'), 'w').close()
    with open(os.path.join(d, 'Release'), 'w') as f:
        f.write('Origin: platform-stack role tests\nLabel: pve-no-subscription stand-in\nSuite: bookworm\nCodename: bookworm\n'
                'Architectures: amd64\nComponents: pve-no-subscription\nSHA256:\n'
                f' {hashlib.sha256(b"").hexdigest()} 0 pve-no-subscription/binary-amd64/Packages\n')
    notes['pve_repositories'] = 'the pve-no-subscription repository is a STAND-IN (an empty apt repository; download.proxmox.com is not reachable here)'
    # Checksum files in each vendor's format ("<sha256>  <file>"), read by get_url's `checksum: sha256:<url>` form.
    for sub, sums in (('adguard', 'checksums.txt'), ('k3s', 'sha256sum-amd64.txt'), ('restic', 'SHA256SUMS'), ('flux', 'flux_checksums.txt')):
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
        'flux_bootstrap_install_url': f'{url}/flux/install.yaml',
        'flux_bootstrap_install_checksum': f'sha256:{url}/flux/flux_checksums.txt',
        'pve_repositories_url': f'{url}/pve',
        'pve_repositories_trusted': True,
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
}
PARTLY_NOT_RUN = {
    'nginx_proxy_manager': 'the NPM container (Docker image jc21/nginx-proxy-manager: no image registry reachable); API tasks ran against a STAND-IN of the NPM API',
    'vfio': 'update-grub / update-initramfs / proxmox-boot-tool (vfio_update_boot=false: no bootloader in a container) and the check of the running kernel (vfio_check_binding=false: no PCI devices, no own kernel)',
    'nfs_client': 'the NFS mount itself (no kernel NFS client here); ran with nfs_mounts=[]',
    'k3s': 'Kubernetes itself (the k3s binary is a STAND-IN)',
    'authentik_outpost': 'pulling and starting ghcr.io/goauthentik/proxy and the wait for its port (authentik_outpost_start=false: no image registry here; these Debian 12 hosts also have podman 4.3, without the Quadlet generator of the guest\'s Ubuntu 24.04)',
    'pve_access': 'all of it: every task is pveversion/pveum (pve_commands_available=false: Proxmox VE is not installable on plain Debian)',
    'pve_network': 'pvesh get /storage, pvesm add/set of the local pools and `ifreload -a` (pve_commands_available=false: no Proxmox VE on plain Debian, no bridge driver in this kernel)',
    'pve_guest_mounts': 'pct config / pct set / pct reboot (pve_commands_available=false); /etc/pve is a plain directory here, not pmxcfs',
    'wireguard': 'the kernel WireGuard module (absent here)',
    'flux_bootstrap': 'everything applied to the cluster: controllers, Secrets, entry point (flux_bootstrap_cluster_available=false: k3s here is a STAND-IN, no Kubernetes API)',
    'nfs_server': 'starting nfs-server and `exportfs -ra` (nfs_server_kernel_available=false: no nfsd in this kernel, CONFIG_NETWORK_FILESYSTEMS is unset)',
}
# How a scenario stands in for what its role meets on a real host (printed with the role's row).
SCENARIO_NOTES = {
    'wireguard': 'two hosts (bastion, vpn gateway); wg-quick falls back to wireguard-go, the REAL userspace WireGuard built from its Go module',
    'data_disks': 'the VM data disk is a REAL block device: a loop device (sparse file), named /dev/disk/by-id/… by the test as udev would',
    'download_client': 'REAL Transmission from Debian',
}
# Keys of the test's own WireGuard ends (random per run; the vault's are placeholders `wg pubkey` rejects).
WG_KEYS = {side: base64.b64encode(os.urandom(32)).decode() for side in ('bastion', 'asgard')}
# What the NOT RUN part of the pve_* roles and the outpost needs on these hosts: the named checks, off.
OFF_CHECKS = {'pve_commands_available': False, 'authentik_outpost_start': False, 'nfs_server_kernel_available': False,
              'flux_bootstrap_cluster_available': False,
              # the vault example's outpost token is a FAKE- placeholder, which the role refuses by design
              'authentik_infrastructure_outpost_token': 'roles-test-outpost-token'}
PVE_INTERFACES = (
    # A Proxmox node's interfaces file (the installer's management bridge, a second bridge on its own NIC).
    'auto lo\niface lo inet loopback\n\n'
    'auto vmbr0\niface vmbr0 inet static\n\taddress {mgmt}\n\tbridge-ports eno1\n\tbridge-stp off\n\tbridge-fd 0\n\n'
    'auto vmbr1\niface vmbr1 inet manual\n\tbridge-ports eno2\n\tbridge-stp off\n\tbridge-fd 0\n')
PVE_LXC_CONF = (
    # /etc/pve/lxc/<vmid>.conf as `pct create` writes it, with two snapshots' sections the role must leave alone.
    'arch: amd64\ncores: 2\nhostname: {guest}\nmemory: 2048\nnet0: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,ip=dhcp,type=veth\n'
    'ostype: debian\nparent: before-upgrade\nrootfs: atlas-bedrock:{vmid}/vm-{vmid}-disk-0.raw,size=8G\nunprivileged: 1\n\n'
    '[first-boot]\narch: amd64\nhostname: {guest}\nmemory: 2048\nsnaptime: 1700000000\nunprivileged: 1\n\n'
    '[before-upgrade]\narch: amd64\nhostname: {guest}\nmemory: 2048\nparent: first-boot\nsnaptime: 1700100000\nunprivileged: 1\n')
DATA_DISK = '/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi1'


def scenarios(net, dl, work):
    """One host per role (two for wireguard): the variables the generated inventory would give it, and what verify
    checks against. Keys: vars, groups, hosts (several hosts: name → vars/groups), extra (-e after the vault: wins over
    it), prepare (what the host needs before the role), disk (a loop device at this by-id path), tmpfs, tun,
    verify=False (nothing left to verify: its reason is in PARTLY_NOT_RUN)."""
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
    idmap = [{'kind': k, 'start': s, 'host': h, 'count': c} for k in ('u', 'g')
             for s, h, c in ((0, 100000, 1000), (1000, 1000, 1), (1001, 101001, 64535))]
    return {
        'hardening': {'vars': {'host_firewall_rules': [
            {'service': 'ssh', 'protocol': 'tcp', 'ports': [22], 'from': cidr, 'why': 'test'},
            {'service': 'dns', 'protocol': 'udp', 'ports': [53], 'from': cidr, 'why': 'test'}],
            'hardening_permit_root_login': 'prohibit-password', 'verify_cidr': cidr,
            # Policy routes: the bastion tunnel's return route (a host on the vpn gateway's network, via an on-link
            # address) and a source route through the network's gateway (a guest on several networks).
            'policy_routes': [
                {'source': '{{ ansible_host }}', 'table': 51820, 'priority': 9500, 'routes': [{'to': '10.99.0.0/24', 'via': net.ip(250)}]},
                {'source': '{{ ansible_host }}', 'table': 100, 'priority': 9600, 'routes': [{'to': 'default', 'via': net.gateway}]}]}},
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
        # Transmission from Debian, as on the media-downloads guest (the model's http port 80, the media share's ids).
        'download_client': {'vars': {'download_client_media_dir': '/media', 'download_client_rpc_port': 80,
                                     'download_client_hostname': 'media-01.home.arpa', 'download_client_uid': 1000,
                                     'download_client_gid': 1000}},
        'data_disks': {'vars': {'data_disks_mounts': [{'use': 'local-path', 'device': DATA_DISK, 'label': 'local-path',
                                                       'path': '/var/lib/local-path-provisioner', 'fstype': 'ext4'}]},
                       'disk': DATA_DISK},
        'authentik_outpost': {'vars': {'authentik_outpost_version': '2025.8.4', 'authentik_outpost_server_url': 'https://auth.{{ domain }}',
                                       'authentik_outpost_port': 9000}, 'extra': OFF_CHECKS},
        'pve_access': {'vars': {'pve_automation_user': 'tofu@pve', 'pve_automation_token_id': 'platform-stack',
                                'pve_automation_role': 'PlatformStackProvisioner'}, 'extra': OFF_CHECKS, 'verify': False},
        'pve_network': {'vars': {'pve_vlan_aware_bridges': ['vmbr0', 'vmbr1'],
                                 'pve_vlan_interfaces': [{'network': 'mimir-storage-vlan', 'bridge': 'vmbr1', 'vlan_id': 40,
                                                          'address': '192.0.2.11', 'cidr': '192.0.2.0/24'}],
                                 'pve_local_storage': [{'id': 'atlas-bedrock', 'path': '/var/lib/platform-stack/storage/atlas-bedrock',
                                                        'content': ['images', 'import', 'iso', 'rootdir', 'snippets', 'vztmpl'],
                                                        'required_gib': 1}],
                                 'verify_mgmt': '198.51.100.2/24'},
                        'extra': OFF_CHECKS, 'prepare': 'pve-network'},
        'pve_guest_mounts': {'vars': {'pve_bind_mounts': [{
            'guest': 'media-01', 'vmid': 231, 'mount': 'mp0', 'host_path': '/mnt/platform-stack/atlas-data', 'path': '/media',
            'privileged': False, 'owner_uid': 1000, 'owner_gid': 1000,
            'subids': [{'file': 'subuid', 'id': 1000}, {'file': 'subgid', 'id': 1000}], 'idmap': idmap}]},
            'extra': OFF_CHECKS, 'prepare': 'pve-lxc', 'tmpfs': ['/mnt/platform-stack/atlas-data']},
        # What a fresh Proxmox VE 8 node has: the enterprise repositories (401 without a subscription).
        'pve_repositories': {'vars': {}, 'prepare': 'pve-repos'},
        'flux_bootstrap': {'vars': {'homelab_repo_root': ROOT, 'flux_cluster_path': 'k8s/clusters/asgard-orion-cluster'}, 'extra': OFF_CHECKS},
        'nfs_server': {'vars': {'nfs_exports': [{
            'storage': 'atlas-data', 'path': '/mnt/data', 'clients': cidr, 'options': 'rw,sync,no_subtree_check,all_squash,anonuid=1000,anongid=1000',
            'owner_uid': 1000, 'owner_gid': 1000, 'mode': '2775'}]}, 'extra': OFF_CHECKS,
            # The share's own filesystem (a disk or volume on a real node): the role refuses an export on the root filesystem.
            'tmpfs': ['/mnt/data']},
        # The bastion and the asgard vpn gateway: a real WireGuard link between two hosts (wireguard-go).
        # The routed networks are not the test network: the bastion routes them into the tunnel, and Ansible reaches
        # it over the test network.
        'wireguard': {'hosts': {
            'bastion': {'groups': ['bastion'], 'vars': {}},
            'vpn-gateway': {'groups': ['vpn_gateway'], 'vars': {
                'homelab_role': 'vpn-gateway', 'wireguard_routed_cidrs': ['198.51.100.0/24'],
                'hardening_firewall_forward_rules': [{'service': 'ssh', 'protocol': 'tcp', 'ports': [22], 'to': '198.51.100.0/24', 'why': 'test'}]}}},
            'vars': {'verify_tunnel_bastion_ip': '192.0.2.253', 'verify_tunnel_asgard_ip': '192.0.2.254'},
            'extra': {'wireguard_bastion_private_key': WG_KEYS['bastion'], 'wireguard_asgard_private_key': WG_KEYS['asgard'],
                      'wireguard_tunnel_cidr': '192.0.2.252/30'},
            'prepare': 'wireguard', 'tun': True, 'sysctl': True},
    }, common


def prepare_npm(cname):
    """Install the NPM API stand-in as a service on 127.0.0.1:81 (where the role expects NPM's API)."""
    podman('cp', os.path.join(STANDINS, 'npm-api.py'), f'{cname}:/usr/local/bin/npm-api-standin')
    podman('exec', cname, 'systemd-run', '--unit', 'npm-api-standin', '--property', 'Restart=always',
           '/usr/bin/python3', '/usr/local/bin/npm-api-standin')


WIREGUARD_GO = os.path.join(TOOLS_DIR, 'bin', 'wireguard-go')


def prepare_wireguard(cname):
    """wireguard-go where wg-quick looks for it, and the one switch it needs on Linux (it refuses to run beside a kernel
    that could have the module unless told): what a host without the kernel module would be given."""
    if not os.path.exists(WIREGUARD_GO):
        raise RuntimeError(f'MISSING {WIREGUARD_GO}: run `npm run tools` (item wireguard-go builds it from its Go module)')
    podman('cp', WIREGUARD_GO, f'{cname}:/usr/local/bin/wireguard-go')
    podman('exec', cname, 'sh', '-c', 'mkdir -p /etc/systemd/system/wg-quick@.service.d && printf "[Service]\\n'
           'Environment=WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1\\n" > /etc/systemd/system/wg-quick@.service.d/userspace.conf'
           ' && systemctl daemon-reload')


PVE_ENTERPRISE_LISTS = {
    # As a fresh Proxmox VE 8 install writes them (unreachable here, and 401 without a subscription on a real node).
    'pve-enterprise.list': 'deb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\n',
    'ceph.list': 'deb https://enterprise.proxmox.com/debian/ceph-quincy bookworm enterprise\n',
}


def prepare_pve_repos(cname):
    """The enterprise repository files of a fresh Proxmox VE install."""
    for name, line in PVE_ENTERPRISE_LISTS.items():
        podman('exec', cname, 'sh', '-c', f'printf "%s" "{line}" > /etc/apt/sources.list.d/{name}')


def prepare_pve_network(cname, mgmt):
    """What a Proxmox node has and the minbase image lacks: ifupdown2 (Debian's own package) and the installer's
    interfaces file with its bridges."""
    # ifupdown2 as Proxmox configures it: several VLAN-aware bridges allowed (Debian's default allows one), and the run
    # directory its lock lives in (made at boot on a node).
    podman('exec', cname, 'sh', '-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ifupdown2 >/dev/null'
           ' && sed -i "s/^multiple_vlan_aware_bridge_support=0/multiple_vlan_aware_bridge_support=1/" /etc/network/ifupdown2/ifupdown2.conf'
           ' && mkdir -p /run/network')
    with tempfile.NamedTemporaryFile('w', suffix='.interfaces', delete=False) as f:
        f.write(PVE_INTERFACES.format(mgmt=mgmt))
    podman('cp', f.name, f'{cname}:/etc/network/interfaces')
    os.unlink(f.name)
    # The package lists fetched here must not make the role's apt tasks skip their own update.
    podman('exec', cname, 'touch', '-d', '@0', '/var/lib/apt/lists')


def prepare_pve_lxc(cname, mounts):
    """The containers' configuration files the asgard stack created (pct create), in /etc/pve/lxc."""
    for m in mounts:
        with tempfile.NamedTemporaryFile('w', suffix='.conf', delete=False) as f:
            f.write(PVE_LXC_CONF.format(guest=m['guest'], vmid=m['vmid']))
        podman('exec', cname, 'mkdir', '-p', '/etc/pve/lxc')
        podman('cp', f.name, f'{cname}:/etc/pve/lxc/{m["vmid"]}.conf')
        os.unlink(f.name)


NEXT_IP = [200]


def next_ip(net):
    with LOCK:
        NEXT_IP[0] += 1
        return net.ip(NEXT_IP[0])


def run_scenario(role, sc, common, image, net, ip, work, roles_path=None, notes=None):
    """One scenario on its own hosts, which are removed when it ends (unless --keep): every systemd host holds ~6 inotify
    instances of the 128 the kernel allows root by default (fs.inotify.max_user_instances), so two dozen finished role
    hosts left running made the next hosts hang in early boot (`initializing`)."""
    hosts = sc.get('hosts') or {role: None}
    try:
        return scenario_result(role, sc, common, image, net, ip, work, roles_path, notes)
    finally:
        if not KEEP:
            for h in hosts:
                c = f'{ID}-r-{h.replace("_", "-")}'
                podman('rm', '-f', '-t', '0', c, check=False)
                with LOCK:
                    if c in CONTAINERS:
                        CONTAINERS.remove(c)


def scenario_result(role, sc, common, image, net, ip, work, roles_path=None, notes=None):
    res = {'role': role, 'converge': '-', 'idempotent': '-', 'verified': '-', 'note': '', 'changed': []}
    logfile = os.path.join(work, f'{role}.log')
    hosts = sc.get('hosts') or {role: {'vars': sc.get('vars', {}), 'groups': sc.get('groups', [])}}
    inv = {'all': {'hosts': {}, 'children': {}}}
    cnames = {}
    try:
        for i, (h, hs) in enumerate(hosts.items()):
            hip = ip if i == 0 else next_ip(net)
            extra = []
            dev = loop_disk(work, f'{role}-{h}') if sc.get('disk') else None
            if dev:
                extra += disk_host_args([dev])
            for path in sc.get('tmpfs', []):
                extra += ['--tmpfs', f'{path}:rw,mode=0755']
            if sc.get('tun'):
                extra += ['--device', '/dev/net/tun']
            if sc.get('sysctl'):
                # A writable /proc/sys (podman mounts it read-only): the role sets net.ipv4.ip_forward, which is per
                # network namespace, i.e. this container's own.
                extra += ['--security-opt', 'unmask=/proc/sys']
            cname = start_host(image, net, f'r-{h.replace("_", "-")}', hip, dns=HOST_RESOLVER, extra=extra)
            cnames[h] = cname
            if dev:
                link_disk(cname, dev, sc['disk'])
            hostvars = {**common, **sc.get('vars', {}), **hs['vars'], 'ansible_host': hip}
            if sc.get('node_ip'):
                hostvars['k3s_node_ip'] = hip
            inv['all']['hosts'][h] = hostvars
            for g in hs.get('groups', []):
                inv['all']['children'].setdefault(g, {'hosts': {}})['hosts'][h] = None
            prep = sc.get('prepare')
            if prep == 'npm':
                prepare_npm(cname)
            elif prep == 'grub':
                # What a Proxmox host with GRUB has and the minbase image lacks (grub2-common, kmod): the directories vfio writes into.
                podman('exec', cname, 'mkdir', '-p', '/etc/default/grub.d', '/etc/modprobe.d', '/etc/modules-load.d')
            elif prep == 'wireguard':
                prepare_wireguard(cname)
            elif prep == 'pve-network':
                prepare_pve_network(cname, hostvars['verify_mgmt'])
            elif prep == 'pve-repos':
                prepare_pve_repos(cname)
            elif prep == 'pve-lxc':
                prepare_pve_lxc(cname, hostvars['pve_bind_mounts'])
    except Exception as e:  # noqa: BLE001
        res['converge'] = 'FAIL'; res['note'] = f'host did not start or prepare: {e}'[:600]
        return res
    invfile = os.path.join(work, f'{role}.inventory.json')
    with open(invfile, 'w') as f:
        json.dump(inv, f)
    env = ansible_env(roles_path)
    args = ['-i', invfile, *VAULT, '-e', f'roles_test_role={role}']
    if sc.get('extra'):
        extra_file = os.path.join(work, f'{role}.extra.json')
        with open(extra_file, 'w') as f:
            json.dump(sc['extra'], f)
        args += ['-e', f'@{extra_file}']
    rc, recap, out = playbook([*args, os.path.join(TESTS, 'converge.yml')], logfile, env)
    if rc != 0 or any(recap.get(h, {}).get('failed', 1) or recap.get(h, {}).get('unreachable', 1) for h in hosts):
        res['converge'] = 'FAIL'; res['note'] = ' | '.join(failure_lines(out)) or f'rc={rc}'
        return res
    res['converge'] = 'ok'
    rc, recap, out = playbook([*args, os.path.join(TESTS, 'converge.yml')], logfile, env)
    if rc != 0 or any(recap.get(h, {}).get('failed', 1) for h in hosts):
        res['idempotent'] = 'FAIL'; res['note'] = 'second converge failed: ' + ' | '.join(failure_lines(out))
        return res
    res['changed'] = changed_tasks(out)
    changed = sum(recap.get(h, {}).get('changed', 1) for h in hosts)
    if changed != 0:
        res['idempotent'] = f'FAIL (changed={changed})'; res['note'] = 'changed on the second run: ' + ', '.join(res['changed'])
        return res
    res['idempotent'] = 'ok (changed=0)'
    if sc.get('verify') is False:
        res['verified'] = 'NOT RUN'
        return res
    verify = os.path.join(TESTS, 'verify', f'{role}.yml')
    if not os.path.exists(verify):
        res['verified'] = 'FAIL'; res['note'] = f'no verify playbook {os.path.relpath(verify, ROOT)}'
        return res
    rc, recap, out = playbook([*args, verify], logfile, env)
    if rc != 0:
        res['verified'] = 'FAIL'; res['note'] = ' | '.join(failure_lines(out))
        return res
    res['verified'] = 'ok'
    cname = cnames[next(iter(hosts))]
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
    if role == 'pve_network':
        # Two pools on one filesystem, each fitting alone, together too big: the size check adds them up and refuses.
        size = int(podman('exec', cname, 'df', '--output=size', '-B1G', '/var/lib').stdout.split()[-1])
        base = '/var/lib/platform-stack/storage'
        two = json.dumps({'pve_local_storage': [
            {'id': pid, 'path': f'{base}/{pid}', 'content': ['images'], 'required_gib': int(size * 0.6)} for pid in ('atlas-left', 'atlas-right')]})
        rc, recap, out = playbook([*args, '-e', two, os.path.join(TESTS, 'converge.yml')], logfile, env)
        if rc == 0 or 'atlas-left' not in out or 'with atlas-right' not in out:
            res['verified'] = 'FAIL'
            res['note'] = f'two pools sharing a {size} GiB filesystem, {int(size * 0.6)} GiB each, were not refused (rc={rc}): ' + ' | '.join(failure_lines(out))
            return res
        res['verified'] = 'ok (+ shared fs refused)'
    if role == 'wireguard':
        # A model change on a later run (one more routed network): the bastion's file changes and its link is restarted
        # once with it; the gateway's file and link stay as they are.
        more = json.dumps({'wireguard_routed_cidrs': ['198.51.100.0/24', '203.0.113.0/24']})
        rc, recap, out = playbook([*args, '-e', more, os.path.join(TESTS, 'converge.yml')], logfile, env)
        per_host = {}
        for h in hosts:
            allowed = podman('exec', cnames[h], 'wg', 'show', 'wg0', 'allowed-ips', check=False).stdout
            journal = podman('exec', cnames[h], 'journalctl', '--no-pager', '-o', 'cat', '-u', 'wg-quick@wg0', check=False).stdout
            per_host[h] = {'new network routed': '203.0.113.0/24' in allowed,
                           'restarts': sum(1 for l in journal.splitlines() if l.startswith('Stopping '))}
        want = {'bastion': {'new network routed': True, 'restarts': 1}, 'vpn-gateway': {'new network routed': False, 'restarts': 0}}
        if rc != 0 or per_host != want:
            res['verified'] = 'FAIL'
            res['note'] = f'a changed routed network was not applied by one restart of the bastion link: {per_host} (rc={rc}) ' + ' | '.join(failure_lines(out))
            return res
        res['verified'] = 'ok (+ change: 1 restart)'
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
    return NOT_RUN.get(role)


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
            extra = [x for x in (notes.get(role), SCENARIO_NOTES.get(role), ('NOT RUN: ' + PARTLY_NOT_RUN[role]) if role in PARTLY_NOT_RUN else None) if x]
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
    ('flux.yml @ k8s-master-01: the apply', 'controllers, Secrets and entry point applied to the cluster (flux_bootstrap_cluster_available=false: k3s is a STAND-IN); the client library, the verified manifest download (STAND-IN manifest) and the copy of the k8s/ tree run'),
    ('proxmox.yml: nfs_server, vfio', 'no NFS export / GPU host in the fixture: kernel nfsd and PCI passthrough are absent here (vfio runs in its role scenario)'),
    ('proxmox.yml @ asgard-atlas: pveum, pvesh, pvesm, ifreload', 'pve_commands_available=false: Proxmox VE is not installable on plain Debian (and this kernel has no bridge driver); the interfaces files and pool directories are written'),
    ('media-downloads.yml, proxmox-guests.yml', 'no media share in the fixture (its NFS export needs kernel nfsd): download_client and pve_guest_mounts run in their role scenarios'),
    ('backups.yml', 'no restic source in the fixture (the TrueNAS host is planned); restic runs in the role scenario'),
    ('bastion.yml', 'no bastion in the fixture (a cloud instance): the WireGuard link runs in the wireguard role scenario'),
    ('authentik-outpost.yml @ authentik-01', 'pulling and starting the outpost image (authentik_outpost_start=false: no image registry here); podman, its environment and the Quadlet unit are installed'),
    ('nginx_proxy_manager', 'the NPM container (Docker image): its API is a STAND-IN on nginx-proxy-01'),
]


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
             'adguard_home_upstream_dns': [resolver], 'nginx_proxy_manager_container': False, 'flux_enabled': True,
             **OFF_CHECKS}
    extra_file = os.path.join(work, f'{prefix}-vars.json')
    with open(extra_file, 'w') as f:
        json.dump(extra, f)
    # Per host: the by-id paths of its data disks (each gets a loop device), and whether it is a Proxmox node.
    hv = {}
    for loc in inv['children'].values():
        for h, v in (loc.get('hosts') or {}).items():
            hv.setdefault(h, {}).update(v or {})
    layout = {h: {'disks': [(m['device'], m['path']) for m in hv.get(h, {}).get('data_disks_mounts') or []],
                  'proxmox': hv.get(h, {}).get('homelab_kind') == 'proxmox'} for h in hosts}
    return site, hosts, ips, layout, ['-i', os.path.join(site, 'ansible', 'inventory', 'hosts.yml'), '-e', f'@{vault_file}', '-e', f'@{extra_file}']


def start_site_host(image, net, work, h, ip, dns, layout, prefix):
    """One fixture host: a loop device per data disk of a VM; ifupdown2, the interfaces file and the enterprise
    repositories of a fresh install on a Proxmox node."""
    devs = [(loop_disk(work, f'{prefix}-{h}-{i}'), by_id) for i, (by_id, _) in enumerate(layout['disks'])]
    extra = disk_host_args([dev for dev, _ in devs])
    cname = start_host(image, net, f'{prefix}-{h}', ip, dns, extra=extra)
    for dev, by_id in devs:
        link_disk(cname, dev, by_id)
    if layout['proxmox']:
        prepare_pve_network(cname, f'{ip}/{net.subnet.split("/")[1]}')
        # Last: with these, apt update fails until pve_repositories (the first play on a node) has run.
        prepare_pve_repos(cname)
    return cname


def start_site_hosts(image, net, work, hosts, ips, layout, resolver, prefix):
    """adguard-01 first (it resolves through the machine's resolver); every other guest resolves through adguard-01."""
    guests_dns = ips['adguard-01']
    start_site_host(image, net, work, 'adguard-01', ips['adguard-01'], resolver, layout['adguard-01'], prefix)
    # Two at a time: the hosts that never left `initializing` were all started four at a time.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futs = [pool.submit(start_site_host, image, net, work, h, ips[h], resolver if h.startswith('asgard-') else guests_dns, layout[h], prefix)
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
    site, hosts, ips, layout, args = site_setup(work, net, dl, resolver, 'p')
    pick = ['adguard-01', 'bananagator-01']
    start_site_hosts(image, net, work, pick, ips, layout, resolver, 'p')
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
    site, hosts, ips, layout, args = site_setup(work, net, dl, resolver, 's')
    start_site_hosts(image, net, work, hosts, ips, layout, resolver, 's')
    logfile = os.path.join(work, 'site.log')
    rows = []
    env = ansible_env()
    t = time.time()
    # Every host of the fixture: what cannot run in a container is behind the named checks (OFF_CHECKS, SITE_NOT_RUN).
    limit = []
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
    # The VMs' data disks: formatted and mounted by k3s.yml's data_disks play (each a loop device here).
    disks_ok = True
    for h in sorted(hosts):
        for _, path in layout[h]['disks']:
            src = podman('exec', f'{ID}-s-{h}', 'findmnt', '-n', '-o', 'SOURCE,FSTYPE', '--mountpoint', path, check=False).stdout.split()
            ok = len(src) == 2 and src[0].startswith('/dev/loop') and src[1] == 'ext4'
            disks_ok &= ok
            rows.append({'role': f'site.yml data disk @ {h}', 'converge': '-', 'idempotent': '-', 'verified': 'ok' if ok else 'FAIL',
                         'note': f'{path}: {" ".join(src) or "not mounted"} (a loop device as its VM data disk)'})
    for what, why in SITE_NOT_RUN:
        rows.append({'role': f'site.yml {what}', 'converge': 'NOT RUN', 'idempotent': 'NOT RUN', 'verified': 'NOT RUN', 'note': why})
    log(f'site.yml: run 1 {t1:.0f}s (rc {rc1}), run 2 {t2:.0f}s (rc {rc2}), {len(hosts)} hosts')
    ok = not bad1 and not bad2 and resolved and disks_ok and rc1 == 0 and rc2 == 0
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
