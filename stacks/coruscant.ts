/** coruscant (Oracle Cloud): the always-on bastion and its network. */
import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { HomelabStack, type HomelabStackProps } from './base-stack';

export class CoruscantStack extends HomelabStack {
  constructor(scope: Construct, name: string, props: HomelabStackProps) {
    super(scope, name, props);
    const instances = props.model.cloudInstances.filter((c) => c.location === name).map((c) => ({ name: c.name, role: c.role, shape: c.shape }));
    new TerraformOutput(this, 'instances', { value: instances, description: 'Cloud instances of this stack for the Ansible layer (no addresses).' });
  }
}
