package feed

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestTreeDiffApply(t *testing.T) {
	v1 := fstest.MapFS{
		"de/berlin/services.toml":  {Data: []byte("a")},
		"de/berlin/x/one.en.md":    {Data: []byte("one")},
		"de/berlin/x/two.en.md":    {Data: []byte("two")},
		"de/_/not-in-scope.en.md":  {Data: []byte("no")},
		"de/berlin/.hidden/ignore": {Data: []byte("no")},
	}
	i1, blobs, err := Tree(v1, "de/berlin/")
	if err != nil || len(i1) != 3 || len(blobs) != 3 {
		t.Fatalf("index %v, %d blobs, %v", i1, len(blobs), err)
	}
	v2 := fstest.MapFS{
		"de/berlin/services.toml": {Data: []byte("a")},
		"de/berlin/x/one.en.md":   {Data: []byte("one, edited")},
		"de/berlin/x/three.en.md": {Data: []byte("three")},
	}
	i2, _, _ := Tree(v2, "de/berlin/")
	d := DiffOf(i1, i2)
	if len(d.Set) != 2 || len(d.Remove) != 1 || d.Remove[0] != "de/berlin/x/two.en.md" {
		t.Errorf("diff = %+v", d)
	}
	if IndexHash(Apply(i1, d)) != IndexHash(i2) {
		t.Error("applying the diff does not give the new index")
	}
}

func TestDecompressChecks(t *testing.T) {
	data := []byte(strings.Repeat("Safar ", 100))
	blob := Compress(data)
	f := File{SHA256: Hash(data), Size: int64(len(data)), Blob: Hash(blob), ZSize: int64(len(blob))}
	if got, err := Decompress(blob, f); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("round trip: %v", err)
	}
	flipped := append([]byte{}, blob...)
	flipped[len(flipped)/2] ^= 1
	if _, err := Decompress(flipped, f); err == nil || !strings.Contains(err.Error(), "does not match the index") {
		t.Errorf("a flipped bit: %v", err)
	}
	// A bomb: 64 MiB of zeros in a few kilobytes, declared as 100 bytes.
	bomb := Compress(make([]byte, 64<<20))
	bf := File{SHA256: Hash([]byte("x")), Size: 100, Blob: Hash(bomb), ZSize: int64(len(bomb))}
	if _, err := Decompress(bomb, bf); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a zstd bomb: %v", err)
	}
}

func TestCheckFilesScope(t *testing.T) {
	h := Hash([]byte("x"))
	f := File{SHA256: h, Blob: h}
	tests := []struct {
		name    string
		files   map[string]File
		removed []string
		want    string
	}{
		{"inside", map[string]File{"de/berlin/a.toml": f}, nil, ""},
		{"outside", map[string]File{"de/hotlines.toml": f}, nil, "outside its paths"},
		{"escape", map[string]File{"de/berlin/../hotlines.toml": f}, nil, "outside its paths"},
		{"removes outside", nil, []string{"se/x.toml"}, "outside its paths"},
		{"bad hash", map[string]File{"de/berlin/a.toml": {SHA256: "x", Blob: h}}, nil, "malformed hash"},
	}
	for _, tt := range tests {
		err := CheckFiles("berlin", "de/berlin/", tt.files, tt.removed)
		if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	e := Entry{Publisher: "berlin", Scope: "de/", Sequence: 2, IndexHash: h, Index: f}
	if err := e.Check("de/berlin/"); err == nil || !strings.Contains(err.Error(), "trusted only for") {
		t.Errorf("an entry claiming a wider folder: %v", err)
	}
}
