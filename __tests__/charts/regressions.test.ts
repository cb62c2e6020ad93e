/**
 * Regression tests of the cluster side of the day-one and least-privilege findings (issues 14 and 18), each named after
 * the failure it prevents. Each fails on the manifests of main 779b6ec.
 */
import { parse } from 'yaml';
import type { RenderedCluster } from '../../charts';
import { fluxDependencies } from '../../charts/rules/flux';
import { podSecurity } from '../../charts/rules/pod-security';
import type { ManifestRule } from '../../charts/rules/rule';
import { asArray, field, type K8sObject } from '../../charts/lib/objects';
import { NON_INTERNET_RANGES } from '../../charts/lib/network';
import { ModelError, Problems } from '../../model/errors';
import { fluxSubstitutions, tofuVariablesFor } from '../../model/secrets';
import type { Homelab } from '../../model/types';
import { EDGE_STACK } from '../../model/stacks';
import { app } from '../helpers/find';
import { platformModel, platformWith } from './fixtures';
import { withInfraEndpoint } from '../fixtures/models';
import { appKustomizations, build, entryObjects, find, unit } from './helpers';

const model = platformModel();
const cluster = build(model);
const entry = entryObjects;
const kustomizations = appKustomizations;
const podTemplate = (d: K8sObject) => field(d, 'spec', 'template');

function run(rule: ManifestRule, c: RenderedCluster, m: Homelab = model): string[] {
  const problems = new Problems();
  rule.check(c, m, problems);
  return problems.all.map((p) => `[${p.entity}] ${p.message} — rule: ${p.rule}`);
}

describe('Flux stalls at Authentik (the outpost waits for a hand-made token)', () => {
  it('the outpost is its own Flux Kustomization without health checks, and authentik does not check it', () => {
    const ks = kustomizations(cluster);
    expect(field(find(ks, 'Kustomization', 'authentik-outpost'), 'spec', 'healthChecks')).toBeUndefined();
    expect(unit(cluster, 'authentik-outpost').objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'authentik-outpost')).toBe(true);
    const authentikChecks = asArray(field(find(ks, 'Kustomization', 'authentik'), 'spec', 'healthChecks')).map((h) => field(h, 'name'));
    expect(authentikChecks).not.toContain('authentik-outpost');
    expect(unit(cluster, 'authentik').objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'authentik-outpost')).toBe(false);
  });

  it('no Kustomization depends on the outpost, so prometheus, grafana and radarr deploy without it', () => {
    const deps = new Map(cluster.units.map((u) => [u.name, u.dependsOn]));
    const reaches = (from: string, target: string, seen = new Set<string>()): boolean =>
      (deps.get(from) ?? []).some((d) => d === target || (!seen.has(d) && (seen.add(d), reaches(d, target, seen))));
    for (const name of ['prometheus', 'grafana', 'radarr', 'authentik']) expect(reaches(name, 'authentik-outpost')).toBe(false);
    // The Middleware the protected routes need stays in the health-checked authentik unit.
    expect(unit(cluster, 'authentik').objects.some((o) => o.kind === 'Middleware')).toBe(true);
  });

  it('k8s-flux-dependencies rejects a unit that depends on the manual outpost', () => {
    const c: RenderedCluster = {
      ...cluster,
      units: cluster.units.map((u) => (u.name === 'grafana' ? { ...u, dependsOn: [...u.dependsOn, 'authentik-outpost'] } : u)),
    };
    expect(run(fluxDependencies, c)).toEqual([
      expect.stringContaining('[k8s/grafana] dependsOn "authentik-outpost", whose app authentik-outpost becomes ready only after a manual step'),
    ]);
  });
});

