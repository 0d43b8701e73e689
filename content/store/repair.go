package store

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Restore replaces everything in the database with the content of from (a
// database freshly rebuilt beside it), through SQLite's online backup
// onto the open database. Whoever holds s keeps it: the next query reads
// the new content, and no screen or service needs a new *Store. It is how
// damage found after start (QuickCheck in the background, a query that
// failed with SQLITE_CORRUPT) is repaired while the app runs.
//
// A copy of the damaged file is kept first, at keptAs, for a later look;
// a copy that cannot be made costs only that look.
func (s *Store) Restore(ctx context.Context, from *Store) (keptAs string, err error) {
	keptAs = s.path + ".damaged-" + time.Now().UTC().Format("20060102T150405")
	if err := copyFile(s.path, keptAs); err != nil {
		keptAs = ""
	}
	dst, err := s.db.Conn(ctx)
	if err != nil {
		return keptAs, fmt.Errorf("restore %s: %w", s.path, classify(err))
	}
	defer dst.Close()
	src, err := from.db.Conn(ctx)
	if err != nil {
		return keptAs, fmt.Errorf("restore %s from %s: %w", s.path, from.path, err)
	}
	defer src.Close()
	err = dst.Raw(func(d any) error {
		return src.Raw(func(f any) error {
			b, err := d.(*sqlite3.SQLiteConn).Backup("main", f.(*sqlite3.SQLiteConn), "main")
			if err != nil {
				return err
			}
			if _, err := b.Step(-1); err != nil {
				b.Finish()
				return err
			}
			return b.Finish()
		})
	})
	if err != nil {
		return keptAs, fmt.Errorf("restore %s from %s: %w", s.path, from.path, classify(err))
	}
	s.dropVocabulary() // read from the old pages
	if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return keptAs, fmt.Errorf("restore %s: %w", s.path, classify(err))
	}
	return keptAs, nil
}

// copyFile copies the file at from to a new file at to.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(to)
		return err
	}
	return out.Close()
}
