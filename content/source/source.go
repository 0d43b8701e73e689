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
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"safar.app/safar/content"
	"safar.app/safar/internal/parallel"
)

// Load reads the whole tree in fsys and returns the pack with every problem
// found, not only the first: syntax problems from each file, then the
// checks content.Pack.Validate makes, attributed to the file and line of
// each. Review dates that have passed, home-page sources and review
// periods longer than the subject allows are warnings.
func Load(fsys fs.FS) (*content.Pack, []content.Problem) {
	return LoadOn(fsys, content.DateOf(time.Now()))
}

// LoadOn is Load with review dates judged on day today.
func LoadOn(fsys fs.FS, today content.Date) (*content.Pack, []content.Problem) {
	l := read(fsys, today)
	pack := &l.pack
	problems := l.problems
	for _, p := range pack.Validate(l.locate) {
		if !l.reported[p.Ref] {
			problems = append(problems, p)
		}
	}
	problems = append(problems, pack.Overdue(today, l.locate)...)
	problems = append(problems, pack.Advise(l.locate)...)
	sort.SliceStable(problems, func(i, j int) bool { return lessPlace(problems[i].Where, problems[j].Where) })
	return pack, problems
}

// Parse reads the tree as Load does but leaves the checks of the whole
// pack to store.Install, which makes them anyway: a sync or a first run
// then checks each pack once. The problems are those of reading the files;
// for the file and line of a problem Install finds, call Load.
func Parse(fsys fs.FS) (*content.Pack, []content.Problem) {
	l := read(fsys, content.DateOf(time.Now()))
	return &l.pack, l.problems
}

// Locate turns an error of store.Install on a pack Parse read from fsys
// into the same problems named by file and line; other errors, and a tree
// the loader finds no error in, are returned as they are.
func Locate(fsys fs.FS, err error) error {
	if !errors.As(err, new(*content.ProblemError)) {
		return err
	}
	if _, all := Load(fsys); len(content.Errors(all)) > 0 {
		return &content.ProblemError{Problems: content.Errors(all)}
	}
	return err
}

// read reads every file of fsys into a loader's pack.
func read(fsys fs.FS, today content.Date) *loader {
	l := &loader{fsys: fsys, today: today, defs: map[string]def{}, texts: map[string]map[string]def{},
		articles: map[string]*articleGroup{}, reported: map[content.Ref]bool{}, split: map[string][]string{}}
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.problem(p, 0, "cannot read: %v", err)
			return nil
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		l.problem(".", 0, "cannot read the tree: %v", err)
	}
	l.parsed = parseArticles(fsys, files)
	l.ahead = decodeAhead(fsys, files)
	for _, p := range files {
		l.file(p)
	}
	l.assembleArticles()
	l.assemblePhrases()
	l.assembleChecklists()
	sortPack(&l.pack)
	sort.SliceStable(l.problems, func(i, j int) bool { return lessPlace(l.problems[i].Where, l.problems[j].Where) })
	return l
}

type loader struct {
	fsys     fs.FS
	today    content.Date // review dates are judged on this day
	pack     content.Pack
	problems []content.Problem
	defs     map[string]def            // id → where it is defined (the original, for articles)
	texts    map[string]map[string]def // id → language → where that translation is
	articles map[string]*articleGroup
	reported map[content.Ref]bool // found while loading; Validate need not say it again

	phraseFiles    []phraseSource
	checklistFiles []checklistSource
	split          map[string][]string       // file → its TOML's lines, split once
	parsed         map[string]*parsedArticle // articles read and decoded ahead, on every core
	ahead          map[string]*decodedTOML   // TOML records read and decoded ahead, on every core
}

