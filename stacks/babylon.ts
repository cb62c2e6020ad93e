/** babylon (AWS): the backup bucket fed by TrueNAS and the cluster, and the bucket holding every stack's state. */
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HomelabStack, type HomelabStackProps } from './base-stack';
import { HardenedBucket } from '../constructs/hardened-bucket';
import { secretNames } from '../model/secrets';
import { stateBucketName } from '../naming/names';

export class BabylonStack extends HomelabStack {
  readonly backups: HardenedBucket;
  readonly state: HardenedBucket;

  constructor(scope: Construct, name: string, props: HomelabStackProps) {
    super(scope, name, props);
    const { backups, locations } = props.model;
    const location = locations.find((l) => l.name === backups.location)!;
    new AwsProvider(this, 'aws', {
      region: location.region,
      accessKey: this.secrets.string(secretNames.awsAccessKeyId),
      secretKey: this.secrets.string(secretNames.awsSecretAccessKey),
      defaultTags: [{ tags: { 'managed-by': 'platform-stack', location: location.name } }],
    });
    this.backups = new HardenedBucket(this, 'backups', {
      bucketName: backups.bucket,
      noncurrentVersionExpiryDays: backups.noncurrentVersionExpiryDays,
      transitionAfterDays: backups.transitionAfterDays,
      transitionStorageClass: backups.transitionStorageClass,
    });
    this.state = new HardenedBucket(this, 'state', {
      bucketName: stateBucketName(location.name),
      noncurrentVersionExpiryDays: 365,
    });
  }
}
