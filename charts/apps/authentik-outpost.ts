/**
 * The Authentik proxy outpost Traefik's forward-auth asks. Its token exists only after a person creates the outpost in
 * the Authentik UI (manual step `authentik-outpost-token` in homelab.ts), so its Flux Kustomization has no health checks
 * and no app depends on it: until then it restarts, and protected routes answer with an error, while every app deploys.
 */
import { fail } from '../../model/errors';
import { secretNames } from '../../model/secrets';
import { k8sNames } from '../../naming/names';
import { substitutedSecret } from '../lib/chart-service';
import { COMPONENT_LABEL, NAME_LABEL } from '../lib/labels';
import { unitChart } from '../lib/unit-chart';
import { AppWorkload } from '../lib/workload';
import type { AppModule } from '../module';

/** Port of the proxy outpost (forward-auth and its callback path). */
export const OUTPOST_PORT = 9000;
/** Path prefix the outpost answers on every protected host. */
export const OUTPOST_PATH = '/outpost.goauthentik.io/';
/** Key of the `authentik-outpost-secrets` Secret: the token the image reads from AUTHENTIK_TOKEN. */
const TOKEN_KEY = 'AUTHENTIK_TOKEN';

export const authentikOutpost: AppModule = {
  pods: (spec) => ({ [NAME_LABEL]: spec.name, [COMPONENT_LABEL]: 'outpost' }),
  needs: { fields: ['image'], port: OUTPOST_PORT, peers: ['forward-auth'] },
  roles: ['forward-auth-outpost'],
  extraTraffic(spec, ctx) {
    const ingress = ctx.pods(ctx.model.edge.applicationIngress);
    if (ingress === undefined) return [];
    return [
      {
        from: ingress,
        to: { app: spec.name, namespace: spec.namespace, labels: { [NAME_LABEL]: spec.name, [COMPONENT_LABEL]: 'outpost' } },
        port: OUTPOST_PORT,
        why: 'forward-auth and the outpost callback',
      },
    ];
  },
  build(app, spec, ctx) {
    const main = unitChart(app, spec.name, spec.namespace);
    const server = ctx.authApp;
    if (server?.port === undefined)
      fail(
        `apps/${spec.name}`,
        'deploy-app-chart-needs',
        'it calls the forward-auth app of its cluster, and there is none with a port',
        'add the authentik app (with a port) to the cluster',
      );
    if (spec.image === undefined)
      fail(
        `apps/${spec.name}`,
        'deploy-app-chart-needs',
        'its workload builds from image, which the app does not set',
        'set image (ghcr.io/goauthentik/proxy, the Authentik version) on the app',
      );
    if (spec.port !== OUTPOST_PORT)
      fail(
        `apps/${spec.name}`,
        'deploy-app-chart-needs',
        `its pods listen on ${OUTPOST_PORT}, but the app says port ${spec.port ?? 'none'}`,
        `set port: ${OUTPOST_PORT}`,
      );
    const secret = substitutedSecret(main, k8sNames.appSecret(spec.name), spec.namespace, { [TOKEN_KEY]: ctx.subst(secretNames.authentikOutpostToken) });
    new AppWorkload(main, 'outpost', {
      name: spec.name,
      partOf: server.name,
      component: 'outpost',
      image: spec.image,
      port: OUTPOST_PORT,
      resources: { cpu: [20, 500], memoryMiB: [64, 256] },
      probe: { kind: 'http', path: '/outpost.goauthentik.io/ping', port: 9300 },
      annotations: { 'checkov.io/skip1': 'CKV_K8S_35=the proxy outpost reads its token only from the AUTHENTIK_TOKEN variable' },
    })
      .env({
        AUTHENTIK_HOST: `http://${k8sNames.service(server.name)}.${server.namespace}.svc.cluster.local:${server.port}`,
        AUTHENTIK_HOST_BROWSER: server.exposure ? `https://${server.exposure.hostname}.${ctx.domain}` : '',
        AUTHENTIK_INSECURE: 'false',
        AUTHENTIK_TOKEN: { secret, key: TOKEN_KEY },
      })
      .scratch('/tmp');
    return { main };
  },
};
