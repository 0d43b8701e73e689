// Package release is the record of what each feed publisher last delivered
// to this device: its sequence number, its folder and the index of its
// files. content.db keeps it, typed, beside the content it describes (the
// store writes it in the same transaction); the sync client reads it back
// to ask for a diff rather than everything. It sits on the content side so
// the store can hold it without importing sync.
package release

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// File is one content file of a publisher's tree.
type File struct {
	SHA256 string `json:"sha256"` // of the uncompressed bytes: the file's identity
	Size   int64  `json:"size"`   // uncompressed
	Blob   string `json:"blob"`   // sha256 of the compressed blob: its name and its check
	ZSize  int64  `json:"zsize"`  // compressed
}

// Release is one publisher's release as a device holds it. The app also
// ships the releases its embedded pack is a snapshot of
// (assets/trust/releases.json), so that its first sync is already a diff.
type Release struct {
	Sequence int64           `json:"sequence"`
	Scope    string          `json:"scope"`
	Index    map[string]File `json:"index"`
	// Keys are the ids of the keys the feed trusted the publisher with
	// when the release was installed, and Root the version of the feed's
	// root then. When either has changed, the sequence is no longer a
	// floor: a key rotation or a new root is how a feed recovers from a
	// stolen key that signed a huge sequence. Zero when unknown (a shipped
	// release, a record from before they were kept).
	Keys []string `json:"keys,omitempty"`
	Root int64    `json:"root,omitempty"`
}

// Set is the releases of a feed's publishers, by publisher name.
type Set map[string]Release

// Sequence is the sum of the publishers' sequence numbers: it grows with
// every release installed.
func (s Set) Sequence() int64 {
	var n int64
	for _, r := range s {
		n += r.Sequence
	}
	return n
}

// TreeHash identifies the files of every release together.
func (s Set) TreeHash() string {
	all := map[string]File{}
	for _, r := range s {
		for p, f := range r.Index {
			all[p] = f
		}
	}
	return IndexHash(all)
}

// Blobs are the blobs the releases refer to.
func (s Set) Blobs() map[string]bool {
	keep := map[string]bool{}
	for _, r := range s {
		for _, f := range r.Index {
			keep[f.Blob] = true
		}
	}
	return keep
}

// Owner is the publisher whose folder holds path, if any.
func (s Set) Owner(path string) (string, bool) {
	for name, r := range s {
		if strings.HasPrefix(path, r.Scope) {
			return name, true
		}
	}
	return "", false
}

// Hash is the hex sha256 of b.
func Hash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// IndexHash identifies an index regardless of map order.
func IndexHash(index map[string]File) string {
	paths := make([]string, 0, len(index))
	for p := range index {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		fmt.Fprintf(h, "%s\x00%s\n", p, index[p].SHA256)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Matches reports whether the files of fsys under the release's folder are
// exactly those of its index: the same paths, sizes and hashes. Hidden
// files are left out, as WalkScope leaves them out.
func (r Release) Matches(fsys fs.FS) bool {
	seen := 0
	err := WalkScope(fsys, r.Scope, func(p string) error {
		f, ok := r.Index[p]
		if !ok {
			return errMismatch
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil || int64(len(data)) != f.Size || Hash(data) != f.SHA256 {
			return errMismatch
		}
		seen++
		return nil
	})
	return err == nil && seen == len(r.Index)
}

var errMismatch = errors.New("differs from the release")

// WalkScope calls file for every file under scope, leaving out hidden
// files and folders (an editor's .git, a desktop's .DS_Store).
func WalkScope(fsys fs.FS, scope string, file func(p string) error) error {
	root := strings.TrimSuffix(scope, "/")
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != root {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		return file(p)
	})
}
