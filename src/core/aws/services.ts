/**
 * The AWS services a data set can live in or flow through, with the KMS facts the plan depends on.
 * Sources: each service's "How <service> uses AWS KMS" page in the AWS KMS Developer Guide and the
 * kms:ViaService condition-key page. `stores` is false for services that only process data in flight.
 */
export interface ServicePrincipalGrant {
  /** `{region}` is replaced by the key's region, `{dnsSuffix}` by the partition's DNS suffix. */
  principal: string;
  actions: readonly string[];
  /** Encryption-context key the service always sets; the policy pins it to the account's resources. */
  encryptionContextKey?: string;
  /** ARN pattern for that context key; `{partition}`, `{region}` and `{account}` are filled in. */
  encryptionContextArn?: string;
}

export interface AwsService {
  id: string;
  name: string;
  /** Prefixes of kms:ViaService values (`<prefix>.<region>.amazonaws.com`). */
  viaService: readonly string[];
  stores: boolean;
  /** Alias of the service's AWS managed key, or null where the service has none. */
  awsManagedAlias: string | null;
  /** Whether the service can encrypt with AWS owned keys (no customer visibility). */
  awsOwned: boolean;
  /** Whether the service creates grants on the key for the resources it manages. */
  grants: boolean;
  /** Whether the service keeps the key ARN on the resource (a new key behind the alias does not re-key it). */
  pinsKeyArn: boolean;
  servicePrincipals: readonly ServicePrincipalGrant[];
  note?: string;
}

const NONE: readonly ServicePrincipalGrant[] = [];

const SERVICE_LIST: readonly AwsService[] = [
  {
    id: 's3',
    name: 'Amazon S3',
    viaService: ['s3'],
    stores: true,
    awsManagedAlias: 'aws/s3',
    awsOwned: true,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: NONE,
    note: 'Without KMS, S3 encrypts with SSE-S3 (keys owned by S3).',
  },
  {
    id: 'rds',
    name: 'Amazon RDS',
    viaService: ['rds'],
    stores: true,
    awsManagedAlias: 'aws/rds',
    awsOwned: false,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
  },
  {
    id: 'aurora',
    name: 'Amazon Aurora',
    viaService: ['rds'],
    stores: true,
    awsManagedAlias: 'aws/rds',
    awsOwned: false,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
  },
  {
    id: 'dynamodb',
    name: 'Amazon DynamoDB',
    viaService: ['dynamodb'],
    stores: true,
    awsManagedAlias: 'aws/dynamodb',
    awsOwned: true,
    grants: true,
    pinsKeyArn: false,
    servicePrincipals: NONE,
  },
  {
    id: 'lambda',
    name: 'AWS Lambda',
    viaService: ['lambda'],
    stores: false,
    awsManagedAlias: 'aws/lambda',
    awsOwned: true,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: NONE,
  },
  {
    id: 'redshift',
    name: 'Amazon Redshift',
    viaService: ['redshift'],
    stores: true,
    awsManagedAlias: 'aws/redshift',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
  },
  {
    id: 'redshift-serverless',
    name: 'Amazon Redshift Serverless',
    viaService: ['redshift-serverless'],
    stores: true,
    awsManagedAlias: 'aws/redshift',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
  },
  {
    id: 'ebs',
    name: 'Amazon EBS',
    viaService: ['ec2'],
    stores: true,
    awsManagedAlias: 'aws/ebs',
    awsOwned: false,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
  },
  {
    id: 'efs',
    name: 'Amazon EFS',
    viaService: ['elasticfilesystem'],
    stores: true,
    awsManagedAlias: 'aws/elasticfilesystem',
    awsOwned: false,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
  },
  {
    id: 'sqs',
    name: 'Amazon SQS',
    viaService: ['sqs'],
    stores: true,
    awsManagedAlias: 'aws/sqs',
    awsOwned: true,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: NONE,
    note: 'SSE-SQS uses keys owned by SQS.',
  },
  {
    id: 'sns',
    name: 'Amazon SNS',
    viaService: ['sns'],
    stores: true,
    awsManagedAlias: 'aws/sns',
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: NONE,
    note: 'CloudWatch alarms and EventBridge cannot publish to a topic encrypted with aws/sns: give them kms:Decrypt and kms:GenerateDataKey* on a customer managed key.',
  },
  {
    id: 'kinesis',
    name: 'Amazon Kinesis Data Streams',
    viaService: ['kinesis'],
    stores: true,
    awsManagedAlias: 'aws/kinesis',
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: NONE,
  },
  {
    id: 'secretsmanager',
    name: 'AWS Secrets Manager',
    viaService: ['secretsmanager'],
    stores: true,
    awsManagedAlias: 'aws/secretsmanager',
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: NONE,
  },
  {
    id: 'ssm',
    name: 'AWS Systems Manager Parameter Store',
    viaService: ['ssm'],
    stores: true,
    awsManagedAlias: 'aws/ssm',
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: NONE,
  },
  {
    id: 'backup',
    name: 'AWS Backup',
    viaService: ['backup'],
    stores: true,
    awsManagedAlias: 'aws/backup',
    awsOwned: false,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
  },
  {
    id: 'glue',
    name: 'AWS Glue',
    viaService: ['s3'],
    stores: false,
    awsManagedAlias: 'aws/glue',
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: NONE,
    note: 'Glue job data sits in S3, so the key is used through S3.',
  },
  {
    id: 'athena',
    name: 'Amazon Athena',
    viaService: ['s3'],
    stores: false,
    awsManagedAlias: null,
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: NONE,
    note: 'Athena query results sit in S3, so the key is used through S3.',
  },
  {
    id: 'cloudwatch-logs',
    name: 'Amazon CloudWatch Logs',
    viaService: ['logs'],
    stores: true,
    awsManagedAlias: null,
    awsOwned: true,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: [
      {
        principal: 'logs.{region}.{dnsSuffix}',
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        encryptionContextKey: 'kms:EncryptionContext:aws:logs:arn',
        encryptionContextArn: 'arn:{partition}:logs:{region}:{account}:log-group:*',
      },
    ],
    note: 'Log groups have no AWS managed key: a KMS key for logs is customer managed and names the Logs service principal.',
  },
  {
    id: 'elasticache',
    name: 'Amazon ElastiCache',
    viaService: ['elasticache', 'dax'],
    stores: true,
    awsManagedAlias: 'aws/elasticache',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
  },
  {
    id: 'opensearch',
    name: 'Amazon OpenSearch Service',
    viaService: ['es'],
    stores: true,
    awsManagedAlias: 'aws/es',
    awsOwned: false,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
  },
  {
    id: 'sagemaker',
    name: 'Amazon SageMaker',
    viaService: ['sagemaker'],
    stores: true,
    awsManagedAlias: 'aws/sagemaker',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
  },
  {
    id: 'ecr',
    name: 'Amazon ECR',
    viaService: ['ecr'],
    stores: true,
    awsManagedAlias: 'aws/ecr',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
    note: 'Without KMS, ECR encrypts with AES-256 keys owned by the service.',
  },
];

export const SERVICES: ReadonlyMap<string, AwsService> = new Map(SERVICE_LIST.map((service) => [service.id, service]));
export const SERVICE_IDS: readonly string[] = SERVICE_LIST.map((service) => service.id);

export function serviceById(id: string): AwsService {
  const service = SERVICES.get(id);
  if (!service) throw new Error(`unknown service ${id}: validate the profile first`);
  return service;
}
