package feed

import (
	"fmt"
	"io/fs"

	"safar.app/safar/internal/memfs"
)

// Update is what a publisher's entry means for a device that holds the
// release old (nil if none): the release to install and what changed.
type Update struct {
	Release   Release
	Unchanged bool            // the device already holds this release
	FullIndex bool            // no diff fitted: the full index was fetched
	Set       map[string]File // files new or changed since old
	Removed   []string        // files gone since old
}

// Resolve checks e against the scope TUF trusts its signer for and the
// release the device holds, and works out the new index: from a diff when
// one leads from old to exactly the signed index, otherwise from the full
// index. get fetches a blob and returns its checked, decompressed bytes.
// An entry older than old is refused as a rollback.
func (e *Entry) Resolve(scope string, old *Release, get func(File) ([]byte, error)) (Update, error) {
	if err := e.Check(scope); err != nil {
		return Update{}, err
	}
	if old != nil && old.Scope != scope {
		old = nil // the publisher now signs another folder: its old index is no base
	}
	if old != nil && e.Sequence < old.Sequence {
		return Update{}, fmt.Errorf("publisher %s: release %d is older than the installed %d (a rollback)", e.Publisher, e.Sequence, old.Sequence)
	}
	if old != nil && e.Sequence-old.Sequence > MaxSequenceJump {
		return Update{}, fmt.Errorf("publisher %s: release %d lies %d past the installed %d, more than the %d releases a feed may jump",
			e.Publisher, e.Sequence, e.Sequence-old.Sequence, old.Sequence, MaxSequenceJump)
	}
	u := Update{Release: Release{Sequence: e.Sequence, Scope: e.Scope}}
	if old != nil && e.Sequence == old.Sequence && IndexHash(old.Index) == e.IndexHash {
		u.Release.Index, u.Unchanged = old.Index, true
		return u, nil
	}
	var from map[string]File
	if old != nil {
		from = old.Index
		if ref, ok := e.Diffs[old.Sequence]; ok {
			var d Diff
			if err := getJSON(get, ref, &d); err != nil {
				return Update{}, fmt.Errorf("publisher %s: diff from %d: %v", e.Publisher, old.Sequence, err)
			}
			if err := CheckFiles(e.Publisher, scope, d.Set, d.Remove); err != nil {
				return Update{}, err
			}
			if index := Apply(from, d); IndexHash(index) == e.IndexHash {
				u.Release.Index, u.Set, u.Removed = index, d.Set, d.Remove
			}
			// Otherwise the diff does not lead where the entry says: take the full index.
		}
	}
	if u.Release.Index == nil {
		var index map[string]File
		if err := getJSON(get, e.Index, &index); err != nil {
			return Update{}, fmt.Errorf("publisher %s: index: %v", e.Publisher, err)
		}
		if IndexHash(index) != e.IndexHash {
			return Update{}, fmt.Errorf("publisher %s: the index does not match its entry", e.Publisher)
		}
		d := DiffOf(from, index)
		u.Release.Index, u.Set, u.Removed, u.FullIndex = index, d.Set, d.Remove, true
	}
	if err := CheckFiles(e.Publisher, scope, u.Release.Index, nil); err != nil {
		return Update{}, err
	}
	return u, nil
}

func getJSON(get func(File) ([]byte, error), ref File, v any) error {
	data, err := get(ref)
	if err != nil {
		return err
	}
	return decodeStrict(BlobPath(ref.Blob), data, v)
}

// InBase reports whether base already holds this exact file.
func InBase(base fs.FS, p string, f File) bool {
	if base == nil {
		return false
	}
	data, err := fs.ReadFile(base, p)
	return err == nil && Hash(data) == f.SHA256
}

// Assemble is the content tree a device installs: base with each
// publisher's folder replaced by what the publisher released. Files base
// already holds are taken from it; read returns the bytes of the others,
// in order.
func Assemble(base fs.FS, releases Releases, read func([]File) ([][]byte, error)) (fs.FS, error) {
	tree := memfs.New()
	if base != nil {
		err := fs.WalkDir(base, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if _, owned := releases.Owner(p); owned {
				return nil
			}
			data, err := fs.ReadFile(base, p)
			tree.Add(p, data)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	claimed := map[string]string{} // path → the publisher whose index has it
	var paths []string
	var files []File
	for name, r := range releases {
		for p, f := range r.Index {
			if other, ok := claimed[p]; ok {
				return nil, fmt.Errorf("%s is claimed by two publishers (%s and %s)", p, other, name)
			}
			claimed[p] = name
			if base != nil {
				if b, err := fs.ReadFile(base, p); err == nil && Hash(b) == f.SHA256 {
					tree.Add(p, b)
					continue
				}
			}
			paths = append(paths, p)
			files = append(files, f)
		}
	}
	data, err := read(files)
	if err != nil {
		return nil, err
	}
	for i, p := range paths {
		tree.Add(p, data[i])
	}
	return tree, nil
}
