package backup

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"safar.app/safar/userdata"
	"safar.app/safar/userdata/vault"
)

const (
	testLogN   = 10
	vaultPass  = "correct horse"
	backupPass = "battery staple"
)

var marker = "SAFAR-PLAINTEXT-MARKER-" + hex.EncodeToString(randBytes(8))

// rowMarker is in a user.db row (an own checklist step). user.db is not
// encrypted on the device, so the crash tests, which look for marker in
// every file of the folder, must not meet it there; the backup file must
// hold neither.
var rowMarker = "SAFAR-ROW-MARKER-" + hex.EncodeToString(randBytes(8))

func randBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func photo(t testing.TB, w, h int, seed byte) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x) + seed, uint8(y), seed, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pdf(title string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Title (" + title + ") >> endobj\n%%EOF\n")
}

// folder is a data folder with a reader's things in it.
type folder struct {
	dir   string
	store *userdata.Store
	vault *vault.Vault
}

func newFolder(t testing.TB) *folder {
	t.Helper()
	dir := t.TempDir()
	s, st := userdata.OpenFolder(dir)
	if st.Damaged || st.ReadOnly {
		t.Fatal(st)
	}
	t.Cleanup(func() { s.Close() })
	return &folder{dir: dir, store: s, vault: vault.New(s, filepath.Join(dir, userdata.VaultDir), vault.Options{LogN: testLogN, Idle: -1})}
}

