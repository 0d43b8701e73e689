package feed

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckArchivePath(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"metadata/1.root.json", true},
		{"feed/metadata/", true},
		{"blobs/" + Hash(nil) + ".zst", true},
		{"../../metadata/1.root.json", false},
		{"/metadata/1.root.json", false},
		{"metadata/../../x", false},
		{`metadata\..\x`, false},
		{"C:/metadata/1.root.json", false},
		{"metadata/1.root.json\x00.txt", false},
		{"metadata//1.root.json", false},
		{"", false},
	}
	for _, tt := range tests {
		err := CheckArchivePath(tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("%q: %v", tt.name, err)
		}
		if err != nil && (!strings.Contains(err.Error(), "unsafe path") || strings.ContainsRune(err.Error(), 0)) {
			t.Errorf("%q: %v", tt.name, err)
		}
	}
}

func TestCheckRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "timestamp.json")
	os.WriteFile(file, []byte("{}"), 0o644)
	link := filepath.Join(dir, "link.json")
	os.Symlink(file, link)
	for _, tt := range []struct {
		path, want string
	}{{file, ""}, {link, "symbolic link"}, {dir, "folder"}} {
		st, err := os.Lstat(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		err = CheckRegular("metadata/x.json", st)
		if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.path, err, tt.want)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	if err := CheckJSON("metadata/timestamp.json", []byte(`{"signed": {}}`)); err != nil {
		t.Error(err)
	}
	err := CheckJSON("metadata/timestamp.json", []byte("<!DOCTYPE html>\n<title>404</title>"))
	if !errors.Is(err, ErrNotJSON) || !strings.Contains(err.Error(), `"metadata/timestamp.json" is not JSON`) || !strings.Contains(err.Error(), "HTML") {
		t.Errorf("an HTML page: %v", err)
	}
	err = CheckJSON("metadata/2.root.json", []byte("root:x:0:0:root:/root:/bin/bash"))
	if !errors.Is(err, ErrNotJSON) || strings.Contains(err.Error(), "HTML") {
		t.Errorf("a text file: %v", err)
	}
}
