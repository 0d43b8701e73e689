package userdata

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"
)

// FileName is the reader's database inside the data folder.
const FileName = "user.db"

// Startup says how user.db was found when the app started, so the app can
// tell the reader in their language.
type Startup struct {
	Path string
	// Damaged: user.db could not be read. It was kept as MovedTo (or left
	// where it was if the folder is read-only) and the app goes on with a
	// new, empty user.db. Reason says what was wrong, for the log.
	Damaged bool
	MovedTo string
	Reason  string
	// ReadOnly: the folder or the file cannot be written. The reader's data
	// is shown as it is but nothing is saved.
	ReadOnly bool
}

// ErrNewer says user.db was written by a later version of Safar.
var ErrNewer = errors.New("user.db was written by a newer version of Safar")

// OpenFolder opens dir/user.db for the app. It never gives up: a damaged
// file is moved aside and a new one started; a folder that cannot be
// written is opened read-only (or, without a readable user.db, in memory).
// What happened is in Startup.
func OpenFolder(dir string) (*Store, Startup) {
	path := filepath.Join(dir, FileName)
	st := Startup{Path: path}
	writable := canWrite(dir)
	st.ReadOnly = !writable
	if writable {
		// A restore a crash interrupted is completed before anything
		// reads user.db: the reader sees the old data or the new.
		if err := FinishSwap(dir); err != nil {
			st.Reason = "an interrupted restore could not be completed: " + err.Error()
		}
	}

	if reason := checkFile(path); reason != "" {
		return startOver(path, reason, writable, st)
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && !writable {
		return OpenMemory(), st
	}
	s, err := open(path, !writable)
	if err == nil {
		// The settings are read first by the app: damage there would stop
		// it before the background quick_check could run.
		_, serr := s.Settings()
		if !isCorrupt(serr) {
			return s, st
		}
		s.Close()
		err = serr
	}
	switch {
	case isCorrupt(err):
		return startOver(path, err.Error(), writable, st)
	case errors.Is(err, ErrNewer):
		// A later Safar wrote it: read it as it is, never write over it.
		st.ReadOnly = true
		st.Reason = err.Error()
		if s, err := open(path, true); err == nil {
			return s, st
		}
		return OpenMemory(), st
	}
	// Not damaged, but not writable either (a read-only file in a
	// writable folder, a full disk, a lock): read what can be read.
	st.ReadOnly = true
	st.Reason = err.Error()
	if s, rerr := open(path, true); rerr == nil {
		return s, st
	}
	if s, rerr := openImmutable(path); rerr == nil {
		return s, st
	}
	return OpenMemory(), st
}

// startOver keeps a damaged user.db aside and opens a new one.
func startOver(path, reason string, writable bool, st Startup) (*Store, Startup) {
	st.Damaged, st.Reason = true, reason
	if !writable {
		return OpenMemory(), st // the file stays where it is, untouched
	}
	moved, err := moveAside(path, "damaged")
	if err != nil {
		st.ReadOnly = true
		st.Reason += "; could not keep it aside: " + err.Error()
		return OpenMemory(), st
	}
	st.MovedTo = moved
	s, err := open(path, false)
	if err != nil {
		st.ReadOnly = true
		st.Reason += "; new user.db: " + err.Error()
		return OpenMemory(), st
	}
	return s, st
}

// openImmutable reads a WAL database from a read-only folder, where SQLite
// cannot create the shared-memory file a normal read-only open needs.
func openImmutable(path string) (*Store, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return nil, err
	}
	if err := checkVersion(db); err != nil && !errors.Is(err, ErrNewer) {
		db.Close()
		return nil, err
	}
	return &Store{db: db, path: path, readOnly: true}, nil
}

// checkVersion refuses a database newer than this app, without changing it.
func checkVersion(db *sql.DB) error {
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("not a readable database: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("%w (schema %d, this app knows %d)", ErrNewer, v, len(migrations))
	}
	return nil
}

// canWrite tries to create and remove a file in dir: permissions alone do
// not tell a read-only mount or a full disk.
func canWrite(dir string) bool {
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return false
	}
	name := f.Name()
	_, werr := f.Write([]byte{0})
	cerr := f.Close()
	os.Remove(name)
	return werr == nil && cerr == nil
}

// isCorrupt tells a damaged database from one that cannot be opened for
// another reason (permissions, a lock, a full disk).
func isCorrupt(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB
	}
	return false
}

var sqliteMagic = []byte("SQLite format 3\x00")

