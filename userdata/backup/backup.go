// Package backup writes everything that is the reader's (user.db, with
// settings and the arrival date, saved items, checklist ticks and the
// reader's own steps, contacts, phrasebook summaries, reports and stories
// queued for publishers (sent or waiting to send) and the vault's key and
// sealed metadata, plus the vault's encrypted
// documents) into one encrypted file, and restores it.
//
// The format (docs/vault.md):
//
//	safar-backup/<version>\n          plain line: the format version
//	age file, one scrypt recipient    the passphrase; integrity of all below
//	  tar: user.db                    a VACUUM INTO snapshot: every table,
//	                                  including ones later versions add
//	       vault/<id>.age …           the vault's files, as they are
//	       manifest.json              version, time, counts, SHA-256 of each
//
// A restore unpacks and checks everything in a folder of its own before the
// reader's data is touched, then swaps it in through a journal
// (userdata.SwapIn), keeping the old data aside until the new is checked.
package backup

import (
	"archive/tar"
	"bufio"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"safar.app/safar/userdata"
	"safar.app/safar/userdata/vault"
)

// Version is the format this app writes. Every later app reads it; this
// one refuses a higher number.
const Version = 1

const magic = "safar-backup/"

// Extension is the file name ending offered when saving a backup.
const Extension = ".safarbackup"

// Manifest says what a backup holds.
type Manifest struct {
	Version   int              `json:"version"`
	Created   time.Time        `json:"created"`
	Schema    int              `json:"schema"`    // user.db's user_version
	Documents int              `json:"documents"` // in the vault
	Tables    map[string]int64 `json:"tables"`    // rows per user.db table
	Files     map[string]File  `json:"files"`
}

// File is one file in the backup.
type File struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Rows is how many rows a table of user.db holds in the backup.
func (m Manifest) Rows(table string) int64 { return m.Tables[table] }

// Errors a screen tells apart.
var (
	ErrNotBackup         = errors.New("this file is not a Safar backup")
	ErrWrongPassphrase   = errors.New("wrong passphrase for this backup")
	ErrDamaged           = errors.New("the backup is damaged or incomplete")
	ErrMissingPassphrase = errors.New("a backup needs a passphrase")
)

// FutureError says the backup was made by a later Safar in a format this
// one cannot read.
type FutureError struct{ Version int }

func (e *FutureError) Error() string {
	return fmt.Sprintf("this backup was made by a newer version of Safar (format %d; this version reads up to %d): update Safar first", e.Version, Version)
}

// Write writes a backup of store and the vault files in vaultDir to w,
// encrypted to passphrase with scrypt work factor logN (0 calibrates).
func Write(w io.Writer, store *userdata.Store, vaultDir, passphrase string, now time.Time, logN int) (Manifest, error) {
	if passphrase == "" {
		return Manifest{}, ErrMissingPassphrase
	}
	if logN == 0 {
		logN = vault.Calibrate(vault.Target)
	}
	m := Manifest{Version: Version, Created: now.UTC().Truncate(time.Second), Files: map[string]File{}}

	// The snapshot goes next to user.db, never to a shared temp folder.
	snap, err := os.CreateTemp(filepath.Dir(store.Path()), ".backup-snapshot-*")
	if err != nil {
		return m, err
	}
	snapPath := snap.Name()
	snap.Close()
	os.Remove(snapPath) // VACUUM INTO wants to create it
	defer os.Remove(snapPath)
	if _, err := store.DB().Exec(`VACUUM INTO ?`, snapPath); err != nil {
		return m, fmt.Errorf("snapshot of user.db: %w", err)
	}
	if err := describe(snapPath, &m); err != nil {
		return m, err
	}
	docs, err := vaultFiles(snapPath, vaultDir)
	if err != nil {
		return m, err
	}
	m.Documents = len(docs)

	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return m, err
	}
	r.SetWorkFactor(logN)
	if _, err := io.WriteString(w, magic+strconv.Itoa(Version)+"\n"); err != nil {
		return m, err
	}
	enc, err := age.Encrypt(w, r)
	if err != nil {
		return m, err
	}
	bw := bufio.NewWriterSize(enc, 64<<10)
	tw := tar.NewWriter(bw)
	add := func(name, path string) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: info.Size(), ModTime: m.Created, Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(tw, h), f)
		if err != nil {
			return err
		}
		m.Files[name] = File{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
		return nil
	}
	if err := add(userdata.FileName, snapPath); err != nil {
		return m, err
	}
	for _, id := range docs {
		if err := add(userdata.VaultDir+"/"+id+".age", filepath.Join(vaultDir, id+".age")); err != nil {
			return m, fmt.Errorf("vault document %s: %w", id, err)
		}
	}
	mj, _ := json.Marshal(m)
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(mj)), ModTime: m.Created, Typeflag: tar.TypeReg}); err != nil {
		return m, err
	}
	if _, err := tw.Write(mj); err != nil {
		return m, err
	}
	if err := tw.Close(); err != nil {
		return m, err
	}
	if err := bw.Flush(); err != nil {
		return m, err
	}
	return m, enc.Close()
}

