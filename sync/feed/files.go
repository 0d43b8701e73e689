package feed

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
)

// These checks give the sources of a feed (a web server, a folder, a zip
// archive) messages that name the file and say what is wrong with it in
// words, before a parser says "invalid character 'r'" of a file it should
// never have read.

// CheckJSON refuses data that is not one JSON value, naming the file and
// what it seems to be instead (most often a web server's error page).
// Metadata and entries are JSON; TUF's own parser would only say at which
// character it gave up.
func CheckJSON(name string, data []byte) error {
	if json.Valid(data) {
		return nil
	}
	var v any
	return fmt.Errorf("%q %w", name, explainJSON(data, json.Unmarshal(data, &v)))
}

// CheckRegular refuses a file of a feed folder or archive that is not a
// plain file: a symbolic link (which may point anywhere on the device), a
// folder, a device or a pipe. info must come from Lstat, which does not
// follow links.
func CheckRegular(name string, info fs.FileInfo) error {
	mode := info.Mode()
	if mode.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case mode&fs.ModeSymlink != 0:
		what = "a symbolic link, not a regular file"
	case mode.IsDir():
		what = "a folder, not a file"
	case mode&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		what = "a device, not a regular file"
	case mode&(fs.ModeNamedPipe|fs.ModeSocket) != 0:
		what = "a pipe or socket, not a regular file"
	}
	return fmt.Errorf("%q in the feed is %s; a feed holds only regular files", name, what)
}

// CheckArchivePath refuses a name inside a zip archive of a feed that
// could reach outside the feed once joined to a folder: an absolute path,
// a ".." part, a backslash, a drive letter or a control character.
// Folders end in "/" in a zip and are allowed.
func CheckArchivePath(name string) error {
	clean := strings.TrimSuffix(name, "/")
	if !fs.ValidPath(clean) || strings.ContainsAny(clean, `\:`) || strings.ContainsFunc(clean, isControl) {
		return fmt.Errorf("the archive holds an unsafe path %q: a feed's paths are plain relative paths", name)
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }
