package userdata

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"safar.app/safar/internal/migrate"
)

// filledFolder makes a data folder whose user.db holds settings and enough
// saved conversations to span many pages, closed and checkpointed.
func filledFolder(t *testing.T) (dir string, original []byte) {
	t.Helper()
	dir = t.TempDir()
	s, err := Open(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSettings(Settings{Lang: "ti", Country: "de", TextScale: 1, Onboarded: true}); err != nil {
		t.Fatal(err)
	}
	tx, _ := s.conn().Begin()
	for i := range 300 {
		if _, err := tx.Exec(`INSERT INTO conversation (saved_at, summary) VALUES (?, ?)`,
			time.Unix(int64(i), 0).Format(time.RFC3339), fmt.Sprintf("summary %d %s", i, strings.Repeat("x", 200))); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	s.conn().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	s.Close()
	original, err = os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	return dir, original
}

var asideName = regexp.MustCompile(`^user\.db\.damaged-\d{8}T\d{6}Z(-\d+)?$`)

// checkKeptAside: the damaged bytes are kept, byte for byte, under a
// timestamped name, and the new user.db saves.
func checkKeptAside(t *testing.T, s *Store, st Startup, damaged []byte) {
	t.Helper()
	if !st.Damaged || st.Reason == "" {
		t.Fatalf("Startup = %+v, want Damaged with a reason", st)
	}
	if st.ReadOnly {
		t.Errorf("Startup.ReadOnly in a writable folder: %+v", st)
	}
	if !asideName.MatchString(filepath.Base(st.MovedTo)) {
		t.Errorf("kept as %q, want user.db.damaged-<UTC time>", st.MovedTo)
	}
	kept, err := os.ReadFile(st.MovedTo)
	if err != nil || !bytes.Equal(kept, damaged) {
		t.Errorf("the damaged file was not kept as it was (%v)", err)
	}
	if err := s.SaveSettings(Settings{Lang: "ar", TextScale: 1}); err != nil {
		t.Fatalf("new user.db does not save: %v", err)
	}
	if got, _ := s.Settings(); got.Lang != "ar" {
		t.Errorf("new user.db lost a setting: %+v", got)
	}
	if s.Path() != st.Path || s.ReadOnly() {
		t.Errorf("new store at %q (read-only %v), want a writable %q", s.Path(), s.ReadOnly(), st.Path)
	}
}

func TestDamagedUserDBIsKeptAsideAndANewOneStarted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"cut in the middle of a page", func(b []byte) []byte { return b[:len(b)/2+100] }},
		{"cut at a page boundary", func(b []byte) []byte { return b[:4096*3] }},
		{"cut inside the header", func(b []byte) []byte { return b[:60] }},
		{"zeroed header", func(b []byte) []byte {
			c := bytes.Clone(b)
			clear(c[:100])
			return c
		}},
		{"empty file", func([]byte) []byte { return []byte{} }},
		// Page 2 is the settings table's root, read before anything else.
		{"settings page zeroed", func(b []byte) []byte {
			c := bytes.Clone(b)
			clear(c[4096:8192])
			return c
		}},
		{"not a database", func([]byte) []byte { return bytes.Repeat([]byte("not sqlite "), 1000) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, original := filledFolder(t)
			damaged := tc.damage(original)
			if err := os.WriteFile(filepath.Join(dir, FileName), damaged, 0o600); err != nil {
				t.Fatal(err)
			}
			s, st := OpenFolder(dir)
			defer s.Close()
			checkKeptAside(t, s, st, damaged)
		})
	}
}

