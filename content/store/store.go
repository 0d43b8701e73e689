// Package store keeps Safar's content in SQLite (content.db): it installs a
// verified pack in one transaction and answers the queries the screens need.
//
// content.db is replaceable: it can always be rebuilt from the embedded pack
// or a sync, so when it is damaged it is moved aside and rebuilt (see
// OpenOrRebuild, QuickCheck and Rebuild). A healthy file that cannot be
// written is never taken for a damaged one (IsReadOnly, IsCorrupt). The
// reader's own data lives elsewhere (userdata) and is never touched from
// here.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"safar.app/safar/internal/migrate" // registers the "sqlite3" driver
)

// Store is an open content database.
type Store struct {
	db    *sql.DB
	path  string
	cache searchCache
}

// ErrNoContent means the database opened but holds no installed pack.
var ErrNoContent = errors.New("no content installed")

// Open opens the content database at path, creating and migrating it if
// needed. It fails, without changing the file, if the file is not a healthy
// SQLite database of a schema this version knows.
func Open(path string) (*Store, error) { return openDSN(path, "") }

// OpenReadOnly reads an installed content.db in a folder Safar cannot
// write (a read-only mount, a folder of another user): it changes no byte
// and creates no -wal or -shm file beside it. Nothing else may write the
// file meanwhile, which is what SQLite's immutable flag promises it.
func OpenReadOnly(path string) (*Store, error) {
	return openDSN(path, "mode=ro&immutable=1")
}

// openDSN opens path with extra URI parameters (tests open with mode=ro).
func openDSN(path, extra string) (*Store, error) {
	q := url.Values{}
	if !strings.Contains(extra, "mode=ro") {
		q.Set("_journal_mode", "WAL") // a read-only open must not try to change it
	}
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	dsn := "file:" + path + "?" + q.Encode()
	if extra != "" {
		dsn += "&" + extra
	}
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	s.dropVocabulary() // sizes the search caches
	if err := s.check(); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, classify(err))
	}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, classify(err))
	}
	if err := s.reindex(); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: rebuild the search index: %w", path, classify(err))
	}
	return s, nil
}

// check reads the header and the size the database claims, so a damaged
// or truncated file is found at start rather than in the middle of reading
// an article. It is cheap on purpose: SQLite's full quick_check reads every
// page, which on a large pack costs more than the whole start-up budget.
func (s *Store) check() error {
	var pages, pageSize int64
	if err := s.db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		return fmt.Errorf("open: %w", err)
	}
	if err := s.db.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		return fmt.Errorf("open: %w", err)
	}
	if _, err := s.db.Exec(`SELECT count(*) FROM sqlite_schema`); err != nil {
		return fmt.Errorf("open: %w", err)
	}
	// With no write-ahead log pending, every page lives in the file itself.
	if wal, err := os.Stat(s.path + "-wal"); err != nil || wal.Size() == 0 {
		if fi, err := os.Stat(s.path); err == nil && fi.Size() < pages*pageSize {
			return fmt.Errorf("%w: the file is cut short: %d of %d bytes", ErrDamaged, fi.Size(), pages*pageSize)
		}
	}
	return nil
}

// Verify is QuickCheck without a deadline, for tests and tools.
func (s *Store) Verify() error { return s.QuickCheck(context.Background()) }

func (s *Store) migrate() error { return migrate.Apply(s.db, migrations) }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the file the store reads.
func (s *Store) Path() string { return s.path }

// Rebuilt tells what OpenOrRebuild had to do.
type Rebuilt struct {
	// Reason is why the old database was set aside ("" when it was healthy).
	Reason string
	// MovedTo is where the damaged file now lies, for a later look.
	MovedTo string
	// Installed is true when the pack was (re)installed in this call.
	Installed bool
}

// Damaged reports whether an existing database had to be set aside; the UI
// tells the reader in one line.
func (r Rebuilt) Damaged() bool { return r.MovedTo != "" }

