package studio

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sort"

	"safar.app/safar/content"
	"safar.app/safar/sync/feed"
	"safar.app/safar/sync/publish"
)

// Plan is what a release would publish: the checker's verdict and what
// changes against the publisher's last release.
type Plan struct {
	Publisher string
	Scope     string
	Sequence  int64 // the last release's; 0 before the first
	Errors    []content.Problem
	Warnings  int
	Added     []FileChange
	Changed   []FileChange
	Removed   []FileChange
	Download  int64 // bytes a reader at the last release downloads: the new files' blobs
	Problem   string
}

// FileChange is one file of a release and the items it holds.
type FileChange struct {
	Path  string
	Items []string
	ZSize int64
}

// Empty reports whether nothing changed.
func (p *Plan) Empty() bool { return len(p.Added)+len(p.Changed)+len(p.Removed) == 0 }

func (s *Server) plan() *Plan {
	p := &Plan{Publisher: s.cfg.Publisher}
	ix := s.index()
	for _, pr := range ix.allProblems() {
		if pr.Warning {
			p.Warnings++
		} else {
			p.Errors = append(p.Errors, pr)
		}
	}
	if s.cfg.Publisher == "" || s.cfg.Feed == "" {
		p.Problem = "no publisher and feed: start the Studio with --publisher NAME --feed FOLDER --keys FOLDER to release"
		return p
	}
	rels, err := publish.Open(s.cfg.Feed, s.cfg.Keys).Releases()
	if err != nil {
		p.Problem = err.Error()
		return p
	}
	last, ok := rels[s.cfg.Publisher]
	scope := last.Scope
	if !ok {
		scope, err = publish.Open(s.cfg.Feed, s.cfg.Keys).Scope(s.cfg.Publisher)
		if err != nil {
			p.Problem = err.Error()
			return p
		}
	}
	p.Scope, p.Sequence = scope, last.Sequence
	index, _, err := feed.Tree(s.tree.FS(), scope)
	if err != nil {
		p.Problem = err.Error()
		return p
	}
	items := map[string][]string{}
	for _, e := range ix.entries {
		for _, f := range e.Files() {
			items[f] = append(items[f], e.ID)
		}
	}
	for path, f := range index {
		old, had := last.Index[path]
		switch {
		case !had:
			p.Added = append(p.Added, FileChange{path, items[path], f.ZSize})
			p.Download += f.ZSize
		case old.SHA256 != f.SHA256:
			p.Changed = append(p.Changed, FileChange{path, items[path], f.ZSize})
			p.Download += f.ZSize
		}
	}
	for path, f := range last.Index {
		if _, ok := index[path]; !ok {
			p.Removed = append(p.Removed, FileChange{path, nil, f.ZSize})
		}
	}
	for _, l := range [][]FileChange{p.Added, p.Changed, p.Removed} {
		sort.Slice(l, func(i, j int) bool { return l[i].Path < l[j].Path })
	}
	return p
}

func (s *Server) releasePage(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "release.html", map[string]any{"P": s.plan(), "Done": r.URL.Query().Get("done")})
}

// maxKeyFile bounds the key upload: a key file is a few hundred bytes.
const maxKeyFile = 64 << 10

// release checks the tree, refuses on errors, and signs the publisher's
// release with the key file the editor opened. The key lives in memory
// only while signing and is wiped after.
func (s *Server) release(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.plan()
	fail := func(status int, msg string) {
		s.render(w, status, "release.html", map[string]any{"P": p, "Msg": msg})
	}
	if p.Problem != "" {
		fail(http.StatusConflict, p.Problem)
		return
	}
	if len(p.Errors) > 0 {
		fail(http.StatusConflict, s.locOf(w).T("ReleaseRefused", "Count", len(p.Errors)))
		return
	}
	// The key file and its passphrase are read straight from the request
	// into one buffer each, wiped after signing: no copy of them waits in a
	// parsed form or a temporary file.
	keyName, keyData, passphrase, err := readKeyParts(w, r)
	defer clear(keyData)
	defer clear(passphrase)
	if err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	if len(keyData) == 0 {
		fail(http.StatusBadRequest, s.locOf(w).T("ReleaseNeedsKey"))
		return
	}
	repo, wipe, err := publish.Open(s.cfg.Feed, s.cfg.Keys).WithPublisherKey(s.cfg.Publisher, keyName, keyData, passphrase)
	if err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	rep, err := repo.Release(s.cfg.Publisher, s.tree.FS())
	wipe()
	if err != nil {
		fail(http.StatusInternalServerError, err.Error())
		return
	}
	done := fmt.Sprintf("%d", rep.Sequence)
	if rep.Unchanged {
		done = "unchanged"
	}
	http.Redirect(w, r, "/release?done="+done, http.StatusSeeOther)
}

// maxPassphrase bounds the passphrase field.
const maxPassphrase = 1024

// readKeyParts reads the multipart fields "key" (a file, at most
// maxKeyFile bytes) and "passphrase" of r: the key file's name and bytes
// and the passphrase, each in one buffer the caller wipes.
func readKeyParts(w http.ResponseWriter, r *http.Request) (name string, key, passphrase []byte, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxKeyFile+maxPassphrase+8192)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, nil, err
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return name, key, passphrase, nil
		}
		if err != nil {
			return name, key, passphrase, err
		}
		switch part.FormName() {
		case "key":
			name = filepath.Base(part.FileName())
			if name == "." || name == "/" {
				name = "the key file"
			}
			clear(key)
			key, err = readPart(part, maxKeyFile, fmt.Sprintf("the key file is larger than %d bytes: is it the right file?", maxKeyFile))
		case "passphrase":
			clear(passphrase)
			passphrase, err = readPart(part, maxPassphrase, "the passphrase is too long")
		}
		part.Close()
		if err != nil {
			return name, key, passphrase, err
		}
	}
}

// readPart reads a part into one buffer of the largest size, so that no
// growing leaves a copy of a secret behind.
func readPart(part io.Reader, limit int, tooLarge string) ([]byte, error) {
	buf := make([]byte, limit)
	n, err := io.ReadFull(part, buf)
	switch {
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		return buf[:n], nil
	case err == nil:
		clear(buf)
		return nil, errors.New(tooLarge)
	}
	clear(buf)
	return nil, err
}
