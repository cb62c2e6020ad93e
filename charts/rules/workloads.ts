import { field, walk } from '../lib/objects';
import type { ManifestRule } from './rule';
import { allObjects, at, containersOf, podSpecs } from './helpers';

/** `repo:tag` or `repo@digest` with a tag that is a version. */
export function imageProblem(image: string): string | undefined {
  if (image.includes('@sha256:')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'has no tag (would pull latest)';
  const tag = image.slice(colon + 1);
  if (/^(latest|main|master|stable|edge|nightly)$/.test(tag)) return `uses the moving tag "${tag}"`;
  return undefined;
}

/** Images pinned; our containers have requests/limits, liveness/readiness probes and run as non-root. */
export const workloadHygiene: ManifestRule = {
  id: 'k8s-workloads',
  description:
    'Images are pinned to a version (never latest), also in chart values; every container of ours has requests and limits, liveness and readiness probes and runs as non-root.',
  check(cluster, _model, problems) {
    for (const { unit, object: o } of allObjects(cluster)) {
      if (o.kind === 'HelmRelease') {
        for (const { key, value } of walk(field(o, 'spec', 'values'))) {
          if (key === 'image' && typeof value === 'string') {
            const why = imageProblem(value);
            if (why) problems.report(at.object(unit, o), 'k8s-workloads', `chart value image "${value}" ${why}`, 'pin a version tag');
          }
        }
      }
      for (const spec of podSpecs(o)) {
        const podNonRoot = field(spec, 'securityContext', 'runAsNonRoot') === true;
        for (const c of containersOf(spec)) {
          const name = String(field(c, 'name'));
          const image = String(field(c, 'image'));
          const why = imageProblem(image);
          if (why) problems.report(at.object(unit, o), 'k8s-workloads', `container ${name}: image "${image}" ${why}`, 'pin a version tag');
          for (const r of ['requests', 'limits'] as const) {
            if (field(c, 'resources', r, 'cpu') === undefined || field(c, 'resources', r, 'memory') === undefined)
              problems.report(at.object(unit, o), 'k8s-workloads', `container ${name} has no cpu/memory ${r}`, 'set resources in its ResourceProfile');
          }
          const isInit = Array.isArray(field(spec, 'initContainers')) && (field(spec, 'initContainers') as unknown[]).includes(c);
          if (!isInit && (field(c, 'livenessProbe') === undefined || field(c, 'readinessProbe') === undefined))
            problems.report(at.object(unit, o), 'k8s-workloads', `container ${name} lacks a liveness or readiness probe`, 'give the workload a probe');
          if (!podNonRoot && field(c, 'securityContext', 'runAsNonRoot') !== true)
            problems.report(at.object(unit, o), 'k8s-workloads', `container ${name} may run as root`, 'set a numeric user and runAsNonRoot');
        }
      }
    }
  },
};
