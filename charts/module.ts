/** What an app module is: how it builds its charts and what it offers the rest of the cluster. */
import type { App, Chart } from 'cdk8s';
import type { AppSpec, Homelab, KubernetesClusterSpec, PodSecurityLevel, ServiceName } from '../model/types';
import type { Labels } from './lib/labels';
import type { PodPeer, Traffic } from './lib/network';

export type { PodSecurityLevel } from '../model/types';

/** Everything a module may read while building: the model and what was derived from it for the whole cluster. */
export interface ChartContext {
  readonly model: Homelab;
  readonly cluster: KubernetesClusterSpec;
  /** `${SECRET_DOMAIN}`. */
  readonly domain: string;
  /** `${NAME}` of a secret key of model/secrets.ts. */
  readonly subst: (secretName: string) => string;
  /** The pods serving an app's port (undefined for an app without a module). */
  pods(app: string): PodPeer | undefined;
  /** Every allowed connection of the cluster (each chart renders its own part). */
  readonly traffic: readonly Traffic[];
  /** The app that scrapes metrics (Prometheus). @default none deployed */
  readonly metricsScraper?: AppSpec;
  /** Namespace of the forward-auth app (Authentik). @default none deployed */
  readonly authNamespace?: string;
  /** The forward-auth app (Authentik). @default none deployed */
  readonly authApp?: AppSpec;
  /** The app answering Traefik's forward-auth requests (the Authentik proxy outpost). @default none deployed */
  readonly authOutpost?: AppSpec;
  /** Apps that sign in through Authentik's OpenID provider, with what their provider needs. @default none */
  readonly oidcClients?: readonly { readonly app: AppSpec; readonly oidc: OidcClient }[];
}

/** An app signing in through Authentik OpenID Connect: Authentik gets a provider and application for it (blueprint). */
export interface OidcClient {
  /** Path of its OAuth callback below https://<hostname>.<domain>. */
  readonly redirectPath: string;
  /** Authentik groups its roles map from (created by the blueprint; membership is up to the people). */
  readonly groups: readonly string[];
  /** Catalogue keys of its client id and secret. */
  readonly clientIdKey: string;
  readonly clientSecretKey: string;
}

/** The charts of one app: the main unit, and a second stage for objects that need the CRDs its own HelmRelease installs. */
export interface AppCharts {
  readonly main: Chart;
  /** @default none */
  readonly config?: Chart;
}

/** What an app's entry in the model must hold for its module to build it (checked by deploy rule deploy-app-chart-needs). */
export interface AppNeeds {
  /** Fields of the app entry the module builds from. @default none */
  readonly fields?: readonly ('image' | 'chart' | 'port' | 'volume')[];
  /** The one port its pods listen on, when the module fixes it. @default any */
  readonly port?: number;
  /** Roles another app of its cluster must have (that app with a port): the module calls it. @default none */
  readonly peers?: readonly ('forward-auth' | 'forward-auth-outpost')[];
  /** A velero backup source for its cluster (backups.sources). @default false */
  readonly clusterBackup?: boolean;
}

export interface AppModule {
  /** What the model must give it. @default nothing beyond the app entry */
  readonly needs?: AppNeeds;
  /** Labels of the pods that serve the app's port and metrics. */
  pods(spec: AppSpec): Labels;
  build(app: App, spec: AppSpec, ctx: ChartContext): AppCharts;
  /** API groups of the CRDs its HelmRelease installs. @default none */
  readonly crdGroups?: readonly string[];
  /** Storage classes it provides. @default none */
  readonly storageClasses?: readonly string[];
  /** Roles other apps' manifests rely on. @default none */
  readonly roles?: readonly ('forward-auth' | 'forward-auth-outpost' | 'metrics-scraper')[];
  /** Ports its pods take from outside the cluster (the ingress controller's entry points). @default none */
  readonly outsidePorts?: readonly number[];
  /** It signs in through Authentik's OpenID provider (when its exposure uses authentik). @default none */
  readonly oidc?: OidcClient;
  /** Connections its pods need beyond what the model implies. @default none */
  extraTraffic?(spec: AppSpec, ctx: Pick<ChartContext, 'pods' | 'model'>): readonly Traffic[];
  /**
   * Pod Security level its pods need (fixed, or from the app's spec); the model must grant at least this
   * (apps[].podSecurity). @default 'restricted'
   */
  readonly podSecurity?: PodSecurityLevel | ((spec: AppSpec) => PodSecurityLevel);
  /**
   * Services of the cluster nodes its pods call (the API server at the node addresses, kubelets, node exporters): an
   * egress policy to the node network for these ports, allowed only when a model flow permits them. @default none
   */
  readonly nodeServices?: readonly ServiceName[];
  /** Its namespace allows traffic among its pods (chart internals we do not model). @default false */
  readonly sameNamespaceTraffic?: boolean;
}

/** The Pod Security level an app's pods need. */
export function podSecurityNeeded(module: AppModule, spec: AppSpec): PodSecurityLevel {
  const level = module.podSecurity;
  return typeof level === 'function' ? level(spec) : (level ?? 'restricted');
}
