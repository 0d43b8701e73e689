package studio

import (
	"fmt"
	"io"
	"net/http"
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
	// The key file is read straight from the request into one buffer,
	// which is wiped after signing: no copy of it waits in a parsed form
	// or a temporary file.
	keyData, err := readKeyPart(w, r)
	defer clear(keyData)
	if err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	if len(keyData) == 0 {
		fail(http.StatusBadRequest, s.locOf(w).T("ReleaseNeedsKey"))
		return
	}
	repo, wipe, err := publish.Open(s.cfg.Feed, s.cfg.Keys).WithPublisherKey(s.cfg.Publisher, keyData)
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

// readKeyPart reads the multipart field "key" of r, at most maxKeyFile bytes.
func readKeyPart(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxKeyFile+4096)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if part.FormName() != "key" {
			part.Close()
			continue
		}
		// One buffer of the largest size, so that no growing leaves a
		// copy of the key behind.
		buf := make([]byte, maxKeyFile)
		n, err := io.ReadFull(part, buf)
		part.Close()
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			err = nil
		} else if err == nil {
			err = fmt.Errorf("the key file is larger than %d bytes: is it the right file?", maxKeyFile)
		}
		return buf[:n], err
	}
}
