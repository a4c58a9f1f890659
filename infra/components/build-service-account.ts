/**
 * The account Cloud Build runs the function builds as. New projects no longer give Cloud Build its legacy default
 * account, and a function without a build account then fails to build; this one gets the roles Google documents
 * for a custom Cloud Functions build account and nothing more.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

/**
 * Project-level, because the buckets and repository involved are Google-managed (`gcf-v2-sources-*`,
 * `gcf-artifacts`) and created on the first deployment: write build logs, push the built image, read the source.
 */
export const BUILD_ROLES = ['roles/logging.logWriter', 'roles/artifactregistry.writer', 'roles/storage.objectViewer'];

export interface BuildServiceAccountArgs {
  project: string;
  accountId: string;
  prefix: string;
}

export class BuildServiceAccount extends pulumi.ComponentResource {
  readonly account: gcp.serviceaccount.Account;
  /** `projects/<project>/serviceAccounts/<email>`, for buildConfig.serviceAccount. */
  readonly id: pulumi.Output<string>;
  /** The grants a build needs: functions wait for them (IAM changes take a while to reach Cloud Build). */
  readonly grants: gcp.projects.IAMMember[];

  constructor(name: string, args: BuildServiceAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:functions:BuildServiceAccount', name, {}, opts);
    this.account = new gcp.serviceaccount.Account(
      name,
      { accountId: args.accountId, displayName: `FaceGate function builds (${args.prefix})` },
      { parent: this },
    );
    const member = pulumi.interpolate`serviceAccount:${this.account.email}`;
    this.grants = BUILD_ROLES.map(
      (role) =>
        new gcp.projects.IAMMember(
          `${name}-${role.replace('roles/', '').replace('.', '-')}`,
          { project: args.project, role, member },
          { parent: this },
        ),
    );
    this.id = this.account.name;
    this.registerOutputs({ email: this.account.email });
  }
}
