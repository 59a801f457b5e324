#!/usr/bin/env bash
# Back up the PostgreSQL database named by DATABASE_URL: one pg_dump file in the custom format,
# timestamped, in $BACKUP_DIR (default backups/). Prints the file's path.
#
#   DATABASE_URL=postgres://portal@db:5432/portal scripts/backup.sh
#
# The file holds identity numbers encrypted: keep ID_NUMBER_ENCRYPTION_KEYS and
# ID_NUMBER_HASH_KEY (elsewhere, as safely): a restore without them cannot read them.
set -euo pipefail

url=${DATABASE_URL:?"backup: set DATABASE_URL to the PostgreSQL database to back up"}
case "$url" in
  postgres://* | postgresql://*) ;;
  *) echo "backup: DATABASE_URL is not a PostgreSQL URL (postgres://...)" >&2; exit 2 ;;
esac
# libpq reads the same URL; dj-database-url's "postgres://" spelling is one it accepts.
name=${url%%\?*}
name=${name##*/}
[ -n "$name" ] || { echo "backup: DATABASE_URL names no database" >&2; exit 2; }

dir=${BACKUP_DIR:-backups}
mkdir -p "$dir"
file="$dir/$name-$(date -u +%Y%m%dT%H%M%SZ).dump"
[ ! -e "$file" ] || { echo "backup: $file exists already" >&2; exit 1; }

# Written under a temporary name and renamed when complete: an interrupted dump never looks like
# a backup. pg_dump reads one consistent snapshot, so the portal may keep running meanwhile.
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --dbname="$url" --file="$partial"
mv "$partial" "$file"
trap - EXIT
echo "$file"
