/** The deploy rule set, in the order problems are reported. One rule per file; register it here. */
import type { DeployRule } from '../rule';

export const DEPLOY_RULES: readonly DeployRule[] = [];