// OpenOrRebuild opens content.db at path and makes sure it holds content.
// A missing database is created and filled by install. A damaged or
// unreadable one is moved aside (with its WAL files) and rebuilt the same way.
// A healthy one that cannot be written (a read-only folder) is left exactly
// as it is: the error says so, and IsReadOnly is true for it.
// install is the same function a sync uses, so there is one way in.
// needsInstall, when not nil, decides whether a healthy database should be
// reinstalled anyway, e.g. because the app ships a newer embedded pack.
func OpenOrRebuild(path string, install func(*Store) error, needsInstall func(PackInfo) bool) (*Store, Rebuilt, error) {
	s, r, pending, err := OpenForInstall(path, needsInstall)
	if err != nil || !pending {
		return s, r, err
	}
	if err := install(s); err != nil {
		s.Close()
		return nil, r, classify(err)
	}
	r.Installed = true
	return s, r, nil
}

// Rebuild sets aside the database at path, which the caller has closed,
// and rebuilds it with install, as OpenOrRebuild does when Open finds
// damage. It is for damage found later: by QuickCheck in the background,
// or by a query whose error IsCorrupt. reason is what found it.
func Rebuild(path string, reason error, install func(*Store) error) (*Store, Rebuilt, error) {
	r := Rebuilt{Reason: reason.Error()}
	var err error
	if r.MovedTo, err = moveAside(path); err != nil {
		return nil, r, fmt.Errorf("move damaged %s aside: %w", path, classify(err))
	}
	s, err := Open(path)
	if err != nil {
		return nil, r, err
	}
	if err := install(s); err != nil {
		s.Close()
		return nil, r, classify(err)
	}
	r.Installed = true
	return s, r, nil
}

// OpenForInstall does what OpenOrRebuild does except the install itself:
// pending says the content still has to be installed (a new, rebuilt or
// outdated database). The app's first run uses it to show its first
// screen at once and install in the background.
func OpenForInstall(path string, needsInstall func(PackInfo) bool) (s *Store, r Rebuilt, pending bool, err error) {
	s, err = Open(path)
	if err == nil {
		info, ierr := s.Installed()
		switch {
		case errors.Is(ierr, ErrNoContent):
			// A first run, or an install that never committed: fill it.
		case ierr != nil:
			s.Close()
			s, err = nil, ierr
		case needsInstall == nil || !needsInstall(info):
			return s, r, false, nil
		}
	}
	if IsReadOnly(err) {
		return nil, r, false, err // cannot write is not damaged: move nothing
	}
	if err != nil {
		if _, statErr := os.Stat(path); statErr == nil {
			r.Reason = err.Error()
			r.MovedTo, err = moveAside(path)
			if err != nil {
				return nil, r, false, fmt.Errorf("move damaged %s aside: %w", path, classify(err))
			}
		}
		if s, err = Open(path); err != nil {
			return nil, r, false, err
		}
	}
	return s, r, true, nil
}

// moveAside renames path and its -wal and -shm companions to a dated name.
func moveAside(path string) (string, error) {
	dest := path + ".damaged-" + time.Now().UTC().Format("20060102T150405")
	if err := os.Rename(path, dest); err != nil {
		return "", err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err == nil {
			if err := os.Rename(path+suffix, dest+suffix); err != nil {
				return dest, err
			}
		}
	}
	return dest, nil
}

func splitList(s string) []string { return strings.Fields(s) }

// splitSources reads the more_sources column; nil when there are none, as
// the content loader leaves it.
func splitSources(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Fields(s)
}

// Checkpoint folds the write-ahead log into content.db, so that the file
// alone holds the content (for copying it, or comparing it byte for byte).
func (s *Store) Checkpoint() error {
	_, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// DB is the underlying database, for checks such as PRAGMA integrity_check.
func (s *Store) DB() *sql.DB { return s.db }
