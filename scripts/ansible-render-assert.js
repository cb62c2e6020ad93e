#!/usr/bin/env node
// Assertions on the templates scripts/ansible-check.sh rendered with the test vault (ansible/vault.example.yml values):
// no Jinja left anywhere, and the vault values reached the places the model says they go.
'use strict';
const fs = require('fs');
const path = require('path');

// Usage: ansible-render-assert.js <rendered.json> <out-dir>: the render playbook writes everything it rendered as ONE
// JSON document ({host: {file: text}}, one module run instead of one per file and host); it is split here into
// <out-dir>/<host>/<file> (for `nft -c` and for reading), then checked.
const [json, out] = process.argv.slice(2);
const problems = [];
for (const [host, files] of Object.entries(JSON.parse(fs.readFileSync(json, 'utf8')))) {
  fs.mkdirSync(path.join(out, host), { recursive: true, mode: 0o700 });
  for (const [name, text] of Object.entries(files || {})) {
    if (name !== path.basename(name)) {
      problems.push(`${host}: file name ${name} is not a plain name`);
      continue;
    }
    fs.writeFileSync(path.join(out, host, name), text, { mode: 0o600 });
  }
}
const read = (rel) => {
  const f = path.join(out, rel);
  if (!fs.existsSync(f)) {
    problems.push(`${rel} was not rendered`);
    return '';
  }
  return fs.readFileSync(f, 'utf8');
};
const expect = (rel, re, what) => {
  if (!re.test(read(rel))) problems.push(`${rel}: ${what} (${re})`);
};