const manifestName = "manifest.json"

// describe counts the rows of every table in the snapshot: future tables
// are carried and counted without this code knowing them.
func describe(path string, m *Manifest) error {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&m.Schema); err != nil {
		return err
	}
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		rows.Scan(&t)
		tables = append(tables, t)
	}
	rows.Close()
	m.Tables = map[string]int64{}
	for _, t := range tables {
		var n int64
		if err := db.QueryRow(`SELECT count(*) FROM "` + strings.ReplaceAll(t, `"`, `""`) + `"`).Scan(&n); err != nil {
			return err
		}
		m.Tables[t] = n
	}
	return nil
}

// vaultFiles lists the ids of the documents the snapshot's vault holds.
// A listed document without its file fails the backup: better a clear
// refusal now than a backup that cannot be restored whole.
func vaultFiles(snap, vaultDir string) ([]string, error) {
	db, err := sql.Open("sqlite3", "file:"+snap+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT id FROM vault_document ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		if !docName.MatchString(id + ".age") {
			return nil, fmt.Errorf("vault document id %q is malformed", id)
		}
		if _, err := os.Stat(filepath.Join(vaultDir, id+".age")); err != nil {
			return nil, fmt.Errorf("vault document %s: %w", id, err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

var docName = regexp.MustCompile(`^[0-9a-f]{32}\.age$`)

// maxLogN bounds the scrypt work factor a backup may ask for (2^20 is
// 1 GiB and seconds of work): a larger one is a damaged or crafted file.
var maxLogN = 20

// durable makes the unpacked files reach the disk before the swap; only
// the fuzz target, which never swaps, turns it off to go faster.
var durable = true

// Limits on what a backup may unpack, so a crafted file cannot fill the
// phone: user.db is small (documents live outside it).
const (
	maxUserDB   = 1 << 30
	maxManifest = 16 << 20
	maxEntries  = 100_000
)

// ReadVersion reads a backup's plain first line and says its format
// version; a future version is a *FutureError.
func ReadVersion(r *bufio.Reader) (int, error) {
	line, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, magic) || len(line) > 32 {
		return 0, ErrNotBackup
	}
	v, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(line, magic), "\n"))
	if err != nil || v < 1 {
		return 0, ErrNotBackup
	}
	if v > Version {
		return v, &FutureError{Version: v}
	}
	return v, nil
}

// Staged is a backup unpacked and checked in a folder of its own inside
// the data folder; nothing of the reader's has changed yet.
type Staged struct {
	Manifest Manifest
	dir      string // the data folder
	stage    string
}

// Unpack decrypts and checks a backup into a stage inside dataDir: every
// byte is authenticated, every file matches the manifest, and user.db
// opens and passes quick_check. Any failure removes the stage and leaves
// the reader's data as it was.
func Unpack(src io.Reader, passphrase, dataDir string) (_ *Staged, err error) {
	br := bufio.NewReader(src)
	version, err := ReadVersion(br)
	if err != nil {
		return nil, err
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, ErrMissingPassphrase
	}
	id.SetMaxWorkFactor(maxLogN)
	dec, err := age.Decrypt(br, id)
	var nomatch *age.NoIdentityMatchError
	if errors.As(err, &nomatch) {
		return nil, ErrWrongPassphrase
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	stage, err := os.MkdirTemp(dataDir, userdata.StagePrefix+"*")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(stage)
		}
	}()
	if err := os.Mkdir(filepath.Join(stage, userdata.VaultDir), 0o700); err != nil {
		return nil, err
	}
	got, manifest, err := extract(dec, stage)
	if err != nil {
		return nil, err
	}
	if manifest.Version != version {
		return nil, fmt.Errorf("%w: the manifest says format %d, the header %d", ErrDamaged, manifest.Version, version)
	}
	if err := match(got, manifest); err != nil {
		return nil, err
	}
	if err := checkDB(filepath.Join(stage, userdata.FileName), manifest); err != nil {
		return nil, err
	}
	return &Staged{Manifest: manifest, dir: dataDir, stage: stage}, nil
}

