/** Moved to plan/proxmox.ts (pure plans of the model, below the stacks that render them). */
export * from '../plan/proxmox';
