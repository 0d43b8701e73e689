package client

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safar.app/safar/assets"
	"safar.app/safar/content/bundled"
	"safar.app/safar/content/store"
)

// damage overwrites 4 KB in the middle of the world's content.db with
// random bytes, with the store closed as after a crash, and opens it
// again; it returns the damage quick_check finds.
func (w *world) damage() error {
	w.t.Helper()
	if err := w.store.Checkpoint(); err != nil {
		w.t.Fatal(err)
	}
	w.store.Close()
	f, err := os.OpenFile(w.dbPath, os.O_RDWR, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	st, _ := f.Stat()
	junk := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(16, 5))
	for i := range junk {
		junk[i] = byte(rng.Uint32())
	}
	if _, err := f.WriteAt(junk, st.Size()/2); err != nil {
		w.t.Fatal(err)
	}
	f.Close()
	if w.store, err = store.Open(w.dbPath); err != nil {
		w.t.Skipf("Open found this damage already: %v", err)
	}
	found := w.store.QuickCheck(context.Background())
	if !store.IsCorrupt(found) {
		w.t.Fatalf("quick_check on the damaged file: %v", found)
	}
	return found
}

func (w *world) repairService() *Service {
	return NewService(Config{Feed: w.feedDir, Dir: w.dataDir, Root: w.root, Store: w.store, Base: assets.Content(),
		InstallBase: bundled.Install})
}

// TestRepairReappliesSyncedReleases (issue 16 §5): the device synced an
// update, then content.db is damaged (4 KB of random bytes in a real
// file). The repair rebuilds it from the built-in pack and re-applies the
// synced release from the blobs kept on the device: quick_check passes,
// the synced article reads as synced, nothing is fetched again, and the
// next sync has nothing to do.
func TestRepairReappliesSyncedReleases(t *testing.T) {
	w := newWorld(t)
	w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Synced before the damage: ")
	w.release("germany")
	if _, err := w.sync(w.feedDir); err != nil {
		t.Fatal(err)
	}
	w.damage()

	rep, err := w.repairService().Repair(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Lost) != 0 || strings.Join(rep.Reapplied, ",") != "berlin,germany" || rep.KeptAs == "" {
		t.Errorf("repair = %+v", rep)
	}
	if err := w.store.Verify(); err != nil {
		t.Fatalf("after the repair: %v", err)
	}
	if got := w.title("de-seeing-a-doctor"); !strings.HasPrefix(got, "Synced before the damage: ") {
		t.Errorf("the synced article reads %q after the repair", got)
	}
	info, err := w.store.Installed()
	if err != nil || info.Feed["germany"].Sequence != 2 {
		t.Fatalf("installed record after the repair: %+v, %v", info.Feed, err)
	}
	if rep, err := w.sync(w.feedDir); err != nil || !rep.Unchanged {
		t.Errorf("the sync after the repair: %+v, %v", rep, err)
	}
}

// TestRepairWithoutTheBlobs: the kept blobs are gone too. The repair
// installs the built-in content for the synced folders and says which
// were lost; the next sync fetches them again.
func TestRepairWithoutTheBlobs(t *testing.T) {
	w := newWorld(t)
	w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Synced: ")
	w.release("germany")
	if _, err := w.sync(w.feedDir); err != nil {
		t.Fatal(err)
	}
	w.damage()
	for _, p := range []string{"blobs.db", "blobs.db-wal", "blobs.db-shm"} {
		os.Remove(filepath.Join(w.dataDir, p))
	}
	rep, err := w.repairService().Repair(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rep.Lost, ",") != "germany" {
		t.Errorf("lost = %v, want germany", rep.Lost)
	}
	if err := w.store.Verify(); err != nil {
		t.Fatal(err)
	}
	if got := w.title("de-seeing-a-doctor"); strings.HasPrefix(got, "Synced: ") {
		t.Errorf("title = %q: the synced article cannot be there without its blob", got)
	}
	if _, err := w.sync(w.feedDir); err != nil {
		t.Fatal(err)
	}
	if got := w.title("de-seeing-a-doctor"); !strings.HasPrefix(got, "Synced: ") {
		t.Errorf("after the next sync the article reads %q", got)
	}
}