describe('Velero uploads the media library nightly', () => {
  const velero = find(unit(cluster, 'velero').objects, 'HelmRelease', 'velero');
  const schedule = find(unit(cluster, 'velero-config').objects, 'Schedule', 'cluster');

  it('file-system backups are opt-in: neither the chart default nor the Schedule copies every volume', () => {
    expect(field(velero, 'spec', 'values', 'configuration', 'defaultVolumesToFsBackup')).toBe(false);
    expect(field(schedule, 'spec', 'template', 'defaultVolumesToFsBackup')).toBe(false);
  });

  it('only the volumes the model opts in are annotated; never the media share, never the Prometheus cache', () => {
    const annotations = cluster.units
      .flatMap((u) => u.objects)
      .filter((o) => o.kind === 'Deployment')
      .map((d) => [d.metadata.name, field(podTemplate(d), 'metadata', 'annotations', 'backup.velero.io/backup-volumes')]);
    expect(Object.fromEntries(annotations.filter(([, v]) => v !== undefined))).toEqual({
      'authentik-postgres': 'data',
      grafana: 'data',
      jellyfin: 'data',
      radarr: 'data',
    });
    expect(JSON.stringify(find(unit(cluster, 'prometheus').objects, 'HelmRelease', 'prometheus'))).not.toContain('backup.velero.io');
  });

  it("a source with volumes 'all' still renders as asked (the deploy rule is what rejects it)", () => {
    const all = build(
      platformWith((m) => {
        m.backups.sources.find((s) => s.tool === 'velero')!.volumes = 'all';
      }),
    );
    expect(field(find(unit(all, 'velero-config').objects, 'Schedule', 'cluster'), 'spec', 'template', 'defaultVolumesToFsBackup')).toBe(true);
  });
});

describe('Velero backs up every Secret in the clear', () => {
  it('Secrets are excluded from every backup (Flux recreates them from the vault)', () => {
    expect(field(find(unit(cluster, 'velero-config').objects, 'Schedule', 'cluster'), 'spec', 'template', 'excludedResources')).toEqual(['secrets']);
  });

  it("kopia encrypts volume data with a password from the vault, not Velero's published default", () => {
    expect(find(unit(cluster, 'velero').objects, 'Secret', 'velero-repo-credentials')).toMatchObject({
      stringData: { 'repository-password': '${VELERO_REPOSITORY_PASSWORD}' },
    });
  });

  it('the ACME account (acme.json) is not opted into backups', () => {
    expect(field(find(unit(cluster, 'traefik').objects, 'HelmRelease', 'traefik'), 'spec', 'values', 'deployment', 'podAnnotations')).toBeUndefined();
  });
});

describe('The Cloudflare account token sits in the internet-facing Traefik pod', () => {
  it("no vault credential appears both in the edge stack's variables and in the cluster's substitutions", () => {
    const edge = new Set(tofuVariablesFor(model, EDGE_STACK).map((k) => k.name));
    const shared = fluxSubstitutions(model).filter((k) => edge.has(k.name));
    // None at all: the edge stack reads the domain from its Cloudflare zone (stacks/edge.ts).
    expect(shared.map((k) => `${k.name} (${k.type})`)).toEqual([]);
  });

  it("Traefik's DNS-01 uses the DNS-only token and its substitution Secret holds nothing else secret", () => {
    expect(find(unit(cluster, 'traefik').objects, 'Secret', 'traefik-secrets')).toMatchObject({
      stringData: { CF_DNS_API_TOKEN: '${CLOUDFLARE_DNS_API_TOKEN}' },
    });
    const traefik = cluster.substitutionSecrets.find((s) => s.app === 'traefik')!;
    expect(traefik.keys.map((k) => k.vaultKey)).toEqual(['cidr_forge_servers_vlan', 'cloudflare_dns_api_token', 'domain']);
  });
});

