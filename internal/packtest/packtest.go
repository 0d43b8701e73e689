// Package packtest gives tests a content.db with the embedded pack
// installed, as bundled.Open leaves it on a first run. It installs the pack
// once per test process and copies the file for every test that asks: an
// install of the whole pack takes seconds, and tens of seconds under the
// race detector, while a copy takes milliseconds. Tests of the install
// itself keep calling bundled.Open or bundled.Install.
package packtest

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"safar.app/safar/content/bundled"
	"safar.app/safar/content/store"
)

var installed struct {
	once sync.Once
	dir  string
	err  error
}

// Open puts a copy of the installed pack at path and opens it with
// bundled.Open, which finds it current and installs nothing.
func Open(path string) (*store.Store, error) {
	if err := Copy(path); err != nil {
		return nil, err
	}
	s, _, err := bundled.Open(path)
	return s, err
}

// Copy puts a copy of the installed pack's content.db at path.
func Copy(path string) error {
	installed.once.Do(install)
	if installed.err != nil {
		return installed.err
	}
	return copyFile(filepath.Join(installed.dir, "content.db"), path)
}

// Remove deletes the installed pack. A test package that uses packtest
// calls it from TestMain, after m.Run.
func Remove() {
	if installed.dir != "" {
		os.RemoveAll(installed.dir)
	}
}

func install() {
	dir, err := os.MkdirTemp("", "safar-packtest-")
	if err != nil {
		installed.err = err
		return
	}
	installed.dir = dir
	s, _, err := bundled.Open(filepath.Join(dir, "content.db"))
	if err != nil {
		installed.err = fmt.Errorf("packtest: install the embedded pack: %w", err)
		return
	}
	// Closing checkpoints the WAL into the file, so the one file is the
	// whole database.
	if err := s.Close(); err != nil {
		installed.err = fmt.Errorf("packtest: close the installed pack: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content.db-wal")); err == nil {
		installed.err = fmt.Errorf("packtest: the installed pack left a WAL after closing")
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