// TestDeepDamageIsFoundByQuickCheck: damage in the middle of the file passes
// the header check and opens; the background quick_check finds it, and the
// file is then kept aside like one damaged at start-up.
func TestDeepDamageIsFoundByQuickCheck(t *testing.T) {
	dir, original := filledFolder(t)
	damaged := bytes.Clone(original)
	mid := len(damaged) / 2 / 4096 * 4096
	for i := mid; i < mid+4096; i++ {
		damaged[i] = byte(i * 7)
	}
	os.WriteFile(filepath.Join(dir, FileName), damaged, 0o600)

	s, st := OpenFolder(dir)
	defer s.Close()
	if st.Damaged || st.ReadOnly {
		t.Fatalf("deep damage seen at start-up already (%+v); the test needs damage the header check misses", st)
	}
	err := s.QuickCheck()
	var de *DamageError
	if !errors.As(err, &de) {
		t.Fatalf("QuickCheck = %v, want a DamageError", err)
	}
	st, err = s.SetAside(err.Error())
	if err != nil {
		t.Fatal(err)
	}
	checkKeptAside(t, s, st, damaged)
	if err := s.QuickCheck(); err != nil {
		t.Errorf("the new user.db fails quick_check: %v", err)
	}
}

func TestHealthyUserDBPassesQuickCheck(t *testing.T) {
	dir, _ := filledFolder(t)
	s, st := OpenFolder(dir)
	defer s.Close()
	if st.Damaged || st.ReadOnly || st.MovedTo != "" {
		t.Fatalf("healthy folder: %+v", st)
	}
	if err := s.QuickCheck(); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Settings(); got.Lang != "ti" {
		t.Errorf("settings lost: %+v", got)
	}
}

func TestKeptAsideNeverOverwritesEarlierOnes(t *testing.T) {
	dir := t.TempDir()
	var kept []string
	for i := range 3 {
		junk := []byte(fmt.Sprintf("junk number %d", i))
		os.WriteFile(filepath.Join(dir, FileName), junk, 0o600)
		s, st := OpenFolder(dir)
		s.Close()
		os.Remove(filepath.Join(dir, FileName)) // let the next round damage it again
		if got, _ := os.ReadFile(st.MovedTo); !bytes.Equal(got, junk) {
			t.Fatalf("round %d: kept %q as %s", i, got, st.MovedTo)
		}
		kept = append(kept, st.MovedTo)
	}
	for i, k := range kept {
		if got, _ := os.ReadFile(k); string(got) != fmt.Sprintf("junk number %d", i) {
			t.Errorf("%s now holds %q", k, got)
		}
	}
}

func TestWALWithFullSync(t *testing.T) {
	s, _ := OpenFolder(t.TempDir())
	defer s.Close()
	var mode string
	var syncLevel int
	// One connection, so both pragmas read the same connection's settings.
	conn, err := s.conn().Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.QueryRowContext(t.Context(), `PRAGMA journal_mode`).Scan(&mode)
	conn.QueryRowContext(t.Context(), `PRAGMA synchronous`).Scan(&syncLevel)
	if mode != "wal" || syncLevel != 2 {
		t.Errorf("journal_mode=%s synchronous=%d, want wal and 2 (FULL)", mode, syncLevel)
	}
}

// readOnlyMount binds dir read-only at a new place, as a read-only data
// folder is; tests run as root, where file permissions would not stop a write.
func readOnlyMount(t *testing.T, dir string) string {
	t.Helper()
	ro := t.TempDir()
	if out, err := exec.Command("mount", "--bind", "-o", "ro", dir, ro).CombinedOutput(); err != nil {
		t.Skipf("cannot make a read-only bind mount here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", ro).Run() })
	if err := os.WriteFile(filepath.Join(ro, "probe"), nil, 0o600); err == nil {
		t.Skip("bind mount is not read-only here")
	}
	return ro
}

func TestReadOnlyFolderIsReadNotCalledDamaged(t *testing.T) {
	dir, original := filledFolder(t)
	ro := readOnlyMount(t, dir)
	s, st := OpenFolder(ro)
	defer s.Close()
	if st.Damaged || !st.ReadOnly {
		t.Fatalf("read-only folder: %+v, want ReadOnly and not Damaged", st)
	}
	if got, err := s.Settings(); err != nil || got.Lang != "ti" {
		t.Errorf("read-only store shows %+v, %v; want the saved settings", got, err)
	}
	if err := s.SaveSettings(Settings{Lang: "en"}); err == nil {
		t.Error("a read-only store saved")
	}
	if now, _ := os.ReadFile(filepath.Join(dir, FileName)); !bytes.Equal(now, original) {
		t.Error("user.db changed in a read-only folder")
	}
}

