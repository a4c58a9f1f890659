/**
 * Secret Manager secrets of the stack: the template encryption key and the access-token signing keys. Their
 * values come from the stack's encrypted config (`requireSecret`), each deployment pins the exact version it
 * created, so changing a value rolls every function that uses it onto the new version.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type * as inputs from '@pulumi/gcp/types/input.js';

export interface StackSecretsArgs {
  project: string;
  prefix: string;
  templateKey: pulumi.Output<string>;
  /** Only while a template key rotation runs. */
  retiredTemplateKeys: pulumi.Output<string> | undefined;
  jwtSigningKeys: pulumi.Output<string>;
  /** The database admin user's password: read by the deploy step (`npm run db:migrate`), never by a function. */
  databaseAdminPassword: pulumi.Output<string>;
  /** Resources the secrets must wait for (the Secret Manager API being enabled). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export type SecretName = 'templateKey' | 'retiredTemplateKeys' | 'jwtSigningKeys';

/** What every function that reads templates needs (the retired keys exist only during a rotation). */
export const TEMPLATE_SECRETS: readonly SecretName[] = ['templateKey', 'retiredTemplateKeys'];

/** The environment variable (see shared/config) each secret is handed to the functions as. */
export const SECRET_VARIABLES: Record<SecretName, string> = {
  templateKey: 'FACEGATE_TEMPLATE_KEY',
  retiredTemplateKeys: 'FACEGATE_TEMPLATE_RETIRED_KEYS',
  jwtSigningKeys: 'FACEGATE_JWT_SIGNING_KEYS',
};

interface StoredSecret {
  secret: gcp.secretmanager.Secret;
  version: gcp.secretmanager.SecretVersion;
}

export class StackSecrets extends pulumi.ComponentResource {
  private readonly stored: Partial<Record<SecretName, StoredSecret>>;
  private readonly project: string;
  /** Secret Manager id of the database admin password, for the deploy step. */
  readonly databaseAdminPasswordSecretId: pulumi.Output<string>;

  constructor(name: string, args: StackSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:secrets:StackSecrets', name, {}, opts);
    this.project = args.project;
    const store = (key: string, secretId: string, data: pulumi.Output<string>): StoredSecret => {
      const secret = new gcp.secretmanager.Secret(
        `${name}-${key}`,
        { secretId, replication: { auto: {} } },
        { parent: this, dependsOn: args.dependsOn ?? [] },
      );
      // A replaced version is left enabled (not destroyed) so instances still on it keep starting until the
      // new revision has rolled out; old versions are cleaned up by hand after a rotation (see README).
      const version = new gcp.secretmanager.SecretVersion(
        `${name}-${key}`,
        { secret: secret.id, secretData: data, deletionPolicy: 'ABANDON' },
        { parent: this },
      );
      return { secret, version };
    };
    this.stored = {
      templateKey: store('templateKey', `${args.prefix}-template-key`, args.templateKey),
      jwtSigningKeys: store('jwtSigningKeys', `${args.prefix}-jwt-signing-keys`, args.jwtSigningKeys),
      ...(args.retiredTemplateKeys
        ? {
            retiredTemplateKeys: store(
              'retiredTemplateKeys',
              `${args.prefix}-retired-template-keys`,
              args.retiredTemplateKeys,
            ),
          }
        : {}),
    };
    const admin = store('databaseAdminPassword', `${args.prefix}-db-admin-password`, args.databaseAdminPassword);
    this.databaseAdminPasswordSecretId = admin.secret.secretId;
    this.registerOutputs({ databaseAdminPasswordSecretId: this.databaseAdminPasswordSecretId });
  }

  /** Lets one service account read one secret (never the whole project's secrets). */
  grantAccess(
    resourceName: string,
    name: SecretName,
    serviceAccountEmail: pulumi.Output<string>,
    parent: pulumi.Resource,
  ): gcp.secretmanager.SecretIamMember {
    return new gcp.secretmanager.SecretIamMember(
      resourceName,
      {
        secretId: this.get(name).secret.id,
        role: 'roles/secretmanager.secretAccessor',
        member: pulumi.interpolate`serviceAccount:${serviceAccountEmail}`,
      },
      { parent },
    );
  }

  /** Whether this stack has the secret (the retired template keys exist only during a rotation). */
  has(name: SecretName): boolean {
    return this.stored[name] !== undefined;
  }

  private get(name: SecretName): StoredSecret {
    const stored = this.stored[name];
    if (!stored) throw new Error(`this stack has no ${name} secret`);
    return stored;
  }

  variableOf(name: SecretName): string {
    return SECRET_VARIABLES[name];
  }

  /** The function's environment entry for a secret, pinned to the version this deployment wrote. */
  environmentEntry(name: SecretName): inputs.cloudfunctionsv2.FunctionServiceConfigSecretEnvironmentVariable {
    return {
      key: SECRET_VARIABLES[name],
      projectId: this.project,
      secret: this.get(name).secret.secretId,
      version: this.get(name).version.version,
    };
  }
}
