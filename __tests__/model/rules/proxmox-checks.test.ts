/**
 * The checks that run before anything of the Proxmox layer is written: each with a compliant case (the homelab) and a
 * non-compliant variant, asserting the entity, the rule and a fix are named.
 */
import { homelab } from '../../../homelab';
import { modelWith, problemsOf, guest } from '../../proxmox-fixtures';
import { validateModel } from '../../../model/validate';
import { ModelError } from '../../../model/errors';
import { synthesize } from '../../../synth';

const cases: ReadonlyArray<{ rule: string; what: string; bad: Parameters<typeof modelWith>[0]; entity: string; message: RegExp }> = [
  { rule: 'host-exists', what: 'guest on an unknown host', bad: (m) => { guest(m, 'authentik-01').host = 'asgard-hydra'; }, entity: 'guests/authentik-01', message: /host "asgard-hydra" does not exist/ },
  { rule: 'host-exists', what: 'guest on the TrueNAS', bad: (m) => { guest(m, 'authentik-01').host = 'wano-zunesha'; }, entity: 'guests/authentik-01', message: /truenas host and cannot run guests/ },
  { rule: 'unique-vmid', what: 'duplicate VMID', bad: (m) => { guest(m, 'k8s-worker-01').vmid = 201; }, entity: 'guests/k8s-master-01', message: /VMID 201 is used by k8s-master-01 and k8s-worker-01/ },
  { rule: 'shape-range', what: 'VMID below 100', bad: (m) => { guest(m, 'adguard-01').vmid = 99; }, entity: 'guests/adguard-01/vmid', message: /99 is outside 100\.\.999999999/ },
  { rule: 'guest-storage', what: 'unknown storage', bad: (m) => { guest(m, 'k8s-master-01').disks[0].storage = 'atlas-lava'; }, entity: 'guests/k8s-master-01', message: /storage "atlas-lava" does not exist/ },
  { rule: 'guest-storage', what: 'another host\'s local SSD', bad: (m) => { guest(m, 'k8s-master-01').disks[0].storage = 'prometheus-bedrock'; }, entity: 'guests/k8s-master-01', message: /local to asgard-prometheus/ },
  { rule: 'network-exists', what: 'unknown VLAN', bad: (m) => { guest(m, 'adguard-01').networks = ['loki-dmz-vlan']; }, entity: 'guests/adguard-01', message: /network "loki-dmz-vlan" does not exist/ },
  { rule: 'host-capacity', what: 'memory over the host capacity', bad: (m) => { guest(m, 'k8s-worker-01').memoryMiB = 64 * 1024; }, entity: 'hosts/asgard-atlas', message: /GiB of memory, more than 64 GiB × overcommit 1/ },
  { rule: 'host-capacity', what: 'cores over capacity × overcommit', bad: (m) => { guest(m, 'ai-workbench-01').cores = 33; }, entity: 'hosts/asgard-godzilla', message: /33 vCPUs, more than 16 cores × overcommit 2 = 32/ },
  { rule: 'name-convention', what: 'guest name against the convention', bad: (m) => { guest(m, 'media-01').name = 'Media_1'; m.clusters[0].workers = ['k8s-worker-01', 'k8s-worker-02']; }, entity: 'guests/Media_1', message: /breaks the guest naming rule/ },
  { rule: 'gpu-assignment', what: 'GPU guest on a host without a GPU', bad: (m) => { const g = guest(m, 'ai-workbench-01'); g.host = 'asgard-prometheus'; g.disks[0].storage = 'prometheus-bedrock'; g.cores = 4; g.memoryMiB = 4096; }, entity: 'guests/ai-workbench-01', message: /a host without a GPU/ },
  { rule: 'gpu-assignment', what: 'two guests claiming one GPU', bad: (m) => { m.guests.push({ ...structuredClone(guest(m, 'ai-workbench-01')), name: 'ai-workbench-02', vmid: 302, cores: 2, memoryMiB: 2048 }); }, entity: 'guests/ai-workbench-02', message: /already passed through to ai-workbench-01/ },
  { rule: 'gpu-assignment', what: 'GPU on an LXC', bad: (m) => { guest(m, 'adguard-01').gpu = 'godzilla-gpu0'; }, entity: 'guests/adguard-01', message: /only a VM can take a passed-through GPU/ },
  { rule: 'image-storage', what: 'node without a pool for images', bad: (m) => { m.storage.find((s) => s.name === 'godzilla-bedrock')!.content = ['vm-disks', 'container-rootfs']; }, entity: 'images/ubuntu-2404-cloudimg', message: /node asgard-godzilla runs guests from this image/ },
  { rule: 'guest-serves', what: 'a served service no flow lets in', bad: (m) => { guest(m, 'bananagator-01').serves = ['ssh', 'nfs']; }, entity: 'guests/bananagator-01', message: /serves nfs, but no flow allows nfs into styx-servers-vlan/ },
  { rule: 'management-access', what: 'management UI from a non-management network', bad: (m) => { m.flows[3].services = ['http', 'https', 'proxmox-ui']; }, entity: 'flows[3]', message: /only management networks may reach it/ },
  { rule: 'media-share', what: 'two guests mounting different media shares', bad: (m) => { m.storage.push({ name: 'prometheus-data', kind: 'nfs', host: 'asgard-prometheus', path: '/mnt/data', content: ['media'], stages: ['current'] }); guest(m, 'adguard-01').mounts = [{ storage: 'prometheus-data', path: '/media' }]; }, entity: 'guests/adguard-01', message: /mounts prometheus-data, but media-01 mounts atlas-data/ },
  { rule: 'guest-bridge', what: 'a NIC on a bridge the host lacks', bad: (m) => { m.hosts.find((h) => h.name === 'asgard-prometheus')!.networks = ['heimdall-mgmt-vlan']; }, entity: 'guests/k8s-worker-02', message: /network mimir-storage-vlan rides on bridge vmbr1, which host asgard-prometheus does not have/ },
  { rule: 'lxc-disks', what: 'a second disk on an LXC', bad: (m) => { guest(m, 'adguard-01').disks.push({ storage: 'prometheus-bedrock', sizeGiB: 4 }); }, entity: 'guests/adguard-01', message: /declares 2 disks/ },
];

