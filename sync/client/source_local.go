package client

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"safar.app/safar/sync/feed"
)

// FolderSource reads a feed from a folder: a copy of the feed on a USB
// stick or a shared drive.
type FolderSource struct{ dir string }

// NewFolderSource reads the feed in dir.
func NewFolderSource(dir string) *FolderSource { return &FolderSource{dir: dir} }

func (d *FolderSource) String() string { return d.dir }

func (d *FolderSource) Open(_ context.Context, name string, offset int64) (io.ReadCloser, error) {
	// Only plain relative paths, read through an os.Root: neither ".." nor
	// a symlinked folder reaches outside the feed's folder.
	if err := feed.CheckArchivePath(name); err != nil || strings.HasSuffix(name, "/") {
		return nil, fmt.Errorf("%q is not a path inside a feed: a feed's paths are plain relative paths", name)
	}
	root, err := os.OpenRoot(d.dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	// A symlink or a device is named as such, not followed or read.
	if st, err := root.Lstat(filepath.FromSlash(name)); err == nil {
		if err := feed.CheckRegular(name, st); err != nil {
			return nil, err
		}
	}
	f, err := root.Open(filepath.FromSlash(name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return f, nil
}

// ArchiveSource reads a feed from a .zip archive through an io.ReaderAt:
// a file on disk, or the content:// stream of a file picked on Android,
// read where it lies rather than copied first.
type ArchiveSource struct {
	name   string
	zip    *zip.Reader
	prefix string // the folder the feed sits in inside the archive, if any
}

// NewArchiveSource reads the feed in the zip archive r of size bytes; name
// names it in messages.
func NewArchiveSource(r io.ReaderAt, size int64, name string) (*ArchiveSource, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	// A path that could reach outside the feed refuses the whole archive,
	// before any of its paths is used.
	for _, f := range z.File {
		if err := feed.CheckArchivePath(f.Name); err != nil {
			return nil, err
		}
	}
	a := &ArchiveSource{name: name, zip: z}
	// "feed/metadata/…" when the feed's folder itself was zipped.
	for _, f := range z.File {
		if i := strings.Index(f.Name, "metadata/1.root.json"); i >= 0 {
			a.prefix = f.Name[:i]
			break
		}
	}
	return a, nil
}

func (a *ArchiveSource) String() string { return a.name }

// Open reads name; compressed entries cannot start in the middle, so the
// bytes before offset are read and skipped (a local read is cheap).
func (a *ArchiveSource) Open(_ context.Context, name string, offset int64) (io.ReadCloser, error) {
	f, err := a.zip.Open(path.Join(a.prefix, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if st, err := f.Stat(); err == nil {
		if err := feed.CheckRegular(name, st); err != nil {
			f.Close()
			return nil, err
		}
	}
	return skip(f, name, offset)
}
