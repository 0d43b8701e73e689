// Package source reads the content tree editors write (Markdown articles with
// TOML front matter, and TOML files of countries, hotlines and services) into
// a content.Pack, naming the file and line of every problem it finds. The
// embedded default pack, the editors' checker and the publishing tool all
// read content through Load, so they agree on what is valid.
package source

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"safar.app/safar/content"
)

// Load reads the whole tree in fsys and returns the pack with every problem
// found, not only the first: syntax problems from each file, then the
// checks content.Pack.Validate makes, attributed to the file of each id.
func Load(fsys fs.FS) (*content.Pack, []content.Problem) {
	l := &loader{fsys: fsys, idAt: map[string]string{}, articles: map[string]*articleGroup{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.problem(p, 0, "cannot read: %v", err)
			return nil
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		l.file(p)
		return nil
	})
	if err != nil {
		l.problem(".", 0, "cannot read the tree: %v", err)
	}
	l.assembleArticles()
	pack := &l.pack
	sortPack(pack)
	where := func(id string) string {
		if w, ok := l.idAt[id]; ok {
			return w
		}
		return "item " + id
	}
	problems := append(l.problems, pack.Validate(where)...)
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Where < problems[j].Where })
	return pack, problems
}

type loader struct {
	fsys     fs.FS
	pack     content.Pack
	problems []content.Problem
	idAt     map[string]string // id → "file:line" of its definition
	articles map[string]*articleGroup
}

func (l *loader) problem(file string, line int, format string, a ...any) {
	where := file
	if line > 0 {
		where = fmt.Sprintf("%s:%d", file, line)
	}
	l.problems = append(l.problems, content.Problem{Where: where, Message: fmt.Sprintf(format, a...)})
}

func (l *loader) file(p string) {
	parts := strings.Split(p, "/")
	name := parts[len(parts)-1]
	switch {
	case len(parts) == 2 && name == "country.toml":
		l.country(p, parts[0])
	case len(parts) == 2 && name == "hotlines.toml":
		l.hotlines(p, parts[0])
	case len(parts) == 3 && name == "services.toml":
		l.services(p, parts[0], parts[1])
	case len(parts) == 4 && strings.HasSuffix(name, ".md"):
		l.article(p, parts)
	case name == "README.md" || name == "LICENSE":
	default:
		l.problem(p, 0, "unexpected file: articles go in <cc>/<region>/<kind>/<slug>.<lang>.md, "+
			"records in <cc>/country.toml, <cc>/hotlines.toml or <cc>/<region>/services.toml")
	}
}

// decode parses TOML from data into v and reports syntax errors and unknown
// keys with their line; lineOffset is added to lines (front matter starts
// below the opening +++).
func (l *loader) decode(file string, data []byte, lineOffset int, v any) (toml.MetaData, bool) {
	md, err := toml.Decode(string(data), v)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			l.problem(file, perr.Position.Line+lineOffset, "%s", perr.Message)
		} else {
			l.problem(file, lineOffset+1, "%v", err)
		}
		return md, false
	}
	for _, k := range md.Undecoded() {
		l.problem(file, keyLine(data, k)+lineOffset, "unknown key %q", k.String())
	}
	return md, true
}

// keyLine finds the line where the last part of key is set, for messages.
func keyLine(data []byte, key toml.Key) int {
	name := key[len(key)-1]
	for i, line := range bytes.Split(data, []byte("\n")) {
		t := strings.TrimSpace(string(line))
		if strings.HasPrefix(t, name+" ") || strings.HasPrefix(t, name+"=") {
			return i + 1
		}
	}
	return 1
}

func (l *loader) defineID(id, file string, data []byte, lineOffset int) {
	if id == "" {
		return
	}
	if _, dup := l.idAt[id]; dup {
		return // Validate reports the duplicate; keep the first place
	}
	line := 1
	for i, ln := range bytes.Split(data, []byte("\n")) {
		if bytes.Contains(ln, []byte(`"`+id+`"`)) {
			line = i + 1
			break
		}
	}
	l.idAt[id] = fmt.Sprintf("%s:%d", file, line+lineOffset)
}

func (l *loader) read(p string) ([]byte, bool) {
	data, err := fs.ReadFile(l.fsys, p)
	if err != nil {
		l.problem(p, 0, "cannot read: %v", err)
		return nil, false
	}
	return data, true
}

func requireKeys(l *loader, file string, md toml.MetaData, prefix []string, lineOffset int, keys ...string) {
	for _, k := range keys {
		if !md.IsDefined(append(append([]string{}, prefix...), k)...) {
			line := 1 + lineOffset
			l.problem(file, line, "missing key %q", strings.Join(append(append([]string{}, prefix...), k), "."))
		}
	}
}

func provenance(publisher, source string, reviewedOn, reviewBy time.Time) content.Provenance {
	p := content.Provenance{Publisher: publisher, Source: source}
	if !reviewedOn.IsZero() {
		p.ReviewedOn = content.DateOf(reviewedOn)
	}
	if !reviewBy.IsZero() {
		p.ReviewBy = content.DateOf(reviewBy)
	}
	return p
}

func sortPack(p *content.Pack) {
	sort.Slice(p.Countries, func(i, j int) bool { return p.Countries[i].Code < p.Countries[j].Code })
	sort.Slice(p.Items, func(i, j int) bool { return p.Items[i].ID < p.Items[j].ID })
	sort.Slice(p.Hotlines, func(i, j int) bool { return p.Hotlines[i].ID < p.Hotlines[j].ID })
	sort.Slice(p.Services, func(i, j int) bool { return p.Services[i].ID < p.Services[j].ID })
}
