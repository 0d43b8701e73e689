// Package vault keeps the reader's documents (photos and PDFs of a passport,
// a residence permit, a vaccination card…) encrypted on the phone.
//
// The construction, in short (docs/vault.md has the whole of it):
//   - a random age X25519 identity is the vault's data key;
//   - it is kept in user.db wrapped by the passphrase, as an age file with
//     one scrypt recipient, whose header carries the scrypt work factor;
//   - every document is an age file encrypted to that identity, in
//     <data>/vault/<id>.age, written through a temporary name, fsync and
//     rename;
//   - its metadata (title, category, notes, expiry, thumbnail) is an age
//     file too, in a user.db row written in one transaction after the
//     blob is in place.
//
// Changing the passphrase rewraps the identity in one UPDATE; no document
// is re-encrypted. Nothing is ever written in plaintext, and a wrong
// passphrase never wipes anything.
package vault

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
)

// Category is what a document is about.
type Category string

// The categories a reader can choose.
const (
	Identity  Category = "identity"
	Residence Category = "residence"
	Health    Category = "health"
	Education Category = "education"
	Work      Category = "work"
	Family    Category = "family"
	Other     Category = "other"
)

// Categories lists them in the order screens offer them.
var Categories = []Category{Identity, Residence, Health, Education, Work, Family, Other}

// Meta describes a document. All of it is encrypted.
type Meta struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Category Category  `json:"category"`
	Notes    string    `json:"notes,omitempty"`
	Expiry   time.Time `json:"expiry,omitzero"` // zero: does not expire
	Added    time.Time `json:"added"`
	Name     string    `json:"name,omitempty"` // the file's name when it was added
	MIME     string    `json:"mime"`
	Size     int64     `json:"size"`
	Thumb    []byte    `json:"thumb,omitempty"` // a small JPEG, for images
}

// IsImage says the document can be shown as a picture.
func (m Meta) IsImage() bool { return strings.HasPrefix(m.MIME, "image/") }

// ExpiresWithin says the document expires within d of now (or has expired).
func (m Meta) ExpiresWithin(now time.Time, d time.Duration) bool {
	return !m.Expiry.IsZero() && m.Expiry.Before(now.Add(d))
}

// MaxDocument is the largest document the vault takes: a phone photo or a
// scanned PDF is far smaller, and the whole document is held in memory.
const MaxDocument = 64 << 20

// Errors a screen tells apart.
var (
	ErrLocked           = errors.New("the vault is locked")
	ErrNoVault          = errors.New("no vault has been set up")
	ErrExists           = errors.New("a vault is already set up")
	ErrWrongPassphrase  = errors.New("wrong passphrase")
	ErrTooLarge         = fmt.Errorf("the document is larger than %d MB", MaxDocument>>20)
	ErrNotFound         = errors.New("no such document")
	ErrShortPassphrase  = fmt.Errorf("a passphrase needs at least %d characters", MinPassphrase)
	ErrUnsupportedKind  = errors.New("only photos (JPEG, PNG) and PDF files can be kept")
	ErrDamagedDocument  = errors.New("the document's encrypted file is damaged")
	ErrMissingDocument  = errors.New("the document's encrypted file is missing")
	errUnknownKeyFormat = errors.New("the vault key was written by a newer version of Safar")
)

// MinPassphrase is the shortest passphrase accepted.
const MinPassphrase = 8

// WaitError says too many wrong passphrases were tried: the next try is
// taken from Until on.
type WaitError struct{ Until time.Time }

func (e *WaitError) Error() string {
	return fmt.Sprintf("too many wrong passphrases; try again after %s", e.Until.Format(time.TimeOnly))
}

// DB is where the vault keeps its rows: user.db, through the Store, which
// may replace its database (a restore) between calls.
type DB interface{ DB() *sql.DB }

// Options tune a vault; the zero value is what the app uses.
type Options struct {
	// LogN is the scrypt work factor for a new passphrase; 0 calibrates it
	// on this device (Calibrate).
	LogN int
	// Idle locks the vault after this long without use; 0 is 5 minutes,
	// a negative value never.
	Idle time.Duration
	// Now is the clock, for the wrong-passphrase delay; nil is time.Now.
	Now func() time.Time
	// OnLock is called whenever the vault locks, on the goroutine that
	// locked it (the idle timer's own, or the caller's of Lock).
	OnLock func()
}

// Vault is the reader's document safe.
type Vault struct {
	db   DB
	dir  string
	opts Options

	mu       sync.Mutex
	identity *age.X25519Identity // nil while locked
	idle     *time.Timer
}

