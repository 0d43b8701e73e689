// Package memfs is a read-only file tree in memory: the content tree a
// sync assembles from the embedded pack and the publishers' files before
// the loader reads it. Unlike testing/fstest.MapFS, which finds a folder's
// entries by scanning every file, it lists folders once, so walking a tree
// of ten thousand files costs ten thousand steps.
package memfs

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"sort"
	"time"
)

// FS is a tree of files. Build it with Add, then read it through io/fs.
type FS struct {
	files map[string][]byte
	dirs  map[string]map[string]bool // folder → names of its files and folders
}

// New is an empty tree.
func New() *FS {
	return &FS{files: map[string][]byte{}, dirs: map[string]map[string]bool{".": {}}}
}

// Add puts data at name, a slash-separated path such as "de/_/health/a.en.md",
// making its folders. The tree keeps data; the caller must not change it.
func (m *FS) Add(name string, data []byte) {
	m.files[name] = data
	for name != "." {
		dir := path.Dir(name)
		if m.dirs[dir] == nil {
			m.dirs[dir] = map[string]bool{}
		}
		m.dirs[dir][path.Base(name)] = true
		name = dir
	}
}

// Has reports whether name is a file of the tree.
func (m *FS) Has(name string) bool {
	_, ok := m.files[name]
	return ok
}

// ReadFile returns a copy of the file's bytes, as fs.ReadFileFS requires.
func (m *FS) ReadFile(name string) ([]byte, error) {
	data, ok := m.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return bytes.Clone(data), nil
}

// ReadDir lists a folder in name order.
func (m *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	names, ok := m.dirs[name]
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(names))
	for n := range names {
		out = append(out, fs.FileInfoToDirEntry(m.info(path.Join(name, n))))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// Open opens a file or a folder.
func (m *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok := m.files[name]; ok {
		return &file{Reader: bytes.NewReader(data), info: m.info(name)}, nil
	}
	if _, ok := m.dirs[name]; ok {
		return &dir{fs: m, name: name}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (m *FS) info(name string) info {
	data, isFile := m.files[name]
	return info{name: path.Base(name), size: int64(len(data)), dir: !isFile}
}

type info struct {
	name string
	size int64
	dir  bool
}

func (i info) Name() string { return i.name }
func (i info) Size() int64  { return i.size }
func (i info) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i info) ModTime() time.Time { return time.Time{} }
func (i info) IsDir() bool        { return i.dir }
func (i info) Sys() any           { return nil }

type file struct {
	*bytes.Reader
	info info
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *file) Close() error               { return nil }

type dir struct {
	fs      *FS
	name    string
	entries []fs.DirEntry
	read    bool
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.fs.info(d.name), nil }
func (d *dir) Close() error               { return nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: fs.ErrInvalid}
}

// ReadDir is fs.ReadDirFile: n <= 0 lists the rest at once.
func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		d.entries, _ = d.fs.ReadDir(d.name)
		d.read = true
	}
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}

var _ interface {
	fs.ReadFileFS
	fs.ReadDirFS
} = (*FS)(nil)