// def is where an id or a translation is written down, kept so that a
// problem found later in the whole pack can name the line to fix.
type def struct {
	id        string
	file      string
	lines     []string // the record's TOML, or an article's front matter, by line
	offset    int      // lines of the file before toml
	line      int      // line of the id within toml
	bodyStart int      // for articles: the file line where the body starts
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
	case (len(parts) == 2 || len(parts) == 3) && name == PublisherFile:
		l.publisher(p, strings.Join(parts[:len(parts)-1], "/")+"/")
	case len(parts) == 2 && name == "country.toml":
		l.country(p, parts[0])
	case len(parts) == 2 && name == "hotlines.toml":
		l.hotlines(p, parts[0])
	case len(parts) == 2 && name == RemittanceFile:
		l.remittance(p, parts[0], l.today)
	case len(parts) == 3 && name == "services.toml":
		l.services(p, parts[0], parts[1])
	case len(parts) == 2 && parts[0] == SearchDir && name == SynonymsFile:
		l.synonyms(p)
	case len(parts) == 2 && parts[0] == PhrasesDir && strings.HasSuffix(name, ".toml"):
		l.phrases(p, name)
	case len(parts) == 4 && parts[2] == string(content.KindChecklist):
		l.checklist(p, parts)
	case len(parts) == 4 && strings.HasSuffix(name, ".md"):
		l.article(p, parts)
	case name == "README.md" || name == "LICENSE":
	default:
		l.problem(p, 0, "unexpected file: articles go in <cc>/<region>/<kind>/<slug>.<lang>.md, "+
			"checklists in <cc>/<region>/checklist/<slug>.<lang>.toml, records in <cc>/country.toml, <cc>/hotlines.toml, <cc>/remittance.toml or <cc>/<region>/services.toml, "+
			"search synonyms in "+SearchDir+"/"+SynonymsFile+", feedback channels in <folder>/"+PublisherFile)
	}
}

// decode parses TOML from data into v and reports syntax errors and unknown
// keys with their line; lineOffset is added to lines (front matter starts
// below the opening +++).
func (l *loader) decode(file string, data []byte, lineOffset int, v any) (toml.MetaData, bool) {
	md, err := toml.Decode(string(data), v)
	var unknown []toml.Key
	if err == nil {
		unknown = md.Undecoded()
	}
	return l.decoded(file, data, lineOffset, md, err, unknown)
}

// decoded reports what decoding data gave: its error, or its unknown keys.
func (l *loader) decoded(file string, data []byte, lineOffset int, md toml.MetaData, err error, unknown []toml.Key) (toml.MetaData, bool) {
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			l.problem(file, perr.Position.Line+lineOffset, "%s", perr.Message)
		} else {
			l.problem(file, lineOffset+1, "%v", err)
		}
		return md, false
	}
	for _, k := range unknown {
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

// defineID records where id is defined. A duplicate is reported where it
// was added, naming the first; ok is false then, and the caller leaves the
// duplicate out of the pack so that every later message about the id names
// one place.
func (l *loader) defineID(id, file string, data []byte, lineOffset int) (d def, ok bool) {
	lines := l.lines(file, data)
	d = def{id: id, file: file, lines: lines, offset: lineOffset, line: idLine(lines, id)}
	if id == "" {
		return d, true
	}
	if first, dup := l.defs[id]; dup {
		l.problem(file, lineOffset+d.line, "duplicate id %q: %s:%d has it already; ids must be unique across the tree",
			id, first.file, first.offset+first.line)
		return d, false
	}
	l.defs[id] = d
	return d, true
}

// lessPlace orders "file:line" places by file, then by line as a number.
func lessPlace(a, b string) bool {
	fa, la := splitPlace(a)
	fb, lb := splitPlace(b)
	if fa != fb {
		return fa < fb
	}
	return la < lb
}

func splitPlace(w string) (string, int) {
	i := strings.LastIndexByte(w, ':')
	if i < 0 {
		return w, 0
	}
	n, err := strconv.Atoi(w[i+1:])
	if err != nil {
		return w, 0
	}
	return w[:i], n
}

func idLine(lines []string, id string) int {
	quoted := `"` + id + `"`
	for i, ln := range lines {
		if strings.Contains(ln, quoted) {
			return i + 1
		}
	}
	return 1
}

// lines is data, the TOML of file (or an article's front matter), split
// into lines; each file is split once, however many records it holds.
func (l *loader) lines(file string, data []byte) []string {
	if ls, ok := l.split[file]; ok {
		return ls
	}
	ls := strings.Split(string(data), "\n")
	l.split[file] = ls
	return ls
}

// locate names the file and line of r for messages.
func (l *loader) locate(r content.Ref) string {
	d, ok := l.defs[r.ID]
	if r.Lang != "" {
		if t, tok := l.texts[r.ID][r.Lang]; tok {
			d, ok = t, true
		}
	}
	if !ok {
		return content.ItemLocator(r)
	}
	line := d.offset + d.line
	switch {
	case r.BodyLine > 0 && d.bodyStart > 0:
		line = d.bodyStart + r.BodyLine - 1
	case strings.HasPrefix(r.Key, "step:"):
		if k := stepLine(d.lines, strings.TrimPrefix(r.Key, "step:")); k > 0 {
			line = d.offset + k
		}
	case r.Key != "":
		k := keyLineFrom(d.lines, d.line, r.Key)
		if k == 0 && r.Key == "source" {
			k = keyLineFrom(d.lines, d.line, "sources") // a list of one
		}
		if k > 0 {
			line = d.offset + k
		}
	}
	return fmt.Sprintf("%s:%d", d.file, line)
}

// keyLineFrom finds key at or after line from, within the same record (it
// stops at the next [[table]] of the same kind).
func keyLineFrom(lines []string, from int, key string) int {
	for i := from - 1; i >= 0 && i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if i >= from && (t == "[[hotline]]" || t == "[[service]]" || t == "[[region]]" || t == "[[phrase]]") {
			break
		}
		if strings.HasPrefix(t, key+" ") || strings.HasPrefix(t, key+"=") {
			return i + 1
		}
	}
	return 0
}

