/**
 * Flux dependsOn of each unit: the model's dependsOn, plus what its manifests imply — the app whose HelmRelease
 * installs a CRD the unit uses, the unit that holds a Middleware its IngressRoutes reference, and (for a second stage)
 * its own app's first stage.
 */
import type { AppModule } from '../module';
import { apiGroup, asArray, field, FLUX_GROUPS, isBuiltInGroup, middlewareRef, type K8sObject } from './objects';

export interface UnitObjects {
  readonly name: string;
  readonly app: string;
  readonly stage: 'main' | 'config';
  readonly objects: readonly K8sObject[];
  /** The model's dependsOn of the app. */
  readonly modelDependsOn: readonly string[];
}

/** Groups a unit's objects use that some app must install (neither built in nor Flux's). */
export function customGroups(objects: readonly K8sObject[]): string[] {
  return [...new Set(objects.map((o) => apiGroup(o.apiVersion)).filter((g) => !isBuiltInGroup(g) && !FLUX_GROUPS.includes(g)))].sort();
}

/** Middlewares referenced by a unit's IngressRoutes: `namespace/name`. */
export function middlewareRefs(objects: readonly K8sObject[]): string[] {
  const refs: string[] = [];
  for (const o of objects.filter((x) => x.kind === 'IngressRoute')) {
    for (const route of asArray(field(o, 'spec', 'routes'))) {
      for (const m of asArray(field(route, 'middlewares'))) refs.push(middlewareRef(m, o.metadata.namespace));
    }
  }
  return refs;
}

export function mainUnitOf(units: readonly UnitObjects[], app: string): UnitObjects | undefined {
  return units.find((u) => u.app === app && u.stage === 'main');
}

export function providerOf(modules: Readonly<Record<string, AppModule>>, apps: readonly string[], group: string): string | undefined {
  return apps.find((a) => Object.hasOwn(modules, a) && modules[a].crdGroups?.includes(group));
}

export function impliedDependencies(units: readonly UnitObjects[], modules: Readonly<Record<string, AppModule>>): Map<string, string[]> {
  const apps = [...new Set(units.map((u) => u.app))];
  const middlewareHome = new Map<string, string>();
  for (const u of units) for (const o of u.objects) if (o.kind === 'Middleware') middlewareHome.set(`${o.metadata.namespace}/${o.metadata.name}`, u.name);
  const result = new Map<string, string[]>();
  for (const u of units) {
    const deps = new Set<string>();
    for (const d of u.modelDependsOn) {
      const m = mainUnitOf(units, d);
      if (m) deps.add(m.name);
    }
    if (u.stage === 'config') {
      const m = mainUnitOf(units, u.app);
      if (m) deps.add(m.name);
    }
    for (const g of customGroups(u.objects)) {
      const provider = providerOf(modules, apps, g);
      const m = provider === undefined ? undefined : mainUnitOf(units, provider);
      if (m) deps.add(m.name);
    }
    for (const ref of middlewareRefs(u.objects)) {
      const home = middlewareHome.get(ref);
      if (home !== undefined) deps.add(home);
    }
    deps.delete(u.name);
    result.set(u.name, [...deps].sort());
  }
  return result;
}
