package bundled

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"safar.app/safar/content/store"
)

// OpenDeferred leaves the install to its caller, and only when one is due.
func TestOpenDeferred(t *testing.T) {
	path := filepath.Join(t.TempDir(), "content.db")

	cs, rebuilt, install, err := OpenDeferred(path)
	if err != nil {
		t.Fatal(err)
	}
	if install == nil {
		t.Fatal("a new content.db: no install to run")
	}
	if _, err := cs.Installed(); !errors.Is(err, store.ErrNoContent) {
		t.Fatalf("before the install: Installed() = %v, want ErrNoContent", err)
	}
	if err := install(); err != nil {
		t.Fatal(err)
	}
	info, err := cs.Installed()
	if err != nil || info.Origin != Origin || info.Hash != Hash() {
		t.Fatalf("after the install: %+v, %v", info, err)
	}
	if rebuilt.Damaged() {
		t.Error("a new content.db reported as damaged")
	}
	cs.Close()

	cs, _, install, err = OpenDeferred(path)
	if err != nil {
		t.Fatal(err)
	}
	if install != nil {
		t.Error("an installed, current content.db: an install to run")
	}
	cs.Close()

	// A damaged file is moved aside at once; its install is left to the caller.
	if err := os.WriteFile(path, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	cs, rebuilt, install, err = OpenDeferred(path)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if !rebuilt.Damaged() || install == nil {
		t.Fatalf("damaged content.db: rebuilt %+v, install set %v", rebuilt, install != nil)
	}
	if err := install(); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Installed(); err != nil {
		t.Fatal(err)
	}
}
