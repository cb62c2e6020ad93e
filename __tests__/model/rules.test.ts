import { findProblems, validateModel } from '../../model/validate';
import { MODEL_RULES } from '../../model/rules';
import { ModelError, formatProblem } from '../../model/errors';
import { homelab } from '../../homelab';
import { mutated, guest, app, host, type MutableHomelab } from '../helpers/model';

/** One non-compliant case per rule: a single mistake and a fragment of the message it must produce. */
const CASES: ReadonlyArray<{ rule: string; entity: string; message: RegExp; change: (m: MutableHomelab) => void }> = [
  { rule: 'no-secrets-in-model', entity: 'guests/k8s-master-01/description', message: /looks like an IP address/, change: (m) => { guest(m, 'k8s-master-01').description = 'control plane at 10.0.20.5'; } },
  { rule: 'name-convention', entity: 'guests/k8s-master-1', message: /breaks the guest naming rule/, change: (m) => { guest(m, 'k8s-master-01').name = 'k8s-master-1'; } },
  { rule: 'unique-names', entity: 'guests/media-01', message: /used by more than one/, change: (m) => { guest(m, 'adguard-01').name = 'media-01'; } },
  { rule: 'unique-vmid', entity: 'guests/k8s-master-01', message: /VMID 201 is used by k8s-master-01 and k8s-worker-01/, change: (m) => { guest(m, 'k8s-worker-01').vmid = 201; } },
  { rule: 'unique-hostnames', entity: 'apps/radarr', message: /hostname "radarr" is published by apps\/radarr and apps\/sonarr/, change: (m) => { app(m, 'sonarr').exposure!.hostname = 'radarr'; } },
  { rule: 'location-exists', entity: 'hosts/asgard-atlas', message: /location "valhalla" does not exist/, change: (m) => { host(m, 'asgard-atlas').location = 'valhalla'; } },
  { rule: 'pve-cluster-membership', entity: 'hosts/asgard-atlas', message: /names no pveCluster/, change: (m) => { delete host(m, 'asgard-atlas').pveCluster; } },
  { rule: 'host-exists', entity: 'guests/media-01', message: /host "asgard-hades" does not exist/, change: (m) => { guest(m, 'media-01').host = 'asgard-hades'; } },
  { rule: 'network-exists', entity: 'guests/adguard-01', message: /network "loki-dmz-vlan" does not exist/, change: (m) => { guest(m, 'adguard-01').networks = ['loki-dmz-vlan']; } },
  { rule: 'image-exists', entity: 'guests/media-01', message: /is a cloud-image, a lxc needs a lxc-template/, change: (m) => { guest(m, 'media-01').image = 'ubuntu-2404-cloudimg'; } },
  { rule: 'guest-storage', entity: 'guests/k8s-worker-02', message: /local to asgard-atlas, the guest runs on asgard-prometheus/, change: (m) => { guest(m, 'k8s-worker-02').disks[0].storage = 'atlas-bedrock'; } },
  { rule: 'storage-stages', entity: 'storage/atlas-data', message: /movesTo "zunesha-lun" does not hold media/, change: (m) => { m.storage.find((s) => s.name === 'atlas-data')!.movesTo = 'zunesha-lun'; } },
  { rule: 'guest-kind-settings', entity: 'guests/k8s-master-01', message: /LXC settings, this guest is a VM/, change: (m) => { guest(m, 'k8s-master-01').nesting = true; } },
  { rule: 'gpu-assignment', entity: 'guests/k8s-worker-02', message: /already passed through to ai-workbench-01|is on asgard-godzilla/, change: (m) => { guest(m, 'k8s-worker-02').gpu = 'godzilla-gpu0'; } },
  { rule: 'host-capacity', entity: 'hosts/asgard-atlas', message: /GiB of memory, more than 64 GiB × overcommit 1/, change: (m) => { guest(m, 'k8s-worker-01').memoryMiB = 65536; } },
  { rule: 'cluster-nodes', entity: 'clusters/asgard-orion-cluster', message: /node "adguard-01" is an LXC/, change: (m) => { m.clusters[0].workers.push('adguard-01'); } },
  { rule: 'app-dependencies', entity: 'apps/traefik', message: /Flux dependency cycle: traefik → grafana → .*traefik/, change: (m) => { app(m, 'traefik').dependsOn = ['grafana']; app(m, 'grafana').dependsOn = ['traefik']; } },
  { rule: 'app-routes', entity: 'apps/grafana', message: /exposed without forward-auth but not marked public/, change: (m) => { app(m, 'grafana').exposure!.auth = 'none'; } },
  { rule: 'app-workloads', entity: 'apps/grafana', message: /storage class "nfs-fast" is not offered/, change: (m) => { app(m, 'grafana').volume!.storageClass = 'nfs-fast'; } },
  { rule: 'edge-references', entity: 'edge/connector', message: /guest "adguard-01" has role dns, tunnel is needed/, change: (m) => { m.edge.connector = 'adguard-01'; } },
  { rule: 'backup-sources', entity: 'backups/sources/cluster', message: /bucket prefix "truenas\/" overlaps truenas's/, change: (m) => { m.backups.sources[1].prefix = 'truenas/'; } },
  { rule: 'cloud-instance-inbound', entity: 'cloudInstances/bastion-01', message: /lets in no service/, change: (m) => { m.cloudInstances[0].inbound = []; m.cloudInstances[0].openInbound = []; } },
  { rule: 'flow-matrix', entity: `flows[${homelab.flows.length}]`, message: /no inbound flow from the internet/, change: (m) => { m.flows.push({ from: 'internet', to: 'styx-servers-vlan', services: ['https'], why: 'test' }); } },
];

describe('model validation', () => {
  it('accepts the seed homelab (the compliant case of every rule)', () => {
    expect(findProblems(homelab).all.map(formatProblem)).toEqual([]);
    expect(validateModel(homelab)).toBe(homelab);
  });

  it('has a non-compliant case for every rule (here, or in the layer test named below)', () => {
    const elsewhere: Record<string, string> = Object.fromEntries(
      ['image-storage', 'guest-serves', 'management-access', 'proxmox-firewall-names', 'media-share', 'guest-bridge', 'lxc-disks'].map((r) => [r, 'rules/proxmox-checks.test.ts']),
    );
    expect(new Set([...CASES.map((c) => c.rule), ...Object.keys(elsewhere)])).toEqual(new Set(MODEL_RULES.map((r) => r.id)));
  });

  it.each(CASES.map((c) => [c.rule, c]))('rule %s rejects its mistake with entity, rule and fix', (_id, c) => {
    const problems = findProblems(mutated(c.change)).all;
    const hit = problems.find((p) => p.rule === c.rule && c.message.test(p.message));
    expect(hit).toBeDefined();
    expect(hit!.entity).toBe(c.entity);
    expect(hit!.fix.length).toBeGreaterThan(5);
    expect(formatProblem(hit!)).toMatch(new RegExp(`^\\[${c.entity.replace(/[[\]/]/g, '\\$&')}[\\],] .+ — rule: ${c.rule} — fix: .+`));
  });

  it('reports every problem at once', () => {
    const m = mutated((x) => {
      guest(x, 'k8s-worker-01').vmid = 201;
      guest(x, 'media-01').host = 'asgard-hades';
    });
    expect(() => validateModel(m)).toThrow(ModelError);
    try {
      validateModel(m);
    } catch (err) {
      const rules = (err as ModelError).problems.map((p) => p.rule);
      expect(rules).toEqual(expect.arrayContaining(['unique-vmid', 'host-exists']));
      expect((err as Error).message).toMatch(/the homelab model has \d+ problems/);
    }
  });

  describe('structure', () => {
    it.each([
      ['null', null, /must be an object, got null/],
      ['an array', [], /must be an object, got an array/],
      ['a string', 'asgard', /must be an object, got string/],
      ['empty', {}, /the model is empty/],
    ])('rejects a model that is %s', (_what, value, message) => {
      const problems = findProblems(value).all;
      expect(problems).toHaveLength(1);
      expect(problems[0].message).toMatch(message);
    });

    it('names a missing field, a wrong type, an unknown field and a value outside a closed set', () => {
      const m = mutated((x) => {
        delete (x as Partial<MutableHomelab>).edge;
        (guest(x, 'media-01') as { cores: unknown }).cores = 'two';
        (host(x, 'asgard-atlas') as unknown as Record<string, unknown>).ip = 'x';
        (guest(x, 'adguard-01') as { kind: string }).kind = 'docker';
      });
      const msgs = findProblems(m).all.map(formatProblem);
      expect(msgs).toEqual(expect.arrayContaining([
        expect.stringMatching(/^\[edge\] required field "edge" is missing — rule: shape-required/),
        expect.stringMatching(/^\[guests\/media-01\/cores\] expected a number, got string/),
        expect.stringMatching(/^\[hosts\/asgard-atlas\/ip\] unknown field "ip"/),
        expect.stringMatching(/^\[guests\/adguard-01\/kind\] "docker" is not one of vm, lxc/),
      ]));
    });
  });
});