func TestReadOnlyFolderWithDamagedFileLeavesItBe(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, FileName), []byte{}, 0o600)
	ro := readOnlyMount(t, dir)
	s, st := OpenFolder(ro)
	defer s.Close()
	if !st.Damaged || !st.ReadOnly || st.MovedTo != "" {
		t.Fatalf("%+v, want Damaged and ReadOnly, nothing moved", st)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Error("the damaged file is gone")
	}
}

func TestReadOnlyFolderWithoutUserDB(t *testing.T) {
	ro := readOnlyMount(t, t.TempDir())
	s, st := OpenFolder(ro)
	defer s.Close()
	if st.Damaged || !st.ReadOnly {
		t.Fatalf("%+v, want ReadOnly", st)
	}
	if _, err := s.Settings(); err != nil {
		t.Error(err)
	}
}

// TestReadOnlyOpenNeverWrites uses SQLite's own read-only open, which works
// where a bind mount cannot be made.
func TestReadOnlyOpenNeverWrites(t *testing.T) {
	dir, original := filledFolder(t)
	s, err := open(filepath.Join(dir, FileName), true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.SaveSettings(Settings{Lang: "en"})
	if err == nil || !IsReadOnlyErr(err) || isCorrupt(err) {
		t.Errorf("SaveSettings on a read-only open = %v; want a read-only error, not damage", err)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, FileName)); !bytes.Equal(now, original) {
		t.Error("user.db changed")
	}
}

func TestNewerSchemaIsReadNotMigrated(t *testing.T) {
	dir, _ := filledFolder(t)
	path := filepath.Join(dir, FileName)
	db, _ := sql.Open("sqlite3", path)
	db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, len(migrations)+1))
	db.Close()
	s, st := OpenFolder(dir)
	defer s.Close()
	if st.Damaged || !st.ReadOnly || !strings.Contains(st.Reason, "newer") {
		t.Fatalf("%+v, want read-only because newer", st)
	}
	if got, _ := s.Settings(); got.Lang != "ti" {
		t.Errorf("settings of a newer user.db not shown: %+v", got)
	}
}