// checkPrefix reports an id that does not start with its country folder:
// the file is in the wrong folder, or the id was copied from another country.
func (l *loader) checkPrefix(id, cc string, d def) {
	if id != "" && !strings.HasPrefix(id, cc+"-") {
		l.problem(d.file, d.offset+d.line, "id %q is in the folder %s/: ids there start with %q (is the file in the wrong folder?)", id, cc, cc+"-")
	}
}

// readTOML reads the TOML file p into v, reporting what stops it.
func (l *loader) readTOML(p string, v any) ([]byte, toml.MetaData, bool) {
	if a := l.ahead[p]; a != nil && reflect.TypeOf(a.v) == reflect.TypeOf(v) {
		// Decoded ahead into the type asked for: reported here, in the
		// order of the files, as if decoded now.
		if a.readErr != nil {
			l.problem(p, 0, "cannot read: %v", a.readErr)
			return nil, toml.MetaData{}, false
		}
		reflect.ValueOf(v).Elem().Set(reflect.ValueOf(a.v).Elem())
		md, ok := l.decoded(p, a.data, 0, a.md, a.err, a.unknown)
		return a.data, md, ok
	}
	data, err := fs.ReadFile(l.fsys, p)
	if err != nil {
		l.problem(p, 0, "cannot read: %v", err)
		return nil, toml.MetaData{}, false
	}
	md, ok := l.decode(p, data, 0, v)
	return data, md, ok
}

// decodedTOML is a TOML record file read and decoded ahead of the loader.
type decodedTOML struct {
	v       any // a pointer to what the file decodes into
	data    []byte
	md      toml.MetaData
	err     error
	readErr error
	unknown []toml.Key
}

