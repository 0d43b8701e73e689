// Package userdata keeps the reader's own data in user.db: settings now,
// saved items, checklist progress and the document vault later. It is
// precious: unlike content.db it is never moved aside or rebuilt, and no
// content install or sync touches it.
package userdata

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"safar.app/safar/internal/migrate" // registers the "sqlite3" driver
)

var migrations = []string{`
CREATE TABLE setting (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE bookmark (
	item_id  TEXT PRIMARY KEY,
	added_at TEXT NOT NULL
) WITHOUT ROWID;
`, `
-- The phrasebook: favourite phrases, and conversation summaries the user
-- chose to keep (a summary is not stored unless they ask).
CREATE TABLE phrase_favourite (
	phrase_id TEXT PRIMARY KEY,
	added_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE conversation (
	id       INTEGER PRIMARY KEY,
	saved_at TEXT NOT NULL,
	summary  TEXT NOT NULL
);
`, `
-- The document vault (userdata/vault, docs/vault.md). Every value that
-- says anything about a document is an age ciphertext: the wrapped key,
-- and each document's metadata with its thumbnail. The documents
-- themselves are age files in <data>/vault/<id>.age.
CREATE TABLE vault_key (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	wrapped    BLOB NOT NULL, -- the data key, age-encrypted to the passphrase
	kdf        TEXT NOT NULL, -- for people reading the file; age's header rules
	created_at TEXT NOT NULL,
	changed_at TEXT NOT NULL
);

CREATE TABLE vault_document (
	id     TEXT PRIMARY KEY, -- random; names the encrypted file
	sealed BLOB NOT NULL     -- metadata and thumbnail, age-encrypted
) WITHOUT ROWID;

-- Wrong passphrases since the last unlock, for the growing delay; kept
-- here so that a restart does not reset it.
CREATE TABLE vault_attempt (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	failures     INTEGER NOT NULL,
	last_failure TEXT NOT NULL
);
`, contactsMigration, checklistMigration, savedAndChangesMigration,
	// reports to publishers (feedback.go).
	feedbackMigration,
	// an update named by its sequence too (saved.go).
	changeSequenceMigration}

// Store is an open user database.
type Store struct {
	mu       sync.RWMutex // guards db, which SetAside replaces
	db       *sql.DB
	path     string // "" for a memory store
	readOnly bool
}

// Open opens (or creates) user.db at path. A damaged file is reported, never
// replaced: the caller decides how to carry on without it (OpenFolder
// moves it aside and starts a new one).
func Open(path string) (*Store, error) {
	return open(path, false)
}

// dsn is how user.db is opened: WAL with synchronous=FULL, so a committed
// change survives a power cut; read-only opens never write, not even the
// journal mode.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "1")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "FULL")
	}
	return "file:" + path + "?" + q.Encode()
}

