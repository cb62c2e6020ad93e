/** Radarr (arr-stack): manages the movie collection on the media share. */
import { LINUXSERVER_SCRATCH, webApp } from '../lib/web-app';

export const radarr = webApp({ probe: { kind: 'http', path: '/ping' }, resources: { cpu: [50, 1000], memoryMiB: [256, 1024] }, scratch: LINUXSERVER_SCRATCH });
