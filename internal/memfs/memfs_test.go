package memfs

import (
	"testing"
	"testing/fstest"
)

// TestFSBehavesAsAFileSystem runs the standard library's conformance
// checks: Open, ReadDir, ReadFile and Stat agree for every file and folder.
func TestFSBehavesAsAFileSystem(t *testing.T) {
	m := New()
	for _, n := range []string{"de/country.toml", "de/_/health/a.en.md", "de/_/health/a.ar.md",
		"de/berlin/services.toml", "phrases/pain.en.toml", "README.md"} {
		m.Add(n, []byte("data of "+n))
	}
	var names []string
	for n := range m.files {
		names = append(names, n)
	}
	if err := fstest.TestFS(m, names...); err != nil {
		t.Fatal(err)
	}
	if m.Has("de") || !m.Has("de/country.toml") {
		t.Error("Has must name files only")
	}
}
