/**
 * Proxmox VE lets only the user root@pam itself set a bind mount on a container (pve-container refuses "mount point
 * type bind is only allowed for root@pam" to everyone else, and an API token — even `root@pam!x` — is not root@pam).
 * The tofu stack runs with the automation user's token, so every bind mount is applied by the host-side play as root
 * over SSH; and that token never belongs to root@pam (a leaked root token is root on every node).
 */
import type { DeployRule } from '../rule';
import { at } from '../../model/rules/rule';
import { bindMounts, type BindMountPlan } from '../../plan/proxmox';
import type { Homelab } from '../../model/types';

export const BIND_MOUNT_CREDENTIALS = 'deploy-bind-mount-credentials';

/** The rule over a bind-mount planner (the stacks' own by default; tests pass a broken one). */
export function bindMountCredentialsRule(plan: (model: Homelab, location: string) => readonly BindMountPlan[] = bindMounts): DeployRule {
  return {
    id: BIND_MOUNT_CREDENTIALS,
    description: "Bind mounts are set only with root@pam credentials (the host-side play), never by the tofu stack's API token; that token is not root@pam's.",
    check(model, _index, problems) {
      for (const c of model.pveClusters) {
        const [user, ...realm] = c.automation.user.split('@');
        if (user === 'root' || realm.length === 0) {
          problems.report(
            `pveClusters/${c.name}`,
            BIND_MOUNT_CREDENTIALS,
            `the automation user "${c.automation.user}" is root (or has no realm): its API token would be root on every node and still could not set bind mounts`,
            'use a dedicated user such as tofu@pve with the custom role (ansible/proxmox-access.yml creates it)',
          );
        }
      }
      for (const location of model.locations) {
        for (const b of plan(model, location.name)) {
          if (b.appliedBy !== 'host-root') {
            problems.report(
              at.guest(b.guest),
              BIND_MOUNT_CREDENTIALS,
              `its bind mount ${b.hostPath} → ${b.path} would be sent by the ${location.name} stack's API token; Proxmox answers 403 (only root@pam may set bind mounts)`,
              "leave the mount to the host-side play (ansible/proxmox-guests.yml, pct set as root) and keep the container's mount_point ignored by tofu",
            );
          }
        }
      }
    },
  };
}

export const bindMountCredentials = bindMountCredentialsRule();
