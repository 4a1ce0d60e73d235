#!/usr/bin/env bash
# Runs once, when the PostgreSQL data directory is first created (docker-entrypoint-initdb.d):
# one login role and one database per service, each database owned by its role and closed to
# everyone else. Passwords come from <SERVICE>_DB_PASSWORD (see .env.example).
set -euo pipefail

create_service_database() {
  local name=$1 password_variable=$2
  local password=${!password_variable:?$password_variable must be set}
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_service_database onboarding ONBOARDING_DB_PASSWORD
create_service_database webhook_ingest WEBHOOK_INGEST_DB_PASSWORD
create_service_database channel_registry CHANNEL_REGISTRY_DB_PASSWORD
create_service_database credential_vault CREDENTIAL_VAULT_DB_PASSWORD
