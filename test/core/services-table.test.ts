import { describe, expect, it } from 'vitest';
import { AWS_REGIONS, dnsSuffixOf, isAwsRegion, partitionOf, REGION_CODES } from '../../src/core/aws/regions.js';
import type { AwsService } from '../../src/core/aws/services.js';
import { SERVICE_IDS, SERVICES, serviceById } from '../../src/core/aws/services.js';

type Facts = Pick<AwsService, 'viaService' | 'stores' | 'awsManagedAlias' | 'awsOwned' | 'grants' | 'pinsKeyArn'>;

// The documented KMS facts per service (see the source comments in src/core/aws/services.ts).
const EXPECTED: Record<string, Facts> = {
  s3: { viaService: ['s3'], stores: true, awsManagedAlias: 'aws/s3', awsOwned: true, grants: false, pinsKeyArn: false },
  rds: {
    viaService: ['rds'],
    stores: true,
    awsManagedAlias: 'aws/rds',
    awsOwned: false,
    grants: true,
    pinsKeyArn: true,
  },
  aurora: {
    viaService: ['rds'],
    stores: true,
    awsManagedAlias: 'aws/rds',
    awsOwned: false,
    grants: true,
    pinsKeyArn: true,
  },
  dynamodb: {
    viaService: ['dynamodb'],
    stores: true,
    awsManagedAlias: 'aws/dynamodb',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
  },
  lambda: {
    viaService: ['lambda'],
    stores: false,
    awsManagedAlias: 'aws/lambda',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
  },
  redshift: {
    viaService: ['redshift'],
    stores: true,
    awsManagedAlias: 'aws/redshift',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
  },
  'redshift-serverless': {
    viaService: ['redshift-serverless'],
    stores: true,
    awsManagedAlias: null,
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
  },
  ebs: {
    viaService: ['ec2'],
    stores: true,
    awsManagedAlias: 'aws/ebs',
    awsOwned: false,
    grants: true,
    pinsKeyArn: true,
  },
  efs: {
    viaService: ['elasticfilesystem'],
    stores: true,
    awsManagedAlias: 'aws/elasticfilesystem',
    awsOwned: false,
    grants: true,
    pinsKeyArn: true,
  },
  sqs: {
    viaService: ['sqs'],
    stores: true,
    awsManagedAlias: 'aws/sqs',
    awsOwned: true,
    grants: false,
    pinsKeyArn: false,
  },
  sns: {
    viaService: ['sns'],
    stores: true,
    awsManagedAlias: 'aws/sns',
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
  },
  kinesis: {
    viaService: ['kinesis'],
    stores: true,
    awsManagedAlias: 'aws/kinesis',
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
  },
  secretsmanager: {
    viaService: ['secretsmanager'],
    stores: true,
    awsManagedAlias: 'aws/secretsmanager',
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
  },
  ssm: {
    viaService: ['ssm'],
    stores: true,
    awsManagedAlias: 'aws/ssm',
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
  },
  backup: {
    viaService: ['backup'],
    stores: true,
    awsManagedAlias: 'aws/backup',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
  },
  glue: {
    viaService: ['s3', 'glue'],
    stores: false,
    awsManagedAlias: 'aws/glue',
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
  },
  athena: {
    viaService: ['s3', 'athena'],
    stores: false,
    awsManagedAlias: null,
    awsOwned: false,
    grants: false,
    pinsKeyArn: false,
  },
  'cloudwatch-logs': {
    viaService: ['logs'],
    stores: true,
    awsManagedAlias: null,
    awsOwned: true,
    grants: false,
    pinsKeyArn: true,
  },
  elasticache: {
    viaService: ['elasticache', 'dax'],
    stores: true,
    awsManagedAlias: null,
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
  },
  opensearch: {
    viaService: ['es'],
    stores: true,
    awsManagedAlias: 'aws/es',
    awsOwned: false,
    grants: true,
    pinsKeyArn: true,
  },
  sagemaker: {
    viaService: ['sagemaker'],
    stores: true,
    awsManagedAlias: 'aws/sagemaker',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
  },
  ecr: {
    viaService: ['ecr'],
    stores: true,
    awsManagedAlias: 'aws/ecr',
    awsOwned: true,
    grants: true,
    pinsKeyArn: true,
  },
};

function factsOf(service: AwsService): Facts {
  const { viaService, stores, awsManagedAlias, awsOwned, grants, pinsKeyArn } = service;
  return { viaService, stores, awsManagedAlias, awsOwned, grants, pinsKeyArn };
}