// New returns the vault of the data folder whose user.db is db; its files
// go in dir (normally <data>/vault). It starts locked.
func New(db DB, dir string, opts Options) *Vault {
	if opts.Idle == 0 {
		opts.Idle = 5 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Vault{db: db, dir: dir, opts: opts}
}

// Dir is the folder of the encrypted document files.
func (v *Vault) Dir() string { return v.dir }

// Exists says a passphrase has been set.
func (v *Vault) Exists() (bool, error) {
	var n int
	err := v.db.DB().QueryRow(`SELECT count(*) FROM vault_key`).Scan(&n)
	return n > 0, err
}

// Create sets up the vault with its first passphrase and leaves it unlocked.
func (v *Vault) Create(passphrase string) error {
	if len([]rune(passphrase)) < MinPassphrase {
		return ErrShortPassphrase
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return err
	}
	wrapped, logN, err := wrapKey(id, passphrase, v.opts.LogN)
	if err != nil {
		return err
	}
	now := v.opts.Now().UTC().Format(time.RFC3339)
	res, err := v.db.DB().Exec(`INSERT OR IGNORE INTO vault_key (id, wrapped, kdf, created_at, changed_at) VALUES (1, ?, ?, ?, ?)`,
		wrapped, kdfName(logN), now, now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrExists
	}
	if err := os.MkdirAll(v.dir, 0o700); err != nil {
		return err
	}
	v.unlocked(id)
	return nil
}

// Unlock opens the vault with passphrase. A wrong one is counted (in
// user.db, so a restart does not reset it) and, from the fourth on, makes
// the reader wait longer before the next try. Nothing is ever wiped.
func (v *Vault) Unlock(passphrase string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	db := v.db.DB()
	var wrapped []byte
	if err := db.QueryRow(`SELECT wrapped FROM vault_key WHERE id = 1`).Scan(&wrapped); errors.Is(err, sql.ErrNoRows) {
		return ErrNoVault
	} else if err != nil {
		return err
	}
	now := v.opts.Now()
	failures, last, err := attempts(db)
	if err != nil {
		return err
	}
	if until := last.Add(Delay(failures)); failures > 0 && now.Before(until) {
		return &WaitError{Until: until}
	}
	id, err := unwrapKey(wrapped, passphrase)
	if errors.Is(err, ErrWrongPassphrase) {
		if _, werr := db.Exec(`INSERT INTO vault_attempt (id, failures, last_failure) VALUES (1, 1, ?)
			ON CONFLICT (id) DO UPDATE SET failures = failures + 1, last_failure = excluded.last_failure`,
			now.UTC().Format(time.RFC3339Nano)); werr != nil {
			return errors.Join(err, werr)
		}
		return err
	}
	if err != nil {
		return err
	}
	if _, err := db.Exec(`DELETE FROM vault_attempt`); err != nil {
		return err
	}
	v.unlocked(id)
	v.tidy()
	return nil
}

// Failures is how many wrong passphrases were tried since the last unlock,
// and when the next try is taken.
func (v *Vault) Failures() (n int, next time.Time, err error) {
	n, last, err := attempts(v.db.DB())
	if n == 0 {
		return 0, time.Time{}, err
	}
	return n, last.Add(Delay(n)), err
}

func attempts(db *sql.DB) (int, time.Time, error) {
	var n int
	var last string
	err := db.QueryRow(`SELECT failures, last_failure FROM vault_attempt WHERE id = 1`).Scan(&n, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	t, _ := time.Parse(time.RFC3339Nano, last)
	return n, t, err
}

// Delay is the wait after n wrong passphrases in a row: none for the
// first three (typing slips), then 30 s doubling up to an hour. It slows a
// guesser who has the phone, without ever locking the reader out for good.
func Delay(n int) time.Duration {
	if n < 4 {
		return 0
	}
	d := 30 * time.Second << min(n-4, 7)
	return min(d, time.Hour)
}

// Lock forgets the key. The app calls it when it leaves the foreground.
func (v *Vault) Lock() {
	v.mu.Lock()
	was := v.identity != nil
	v.identity = nil
	if v.idle != nil {
		v.idle.Stop()
	}
	v.mu.Unlock()
	if was && v.opts.OnLock != nil {
		v.opts.OnLock()
	}
}

// Unlocked says the key is in memory.
func (v *Vault) Unlocked() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.identity != nil
}

// Touch counts as use: the idle lock starts counting again.
func (v *Vault) Touch() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.touch()
}

func (v *Vault) unlocked(id *age.X25519Identity) {
	v.identity = id
	v.touch()
}

