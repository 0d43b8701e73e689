// Package feed is the format of Safar's update feeds below TUF, modelled on
// F-Droid's index-v2: each publisher has one TUF target, its entry, holding
// a release sequence number, the full index of its files and the diffs from
// its last releases; the files themselves are content-addressed,
// zstd-compressed blobs beside it. TUF proves the entry; the entry's hashes
// prove the blobs.
//
// Layout of a feed (every file but metadata/timestamp.json is immutable):
//
//	metadata/<n>.root.json, timestamp.json, <n>.snapshot.json,
//	metadata/<n>.targets.json, <n>.<publisher>.json
//	targets/<scope>/<sha256>.entry.json
//	blobs/<sha256 of the compressed bytes>.zst
//	history/<publisher>/<sequence>.json   past indexes, for diffs
package feed

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"

	"safar.app/safar/content/release"
)

// MaxDiffs is how many earlier releases an entry carries diffs from.
const MaxDiffs = 10

// Limits keep a hostile feed from exhausting a phone.
const (
	MaxEntrySize = 8 << 20  // bytes of one entry.json
	MaxFileSize  = 16 << 20 // bytes of one content file, uncompressed
	MaxFiles     = 20000    // files in one publisher's index
)

// Limits on release sequence numbers. A release is the last plus one, so
// a sequence far past these was not made by safar-publish; taken as a
// floor, it would lock a device out of every honest release after it.
const (
	// MaxSequence is the highest sequence a release may have: a release
	// a minute for two million years.
	MaxSequence = 1 << 40
	// MaxSequenceJump is how far a release may lie past the one a device
	// holds: a release every ten minutes for nineteen years.
	MaxSequenceJump = 1_000_000
)

// File is one content file of a publisher's tree.
type File = release.File

// Diff turns the index of an earlier release into this one.
type Diff struct {
	Set    map[string]File `json:"set,omitempty"`
	Remove []string        `json:"remove,omitempty"`
}

// Entry is a publisher's release: the TUF target "<scope>entry.json". It
// is small; the index and the diffs are blobs of their own, so that a
// client fetches the full index only when no diff fits.
type Entry struct {
	Publisher string         `json:"publisher"`
	Scope     string         `json:"scope"` // the folder its files live under ("de/berlin/")
	Sequence  int64          `json:"sequence"`
	IndexHash string         `json:"index_hash"` // IndexHash of the full index
	Index     File           `json:"index"`      // blob of the JSON map path → File
	Diffs     map[int64]File `json:"diffs,omitempty"`
}

// EntryName is the TUF target name of a scope's entry.
func EntryName(scope string) string { return scope + "entry.json" }

// BlobPath is where a blob lives in a feed.
func BlobPath(blob string) string { return "blobs/" + blob + ".zst" }

// ValidScope reports whether scope is a folder prefix such as "de/" or
// "de/berlin/".
func ValidScope(scope string) bool {
	return scope != "" && strings.HasSuffix(scope, "/") && !strings.HasPrefix(scope, "/") &&
		!strings.Contains(scope, "..") && !strings.Contains(scope, "//")
}

// Check verifies what the entry says of itself against the scope TUF
// trusts its signer for.
func (e *Entry) Check(scope string) error {
	if e.Scope != scope {
		return fmt.Errorf("entry of %q claims the folder %q, but its key is trusted only for %q", e.Publisher, e.Scope, scope)
	}
	if e.Sequence < 1 {
		return fmt.Errorf("publisher %q: release sequence %d; sequences start at 1", e.Publisher, e.Sequence)
	}
	if e.Sequence > MaxSequence {
		return fmt.Errorf("publisher %q: release sequence %d is past the highest a release may have (%d)", e.Publisher, e.Sequence, int64(MaxSequence))
	}
	refs := map[string]File{"index": e.Index}
	for from, d := range e.Diffs {
		if from >= e.Sequence {
			return fmt.Errorf("publisher %q: a diff from %d to %d goes backwards", e.Publisher, from, e.Sequence)
		}
		refs[fmt.Sprint("diff from ", from)] = d
	}
	for what, f := range refs {
		if !isHash(f.SHA256) || !isHash(f.Blob) || f.Size < 0 || f.Size > MaxEntrySize || f.ZSize < 0 || f.ZSize > MaxEntrySize {
			return fmt.Errorf("publisher %q: the %s is malformed or too large", e.Publisher, what)
		}
	}
	if !isHash(e.IndexHash) {
		return fmt.Errorf("publisher %q: malformed index hash", e.Publisher)
	}
	return nil
}