describe("Grafana's header login can be forged", () => {
  const grafana = find(unit(cluster, 'grafana').objects, 'Deployment', 'grafana');
  const env = Object.fromEntries(
    asArray(field(podTemplate(grafana), 'spec', 'containers', 0, 'env')).map((e): [string, unknown] => [String(field(e, 'name')), field(e, 'value')]),
  );

  it('signs in through Authentik OIDC with roles from groups, never from a header', () => {
    expect(env.GF_AUTH_PROXY_ENABLED).toBe('false');
    expect(Object.keys(env).filter((k) => k.startsWith('GF_AUTH_PROXY_HEADER'))).toEqual([]);
    expect(env.GF_AUTH_GENERIC_OAUTH_ENABLED).toBe('true');
    expect(env.GF_AUTH_GENERIC_OAUTH_AUTH_URL).toBe('https://login.${SECRET_DOMAIN}/application/o/authorize/');
    expect(env.GF_AUTH_GENERIC_OAUTH_TOKEN_URL).toBe('http://authentik.authentik.svc.cluster.local:9000/application/o/token/');
    expect(env.GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH).toContain("contains(groups[*], 'Grafana Admins') && 'Admin'");
    expect(env.GF_AUTH_DISABLE_LOGIN_FORM).toBe('true');
    // Client id and secret come from the vault as files, never as literal values.
    expect(env.GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET__FILE).toBe('/run/secrets/gf_auth_generic_oauth_client_secret/value');
    expect(find(unit(cluster, 'grafana').objects, 'Secret', 'grafana-secrets')).toMatchObject({
      stringData: { GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: '${GRAFANA_OIDC_CLIENT_SECRET}' },
    });
  });

  it("Authentik gets Grafana's provider, application and role groups from a blueprint (no clicking in the UI)", () => {
    const objects = unit(cluster, 'authentik').objects;
    expect(field(find(objects, 'HelmRelease', 'authentik'), 'spec', 'values', 'blueprints')).toEqual({ secrets: ['authentik-blueprints'] });
    const text = String(field(find(objects, 'Secret', 'authentik-blueprints'), 'stringData', 'grafana.yaml'));
    const tags = [
      { tag: '!Find', collection: 'seq' as const, resolve: (v: unknown) => ({ find: (v as { toJSON(): unknown }).toJSON() }) },
      { tag: '!KeyOf', resolve: (v: string) => ({ keyOf: v }) },
    ];
    const blueprint = parse(text, { customTags: tags }) as {
      version: number;
      entries: { model: string; id?: string; identifiers: Record<string, string>; attrs?: Record<string, unknown> }[];
    };
    expect(blueprint.version).toBe(1);
    expect(blueprint.entries.filter((e) => e.model === 'authentik_core.group').map((e) => e.identifiers.name)).toEqual(['Grafana Admins', 'Grafana Editors']);
    const provider = blueprint.entries.find((e) => e.model === 'authentik_providers_oauth2.oauth2provider')!;
    expect(provider.attrs).toMatchObject({
      client_type: 'confidential',
      client_id: '${GRAFANA_OIDC_CLIENT_ID}',
      client_secret: '${GRAFANA_OIDC_CLIENT_SECRET}',
      redirect_uris: [{ matching_mode: 'strict', url: 'https://dashboards.${SECRET_DOMAIN}/login/generic_oauth' }],
    });
    expect(blueprint.entries.find((e) => e.model === 'authentik_core.application')).toMatchObject({
      identifiers: { slug: 'grafana' },
      attrs: { provider: { keyOf: provider.id } },
    });
  });

  it(":3000 takes traffic from Traefik only: Grafana is outside the monitoring namespace's same-namespace allowance", () => {
    const same = find(entry(cluster, 'namespaces.yaml'), 'NetworkPolicy', 'allow-same-namespace');
    const monitoring = entry(cluster, 'namespaces.yaml').filter(
      (o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-same-namespace' && o.metadata.namespace === 'monitoring',
    );
    expect(same).toBeDefined();
    expect(field(monitoring[0], 'spec', 'podSelector')).toEqual({
      matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['grafana'] }],
    });
    const allow = find(unit(cluster, 'grafana').objects, 'NetworkPolicy', 'allow-grafana');
    const ingress = asArray(field(allow, 'spec', 'ingress'));
    expect(ingress).toHaveLength(1);
    expect(field(ingress[0], 'from', 0, 'namespaceSelector', 'matchLabels')).toEqual({ 'kubernetes.io/metadata.name': 'traefik' });
    expect(field(ingress[0], 'ports')).toEqual([{ protocol: 'TCP', port: 3000 }]);
  });
});

