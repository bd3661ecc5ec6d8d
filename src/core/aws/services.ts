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

/** A warning the plan gives wherever a service's data lands on a key of one of the given types. */
export interface ServiceCaution {
  appliesTo: readonly ('customer-managed' | 'customer-managed-imported' | 'aws-managed' | 'aws-owned')[];
  severity: 'info' | 'warning';
  code: string;
  message: string;
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
  cautions?: readonly ServiceCaution[];
}

const ANY_KEY = ['customer-managed', 'customer-managed-imported', 'aws-managed', 'aws-owned'] as const;

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
  // Source: SSEDescription (Amazon DynamoDB API Reference); How Amazon DynamoDB uses AWS KMS.
  {
    id: 'dynamodb',
    name: 'Amazon DynamoDB',
    viaService: ['dynamodb'],
    stores: true,
    awsManagedAlias: 'aws/dynamodb',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
    note: 'The table records the ARN of its KMS key; moving to another key takes an UpdateTable call (done in place, no data copy).',
  },
  // Source: Securing Lambda environment variables; Encrypting Lambda .zip deployment packages (AWS Lambda Developer Guide).
  {
    id: 'lambda',
    name: 'AWS Lambda',
    viaService: ['lambda'],
    stores: false,
    awsManagedAlias: 'aws/lambda',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
    note: 'Environment variables default to aws/lambda and, with a customer managed key, Lambda creates a grant with the caller permissions; code packages default to an AWS owned key and, with a customer managed key, need lambda.amazonaws.com in the key policy instead of a grant. The function stores the key ARN.',
    cautions: [
      {
        appliesTo: ['customer-managed', 'customer-managed-imported'],
        severity: 'info',
        code: 'lambda-code-package-key',
        message:
          'Lambda encrypts environment variables with this key through a grant; a function’s .zip package encrypted with it needs lambda.amazonaws.com in the key policy instead, which this plan does not add. Keep code packages on their AWS owned default, or add that statement.',
      },
    ],
  },
  // Source: Amazon Redshift database encryption; How Amazon Redshift uses AWS KMS.
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
    note: 'Databases are encrypted by default with an AWS owned key; aws/redshift or a customer managed key can be chosen instead. Moving a cluster to another key is an explicit cluster change.',
  },
  // Source: Changing the AWS KMS key for a namespace; Authorizing use of an AWS KMS customer managed key with Amazon Redshift.
  {
    id: 'redshift-serverless',
    name: 'Amazon Redshift Serverless',
    viaService: ['redshift-serverless'],
    stores: true,
    awsManagedAlias: null,
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
    note: 'Conservative: the serverless documentation names only an AWS owned default and customer managed keys, not aws/redshift, so no AWS managed key is assumed. Moving a namespace to another key is an explicit update that leaves the data as it is.',
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
    cautions: [
      {
        appliesTo: ['aws-managed'],
        severity: 'warning',
        code: 'sns-aws-managed-key-blocks-publishers',
        message:
          'CloudWatch alarms and EventBridge rules cannot publish to a topic encrypted with aws/sns, whose policy cannot name them: their messages are dropped. If any AWS service publishes to these topics, list it under publishers, and the plan gives the topic a customer managed key that allows it.',
      },
    ],
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
  // Source: Secret encryption and decryption in AWS Secrets Manager.
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
    note: 'Secrets Manager calls GenerateDataKey and Decrypt for the caller and does not rely on grants; the CreateGrant in the aws/secretsmanager policy is standard boilerplate.',
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
  // Source: Logically air-gapped vault; Backup vaults (AWS Backup Developer Guide).
  {
    id: 'backup',
    name: 'AWS Backup',
    viaService: ['backup'],
    stores: true,
    awsManagedAlias: 'aws/backup',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
    note: 'Only logically air-gapped vaults can use an AWS owned key (their default); a standard vault needs aws/backup or a customer managed key, and backups of services with their own encryption (RDS, EBS, ...) keep the source key.',
    cautions: [
      {
        appliesTo: ['aws-owned'],
        severity: 'warning',
        code: 'backup-standard-vault-needs-kms-key',
        message:
          'Only logically air-gapped AWS Backup vaults can use an AWS owned key; a standard vault is encrypted with aws/backup or a customer managed key. If this data goes to a standard vault, ask for an audit trail (aws/backup) or control (a customer managed key).',
      },
    ],
  },
  // Source: kms:ViaService (services that support the kms:ViaService condition key); Encrypting your Data Catalog.
  {
    id: 'glue',
    name: 'AWS Glue',
    viaService: ['s3', 'glue'],
    stores: false,
    awsManagedAlias: 'aws/glue',
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: NONE,
    note: 'Job data sits in S3 and reaches the key through S3; Glue itself calls KMS (ViaService glue) for Data Catalog metadata and job bookmarks. aws/glue is the Data Catalog AWS managed key.',
  },
  // Source: kms:ViaService (services that support the kms:ViaService condition key).
  {
    id: 'athena',
    name: 'Amazon Athena',
    viaService: ['s3', 'athena'],
    stores: false,
    awsManagedAlias: null,
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
    servicePrincipals: NONE,
    note: 'Query results sit in S3 and SSE-KMS reaches the key through S3; client-side (CSE-KMS) result encryption calls KMS through Athena (ViaService athena).',
  },
  // Source: Encrypt log data in CloudWatch Logs using AWS Key Management Service; AssociateKmsKey (CloudWatch Logs API Reference).
  {
    id: 'cloudwatch-logs',
    name: 'Amazon CloudWatch Logs',
    viaService: ['logs'],
    stores: true,
    awsManagedAlias: null,
    awsOwned: true,
    grants: false,
    pinsKeyArn: true,
    servicePrincipals: [
      {
        principal: 'logs.{region}.{dnsSuffix}',
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        encryptionContextKey: 'kms:EncryptionContext:aws:logs:arn',
        encryptionContextArn: 'arn:{partition}:logs:{region}:{account}:log-group:*',
      },
    ],
    note: 'Log groups are always encrypted, by default with keys the service owns; there is no AWS managed key, so a KMS key for logs is customer managed, names the regional Logs service principal and is associated with the log group by its key ARN.',
  },
  // Source: At-Rest Encryption in ElastiCache (Amazon ElastiCache User Guide).
  {
    id: 'elasticache',
    name: 'Amazon ElastiCache',
    viaService: ['elasticache', 'dax'],
    stores: true,
    awsManagedAlias: null,
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
    servicePrincipals: NONE,
    note: 'The default is service managed (AWS owned) encryption; there is no AWS managed key. A kms:ViaService condition must list both the elasticache and dax names. One grant per cache, and the key of a cache cannot be swapped for another.',
    cautions: [
      {
        appliesTo: ANY_KEY,
        severity: 'warning',
        code: 'key-fixed-at-creation',
        message:
          'An ElastiCache cache’s encryption key cannot be changed after the cache is created: moving to another key, or from the AWS owned default to a customer managed key, means a new cache and a data migration. Decide the key type before creating it.',
      },
    ],
  },
  // Source: Encryption of data at rest for Amazon OpenSearch Service; EncryptionAtRestOptions (OpenSearch Service API Reference).
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
    note: 'Conservative: the domain documentation describes KMS keys only (aws/es or customer managed); AWS owned keys are documented for OpenSearch Serverless collections, not for domains. The key cannot be changed once set.',
    cautions: [
      {
        appliesTo: ANY_KEY,
        severity: 'warning',
        code: 'key-fixed-at-creation',
        message:
          'An OpenSearch Service domain’s encryption key cannot be changed after the domain is created: moving to another key means a new domain and a reindex or snapshot restore. Decide the key type before creating it.',
      },
    ],
  },
  // Source: OutputDataConfig and ResourceConfig (Amazon SageMaker API Reference); Encryption at rest for SageMaker AI Training Sessions.
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
    note: 'aws/sagemaker is created on demand for notebook and endpoint volumes; no AWS documentation page naming it was found. Model artifacts written to S3 default to aws/s3 when no key is given.',
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
