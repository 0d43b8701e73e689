package client

import (
	"context"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"safar.app/safar/assets"
	"safar.app/safar/content/store"
)

// TestMain lets the crash test run a sync in a child process it can kill.
func TestMain(m *testing.M) {
	if dir := os.Getenv("SAFAR_SYNC_CHILD"); dir != "" {
		os.Exit(childSync(dir))
	}
	os.Exit(m.Run())
}

// childSync syncs the device in dir from the feed named in its files.
func childSync(dir string) int {
	feedDir, _ := os.ReadFile(filepath.Join(dir, "feed-path"))
	root, _ := os.ReadFile(filepath.Join(dir, "root.json"))
	s, err := store.Open(filepath.Join(dir, "content.db"))
	if err != nil {
		return 3
	}
	defer s.Close()
	_, err = Sync(context.Background(), Options{Feed: string(feedDir), Dir: filepath.Join(dir, "sync"), Root: root, Store: s, Base: assets.Content()})
	if err != nil {
		return 1
	}
	return 0
}

// TestCrashAnywhere kills a syncing process with SIGKILL at 200 random
// moments, from the first download to the end of the install. Each time
// content.db passes PRAGMA integrity_check, holds exactly the old release
// or the new one, and the next sync completes.
func TestCrashAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process hundreds of times; make test runs it in full, and -short only in its race pass")
	}
	const kills = 200
	w := newWorld(t)
	w.syncOK()
	oldHash := w.installedHash()
	w.store.Close()
	oldDevice := t.TempDir()
	if err := os.CopyFS(oldDevice, os.DirFS(w.dataDir)); err != nil {
		t.Fatal(err)
	}
	w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"After the crash: ")
	w.edit("de/berlin/services.toml", "Berlin crisis service", "Berlin crisis service (24/7)")
	w.release("germany")
	w.release("berlin")
	os.WriteFile(filepath.Join(oldDevice, "feed-path"), []byte(w.feedDir), 0o644)
	os.WriteFile(filepath.Join(oldDevice, "root.json"), w.root, 0o644)

	// How long a whole sync takes, to spread the kills over it.
	probe := t.TempDir()
	os.CopyFS(probe, os.DirFS(oldDevice))
	start := time.Now()
	if code := runChild(t, probe, -1); code != 0 {
		t.Fatalf("an uninterrupted sync exited %d", code)
	}
	span := time.Since(start)
	newHash := hashOf(t, probe)
	if newHash == oldHash {
		t.Fatal("the new release did not change the content")
	}
	t.Logf("a whole sync takes %v; killing at random moments within it", span)

	rng := rand.New(rand.NewSource(1))
	counts := map[string]int{}
	for i := 0; i < kills; i++ {
		dev := filepath.Join(t.TempDir(), "device")
		if err := os.CopyFS(dev, os.DirFS(oldDevice)); err != nil {
			t.Fatal(err)
		}
		runChild(t, dev, time.Duration(rng.Int63n(int64(span))))
		s, err := store.Open(filepath.Join(dev, "content.db"))
		if err != nil {
			t.Fatalf("kill %d: content.db does not open: %v", i, err)
		}
		var ok string
		if err := s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
			t.Fatalf("kill %d: integrity_check = %q, %v", i, ok, err)
		}
		info, err := s.Installed()
		switch {
		case err != nil:
			t.Fatalf("kill %d: %v", i, err)
		case info.Hash == oldHash:
			counts["old"]++
		case info.Hash == newHash:
			counts["new"]++
		default:
			t.Fatalf("kill %d: content is neither the old nor the new release", i)
		}
		_, err = Sync(context.Background(), Options{Feed: w.feedDir, Dir: filepath.Join(dev, "sync"), Root: w.root, Store: s, Base: assets.Content()})
		if err != nil {
			t.Fatalf("kill %d: the next sync failed: %v", i, err)
		}
		if info, _ := s.Installed(); info.Hash != newHash {
			t.Fatalf("kill %d: the next sync did not reach the new release", i)
		}
		s.Close()
	}
	t.Logf("after %d kills: %d times the old release, %d times the new", kills, counts["old"], counts["new"])
}

// runChild runs a sync of dev in a child process and kills it after d
// (never, if d < 0). It returns the exit code, or -9 if killed.
func runChild(t *testing.T, dev string, d time.Duration) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SAFAR_SYNC_CHILD="+dev)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if d >= 0 {
		timer := time.AfterFunc(d, func() { cmd.Process.Signal(syscall.SIGKILL) })
		defer timer.Stop()
	}
	err := cmd.Wait()
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -9
		}
		return ee.ExitCode()
	}
	t.Fatal(err)
	return 0
}

func hashOf(t *testing.T, dev string) string {
	s, err := store.Open(filepath.Join(dev, "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	info, err := s.Installed()
	if err != nil {
		t.Fatal(err)
	}
	return info.Hash
}

func (w *world) installedHash() string {
	info, err := w.store.Installed()
	if err != nil {
		w.t.Fatal(err)
	}
	return info.Hash
}