// filled is a folder with settings, saved things and n vault documents.
func filled(t testing.TB, n int) *folder {
	t.Helper()
	f := newFolder(t)
	if err := f.store.SaveSettings(userdata.Settings{Lang: "ti", Country: "de", Stage: "first-weeks", TextScale: 1.5, Onboarded: true,
		Arrival: "2026-11-20"}); err != nil {
		t.Fatal(err)
	}
	// The checklist: a tick on a publisher's step, and steps of the
	// reader's own, one done.
	if err := f.store.Tick(userdata.Tick{Checklist: "de-checklist-first-weeks", Step: "register", Country: "de", Stage: "first-weeks",
		Fingerprint: "f1", Text: "Register your address.", Lang: "en", At: time.Unix(3, 0)}); err != nil {
		t.Fatal(err)
	}
	f.store.AddOwnStep("de", "first-weeks", "Ask Amina about "+rowMarker, time.Unix(4, 0))
	if own, err := f.store.AddOwnStep("de", "first-weeks", "Buy a SIM card", time.Unix(5, 0)); err != nil || f.store.SetOwnStepDone(own.ID, true) != nil {
		t.Fatal(err)
	}
	f.store.SetFavourite("pain.where", true, time.Unix(1, 0))
	f.store.SaveConversation("Doctor asked: where does it hurt? — knee", time.Unix(2, 0))
	// Saved pages, one of them removed by an update, and what updates
	// changed, one looked at and one not.
	for _, e := range []userdata.Saved{
		{Type: "item", ID: "de-asylum", Country: "de", Kind: "entry", Title: "Asking for asylum", Lang: "en", Added: time.Unix(3, 0)},
		{Type: "hotline", ID: "de-hl-110", Country: "de", Kind: "police", Title: "ፖሊስ", Lang: "ti", Added: time.Unix(4, 0)},
	} {
		if err := f.store.Save(e); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.store.RecordChanges(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), "feed", 2, []userdata.Change{
		{Type: "item", ItemID: "de-asylum", Country: "de", What: userdata.ChangeRemoved, Titles: map[string]string{"en": "Asking for asylum"}}}); err != nil {
		t.Fatal(err)
	}
	seen, _ := f.store.Changes([]string{"de"}, "")
	f.store.MarkChangesSeen(seen, time.Unix(5, 0))
	if _, err := f.store.RecordChanges(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), "feed", 3, []userdata.Change{
		{Type: "hotline", ItemID: "de-hl-110", Country: "de", What: userdata.ChangeChanged, OldNumber: "110", NewNumber: "+4930110",
			Titles: map[string]string{"en": "Police"}}}); err != nil {
		t.Fatal(err)
	}
	queueReports(t, f.store)
	if err := f.vault.Create(vaultPass); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		var data []byte
		if i%2 == 0 {
			data = photo(t, 200, 150, byte(i))
		} else {
			data = pdf(marker + fmt.Sprint(i))
		}
		if _, err := f.vault.Add(bytes.NewReader(data), vault.Meta{Title: fmt.Sprintf("doc %d %s", i, marker), Category: vault.Categories[i%len(vault.Categories)],
			Expiry: time.Date(2027, 1, 1+i, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *folder) backup(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Write(&buf, f.store, f.vault.Dir(), backupPass, time.Date(2026, 12, 6, 20, 0, 0, 0, time.UTC), testLogN); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// dump is every row of every table of user.db, as text, for comparison.
func dump(t testing.TB, s *userdata.Store) map[string][]string {
	t.Helper()
	db := s.DB()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, table := range tables {
		r, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			r.Scan(ptrs...)
			out[table] = append(out[table], fmt.Sprintf("%q", vals))
		}
		r.Close()
		sort.Strings(out[table])
	}
	return out
}

// files hashes every file under dir, for "nothing changed".
func files(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || strings.HasSuffix(path, "-shm") {
			return err // -shm is SQLite's shared-memory index, changed by any read
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, path)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	return out
}

func documents(t testing.TB, v *vault.Vault) map[string]string {
	t.Helper()
	list, err := v.List()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range list {
		_, data, err := v.Open(m.ID)
		if err != nil {
			t.Fatal(err)
		}
		m.Thumb = nil
		out[m.ID] = fmt.Sprintf("%+v %x", m, sha256.Sum256(data))
	}
	return out
}

func TestRestoreIntoFreshFolderEqualsOriginal(t *testing.T) {
	orig := filled(t, 5)
	b := orig.backup(t)
	if bytes.Contains(b, []byte(marker)) || bytes.Contains(b, []byte(rowMarker)) || bytes.Contains(b, []byte("knee")) {
		t.Fatal("the backup holds plaintext")
	}

	fresh := newFolder(t)
	staged, err := Unpack(bytes.NewReader(b), backupPass, fresh.dir)
	if err != nil {
		t.Fatal(err)
	}
	m := staged.Manifest
	if m.Version != Version || m.Documents != 5 || m.Rows("conversation") != 1 || m.Rows("saved_item") != 2 || m.Rows("content_change") != 2 ||
		m.Rows("checklist_tick") != 1 || m.Rows("checklist_own_step") != 2 ||
		!m.Created.Equal(time.Date(2026, 12, 6, 20, 0, 0, 0, time.UTC)) {
		t.Errorf("manifest: %s", m.Summary())
	}
	if err := staged.Restore(fresh.store); err != nil {
		t.Fatal(err)
	}
	want, got := dump(t, orig.store), dump(t, fresh.store)
	for table := range want {
		if strings.Join(want[table], "\n") != strings.Join(got[table], "\n") {
			t.Errorf("table %s differs after restore:\n%v\n%v", table, want[table], got[table])
		}
	}
	if len(got) != len(want) {
		t.Errorf("tables: %d restored, %d in the original", len(got), len(want))
	}
	// The checklist comes back as the reader left it.
	ticks, _ := fresh.store.Ticks("de", "first-weeks")
	own, _ := fresh.store.OwnSteps("de", "first-weeks")
	settings, _ := fresh.store.Settings()
	if tk := ticks[userdata.TickKey{Checklist: "de-checklist-first-weeks", Step: "register"}]; len(ticks) != 1 || tk.Fingerprint != "f1" ||
		tk.Text != "Register your address." || len(own) != 2 || own[0].Text != "Ask Amina about "+rowMarker || own[0].Done || !own[1].Done ||
		settings.Arrival != "2026-11-20" {
		t.Errorf("checklist after restore: ticks %+v, own steps %+v, arrival %q", ticks, own, settings.Arrival)
	}
	if err := fresh.vault.Unlock(vaultPass); err != nil {
		t.Fatal(err)
	}
	if w, g := documents(t, orig.vault), documents(t, fresh.vault); fmt.Sprint(w) != fmt.Sprint(g) {
		t.Errorf("vault documents differ:\n%v\n%v", w, g)
	}
	if st, _ := fresh.store.Settings(); st.Lang != "ti" || st.TextScale != 1.5 {
		t.Errorf("settings after restore: %+v", st)
	}
	// Saved pages keep their titles and the removal; what changed keeps
	// what the reader has looked at.
	if w, g := savedAndSeen(t, orig.store), savedAndSeen(t, fresh.store); w != g ||
		!strings.Contains(g, "item de-asylum Asking for asylum removed 2026-11-22") || !strings.Contains(g, "de-hl-110 changed 110→+4930110 new") ||
		!strings.Contains(g, "de-asylum removed → seen") {
		t.Errorf("saved pages and what changed after restore:\n%s\nwant\n%s", g, w)
	}
	leftovers, _ := filepath.Glob(filepath.Join(fresh.dir, ".*"))
	if len(leftovers) > 0 {
		t.Errorf("left in the data folder: %v", leftovers)
	}
}

// savedAndSeen is the reader's saved pages and the record of what changed,
// with what they looked at, as the app reads them.
func savedAndSeen(t *testing.T, s *userdata.Store) string {
	t.Helper()
	var b strings.Builder
	saved, err := s.SavedEntries()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range saved {
		fmt.Fprintf(&b, "%s %s %s removed %s\n", e.Type, e.ID, e.Title, e.RemovedOn)
	}
	changes, err := s.Changes([]string{"de"}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		seen := "new"
		if c.Seen {
			seen = "seen"
		}
		fmt.Fprintf(&b, "%s %s %s→%s %s\n", c.ItemID, c.What, c.OldNumber, c.NewNumber, seen)
	}
	return b.String()
}

func TestRestoreOverExistingDataReplacesIt(t *testing.T) {
	orig := filled(t, 2)
	b := orig.backup(t)
	other := filled(t, 3)
	other.store.SaveSettings(userdata.Settings{Lang: "uk", TextScale: 1})
	staged, err := Unpack(bytes.NewReader(b), backupPass, other.dir)
	if err != nil {
		t.Fatal(err)
	}
	other.vault.Lock()
	if err := staged.Restore(other.store); err != nil {
		t.Fatal(err)
	}
	if st, _ := other.store.Settings(); st.Lang != "ti" {
		t.Errorf("settings not restored: %+v", st)
	}
	other.vault.Unlock(vaultPass)
	if w, g := documents(t, orig.vault), documents(t, other.vault); fmt.Sprint(w) != fmt.Sprint(g) {
		t.Errorf("vault after restore over data:\n%v\n%v", w, g)
	}
	if entries, _ := os.ReadDir(other.vault.Dir()); len(entries) != 2 {
		t.Errorf("vault folder holds %d files, want the backup's 2", len(entries))
	}
}

func TestBadBackupsAreRefusedAndNothingChanges(t *testing.T) {
	src := filled(t, 2)
	good := src.backup(t)
	flip := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0x04
		return b
	}
	bodyStart := len(magic) + 2
	for _, tc := range []struct {
		name string
		file []byte
		pass string
		want func(error) bool
	}{
		{"bit flipped in the version line", flip(3), backupPass, is(ErrNotBackup)},
		// A flip in the wrapped file key cannot be told from a wrong
		// passphrase (both fail the same AEAD); one in the header's MAC can.
		// The key is base64 in age's header, so the flipped byte may also
		// stop being base64, depending on the random key: then the header
		// itself is damaged. Either way it is refused with nothing changed.
		{"bit flipped in the wrapped key", flip(bodyStart + 60), backupPass, either(is(ErrWrongPassphrase), is(ErrDamaged))},
		{"bit flipped in the header MAC", flip(bodyStart + 120), backupPass, is(ErrDamaged)},
		{"bit flipped in the middle", flip(len(good) / 2), backupPass, is(ErrDamaged)},
		{"bit flipped in the last byte", flip(len(good) - 1), backupPass, is(ErrDamaged)},
		{"cut after the header", good[:bodyStart+100], backupPass, is(ErrDamaged)},
		{"cut in half", good[:len(good)/2], backupPass, is(ErrDamaged)},
		{"last byte missing", good[:len(good)-1], backupPass, is(ErrDamaged)},
		{"empty file", nil, backupPass, is(ErrNotBackup)},
		{"a photo, not a backup", photo(t, 10, 10, 0), backupPass, is(ErrNotBackup)},
		{"future format version", append([]byte(magic+"2\n"), good[bodyStart:]...), backupPass, isFuture(2)},
		{"wrong passphrase", good, "wrong staple", is(ErrWrongPassphrase)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := filled(t, 1)
			before, beforeRows := files(t, dst.dir), dump(t, dst.store)
			staged, err := Unpack(bytes.NewReader(tc.file), tc.pass, dst.dir)
			if err == nil {
				staged.Discard()
				t.Fatal("accepted")
			}
			if !tc.want(err) {
				t.Errorf("error %v", err)
			}
			if err.Error() == "" || strings.Contains(err.Error(), marker) {
				t.Errorf("message %q", err)
			}
			if after := files(t, dst.dir); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("the data folder changed:\n%v\n%v", before, after)
			}
			if fmt.Sprint(dump(t, dst.store)) != fmt.Sprint(beforeRows) {
				t.Error("user.db changed")
			}
		})
	}
}

