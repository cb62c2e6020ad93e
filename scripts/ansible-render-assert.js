#!/usr/bin/env node
// Assertions on the templates scripts/ansible-check.sh rendered with the test vault (ansible/vault.example.yml values):
// no Jinja left anywhere, and the vault values reached the places the model says they go.
'use strict';
const fs = require('fs');
const path = require('path');

const out = process.argv[2];
const problems = [];
const read = (rel) => {
  const f = path.join(out, rel);
  if (!fs.existsSync(f)) { problems.push(`${rel} was not rendered`); return ''; }
  return fs.readFileSync(f, 'utf8');
};
const expect = (rel, re, what) => { if (!re.test(read(rel))) problems.push(`${rel}: ${what} (${re})`); };

let files = 0;
for (const host of fs.readdirSync(out)) {
  for (const name of fs.readdirSync(path.join(out, host))) {
    files++;
    const text = fs.readFileSync(path.join(out, host, name), 'utf8');
    if (/\{\{|\{%|\}\}/.test(text)) problems.push(`${host}/${name}: unrendered Jinja left`);
  }
}
expect('k8s-master-01/k3s-config.yaml', /disable:\n  - traefik\n  - local-storage\n/, 'k3s must disable its Traefik and local-storage');
expect('k8s-master-01/k3s-config.yaml', /node-ip: "192\.0\.2\.\d+"/, 'node-ip from the vault');
expect('k8s-worker-01/k3s-config.yaml', /server: "https:\/\/192\.0\.2\.\d+:6443"/, 'agents join the control plane by its vault address');
expect('k8s-master-01/cluster-secrets-traefik.json', /"SECRET_DOMAIN": "example\.net"/, 'the Traefik substitution Secret carries the domain');
expect('k8s-master-01/cluster-secrets-traefik.json', /^(?![\s\S]*GRAFANA_)[\s\S]*"CLOUDFLARE_DNS_API_TOKEN": "FAKE/, 'Traefik gets its DNS token and no other app\'s keys');
expect('k8s-master-01/flux-git-verification-keys.json', /"signer-0\.sshpub": "ssh-ed25519 /, 'commit verification keys as .sshpub entries');
expect('adguard-01/AdGuardHome.yaml', /domain: "k8s-master-01\.home\.arpa"\n\s+answer: "192\.0\.2\.\d+"/, 'AdGuard rewrites resolve to vault addresses');
expect('adguard-01/AdGuardHome.yaml', /domain: "\*\.example\.net"/, 'the application wildcard is below the vault domain');
expect('adguard-01/nftables.conf', /ip saddr \{ 192\.0\.2\.\d+\/27 \} udp dport \{ 53 \} accept/, 'DNS open to the VLANs that may resolve');
expect('bastion-01/nftables.conf', /ip saddr \{ 203\.0\.113\.128\/28 \} tcp dport \{ 22 \} accept/, 'SSH on the bastion only from the admin CIDRs');
expect('bastion-01/nftables.conf', /udp dport \{ 51820 \} accept/, 'WireGuard port open on the bastion');
expect('bastion-01/wg0.conf', /ListenPort = 51820/, 'the bastion listens');
expect('asgard-atlas/wg0.conf', /Endpoint = 203\.0\.113\.\d+:51820/, 'the asgard end dials the bastion at its vault address');
expect('asgard-atlas/exports', /^\/mnt\/data 192\.0\.2\.\d+\/27\(rw,/m, 'NFS export to the storage network only');
expect('asgard-atlas/exports', /\(rw,sync,no_subtree_check,all_squash,anonuid=1000,anongid=1000\)$/m, 'NFS export squashes every writer to the share owner');
expect('asgard-atlas/vlan-interfaces', /^auto vmbr1\.\d+\niface vmbr1\.\d+ inet static\n\taddress 19\d\.\d+\.\d+\.\d+\/27$/m, 'storage-network address on a VLAN interface of vmbr1');
expect('asgard-godzilla/vfio.conf', /options vfio-pci ids=10de:2204,10de:1aef/, 'vfio-pci ids from the vault PCI id');
expect('bananagator-01/token.env', /^TUNNEL_TOKEN=FAKE-cloudflare-tunnel-token/m, 'the tunnel token from the vault');
expect('nginx-proxy-01/proxy-hosts.yml', /pve\.example\.net/, 'proxy hosts below the vault domain');
expect('k8s-master-01/sshd-hardening.conf', /PasswordAuthentication no/, 'no password logins');

if (problems.length) {
  console.error(`ansible-check: rendered templates have ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(`ansible-check: ${files} templates rendered with the test vault, no Jinja left, vault values in place`);
