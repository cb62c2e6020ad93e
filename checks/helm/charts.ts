/**
 * Chart assembly from the pinned archives in ../shared/charts (layout of a packaged chart, dependencies as separate
 * archives): every archive is checked against its sha256 in tools/helm/charts.sha256, unpacked, and each dependency
 * its Chart.yaml declares is unpacked into its `charts/` folder (recursively), matched by name and version constraint.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

export interface ChartDependency {
  readonly name: string;
  readonly version: string;
  readonly repository?: string;
  readonly condition?: string;
  readonly alias?: string;
  readonly tags?: readonly string[];
}

export interface AssembledChart {
  readonly name: string;
  readonly version: string;
  /** Unpacked chart folder, ready for `helm template`. */
  readonly dir: string;
  /** Default values (values.yaml). */
  readonly values: Record<string, unknown>;
  readonly hasSchema: boolean;
  /** The dependencies as placed under charts/, each with its own assembly. */
  readonly dependencies: readonly { readonly declared: ChartDependency; readonly chart: AssembledChart }[];
}

/** `name  file` lines of a sha256sum-style pin file (comments with #). */
export function readPins(file: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const m = /^([0-9a-f]{64})\s+\*?(\S+)$/.exec(t);
    if (m === null) throw new Error(`[${file}] line "${t}" is not "<sha256>  <file>" — rule: helm-chart-pins — fix: write sha256sum output`);
    pins.set(m[2], m[1]);
  }
  return pins;
}

/** Whether a version satisfies a Chart.yaml dependency constraint: exact, or with x/X/* wildcards ("0.12.*", "2.x.x"). */
export function versionMatches(constraint: string, version: string): boolean {
  const c = constraint.trim().replace(/^v/, '').replace(/^=\s*/, '');
  const v = version.replace(/^v/, '');
  if (!/^[0-9xX*]+(\.[0-9xX*]+){0,2}$/.test(c))
    throw new Error(
      `dependency version constraint "${constraint}" is not exact or a wildcard (x, *) — rule: helm-chart-assembly — fix: extend versionMatches in checks/helm/charts.ts`,
    );
  const cp = c.split('.');
  const vp = v.split(/[.+-]/).slice(0, 3);
  return cp.every((p, i) => p === 'x' || p === 'X' || p === '*' || p === vp[i]);
}

/** Archives of a charts folder: `<name>-<version>.tgz`. */
export function archivesIn(dir: string): { name: string; version: string; file: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.tgz'))
    .sort()
    .map((file) => {
      const m = /^(.+?)-(\d+\.\d+\.\d+(?:[-+][\w.-]+)?)\.tgz$/.exec(file);
      if (m === null) throw new Error(`[${dir}/${file}] is not named <chart>-<version>.tgz — rule: helm-chart-assembly — fix: rename it`);
      return { name: m[1], version: m[2], file };
    });
}

export function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export interface AssemblyContext {
  readonly chartsDir: string;
  readonly pins: ReadonlyMap<string, string>;
  /** Archives already verified (each file hashed once per run). */
  readonly verified: Set<string>;
}

function verified(ctx: AssemblyContext, file: string): string {
  const abs = path.join(ctx.chartsDir, file);
  if (ctx.verified.has(file)) return abs;
  const want = ctx.pins.get(file);
  if (want === undefined)
    throw new Error(
      `[charts/${file}] has no pinned sha256 — rule: helm-chart-pins — fix: add "$(sha256sum ${file})" to tools/helm/charts.sha256 after checking it against SOURCES.md`,
    );
  const got = sha256(abs);
  if (got !== want)
    throw new Error(
      `[charts/${file}] sha256 ${got} differs from the pin ${want} — rule: helm-chart-pins — fix: restore the archive (SOURCES.md) or, for a deliberate bump, update tools/helm/charts.sha256`,
    );
  ctx.verified.add(file);
  return abs;
}

/**
 * Unpacks chart `name` at `version` into `into/<name>` and, recursively, every dependency its Chart.yaml declares
 * into its charts/ folder. A dependency without a repository must already be inside the archive (e.g. the crds
 * subchart of kube-prometheus-stack).
 */
export function assembleChart(ctx: AssemblyContext, name: string, version: string, into: string): AssembledChart {
  const archive = archivesIn(ctx.chartsDir).find((a) => a.name === name && a.version === version);
  if (archive === undefined)
    throw new Error(
      `[charts/${name}-${version}.tgz] not found in ${ctx.chartsDir} — rule: helm-chart-assembly — fix: add the archive (and its pin) or correct the chart version`,
    );
  return unpack(ctx, archive.file, name, into);
}

function unpack(ctx: AssemblyContext, file: string, name: string, into: string): AssembledChart {
  const abs = verified(ctx, file);
  fs.mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-xzf', abs, '-C', into], { stdio: ['ignore', 'ignore', 'pipe'] });
  const dir = path.join(into, name);
  const chartFile = path.join(dir, 'Chart.yaml');
  if (!fs.existsSync(chartFile))
    throw new Error(`[charts/${file}] has no ${name}/Chart.yaml — rule: helm-chart-assembly — fix: the archive must have the chart's name as its top folder`);
  const meta = YAML.parse(fs.readFileSync(chartFile, 'utf8')) as { name: string; version: string | number; dependencies?: ChartDependency[] };
  const valuesFile = path.join(dir, 'values.yaml');
  const values = fs.existsSync(valuesFile) ? ((YAML.parse(fs.readFileSync(valuesFile, 'utf8')) ?? {}) as Record<string, unknown>) : {};
  const dependencies: { declared: ChartDependency; chart: AssembledChart }[] = [];
  for (const dep of meta.dependencies ?? []) {
    const sub = path.join(dir, 'charts');
    if (dep.repository === undefined || dep.repository === '' || dep.repository.startsWith('file://')) {
      const inside = path.join(sub, dep.name);
      if (!fs.existsSync(path.join(inside, 'Chart.yaml')))
        throw new Error(
          `[charts/${file}] declares ${dep.name} without a repository but has no charts/${dep.name} — rule: helm-chart-assembly — fix: check the archive`,
        );
      dependencies.push({ declared: dep, chart: loadUnpacked(inside) });
      continue;
    }
    const candidates = archivesIn(ctx.chartsDir).filter((a) => a.name === dep.name && versionMatches(dep.version, a.version));
    if (candidates.length === 0)
      throw new Error(
        `[charts/${file}] dependency ${dep.name} ${dep.version} has no archive in ${ctx.chartsDir} — rule: helm-chart-assembly — fix: add ${dep.name}-<version>.tgz (SOURCES.md) and its pin`,
      );
    const newest = candidates.sort((a, b) => compareVersions(b.version, a.version))[0];
    dependencies.push({ declared: dep, chart: unpack(ctx, newest.file, dep.name, sub) });
  }
  return { name: meta.name, version: String(meta.version), dir, values, hasSchema: fs.existsSync(path.join(dir, 'values.schema.json')), dependencies };
}

/** A subchart that ships inside its parent's archive (no dependencies of its own are fetched). */
function loadUnpacked(dir: string): AssembledChart {
  const meta = YAML.parse(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')) as { name: string; version: string | number };
  const valuesFile = path.join(dir, 'values.yaml');
  const values = fs.existsSync(valuesFile) ? ((YAML.parse(fs.readFileSync(valuesFile, 'utf8')) ?? {}) as Record<string, unknown>) : {};
  return { name: meta.name, version: String(meta.version), dir, values, hasSchema: fs.existsSync(path.join(dir, 'values.schema.json')), dependencies: [] };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map(Number);
  const pb = b.split(/[.+-]/).map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