func either(a, b func(error) bool) func(error) bool {
	return func(err error) bool { return a(err) || b(err) }
}

func is(target error) func(error) bool { return func(err error) bool { return errors.Is(err, target) } }

func isFuture(v int) func(error) bool {
	return func(err error) bool {
		var fe *FutureError
		return errors.As(err, &fe) && fe.Version == v && strings.Contains(err.Error(), "newer version of Safar")
	}
}

// TestFutureSchemaInsideIsRefused: a user.db from a later app inside a
// backup of this format version cannot be restored by this app.
func TestFutureSchemaInsideIsRefused(t *testing.T) {
	src := filled(t, 0)
	src.store.DB().Exec(`PRAGMA user_version = 99`)
	b := src.backup(t)
	dst := newFolder(t)
	before := files(t, dst.dir)
	_, err := Unpack(bytes.NewReader(b), backupPass, dst.dir)
	var fe *FutureError
	if !errors.As(err, &fe) {
		t.Fatalf("Unpack = %v, want a FutureError", err)
	}
	if after := files(t, dst.dir); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("the data folder changed")
	}
}

func TestDiscardLeavesNothing(t *testing.T) {
	src := filled(t, 1)
	dst := newFolder(t)
	before := files(t, dst.dir)
	staged, err := Unpack(bytes.NewReader(src.backup(t)), backupPass, dst.dir)
	if err != nil {
		t.Fatal(err)
	}
	staged.Discard()
	if after := files(t, dst.dir); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("Discard left %v", after)
	}
}

// TestUnpackedButNotRestoredIsRemovedAtStart: a stage whose restore never
// began is not the reader's data; the next start removes it.
func TestUnpackedButNotRestoredIsRemovedAtStart(t *testing.T) {
	src := filled(t, 1)
	dst := newFolder(t)
	dst.store.SaveSettings(userdata.Settings{Lang: "so", TextScale: 1})
	if _, err := Unpack(bytes.NewReader(src.backup(t)), backupPass, dst.dir); err != nil {
		t.Fatal(err)
	}
	dst.store.Close()
	s, _ := userdata.OpenFolder(dst.dir)
	defer s.Close()
	if st, _ := s.Settings(); st.Lang != "so" {
		t.Errorf("settings: %+v", st)
	}
	if left, _ := filepath.Glob(filepath.Join(dst.dir, userdata.StagePrefix+"*")); len(left) > 0 {
		t.Errorf("stage left: %v", left)
	}
}
