#!/usr/bin/env bash
# Installs (only what is missing) and starts the system services `npm run test:services` needs, on Debian/Ubuntu:
# MariaDB with a test user, Go + Debian's Pub/Sub fake sources (pstest, built here once), Chromium.
#
#   scripts/test-services-setup.sh          then:  export FACEGATE_TEST_MYSQL_URL=... (printed)  npm run test:services
#
# Needs root (or sudo) for apt-get and the MariaDB daemon; no systemd needed. .ci/run sources this file and calls
# the same functions as its steps. `npm test` needs none of this.
#
# Environment:
#   FACEGATE_TEST_MYSQL_URL  an existing MySQL/MariaDB to use instead of creating the local test user

SERVICE_PACKAGES=(
  mariadb-server          # MySQL side of the database tests (*mysql.int.test.ts, *.each-db.int.test.ts)
  golang-go               # builds Google's Pub/Sub fake (pstest) for *pubsub.int.test.ts
  golang-google-cloud-dev # pstest sources (cloud.google.com/go/pubsub/pstest), built offline
  chromium                # real browser for the web client's end-to-end tests (driven by playwright-core)
)

# The user the tests reach MariaDB as: over TCP with a password (as they reach MySQL 8 in GitHub Actions); root on
# Debian authenticates by unix socket only. Limited to databases named facegate*.
SERVICES_MYSQL_URL='mysql://facegate_ci:facegate_ci@127.0.0.1:3306/facegate_test'
MARIADB_WAIT_SECONDS=60

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

is_installed() {
  dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

install_missing_packages() {
  local missing=() pkg
  for pkg in "${SERVICE_PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    echo "all present: ${SERVICE_PACKAGES[*]}"
    return
  fi
  echo "installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

mariadb_ready() {
  as_root mariadb -uroot -e 'select 1' >/dev/null 2>&1
}

# No systemd on CI machines or in containers: start the daemon directly.
start_mariadb() {
  if mariadb_ready; then
    echo "MariaDB already up"
    return
  fi
  # /run is a fresh tmpfs on a new machine; the data directory may never have been initialised.
  as_root install -d -o mysql -g mysql /run/mysqld
  [[ -d /var/log/mysql ]] || as_root install -d -o mysql -g adm /var/log/mysql
  [[ -d /var/lib/mysql/mysql ]] || as_root mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  local waited=0
  until mariadb_ready; do
    if ((waited >= MARIADB_WAIT_SECONDS)); then
      echo "MariaDB did not answer within ${MARIADB_WAIT_SECONDS}s; last lines of its log:" >&2
      as_root tail -n 30 /var/log/mysql/error.log >&2 || true
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "MariaDB up after ${waited}s"
}

# Exports FACEGATE_TEST_MYSQL_URL (kept when already set).
provision_test_database() {
  if [[ -n "${FACEGATE_TEST_MYSQL_URL:-}" ]]; then
    echo "using FACEGATE_TEST_MYSQL_URL from the environment"
    return
  fi
  as_root mariadb -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS facegate_test;
CREATE USER IF NOT EXISTS 'facegate_ci'@'127.0.0.1' IDENTIFIED BY 'facegate_ci';
CREATE USER IF NOT EXISTS 'facegate_ci'@'localhost' IDENTIFIED BY 'facegate_ci';
GRANT ALL PRIVILEGES ON `facegate%`.* TO 'facegate_ci'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON `facegate%`.* TO 'facegate_ci'@'localhost' WITH GRANT OPTION;
-- npm run db:migrate's test creates a function user and grants it DML only, as the deploy step does.
GRANT CREATE USER ON *.* TO 'facegate_ci'@'127.0.0.1';
GRANT CREATE USER ON *.* TO 'facegate_ci'@'localhost';
SQL
  export FACEGATE_TEST_MYSQL_URL="$SERVICES_MYSQL_URL"
  echo "FACEGATE_TEST_MYSQL_URL=$FACEGATE_TEST_MYSQL_URL"
}

# Builds the pstest binary now (cached in tests/pstest/.build/), so a test run does not spend minutes on it.
build_pstest() {
  bash "$(dirname "${BASH_SOURCE[0]}")/../tests/pstest/start.sh" --build-only
  echo "pstest built"
}

check_chromium() {
  local chromium="${FACEGATE_CHROMIUM:-/usr/bin/chromium}"
  [[ -x "$chromium" ]] || { echo "Chromium missing at $chromium" >&2; return 1; }
  "$chromium" --version 2>/dev/null # its wrapper script warns on stderr about memory checks
}

setup_test_services() {
  install_missing_packages
  start_mariadb
  provision_test_database
  build_pstest
  check_chromium
  echo
  echo "services ready; run the suites with:"
  echo "  export FACEGATE_TEST_MYSQL_URL='$FACEGATE_TEST_MYSQL_URL'"
  echo "  npm run test:services"
}

# Executed (not sourced by .ci/run): do it all.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  setup_test_services
fi
