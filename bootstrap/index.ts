/** The bootstrap order (bootstrap/plan.ts) and its document (docs/BOOTSTRAP.md). */
export { PHASES, bootstrapPlan, checkBootstrapOrder, type BootstrapStep, type Phase, type PhaseName, type ManualAction } from './plan';
export { BOOTSTRAP_MD, bootstrapMarkdown, continueCommand } from './document';
