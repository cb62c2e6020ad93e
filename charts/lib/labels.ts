/** Labels of the pods we run (selectors of Services, NetworkPolicies and ServiceMonitors use them). */

export const NAME_LABEL = 'app.kubernetes.io/name';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
/** Marks the Service that carries an app's metrics port; the app's ServiceMonitor selects it. */
export const METRICS_LABEL = 'homelab.io/metrics';

/** Components that only answer inside their namespace: they get no egress beyond DNS. */
export const INTERNAL_COMPONENTS: readonly string[] = ['database', 'cache'];

export type Labels = Readonly<Record<string, string>>;

/** Labels of a workload's pods: its name (the selector), the app it belongs to and its component. */
export function podLabels(name: string, partOf?: string, component?: string): Labels {
  const labels: Record<string, string> = { [NAME_LABEL]: name };
  if (partOf !== undefined && partOf !== name) labels[PART_OF_LABEL] = partOf;
  if (component !== undefined) labels[COMPONENT_LABEL] = component;
  return labels;
}

/** The selector part of `podLabels`. */
export function selectorOf(name: string): Labels {
  return { [NAME_LABEL]: name };
}
