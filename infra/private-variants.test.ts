/**
 * A stack under the organization policies many companies set: domain-restricted sharing (no `allUsers` invoker: the
 * api is reached through a load balancer whose IAP agent invokes it) and no public IP on Cloud SQL (private IP, the
 * functions egress through a Serverless VPC Access connector).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '../shared/auth/signing-keys.js';
import { loadConfig } from '../shared/config/load-config.js';
import {
  byType,
  DEPLOYED_FUNCTIONS,
  runStack,
  TEST_PROJECT,
  TEST_REGION,
  type Recorded,
} from './testing/pulumi-mocks.test-support.js';

const IAP_AGENT = 'serviceAccount:service-123456789012@gcp-sa-iap.iam.gserviceaccount.com';
const NETWORK = `projects/${TEST_PROJECT}/global/networks/corp`;
const CONNECTOR = `projects/${TEST_PROJECT}/locations/${TEST_REGION}/connectors/fg-acme`;
const TEMPLATE_KEY = Buffer.alloc(32, 5).toString('base64');
let recorded: Recorded[];
let outputs: Record<string, unknown>;

beforeAll(async () => {
  ({ recorded, outputs } = await runStack({
    'facegate:webOrigin': 'https://login.acme.example',
    'facegate:templateKey': TEMPLATE_KEY,
    'facegate:jwtSigningKeys': JSON.stringify([await generateSigningJwk()]),
    'facegate:apiInvokers': IAP_AGENT,
    'facegate:apiIngress': 'internal-and-gclb',
    'facegate:databaseIp': 'private',
    'facegate:databaseNetwork': NETWORK,
    'facegate:vpcConnector': CONNECTOR,
  }));
}, 60_000);

const functionNamed = (fn: string) =>
  byType(recorded, 'gcp:cloudfunctionsv2/function:Function').find((r) => r.inputs.name === `fg-acme-${fn}`)!;

describe('no allUsers invoker (domain-restricted sharing)', () => {
  it('lets only the load balancer invoke the api, which takes traffic from it and the VPC only', () => {
    const invokers = byType(recorded, 'gcp:cloudrunv2/serviceIamMember:ServiceIamMember');
    expect(JSON.stringify(invokers)).not.toMatch(/allUsers|allAuthenticatedUsers/);
    expect(invokers.filter((i) => i.inputs.name === 'fg-acme-api').map((i) => i.inputs.member)).toEqual([IAP_AGENT]);
    expect(functionNamed('api').inputs.serviceConfig.ingressSettings).toBe('ALLOW_INTERNAL_AND_GCLB');
  });
});

describe('no public IP on Cloud SQL', () => {
  it('gives the instance a private IP on the network only', () => {
    const [instance] = byType(recorded, 'gcp:sql/databaseInstance:DatabaseInstance');
    expect(instance?.inputs.settings.ipConfiguration).toMatchObject({
      ipv4Enabled: false,
      privateNetwork: NETWORK,
      authorizedNetworks: [],
    });
    expect(outputs.databaseIpType).toBe('PRIVATE');
  });

  it('routes every function through the connector to private ranges, reaching the instance by private IP', () => {
    for (const fn of DEPLOYED_FUNCTIONS) {
      const { serviceConfig } = functionNamed(fn).inputs;
      expect(serviceConfig, fn).toMatchObject({
        vpcConnector: CONNECTOR,
        vpcConnectorEgressSettings: 'PRIVATE_RANGES_ONLY',
      });
      const config = loadConfig({ ...serviceConfig.environmentVariables, FACEGATE_TEMPLATE_KEY: TEMPLATE_KEY });
      expect(config.database).toMatchObject({ kind: 'mysql', cloudSqlIpType: 'PRIVATE', cloudSqlIamAuth: true });
    }
  });

  it('enables the Serverless VPC Access API', () => {
    const services = byType(recorded, 'gcp:projects/service:Service').map((s) => s.inputs.service as string);
    expect(services).toContain('vpcaccess.googleapis.com');
  });
});
