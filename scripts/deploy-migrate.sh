#!/usr/bin/env bash
# The schema step of a deployment (deploy-stack.yml; by hand, infra/README.md): reads the stack's outputs, fetches
# the database admin password from Secret Manager, and runs `npm run db:migrate` through the Cloud SQL connector as
# the admin user, granting the functions' IAM database users DML on the schema.
#
#   scripts/deploy-migrate.sh <stack> before-up   migrate if the stack already has a database (else skip)
#   scripts/deploy-migrate.sh <stack> after-up    migrate and grant (the database must exist)
#
# Needs: pulumi (logged in to the stack's backend), gcloud (authenticated as the deployer), jq, node.
set -euo pipefail

STACK="${1:?usage: scripts/deploy-migrate.sh <stack> before-up|after-up}"
PHASE="${2:?usage: scripts/deploy-migrate.sh <stack> before-up|after-up}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

outputs="$(cd "$ROOT/infra" && pulumi stack output --stack "$STACK" --json --show-secrets=false 2>/dev/null || echo '{}')"
instance="$(jq -r '.databaseConnectionName // empty' <<<"$outputs")"
if [[ -z "$instance" ]]; then
  if [[ "$PHASE" == before-up ]]; then
    echo "db:migrate: stack $STACK has no database yet; the schema is created after pulumi up"
    exit 0
  fi
  echo "db:migrate: stack $STACK has no databaseConnectionName output; did pulumi up succeed?" >&2
  exit 1
fi
if [[ "$(jq -r '.databaseIpType // "PUBLIC"' <<<"$outputs")" == PRIVATE && -z "${FACEGATE_MIGRATE_FROM_VPC:-}" ]]; then
  echo "::warning::stack $STACK has a private-IP database: run scripts/deploy-migrate.sh from inside its VPC" \
    "with FACEGATE_MIGRATE_FROM_VPC=1 (infra/README.md, private variants); skipped here"
  exit 0
fi
project="$(cut -d: -f1 <<<"$instance")"
secret="$(jq -r '.databaseAdminPasswordSecret' <<<"$outputs")"
admin="$(jq -r '.databaseAdminUser' <<<"$outputs")"
database="$(jq -r '.databaseName' <<<"$outputs")"
password="$(gcloud secrets versions access latest --secret "$secret" --project "$project")"
if [[ -n "${GITHUB_ACTIONS:-}" ]]; then echo "::add-mask::$password"; fi
encoded="$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$password")"

grant=()
if [[ "$PHASE" == after-up ]]; then
  grant=(-- --grant "$(jq -r '.databaseUsers | join(",")' <<<"$outputs")")
fi

cd "$ROOT"
FACEGATE_DB_URL="mysql://$admin:$encoded@localhost/$database" \
  FACEGATE_CLOUD_SQL_INSTANCE="$instance" \
  FACEGATE_CLOUD_SQL_IP_TYPE="$(jq -r '.databaseIpType // "PUBLIC"' <<<"$outputs")" \
  FACEGATE_CLOUD_SQL_IAM_AUTH=false \
  npm run -s db:migrate "${grant[@]}"