describe('Pods can reach the home LAN', () => {
  it('allow-external-egress leaves out private, shared, link-local and loopback ranges in every namespace', () => {
    const egress = entry(cluster, 'namespaces.yaml').filter((o) => o.metadata.name === 'allow-external-egress');
    expect(egress).toHaveLength(6);
    for (const p of egress) expect(field(p, 'spec', 'egress', 0, 'to', 0, 'ipBlock')).toEqual({ cidr: '0.0.0.0/0', except: [...NON_INTERNET_RANGES] });
    expect(NON_INTERNET_RANGES).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16']));
  });

  it('the nodes are reachable only on the ports a module needs and a model flow allows, at a substituted CIDR', () => {
    const prom = find(unit(cluster, 'prometheus').objects, 'NetworkPolicy', 'allow-prometheus-nodes');
    expect(field(prom, 'spec', 'egress', 0)).toEqual({
      to: [{ ipBlock: { cidr: '${CIDR_FORGE_SERVERS_VLAN}' } }],
      ports: [
        { protocol: 'TCP', port: 6443 },
        { protocol: 'TCP', port: 10250 },
        { protocol: 'TCP', port: 9100 },
      ],
    });
    // Grafana (our workload in the same namespace) is not among the selected pods.
    expect(field(prom, 'spec', 'podSelector')).toEqual({ matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['grafana'] }] });
    for (const name of ['grafana', 'jellyfin', 'radarr', 'authentik', 'authentik-outpost']) {
      expect(unit(cluster, name).objects.some((o) => o.metadata.name === `allow-${name}-nodes`)).toBe(false);
    }
  });

  it('without a flow allowing the API server on the node network, the build fails naming the app and the fix', () => {
    const noFlow = platformWith((m) => {
      for (const f of m.flows) if (f.from === 'forge-servers-vlan' && f.to === 'forge-servers-vlan') f.services = f.services.filter((s) => s !== 'k8s-api');
    });
    let error: unknown;
    try {
      build(noFlow);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    // Every app that calls the API server is named at once, each with the rule and the fix.
    expect((error as ModelError).problems.map((p) => `${p.entity} ${p.rule}`)).toEqual([
      'apps/local-path-provisioner deploy-app-chart-needs',
      'apps/traefik deploy-app-chart-needs',
      'apps/prometheus deploy-app-chart-needs',
      'apps/velero deploy-app-chart-needs',
    ]);
    expect((error as ModelError).problems[0].fix).toContain('add k8s-api to that flow');
  });

  it('Jellyfin, which only reads, mounts the media share read-only; Radarr and Sonarr write', () => {
    const volume = (name: string) =>
      asArray(field(podTemplate(find(unit(cluster, name).objects, 'Deployment', name)), 'spec', 'volumes')).find((v) => field(v, 'name') === 'media');
    const mount = (name: string) =>
      asArray(field(podTemplate(find(unit(cluster, name).objects, 'Deployment', name)), 'spec', 'containers', 0, 'volumeMounts')).find(
        (v) => field(v, 'name') === 'media',
      );
    expect(field(volume('jellyfin'), 'nfs', 'readOnly')).toBe(true);
    expect(field(mount('jellyfin'), 'readOnly')).toBe(true);
    expect(field(volume('radarr'), 'nfs', 'readOnly')).toBe(false);
  });
});

