/**
 * The one place the CDK for Terraform core library is imported from (generated bindings in .gen/ aside): moving to its
 * community fork (cdktn) is a change of this file and a regeneration of .gen/.
 */
export {
  App,
  Fn,
  S3Backend,
  TerraformDataSource,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
  dependable,
  Testing,
} from 'cdktf';
export type { TerraformResourceLifecycle } from 'cdktf';
