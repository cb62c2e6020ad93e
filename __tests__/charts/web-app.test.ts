/**
 * A new public web app is one model entry: on a fixture model, an app with an image, a port and a public exposure (and
 * no chart code of its own) gets its Deployment, Service, IngressRoute, NetworkPolicy and Flux Kustomization from
 * `webApp()`, laid out in k8s/apps/<namespace>/<app>/.
 */
import { parse, parseAllDocuments } from 'yaml';
import { findProblems } from '../../model/validate';
import { findDeployProblems } from '../../deploy';
import { formatProblem } from '../../model/errors';
import { diffGenerated } from '../../synth/diff';
import { synthK8s } from '../../synth/k8s';
import { field, type K8sObject } from '../../charts/lib/objects';
import { CLUSTER, fixtureModel, type Variant } from '../fixtures/models';

/** The whole change: one entry in the model's apps. */
const withNotes: Variant = (m) => {
  m.apps.push({
    name: 'notes',
    namespace: 'notes',
    tier: 'application',
    cluster: CLUSTER,
    image: { repository: 'docker.io/example/notes', tag: '1.4.2' },
    port: 8080,
    exposure: { hostname: 'notes', auth: 'none', public: true },
    dependsOn: ['traefik'],
    description: 'A public notes app with its own login.',
  });
  return m;
};

const objects = (text: string | undefined): K8sObject[] => parseAllDocuments(text ?? '').map((d) => d.toJS() as K8sObject);
const find = (os: readonly K8sObject[], kind: string, name: string): K8sObject => {
  const o = os.find((x) => x.kind === kind && x.metadata.name === name);
  if (o === undefined) throw new Error(`no ${kind}/${name}`);
  return o;
};

describe('a new public web app (one model entry)', () => {
  const before = fixtureModel();
  const model = fixtureModel(withNotes);
  const { files } = synthK8s(model);
  const app = objects(files.get('k8s/apps/notes/notes/app/notes.yaml'));

  it('is a valid model', () => {
    expect(findProblems(model).all.map(formatProblem)).toEqual([]);
    expect(findDeployProblems(model).all.map(formatProblem)).toEqual([]);
  });

  it('without a port it is refused by deploy-app-chart-needs before anything is built', () => {
    const noPort = fixtureModel(withNotes, (m) => {
      delete m.apps.find((a) => a.name === 'notes')!.port;
      delete m.apps.find((a) => a.name === 'notes')!.exposure;
      return m;
    });
    expect(findDeployProblems(noPort).all.map((p) => `${p.entity} ${p.rule}: ${p.message}`)).toEqual([
      'apps/notes deploy-app-chart-needs: its chart builds from port, which the app does not set',
    ]);
  });

  it('gets a Deployment of its image on its port: non-root, read-only root, probes, requests and limits, writable /tmp', () => {
    const d = find(app, 'Deployment', 'notes');
    const c = field(d, 'spec', 'template', 'spec', 'containers', 0);
    expect(field(c, 'image')).toBe('docker.io/example/notes:1.4.2');
    expect(field(c, 'ports')).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(field(c, 'livenessProbe', 'httpGet')).toMatchObject({ path: '/', port: 8080 });
    expect(field(c, 'readinessProbe', 'httpGet')).toMatchObject({ path: '/', port: 8080 });
    expect(field(c, 'securityContext')).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(field(c, 'resources')).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '1000m', memory: '512Mi' } });
    expect(field(c, 'volumeMounts')).toEqual([{ mountPath: '/tmp', name: 'scratch-0' }]);
    // No media share and no PVC: the model asks for neither.
    expect(JSON.stringify(d)).not.toContain('nfs');
    expect(app.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
  });

  it('gets a Service and a public IngressRoute on notes.${SECRET_DOMAIN} (no forward-auth)', () => {
    expect(field(find(app, 'Service', 'notes'), 'spec', 'ports')).toEqual([{ name: 'http', port: 8080, targetPort: 8080 }]);
    const route = find(app, 'IngressRoute', 'notes');
    expect(field(route, 'spec', 'routes')).toEqual([
      { kind: 'Rule', match: 'Host(`notes.${SECRET_DOMAIN}`)', services: [{ kind: 'Service', name: 'notes', port: 8080 }] },
    ]);
    expect(field(route, 'spec', 'entryPoints')).toEqual(['websecure']);
  });

  it('takes traffic on :8080 from Traefik only', () => {
    const policy = find(app, 'NetworkPolicy', 'allow-notes');
    expect(field(policy, 'spec', 'podSelector')).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'notes' } });
    expect(field(policy, 'spec', 'ingress')).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
          },
        ],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('gets its Flux Kustomization in k8s/apps/notes/notes/ks.yaml, included by the cluster entry point', () => {
    const ks = find(objects(files.get('k8s/apps/notes/notes/ks.yaml')), 'Kustomization', 'notes');
    expect(ks.spec).toMatchObject({
      path: './k8s/apps/notes/notes/app',
      dependsOn: [{ name: 'traefik' }],
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'notes', namespace: 'notes' }],
      serviceAccountName: 'flux-notes',
      postBuild: { substituteFrom: [{ kind: 'Secret', name: 'cluster-secrets-notes' }] },
    });
    expect((parse(files.get('k8s/apps/notes/notes/kustomization.yaml')!) as { resources: string[] }).resources).toEqual(['ks.yaml']);
    expect((parse(files.get('k8s/apps/notes/notes/app/kustomization.yaml')!) as { resources: string[] }).resources).toEqual(['notes.yaml']);
    expect((parse(files.get(`k8s/clusters/${CLUSTER}/kustomization.yaml`)!) as { resources: string[] }).resources).toContain('../../apps/notes/notes');
    const ns = objects(files.get(`k8s/clusters/${CLUSTER}/namespaces.yaml`));
    expect(field(find(ns, 'Namespace', 'notes'), 'metadata', 'labels', 'pod-security.kubernetes.io/enforce')).toBe('restricted');
    expect(ns.some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny' && o.metadata.namespace === 'notes')).toBe(true);
  });

  it("changes nothing else but Traefik's egress to it", () => {
    const report = diffGenerated(synthK8s(before).files, files);
    expect(report.sections.map((s) => `${s.unit}: +${s.added.length} ~${s.changed.map((c) => c.name).join(',')} -${s.removed.length}`)).toEqual([
      expect.stringMatching(/^flux-system\/cluster: \+\d+ ~ -0$/),
      'flux-system/notes: +4 ~ -0',
      expect.stringMatching(/^flux-system\/traefik: \+0 ~NetworkPolicy traefik\/allow-traefik -0$/),
    ]);
    expect(report.sections[1].added).toEqual(['Deployment notes/notes', 'IngressRoute notes/notes', 'NetworkPolicy notes/allow-notes', 'Service notes/notes']);
    // The root unit gains the app's Kustomization and its namespace with default-deny and the Flux RBAC, nothing else.
    expect(report.sections[0].added).toEqual(
      expect.arrayContaining([
        'Kustomization flux-system/notes',
        'Namespace notes',
        'NetworkPolicy notes/default-deny',
        'Role notes/flux-notes',
        'RoleBinding notes/flux-notes',
        'ServiceAccount flux-system/flux-notes',
      ]),
    );
    expect(report.sections[0].added.every((name) => name.includes('notes'))).toBe(true);
  });
});
