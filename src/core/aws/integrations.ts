/**
 * AWS services that act on a data set's resources with their own service principal or role, and what
 * the key policy of a customer managed key must allow them (none is needed for AWS owned keys).
 */

/**
 * Services that publish to an SNS topic or an SQS queue. With server-side encryption the publisher
 * itself needs kms:GenerateDataKey* and kms:Decrypt on the topic's or queue's key (Amazon SNS and
 * Amazon SQS Developer Guides, "compatibility between event sources from AWS services and encrypted
 * topics/queues"). AWS documents these statements without source conditions: EventBridge's calls do
 * not carry aws:SourceArn or aws:SourceAccount, so such a condition would drop every message.
 */
export const PUBLISHERS = {
  cloudwatch: { principal: 'cloudwatch.amazonaws.com', what: 'CloudWatch alarms' },
  eventbridge: { principal: 'events.amazonaws.com', what: 'EventBridge rules' },
  s3: { principal: 's3.amazonaws.com', what: 'S3 event notifications' },
  sns: { principal: 'sns.amazonaws.com', what: 'SNS subscriptions (to a queue)' },
} as const;
export type Publisher = keyof typeof PUBLISHERS;
export const PUBLISHER_IDS = Object.keys(PUBLISHERS) as Publisher[];
export const PUBLISHER_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'] as const;

/**
 * CloudFront origin access control reading (and, for PUT, writing) SSE-KMS objects: the CloudFront
 * service principal, bound to the distribution by AWS:SourceArn (CloudFront Developer Guide,
 * "Restrict access to an Amazon S3 origin", SSE-KMS).
 */
export const CLOUDFRONT_PRINCIPAL = 'cloudfront.amazonaws.com';
export const CLOUDFRONT_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'] as const;

/**
 * EC2 Auto Scaling launches instances with encrypted EBS volumes through its service-linked role,
 * which needs key use and CreateGrant for AWS resources on a customer managed key; the AWS managed
 * key aws/ebs needs nothing (EC2 Auto Scaling User Guide, "Required AWS KMS key policy for use with
 * encrypted volumes"). The role must exist before a key policy can name it.
 */
export const AUTO_SCALING_ROLE_PATH = 'role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling';
