/** AppWorkload's intent methods: each adds what it says to the Deployment (and only that), and misuse names the fix. */
import { Chart, Testing } from 'cdk8s';
import { AppWorkload, DATA_VOLUME, VELERO_BACKUP_VOLUMES } from '../../charts/lib/workload';
import { field, type K8sObject } from '../../charts/lib/objects';
import { METRICS_LABEL } from '../../charts/lib/labels';

const image = { repository: 'docker.io/example/app', tag: '1.0.0' };
const base = { name: 'app', image, resources: { cpu: [10, 100], memoryMiB: [16, 64] }, probe: { kind: 'http', path: '/healthz' } } as const;

function render(build: (w: AppWorkload) => void, port: number | null = 8080): K8sObject[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'test' });
  build(new AppWorkload(chart, 'w', { ...base, port: port ?? undefined }));
  return Testing.synth(chart) as K8sObject[];
}
const deployment = (os: K8sObject[]) => os.find((o) => o.kind === 'Deployment')!;
const kinds = (os: K8sObject[]) => os.map((o) => o.kind).sort();

describe('AppWorkload', () => {
  it('alone: a Deployment (rolling update, no volumes) and its Service', () => {
    const os = render(() => undefined);
    expect(kinds(os)).toEqual(['Deployment', 'Service']);
    expect(field(deployment(os), 'spec', 'strategy', 'type')).toBe('RollingUpdate');
    expect(field(deployment(os), 'spec', 'template', 'spec', 'volumes')).toBeUndefined();
  });

  it('persist(): a PVC mounted at the path, Recreate, and the backup annotation only when the volume opts in', () => {
    const os = render((w) => w.persist({ mountPath: '/data', sizeGiB: 3, storageClass: 'local-path', backup: true, claimName: 'app-data' }));
    expect(kinds(os)).toEqual(['Deployment', 'PersistentVolumeClaim', 'Service']);
    const d = deployment(os);
    expect(field(d, 'spec', 'strategy')).toEqual({ type: 'Recreate' });
    expect(field(d, 'spec', 'template', 'metadata', 'annotations')).toEqual({ [VELERO_BACKUP_VOLUMES]: DATA_VOLUME });
    expect(field(d, 'spec', 'template', 'spec', 'containers', 0, 'volumeMounts')).toEqual([{ mountPath: '/data', name: DATA_VOLUME }]);
    const noBackup = render((w) => w.persist({ mountPath: '/data', sizeGiB: 3, storageClass: 'local-path', claimName: 'app-data' }));
    expect(field(deployment(noBackup), 'spec', 'template', 'metadata', 'annotations')).toBeUndefined();
  });

  it('mountMedia(): the NFS share at /media, read-only when asked', () => {
    const d = deployment(render((w) => w.mountMedia({ server: '${MEDIA_NFS_SERVER}', path: '/srv/media', readOnly: true })));
    expect(field(d, 'spec', 'template', 'spec', 'volumes')).toEqual([
      { name: 'media', nfs: { server: '${MEDIA_NFS_SERVER}', path: '/srv/media', readOnly: true } },
    ]);
    expect(field(d, 'spec', 'template', 'spec', 'containers', 0, 'volumeMounts')).toEqual([{ mountPath: '/media', name: 'media', readOnly: true }]);
  });

  it('scratch() numbers its volumes across calls', () => {
    const d = deployment(render((w) => w.scratch('/tmp').scratch('/run')));
    expect(field(d, 'spec', 'template', 'spec', 'volumes')).toEqual([
      { name: 'scratch-0', emptyDir: {} },
      { name: 'scratch-1', emptyDir: {} },
    ]);
  });

  it('exposeMetrics() on the served port only labels the Service; on another port adds it', () => {
    const same = render((w) => w.exposeMetrics(8080)).find((o) => o.kind === 'Service')!;
    expect(field(same, 'spec', 'ports')).toEqual([{ name: 'http', port: 8080, targetPort: 8080 }]);
    expect(field(same, 'metadata', 'labels', METRICS_LABEL)).toBe('app');
    const other = render((w) => w.exposeMetrics(9100));
    expect(
      field(
        other.find((o) => o.kind === 'Service')!,
        'spec',
        'ports',
      ),
    ).toEqual([
      { name: 'http', port: 8080, targetPort: 8080 },
      { name: 'metrics', port: 9100, targetPort: 9100 },
    ]);
    expect(field(deployment(other), 'spec', 'template', 'spec', 'containers', 0, 'ports')).toEqual([
      { containerPort: 8080, name: 'http' },
      { containerPort: 9100, name: 'metrics' },
    ]);
  });

  it('allowEgressTo(): a NetworkPolicy from its pods to the addresses on the service ports (portless entries left out)', () => {
    const policy = render((w) => w.allowEgressTo('allow-app-peer', ['${ADDRESS_PEER}/32'], [{ proto: 'tcp', port: '80' }, { proto: 'icmp' }])).find(
      (o) => o.kind === 'NetworkPolicy',
    )!;
    expect(policy.metadata).toMatchObject({ name: 'allow-app-peer', namespace: 'test' });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'app' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '${ADDRESS_PEER}/32' } }], ports: [{ protocol: 'TCP', port: 80 }] }],
    });
  });

  it('refuses a misuse in chart code, naming the workload and the call (the model cannot reach these: webApp needs a port)', () => {
    expect(() =>
      render((w) =>
        w
          .persist({ mountPath: '/a', sizeGiB: 1, storageClass: 'x', claimName: 'a' })
          .persist({ mountPath: '/b', sizeGiB: 1, storageClass: 'x', claimName: 'b' }),
      ),
    ).toThrow('AppWorkload app: persist() called twice (a workload has one config/data volume)');
    expect(() => render((w) => w.exposeMetrics(9100), null)).toThrow('AppWorkload app: exposeMetrics() without a served port (give the workload a port)');
  });
});
