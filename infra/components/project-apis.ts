/**
 * The Google APIs a stack uses, enabled by the program itself (a new project has few enabled), and a transformation
 * that makes every resource of a component wait for them, so the first `pulumi up` does not race an API that is
 * still being turned on. APIs are never disabled on destroy: another stack in the project may use them.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

/** What every stack calls, and why. */
export const REQUIRED_APIS = {
  iam: 'service accounts and their IAM grants',
  iamcredentials: 'signBlob: every V4 signed upload URL the api hands out',
  cloudresourcemanager: 'project-level IAM grants and the project number',
  serviceusage: 'enabling the others',
  cloudfunctions: 'the functions',
  run: 'the Cloud Run services under the gen2 functions and their invoker grants',
  cloudbuild: 'building the function sources',
  artifactregistry: 'the built function images',
  storage: 'the uploads and sources buckets',
  pubsub: 'event topics, push deliveries, dead-letter topics',
  sqladmin: 'Cloud SQL and the connector',
  secretmanager: 'template and signing keys, the database admin password',
  cloudscheduler: 'the drift and retention schedules',
  monitoring: 'alert policies',
} as const;

/** Only with the matching stack setting. */
export const OPTIONAL_APIS = {
  aiplatform: 'incident triage with Gemini (facegate:triageModel)',
  vpcaccess: 'the functions reaching a private-IP database (facegate:databaseIp=private)',
} as const;

export interface ProjectApisArgs {
  project: string;
  triage: boolean;
  privateDatabase: boolean;
}

/** `<api>.googleapis.com` for every API this stack needs. */
export function apiServices(args: Omit<ProjectApisArgs, 'project'>): string[] {
  const apis: string[] = Object.keys(REQUIRED_APIS);
  if (args.triage) apis.push('aiplatform');
  if (args.privateDatabase) apis.push('vpcaccess');
  return apis.map((api) => `${api}.googleapis.com`);
}

export class ProjectApis extends pulumi.ComponentResource {
  readonly services: gcp.projects.Service[];

  constructor(name: string, args: ProjectApisArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:project:ProjectApis', name, {}, opts);
    this.services = apiServices(args).map(
      (service) =>
        new gcp.projects.Service(
          `${name}-${service.split('.')[0]}`,
          { project: args.project, service, disableOnDestroy: false, disableDependentServices: false },
          { parent: this },
        ),
    );
    this.registerOutputs({});
  }

  /**
   * For a component's options: every custom resource it (and its children) creates waits for the APIs. Children
   * do not inherit a parent's dependsOn, so this is a transformation.
   */
  waitFor(): pulumi.ResourceTransformation {
    const services = this.services;
    // The resource is not constructed yet when this runs (isInstance is not settled), so the type tells: FaceGate's
    // own components are `facegate:…` and create nothing in Google Cloud themselves.
    return ({ type, props, opts }) =>
      type.startsWith('facegate:') ? undefined : { props, opts: pulumi.mergeOptions(opts, { dependsOn: services }) };
  }
}