describe('Proxmox checks before anything is written', () => {
  it('the homelab is compliant with every check', () => {
    for (const rule of new Set(cases.map((c) => c.rule))) expect({ rule, problems: problemsOf(homelab, rule) }).toEqual({ rule, problems: [] });
  });

  it.each(cases)('$rule reports $what with the entity, the rule and a fix', ({ rule, bad, entity, message }) => {
    const problems = problemsOf(modelWith(bad), rule);
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ entity, rule, message: expect.stringMatching(message), fix: expect.any(String) })]));
    for (const p of problems) expect(p.fix.length).toBeGreaterThan(5);
  });

  it('reports every problem at once, before synth, as one ModelError', () => {
    const bad = modelWith((m) => { guest(m, 'k8s-worker-01').vmid = 201; guest(m, 'adguard-01').networks = ['loki-dmz-vlan']; });
    expect(() => validateModel(bad)).toThrow(ModelError);
    try {
      validateModel(bad);
    } catch (err) {
      const rules = (err as ModelError).problems.map((p) => p.rule);
      expect(rules).toEqual(expect.arrayContaining(['unique-vmid', 'network-exists']));
      expect((err as ModelError).message).toMatch(/\[guests\/k8s-master-01, guests\/k8s-worker-01\] VMID 201 is used by k8s-master-01 and k8s-worker-01 — rule: unique-vmid — fix: give all but one of k8s-master-01 and k8s-worker-01 a free VMID/);
    }
  });
});

describe('GPU passthrough errors stop the synth', () => {
  it.each([
    ['a GPU guest on a host without a GPU', (m: Parameters<Parameters<typeof modelWith>[0]>[0]) => { const g = guest(m, 'ai-workbench-01'); g.host = 'asgard-atlas'; g.disks[0].storage = 'atlas-bedrock'; g.cores = 2; g.memoryMiB = 2048; }, /GPU "godzilla-gpu0" is on asgard-godzilla, but the guest runs on asgard-atlas, a host without a GPU/],
    ['two guests claiming one GPU', (m: Parameters<Parameters<typeof modelWith>[0]>[0]) => { m.guests.push({ ...structuredClone(guest(m, 'ai-workbench-01')), name: 'ai-workbench-02', vmid: 302, cores: 2, memoryMiB: 2048 }); }, /GPU "godzilla-gpu0" is already passed through to ai-workbench-01/],
  ])('%s', (_what, bad, message) => {
    expect(() => synthesize(modelWith(bad))).toThrow(message);
  });
});

describe('proxmox-firewall-names', () => {
  it('accepts the derived names of the homelab', () => {
    expect(problemsOf(homelab, 'proxmox-firewall-names')).toEqual([]);
  });

  it('rejects a network whose IP set name would be too long', () => {
    const bad = modelWith((m) => {
      const net = m.networks.find((n) => n.name === 'bifrost-iot-vlan')!;
      net.name = 'bifrostbifrostab-iot-vlan';
    });
    expect(problemsOf(bad, 'proxmox-firewall-names')).toEqual([expect.objectContaining({ entity: 'networks/bifrostbifrostab-iot-vlan', message: expect.stringMatching(/longer than 18 characters/) })]);
  });
});
