/**
 * `npm run check:helm`: every HelmRelease in k8s/ rendered for real and validated.
 *   1. Flux's post-build substitution on k8s/ (the substitution Secrets the bootstrap creates, per the generated
 *      inventory, with the example vault's values);
 *   2. per HelmRelease: chart assembled from the pinned archives (charts.ts), no unknown value keys (values.ts),
 *      `helm template` with the release's name, namespace and values, the cluster's Kubernetes version, the API
 *      versions of the CRDs present, `--include-crds` unless the release skips CRDs (the chart's values.schema.json is
 *      enforced by helm);
 *   3. kubeconform -strict of each rendering (Kubernetes 1.28 and the cluster's version; CRD schemas from what the
 *      charts install, then ../shared/crds), and of k8s/ against the charts' CRD versions: 0 invalid, 0 skipped;
 *   4. cross-checks (cross.ts) and checkov over the rendered objects (scripts/checkov-k8s.yaml + CHART_CHECKOV_SKIPS).
 * Prints one line per release; exit 0 all good, 1 a finding, 2 the check could not run (NOT VALIDATED).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import type { Homelab } from '../../model/types';
import { assembleChart, readPins, type AssembledChart } from './charts';
import {
  checkNetworkPolicies,
  checkPodReferences,
  checkRoutes,
  checkServiceSelectors,
  isK8sObject,
  platformPodObject,
  type K8sObject,
  type PersonCreated,
  type PlatformPod,
  type Sourced,
} from './cross';
import { substitute, SubstitutionError } from './envsubst';
import { ALLOWED_VALUES, CHART_CHECKOV_SKIPS, PERSON_CREATED, PLATFORM_PODS, type ChartCheckovSkip } from './exceptions';
import { effectiveDefaults, isMap, lookupPath, unknownValueKeys, type AllowedValue, type Values } from './values';

export interface HelmCheckOptions {
  readonly root: string;
  readonly model: Homelab;
  readonly k8sDir: string;
  readonly chartsDir: string;
  readonly crdsDir: string;
  readonly pinsFile: string;
  readonly vaultExample: string;
  /** The generated inventory, which names the substitution Secrets the Flux bootstrap creates. */
  readonly inventory: string;
  readonly toolsDir: string;
  readonly work: string;
  readonly out: (line: string) => void;
  readonly allowedValues?: readonly AllowedValue[];
  readonly personCreated?: readonly PersonCreated[];
  readonly checkovSkips?: readonly ChartCheckovSkip[];
  readonly platformPods?: readonly PlatformPod[];
}

export class NotValidated extends Error {}

interface Release {
  readonly name: string;
  readonly namespace: string;
  readonly releaseName: string;
  readonly chart: string;
  readonly version: string;
  readonly values: Values;
  readonly includeCrds: boolean;
  readonly file: string;
}

interface ReleaseResult {
  readonly release: Release;
  chart?: AssembledChart;
  objects: K8sObject[];
  unknown: string[];
  renderError?: string;
  kubeconform: Record<string, { valid: number; invalid: number; skipped: number; errors: string[] }>;
  checkov?: { passed: number; failed: string[]; skipped: number };
}

function tool(toolsDir: string, name: string): string {
  for (const dir of ['bin', 'venv/bin']) {
    const p = path.join(toolsDir, dir, name);
    if (fs.existsSync(p)) return p;
  }
  throw new NotValidated(`${name} is not installed in ${toolsDir}: run scripts/tools.sh (npm run tools)`);
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name) && e.name !== 'kustomization.yaml') out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** A field an earlier stage of the run set on every result that reaches this one (missing: a bug here, not in the input). */
function staged<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`checks/helm/run.ts: ${what} was not set by an earlier stage`);
  return value;
}

function parseObjects(text: string, where: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of YAML.parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`[${where}] YAML error: ${doc.errors[0].message}`);
    const o: unknown = doc.toJS();
    if (isK8sObject(o)) out.push(o);
  }
  return out;
}

