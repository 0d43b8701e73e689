package client

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safar.app/safar/assets"
)

// readerAtOnly hides everything but ReadAt, as the stream of a file picked
// on Android (content://) offers: no path, no Seek.
type readerAtOnly struct{ r io.ReaderAt }

func (r readerAtOnly) ReadAt(p []byte, off int64) (int, error) { return r.r.ReadAt(p, off) }

// zipped is dir as a zip archive in memory, its files under folder/ (as
// when a feed's folder itself is zipped).
func zipped(t *testing.T, dir, folder string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.Create(folder + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil || zw.Close() != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sources are the three kinds a feed arrives by, over the feed in dir.
func sources(t *testing.T, dir string) map[string]func() Source {
	return map[string]func() Source{
		"web": func() Source {
			srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
			t.Cleanup(srv.Close)
			return NewWebSource(srv.URL, 0)
		},
		"folder": func() Source { return NewFolderSource(dir) },
		"archive": func() Source {
			data := zipped(t, dir, "safar-feed/")
			src, err := NewArchiveSource(readerAtOnly{bytes.NewReader(data)}, int64(len(data)), "picked.zip")
			if err != nil {
				t.Fatal(err)
			}
			return src
		},
	}
}

// TestEverySourceIsVerifiedTheSame: a tampered blob is refused whichever
// way the feed arrives, with content.db unchanged; the intact feed then
// installs.
func TestEverySourceIsVerifiedTheSame(t *testing.T) {
	for name := range sources(t, t.TempDir()) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			if _, err := w.sync(w.feedDir); err != nil {
				t.Fatal(err)
			}
			w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Carried in: ")
			rep := w.release("germany")
			flipBlobOf(t, w.feedDir, "germany", rep.Sequence, "de/_/health/seeing-a-doctor.en.md")
			before := w.dbHash()
			sync := func() (Report, error) {
				return Sync(context.Background(), Options{Source: sources(t, w.feedDir)[name](), Dir: w.dataDir,
					Root: w.root, Store: w.store, Base: assets.Content()})
			}
			_, err := sync()
			if !errors.As(err, new(*Refusal)) || !strings.Contains(err.Error(), "do not match the index") {
				t.Fatalf("a tampered blob: %v, want a refusal", err)
			}
			if w.dbHash() != before {
				t.Fatal("content.db changed although the update was refused")
			}
			flipBlobOf(t, w.feedDir, "germany", rep.Sequence, "de/_/health/seeing-a-doctor.en.md")
			if r, err := sync(); err != nil || len(r.Changes) != 1 || r.Requests == 0 || r.Bytes == 0 {
				t.Fatalf("the intact feed: %+v, %v", r, err)
			}
			if got := w.title("de-seeing-a-doctor"); !strings.HasPrefix(got, "Carried in: ") {
				t.Errorf("title = %q", got)
			}
		})
	}
}

// TestSourceOpen: every source reads a file from an offset and reports a
// missing file as ErrNotFound; a web server that ignores Range still gives
// the right bytes.
func TestSourceOpen(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "metadata"), 0o755)
	os.WriteFile(filepath.Join(dir, "metadata", "1.root.json"), []byte("0123456789"), 0o644)
	all := sources(t, dir)
	all["web without Range"] = func() Source {
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r.URL.Path)))
			if err != nil {
				http.NotFound(rw, r)
				return
			}
			rw.Write(data) // 200 and the whole file, whatever Range asked
		}))
		t.Cleanup(srv.Close)
		return NewWebSource(srv.URL, 0)
	}
	for name, open := range all {
		t.Run(name, func(t *testing.T) {
			src := open()
			for _, offset := range []int64{0, 4} {
				r, err := src.Open(context.Background(), "metadata/1.root.json", offset)
				if err != nil {
					t.Fatal(err)
				}
				data, err := io.ReadAll(r)
				r.Close()
				if want := "0123456789"[offset:]; err != nil || string(data) != want {
					t.Errorf("from %d: %q, %v; want %q", offset, data, err, want)
				}
			}
			if _, err := src.Open(context.Background(), "metadata/2.root.json", 0); !errors.Is(err, ErrNotFound) {
				t.Errorf("a missing file: %v, want ErrNotFound", err)
			}
		})
	}
}
