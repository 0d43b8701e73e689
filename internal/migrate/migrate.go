// Package migrate applies SQLite schema migrations recorded in
// PRAGMA user_version, for content.db and user.db alike.
package migrate

import (
	"database/sql"
	"errors"
	"fmt"
)

// NewerError is a database written by a later version of the app: its
// schema is beyond what this version knows, so it is left untouched.
type NewerError struct {
	Version int // the database's schema version
	Known   int // the newest this version knows
}

func (e *NewerError) Error() string {
	return fmt.Sprintf("written by a newer version of Safar (schema version %d; this version knows up to %d): update Safar to read it; the file was not changed",
		e.Version, e.Known)
}

// Apply runs migrations[v:] in order, each in its own transaction with the
// version bump, where v is the database's user_version: a migration that
// fails leaves the database at the version before it. A database newer
// than the list (written by a later app) is refused with a *NewerError,
// untouched.
func Apply(db *sql.DB, migrations []string) error {
	var version int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("not a readable database: %w", err)
	}
	if version > len(migrations) {
		return &NewerError{Version: version, Known: len(migrations)}
	}
	for v := version; v < len(migrations); v++ {
		if err := apply(db, v+1, migrations[v]); err != nil {
			return err
		}
	}
	return nil
}

// apply runs migration number n and records it, in one transaction.
func apply(db *sql.DB, n int, migration string) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return fmt.Errorf("migration %d: %w", n, err)
	}
	defer func() {
		if err != nil {
			if rerr := tx.Rollback(); rerr != nil {
				err = errors.Join(err, fmt.Errorf("roll back migration %d: %w", n, rerr))
			}
		}
	}()
	if _, err := tx.Exec(migration); err != nil {
		return fmt.Errorf("migration %d: %w", n, err)
	}
	if _, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, n)); err != nil {
		return fmt.Errorf("migration %d: record the version: %w", n, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %d: %w", n, err)
	}
	return nil
}