/** Per substitution Secret (name → variable → value): what the Flux bootstrap creates before Flux applies anything. */
export type SubstitutionSecrets = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * The Secrets the Flux bootstrap playbook creates for post-build substitution, read from the generated inventory
 * (`flux_substitution_secrets`: one per app, or the older single `flux_cluster_secrets_name`/`flux_cluster_secrets`),
 * each variable with the example vault's value of its vault key.
 */
export function substitutionValues(inventoryFile: string, vaultExample: string): SubstitutionSecrets {
  const vault = YAML.parse(fs.readFileSync(vaultExample, 'utf8')) as Record<string, unknown>;
  const secrets = new Map<string, Map<string, string>>();
  const problems: string[] = [];
  const add = (secret: string, keys: unknown) => {
    const vars = secrets.get(secret) ?? new Map<string, string>();
    for (const k of Array.isArray(keys) ? (keys as Values[]) : []) {
      const v = vault[String(k.vault_key)];
      if (v === undefined)
        problems.push(`[${vaultExample}] has no key ${String(k.vault_key)} (${secret} ${String(k.name)}) — rule: helm-substitution — fix: npm run synth`);
      else vars.set(String(k.name), typeof v === 'string' ? v : JSON.stringify(v));
    }
    secrets.set(secret, vars);
  };
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!isMap(node)) return;
    if (typeof node.flux_cluster_secrets_name === 'string') add(node.flux_cluster_secrets_name, node.flux_cluster_secrets);
    if (Array.isArray(node.flux_substitution_secrets)) for (const s of node.flux_substitution_secrets as Values[]) add(String(s.name), s.keys);
    for (const v of Object.values(node)) walk(v);
  };
  walk(YAML.parse(fs.readFileSync(inventoryFile, 'utf8')));
  if (problems.length > 0) throw new Error([...new Set(problems)].join('\n'));
  if (secrets.size === 0) throw new NotValidated(`no Flux substitution Secret in ${inventoryFile}: run npm run synth`);
  return secrets;
}

