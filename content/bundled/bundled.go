// Package bundled installs the default content pack that ships inside the
// app, through the same install.Tree a sync uses: one way in for content.
package bundled

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"log"
	"sync"

	"safar.app/safar/assets"
	"safar.app/safar/content"
	"safar.app/safar/content/install"
	"safar.app/safar/content/source"
	"safar.app/safar/content/store"
)

// Origin marks a pack installed from the app itself.
const Origin = "embedded"

var (
	hashOnce sync.Once
	hash     string
)

// Hash identifies the embedded tree, so a new app version with new default
// content replaces the old default content on its first start. It reads
// the whole tree once (tens of milliseconds on a phone), so the app starts
// it early, while the window is being made.
func Hash() string {
	hashOnce.Do(func() {
		var err error
		if hash, err = treeHash(assets.Content()); err != nil {
			// The tree is compiled into the app, so this is a build defect
			// (the tests catch it). Hashing only what could be read would
			// hide it; an empty hash instead makes every start reinstall,
			// and Install then reports the unreadable file.
			log.Printf("bundled: hash of the embedded content: %v", err)
			hash = ""
		}
	})
	return hash
}

// treeHash hashes every file of fsys with its path; a file that cannot be
// read is an error, never a hole in the hash.
func treeHash(fsys fs.FS) (string, error) {
	h := sha256.New()
	buf := make([]byte, 64<<10)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		// Streamed, not read whole: this runs on every start, and the
		// tree is megabytes that need not be copied.
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h.Write([]byte(p))
		h.Write([]byte{0})
		if _, err := io.CopyBuffer(h, f, buf); err != nil {
			return err
		}
		h.Write([]byte{0})
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Pack reads the embedded tree. Any error in it is a build defect, caught
// by the tests, but it is still reported rather than installed.
func Pack() (*content.Pack, []content.Problem) { return source.Load(assets.Content()) }

// Install puts the embedded pack into s. The pack is checked once, by
// s.Install; should it fail, Pack names the file and line of each problem.
func Install(s *store.Store) error {
	return install.Tree(s, assets.Content(), store.PackInfo{Origin: Origin, Hash: Hash()}, nil)
}

// Outdated reports whether the installed pack is an older embedded pack
// that this app version should replace. Content from a sync is kept.
func Outdated(info store.PackInfo) bool { return info.Origin == Origin && info.Hash != Hash() }

// Open opens content.db at path, installing or rebuilding it from the
// embedded pack as needed.
func Open(path string) (*store.Store, store.Rebuilt, error) {
	return store.OpenOrRebuild(path, Install, Outdated)
}

// OpenDeferred opens content.db at path as Open does, but leaves the
// install it needs to the caller: install is nil when the content is
// current, and otherwise installs the embedded pack into s. The app's
// first run calls it in the background, so that the language picker shows
// at once instead of after the install.
func OpenDeferred(path string) (s *store.Store, r store.Rebuilt, install func() error, err error) {
	s, r, pending, err := store.OpenForInstall(path, Outdated)
	if err != nil || !pending {
		return s, r, nil, err
	}
	return s, r, func() error { return Install(s) }, nil
}
