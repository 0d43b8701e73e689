package feed_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"safar.app/safar/assets"
	"safar.app/safar/sync/feed"
	"safar.app/safar/sync/publish"
)

// releasedFeed is a real feed, released by the publishing code from the
// shipped content: two releases of Berlin's folder, so that its entry has
// a diff. Its entry, index and diff seed the fuzz targets.
type releasedFeed struct {
	entries, indexes, diffs [][]byte
}

var (
	seedOnce sync.Once
	seeds    releasedFeed
	seedErr  error
)

func realFeed(f *testing.F) releasedFeed {
	seedOnce.Do(func() { seeds, seedErr = buildFeed() })
	if seedErr != nil {
		f.Fatal(seedErr)
	}
	return seeds
}

func buildFeed() (releasedFeed, error) {
	var out releasedFeed
	dir, err := os.MkdirTemp("", "safar-fuzz-feed")
	if err != nil {
		return out, err
	}
	defer os.RemoveAll(dir)
	repo := publish.Open(filepath.Join(dir, "feed"), filepath.Join(dir, "keys"))
	if err := repo.Init(1, 1); err != nil {
		return out, err
	}
	if err := repo.AddPublisher("berlin", "de/berlin/"); err != nil {
		return out, err
	}
	tree := fstest.MapFS{}
	err = fs.WalkDir(assets.Content(), "de/berlin", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(assets.Content(), p)
		tree[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		return out, err
	}
	if _, err := repo.Release("berlin", tree); err != nil {
		return out, err
	}
	for p, f := range tree {
		if strings.HasSuffix(p, ".en.md") {
			f.Data = append([]byte(nil), f.Data...)
			f.Data = bytes.Replace(f.Data, []byte(`title = "`), []byte(`title = "Edited: `), 1)
			break
		}
	}
	delete(tree, "de/berlin/services.toml")
	if _, err := repo.Release("berlin", tree); err != nil {
		return out, err
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "feed", "targets", "de", "berlin", "*.entry.json"))
	for _, p := range entries {
		data, err := os.ReadFile(p)
		if err != nil {
			return out, err
		}
		out.entries = append(out.entries, data)
		e, err := feed.ParseEntry(p, data)
		if err != nil {
			return out, err
		}
		refs := []feed.File{e.Index}
		for _, d := range e.Diffs {
			refs = append(refs, d)
		}
		for i, ref := range refs {
			blob, err := os.ReadFile(filepath.Join(dir, "feed", feed.BlobPath(ref.Blob)))
			if err != nil {
				return out, err
			}
			raw, err := feed.Decompress(blob, ref)
			if err != nil {
				return out, err
			}
			if i == 0 {
				out.indexes = append(out.indexes, raw)
			} else {
				out.diffs = append(out.diffs, raw)
			}
		}
	}
	if len(out.entries) == 0 || len(out.diffs) == 0 {
		return out, fs.ErrNotExist
	}
	return out, nil
}

// FuzzParseEntry: any bytes give an entry or an error, never a panic; an
// entry that parses checks without a panic, and reads back the same after
// the publisher's own encoding.
func FuzzParseEntry(f *testing.F) {
	for _, e := range realFeed(f).entries {
		f.Add(e)
	}
	f.Add([]byte(`{"sequence": 3, "sequence": 53}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := feed.ParseEntry("de/berlin/entry.json", data)
		if err != nil {
			if !strings.Contains(err.Error(), "de/berlin/entry.json") {
				t.Errorf("the message does not name the file: %v", err)
			}
			return
		}
		e.Check(e.Scope)
		e.Check("de/berlin/")
		again, err := e.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		back, err := feed.ParseEntry("again", again)
		if err != nil {
			t.Fatalf("the publisher's encoding of a parsed entry does not parse: %v\n%s", err, again)
		}
		if !reflect.DeepEqual(normalEntry(e), normalEntry(back)) {
			t.Errorf("entry changed on a round trip:\n%+v\n%+v", e, back)
		}
	})
}

func normalEntry(e *feed.Entry) feed.Entry {
	out := *e
	if len(out.Diffs) == 0 {
		out.Diffs = nil
	}
	return out
}

// FuzzParseIndex: an index that parses passes or fails CheckFiles without a
// panic, and every path CheckFiles lets through is a plain relative path.
func FuzzParseIndex(f *testing.F) {
	for _, i := range realFeed(f).indexes {
		f.Add(i)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		index, err := feed.ParseIndex("index", data)
		if err != nil {
			return
		}
		if feed.CheckFiles("berlin", "de/berlin/", index, nil) == nil {
			for p := range index {
				checkPlainPath(t, p)
			}
		}
		feed.IndexHash(index)
		raw, err := json.Marshal(index)
		if err != nil {
			t.Fatal(err)
		}
		back, err := feed.ParseIndex("again", raw)
		if err != nil || len(back) != len(index) {
			t.Fatalf("index changed on a round trip: %v", err)
		}
	})
}

// FuzzParseDiff: a diff that parses applies to the real index without a
// panic; when CheckFiles passes it, the result stays within the folder.
func FuzzParseDiff(f *testing.F) {
	feedSeeds := realFeed(f)
	for _, d := range feedSeeds.diffs {
		f.Add(d)
	}
	base, err := feed.ParseIndex("index", feedSeeds.indexes[0])
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := feed.ParseDiff("diff", data)
		if err != nil {
			return
		}
		if feed.CheckFiles("berlin", "de/berlin/", d.Set, d.Remove) != nil {
			return
		}
		for p := range d.Set {
			checkPlainPath(t, p)
		}
		for _, p := range d.Remove {
			checkPlainPath(t, p)
		}
		after := feed.Apply(base, d)
		for p := range after {
			if !strings.HasPrefix(p, "de/berlin/") {
				t.Errorf("applying a checked diff put %q outside the folder", p)
			}
		}
	})
}

func checkPlainPath(t *testing.T, p string) {
	t.Helper()
	if !fs.ValidPath(p) || strings.ContainsAny(p, "\\\x00") || !strings.HasPrefix(p, "de/berlin/") {
		t.Errorf("CheckFiles let %q through", p)
	}
}