// TestMigrationsFromEveryEarlierVersion builds user.db as each earlier
// release left it (git log -p userdata/ shows the schema's history: v1 the
// walking skeleton's settings and bookmarks, v2 the phrasebook), with data,
// and opens it with this version.
func TestMigrationsFromEveryEarlierVersion(t *testing.T) {
	fill := []string{
		`INSERT INTO setting VALUES ('lang', 'fa-AF'), ('onboarded', '1'); INSERT INTO bookmark VALUES ('de/_/rights/asylum', '2026-01-02T00:00:00Z')`,
		`INSERT INTO phrase_favourite VALUES ('pain.where', '2026-02-03T00:00:00Z'); INSERT INTO conversation (saved_at, summary) VALUES ('2026-02-03T00:00:00Z', 'kept summary')`,
		`INSERT INTO vault_attempt VALUES (1, 2, '2026-03-04T00:00:00Z')`,
		`INSERT INTO trusted_contact (name, phone, email, lang, added_at) VALUES ('Amina', '+4915112345678', '', 'ar', '2026-04-05T00:00:00Z')`,
		`INSERT INTO checklist_tick VALUES ('de-first-weeks', 'register', 'de', 'first-weeks', 'f1', 'Register your address', 'en', '2026-05-06T00:00:00Z')`,
		`INSERT INTO saved_item (type, id, country, kind, title, lang, added_at) VALUES ('hotline', 'de-hl-110', 'de', 'police', 'Police', 'en', '2026-05-06T00:00:00Z');
		 INSERT INTO content_change (installed_at, origin, sequence, type, item_id, country, kind, stages, what, titles, old_number, new_number, seen_at)
		 VALUES ('2026-06-07T08:09:10Z', 'feed', 4, 'hotline', 'de-hl-110', 'de', 'police', '', 'changed', '{"en":"Police"}', '110', '112', '2026-06-08T00:00:00Z')`,
		`INSERT INTO feedback_report (item_id, title, publisher, release, lang, app_version, category, body, folder, channel, queued_at)
		 VALUES ('de-asylum', 'Asylum', 'BAMF', 3, 'ar', '1.0', 'wrong', 'kept report', 'de/_', 'mailto:x@example.org', '2026-07-08T00:00:00Z')`,
	}
	if len(fill) < len(migrations)-1 {
		t.Fatalf("%d migrations, but rows to fill for only %d earlier versions: add the next one", len(migrations), len(fill))
	}
	for v := 0; v < len(migrations); v++ {
		t.Run(fmt.Sprintf("from v%d", v), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			if v == 0 {
				path = filepath.Join(t.TempDir(), "unused.db") // v0: no user.db yet
			}
			db, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			// Each version's rows go in at that version: a later migration
			// may reshape or drop an earlier table (v1's bookmarks).
			for i, q := range fill[:v] {
				if err := migrate.Apply(db, migrations[:i+1]); err != nil {
					t.Fatal(err)
				}
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("v%d: %v", i+1, err)
				}
			}
			db.Close()

			s, st := OpenFolder(dir)
			defer s.Close()
			if st.Damaged || st.ReadOnly {
				t.Fatalf("%+v", st)
			}
			var got int
			s.conn().QueryRow(`PRAGMA user_version`).Scan(&got)
			if got != len(migrations) {
				t.Errorf("user_version = %d, want %d", got, len(migrations))
			}
			set, _ := s.Settings()
			if v >= 1 && (set.Lang != "fa-AF" || !set.Onboarded) {
				t.Errorf("settings after migration: %+v", set)
			}
			if v >= 1 {
				// v1's bookmarks are saved entries now, waiting for a title.
				saved, err := s.SavedEntries()
				found := false
				for _, e := range saved {
					found = found || e.Type == "item" && e.ID == "de/_/rights/asylum" && e.Title == ""
				}
				if err != nil || !found {
					t.Errorf("bookmarks after migration: %+v, %v", saved, err)
				}
			}
			if v >= 2 {
				conv, _ := s.Conversations()
				fav, _ := s.Favourites()
				if len(conv) != 1 || conv[0] != "kept summary" || !fav["pain.where"] {
					t.Errorf("phrasebook data after migration: %v %v", conv, fav)
				}
			}
			if v >= 3 {
				var failures int
				if err := s.conn().QueryRow(`SELECT failures FROM vault_attempt`).Scan(&failures); err != nil || failures != 2 {
					t.Errorf("vault attempts after migration: %d, %v", failures, err)
				}
			}
			if v >= 4 {
				cs, err := s.Contacts()
				if err != nil || len(cs) != 1 || cs[0].Name != "Amina" {
					t.Errorf("contacts after migration: %+v, %v", cs, err)
				}
			}
			if v >= 6 {
				// The record of what an update changed keeps its rows, and
				// the reader's "seen" mark, through the table's rebuild.
				var seen, number string
				err := s.conn().QueryRow(`SELECT seen_at, new_number FROM content_change WHERE item_id = 'de-hl-110'`).Scan(&seen, &number)
				if err != nil || seen != "2026-06-08T00:00:00Z" || number != "112" {
					t.Errorf("content_change after migration: seen %q, number %q, %v", seen, number, err)
				}
			}
			if v >= 7 {
				var body string
				if err := s.conn().QueryRow(`SELECT body FROM feedback_report`).Scan(&body); err != nil || body != "kept report" {
					t.Errorf("feedback report after migration: %q, %v", body, err)
				}
			}
			// Every version gains the checklist tables, empty and usable.
			if err := s.Tick(Tick{Checklist: "de-checklist-first-weeks", Step: "register", Country: "de", Stage: "first-weeks"}); err != nil {
				t.Errorf("tick after migration: %v", err)
			}
			if err := s.QuickCheck(); err != nil {
				t.Error(err)
			}
		})
	}
}
