"""The SQLite store: notices, the feed cache, withdrawals, the service's own state, schema and backups."""