func (v *Vault) touch() {
	if v.identity == nil || v.opts.Idle < 0 {
		return
	}
	if v.idle == nil {
		v.idle = time.AfterFunc(v.opts.Idle, v.Lock)
		return
	}
	v.idle.Reset(v.opts.Idle)
}

// key returns the identity, or ErrLocked; v.mu is held.
func (v *Vault) key() (*age.X25519Identity, error) {
	if v.identity == nil {
		return nil, ErrLocked
	}
	v.touch()
	return v.identity, nil
}

// ChangePassphrase rewraps the key under a new passphrase in one UPDATE;
// the documents, encrypted to the key, stay as they are.
func (v *Vault) ChangePassphrase(old, new string) error {
	if len([]rune(new)) < MinPassphrase {
		return ErrShortPassphrase
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	db := v.db.DB()
	var wrapped []byte
	if err := db.QueryRow(`SELECT wrapped FROM vault_key WHERE id = 1`).Scan(&wrapped); errors.Is(err, sql.ErrNoRows) {
		return ErrNoVault
	} else if err != nil {
		return err
	}
	id, err := unwrapKey(wrapped, old)
	if err != nil {
		return err
	}
	rewrapped, logN, err := wrapKey(id, new, v.opts.LogN)
	if err != nil {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE vault_key SET wrapped = ?, kdf = ?, changed_at = ? WHERE id = 1`,
		rewrapped, kdfName(logN), v.opts.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	if err := backupDue(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	v.unlocked(id)
	return nil
}

// backupDue records a large change, after which Settings reminds the
// reader, once, to make a backup.
func backupDue(tx *sql.Tx) error {
	_, err := tx.Exec(`INSERT OR REPLACE INTO setting (key, value) VALUES ('backup_due', '1')`)
	return err
}

// Add encrypts a document read from r and keeps it with m's title,
// category, notes and expiry. The kind is taken from the bytes, not the
// name: only images and PDFs are taken.
func (v *Vault) Add(r io.Reader, m Meta) (Meta, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocument+1))
	if err != nil {
		return Meta{}, err
	}
	if len(data) > MaxDocument {
		return Meta{}, ErrTooLarge
	}
	m.MIME = http.DetectContentType(data)
	if i := strings.IndexByte(m.MIME, ';'); i >= 0 {
		m.MIME = m.MIME[:i]
	}
	switch m.MIME {
	case "image/jpeg", "image/png", "application/pdf":
	default:
		return Meta{}, ErrUnsupportedKind
	}
	if m.Category == "" {
		m.Category = Other
	}
	m.Size = int64(len(data))
	m.Thumb = nil
	if m.IsImage() {
		m.Thumb = thumbnail(data) // nil if it cannot be decoded: shown as a file
	}

	v.mu.Lock()
	defer v.mu.Unlock()
	id, err := v.key()
	if err != nil {
		return Meta{}, err
	}
	m.ID = newID()
	m.Added = v.opts.Now().UTC().Truncate(time.Second)
	sealed, err := seal(id.Recipient(), m)
	if err != nil {
		return Meta{}, err
	}
	if err := os.MkdirAll(v.dir, 0o700); err != nil {
		return Meta{}, err
	}
	// The blob first, complete and durable under its final name; then the
	// row that makes it part of the vault. A crash in between leaves an
	// unlisted encrypted file, which tidy removes.
	if err := writeBlob(v.dir, m.ID, id.Recipient(), data); err != nil {
		return Meta{}, err
	}
	tx, err := v.db.DB().Begin()
	if err != nil {
		return Meta{}, err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`INSERT INTO vault_document (id, sealed) VALUES (?, ?)`, m.ID, sealed); err != nil {
		return Meta{}, err
	}
	if err := backupDue(tx); err != nil {
		return Meta{}, err
	}
	if err := tx.Commit(); err != nil {
		os.Remove(blobPath(v.dir, m.ID))
		return Meta{}, err
	}
	return m, nil
}

// Update changes a document's title, category, notes and expiry.
func (v *Vault) Update(m Meta) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	id, err := v.key()
	if err != nil {
		return err
	}
	old, err := v.meta(id, m.ID)
	if err != nil {
		return err
	}
	old.Title, old.Category, old.Notes, old.Expiry = m.Title, m.Category, m.Notes, m.Expiry
	sealed, err := seal(id.Recipient(), old)
	if err != nil {
		return err
	}
	_, err = v.db.DB().Exec(`UPDATE vault_document SET sealed = ? WHERE id = ?`, sealed, m.ID)
	return err
}

// Delete removes a document: its row in one transaction, then its file.
func (v *Vault) Delete(docID string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.key(); err != nil {
		return err
	}
	res, err := v.db.DB().Exec(`DELETE FROM vault_document WHERE id = ?`, docID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if err := os.Remove(blobPath(v.dir, docID)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err // the row is gone; tidy removes the file next time
	}
	syncDir(v.dir)
	return nil
}

// List decrypts every document's metadata, newest first.
func (v *Vault) List() ([]Meta, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	id, err := v.key()
	if err != nil {
		return nil, err
	}
	rows, err := v.db.DB().Query(`SELECT id, sealed FROM vault_document`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Meta
	for rows.Next() {
		var docID string
		var sealed []byte
		if err := rows.Scan(&docID, &sealed); err != nil {
			return nil, err
		}
		m, err := unseal(id, sealed)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", docID, err)
		}
		m.ID = docID
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Added.After(out[j].Added) })
	return out, rows.Err()
}

// Expiring lists the documents that expire within d of now, soonest first.
func (v *Vault) Expiring(now time.Time, d time.Duration) ([]Meta, error) {
	all, err := v.List()
	var soon []Meta
	for _, m := range all {
		if m.ExpiresWithin(now, d) {
			soon = append(soon, m)
		}
	}
	sort.SliceStable(soon, func(i, j int) bool { return soon[i].Expiry.Before(soon[j].Expiry) })
	return soon, err
}

// Open decrypts a document into memory.
func (v *Vault) Open(docID string) (Meta, []byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	id, err := v.key()
	if err != nil {
		return Meta{}, nil, err
	}
	m, err := v.meta(id, docID)
	if err != nil {
		return Meta{}, nil, err
	}
	data, err := readBlob(v.dir, docID, id)
	return m, data, err
}

// Export writes a document decrypted to w. The copy is not protected: the
// app only calls this when the reader asks, after a warning.
func (v *Vault) Export(docID string, w io.Writer) error {
	_, data, err := v.Open(docID)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

func (v *Vault) meta(id *age.X25519Identity, docID string) (Meta, error) {
	var sealed []byte
	err := v.db.DB().QueryRow(`SELECT sealed FROM vault_document WHERE id = ?`, docID).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return Meta{}, ErrNotFound
	}
	if err != nil {
		return Meta{}, err
	}
	m, err := unseal(id, sealed)
	m.ID = docID
	return m, err
}

// tidy removes what a crash left behind: temporary files and encrypted
// files no row lists. Both are ciphertext; this only frees space.
func (v *Vault) tidy() {
	entries, err := os.ReadDir(v.dir)
	if err != nil {
		return
	}
	listed := map[string]bool{}
	rows, err := v.db.DB().Query(`SELECT id FROM vault_document`)
	if err != nil {
		return
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		listed[id] = true
	}
	if rows.Close() != nil || rows.Err() != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, ".tmp-"):
			os.Remove(filepath.Join(v.dir, name))
		case strings.HasSuffix(name, ".age") && !listed[strings.TrimSuffix(name, ".age")]:
			os.Remove(filepath.Join(v.dir, name))
		}
	}
}

func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// seal encrypts a document's metadata to the vault's key.
func seal(r age.Recipient, m Meta) ([]byte, error) {
	plain, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plain); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxSealed bounds a decrypted metadata record (the thumbnail is most of it).
const maxSealed = 1 << 20

func unseal(id age.Identity, sealed []byte) (Meta, error) {
	r, err := age.Decrypt(bytes.NewReader(sealed), id)
	if err != nil {
		return Meta{}, fmt.Errorf("%w: %v", ErrDamagedDocument, err)
	}
	plain, err := io.ReadAll(io.LimitReader(r, maxSealed+1))
	if err != nil || len(plain) > maxSealed {
		return Meta{}, fmt.Errorf("%w: metadata: %v", ErrDamagedDocument, err)
	}
	var m Meta
	if err := json.Unmarshal(plain, &m); err != nil {
		return Meta{}, fmt.Errorf("%w: metadata: %v", ErrDamagedDocument, err)
	}
	return m, nil
}

func blobPath(dir, id string) string { return filepath.Join(dir, id+".age") }

// writeBlob encrypts data into dir/<id>.age through a temporary file,
// fsync and rename, so the name only ever holds a whole encrypted file.
func writeBlob(dir, id string, r age.Recipient, data []byte) error {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	w, err := age.Encrypt(f, r)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, blobPath(dir, id)); err != nil {
		return err
	}
	ok = true
	syncDir(dir)
	return nil
}

func readBlob(dir, docID string, id age.Identity) ([]byte, error) {
	f, err := os.Open(blobPath(dir, docID))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrMissingDocument
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := age.Decrypt(f, id)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamagedDocument, err)
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxDocument+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamagedDocument, err)
	}
	return data, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
