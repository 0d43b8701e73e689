package app

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/mattn/go-sqlite3"

	"safar.app/safar/assets"
	"safar.app/safar/content/bundled"
	"safar.app/safar/content/store"
	"safar.app/safar/internal/packtest"
	"safar.app/safar/sync/client"
	"safar.app/safar/userdata"
)

// damagedApp is the app over a content.db whose middle 4 KB were
// overwritten with random bytes while Safar was closed: the cheap check
// at start does not see it, quick_check does.
func damagedApp(t *testing.T, lang string) (*App, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "content.db")
	cs, err := packtest.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	cs.Checkpoint()
	cs.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	junk := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(16, 5))
	for i := range junk {
		junk[i] = byte(rng.Uint32())
	}
	f.WriteAt(junk, st.Size()/2)
	f.Close()
	if cs, err = store.Open(path); err != nil {
		t.Skipf("the check at start found this damage already: %v", err)
	}
	t.Cleanup(func() { cs.Close() })
	us, err := userdata.Open(filepath.Join(dir, "user.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { us.Close() })
	s := onboardedInGermany
	s.Lang = lang
	us.SaveSettings(s)
	sync := client.NewService(client.Config{Dir: filepath.Join(dir, "sync"), Store: cs, Base: assets.Content(),
		InstallBase: bundled.Install})
	a, err := New(test.NewTempApp(t), cs, us, Options{Now: func() time.Time { return testNow }, Sync: sync})
	if err != nil {
		t.Fatal(err)
	}
	a.win.Resize(fyne.NewSize(360, 740))
	settleable(t, a)
	a.after = func(_ time.Duration, f func()) func() { f(); return func() {} } // no waiting in a test
	return a, filepath.Join(dir, "user.db")
}

// TestDamagedContentIsFoundAndRepaired (issue 16 §5): content.db was
// damaged while Safar was closed. The check after start finds it, the
// repair rebuilds it in the background, and the reader reads a line in
// their language, never SQLite's words; user.db is not touched.
func TestDamagedContentIsFoundAndRepaired(t *testing.T) {
	a, userDB := damagedApp(t, "en")
	if err := a.content.QuickCheck(context.Background()); !store.IsCorrupt(err) {
		t.Fatalf("quick_check before: %v", err)
	}
	userBefore, _ := os.ReadFile(userDB)
	a.checkContent()
	settle(a)
	mustShow(t, a, "Part of the app's information was damaged. It has been repaired, with the updates you had.")
	mustNotShow(t, a, "malformed")
	capture(t, a, "content-repaired")
	if err := a.content.QuickCheck(context.Background()); err != nil {
		t.Fatalf("quick_check after the repair: %v", err)
	}
	if err := a.Open("article:de-asylum"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "asylum")
	if after, _ := os.ReadFile(userDB); string(after) != string(userBefore) {
		t.Error("user.db changed")
	}
}

// TestCorruptQueryStartsTheRepair: a screen whose query fails with
// SQLITE_CORRUPT starts the same repair, once.
func TestCorruptQueryStartsTheRepair(t *testing.T) {
	a, _ := damagedApp(t, "ar")
	a.errorText(sqlite3.Error{Code: sqlite3.ErrCorrupt})
	a.errorText(sqlite3.Error{Code: sqlite3.ErrCorrupt}) // a second screen: no second repair
	if !a.repair.running {
		t.Fatal("no repair started")
	}
	settle(a)
	if !a.repair.done || a.repair.failed {
		t.Fatalf("repair state %+v", a.repair)
	}
	mustShow(t, a, "تضرر جزء من معلومات التطبيق")
	capture(t, a, "content-repaired-ar")
	if err := a.content.QuickCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
}
