/** The pure parts of `npm run check:helm`: Flux substitution, chart assembly rules, unknown values, cross-checks. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { archivesIn, readPins, versionMatches } from '../../checks/helm/charts';
import {
  checkNetworkPolicies,
  checkPodReferences,
  checkRoutes,
  checkServiceSelectors,
  platformPodObject,
  type K8sObject,
  type Sourced,
} from '../../checks/helm/cross';
import { substitute, SubstitutionError } from '../../checks/helm/envsubst';
import { conditionHolds, effectiveDefaults, unknownValueKeys } from '../../checks/helm/values';
import type { AssembledChart } from '../../checks/helm/charts';

const vars = new Map([
  ['SECRET_DOMAIN', 'example.net'],
  ['EMPTY', ''],
  ['NAME', 'Traefik_Proxy'],
]);
const look = (n: string) => vars.get(n);
const sub = (t: string) => substitute(t, look, 'test');

describe('Flux post-build substitution (fluxcd/pkg/envsubst forms)', () => {
  it('replaces ${var} and leaves bare $VAR and escaped $${var} as Flux does', () => {
    expect(sub('host: a.${SECRET_DOMAIN}')).toBe('host: a.example.net');
    expect(sub('cost: $5 and $SECRET_DOMAIN')).toBe('cost: $5 and $SECRET_DOMAIN');
    expect(sub('literal: $${SECRET_DOMAIN}')).toBe('literal: ${SECRET_DOMAIN}');
  });

  it('supports the default forms - := = :- and nests a variable in a default', () => {
    expect(sub('${MISSING:=fallback}')).toBe('fallback');
    expect(sub('${MISSING-x}')).toBe('x');
    expect(sub('${EMPTY:-d}')).toBe('d');
    expect(sub('${EMPTY-d}')).toBe('');
    expect(sub('${MISSING:=${SECRET_DOMAIN}}')).toBe('example.net');
  });

  it('supports length, case, substring, strip and replace', () => {
    expect(sub('${#SECRET_DOMAIN}')).toBe('11');
    expect(sub('${NAME^^}/${NAME,,}/${NAME,}')).toBe('TRAEFIK_PROXY/traefik_proxy/traefik_Proxy');
    expect(sub('${SECRET_DOMAIN:0:7}|${SECRET_DOMAIN:8}')).toBe('example|net');
    expect(sub('${SECRET_DOMAIN#*.}|${SECRET_DOMAIN%.*}|${SECRET_DOMAIN##e*a}')).toBe('net|example|mple.net');
    expect(sub('${NAME/_/-}|${SECRET_DOMAIN//e/E}|${SECRET_DOMAIN/#ex/EX}|${SECRET_DOMAIN/%net/org}')).toBe(
      'Traefik-Proxy|ExamplE.nEt|EXample.net|example.org',
    );
  });

  it('fails on a variable without value or default (strict), and on the forms Flux does not support', () => {
    expect(() => sub('${MISSING}')).toThrow(SubstitutionError);
    expect(() => sub('${MISSING}')).toThrow(/variable MISSING has no value and no default/);
    expect(() => sub('${SECRET_DOMAIN:+x}')).toThrow(/which Flux does not support/);
    expect(() => sub('${SECRET_DOMAIN:?x}')).toThrow(/which Flux does not support/);
    expect(() => sub('${SECRET_DOMAIN')).toThrow(/unterminated/);
  });
});

describe('chart assembly rules', () => {
  it('matches dependency constraints exactly or with x/* wildcards, and refuses ranges it cannot evaluate', () => {
    expect(versionMatches('16.7.26', '16.7.26')).toBe(true);
    expect(versionMatches('0.12.*', '0.12.8')).toBe(true);
    expect(versionMatches('0.12.*', '0.13.0')).toBe(false);
    expect(versionMatches('2.x.x', '2.31.4')).toBe(true);
    expect(() => versionMatches('^1.2.0', '1.3.0')).toThrow(/rule: helm-chart-assembly/);
  });

  it('reads the sha256 pins and names archives by chart and version', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pins-'));
    fs.writeFileSync(path.join(dir, 'pins'), `# c\n${'a'.repeat(64)}  traefik-41.3.0.tgz\n`);
    expect(readPins(path.join(dir, 'pins')).get('traefik-41.3.0.tgz')).toBe('a'.repeat(64));
    fs.writeFileSync(path.join(dir, 'bad'), 'nope traefik.tgz\n');
    expect(() => readPins(path.join(dir, 'bad'))).toThrow(/rule: helm-chart-pins/);
    fs.writeFileSync(path.join(dir, 'prometheus-node-exporter-4.47.3.tgz'), '');
    expect(archivesIn(dir)).toEqual([{ name: 'prometheus-node-exporter', version: '4.47.3', file: 'prometheus-node-exporter-4.47.3.tgz' }]);
  });
});

function chart(values: Record<string, unknown>, dependencies: AssembledChart['dependencies'] = []): AssembledChart {
  return { name: 'c', version: '1.0.0', dir: '/nonexistent', values, hasSchema: false, dependencies };
}

describe('no unknown values', () => {
  const parent = chart(
    { ports: { web: { port: 8000, http: { tls: { enabled: false } } } }, podAnnotations: {}, nodeSelector: null, env: [], redis: { enabled: false } },
    [
      { declared: { name: 'redis', version: '1.0.0', condition: 'redis.enabled' }, chart: chart({ auth: { password: '' }, global: { imageRegistry: '' } }) },
      {
        declared: { name: 'authentik-remote-cluster', version: '2.1.0', alias: 'serviceAccount', condition: 'serviceAccount.create' },
        chart: chart({ create: true, name: '' }),
      },
    ],
  );

  it('a planted misspelt key fails the check, by its full path', () => {
    const ours = { ports: { web: { port: 8000, htpp: { tls: { enabled: true } } } } };
    expect(unknownValueKeys(ours, effectiveDefaults(parent, ours).defaults, 'x', [])).toEqual(['ports.web.htpp']);
  });

  it('accepts keys of the defaults, free-form maps ({} or null), lists, and enabled subcharts under their alias', () => {
    const ours = {
      ports: { web: { http: { tls: { enabled: true } } } },
      podAnnotations: { a: 'b' },
      nodeSelector: { disk: 'ssd' },
      env: [{ name: 'X' }],
      serviceAccount: { name: 'sa' },
    };
    expect(unknownValueKeys(ours, effectiveDefaults(parent, ours).defaults, 'x', [])).toEqual([]);
  });

  it('honours dependency conditions: a disabled subchart contributes no keys', () => {
    const off = { redis: { enabled: false, auth: { password: 'x' } } };
    expect(effectiveDefaults(parent, off).disabled).toContain('redis');
    expect(unknownValueKeys(off, effectiveDefaults(parent, off).defaults, 'x', [])).toEqual(['redis.auth']);
    const on = { redis: { enabled: true, auth: { password: 'x' } }, global: { imageRegistry: 'r' } };
    expect(unknownValueKeys(on, effectiveDefaults(parent, on).defaults, 'x', [])).toEqual([]);
    expect(conditionHolds('a.b, c', { c: false })).toBe(false);
    expect(conditionHolds('a.b', {})).toBe(true);
  });

  it('an allowed exception covers its path and everything below it, for its release only', () => {
    const ours = { ports: { web: { extra: { deep: 1 } } } };
    const allowed = [{ release: 'x', path: 'ports.web.extra', reason: 'test' }];
    expect(unknownValueKeys(ours, parent.values, 'x', allowed)).toEqual([]);
    expect(unknownValueKeys(ours, parent.values, 'y', allowed)).toEqual(['ports.web.extra']);
  });
});

function obj(kind: string, name: string, namespace: string, spec: Record<string, unknown>, apiVersion = 'v1', labels?: Record<string, string>): K8sObject {
  return { apiVersion, kind, metadata: { name, namespace, labels }, spec };
}

const deployment = (name: string, ns: string, labels: Record<string, string>, port: number, extra: Record<string, unknown> = {}) =>
  obj(
    'Deployment',
    name,
    ns,
    {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'i:1', ports: [{ name: 'http', containerPort: port }] }], ...extra } },
    },
    'apps/v1',
  );

describe('cross-checks over rendered and our objects', () => {
  const rendered: Sourced[] = [
    { source: 'helm:app', object: deployment('app', 'ns', { 'app.kubernetes.io/name': 'app' }, 9000) },
    {
      source: 'helm:app',
      object: obj('Service', 'app', 'ns', { selector: { 'app.kubernetes.io/name': 'app' }, ports: [{ name: 'http', port: 80, targetPort: 9000 }] }),
    },
  ];
  const route = (port: number): Sourced => ({
    source: 'k8s/route.yaml',
    object: obj('IngressRoute', 'r', 'ns', { routes: [{ match: 'Host(`a`)', kind: 'Rule', services: [{ name: 'app', port }] }] }, 'traefik.io/v1alpha1'),
  });

  it('a route to a port the rendered Service does not have fails; the right port passes', () => {
    expect(checkRoutes([...rendered, route(80)])).toEqual([]);
    expect(checkRoutes([...rendered, route(8080)])).toEqual([
      expect.stringMatching(/routes to port 8080 of Service ns\/app, which has ports \[80\] — rule: helm-route-target/),
    ]);
    expect(checkRoutes([route(80)])).toEqual([expect.stringMatching(/which neither a chart nor our manifests create/)]);
  });

  it('network policy peers must match pods listening on the allowed port', () => {
    const np = (port: number, labels = { 'app.kubernetes.io/name': 'app' }): Sourced => ({
      source: 'k8s/np.yaml',
      object: obj(
        'NetworkPolicy',
        'np',
        'other',
        {
          podSelector: {},
          egress: [
            {
              to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ns' } }, podSelector: { matchLabels: labels } }],
              ports: [{ port, protocol: 'TCP' }],
            },
          ],
        },
        'networking.k8s.io/v1',
      ),
    });
    expect(checkNetworkPolicies([...rendered, np(9000)])).toEqual([]);
    expect(checkNetworkPolicies([...rendered, np(9443)])).toEqual([
      expect.stringMatching(/allows egress to port 9443 of Deployment\/ns\/app, which do not listen on it/),
    ]);
    expect(checkNetworkPolicies([...rendered, np(9000, { 'app.kubernetes.io/name': 'typo' })])).toEqual([
      expect.stringMatching(/matches no pod — rule: helm-network-target/),
    ]);
  });

  it('our Services must select pods exposing their target port', () => {
    const svc = (target: number): Sourced => ({
      source: 'k8s/svc.yaml',
      object: obj('Service', 'mine', 'ns', { selector: { 'app.kubernetes.io/name': 'app' }, ports: [{ port: 1, targetPort: target }] }),
    });
    const ours = (s: string) => !s.startsWith('helm:');
    expect(checkServiceSelectors([...rendered, svc(9000)], ours)).toEqual([]);
    expect(checkServiceSelectors([...rendered, svc(9001)], ours)).toEqual([
      expect.stringMatching(/targets port 9001, on which none of Deployment\/ns\/app listens/),
    ]);
  });

  it('every Secret/ConfigMap a pod references exists: rendered, ours, or created by a person', () => {
    const pod = deployment('p', 'ns', { a: 'b' }, 1, {
      volumes: [
        { name: 'v', secret: { secretName: 's1' } },
        { name: 'o', configMap: { name: 'opt', optional: true } },
      ],
    });
    const withEnv: Sourced = {
      source: 'helm:p',
      object: {
        ...pod,
        spec: {
          ...pod.spec,
          template: {
            ...(pod.spec!.template as object),
            spec: { ...(pod.spec!.template as { spec: object }).spec, containers: [{ name: 'c', image: 'i:1', envFrom: [{ secretRef: { name: 's2' } }] }] },
          },
        },
      },
    };
    expect(checkPodReferences([withEnv], [])).toHaveLength(2);
    const s1: Sourced = { source: 'k8s/x.yaml', object: obj('Secret', 's1', 'ns', {}) };
    expect(checkPodReferences([withEnv, s1], [{ kind: 'Secret', namespace: 'ns', name: 's2', createdBy: 'bootstrap' }])).toEqual([]);
  });
  it('a Service or policy may select the pods prometheus-operator makes for a Prometheus resource (not rendered by the chart)', () => {
    const prom: Sourced = { source: 'helm:prometheus', object: obj('Prometheus', 'kps', 'monitoring', {}, 'monitoring.coreos.com/v1') };
    const svc = (target: number): Sourced => ({
      source: 'k8s/p.yaml',
      object: obj('Service', 'prometheus', 'monitoring', { selector: { 'app.kubernetes.io/name': 'prometheus' }, ports: [{ port: 9090, targetPort: target }] }),
    });
    expect(checkServiceSelectors([prom, svc(9090)], (s) => s.startsWith('k8s/'))).toEqual([]);
    expect(checkServiceSelectors([prom, svc(9091)], (s) => s.startsWith('k8s/'))).toEqual([
      expect.stringMatching(/Prometheus\/monitoring\/kps \(operator StatefulSet\)/),
    ]);
  });

  it('policies may reach platform pods listed with their provider (k3s CoreDNS), and only those', () => {
    const dns: Sourced = {
      source: 'k8s/ns.yaml',
      object: obj(
        'NetworkPolicy',
        'dns',
        'media',
        {
          podSelector: {},
          egress: [
            {
              to: [
                {
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                },
              ],
              ports: [{ port: 53, protocol: 'UDP' }],
            },
          ],
        },
        'networking.k8s.io/v1',
      ),
    };
    expect(checkNetworkPolicies([dns])).toHaveLength(1);
    const coredns = platformPodObject({
      namespace: 'kube-system',
      name: 'coredns',
      labels: { 'k8s-app': 'kube-dns' },
      ports: [{ name: 'dns', port: 53 }],
      providedBy: 'k3s',
    });
    expect(checkNetworkPolicies([dns, coredns])).toEqual([]);
  });
});

describe('the reasoned tables of check:helm (checks/helm/exceptions.ts)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exceptions = require('../../checks/helm/exceptions') as typeof import('../../checks/helm/exceptions');
  const { ALLOWED_VALUES, CHART_CHECKOV_SKIPS, PLATFORM_PODS, PERSON_CREATED } = exceptions;

  it('every checkov skip names a check id, concrete kind/name objects, once each, with a reason', () => {
    const seen = new Set<string>();
    for (const s of CHART_CHECKOV_SKIPS) {
      expect(s.check).toMatch(/^CKV2?_K8S_\d+$/);
      expect(s.reason.trim().length).toBeGreaterThan(40);
      for (const o of s.objects) {
        expect(o).toMatch(/^[A-Z][A-Za-z]+\/[a-z0-9-]+$/);
        const key = `${s.release} ${s.check} ${o}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    }
  });

  it('every allowed value, platform pod and person-created object carries its reason', () => {
    for (const a of ALLOWED_VALUES) expect(a.reason.trim().length).toBeGreaterThan(40);
    for (const p of PLATFORM_PODS) expect(p.providedBy.trim().length).toBeGreaterThan(20);
    for (const p of PERSON_CREATED) expect(p.createdBy.trim().length).toBeGreaterThan(20);
  });
});

describe('substitution Secrets the Flux bootstrap creates (from the generated inventory)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { substitutionValues } = require('../../checks/helm/run') as typeof import('../../checks/helm/run');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'subst-'));
  const vault = path.join(dir, 'vault.yml');
  fs.writeFileSync(vault, 'domain: example.net\ncloudflare_dns_api_token: FAKE\nadmins: [a, b]\n');

  it('reads one Secret per app and the older single cluster-secrets, values from the example vault', () => {
    const inv = path.join(dir, 'hosts.yml');
    fs.writeFileSync(
      inv,
      [
        'all:',
        '  children:',
        '    k3s:',
        '      vars:',
        '        flux_substitution_secrets:',
        '          - name: cluster-secrets-traefik',
        '            keys:',
        '              - {name: SECRET_DOMAIN, vault_key: domain}',
        '              - {name: CLOUDFLARE_DNS_API_TOKEN, vault_key: cloudflare_dns_api_token}',
        '        flux_cluster_secrets_name: cluster-secrets',
        '        flux_cluster_secrets:',
        '          - {name: ADMINS, vault_key: admins}',
        '',
      ].join('\n'),
    );
    const s = substitutionValues(inv, vault);
    expect([...s.get('cluster-secrets-traefik')!]).toEqual([
      ['SECRET_DOMAIN', 'example.net'],
      ['CLOUDFLARE_DNS_API_TOKEN', 'FAKE'],
    ]);
    expect(s.get('cluster-secrets')!.get('ADMINS')).toBe('["a","b"]');
  });

  it('names a vault key the example vault lacks', () => {
    const inv = path.join(dir, 'bad.yml');
    fs.writeFileSync(
      inv,
      'all:\n  vars:\n    flux_substitution_secrets:\n      - name: cluster-secrets-x\n        keys:\n          - {name: X, vault_key: nope}\n',
    );
    expect(() => substitutionValues(inv, vault)).toThrow(/has no key nope \(cluster-secrets-x X\) — rule: helm-substitution/);
  });
});
