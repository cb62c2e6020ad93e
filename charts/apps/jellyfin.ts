/** Jellyfin: plays the media library (the model mounts the share read-only); transcodes into /cache. */
import { webApp } from '../lib/web-app';

export const jellyfin = webApp({
  probe: { kind: 'http', path: '/health' },
  resources: { cpu: [200, 4000], memoryMiB: [512, 4096] },
  scratch: ['/cache', '/tmp'],
});
