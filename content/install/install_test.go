package install

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"safar.app/safar/content"
	"safar.app/safar/content/store"
)

const article = `+++
id = "de-asylum"
kind = "entry"
stages = ["before"]
title = "Asking for asylum"
summary = "Who decides."
publisher = "Test"
source = "https://www.bamf.de/EN/Themen/AsylFluechtlingsschutz/asylfluechtlingsschutz-node.html"
reviewed_on = 2026-11-20
review_by = 2099-05-20
status = "original"
+++
The Federal Office decides.
`

func tree(body string) fstest.MapFS {
	return fstest.MapFS{
		"de/country.toml":         {Data: []byte("code = \"de\"\nname = { en = \"Germany\" }\n")},
		"de/_/entry/asylum.en.md": {Data: []byte(body)},
	}
}

func open(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func title(t *testing.T, s *store.Store) string {
	t.Helper()
	a, err := s.Article("de-asylum", []string{"en"})
	if err != nil {
		return ""
	}
	return a.Title
}

func TestTree(t *testing.T) {
	broken := strings.Replace(article, `kind = "entry"`, `kind = "nonsense"`, 1)
	renamed := strings.Replace(article, "Asking for asylum", "Applying for asylum", 1)
	commitFailed := errors.New("disk full")
	tests := []struct {
		name         string
		tree         fstest.MapFS
		whileParsing func() error
		wantErr      string // "" installs; otherwise part of the error
		wantTitle    string // what the store shows afterwards
	}{
		{"a valid tree is installed", tree(renamed), nil, "", "Applying for asylum"},
		{"a broken file is named and nothing is written", tree(broken), nil, "de/_/entry/asylum.en.md", "Asking for asylum"},
		{"a failure while parsing stops the install", tree(renamed), func() error { return commitFailed }, "disk full", "Asking for asylum"},
		{"what runs while parsing runs once, before the install", tree(renamed), func() error { return nil }, "", "Applying for asylum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			if err := Tree(s, tree(article), store.PackInfo{Origin: "first"}, nil); err != nil {
				t.Fatal(err)
			}
			err := Tree(s, tt.tree, store.PackInfo{Origin: "second"}, tt.whileParsing)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Tree: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Tree: %v, want an error naming %q", err, tt.wantErr)
			}
			if got := title(t, s); got != tt.wantTitle {
				t.Errorf("title after: %q, want %q", got, tt.wantTitle)
			}
			info, err := s.Installed()
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]string{true: "second", false: "first"}[tt.wantErr == ""]; info.Origin != want {
				t.Errorf("installed origin %q, want %q", info.Origin, want)
			}
		})
	}
	// A problem is a ProblemError, so the app can list each one.
	err := Tree(open(t), tree(strings.Replace(article, `kind = "entry"`, `kind = "nonsense"`, 1)), store.PackInfo{}, nil)
	if !errors.As(err, new(*content.ProblemError)) {
		t.Errorf("error %T, want *content.ProblemError", err)
	}
}
