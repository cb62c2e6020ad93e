/**
 * Static guards over the hand-written playbooks and roles (the podman runs of `npm run test:roles` prove the same
 * things for real; these fail fast in jest and name the play or task).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { synthesize } from '../../synth';
import { ROLE_GROUPS } from '../../synth/ansible';
import { ansibleGroup } from '../../naming/names';
import { siteModel } from '../fixtures/roles/site-model';

const ANSIBLE = path.join(__dirname, '..', '..', 'ansible');
type Task = Record<string, unknown> & { name?: string };
interface Play {
  file: string;
  name?: string;
  hosts?: string;
  roles?: ({ role: string } | string)[];
  tasks?: Task[];
  import_playbook?: string;
  'ansible.builtin.import_playbook'?: string;
}

/** site.yml with every import_playbook expanded, in run order. */
function expand(file: string): Play[] {
  const plays = parse(fs.readFileSync(path.join(ANSIBLE, file), 'utf8')) as Play[];
  return plays.flatMap((p) => {
    const imported = p['ansible.builtin.import_playbook'] ?? p.import_playbook;
    return imported ? expand(imported) : [{ ...p, file }];
  });
}

function roleNames(p: Play): string[] {
  const fromRoles = (p.roles ?? []).map((r) => (typeof r === 'string' ? r : r.role));
  const included = (p.tasks ?? []).map((t) => (t['ansible.builtin.include_role'] as { name?: string } | undefined)?.name).filter((n): n is string => !!n);
  return [...fromRoles, ...included];
}

function roleTasks(): { role: string; file: string; task: Task }[] {
  const out: { role: string; file: string; task: Task }[] = [];
  const roles = path.join(ANSIBLE, 'roles');
  for (const role of fs.readdirSync(roles)) {
    const dir = path.join(roles, role, 'tasks');
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.yml'))) {
      for (const task of (parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Task[] | null) ?? []) out.push({ role, file: `${role}/tasks/${f}`, task });
    }
  }
  return out;
}

/** A module argument that is a string, else '' (a task's YAML may hold anything). */
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function moduleArgs(task: Task, ...names: string[]): Record<string, unknown> | undefined {
  for (const n of names) if (task[n] !== undefined) return task[n] as Record<string, unknown>;
  return undefined;
}