// CheckFiles verifies that files lie in scope (a publisher can only write
// where its delegation allows), that their paths are plain relative paths,
// and that they are within the limits. Paths are quoted in messages: they
// come from the feed and may hold anything.
func CheckFiles(publisher, scope string, files map[string]File, removed []string) error {
	if len(files) > MaxFiles {
		return fmt.Errorf("publisher %q lists %d files, more than %d", publisher, len(files), MaxFiles)
	}
	for p, f := range files {
		if err := checkPath(publisher, scope, p); err != nil {
			return err
		}
		if f.Size < 0 || f.Size > MaxFileSize || f.ZSize < 0 || f.ZSize > MaxFileSize {
			return fmt.Errorf("publisher %q: %q has a size outside the limits", publisher, p)
		}
		if !isHash(f.SHA256) || !isHash(f.Blob) {
			return fmt.Errorf("publisher %q: %q has a malformed hash", publisher, p)
		}
	}
	for _, p := range removed {
		if err := checkPath(publisher, scope, p); err != nil {
			return err
		}
	}
	return nil
}

// checkPath refuses a path outside scope, and one that is not a plain
// slash-separated relative path of UTF-8 names without control characters:
// such a name cannot be a file of an editor's tree.
func checkPath(publisher, scope, p string) error {
	if !strings.HasPrefix(p, scope) {
		return fmt.Errorf("publisher %q wrote %q, outside its paths %s", publisher, p, scope+"**")
	}
	var why string
	switch {
	case !utf8.ValidString(p):
		why = "is not UTF-8"
	case strings.ContainsFunc(p, unicode.IsControl):
		why = "holds a control character"
	case strings.Contains(p, `\`):
		why = "holds a backslash"
	default:
		for _, name := range strings.Split(p, "/") {
			switch name {
			case "..":
				return fmt.Errorf("publisher %q wrote %q, outside its paths %s (through \"..\")", publisher, p, scope+"**")
			case "", ".":
				why = "is not a plain relative path (an empty or \".\" part)"
			}
		}
	}
	if why != "" {
		return fmt.Errorf("publisher %q: the path %q %s", publisher, p, why)
	}
	return nil
}

// Ref is the File that describes blob as the encoding of data.
func Ref(data, blob []byte) File {
	return File{SHA256: Hash(data), Size: int64(len(data)), Blob: Hash(blob), ZSize: int64(len(blob))}
}

func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// Hash is the hex sha256 of b.
func Hash(b []byte) string { return release.Hash(b) }

// One encoder and one decoder serve every blob: creating them costs far
// more than compressing a small file. EncodeAll and DecodeAll may be called
// from several goroutines at once.
var (
	encoder = must(zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithEncoderConcurrency(1)))
	decoder = must(zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecodeAllCapLimit(true),
		zstd.WithDecoderMaxMemory(MaxFileSize+1<<20)))
)

// must stops the program on an error that only fixed, wrong options can
// cause: a defect every test run would show.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Compress makes a blob of data. Nothing depends on the output being the
// same across library versions: blobs are named by the hash of what was
// actually written.
func Compress(data []byte) []byte { return encoder.EncodeAll(data, nil) }

// ErrTooLarge is returned when a blob decompresses past its declared size:
// a zstd bomb, or a lying index.
var ErrTooLarge = errors.New("blob decompresses beyond its declared size")

// Decompress checks blob against f and returns the file's bytes. The hash
// of the compressed bytes is checked before decompression, decompression
// may not write past the declared size, and the result must match the
// file's own hash.
func Decompress(blob []byte, f File) ([]byte, error) {
	if Hash(blob) != f.Blob {
		return nil, fmt.Errorf("blob %s…: hash of the downloaded bytes does not match the index", f.Blob[:12])
	}
	// With the cap limit, DecodeAll refuses to grow dst past its capacity.
	data, err := decoder.DecodeAll(blob, make([]byte, 0, f.Size+1))
	if errors.Is(err, zstd.ErrWindowSizeExceeded) || errors.Is(err, zstd.ErrDecoderSizeExceeded) || int64(len(data)) > f.Size {
		return nil, fmt.Errorf("blob %s…: %w", f.Blob[:12], ErrTooLarge)
	}
	if err != nil {
		return nil, fmt.Errorf("blob %s…: %w", f.Blob[:12], err)
	}
	if Hash(data) != f.SHA256 {
		return nil, fmt.Errorf("blob %s…: content hash does not match the index", f.Blob[:12])
	}
	return data, nil
}

// Tree reads the files of fsys under scope into an index and their blobs.
func Tree(fsys fs.FS, scope string) (map[string]File, map[string][]byte, error) {
	index := map[string]File{}
	blobs := map[string][]byte{}
	err := release.WalkScope(fsys, scope, func(p string) error {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		blob := Compress(data)
		f := Ref(data, blob)
		index[p] = f
		blobs[f.Blob] = blob
		return nil
	})
	return index, blobs, err
}

// DiffOf is what turns index from into index to.
func DiffOf(from, to map[string]File) Diff {
	d := Diff{Set: map[string]File{}}
	for p, f := range to {
		if old, ok := from[p]; !ok || old.SHA256 != f.SHA256 {
			d.Set[p] = f
		}
	}
	for p := range from {
		if _, ok := to[p]; !ok {
			d.Remove = append(d.Remove, p)
		}
	}
	sort.Strings(d.Remove)
	return d
}

// Apply returns index with d applied.
func Apply(index map[string]File, d Diff) map[string]File {
	out := make(map[string]File, len(index)+len(d.Set))
	for p, f := range index {
		out[p] = f
	}
	for p, f := range d.Set {
		out[p] = f
	}
	for _, p := range d.Remove {
		delete(out, p)
	}
	return out
}

// IndexHash identifies an index regardless of map order.
func IndexHash(index map[string]File) string { return release.IndexHash(index) }

// Marshal encodes an entry canonically (sorted keys), so that the same
// release gives the same bytes.
func (e *Entry) Marshal() ([]byte, error) { return json.MarshalIndent(e, "", " ") }

// Unmarshal decodes an entry strictly (see decodeStrict), refusing one
// over MaxEntrySize. ParseEntry does the same and names the file.
func Unmarshal(data []byte) (*Entry, error) { return ParseEntry("entry.json", data) }

// ParseEntry decodes the entry in the file name (its TUF target name, for
// messages), refusing one over MaxEntrySize, a key twice, a key the format
// does not have, and data after the value.
func ParseEntry(name string, data []byte) (*Entry, error) {
	if len(data) > MaxEntrySize {
		return nil, fmt.Errorf("%s is %d bytes, more than %d", name, len(data), MaxEntrySize)
	}
	var e Entry
	if err := decodeStrict(name, data, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// ParseIndex decodes a publisher's index (path → file) as strictly as an
// entry. name says which file it is, for messages.
func ParseIndex(name string, data []byte) (map[string]File, error) {
	var index map[string]File
	if err := decodeStrict(name, data, &index); err != nil {
		return nil, err
	}
	return index, nil
}

// ParseDiff decodes a diff between two releases as strictly as an entry.
func ParseDiff(name string, data []byte) (Diff, error) {
	var d Diff
	if err := decodeStrict(name, data, &d); err != nil {
		return Diff{}, err
	}
	return d, nil
}

// Release is one publisher's release as a device holds it.
type Release = release.Release

// Releases are the releases of a feed's publishers, by publisher name.
type Releases = release.Set
