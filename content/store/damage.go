package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"

	"github.com/mattn/go-sqlite3"
)

// Two things go wrong with content.db, and they call for opposite answers:
//   - the file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB, cut short): it
//     can be set aside and rebuilt, since content.db is replaceable;
//   - the file is healthy but cannot be written or opened for writing (a
//     read-only folder or medium, permissions: EACCES, EPERM, EROFS,
//     SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM): it must be left as it
//     is, and the reader told that the folder cannot be written.
//
// IsCorrupt and IsReadOnly tell them apart from any error of this package,
// whatever wraps it; an error is never both.

// ErrDamaged marks damage the store's own checks found (a file shorter
// than the database it holds, a failed quick_check).
var ErrDamaged = errors.New("the content database is damaged")

// ErrReadOnly marks a healthy database that cannot be written.
var ErrReadOnly = errors.New("the content database cannot be written")

// IsCorrupt reports whether err says the content database's file is
// damaged: SQLite's SQLITE_CORRUPT or SQLITE_NOTADB, or ErrDamaged.
func IsCorrupt(err error) bool {
	if err == nil || IsReadOnly(err) {
		return false
	}
	if errors.Is(err, ErrDamaged) {
		return true
	}
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB)
}

// IsReadOnly reports whether err says the content database or its folder
// cannot be written (or, for the same reasons, opened), as opposed to
// being damaged.
func IsReadOnly(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrReadOnly) || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return true
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.SystemErrno {
	case syscall.EACCES, syscall.EPERM, syscall.EROFS:
		return true
	}
	switch se.Code {
	case sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrAuth:
		return true
	}
	return false
}

// classify marks err, from an operation on the database, as ErrReadOnly
// or ErrDamaged when it is one of those, so that a message says which in
// words before SQLite's own; other errors pass unchanged. IsCorrupt and
// IsReadOnly see through either way.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrReadOnly), errors.Is(err, ErrDamaged):
		return err
	case IsReadOnly(err):
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	case IsCorrupt(err):
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	return err
}

// quickCheckRows caps the problems quick_check lists: the first few say
// what is wrong, and a badly damaged file can have thousands.
const quickCheckRows = 10

// QuickCheck runs SQLite's PRAGMA quick_check over every page of the
// database and its write-ahead log. It reads the whole file, so it is for
// the background after start, not for the way in; cancelling ctx stops
// it. A damaged database gives an error for which IsCorrupt is true,
// naming the file and SQLite's first findings.
func (s *Store) QuickCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf(`PRAGMA quick_check(%d)`, quickCheckRows))
	if err != nil {
		return fmt.Errorf("check %s: %w", s.path, classify(err))
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("check %s: %w", s.path, classify(err))
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check %s: %w", s.path, classify(err))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %w: %s", s.path, ErrDamaged, strings.Join(problems, "; "))
	}
	return nil
}
