/**
 * Interim OCI L1 layer: the handful of oracle/oci resource and data-source types the bastion needs, as plain cdktf
 * elements that render exactly the attributes they are given (snake_case, as in the provider schema).
 *
 * Why not generated bindings: .gen/providers/oci/ would be generated from the real oracle/oci schema
 * (scripts/gen-bindings.js), but the Go module proxy this project builds providers from refuses the oracle/oci module
 * (HTTP 403, docs/TOOLING.md), so no binary exports that schema here. This file is the one place to replace when one
 * does: constructs/oci-bastion.ts only calls `ociResource`/`ociDataSource`/`OciProvider` below. The attribute names
 * follow the oracle/oci documentation and are checked by the real `tofu validate` once the provider is in the mirror
 * (scripts/validate.sh reports the stack NOT VALIDATED until then).
 */
import { Construct } from 'constructs';
import { TerraformDataSource, TerraformProvider, TerraformResource, type TerraformResourceLifecycle } from './core';
import { PROVIDER_PINS } from '../stacks/providers';

/** Attribute values as they appear in OpenTofu JSON (strings may carry references). */
export type OciValue = string | number | boolean | readonly OciValue[] | { readonly [key: string]: OciValue };
export type OciAttributes = { readonly [key: string]: OciValue };

/** The oracle/oci types this layer knows (a closed set: a typo is a compile error, not a plan error). */
export type OciResourceType =
  | 'oci_core_vcn'
  | 'oci_core_internet_gateway'
  | 'oci_core_route_table'
  | 'oci_core_security_list'
  | 'oci_core_default_security_list'
  | 'oci_core_subnet'
  | 'oci_core_instance';
export type OciDataSourceType = 'oci_core_images' | 'oci_identity_availability_domains';

const METADATA = { providerName: 'oci', providerVersion: PROVIDER_PINS.oci.version };

class OciResourceElement extends TerraformResource {
  constructor(scope: Construct, id: string, type: OciResourceType, private readonly attributes: OciAttributes, lifecycle?: TerraformResourceLifecycle) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: METADATA, lifecycle });
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return { ...this.attributes };
  }
}

class OciDataSourceElement extends TerraformDataSource {
  constructor(scope: Construct, id: string, type: OciDataSourceType, private readonly attributes: OciAttributes) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: METADATA });
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return { ...this.attributes };
  }
}

/** An oracle/oci resource; read its attributes with `getStringAttribute('id')`. */
export function ociResource(scope: Construct, id: string, type: OciResourceType, attributes: OciAttributes, lifecycle?: TerraformResourceLifecycle): TerraformResource {
  return new OciResourceElement(scope, id, type, attributes, lifecycle);
}

/** An oracle/oci data source. */
export function ociDataSource(scope: Construct, id: string, type: OciDataSourceType, attributes: OciAttributes): TerraformDataSource {
  return new OciDataSourceElement(scope, id, type, attributes);
}

export interface OciProviderProps {
  readonly region: string;
  readonly tenancyOcid: string;
  readonly userOcid: string;
  readonly fingerprint: string;
  readonly privateKey: string;
}

/** The oracle/oci provider with API-key authentication (every value a sensitive variable). */
export class OciProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, private readonly props: OciProviderProps) {
    super(scope, id, { terraformResourceType: 'oci', terraformGeneratorMetadata: METADATA, terraformProviderSource: PROVIDER_PINS.oci.source });
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return {
      region: this.props.region,
      tenancy_ocid: this.props.tenancyOcid,
      user_ocid: this.props.userOcid,
      fingerprint: this.props.fingerprint,
      private_key: this.props.privateKey,
    };
  }
}
