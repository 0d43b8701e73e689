package studio

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"testing/fstest"
)

// tree is the content folder the Studio works on. Every read and write
// goes through it: a path must be a plain relative path inside the folder
// (no "..", no absolute path, no symbolic link out of it, which os.Root
// refuses), and a write must fall inside the editor's delegation.
type tree struct {
	dir    string
	root   *os.Root
	scopes []string // folders the editor may write, such as "de/berlin/"; "" is the whole tree
}

// ErrOutsideTree and ErrOutsideDelegation are the refusals of a path.
var (
	ErrOutsideTree       = errors.New("path is outside the content tree")
	ErrOutsideDelegation = errors.New("path is outside the folders this editor's delegation covers")
)

func openTree(dir string, scopes []string) (*tree, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	for _, s := range scopes {
		if s != "" && (!fs.ValidPath(strings.TrimSuffix(s, "/")) || !strings.HasSuffix(s, "/")) {
			return nil, fmt.Errorf("delegation %q must be a folder of the tree such as de/berlin/", s)
		}
	}
	if len(scopes) == 0 {
		scopes = []string{""}
	}
	return &tree{dir: dir, root: r, scopes: scopes}, nil
}

func (t *tree) FS() fs.FS { return t.root.FS() }

// clean checks p is a path inside the tree.
func clean(p string) (string, error) {
	if p == "" || strings.Contains(p, "\\") || !fs.ValidPath(p) || p == "." {
		return "", fmt.Errorf("%q: %w", p, ErrOutsideTree)
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." || strings.HasPrefix(part, ".") {
			return "", fmt.Errorf("%q: %w", p, ErrOutsideTree)
		}
	}
	return path.Clean(p), nil
}

// mayWrite reports whether the editor's delegation covers p.
func (t *tree) mayWrite(p string) bool {
	for _, s := range t.scopes {
		if s == "" || strings.HasPrefix(p, s) {
			return true
		}
	}
	return false
}

func (t *tree) read(p string) (string, error) {
	p, err := clean(p)
	if err != nil {
		return "", err
	}
	data, err := fs.ReadFile(t.root.FS(), p)
	return string(data), err
}

func (t *tree) exists(p string) bool {
	p, err := clean(p)
	if err != nil {
		return false
	}
	_, err = t.root.Stat(p)
	return err == nil
}

// write replaces p with data: written beside it and renamed, so a crash
// leaves the old file or the new, never half of one.
func (t *tree) write(p, data string) error {
	p, err := clean(p)
	if err != nil {
		return err
	}
	if !t.mayWrite(p) {
		return fmt.Errorf("%s: %w", p, ErrOutsideDelegation)
	}
	if dir := path.Dir(p); dir != "." {
		if err := t.root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp := p + ".studio-tmp"
	if err := t.root.WriteFile(tmp, []byte(data), 0o644); err != nil {
		return err
	}
	return t.root.Rename(tmp, p)
}

// writeAll writes several files after checking every one may be written,
// so a refusal changes none of them.
func (t *tree) writeAll(files map[string]string) error {
	for p := range files {
		c, err := clean(p)
		if err != nil {
			return err
		}
		if !t.mayWrite(c) {
			return fmt.Errorf("%s: %w", c, ErrOutsideDelegation)
		}
	}
	for p, data := range files {
		if err := t.write(p, data); err != nil {
			return err
		}
	}
	return nil
}

// overlay is the tree with some files replaced, as an fs.FS: what the
// checker and the preview see before the editor saves.
type overlay struct {
	base  fs.FS
	files map[string]string
}

func (o overlay) Open(name string) (fs.File, error) {
	if data, ok := o.files[name]; ok {
		return fstest.MapFS{name: &fstest.MapFile{Data: []byte(data), Mode: 0o644}}.Open(name)
	}
	return o.base.Open(name)
}

func (o overlay) ReadFile(name string) ([]byte, error) {
	if data, ok := o.files[name]; ok {
		return []byte(data), nil
	}
	return fs.ReadFile(o.base, name)
}

// ReadDir lists the folder with the overlay's new files and folders in it.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.base, name)
	added := fstest.MapFS{}
	for p, data := range o.files {
		added[p] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	more, err2 := fs.ReadDir(added, name)
	if err != nil && err2 != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, e := range entries {
		have[e.Name()] = true
	}
	for _, e := range more {
		if !have[e.Name()] {
			entries = append(entries, e)
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	return entries, nil
}

// fingerprint names every file with its size and modification time: it
// changes when any file does.
func (t *tree) fingerprint() string {
	h := sha256.New()
	fs.WalkDir(t.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if info, err := d.Info(); err == nil {
			fmt.Fprintf(h, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
}