describe('site.yml order', () => {
  const plays = expand('site.yml');

  it('runs AdGuard Home before any other host runs apt (day-one item 6: apt before DNS failed every guest)', () => {
    const adguard = plays.findIndex((p) => roleNames(p).includes('adguard_home'));
    expect(adguard).toBeGreaterThanOrEqual(0);
    const before = plays.slice(0, adguard).filter((p) => !/^dns(:|$)/.test(p.hosts ?? ''));
    expect(before.map((p) => `${p.file}: ${p.name} (hosts ${p.hosts})`)).toEqual([]);
  });

  it('bind mounts found no mount (main a6d7b22: proxmox-guests ran before nfs-clients mounted the share): the node mounts it first', () => {
    for (const order of [plays, expand('proxmox-guests.yml')]) {
      const mounts = order.findIndex((p) => roleNames(p).includes('pve_guest_mounts'));
      const nfs = order.findIndex((p) => roleNames(p).includes('nfs_client') && (p.hosts ?? '').split(':').includes('pve_bind_mount_hosts'));
      expect(mounts).toBeGreaterThanOrEqual(0);
      expect(nfs).toBeGreaterThanOrEqual(0);
      expect(nfs).toBeLessThan(mounts);
    }
  });

  it('every bind mount of the generated inventory reads a path its node has: its own export, or its NFS mount', () => {
    const inv = parse(fs.readFileSync(path.join(ANSIBLE, 'inventory', 'hosts.yml'), 'utf8')) as {
      all: { children: Partial<Record<string, { hosts?: Record<string, Record<string, unknown> | null> }>> };
    };
    const group = (g: string) => inv.all.children[g]?.hosts ?? {};
    const missing: string[] = [];
    let checked = 0;
    for (const [node, vars] of Object.entries(group('pve_bind_mount_hosts'))) {
      const exports = ((group('nfs_servers')[node]?.nfs_exports ?? []) as { path: string }[]).map((e) => e.path);
      const mounted = ((group('nfs_clients')[node]?.nfs_mounts ?? []) as { path: string }[]).map((m) => m.path);
      for (const b of (vars?.pve_bind_mounts ?? []) as { guest: string; host_path: string }[]) {
        if (![...exports, ...mounted].includes(b.host_path)) missing.push(`${node}: ${b.guest} binds ${b.host_path}`);
        checked++;
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it('keeps every playbook of ansible/ in site.yml', () => {
    const files = new Set(plays.map((p) => p.file));
    const all = fs.readdirSync(ANSIBLE).filter((f) => f.endsWith('.yml') && f !== 'site.yml' && !f.startsWith('vault'));
    expect(all.filter((f) => !files.has(f))).toEqual([]);
  });
});

describe('inventory role groups', () => {
  /** Every group a play's `hosts:` pattern names (`a:b:!planned`, `&x`, `x[0]`), over all playbooks of ansible/. */
  const targeted = new Set(
    fs
      .readdirSync(ANSIBLE)
      .filter((f) => f.endsWith('.yml') && !f.startsWith('vault'))
      .flatMap((f) => expand(f))
      .flatMap((p) => (p.hosts ?? '').split(':').map((g) => g.replace(/^[!&]/, '').replace(/\[.*\]$/, ''))),
  );

  it('a role has its own inventory group exactly when a play targets it (no orphan group, no play targeting nothing)', () => {
    const wrong = Object.entries(ROLE_GROUPS)
      .filter(([, grouping]) => grouping !== 'cluster')
      .filter(([role, grouping]) => (grouping === 'role') !== targeted.has(ansibleGroup(role)))
      .map(([role, grouping]) => `${role}: ROLE_GROUPS says ${grouping}, but a play targeting ${ansibleGroup(role)}: ${targeted.has(ansibleGroup(role))}`);
    expect(wrong).toEqual([]);
    expect(Object.values(ROLE_GROUPS)).toContain('none');
  });

  it('the cluster groups the Kubernetes roles are put in are targeted', () => {
    expect(targeted).toContain('k8s_control_plane');
    expect(targeted).toContain('k8s_workers');
  });

  it('the generated inventory follows it: a host of a role without a play is in no group of that role', () => {
    interface Node {
      hosts?: Record<string, { homelab_role?: string } | null>;
      children?: Record<string, Node | null>;
    }
    const inventory = parse(fs.readFileSync(path.join(ANSIBLE, 'inventory', 'hosts.yml'), 'utf8')) as { all: Node };
    const roles = new Map<string, string>();
    const groups = new Set<string>();
    const walk = (name: string, n: Node) => {
      groups.add(name);
      for (const [h, v] of Object.entries(n.hosts ?? {})) if (v?.homelab_role) roles.set(h, v.homelab_role);
      for (const [c, child] of Object.entries(n.children ?? {})) walk(c, child ?? {});
    };
    walk('all', inventory.all);
    const ungrouped = [...new Set(roles.values())].filter((r) => ROLE_GROUPS[r as keyof typeof ROLE_GROUPS] === 'none');
    expect(ungrouped.length).toBeGreaterThan(0);
    expect(ungrouped.filter((r) => groups.has(ansibleGroup(r)))).toEqual([]);
    for (const [role, grouping] of Object.entries(ROLE_GROUPS))
      if (grouping === 'role' && [...roles.values()].includes(role)) expect(groups).toContain(ansibleGroup(role));
  });
});

describe('role downloads', () => {
  const tasks = roleTasks();

  it('verify every download against a checksum (security finding 7: downloads were not verified)', () => {
    const unverified: string[] = [];
    for (const { file, task } of tasks) {
      const getUrl = moduleArgs(task, 'ansible.builtin.get_url', 'get_url');
      if (getUrl && !((typeof getUrl.checksum === 'string' && getUrl.checksum.startsWith('{{')) || text(getUrl.checksum).startsWith('sha256:')))
        unverified.push(`${file}: ${task.name} (get_url without checksum)`);
      const unarchive = moduleArgs(task, 'ansible.builtin.unarchive', 'unarchive');
      if (unarchive && /^(https?:|\{\{.*(url|URL))/.test(text(unarchive.src))) unverified.push(`${file}: ${task.name} (unarchive of a URL)`);
      const apt = moduleArgs(task, 'ansible.builtin.apt', 'apt');
      if (apt && /^(https?:|\{\{.*url)/.test(text(apt.deb))) unverified.push(`${file}: ${task.name} (apt deb from a URL)`);
    }
    expect(unverified).toEqual([]);
  });

  it('take the download location and checksum from role variables (the role tests serve their own artifacts)', () => {
    const hardCoded = tasks
      .map(({ file, task }) => ({ file, task, args: moduleArgs(task, 'ansible.builtin.get_url', 'get_url') }))
      .filter(({ args }) => args && (/^https?:/.test(String(args.url)) || /^sha256:https?:/.test(String(args.checksum))))
      .map(({ file, task }) => `${file}: ${task.name}`);
    expect(hardCoded).toEqual([]);
  });
});

describe('idempotence by construction', () => {
  const tasks = roleTasks();

  it('never templates AdGuardHome.yaml in place (AdGuard rewrites it on start: day-one item 16, restart on every run)', () => {
    const inPlace = tasks.filter(({ task }) => text(moduleArgs(task, 'ansible.builtin.template', 'template')?.dest).endsWith('AdGuardHome.yaml'));
    expect(inPlace.map(({ file, task }) => `${file}: ${task.name}`)).toEqual([]);
  });

  it('updates existing NPM proxy hosts, not only creates missing ones (day-one item 16)', () => {
    const npm = tasks.filter(({ role }) => role === 'nginx_proxy_manager').map(({ task }) => moduleArgs(task, 'ansible.builtin.uri'));
    expect(npm.some((u) => u?.method === 'PUT' && String(u.url).includes('/nginx/proxy-hosts/'))).toBe(true);
    expect(npm.some((u) => u?.method === 'POST' && String(u.url).endsWith('/nginx/proxy-hosts'))).toBe(true);
  });
});

describe('the site.yml fixture model of the role tests (__tests__/fixtures/roles/site-model.ts)', () => {
  it('synthesizes, with the guests the run starts as containers and its custom website as an NPM proxy host', () => {
    const files = synthesize(siteModel).files;
    const inv = parse(files.get('ansible/inventory/hosts.yml')!) as { all: { children: Record<string, { hosts?: Record<string, unknown> }> } };
    expect(Object.keys(inv.all.children.asgard.hosts ?? {}).sort()).toEqual([
      'adguard-01',
      'asgard-atlas',
      'authentik-01',
      'bananagator-01',
      'k8s-master-01',
      'k8s-worker-01',
      'nginx-proxy-01',
    ]);
    expect(Object.keys(inv.all.children.dns.hosts ?? {})).toEqual(['adguard-01']);
    expect(files.get('lxc-configs/nginx-proxy-01/proxy-hosts.yml')).toContain('status.{{ domain }}');
    // The worker keeps its data disk: the run gives its container a loop device for data_disks to format and mount.
    const worker = inv.all.children.asgard.hosts?.['k8s-worker-01'] as { data_disks_mounts?: { device: string; use: string }[] };
    expect(worker.data_disks_mounts).toEqual([expect.objectContaining({ device: '/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi1', use: 'local-path' })]);
  });
});