// checkFile looks at user.db's header before SQLite does, and says what is
// wrong with it, or "" if nothing shows (or there is no file yet). SQLite
// itself would take an empty file for a new database and a file cut short
// at a page boundary for a smaller one.
func checkFile(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "" // missing, or unreadable: Open says which
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return ""
	}
	size := info.Size()
	if size == 0 {
		return "the file is empty"
	}
	head := make([]byte, 100)
	if _, err := io.ReadFull(f, head); err != nil {
		return fmt.Sprintf("the file is cut short (%d bytes)", size)
	}
	if !bytes.Equal(head[:16], sqliteMagic) {
		return "the file does not start with an SQLite header"
	}
	pageSize := int64(binary.BigEndian.Uint16(head[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return fmt.Sprintf("the header names an impossible page size (%d)", pageSize)
	}
	// The header's page count is valid when its change counter matches;
	// a WAL file may hold pages not yet copied back, so only the main file
	// without one is measured.
	pages := int64(binary.BigEndian.Uint32(head[28:32]))
	valid := binary.BigEndian.Uint32(head[92:96]) == binary.BigEndian.Uint32(head[24:28])
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		return ""
	}
	if valid && pages > 0 && pages*pageSize > size {
		return fmt.Sprintf("the file is cut short: %d bytes of %d", size, pages*pageSize)
	}
	if size%pageSize != 0 {
		return fmt.Sprintf("the file is cut short: %d bytes is not a whole number of %d-byte pages", size, pageSize)
	}
	return ""
}

// moveAside renames path (and its -wal and -shm files) to a name with the
// time and why, never over an existing file, and returns the new name.
func moveAside(path, why string) (string, error) {
	stamp := time.Now().UTC().Format("20060102T150405Z")
	for n := 1; ; n++ {
		dest := fmt.Sprintf("%s.%s-%s", path, why, stamp)
		if n > 1 {
			dest = fmt.Sprintf("%s-%d", dest, n)
		}
		err := noReplaceRename(path, dest)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		for _, side := range []string{"-wal", "-shm", "-journal"} {
			if err := noReplaceRename(path+side, dest+side); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return dest, fmt.Errorf("kept %s but not its %s file: %w", dest, side, err)
			}
		}
		syncDir(filepath.Dir(path))
		return dest, nil
	}
}

// noReplaceRename renames from to to unless to exists: a hard link fails
// on an existing name, where rename would silently replace it.
func noReplaceRename(from, to string) error {
	if err := os.Link(from, to); err != nil {
		if errors.Is(err, fs.ErrExist) || errors.Is(err, fs.ErrNotExist) {
			return err
		}
		// No hard links on this file system: check, then rename.
		if _, serr := os.Lstat(to); serr == nil {
			return fs.ErrExist
		}
		return os.Rename(from, to)
	}
	return os.Remove(from)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// IsReadOnlyErr says err comes from a file system that cannot be written.
func IsReadOnlyErr(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrReadonly || se.Code == sqlite3.ErrCantOpen) {
		return true
	}
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// QuickCheck runs SQLite's quick_check over the whole file, which finds
// damage the header check cannot see. The app runs it in the background
// after start-up; nil means no damage was found.
func (s *Store) QuickCheck() error {
	rows, err := s.conn().Query(`PRAGMA quick_check`)
	if err != nil {
		if isCorrupt(err) {
			return &DamageError{Problems: []string{err.Error()}}
		}
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		if isCorrupt(err) {
			problems = append(problems, err.Error())
		} else {
			return err
		}
	}
	if len(problems) > 0 {
		return &DamageError{Problems: problems}
	}
	return nil
}

// DamageError is what QuickCheck found.
type DamageError struct{ Problems []string }

func (e *DamageError) Error() string {
	p := e.Problems
	if len(p) > 3 {
		p = append(p[:3:3], fmt.Sprintf("and %d more", len(e.Problems)-3))
	}
	return "user.db is damaged: " + strings.Join(p, "; ")
}

// SetAside moves a store found damaged after start-up aside, as OpenFolder
// does at start-up, and carries on with a new user.db in its place.
func (s *Store) SetAside(reason string) (Startup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Startup{Path: s.path, Damaged: true, Reason: reason, ReadOnly: s.readOnly}
	if s.path == "" || s.readOnly {
		return st, nil // nothing to move, or nowhere to move it
	}
	s.db.Close()
	moved, err := moveAside(s.path, "damaged")
	st.MovedTo = moved
	if err != nil {
		s.db = OpenMemory().db
		s.readOnly = true
		st.ReadOnly = true
		return st, err
	}
	fresh, err := open(s.path, false)
	if err != nil {
		s.db = OpenMemory().db
		s.readOnly = true
		st.ReadOnly = true
		return st, err
	}
	s.db = fresh.db
	return st, nil
}

// Replace closes user.db, lets fn change the files at path (a restore puts
// another user.db there), and opens it again. If fn fails the old file is
// opened again as it was.
func (s *Store) Replace(fn func(path string) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" || s.readOnly {
		return errors.New("user.db cannot be written")
	}
	// Fold the WAL back into the file, so the files at path are the whole
	// database when fn moves them.
	s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	s.db.Close()
	ferr := fn(s.path)
	fresh, err := open(s.path, false)
	if err != nil {
		s.db = OpenMemory().db
		s.readOnly = true
		return errors.Join(ferr, err)
	}
	s.db = fresh.db
	return ferr
}
