#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a new database, which it creates: it never
# writes into an existing one.
#
#   scripts/restore.sh backups/portal-20260101T020000Z.dump postgres://portal@db:5432/portal_restored
#
# Then point DATABASE_URL at the new database and run the portal with the same
# ID_NUMBER_ENCRYPTION_KEYS and ID_NUMBER_HASH_KEY as the backed-up one (without them the
# identity numbers cannot be read or looked up), and `manage.py migrate` if the code is newer.
set -euo pipefail

file=${1:?"usage: scripts/restore.sh BACKUP_FILE TARGET_DATABASE_URL"}
url=${2:?"usage: scripts/restore.sh BACKUP_FILE TARGET_DATABASE_URL"}
[ -f "$file" ] || { echo "restore: no such file: $file" >&2; exit 2; }
case "$url" in
  postgres://* | postgresql://*) ;;
  *) echo "restore: the target is not a PostgreSQL URL (postgres://...)" >&2; exit 2 ;;
esac
base=${url%%\?*}
query=${url#"$base"}
name=${base##*/}
[ -n "$name" ] || { echo "restore: the target URL names no database" >&2; exit 2; }
# Any database on that server serves to create the new one: the "postgres" maintenance database.
maintenance="${base%/*}/postgres$query"

createdb --maintenance-db="$maintenance" "$name"
# One transaction: a failed restore leaves nothing half-restored, and the new database is dropped.
if ! pg_restore --exit-on-error --single-transaction --no-owner --dbname="$url" "$file"; then
  dropdb --maintenance-db="$maintenance" "$name" || true
  echo "restore: failed; $name was dropped again" >&2
  exit 1
fi
echo "restore: $file restored into $name"
