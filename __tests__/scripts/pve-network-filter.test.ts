/**
 * The pve_network role's filter (ansible/roles/pve_network/filter_plugins/vlan_aware.py), run by the real Python:
 * bridges become VLAN-aware without touching the node's management address, and a second run changes nothing.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const FILTERS = path.join(__dirname, '..', '..', 'ansible', 'roles', 'pve_network', 'filter_plugins');

function vlanAware(text: string, bridges: string[]): string {
  const code = `import sys, json; sys.path.insert(0, ${JSON.stringify(FILTERS)}); from vlan_aware import vlan_aware; a = json.load(sys.stdin); sys.stdout.write(vlan_aware(a["text"], a["bridges"]))`;
  return execFileSync('python3', ['-c', code], { input: JSON.stringify({ text, bridges }), encoding: 'utf8' });
}

// The installer's file: management address on vmbr0 (documentation placeholder, not an address), storage bridge vmbr1.
const INSTALLER = [
  'auto lo',
  'iface lo inet loopback',
  '',
  'auto vmbr0',
  'iface vmbr0 inet static',
  '\taddress MGMT/24',
  '\tgateway GW',
  '\tbridge-ports eno1',
  '\tbridge-stp off',
  '\tbridge-fd 0',
  '',
  'auto vmbr1',
  'iface vmbr1 inet manual',
  '\tbridge-ports eno2',
  '\tbridge-vlan-aware no',
  '',
  'source /etc/network/interfaces.d/*',
  '',
].join('\n');

describe('pve_network vlan_aware filter', () => {
  it('vmbr0/vmbr1 not VLAN-aware (main 779b6ec: claimed, not done): both get bridge-vlan-aware yes and their VIDs', () => {
    const out = vlanAware(INSTALLER, ['vmbr0', 'vmbr1']);
    expect(out).toContain(
      'iface vmbr0 inet static\n\taddress MGMT/24\n\tgateway GW\n\tbridge-ports eno1\n\tbridge-stp off\n\tbridge-fd 0\n\tbridge-vlan-aware yes\n\tbridge-vids 2-4094\n',
    );
    expect(out).toContain('iface vmbr1 inet manual\n\tbridge-ports eno2\n\tbridge-vlan-aware yes\n\tbridge-vids 2-4094\n');
  });

  it('never cuts the management connection: every other line is unchanged, and a second run is a no-op', () => {
    const out = vlanAware(INSTALLER, ['vmbr0', 'vmbr1']);
    const before = INSTALLER.split('\n');
    const after = out.split('\n');
    expect(after.filter((l) => !before.includes(l))).toEqual([
      '\tbridge-vlan-aware yes',
      '\tbridge-vids 2-4094',
      '\tbridge-vlan-aware yes',
      '\tbridge-vids 2-4094',
    ]);
    expect(before.filter((l) => !after.includes(l))).toEqual(['\tbridge-vlan-aware no']);
    expect(out.split('\n').filter((l) => l.startsWith('\taddress') || l.startsWith('\tgateway'))).toEqual(['\taddress MGMT/24', '\tgateway GW']);
    expect(vlanAware(out, ['vmbr0', 'vmbr1'])).toBe(out);
  });
});