describe('Flux trusts main with cluster-admin', () => {
  const ks = kustomizations(cluster);

  it("the GitRepository verifies the HEAD commit's signature against the bootstrap's key Secret", () => {
    expect(field(find(entry(cluster, 'flux-system.yaml'), 'GitRepository', 'platform-stack'), 'spec', 'verify')).toEqual({
      mode: 'HEAD',
      secretRef: { name: 'flux-git-verification-keys' },
    });
  });

  it("every app Kustomization impersonates its app's service account, whose Role is limited to its namespace and kinds", () => {
    for (const k of ks) expect(field(k, 'spec', 'serviceAccountName')).toBe(`flux-${unit(cluster, k.metadata.name).app}`);
    const objects = entry(cluster, 'namespaces.yaml');
    const role = find(objects, 'Role', 'flux-grafana');
    expect(role.metadata.namespace).toBe('monitoring');
    const rules = asArray(field(role, 'rules'));
    expect(rules.flatMap((r) => asArray(field(r, 'apiGroups')))).not.toContain('*');
    expect(rules.flatMap((r) => asArray(field(r, 'apiGroups')))).not.toContain('helm.toolkit.fluxcd.io');
    const writes = rules.filter((r) => asArray(field(r, 'verbs')).includes('create'));
    expect(writes.flatMap((r) => asArray(field(r, 'resources'))).sort()).toEqual([
      'configmaps',
      'deployments',
      'ingressroutes',
      'networkpolicies',
      'persistentvolumeclaims',
      'secrets',
      'services',
    ]);
    // The Deployment's health check reads its ReplicaSets and Pods, and may change neither.
    expect(rules.filter((r) => !writes.includes(r)).map((r) => [field(r, 'apiGroups', 0), asArray(field(r, 'resources')), asArray(field(r, 'verbs'))])).toEqual(
      [
        ['', ['pods'], ['get', 'list', 'watch']],
        ['apps', ['replicasets'], ['get', 'list', 'watch']],
      ],
    );
    expect(find(objects, 'RoleBinding', 'flux-grafana')).toMatchObject({
      subjects: [{ kind: 'ServiceAccount', name: 'flux-grafana', namespace: 'flux-system' }],
    });
    expect(objects.some((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'ClusterRole')).toBe(false);
  });

  it('an app substitutes only the keys its manifests use, from its own Secret', () => {
    const grafana = cluster.substitutionSecrets.find((s) => s.app === 'grafana')!;
    expect(field(find(ks, 'Kustomization', 'grafana'), 'spec', 'postBuild', 'substituteFrom')).toEqual([{ kind: 'Secret', name: 'cluster-secrets-grafana' }]);
    expect(grafana.keys.map((k) => k.fluxName)).toEqual(['GRAFANA_ADMIN_PASSWORD', 'GRAFANA_OIDC_CLIENT_ID', 'GRAFANA_OIDC_CLIENT_SECRET', 'SECRET_DOMAIN']);
    for (const s of cluster.substitutionSecrets) if (s.app !== 'traefik') expect(s.keys.map((k) => k.fluxName)).not.toContain('CLOUDFLARE_DNS_API_TOKEN');
    expect(ks.map((k) => field(k, 'spec', 'postBuild', 'substituteFrom', 0, 'name'))).not.toContain('cluster-secrets');
  });
});

describe('privileged pod-security level on monitoring, velero and storage', () => {
  it('namespaces take the level the model grants, with its reason in the model', () => {
    const level = (ns: string) => field(find(entry(cluster, 'namespaces.yaml'), 'Namespace', ns), 'metadata', 'labels', 'pod-security.kubernetes.io/enforce');
    expect(['storage', 'traefik', 'authentik', 'monitoring', 'media', 'velero'].map(level)).toEqual([
      'privileged',
      'baseline',
      'baseline',
      'privileged',
      'baseline',
      'privileged',
    ]);
  });

  it('k8s-pod-security rejects a model that grants less than the chart needs, or more', () => {
    const less = platformWith((m) => {
      app(m, 'velero').podSecurity = { level: 'baseline' };
      app(m, 'radarr').podSecurity = { level: 'privileged', reason: 'test' };
    });
    expect(run(podSecurity, build(less), less)).toEqual([
      expect.stringContaining('[apps/velero] its pods need Pod Security level privileged, the model grants baseline'),
      expect.stringContaining('[apps/radarr] the model grants Pod Security level privileged but its pods need only baseline'),
    ]);
  });
});

describe('Radarr cannot reach the download client (its address is in a private range egress leaves out)', () => {
  const policy = (app: string): K8sObject | undefined =>
    unit(cluster, app).objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === `allow-${app}-download-client`);

  it.each(['radarr'])('%s may reach the download client guest on http, and only there', (app) => {
    const p = policy(app);
    expect(p).toBeDefined();
    expect(field(p!, 'spec', 'egress')).toEqual([
      { to: [{ ipBlock: { cidr: '${ADDRESS_FETCH_01_FORGE_SERVERS_VLAN}/32' } }], ports: [{ protocol: 'TCP', port: 80 }] },
    ]);
    // The address reaches the app through Flux's substitution, like every other cluster secret.
    expect(fluxSubstitutions(model).map((k) => k.fluxName)).toContain('ADDRESS_FETCH_01_FORGE_SERVERS_VLAN');
  });

  it('jellyfin (read-only media) gets no such policy', () => {
    expect(policy('jellyfin')).toBeUndefined();
  });
});

