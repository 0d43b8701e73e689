// Package migrate applies SQLite schema migrations recorded in
// PRAGMA user_version, for content.db and user.db alike.
package migrate

import (
	"database/sql"
	"fmt"
)

// Apply runs migrations[v:] in order, each in its own transaction with the
// version bump, where v is the database's user_version. A database newer
// than the list (written by a later app) is refused, untouched.
func Apply(db *sql.DB, migrations []string) error {
	var version int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("not a readable database: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this app knows (%d)", version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		if _, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, v+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