// decodeAhead reads and decodes every TOML record file among files on
// every core, into the type file's reader for it asks for (tomlTarget).
// Decoding them one after another was most of reading a pack that is not
// articles. A file whose reader asks for another type is decoded again
// when it is read, so tomlTarget can only ever cost time, never change
// what is read.
func decodeAhead(fsys fs.FS, files []string) map[string]*decodedTOML {
	var todo []string
	var targets []any
	for _, p := range files {
		if t := tomlTarget(p); t != nil {
			todo, targets = append(todo, p), append(targets, t)
		}
	}
	out := make([]*decodedTOML, len(todo))
	parallel.For(len(todo), func(i int) {
		a := &decodedTOML{v: targets[i]}
		if a.data, a.readErr = fs.ReadFile(fsys, todo[i]); a.readErr == nil {
			a.md, a.err = toml.Decode(string(a.data), a.v)
			if a.err == nil {
				a.unknown = a.md.Undecoded()
			}
		}
		out[i] = a
	})
	m := make(map[string]*decodedTOML, len(todo))
	for i, p := range todo {
		m[p] = out[i]
	}
	return m
}

// tomlTarget is what the reader of the record file at p (see file)
// decodes it into, or nil.
func tomlTarget(p string) any {
	parts := strings.Split(p, "/")
	name := parts[len(parts)-1]
	switch {
	case (len(parts) == 2 || len(parts) == 3) && name == PublisherFile:
		return new(publisherFile)
	case len(parts) == 2 && name == "country.toml":
		return new(countryFile)
	case len(parts) == 2 && name == "hotlines.toml":
		return new(hotlinesFile)
	case len(parts) == 2 && name == RemittanceFile:
		return new(remittanceFile)
	case len(parts) == 3 && name == "services.toml":
		return new(servicesFile)
	case len(parts) == 2 && parts[0] == PhrasesDir && strings.HasSuffix(name, ".toml"):
		return new(phraseFile)
	case len(parts) == 4 && parts[2] == string(content.KindChecklist):
		return new(checklistFile)
	}
	return nil
}

// requireSource reports an article that names no source, or both forms:
// `source = "…"` (one page) or `sources = ["…", "…"]` (several).
func (l *loader) requireSource(id, file string, data []byte, lineOffset int, source, sources bool) {
	switch {
	case !source && !sources:
		l.reported[content.Ref{ID: id, Key: "source"}] = true
		l.problem(file, 1+lineOffset, "missing key \"source\" (or \"sources\", a list of pages)")
	case source && sources:
		l.reported[content.Ref{ID: id, Key: "sources"}] = true
		l.problem(file, keyLine(data, []string{"sources"})+lineOffset,
			"both source and sources are set: list every page in sources")
	}
}

// requireKeys reports keys missing from a file. For an item with an id,
// Validate would report some of them again ("missing source address");
// marking them reported keeps it to one line a mistake.
func requireKeys(l *loader, id, file string, md toml.MetaData, prefix []string, lineOffset int, keys ...string) {
	for _, k := range keys {
		if !md.IsDefined(append(append([]string{}, prefix...), k)...) {
			l.reported[content.Ref{ID: id, Key: k}] = true
			line := 1 + lineOffset
			l.problem(file, line, "missing key %q", strings.Join(append(append([]string{}, prefix...), k), "."))
		}
	}
}

// provenance builds an item's provenance from its keys. `sources` lists
// every page, the first being the one readers are sent to; the older
// single `source` is read as a list of one.
func provenance(publisher, source string, sources []string, checked string, reviewedOn, reviewBy time.Time) content.Provenance {
	p := content.Provenance{Publisher: publisher, Source: source, Checked: checked}
	if source == "" && len(sources) > 0 {
		p.Source, p.MoreSources = sources[0], sources[1:]
	}
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
	sort.Slice(p.Corridors, func(i, j int) bool { return p.Corridors[i].ID < p.Corridors[j].ID })
}

// arrayKeys lists, for each element of the array of tables named table,
// the keys set in it. toml.MetaData.IsDefined cannot see into arrays; its
// Keys list one entry per table, in file order.
func arrayKeys(md toml.MetaData, table string) []map[string]bool {
	var out []map[string]bool
	for _, k := range md.Keys() {
		switch {
		case len(k) == 1 && k[0] == table:
			out = append(out, map[string]bool{})
		case len(k) == 2 && k[0] == table && len(out) > 0:
			out[len(out)-1][k[1]] = true
		}
	}
	return out
}
