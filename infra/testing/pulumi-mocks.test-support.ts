/**
 * Runs Pulumi programs in-process with `pulumi.runtime.setMocks` (no CLI, no cloud): every resource the program
 * registers is recorded with its resolved inputs, and each gets the computed outputs the real provider would add
 * (service-account emails, topic ids, instance connection names…), so the tests can follow the wiring.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';

export const TEST_PROJECT = 'acme-test';
export const TEST_REGION = 'europe-west1';
export const PROJECT_NUMBER = '123456789012';
export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests-0123456789';

/** A resource as the program registered it. */
export interface Recorded {
  type: string;
  name: string;
  // Resolved inputs, untyped on purpose: the tests read provider-specific fields.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inputs: Record<string, any>;
  /** URNs of the resources it must wait for (explicit dependsOn and the outputs its inputs use). */
  dependencies: string[];
}

/** Whether `resource` waits directly for the resource of this type and name. */
export function waitsFor(resource: Recorded, type: string, name: string): boolean {
  return resource.dependencies.some(
    (urn) => urn.endsWith(`::${name}`) && urn.split('::')[2]?.split('$').at(-1) === type,
  );
}

/** The part of the monitor's request the mocks do not pass on: what a registration depends on. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
}

function computed(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'gcp:serviceaccount/account:Account': {
      const email = `${String(inputs.accountId)}@${TEST_PROJECT}.iam.gserviceaccount.com`;
      return { email, name: `projects/${TEST_PROJECT}/serviceAccounts/${email}` };
    }
    case 'gcp:storage/bucket:Bucket':
      return { name: inputs.name ?? `${name}-4f2a9c1` };
    case 'gcp:sql/databaseInstance:DatabaseInstance':
      return { name, connectionName: `${TEST_PROJECT}:${String(inputs.region)}:${name}` };
    case 'gcp:secretmanager/secret:Secret':
      return { name: `projects/${PROJECT_NUMBER}/secrets/${String(inputs.secretId)}` };
    case 'gcp:secretmanager/secretVersion:SecretVersion':
      return { version: '1' };
    case 'gcp:pubsub/topic:Topic':
      return { name: inputs.name ?? name };
    case 'gcp:cloudfunctionsv2/function:Function': {
      const url = `https://${String(inputs.name)}-xyz-ew.a.run.app`;
      return { url, serviceConfig: { ...(inputs.serviceConfig as object), uri: url } };
    }
    case 'gcp:projects/iAMCustomRole:IAMCustomRole':
      return { name: `projects/${TEST_PROJECT}/roles/${String(inputs.roleId)}` };
    default:
      return {};
  }
}

/** Installs the mocks; returns the list every registered resource is appended to. */
export function installMocks(): Recorded[] {
  const recorded: Recorded[] = [];
  const dependencies = new Map<string, string[]>();
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        recorded.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
          dependencies: dependencies.get(`${args.type}::${args.name}`) ?? [],
        });
        const state = { ...args.inputs, ...computed(args.type, args.name, args.inputs as Record<string, unknown>) };
        const id =
          args.type === 'gcp:pubsub/topic:Topic'
            ? `projects/${TEST_PROJECT}/topics/${String(state.name)}`
            : args.type === 'gcp:secretmanager/secret:Secret'
              ? String(state.name)
              : `${args.name}-id`;
        return { id, state };
      },
      call(args) {
        if (args.token === 'gcp:organizations/getProject:getProject') {
          return { number: PROJECT_NUMBER, projectId: TEST_PROJECT };
        }
        if (args.token === 'gcp:storage/getProjectServiceAccount:getProjectServiceAccount') {
          return { emailAddress: `service-${PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com` };
        }
        throw new Error(`unexpected call ${args.token}`);
      },
    },
    'facegate',
    'test',
    false,
  );
  // setMocks installed its monitor synchronously; wrap it to keep each registration's dependencies.
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RegisterRequest, callback: unknown): Promise<void>;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    dependencies.set(`${req.getType()}::${req.getName()}`, req.getDependenciesList());
    return register(req, callback);
  };
  return recorded;
}

/** The value of an output, once resolved. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Waits until every registration the program started has reached the mocks. */
export async function settled(): Promise<void> {
  await pulumi.runtime.disconnect();
}

/** A stand-in for `npm run build` output: one folder per function with a package.json. */
export async function fakeFunctionsDir(names: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'facegate-infra-'));
  for (const name of names) {
    await mkdir(join(dir, name, `functions/${name}`), { recursive: true });
    await writeFile(join(dir, name, 'package.json'), JSON.stringify({ name, main: `functions/${name}/index.js` }));
    await writeFile(join(dir, name, `functions/${name}/index.js`), `// ${name}\n`);
  }
  return dir;
}

export const byType = (recorded: Recorded[], type: string): Recorded[] => recorded.filter((r) => r.type === type);

/** The functions infra deploys (and `fakeFunctionsDir` builds stand-ins for). */
export const DEPLOYED_FUNCTIONS = ['api', 'embed', 'alerts', 'drift', 'retention'] as const;

/**
 * Runs infra/index.ts once under mocks with a complete stack configuration plus `extra` (secrets are the keys
 * ending in Key/Keys). Call once per test file: the program module is evaluated once per process.
 * @returns what was registered and the stack outputs, resolved.
 */
export async function runStack(
  extra: Record<string, string>,
): Promise<{ recorded: Recorded[]; outputs: Record<string, unknown> }> {
  const recorded = installMocks();
  const config: Record<string, string> = {
    'gcp:project': TEST_PROJECT,
    'gcp:region': TEST_REGION,
    'facegate:tenant': 'acme',
    'facegate:functionsDir': await fakeFunctionsDir(DEPLOYED_FUNCTIONS),
    'facegate:databaseAdminPassword': TEST_ADMIN_PASSWORD,
    ...extra,
  };
  const secretKeys = Object.keys(config).filter((key) => /Keys?$|Password$/.test(key));
  pulumi.runtime.setAllConfig(config, secretKeys);
  const program = (await import('../index.js')) as Record<string, unknown>;
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(program)) outputs[key] = await valueOf(pulumi.output(value));
  await settled();
  return { recorded, outputs };
}