func open(path string, readOnly bool) (*Store, error) {
	db, err := sql.Open("sqlite3", dsn(path, readOnly))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, path: path, readOnly: readOnly}
	if path == ":memory:" {
		s.path = ""
	}
	if err := checkVersion(db); err != nil && !(readOnly && errors.Is(err, ErrNewer)) {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// A read-only store is read as it is: an older schema is not
	// migrated, and a newer one is read but never written.
	if readOnly {
		return s, nil
	}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// ReadOnly says the store cannot save: its folder or file is read-only.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Path is the file behind the store, "" for a memory store.
func (s *Store) Path() string { return s.path }

// OpenMemory opens a throw-away store, for when user.db cannot be opened:
// the app still works, and the damaged file stays as it was for rescue.
func OpenMemory() *Store {
	s, err := Open(":memory:")
	if err != nil {
		panic(err) // an in-memory database cannot fail but for a build defect
	}
	s.db.SetMaxOpenConns(1) // every connection to :memory: is a new database
	return s
}

func (s *Store) migrate() error { return migrate.Apply(s.db, migrations) }

// conn is the database as it is now (SetAside and Replace swap it).
func (s *Store) conn() *sql.DB {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db
}

// DB is the database as it is now, for the packages that keep their own
// tables in user.db (userdata/vault, userdata/backup). Take it afresh for
// each use: a restore replaces it.
func (s *Store) DB() *sql.DB { return s.conn() }

// BackupDue says a large change (a document added, a passphrase changed)
// was made since the reader was last reminded to back up.
func (s *Store) BackupDue() bool {
	var v string
	s.conn().QueryRow(`SELECT value FROM setting WHERE key = 'backup_due'`).Scan(&v)
	return v == "1"
}

// BackupReminded records that the reminder was shown (or a backup made):
// it is shown once per large change.
func (s *Store) BackupReminded() error {
	_, err := s.conn().Exec(`DELETE FROM setting WHERE key = 'backup_due'`)
	return err
}

// Close closes the database.
func (s *Store) Close() error { return s.conn().Close() }

// Settings are the reader's choices.
type Settings struct {
	Lang      string  // UI and content language (BCP 47)
	Country   string  // destination country code
	Origin    string  // country the reader leaves, for before-departure content; "" if none
	Stage     string  // journey stage
	TextScale float64 // 1 = normal
	// HighContrast draws white on black with yellow for what can be tapped.
	HighContrast bool
	// AutoSync checks for content updates at start; off unless the reader
	// turns it on (connections can be costly).
	AutoSync  bool
	Onboarded bool // the first-run choices are made
	// Arrival is the day the reader arrived in Country (YYYY-MM-DD), from
	// which checklist deadlines count; "" until they say.
	Arrival string

	// The phrasebook's two languages, kept between conversations.
	ClinicianLang, PatientLang string
}

// Defaults are the settings of a new reader.
var Defaults = Settings{Lang: "en", TextScale: 1}

// Settings loads the saved settings over the defaults.
func (s *Store) Settings() (Settings, error) {
	rows, err := s.conn().Query(`SELECT key, value FROM setting`)
	if err != nil {
		return Defaults, err
	}
	defer rows.Close()
	st := Defaults
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return Defaults, err
		}
		switch k {
		case "lang":
			st.Lang = v
		case "country":
			st.Country = v
		case "origin":
			st.Origin = v
		case "stage":
			st.Stage = v
		case "text_scale":
			if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0.5 && f <= 3 {
				st.TextScale = f
			}
		case "phrase_clinician":
			st.ClinicianLang = v
		case "phrase_patient":
			st.PatientLang = v
		case "auto_sync":
			st.AutoSync = v == "1"
		case "high_contrast":
			st.HighContrast = v == "1"
		case "onboarded":
			st.Onboarded = v == "1"
		case "arrival":
			st.Arrival = v
		}
	}
	return st, rows.Err()
}

// SaveSettings stores st in one transaction.
func (s *Store) SaveSettings(st Settings) error {
	onboarded := "0"
	if st.Onboarded {
		onboarded = "1"
	}
	tx, err := s.conn().Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for k, v := range map[string]string{
		"lang": st.Lang, "country": st.Country, "origin": st.Origin, "stage": st.Stage,
		"text_scale": strconv.FormatFloat(st.TextScale, 'f', -1, 64), "onboarded": onboarded,
		"phrase_clinician": st.ClinicianLang, "phrase_patient": st.PatientLang,
		"high_contrast": flag(st.HighContrast), "auto_sync": flag(st.AutoSync),
		"arrival": st.Arrival,
	} {
		if _, err := tx.Exec(`INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)`, k, v); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Favourites lists the favourite phrases' ids.
func (s *Store) Favourites() (map[string]bool, error) {
	rows, err := s.conn().Query(`SELECT phrase_id FROM phrase_favourite`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// SetFavourite adds or removes a favourite phrase.
func (s *Store) SetFavourite(id string, on bool, at time.Time) error {
	if on {
		_, err := s.conn().Exec(`INSERT OR REPLACE INTO phrase_favourite (phrase_id, added_at) VALUES (?, ?)`,
			id, at.UTC().Format(time.RFC3339))
		return err
	}
	_, err := s.conn().Exec(`DELETE FROM phrase_favourite WHERE phrase_id = ?`, id)
	return err
}

// SaveConversation keeps a conversation summary the user asked to keep.
func (s *Store) SaveConversation(summary string, at time.Time) error {
	_, err := s.conn().Exec(`INSERT INTO conversation (saved_at, summary) VALUES (?, ?)`, at.UTC().Format(time.RFC3339), summary)
	return err
}

// Conversations lists the kept summaries, newest first.
func (s *Store) Conversations() ([]string, error) {
	rows, err := s.conn().Query(`SELECT summary FROM conversation ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