describe('forward-auth answered by no outpost (main 258761d: no proxy provider, application or outpost binding existed)', () => {
  const tags = [
    { tag: '!Find', collection: 'seq' as const, resolve: (v: unknown) => ({ find: (v as { toJSON(): unknown }).toJSON() }) },
    { tag: '!KeyOf', resolve: (v: string) => ({ keyOf: v }) },
  ];
  interface Entry {
    model: string;
    id?: string;
    identifiers: Record<string, string>;
    attrs: Record<string, unknown>;
  }
  const blueprintOf = (c: RenderedCluster) => {
    const text = String(field(find(unit(c, 'authentik').objects, 'Secret', 'authentik-blueprints'), 'stringData', 'forward-auth.yaml'));
    return (parse(text, { customTags: tags }) as { entries: Entry[] }).entries;
  };
  const outposts = (entries: readonly Entry[]) =>
    Object.fromEntries(
      entries
        .filter((e) => e.model === 'authentik_outposts.outpost')
        .map((e) => [e.identifiers.name, (e.attrs.providers as { keyOf: string }[]).map((p) => p.keyOf)]),
    );

  it('every app behind the forward-auth Middleware gets a forward-auth proxy provider and application, bound to the in-cluster outpost', () => {
    const entries = blueprintOf(cluster);
    const providers = entries.filter((e) => e.model === 'authentik_providers_proxy.proxyprovider');
    expect(providers.map((p) => [p.identifiers.name, p.attrs.mode, p.attrs.external_host])).toEqual([
      ['prometheus-forward-auth', 'forward_single', 'https://metrics.${SECRET_DOMAIN}'],
      ['grafana-forward-auth', 'forward_single', 'https://dashboards.${SECRET_DOMAIN}'],
      ['radarr-forward-auth', 'forward_single', 'https://movies.${SECRET_DOMAIN}'],
    ]);
    for (const p of providers)
      expect(entries).toContainEqual(
        expect.objectContaining({ model: 'authentik_core.application', attrs: expect.objectContaining({ provider: { keyOf: p.id } }) }),
      );
    // The public login page (auth none) needs none; without an identity-outpost guest there is no infrastructure outpost.
    expect(outposts(entries)).toEqual({ 'authentik-outpost': ['prometheus-forward-auth', 'grafana-forward-auth', 'radarr-forward-auth'] });
    expect(entries.find((e) => e.model === 'authentik_outposts.outpost')!.attrs).toMatchObject({
      type: 'proxy',
      config: { authentik_host: 'https://login.${SECRET_DOMAIN}' },
    });
  });

  it("the NGINX proxy's forward-auth hostnames are bound to the infrastructure outpost the identity-outpost guest runs", () => {
    const m = platformModel(withInfraEndpoint, (d) => {
      d.flows.find((f) => f.from === 'forge-servers-vlan' && f.to === 'forge-servers-vlan')!.services.push('authentik-outpost');
      d.guests.push({
        name: 'auth-01',
        kind: 'vm',
        host: 'home-alpha',
        role: 'identity-outpost',
        vmid: 221,
        cores: 1,
        memoryMiB: 1024,
        disks: [{ storage: 'alpha-disk', sizeGiB: 10 }],
        networks: ['forge-servers-vlan'],
        image: 'debian-12-cloud',
        serves: ['authentik-outpost', 'ssh'],
        description: 'Standalone outpost.',
      });
      return d;
    });
    expect(outposts(blueprintOf(build(m)))).toEqual({
      'authentik-outpost': ['prometheus-forward-auth', 'grafana-forward-auth', 'radarr-forward-auth'],
      infrastructure: ['proxmox-ui-forward-auth'],
    });
  });
});
