package source

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"safar.app/safar/assets"
	"safar.app/safar/content"
)

// FuzzArticleFile: one article file (front matter and body) with any bytes,
// in a tree that is otherwise the shipped country file and one real
// translation. Loading never panics; every problem names a file of the
// tree, and a line within it; a tree with no error gives the item.
// Seeds: the shipped article files.
func FuzzArticleFile(f *testing.F) {
	const path = "de/_/health/seeing-a-doctor.en.md"
	country, err := fs.ReadFile(assets.Content(), "de/country.toml")
	if err != nil {
		f.Fatal(err)
	}
	other, err := fs.ReadFile(assets.Content(), "de/_/health/seeing-a-doctor.ar.md")
	if err != nil {
		f.Fatal(err)
	}
	n := 0
	fs.WalkDir(assets.Content(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || n >= 60 {
			return err
		}
		data, _ := fs.ReadFile(assets.Content(), p)
		f.Add(data)
		n++
		return nil
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		tree := fstest.MapFS{
			"de/country.toml":                   {Data: country},
			path:                                {Data: data},
			"de/_/health/seeing-a-doctor.ar.md": {Data: other},
		}
		pack, problems := Load(tree)
		for _, p := range problems {
			file, line, _ := strings.Cut(p.Where, ":")
			f, ok := tree[file]
			if !ok {
				if p.Where == "" || strings.Contains(p.Where, "/") {
					t.Errorf("problem %q names no file of the tree", p)
				}
				continue
			}
			if line != "" {
				n, err := strconv.Atoi(line)
				if lines := strings.Count(string(f.Data), "\n") + 1; err != nil || n < 1 || n > lines {
					t.Errorf("problem %q: line %s of %s, which has %d lines", p, line, file, lines)
				}
			}
		}
		if len(content.Errors(problems)) == 0 && pack != nil && len(pack.Items) == 0 {
			t.Errorf("no error, and no item: %v", fmt.Sprint(problems))
		}
	})
}
