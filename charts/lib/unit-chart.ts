/** The cdk8s Chart of one unit of an app (stable names: no resource-name hashes). */
import { Chart, type App } from 'cdk8s';

export function unitChart(app: App, id: string, namespace: string): Chart {
  return new Chart(app, id, { disableResourceNameHashes: true, namespace });
}
