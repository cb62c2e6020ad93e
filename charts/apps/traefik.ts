/**
 * Traefik: the ingress controller (HelmRelease). A LoadBalancer Service served by k3s ServiceLB on every node (reached by
 * the tunnel LXC and LAN clients), TLS for `*.${SECRET_DOMAIN}` from Let's Encrypt through Cloudflare DNS-01 (a DNS-only token for
 * the one zone, `cloudflare_dns_api_token`: never the edge stack's token), the ACME account on a local-path volume. Decision: docs/decisions/0009-k8s-traefik-exposure.md.
 */
import { fail } from '../../model/errors';
import { secretNames } from '../../model/secrets';
import { k8sNames } from '../../naming/names';
import { chartMetricsService, substitutedSecret } from '../lib/chart-service';
import { HelmApp, resources, type KubeResources } from '../lib/helm-app';
import { selectorOf } from '../lib/labels';
import { TRAEFIK } from '../lib/route';
import { VELERO_BACKUP_VOLUMES } from '../lib/workload';
import type { AppModule } from '../module';
import { unitChart } from '../lib/unit-chart';

const PORTS = { web: 8000, websecure: 8443 } as const;
const CF_TOKEN_ENV = 'CF_DNS_API_TOKEN';
/** The chart's name for the persistence volume (also what Velero's opt-in annotation names). */
const ACME_VOLUME = 'data';

/** An entry point of chart 41 (Traefik v3): routing options sit under `http` (check:helm rejects them elsewhere). */
interface TraefikPort {
  readonly port: number;
  readonly exposedPort?: number;
  readonly expose?: { readonly default: boolean };
  readonly http?: {
    readonly redirections?: { readonly entryPoint: { readonly to: string; readonly scheme: 'https'; readonly permanent: boolean } };
    readonly tls?: {
      readonly enabled: boolean;
      readonly certResolver: string;
      readonly domains: readonly { readonly main: string; readonly sans: readonly string[] }[];
    };
  };
}

/** Typed subset of the traefik/traefik chart values. */
export interface TraefikValues {
  readonly deployment: { readonly replicas: number; readonly podAnnotations?: Readonly<Record<string, string>> };
  readonly service: { readonly spec: { readonly type: 'LoadBalancer' | 'NodePort' | 'ClusterIP'; readonly externalTrafficPolicy: 'Local' | 'Cluster' } };
  readonly ports: { readonly web: TraefikPort; readonly websecure: TraefikPort; readonly metrics: TraefikPort };
  readonly providers: {
    readonly kubernetesCRD: { readonly enabled: boolean; readonly allowCrossNamespace: boolean };
    readonly kubernetesIngress: { readonly enabled: boolean };
  };
  readonly ingressRoute: { readonly dashboard: { readonly enabled: boolean } };
  readonly certificatesResolvers: Readonly<
    Record<string, { readonly acme: { readonly email: string; readonly storage: string; readonly dnsChallenge: { readonly provider: 'cloudflare' } } }>
  >;
  readonly env: readonly { readonly name: string; readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } } }[];
  readonly persistence: {
    readonly enabled: boolean;
    readonly name: string;
    readonly storageClass: string;
    readonly size: string;
    readonly path: string;
    readonly accessMode: 'ReadWriteOnce';
  };
  readonly metrics: { readonly prometheus: { readonly entryPoint: string } };
  readonly accessLog: { readonly enabled: boolean };
  readonly resources: KubeResources;
}

export const traefik: AppModule = {
  pods: (spec) => selectorOf(spec.name),
  // The ACME account (certificates) lives on the volume.
  needs: { fields: ['chart', 'volume'] },
  crdGroups: ['traefik.io'],
  outsidePorts: [PORTS.web, PORTS.websecure],
  podSecurity: 'baseline',
  // The kubernetesCRD provider watches the API server.
  nodeServices: ['k8s-api'],
  build(app, spec, ctx) {
    const main = unitChart(app, spec.name, spec.namespace);
    const secret = k8sNames.appSecret(spec.name);
    substitutedSecret(main, secret, spec.namespace, { [CF_TOKEN_ENV]: ctx.subst(secretNames.cloudflareDnsApiToken) });
    const volume = spec.volume;
    if (volume === undefined)
      fail(
        `apps/${spec.name}`,
        'deploy-app-chart-needs',
        'its chart builds from volume (the ACME account), which the app does not set',
        'set volume (mountPath /data) on the app',
      );
    const domains = [{ main: ctx.domain, sans: [`*.${ctx.domain}`] }];
    new HelmApp<TraefikValues>(main, 'helm', {
      app: spec,
      values: {
        // The ACME account lives on a ReadWriteOnce volume: one replica.
        deployment: { replicas: 1, podAnnotations: volume.backup === true ? { [VELERO_BACKUP_VOLUMES]: ACME_VOLUME } : undefined },
        service: { spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster' } },
        ports: {
          web: { port: PORTS.web, exposedPort: 80, http: { redirections: { entryPoint: { to: TRAEFIK.entryPoint, scheme: 'https', permanent: true } } } },
          websecure: { port: PORTS.websecure, exposedPort: 443, http: { tls: { enabled: true, certResolver: TRAEFIK.certResolver, domains } } },
          metrics: { port: spec.metrics?.port ?? 9100, expose: { default: false } },
        },
        providers: { kubernetesCRD: { enabled: true, allowCrossNamespace: true }, kubernetesIngress: { enabled: false } },
        ingressRoute: { dashboard: { enabled: false } },
        certificatesResolvers: {
          // No resolver addresses here (generated files hold no IP literal): the propagation check finds the zone's
          // authoritative Cloudflare nameservers through the cluster DNS, whose upstream is AdGuard.
          [TRAEFIK.certResolver]: { acme: { email: `acme@${ctx.domain}`, storage: `${volume.mountPath}/acme.json`, dnsChallenge: { provider: 'cloudflare' } } },
        },
        env: [{ name: CF_TOKEN_ENV, valueFrom: { secretKeyRef: { name: secret, key: CF_TOKEN_ENV } } }],
        persistence: {
          enabled: true,
          name: ACME_VOLUME,
          storageClass: volume.storageClass,
          size: `${volume.sizeGiB}Gi`,
          path: volume.mountPath,
          accessMode: 'ReadWriteOnce',
        },
        metrics: { prometheus: { entryPoint: 'metrics' } },
        accessLog: { enabled: true },
        resources: resources('100m', '128Mi', '1000m', '512Mi'),
      },
    });
    chartMetricsService(main, spec, selectorOf(spec.name));
    return { main };
  },
};
