/** The deploy rule set, in the order problems are reported. One rule per file; register it here. */
import type { DeployRule } from '../rule';
import { endpointProducer } from './endpoint-producer';
import { guestAgent } from './guest-agent';
import { dataDiskMounted } from './data-disk-mounted';

export const DEPLOY_RULES: readonly DeployRule[] = [endpointProducer, guestAgent, dataDiskMounted];
