/**
 * The reasoned tables of `npm run check:helm`: value keys the chart defaults do not show but the chart reads, objects a
 * person creates during bootstrap, and checkov checks that do not apply to an object a chart renders. Every entry
 * carries its reason; anything not listed must pass.
 */
import type { PersonCreated } from './cross';
import type { AllowedValue } from './values';

/** Value key paths the chart reads although its values.yaml does not list them. */
export const ALLOWED_VALUES: readonly AllowedValue[] = [
  {
    release: 'traefik',
    path: 'service.spec',
    reason: 'traefik 41.3.0 values.yaml: "Additional entries here will be added to the Service spec" — a free-form ServiceSpec whose default only shows type',
  },
];

/** Secrets/ConfigMaps that exist before Flux applies anything: created by the bootstrap playbook from the vault. */
export const PERSON_CREATED: readonly PersonCreated[] = [];

export interface ChartCheckovSkip {
  readonly release: string;
  readonly check: string;
  /** kind/name of each rendered object the skip applies to (never a wildcard). */
  readonly objects: readonly string[];
  readonly reason: string;
}

/** checkov checks skipped for one object a chart renders (added as checkov.io/skip annotations before the scan). */
export const CHART_CHECKOV_SKIPS: readonly ChartCheckovSkip[] = [];