let files = 0;
for (const host of fs.readdirSync(out)) {
  for (const name of fs.readdirSync(path.join(out, host))) {
    files++;
    const text = fs.readFileSync(path.join(out, host, name), 'utf8');
    if (/\{\{|\{%|\}\}/.test(text)) problems.push(`${host}/${name}: unrendered Jinja left`);
  }
}
expect('k8s-master-01/k3s-config.yaml', /disable:\n {2}- traefik\n {2}- local-storage\n/, 'k3s must disable its Traefik and local-storage');
expect('k8s-master-01/k3s-config.yaml', /node-ip: "192\.0\.2\.\d+"/, 'node-ip from the vault');
expect('k8s-worker-01/k3s-config.yaml', /server: "https:\/\/192\.0\.2\.\d+:6443"/, 'agents join the control plane by its vault address');
expect('k8s-master-01/cluster-secrets-traefik.json', /"SECRET_DOMAIN": "example\.net"/, 'the Traefik substitution Secret carries the domain');
expect(
  'k8s-master-01/cluster-secrets-traefik.json',
  /^(?![\s\S]*GRAFANA_)[\s\S]*"CLOUDFLARE_DNS_API_TOKEN": "FAKE/,
  "Traefik gets its DNS token and no other app's keys",
);
expect('k8s-master-01/flux-git-verification-keys.json', /"signer-0\.sshpub": "ssh-ed25519 /, 'commit verification keys as .sshpub entries');
expect('adguard-01/AdGuardHome.yaml', /domain: "k8s-master-01\.home\.arpa"\n\s+answer: "192\.0\.2\.\d+"/, 'AdGuard rewrites resolve to vault addresses');
expect('adguard-01/AdGuardHome.yaml', /domain: "\*\.example\.net"/, 'the application wildcard is below the vault domain');
expect('adguard-01/nftables.conf', /ip saddr \{ 192\.0\.2\.\d+\/27 \} udp dport \{ 53 \} accept/, 'DNS open to the VLANs that may resolve');
expect('bastion-01/nftables.conf', /ip saddr \{ 203\.0\.113\.128\/28 \} tcp dport \{ 22 \} accept/, 'SSH on the bastion only from the admin CIDRs');
expect('bastion-01/nftables.conf', /udp dport \{ 51820 \} accept/, 'WireGuard port open on the bastion');
expect('bastion-01/wg0.conf', /ListenPort = 51820/, 'the bastion listens');
expect('wireguard-01/wg0.conf', /Endpoint = 203\.0\.113\.\d+:51820/, 'the asgard end (the vpn gateway guest) dials the bastion at its vault address');
if (fs.existsSync(path.join(out, 'asgard-atlas', 'wg0.conf')))
  problems.push('asgard-atlas/wg0.conf: a Proxmox host must not end the bastion tunnel (the vpn gateway guest does)');
const gatewayWg = read('wireguard-01/wg0.conf');
if (/^\s*(PostUp|PostDown)\s*=|masquerade/m.test(gatewayWg))
  problems.push('wireguard-01/wg0.conf: the tunnel must not be masqueraded into the management network (no PostUp/NAT)');
expect(
  'bastion-01/wg0.conf',
  /^AllowedIPs = 203\.0\.113\.254\/32, [^\n]*\b192\.0\.2\.0\/27\b/m,
  'the bastion routes the networks the tunnel may reach through the gateway',
);
expect(
  'wireguard-01/nftables.conf',
  /chain forward \{\n\s+type filter hook forward priority filter; policy drop;/,
  'the vpn gateway forwards with default deny',
);
expect(
  'wireguard-01/nftables.conf',
  /iifname "wg0" ip daddr \{ 192\.0\.2\.\d+\/27 \} tcp dport \{ 8006 \} accept/,
  'the vpn gateway forwards the flows of its network (proxmox-ui to the management network)',
);
if (/masquerade|snat/.test(read('wireguard-01/nftables.conf'))) problems.push('wireguard-01/nftables.conf: no NAT on the vpn gateway');
if (/chain forward/.test(read('k8s-worker-01/nftables.conf')))
  problems.push('k8s-worker-01/nftables.conf: only the vpn gateway gets a forward chain (k3s owns forwarding on nodes)');
expect('authentik-01/nftables.conf', /tcp dport \{ 9000 \} accept/, 'the outpost port is open to the NGINX proxy (flow servers → servers)');
expect(
  'nginx-proxy-01/proxy-hosts.yml',
  /http:\/\/authentik-01\.home\.arpa:9000\/outpost\.goauthentik\.io;/,
  'NPM forward-auths at the outpost port the model opens',
);
// Sign-in loop (main 258761d): the server-level auth_request was inherited by the outpost's own location, so /start and
// /callback were auth-checked too. The outpost location turns it off, and the text has no `location /` (NPM keeps its own).
{
  const auth = /location \/outpost\.goauthentik\.io \{([^}]*)\}/.exec(read('nginx-proxy-01/proxy-hosts.yml'));
  if (!auth || !/auth_request off;/.test(auth[1]))
    problems.push('nginx-proxy-01/proxy-hosts.yml: the outpost location (sign-in) must not be forward-auth-checked (auth_request off)');
  if (/location \/\s*\{/.test(read('nginx-proxy-01/proxy-hosts.yml')))
    problems.push('nginx-proxy-01/proxy-hosts.yml: a `location /` in the advanced config makes NPM drop its own (the upstream)');
}
expect('authentik-01/outpost.env', /^AUTHENTIK_HOST=https:\/\/auth\.example\.net$/m, 'the outpost talks to the in-cluster server at its public hostname');
expect('authentik-01/outpost.env', /^AUTHENTIK_TOKEN=FAKE-authentik-infrastructure-outpost-token/m, 'the outpost token from the vault');
expect('authentik-01/authentik-outpost.container', /^Image=ghcr\.io\/goauthentik\/proxy:2025\.8\.4$/m, "the outpost runs the server's version");
expect('authentik-01/authentik-outpost.container', /^Network=host$/m, 'host network: the host firewall guards the outpost port');
expect('media-01/download-client-settings.json', /"download-dir": "\/media\/downloads\/complete"/, 'the download client writes into the media mount');
expect(
  'media-01/download-client-settings.json',
  /"rpc-password": "\{[0-9a-f]{40}[0-9a-f]{8}"/,
  "the RPC password is stored in Transmission's salted form (idempotent)",
);
expect('media-01/download-client-settings.json', /"rpc-port": 80,/, "RPC on the model's http port");
expect('media-01/download-client.service', /^User=media$/m, 'the download client runs as the media user');
expect('media-01/nftables.conf', /tcp dport \{ 80 \} accept/, 'the cluster reaches the download client (flow apps → servers http)');
expect(
  'k8s-worker-01/data-disks.yml',
  /device: \/dev\/disk\/by-id\/scsi-0QEMU_QEMU_HARDDISK_drive-scsi1\n\s*fstype: ext4\n\s*label: local-path\n\s*path: \/var\/lib\/local-path-provisioner\n/,
  'the worker data disk is mounted where local-path writes',
);
expect('k8s-worker-01/k3s-config.yaml', /^token: "FAKE-k3s-agent-token/m, 'agents join with the agent token');
if (/FAKE-k3s-token/.test(read('k8s-worker-01/k3s-config.yaml'))) problems.push('k8s-worker-01/k3s-config.yaml: the server token must never reach an agent');
expect('k8s-master-01/k3s-config.yaml', /^agent-token: "FAKE-k3s-agent-token/m, 'the server defines the separate agent token');
expect(
  'bastion-01/sshd-hardening.conf',
  /^AllowTcpForwarding no\n[\s\S]*^Match User ubuntu\n\s+AllowTcpForwarding yes\nMatch all$/m,
  'TCP forwarding only for the bastion administrator',
);
expect('k8s-worker-01/sshd-hardening.conf', /^AllowTcpForwarding no$/m, 'no TCP forwarding elsewhere');
expect(
  'bastion-01/nftables.conf',
  /# wireguard: [^\n]*\n\s+udp dport \{ 51820 \} accept/,
  'WireGuard from anywhere (the asgard end dials from a changing address)',
);
expect('adguard-01/nftables.conf', /ip saddr \{ 192\.0\.2\.0\/27 \} udp dport \{ 53 \} accept/, 'administrators (management network) resolve through AdGuard');
expect(
  'adguard-01/AdGuardHome.yaml',
  /allowed_clients:\n {4}- 127\.0\.0\.1\n( {4}- [0-9./]+\n)* {4}- 192\.0\.2\.0\/27\n/,
  'AdGuard answers the management network (and only the flows that carry DNS)',
);
expect('adguard-01/AdGuardHome.yaml', /allowed_clients:\n( {4}- [0-9./]+\n)* {4}- 192\.0\.2\.160\/27\n/, 'AdGuard answers the users network');
expect('asgard-atlas/exports', /^\/mnt\/data 192\.0\.2\.\d+\/27\(rw,/m, 'NFS export to the storage network only');
expect('asgard-atlas/exports', /\(rw,sync,no_subtree_check,all_squash,anonuid=1000,anongid=1000\)$/m, 'NFS export squashes every writer to the share owner');
expect(
  'asgard-atlas/vlan-interfaces',
  /^auto vmbr1\.\d+\niface vmbr1\.\d+ inet static\n\taddress 19\d\.\d+\.\d+\.\d+\/27$/m,
  'storage-network address on a VLAN interface of vmbr1',
);
expect('asgard-godzilla/vfio.conf', /options vfio-pci ids=10de:2204,10de:1aef/, 'vfio-pci ids from the vault PCI id');
expect('bananagator-01/token.env', /^TUNNEL_TOKEN=FAKE-cloudflare-tunnel-token/m, 'the tunnel token from the vault');
expect('nginx-proxy-01/proxy-hosts.yml', /pve\.example\.net/, 'proxy hosts below the vault domain');
expect('k8s-master-01/sshd-hardening.conf', /PasswordAuthentication no/, 'no password logins');

if (problems.length) {
  console.error(`ansible-check: rendered templates have ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(`ansible-check: ${files} templates rendered with the test vault, no Jinja left, vault values in place`);
