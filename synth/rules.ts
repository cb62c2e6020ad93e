/**
 * The rule registry: every rule id an error can name, with what the rule protects. The rule sets register themselves
 * (model rules, the schema's shape rules, deploy rules, manifest rules, construct contracts); the few checks outside a
 * rule set are listed here. __tests__/synth/rules.test.ts proves that every rule id cited anywhere in the source is one
 * of these.
 */
import { MODEL_RULES } from '../model/rules';
import { SHAPE_RULES } from '../model/structure';
import { DEPLOY_RULES } from '../deploy/rules';
import { MANIFEST_RULES } from '../charts/rules';
import { CONSTRUCT_RULES } from '../constructs/contracts';

/**
 * Checks outside the rule sets above: loading a model file, the synth transaction, the bootstrap plan's own order
 * checks (bootstrap/plan.ts), the shell pipeline check (scripts/check-pipes.js) and the real-tool Helm check
 * (checks/helm), which name their problems the same way.
 */
export const OTHER_RULES: Readonly<Record<string, string>> = {
  'model-file': 'The model file passed with --model exists, parses (JSON) or loads (a module) and is a model.',
  'synth-atomic': 'A synth is one transaction: an interrupted one is finished or discarded before the next check.',
  'bootstrap-unique-id': 'Every bootstrap step has its own id.',
  'bootstrap-step-kind': 'A bootstrap step either runs a command or needs a person, never both or neither.',
  'bootstrap-one-producer': 'One bootstrap step provides each thing later steps need.',
  'bootstrap-producer': 'Everything a bootstrap step needs is provided by some step.',
  'bootstrap-order': 'A bootstrap step comes after the steps that provide what it needs.',
  'bootstrap-phase-order': 'Bootstrap steps follow the order of the phases.',
  'no-early-exit-pipe': 'No shell pipeline under pipefail can fail by SIGPIPE (a consumer that exits before reading all).',
  'helm-values': 'Every HelmRelease carries its values inline, so the check renders exactly what Flux installs.',
  'helm-chart-pins': 'Every chart archive matches its sha256 pin (tools/helm/charts.sha256).',
  'helm-chart-assembly': 'Every chart and its dependencies come from named, pinned archives with the chart as top folder.',
  'helm-render': 'helm template renders every HelmRelease with its values.',
  'helm-unknown-values': 'No value key a chart does not know (a typo is silently ignored by Helm).',
  'helm-kubeconform': 'The rendered objects and our manifests pass kubeconform -strict.',
  'helm-checkov': 'The rendered objects pass checkov, or the skip is listed with its reason.',
  'helm-stale-exception': 'Every listed exception (allowed values, checkov skips) still applies to a rendered object.',
  'helm-substitution': 'Every Flux substitution resolves from a Secret the bootstrap creates, with a catalogue key.',
  'helm-route-target': 'Every route targets a rendered Service and one of its ports.',
  'helm-service-selector': 'Every Service selects rendered pods that listen on its target port.',
  'helm-network-target': 'Every network policy selects rendered pods and admits ports they listen on.',
  'helm-pod-references': 'Every Secret, ConfigMap and volume claim a pod needs is rendered or created by the bootstrap.',
};

export type RuleLayer = 'schema' | 'model' | 'deploy' | 'manifest' | 'construct' | 'other';

export interface RegisteredRule {
  readonly id: string;
  readonly layer: RuleLayer;
  readonly description: string;
}

function entries(layer: RuleLayer, rules: Iterable<{ readonly id: string; readonly description: string }>): RegisteredRule[] {
  return [...rules].map((r) => ({ id: r.id, layer, description: r.description }));
}

const fromRecord = (record: Readonly<Record<string, string>>) => Object.entries(record).map(([id, description]) => ({ id, description }));

/** Every registered rule, by id (an id registered twice is a defect: the test checks the list). */
export const RULE_LIST: readonly RegisteredRule[] = [
  ...entries('schema', fromRecord(SHAPE_RULES)),
  ...entries('model', MODEL_RULES),
  ...entries('deploy', DEPLOY_RULES),
  ...entries('manifest', MANIFEST_RULES),
  ...entries('construct', fromRecord(CONSTRUCT_RULES)),
  ...entries('other', fromRecord(OTHER_RULES)),
];

export const RULES: ReadonlyMap<string, RegisteredRule> = new Map(RULE_LIST.map((r) => [r.id, r]));