describe('AWS service table: documented facts', () => {
  it('knows every service DESIGN.md section 2 lists', () => {
    expect([...SERVICE_IDS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s matches its documented KMS facts', (id, facts) => {
    expect(factsOf(serviceById(id))).toEqual(facts);
  });

  it('maps services to the kms:ViaService prefixes AWS documents', () => {
    expect(serviceById('ebs').viaService).toEqual(['ec2']);
    expect(serviceById('aurora').viaService).toEqual(['rds']);
    expect(serviceById('rds').viaService).toEqual(['rds']);
    expect(serviceById('efs').viaService).toEqual(['elasticfilesystem']);
    expect(serviceById('opensearch').viaService).toEqual(['es']);
    expect(serviceById('elasticache').viaService).toEqual(expect.arrayContaining(['elasticache', 'dax']));
    expect(serviceById('glue').viaService).toContain('s3');
    expect(serviceById('athena').viaService).toContain('s3');
  });

  it('treats Lambda, Glue and Athena as processing-only and every other service as storing', () => {
    const processing = SERVICE_IDS.filter((id) => !serviceById(id).stores).sort();
    expect(processing).toEqual(['athena', 'glue', 'lambda']);
  });

  it('gives CloudWatch Logs no AWS managed key', () => {
    expect(serviceById('cloudwatch-logs').awsManagedAlias).toBeNull();
  });

  it('offers no AWS owned key for EBS, RDS, Aurora and Secrets Manager', () => {
    for (const id of ['ebs', 'rds', 'aurora', 'secretsmanager']) {
      expect(serviceById(id).awsOwned, id).toBe(false);
    }
  });

  it('needs grants and pins the key ARN for EBS, RDS and Redshift', () => {
    for (const id of ['ebs', 'rds', 'aurora', 'redshift']) {
      expect(serviceById(id).grants, id).toBe(true);
      expect(serviceById(id).pinsKeyArn, id).toBe(true);
    }
  });

  it('names the regional CloudWatch Logs principal with an encryption-context condition on the log group ARN', () => {
    const logs = serviceById('cloudwatch-logs');
    expect(logs.servicePrincipals).toHaveLength(1);
    const [grant] = logs.servicePrincipals;
    expect(grant?.principal).toBe('logs.{region}.{dnsSuffix}');
    expect(grant?.encryptionContextKey).toBe('kms:EncryptionContext:aws:logs:arn');
    expect(grant?.encryptionContextArn).toBe('arn:{partition}:logs:{region}:{account}:log-group:*');
    expect(grant?.actions).toEqual(
      expect.arrayContaining([
        'kms:Encrypt*',
        'kms:Decrypt*',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:Describe*',
      ]),
    );
  });

  it('names no service principal for the other services', () => {
    const withPrincipals = SERVICE_IDS.filter((id) => serviceById(id).servicePrincipals.length > 0);
    expect(withPrincipals).toEqual(['cloudwatch-logs']);
  });
});

describe('AWS service table: invariants', () => {
  it('has unique, lower-case kebab-case ids that match the map keys', () => {
    expect(new Set(SERVICE_IDS).size).toBe(SERVICE_IDS.length);
    expect(SERVICES.size).toBe(SERVICE_IDS.length);
    for (const id of SERVICE_IDS) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(SERVICES.get(id)?.id).toBe(id);
    }
  });

  it('uses aws/ aliases for every AWS managed key', () => {
    for (const service of SERVICES.values()) {
      if (service.awsManagedAlias !== null) {
        expect(service.awsManagedAlias, service.id).toMatch(/^aws\/[a-z0-9/_-]+$/);
      }
    }
  });

  it('uses lower-case DNS-label prefixes for kms:ViaService', () => {
    for (const service of SERVICES.values()) {
      expect(service.viaService.length, service.id).toBeGreaterThan(0);
      expect(new Set(service.viaService).size, service.id).toBe(service.viaService.length);
      for (const prefix of service.viaService) {
        expect(prefix, service.id).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
      }
    }
  });

  it('gives every service a name and a note that is not empty when present', () => {
    for (const service of SERVICES.values()) {
      expect(service.name.trim(), service.id).not.toBe('');
      if (service.note !== undefined) expect(service.note.trim(), service.id).not.toBe('');
    }
  });

  it('rejects an unknown service id', () => {
    expect(() => serviceById('no-such-service')).toThrow(/unknown service/);
  });
});

describe('AWS region table', () => {
  it('uses region codes and known partitions', () => {
    for (const region of REGION_CODES) {
      expect(region).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
      expect(['aws', 'aws-cn', 'aws-us-gov']).toContain(AWS_REGIONS[region]);
    }
    expect(new Set(REGION_CODES).size).toBe(REGION_CODES.length);
  });

  it('knows the partition and DNS suffix of commercial, China and GovCloud regions', () => {
    expect(isAwsRegion('us-east-1')).toBe(true);
    expect(isAwsRegion('me-west-1')).toBe(true);
    expect(isAwsRegion('sa-west-1')).toBe(true);
    expect(isAwsRegion('us-east-7')).toBe(false);
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(dnsSuffixOf('cn-northwest-1')).toBe('amazonaws.com.cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(dnsSuffixOf('eu-west-1')).toBe('amazonaws.com');
  });
});