/** k8s/ objects after Flux's post-build substitution, each with its file (relative to root). */
export function loadManifests(root: string, k8sDir: string, secrets: SubstitutionSecrets): Sourced[] {
  const files = yamlFiles(k8sDir);
  // Which Flux Kustomization applies a folder, and what it substitutes.
  const kustomizations = files
    .flatMap((f) => parseObjects(fs.readFileSync(f, 'utf8'), f))
    .filter((o) => o.kind === 'Kustomization' && o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/'));
  const byPath = new Map<string, Values>();
  for (const k of kustomizations) byPath.set(path.normalize(typeof k.spec?.path === 'string' ? k.spec.path : ''), k.spec ?? {});
  const problems: string[] = [];
  const out: Sourced[] = [];
  for (const file of files) {
    const rel = path.relative(root, file);
    const spec = byPath.get(path.normalize(path.relative(root, path.dirname(file))));
    const postBuild = isMap(spec?.postBuild) ? spec.postBuild : undefined;
    const local = new Map<string, string>();
    if (postBuild !== undefined) {
      for (const from of Array.isArray(postBuild.substituteFrom) ? (postBuild.substituteFrom as Values[]) : []) {
        const vars = from.kind === 'Secret' ? secrets.get(String(from.name)) : undefined;
        if (vars !== undefined) for (const [k, v] of vars) local.set(k, v);
        else if (from.optional !== true)
          problems.push(
            `[${rel}] substitutes from ${String(from.kind)} ${String(from.name)}, which the Flux bootstrap does not create (ansible/inventory flux_substitution_secrets) — rule: helm-substitution — fix: npm run synth, or create it in the bootstrap`,
          );
      }
      if (isMap(postBuild.substitute)) for (const [k, v] of Object.entries(postBuild.substitute)) local.set(k, String(v));
    }
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const raw: unknown = doc.toJS();
      if (!isK8sObject(raw)) continue;
      const metadata = raw.metadata as K8sObject['metadata'] | undefined;
      const where = `${rel}: ${raw.kind}/${String(metadata?.name)}`;
      const disabled = metadata?.annotations?.['kustomize.toolkit.fluxcd.io/substitute'] === 'disabled';
      if (postBuild === undefined || disabled) {
        out.push({ object: raw, source: rel });
        continue;
      }
      try {
        out.push({
          object: parseObjects(
            substitute(doc.toString(), (n) => local.get(n), where),
            where,
          )[0],
          source: rel,
        });
      } catch (err) {
        if (err instanceof SubstitutionError)
          problems.push(
            `[${err.message.replace(/: /, '] ')} — rule: helm-substitution — fix: add the key to cluster-secrets (model/secrets.ts) or give a default`,
          );
        else throw err;
      }
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return out;
}

/** HelmReleases of the substituted manifests, with Flux's defaults for release name, namespace and CRD policy. */
export function releasesOf(objects: readonly Sourced[]): Release[] {
  return objects
    .filter((s) => s.object.kind === 'HelmRelease')
    .map(({ object: o, source }) => {
      const spec = o.spec ?? {};
      const chartSpec = ((spec.chart as Values | undefined)?.spec ?? {}) as Values;
      if (spec.valuesFrom !== undefined)
        throw new Error(
          `[${source}: HelmRelease/${o.metadata.name}] uses valuesFrom — rule: helm-values — fix: this check renders inline values only; extend checks/helm/run.ts`,
        );
      const targetNamespace = spec.targetNamespace as string | undefined;
      const namespace = targetNamespace ?? o.metadata.namespace ?? 'default';
      const releaseName =
        (spec.releaseName as string | undefined) ?? (targetNamespace !== undefined ? `${targetNamespace}-${o.metadata.name}` : o.metadata.name);
      const crds = ((spec.install as Values | undefined)?.crds as string | undefined) ?? 'Create';
      return {
        name: o.metadata.name,
        namespace,
        releaseName,
        chart: String(chartSpec.chart),
        version: String(chartSpec.version),
        values: (spec.values ?? {}) as Values,
        includeCrds: crds !== 'Skip',
        file: source,
      };
    });
}

/** Every CRD under a folder (chart crds/ folders, ../shared/crds). */
function crdsIn(dir: string): K8sObject[] {
  if (!fs.existsSync(dir)) return [];
  return yamlFiles(dir)
    .flatMap((f) => parseObjects(fs.readFileSync(f, 'utf8'), f))
    .filter((o) => o.kind === 'CustomResourceDefinition');
}

function chartCrdDirs(chart: AssembledChart): string[] {
  return [path.join(chart.dir, 'crds'), ...chart.dependencies.flatMap((d) => chartCrdDirs(d.chart))];
}

function apiVersionsOf(crds: readonly K8sObject[]): string[] {
  const out = new Set<string>();
  for (const c of crds) {
    const spec = c.spec as { group: string; names: { kind: string }; versions?: { name: string; served?: boolean }[] };
    for (const v of spec.versions ?? [])
      if (v.served !== false) {
        out.add(`${spec.group}/${v.name}`);
        out.add(`${spec.group}/${v.name}/${spec.names.kind}`);
      }
  }
  return [...out].sort();
}

function kubeVersions(model: Homelab): { helm: string; validate: string[] } {
  const cluster = model.clusters.map((c) => /^v?(\d+)\.(\d+)\.(\d+)/.exec(c.version)).filter((m): m is RegExpExecArray => m !== null);
  if (cluster.length === 0) throw new NotValidated('no cluster version in the model');
  const validate = [...new Set(['1.28.0', ...cluster.map((m) => `${m[1]}.${m[2]}.0`)])];
  return { helm: `v${cluster[0][1]}.${cluster[0][2]}.${cluster[0][3]}`, validate };
}

function writeYaml(file: string, objects: readonly K8sObject[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // YAML 1.1 quoting (no, yes, on stay strings for the Go and Python readers of kubeconform and checkov).
  fs.writeFileSync(file, objects.map((o) => YAML.stringify(o, { lineWidth: 0, version: '1.1' })).join('---\n'));
}

interface KubeconformRun {
  valid: number;
  invalid: number;
  skipped: number;
  errors: string[];
}

function kubeconform(bin: string, version: string, locations: readonly string[], file: string): KubeconformRun {
  const r = spawnSync(
    bin,
    ['-strict', '-kubernetes-version', version, '-output', 'json', '-verbose', ...locations.flatMap((l) => ['-schema-location', l]), file],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  let data: { resources?: { filename: string; kind: string; name: string; status: string; msg?: string }[] };
  try {
    data = JSON.parse(r.stdout) as typeof data;
  } catch {
    throw new NotValidated(`kubeconform ${version} gave no JSON for ${file}: ${r.stderr || r.stdout}`);
  }
  const res = data.resources ?? [];
  const count = (s: string) => res.filter((x) => x.status === s).length;
  return {
    valid: count('statusValid'),
    invalid: res.length - count('statusValid') - count('statusSkipped'),
    skipped: count('statusSkipped'),
    errors: res.filter((x) => x.status !== 'statusValid').map((x) => `${x.status}: ${x.kind}/${x.name}: ${x.msg ?? ''}`),
  };
}

/** checkov.io/skipN annotations for a rendered object from the table. */
function withCheckovSkips(release: string, o: K8sObject, skips: readonly ChartCheckovSkip[]): K8sObject {
  const mine = skips.filter((s) => s.release === release && s.objects.includes(`${o.kind}/${o.metadata.name}`));
  if (mine.length === 0) return o;
  const annotations: Record<string, string> = { ...(o.metadata.annotations ?? {}) };
  mine.forEach((s, i) => {
    annotations[`checkov.io/skip${100 + i}`] = `${s.check}=${s.reason}`;
  });
  return { ...o, metadata: { ...o.metadata, annotations } };
}

interface CheckovJson {
  check_type?: string;
  results?: {
    passed_checks?: { file_path: string }[];
    failed_checks?: { check_id: string; check_name: string; resource: string; file_path: string }[];
    skipped_checks?: { file_path: string }[];
  };
}

export function runHelmCheck(o: HelmCheckOptions): number {
  const started = Date.now();
  const helm = tool(o.toolsDir, 'helm');
  const kc = tool(o.toolsDir, 'kubeconform');
  const checkov = tool(o.toolsDir, 'checkov');
  const python = tool(o.toolsDir, 'python');
  const kvDir = execFileSync(
    python,
    ['-c', 'import kubernetes_validate, os; print(os.path.join(os.path.dirname(kubernetes_validate.__file__), "kubernetes-json-schema"))'],
    { encoding: 'utf8' },
  ).trim();
  if (!fs.existsSync(o.crdsDir)) throw new NotValidated(`CRD directory ${o.crdsDir} not found`);
  if (!fs.existsSync(o.chartsDir)) throw new NotValidated(`chart archives ${o.chartsDir} not found (set HELM_CHARTS_DIR)`);
  const versions = kubeVersions(o.model);
  const allowed = o.allowedValues ?? ALLOWED_VALUES;
  const byPerson = o.personCreated ?? PERSON_CREATED;
  const skips = o.checkovSkips ?? CHART_CHECKOV_SKIPS;

  const ours = loadManifests(path.dirname(o.k8sDir), o.k8sDir, substitutionValues(o.inventory, o.vaultExample));
  const releases = releasesOf(ours);
  if (releases.length === 0) throw new NotValidated(`no HelmRelease under ${o.k8sDir}`);
  const ctx = { chartsDir: o.chartsDir, pins: readPins(o.pinsFile), verified: new Set<string>() };
  const sharedCrds = crdsIn(o.crdsDir);

  // Assemble every chart first: the API versions of all CRDs (charts' and shared) are the cluster's capabilities.
  const results: ReleaseResult[] = releases.map((release) => ({ release, objects: [], unknown: [], kubeconform: {} }));
  const problems: string[] = [];
  for (const r of results) {
    try {
      r.chart = assembleChart(ctx, r.release.chart, r.release.version, path.join(o.work, 'charts', r.release.name));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length > 0) {
    for (const p of problems) o.out(p);
    return 1;
  }
  const chartCrds = results.flatMap((r) => chartCrdDirs(staged(r.chart, 'chart')).flatMap(crdsIn));
  const apiVersions = apiVersionsOf([...chartCrds, ...sharedCrds]);

  for (const r of results) {
    const { release } = r;
    const chart = staged(r.chart, 'chart');
    const { defaults } = effectiveDefaults(chart, release.values);
    r.unknown = unknownValueKeys(release.values, defaults, release.name, allowed);
    // JSON, not YAML: helm reads a values file with YAML 1.1 rules (an unquoted `yes` would become true), but Flux hands
    // helm the HelmRelease's values as the API server stores them, where the string stays a string.
    const valuesFile = path.join(o.work, 'values', `${release.name}.json`);
    fs.mkdirSync(path.dirname(valuesFile), { recursive: true });
    fs.writeFileSync(valuesFile, JSON.stringify(release.values));
    const args = [
      'template',
      release.releaseName,
      chart.dir,
      '--namespace',
      release.namespace,
      '--kube-version',
      versions.helm,
      '--values',
      valuesFile,
      ...apiVersions.flatMap((a) => ['--api-versions', a]),
    ];
    if (release.includeCrds) args.push('--include-crds');
    const h = spawnSync(helm, args, {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: {
        ...process.env,
        HELM_CACHE_HOME: path.join(o.work, 'helm-cache'),
        HELM_CONFIG_HOME: path.join(o.work, 'helm-config'),
        HELM_DATA_HOME: path.join(o.work, 'helm-data'),
      },
    });
    if (h.status !== 0) {
      r.renderError = (h.stderr || h.stdout).trim();
      continue;
    }
    // Namespaced objects without a namespace land in the release's (helm leaves it to the client).
    r.objects = parseObjects(h.stdout, `helm template ${release.name}`).map((x) =>
      x.metadata.namespace === undefined && !CLUSTER_SCOPED.has(x.kind) ? { ...x, metadata: { ...x.metadata, namespace: release.namespace } } : x,
    );
  }

  // kubeconform schemas: Kubernetes (offline, from kubernetes-validate), the charts' CRDs first, then the shared CRDs.
  const rendered = results.filter((r) => r.renderError === undefined);
  const renderedCrds = rendered.flatMap((r) => r.objects.filter((x) => x.kind === 'CustomResourceDefinition'));
  // What the charts install: the CRDs of their crds/ folders and any a template renders (one per name).
  const crdByName = new Map([...chartCrds, ...renderedCrds].map((c) => [c.metadata.name, c]));
  writeYaml(path.join(o.work, 'crds-charts', 'crds.yaml'), [...crdByName.values()]);
  const crdSchemas = (from: string, to: string) =>
    execFileSync(process.execPath, [path.join(o.root, 'scripts', 'crd-schemas.js'), from, to], { encoding: 'utf8' });
  crdSchemas(path.join(o.work, 'crds-charts'), path.join(o.work, 'schemas-charts'));
  crdSchemas(o.crdsDir, path.join(o.work, 'schemas-shared'));
  const files: { label: string; file: string; result: ReleaseResult }[] = rendered.map((r) => ({
    label: r.release.name,
    file: path.join(o.work, 'rendered', `${r.release.name}.yaml`),
    result: r,
  }));
  for (const f of files) writeYaml(f.file, f.result.objects);
  const oursFile = path.join(o.work, 'rendered', 'k8s.yaml');
  writeYaml(
    oursFile,
    ours.map((s) => s.object),
  );
  const canary = path.join(o.work, 'canary.yaml');
  fs.writeFileSync(
    canary,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: canary}\nspec:\n  notAField: true\n  selector: {matchLabels: {app: canary}}\n  template: {metadata: {labels: {app: canary}}, spec: {containers: [{name: c, image: "x:1"}]}}\n',
  );
  execFileSync(
    process.execPath,
    [
      path.join(o.root, 'scripts', 'k8s-schemas.js'),
      kvDir,
      path.join(o.work, 'schemas-k8s'),
      ...versions.validate,
      '--',
      ...files.map((f) => f.file),
      oursFile,
      canary,
    ],
    { encoding: 'utf8' },
  );
  const locations = [
    path.join(o.work, 'schemas-k8s', '{{ .NormalizedKubernetesVersion }}', '{{ .ResourceKind }}{{ .KindSuffix }}.json'),
    path.join(o.work, 'schemas-charts', '{{ .Group }}', '{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'),
    path.join(o.work, 'schemas-shared', '{{ .Group }}', '{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'),
  ];
  for (const v of versions.validate) {
    const c = kubeconform(kc, v, locations, canary);
    if (c.invalid !== 1) throw new NotValidated(`kubeconform ${v} did not reject the canary's unknown field (-strict not effective): ${c.errors.join('; ')}`);
  }
  let oursRun: Record<string, KubeconformRun> = {};
  for (const v of versions.validate) {
    for (const f of files) f.result.kubeconform[v] = kubeconform(kc, v, locations, f.file);
    oursRun = { ...oursRun, [v]: kubeconform(kc, v, locations, oursFile) };
  }

  // checkov over the rendered objects (CRDs are schemas, not workloads), with the table's skips as annotations.
  const checkovDir = path.join(o.work, 'checkov');
  for (const r of rendered)
    writeYaml(
      path.join(checkovDir, `${r.release.name}.yaml`),
      r.objects.filter((x) => x.kind !== 'CustomResourceDefinition').map((x) => withCheckovSkips(r.release.name, x, skips)),
    );
  // Our NetworkPolicies beside them, so checkov's graph check (CKV2_K8S_6) sees the policies that select the pods.
  writeYaml(
    path.join(checkovDir, 'k8s-network-policies.yaml'),
    ours.map((s) => s.object).filter((x) => x.kind === 'NetworkPolicy'),
  );
  // The skip list of scripts/checkov-k8s.yaml (not the file itself: its `quiet` would drop the passed checks we count).
  const ckConfig = YAML.parse(fs.readFileSync(path.join(o.root, 'scripts', 'checkov-k8s.yaml'), 'utf8')) as { 'skip-check'?: string[] };
  const ck = spawnSync(
    checkov,
    ['--framework', 'kubernetes', '-d', checkovDir, '-o', 'json', ...(ckConfig['skip-check'] ?? []).flatMap((c) => ['--skip-check', c])],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  let ckJson: CheckovJson[];
  try {
    const parsed = JSON.parse(ck.stdout) as CheckovJson | CheckovJson[];
    ckJson = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    throw new NotValidated(`checkov gave no JSON (exit ${ck.status}): ${(ck.stderr || ck.stdout).slice(0, 2000)}`);
  }
  const ckResults = ckJson.find((x) => x.check_type === 'kubernetes')?.results ?? {};
  for (const r of rendered) {
    const mine = (p: { file_path: string }) => path.basename(p.file_path) === `${r.release.name}.yaml`;
    r.checkov = {
      passed: (ckResults.passed_checks ?? []).filter(mine).length,
      failed: (ckResults.failed_checks ?? []).filter(mine).map((f) => `${f.check_id} ${f.resource}: ${f.check_name}`),
      skipped: (ckResults.skipped_checks ?? []).filter(mine).length,
    };
  }

  // Cross-checks over everything that will run: the renderings and our manifests.
  const all: Sourced[] = [
    ...ours,
    ...rendered.flatMap((r) => r.objects.map((object) => ({ object, source: `helm:${r.release.name}` }))),
    ...(o.platformPods ?? PLATFORM_PODS).map(platformPodObject),
  ];
  const cross = [
    ...checkRoutes(all),
    ...checkNetworkPolicies(all),
    ...checkServiceSelectors(all, (s) => !s.startsWith('helm:')),
    ...checkPodReferences(all, byPerson),
  ];

  // Table entries must still apply: an exception for a key we no longer set, or a skip for an object no chart
  // renders, is stale.
  const stale: string[] = [];
  for (const a of allowed) {
    const r = results.find((x) => x.release.name === a.release);
    if (r === undefined || lookupPath(r.release.values, a.path) === undefined)
      stale.push(
        `[checks/helm/exceptions.ts] ALLOWED_VALUES ${a.release} ${a.path}: no such value in the release — rule: helm-stale-exception — fix: remove the entry`,
      );
  }
  for (const k of skips) {
    if (results.some((x) => x.release.name === k.release && x.renderError !== undefined)) continue; // reported as a render failure
    const r = rendered.find((x) => x.release.name === k.release);
    for (const obj of k.objects)
      if (!r?.objects.some((x) => `${x.kind}/${x.metadata.name}` === obj))
        stale.push(
          `[checks/helm/exceptions.ts] CHART_CHECKOV_SKIPS ${k.release} ${k.check} ${obj}: not rendered — rule: helm-stale-exception — fix: remove it from the entry`,
        );
  }

  // Report.
  let failed = stale.length > 0;
  for (const line of stale) o.out(line);
  o.out(
    `check:helm: ${results.length} HelmReleases, charts from ${o.chartsDir} (sha256 verified: ${ctx.verified.size} archives), Kubernetes ${versions.helm} (validated for ${versions.validate.join(', ')})`,
  );
  for (const r of results) {
    const { release } = r;
    const head = `  ${release.name.padEnd(24)} ${`${release.chart} ${release.version}`.padEnd(32)}`;
    if (r.renderError !== undefined) {
      failed = true;
      o.out(`${head} RENDER FAILED`);
      o.out(
        `    [${release.file}: HelmRelease/${release.name}] helm template failed — rule: helm-render — fix: correct the values: ${r.renderError.split('\n').join('\n      ')}`,
      );
      if (r.unknown.length > 0)
        for (const k of r.unknown)
          o.out(
            `    [${release.file}: HelmRelease/${release.name}] unknown value key ${k} — rule: helm-unknown-values — fix: spell it as the chart's values.yaml does, or add it to ALLOWED_VALUES with the reason the chart reads it`,
          );
      continue;
    }
    const kcText = versions.validate
      .map((v) => {
        const k = r.kubeconform[v];
        return `k8s ${v} ${k.valid} valid/${k.invalid} invalid/${k.skipped} skipped`;
      })
      .join(', ');
    const checkov = staged(r.checkov, 'checkov');
    o.out(
      `${head} ${String(r.objects.length).padStart(4)} objects; kubeconform ${kcText}; unknown value keys ${r.unknown.length}; checkov ${checkov.passed} passed/${checkov.failed.length} failed/${checkov.skipped} skipped`,
    );
    for (const k of r.unknown) {
      failed = true;
      o.out(
        `    [${release.file}: HelmRelease/${release.name}] unknown value key ${k} — rule: helm-unknown-values — fix: spell it as the chart's values.yaml does, or add it to ALLOWED_VALUES with the reason the chart reads it`,
      );
    }
    for (const v of versions.validate)
      for (const e of r.kubeconform[v].errors) {
        failed = true;
        o.out(`    [helm:${release.name}] kubeconform ${v}: ${e} — rule: helm-kubeconform — fix: correct the values or the schemas`);
      }
    for (const f of checkov.failed) {
      failed = true;
      o.out(
        `    [helm:${release.name}] checkov ${f} — rule: helm-checkov — fix: set the chart value that satisfies it, or add a reasoned entry to CHART_CHECKOV_SKIPS`,
      );
    }
  }
  const oursText = versions.validate.map((v) => `k8s ${v} ${oursRun[v].valid} valid/${oursRun[v].invalid} invalid/${oursRun[v].skipped} skipped`).join(', ');
  o.out(`  k8s/ against the charts' CRDs   ${String(ours.length).padStart(4)} objects; kubeconform ${oursText}`);
  for (const v of versions.validate)
    for (const e of oursRun[v].errors) {
      failed = true;
      o.out(`    [k8s/] kubeconform ${v}: ${e} — rule: helm-kubeconform — fix: match the CRD version the pinned chart installs`);
    }
  o.out(`  cross-checks (routes, network policies, services, pod references): ${cross.length} problems`);
  for (const c of cross) {
    failed = true;
    o.out(`    ${c}`);
  }
  if (ck.status !== 0 && results.every((r) => (r.checkov?.failed.length ?? 0) === 0)) {
    failed = true;
    o.out(`    checkov exited ${ck.status} without failed checks: ${(ck.stderr || '').slice(0, 2000)}`);
  }
  o.out(`check:helm: ${failed ? 'FAILED' : 'ok'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return failed ? 1 : 0;
}

/** Kinds without a namespace (the ones charts render). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'PersistentVolume',
  'PriorityClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'APIService',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
]);
