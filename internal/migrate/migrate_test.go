package migrate

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func open(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "test.db")+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func version(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func tables(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return strings.Join(names, " ")
}

var steps = []string{
	`CREATE TABLE log (step INTEGER NOT NULL)`,
	`INSERT INTO log VALUES (2)`,
	`INSERT INTO log VALUES (3); CREATE TABLE later (x)`,
}

// TestApplyInOrder: migrations run in order, only those not yet applied,
// each once.
func TestApplyInOrder(t *testing.T) {
	db := open(t)
	if err := Apply(db, steps[:2]); err != nil {
		t.Fatal(err)
	}
	if v := version(t, db); v != 2 {
		t.Fatalf("version %d after two migrations", v)
	}
	if err := Apply(db, steps); err != nil {
		t.Fatal(err)
	}
	if err := Apply(db, steps); err != nil { // nothing left to do
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT step FROM log ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []int
	for rows.Next() {
		var s int
		rows.Scan(&s)
		got = append(got, s)
	}
	if len(got) != 2 || got[0] != 2 || got[1] != 3 || version(t, db) != 3 || tables(t, db) != "later log" {
		t.Errorf("steps %v, version %d, tables %q; want [2 3], 3, \"later log\"", got, version(t, db), tables(t, db))
	}
}

// TestFailedMigrationRollsBack: a migration that fails half way leaves
// nothing of itself, and the database at the version before it.
func TestFailedMigrationRollsBack(t *testing.T) {
	db := open(t)
	broken := append(append([]string{}, steps[:2]...), `CREATE TABLE half (x); INSERT INTO nowhere VALUES (1)`)
	err := Apply(db, broken)
	if err == nil || !strings.Contains(err.Error(), "migration 3") || !strings.Contains(err.Error(), "nowhere") {
		t.Fatalf("Apply = %v, want an error naming migration 3 and its cause", err)
	}
	if v, tb := version(t, db), tables(t, db); v != 2 || tb != "log" {
		t.Errorf("after the failure: version %d, tables %q; want 2 and only log", v, tb)
	}
	// Fixed, it applies from where it stopped.
	if err := Apply(db, steps); err != nil || version(t, db) != 3 {
		t.Errorf("the fixed migration: %v, version %d", err, version(t, db))
	}
}

// TestNewerDatabaseIsRefused: a database written by a later app is refused
// with a message that says so, and is left as it was.
func TestNewerDatabaseIsRefused(t *testing.T) {
	db := open(t)
	if err := Apply(db, steps); err != nil {
		t.Fatal(err)
	}
	err := Apply(db, steps[:1])
	var newer *NewerError
	if !errors.As(err, &newer) || newer.Version != 3 || newer.Known != 1 {
		t.Fatalf("Apply = %v, want a NewerError 3 > 1", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "newer version of Safar") || !strings.Contains(msg, "schema version 3") ||
		!strings.Contains(msg, "knows up to 1") {
		t.Errorf("message %q does not say what happened", msg)
	}
	if v, tb := version(t, db), tables(t, db); v != 3 || tb != "later log" {
		t.Errorf("the newer database changed: version %d, tables %q", v, tb)
	}
}

// TestUnreadableDatabase: a file that is not SQLite is refused before any
// migration runs.
func TestUnreadableDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junk.db")
	if err := writeJunk(path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := Apply(db, steps); err == nil || !strings.Contains(err.Error(), "not a readable database") {
		t.Errorf("Apply on junk = %v", err)
	}
}

func writeJunk(path string) error {
	return os.WriteFile(path, []byte(strings.Repeat("this is not a database ", 100)), 0o600)
}
