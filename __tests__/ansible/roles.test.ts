/**
 * What the hand-written roles must keep doing, read from their task files (the templates are rendered and checked by
 * `npm run test:ansible`; the roles run for real in the roles' container tests). Each case is named after the day-one
 * failure it prevents.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/tools';

type Task = Record<string, unknown> & { name?: string; block?: Task[] };
const ROLES = path.join(ROOT, 'ansible', 'roles');

function tasks(role: string, file = 'tasks/main.yml'): Task[] {
  const flat = (list: Task[]): Task[] => list.flatMap((t) => [t, ...flat(t.block ?? [])]);
  return flat(parse(fs.readFileSync(path.join(ROLES, role, file), 'utf8')) as Task[]);
}
function withModule(role: string, module: string, file?: string): Task[] {
  return tasks(role, file).filter((t) => module in t);
}
function text(rel: string): string {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8');
}

describe('hardening', () => {
  it("old SSH keys are removed: authorized_key is exclusive except on Proxmox hosts (their root file holds the nodes' keys)", () => {
    const [auth] = withModule('hardening', 'ansible.posix.authorized_key');
    expect((auth['ansible.posix.authorized_key'] as Record<string, unknown>).exclusive).toBe('{{ hardening_authorized_keys_exclusive | bool }}');
    const defaults = parse(text('ansible/roles/hardening/defaults/main.yml')) as Record<string, unknown>;
    expect(defaults.hardening_authorized_keys_exclusive).toBe("{{ homelab_kind | default('') != 'proxmox' }}");
  });

  it('Proxmox shutdowns do not wait for the timeout: VMs get qemu-guest-agent installed and started', () => {
    const [apt] = withModule('hardening', 'ansible.builtin.apt');
    expect(String((apt['ansible.builtin.apt'] as Record<string, unknown>).name)).toContain("['qemu-guest-agent'] if hardening_qemu_guest_agent | bool");
    const start = withModule('hardening', 'ansible.builtin.systemd_service').find(
      (t) => (t['ansible.builtin.systemd_service'] as Record<string, unknown>).name === 'qemu-guest-agent',
    );
    // Started where Proxmox gave the VM the agent's virtio port (the unit binds to it; a VM without it has no channel).
    expect(start).toEqual(expect.objectContaining({ when: 'hardening_qemu_guest_agent | bool and hardening_agent_port.stat.exists' }));
    const [port] = withModule('hardening', 'ansible.builtin.stat');
    expect((port['ansible.builtin.stat'] as Record<string, unknown>).path).toBe('/dev/virtio-ports/org.qemu.guest_agent.0');
  });

  it('bastion WireGuard connects on Oracle images: the catch-all REJECT of INPUT/FORWARD goes, InstanceServices stays', () => {
    const [drop] = withModule('hardening', 'ansible.builtin.lineinfile');
    const regexp = new RegExp(String((drop['ansible.builtin.lineinfile'] as Record<string, unknown>).regexp));
    // Lines as Oracle's Ubuntu images save them in /etc/iptables/rules.v4.
    expect(regexp.test('-A INPUT -j REJECT --reject-with icmp-host-prohibited')).toBe(true);
    expect(regexp.test('-A FORWARD -j REJECT --reject-with icmp-host-prohibited')).toBe(true);
    expect(regexp.test('-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT')).toBe(false);
    expect(regexp.test('-A InstanceServices -d 169.254.0.0/16 -p tcp -m tcp -j REJECT --reject-with tcp-reset')).toBe(false);
    expect(drop.notify).toBe('Reload the saved iptables rules');
  });
});

describe('wireguard', () => {
  it('the bastion is not inside the management network: no masquerade, no nft PostUp, never on a Proxmox host', () => {
    const template = text('ansible/roles/wireguard/templates/wg.conf.j2');
    expect(template).not.toMatch(/^\s*(PostUp|PostDown)\s*=/m);
    expect(template).not.toContain('masquerade');
    expect(text('ansible/roles/wireguard/defaults/main.yml')).toContain("wireguard_asgard_end: \"{{ groups['vpn_gateway']");
    const [guard] = withModule('wireguard', 'ansible.builtin.assert');
    expect((guard['ansible.builtin.assert'] as Record<string, unknown>).that).toContain("homelab_role | default('') == 'vpn-gateway'");
    expect(text('ansible/bastion.yml')).not.toContain('proxmox_hosts');
  });
});

describe('data_disks', () => {
  it('worker data disks are never reformatted: the filesystem is created only where none exists, mounted by label', () => {
    const [fsTask] = withModule('data_disks', 'community.general.filesystem');
    expect((fsTask['community.general.filesystem'] as Record<string, unknown>).force).toBe(false);
    const [mount] = withModule('data_disks', 'ansible.posix.mount');
    expect((mount['ansible.posix.mount'] as Record<string, unknown>).src).toBe('LABEL={{ item.label }}');
    expect(text('ansible/k3s.yml').indexOf('role: data_disks')).toBeLessThan(text('ansible/k3s.yml').indexOf('role: k3s'));
  });
});

describe('authentik_outpost and download_client', () => {
  it('pve login works: the outpost play exists, runs after Flux, and refuses a FAKE token with the manual step', () => {
    const site = text('ansible/site.yml');
    expect(site.indexOf('authentik-outpost.yml')).toBeGreaterThan(site.indexOf('flux.yml'));
    const [check] = withModule('authentik_outpost', 'ansible.builtin.assert');
    expect((check['ansible.builtin.assert'] as Record<string, unknown>).that).toContain("authentik_infrastructure_outpost_token is not match('^FAKE-')");
    expect(String(check['ansible.builtin.assert'] && (check['ansible.builtin.assert'] as Record<string, unknown>).fail_msg)).toContain(
      'Applications → Outposts',
    );
  });

  it('the download client writes its settings only while stopped (Transmission rewrites them on exit) and idempotently', () => {
    const apply = tasks('download_client').find((t) => t.block !== undefined)!;
    expect(apply.when).toBe('download_client_current | combine(download_client_settings) != download_client_current');
    expect(apply.block!.map((t) => Object.keys(t).find((k) => k.includes('.')))).toEqual(['ansible.builtin.systemd_service', 'ansible.builtin.copy']);
    expect(text('ansible/site.yml')).toContain('media-downloads.yml');
  });
});
