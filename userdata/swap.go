package userdata

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// VaultDir is the folder of the vault's encrypted documents, beside user.db.
const VaultDir = "vault"

// swapJournal names a restore being put in place. While it exists, the
// reader's files are between the old set and the new one; FinishSwap
// completes the move, so that a crash leaves the old data or the new,
// never a mix.
const swapJournal = "restore.journal"

// The parts of the reader's data a restore replaces, in the order they are
// moved. The -wal, -shm and -journal files of the old user.db go aside
// too: left beside the new file, SQLite would replay them into it.
var swapParts = []string{FileName + "-wal", FileName + "-shm", FileName + "-journal", FileName, VaultDir}

type journal struct {
	Stage string `json:"stage"` // folder holding the new user.db and vault
	Aside string `json:"aside"` // folder the old ones are moved to
}

// StagePrefix starts the name of a folder a restore is unpacked into.
const StagePrefix = ".restore-"

// asidePrefix starts the name of the folder the old data waits in.
const asidePrefix = ".before-restore-"

// SwapIn puts the user.db and vault in stage (a folder inside dir) in place
// of dir's, keeping the old ones aside until keep says so. The caller has
// closed user.db (Store.Replace). It returns the folder the old data is in.
func SwapIn(dir, stage string) (aside string, err error) {
	if filepath.Dir(stage) != filepath.Clean(dir) || !strings.HasPrefix(filepath.Base(stage), StagePrefix) {
		return "", fmt.Errorf("restore stage %s is not in %s", stage, dir)
	}
	j := journal{Stage: filepath.Base(stage), Aside: asidePrefix + time.Now().UTC().Format("20060102T150405.000000000Z")}
	b, _ := json.Marshal(j)
	if err := writeDurably(filepath.Join(dir, swapJournal), b); err != nil {
		return "", err
	}
	if err := FinishSwap(dir); err != nil {
		return "", err
	}
	return filepath.Join(dir, j.Aside), nil
}

// FinishSwap completes a restore a crash interrupted; with no restore
// under way it only removes unpacked restores that never began. OpenFolder
// calls it first.
func FinishSwap(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, swapJournal))
	if errors.Is(err, fs.ErrNotExist) {
		// A restore unpacked but never begun: its stage is not the
		// reader's data yet.
		stages, _ := filepath.Glob(filepath.Join(dir, StagePrefix+"*"))
		for _, s := range stages {
			os.RemoveAll(s)
		}
		return nil
	}
	if err != nil {
		return err
	}
	var j journal
	if err := json.Unmarshal(b, &j); err != nil || j.Stage == "" || j.Aside == "" ||
		strings.ContainsAny(j.Stage+j.Aside, `/\`) || !strings.HasPrefix(j.Stage, StagePrefix) || !strings.HasPrefix(j.Aside, asidePrefix) {
		// A journal cut short by a crash before it was whole: the restore
		// never began moving anything (it is written durably first).
		if err := os.Remove(filepath.Join(dir, swapJournal)); err != nil {
			return err
		}
		return FinishSwap(dir)
	}
	stage, aside := filepath.Join(dir, j.Stage), filepath.Join(dir, j.Aside)
	if err := os.MkdirAll(aside, 0o700); err != nil {
		return err
	}
	// While the new user.db is still in the stage, whatever is at its
	// place is the old data's: move it aside (unless already there).
	_, stagedErr := os.Stat(filepath.Join(stage, FileName))
	newPending := stagedErr == nil
	for _, part := range swapParts {
		cur, old, staged := filepath.Join(dir, part), filepath.Join(aside, part), filepath.Join(stage, part)
		_, curErr := os.Lstat(cur)
		_, newErr := os.Lstat(staged)
		isSidecar := part != FileName && part != VaultDir
		if curErr == nil && (newErr == nil || (isSidecar && newPending)) {
			if _, err := os.Lstat(old); err == nil {
				return fmt.Errorf("restore: both %s and %s exist; left as they are", cur, old)
			}
			if err := os.Rename(cur, old); err != nil {
				return err
			}
		}
		if newErr == nil {
			if err := os.Rename(staged, cur); err != nil {
				return err
			}
		}
	}
	syncDir(dir)
	if err := os.Remove(filepath.Join(dir, swapJournal)); err != nil {
		return err
	}
	syncDir(dir)
	os.RemoveAll(stage)
	return nil
}

// DiscardAside removes the old data a restore kept, once the restored data
// has been opened and checked.
func DiscardAside(aside string) error {
	if !strings.HasPrefix(filepath.Base(aside), asidePrefix) {
		return fmt.Errorf("%s is not a restore's old data", aside)
	}
	return os.RemoveAll(aside)
}

// writeDurably writes a small file through a temporary name, fsync and
// rename.
func writeDurably(path string, b []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}