// extract unpacks the tar stream, hashing as it goes, and reads the age
// stream to its end: a backup cut short fails here.
func extract(dec io.Reader, stage string) (map[string]File, Manifest, error) {
	var manifest Manifest
	got := map[string]File{}
	haveManifest := false
	tr := tar.NewReader(dec)
	for n := 0; ; n++ {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, manifest, fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		if n > maxEntries || h.Typeflag != tar.TypeReg || haveManifest {
			return nil, manifest, fmt.Errorf("%w: unexpected entry %q", ErrDamaged, h.Name)
		}
		if _, dup := got[h.Name]; dup {
			return nil, manifest, fmt.Errorf("%w: %q twice", ErrDamaged, h.Name)
		}
		var dest string
		var limit int64
		switch {
		case h.Name == manifestName:
			b, err := io.ReadAll(io.LimitReader(tr, maxManifest+1))
			if err != nil || len(b) > maxManifest {
				return nil, manifest, fmt.Errorf("%w: manifest: %v", ErrDamaged, err)
			}
			if err := json.Unmarshal(b, &manifest); err != nil {
				return nil, manifest, fmt.Errorf("%w: manifest: %v", ErrDamaged, err)
			}
			haveManifest = true
			continue
		case h.Name == userdata.FileName:
			dest, limit = filepath.Join(stage, userdata.FileName), maxUserDB
		case strings.HasPrefix(h.Name, userdata.VaultDir+"/") && docName.MatchString(strings.TrimPrefix(h.Name, userdata.VaultDir+"/")):
			dest, limit = filepath.Join(stage, filepath.FromSlash(h.Name)), vault.MaxDocument*2
		default:
			return nil, manifest, fmt.Errorf("%w: unexpected entry %q", ErrDamaged, h.Name)
		}
		if h.Size < 0 || h.Size > limit {
			return nil, manifest, fmt.Errorf("%w: %q is too large", ErrDamaged, h.Name)
		}
		f, err := os.OpenFile(dest, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, manifest, err
		}
		hash := sha256.New()
		written, err := io.Copy(io.MultiWriter(f, hash), tr)
		if err == nil && durable {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			if isStreamError(err) {
				return nil, manifest, fmt.Errorf("%w: %v", ErrDamaged, err)
			}
			return nil, manifest, err
		}
		got[h.Name] = File{Size: written, SHA256: hex.EncodeToString(hash.Sum(nil))}
	}
	// The age stream must end exactly here, authenticated to its last
	// chunk.
	if _, err := io.Copy(io.Discard, dec); err != nil {
		return nil, manifest, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if !haveManifest {
		return nil, manifest, fmt.Errorf("%w: no manifest", ErrDamaged)
	}
	if durable {
		syncDir(filepath.Join(stage, userdata.VaultDir))
		syncDir(stage)
	}
	return got, manifest, nil
}

// isStreamError tells a decryption or archive error (the backup is
// damaged) from a write error in the data folder (a full disk).
func isStreamError(err error) bool {
	var pe *os.PathError
	return !errors.As(err, &pe)
}

func match(got map[string]File, m Manifest) error {
	if _, ok := got[userdata.FileName]; !ok {
		return fmt.Errorf("%w: no user.db", ErrDamaged)
	}
	if len(got) != len(m.Files) {
		return fmt.Errorf("%w: %d files, the manifest lists %d", ErrDamaged, len(got), len(m.Files))
	}
	for name, f := range m.Files {
		if got[name] != f {
			return fmt.Errorf("%w: %s does not match the manifest", ErrDamaged, name)
		}
	}
	return nil
}

// checkDB opens the unpacked user.db as the app will (migrating an older
// schema), runs quick_check, and checks every vault document has its file.
func checkDB(path string, m Manifest) error {
	s, err := userdata.Open(path)
	if err != nil {
		if errors.Is(err, userdata.ErrNewer) {
			return &FutureError{Version: m.Version}
		}
		return fmt.Errorf("%w: user.db: %v", ErrDamaged, err)
	}
	defer s.Close()
	if err := s.QuickCheck(); err != nil {
		return fmt.Errorf("%w: user.db: %v", ErrDamaged, err)
	}
	rows, err := s.DB().Query(`SELECT id FROM vault_document`)
	if err != nil {
		return fmt.Errorf("%w: user.db: %v", ErrDamaged, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		rows.Scan(&id)
		if _, ok := m.Files[userdata.VaultDir+"/"+id+".age"]; !ok {
			return fmt.Errorf("%w: vault document %s has no file", ErrDamaged, id)
		}
		n++
	}
	if n != m.Documents || n != len(m.Files)-1 {
		return fmt.Errorf("%w: %d vault documents, %d files", ErrDamaged, n, len(m.Files)-1)
	}
	// Fold the migration's WAL back in, so the stage is one file.
	s.DB().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return rows.Err()
}

// Discard removes the stage: the reader chose not to restore.
func (s *Staged) Discard() error { return os.RemoveAll(s.stage) }

// Restore puts the staged backup in place of store's data: user.db is
// closed, the old user.db and vault are moved aside, the new ones moved
// in, user.db opened again and checked, and only then the old data
// removed. If the check fails the old data stays aside, named in the error.
func (s *Staged) Restore(store *userdata.Store) error {
	if filepath.Dir(store.Path()) != filepath.Clean(s.dir) {
		return fmt.Errorf("restore: the backup was unpacked for %s, not %s", s.dir, filepath.Dir(store.Path()))
	}
	var aside string
	err := store.Replace(func(string) error {
		var err error
		aside, err = userdata.SwapIn(s.dir, s.stage)
		return err
	})
	if err != nil {
		return err
	}
	if err := store.QuickCheck(); err != nil {
		return fmt.Errorf("restored user.db: %w (the old data is kept in %s)", err, aside)
	}
	return userdata.DiscardAside(aside)
}

// Summary lists the manifest's counts in a stable order, for logs.
func (m Manifest) Summary() string {
	names := make([]string, 0, len(m.Tables))
	for t := range m.Tables {
		names = append(names, t)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "format %d, made %s, %d documents", m.Version, m.Created.Format(time.RFC3339), m.Documents)
	for _, t := range names {
		fmt.Fprintf(&b, ", %s %d", t, m.Tables[t])
	}
	return b.String()
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
