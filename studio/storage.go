package studio

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"safar.app/safar/content"
)

// storage is how one kind's items are laid out in files. A save opens the
// files an item lives in through an edit, changes the keys whose values
// differ and writes back only the files whose text changed.
type storage interface {
	// part is where language lang of item e is written ("" is the item's
	// own fields); create adds it when it does not exist yet.
	part(ed *edit, e *Entry, lang string, create bool) (*part, error)
	// langs lists the languages item e has in the tree.
	langs(ed *edit, e *Entry) ([]string, error)
}

// part is one section of one file: the keys of one language of an item,
// or of the item itself, and for articles the Markdown body.
type part struct {
	file *fileDoc
	si   int // section index in file.d
}

// fileDoc is one file as an edit holds it.
type fileDoc struct {
	path    string
	orig    string
	exists  bool
	article bool
	head    string // articles: the opening fence line, with its "\n"
	d       *doc   // TOML: the whole file, or an article's front matter
	fence   string // articles: the closing fence line, with its "\n"
	body    string // articles: everything after the closing fence
}

func (f *fileDoc) String() string {
	if f.article {
		return f.head + f.d.String() + f.fence + f.body
	}
	return f.d.String()
}

// edit is one change of the tree: the files it read, to be written only
// if their text changed.
type edit struct {
	t     *tree
	files map[string]*fileDoc
}

func newEdit(t *tree) *edit { return &edit{t: t, files: map[string]*fileDoc{}} }

// open reads p once per edit; a missing file opens empty.
func (ed *edit) open(p string, article bool) (*fileDoc, error) {
	if f, ok := ed.files[p]; ok {
		return f, nil
	}
	f := &fileDoc{path: p, article: article}
	if ed.t.exists(p) {
		data, err := ed.t.read(p)
		if err != nil {
			return nil, err
		}
		f.orig, f.exists = data, true
	}
	if article {
		if err := splitArticle(f); err != nil {
			return nil, err
		}
	} else {
		f.d = parseDoc(f.orig)
	}
	ed.files[p] = f
	return f, nil
}

// changed is every file whose text differs from what was read.
func (ed *edit) changed() map[string]string {
	out := map[string]string{}
	for p, f := range ed.files {
		if s := f.String(); s != f.orig || (!f.exists && s != "") {
			out[p] = s
		}
	}
	return out
}

// splitArticle separates "+++\n<toml>+++\n<body>" keeping every byte.
func splitArticle(f *fileDoc) error {
	if !f.exists {
		f.head, f.fence, f.d = fence+"\n", fence+"\n", parseDoc("")
		return nil
	}
	lines := strings.SplitAfter(f.orig, "\n")
	if len(lines) == 0 || strings.TrimSpace(strings.TrimPrefix(lines[0], "\ufeff")) != fence {
		return fmt.Errorf("%s: front matter must start with a %s line (fix it in the file editor)", f.path, fence)
	}
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == fence {
			f.head = lines[0]
			f.d = parseDoc(strings.Join(lines[1:i], ""))
			f.fence = lines[i]
			f.body = strings.Join(lines[i+1:], "")
			return nil
		}
	}
	return fmt.Errorf("%s: front matter must end with a %s line (fix it in the file editor)", f.path, fence)
}

const fence = "+++"

func (p *part) get(key string) any {
	_, keys := p.file.d.scan()
	if k, ok := find(keys, p.si, key); ok {
		return p.file.d.value(k)
	}
	return nil
}

// raw is key's value as written in the file, for numbers (3.00 shows as
// 3.00, not 3): the text after "=" without a trailing comment.
func (p *part) raw(key string) string {
	_, keys := p.file.d.scan()
	k, ok := find(keys, p.si, key)
	if !ok || k.end != k.start+1 {
		return text(p.get(key))
	}
	_, v, _ := strings.Cut(p.file.d.lines[k.start], "=")
	if i := strings.Index(v, "#"); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimSpace(v)
	if _, err := fmt.Sscan(v, new(float64)); err != nil || strings.ContainsAny(v, `"'`) {
		return text(p.get(key))
	}
	return v
}

func (p *part) set(key string, v any) bool { return p.file.d.set(p.si, key, v) }

// note sets the comment line starting with prefix just above key's line
// (or at the end of the section): "# reviewed by Ana, 2026-12-06".
func (p *part) note(prefix, line, key string) {
	d := p.file.d
	secs, keys := d.scan()
	s := secs[p.si]
	for i := s.start; i < s.end; i++ {
		if strings.HasPrefix(strings.TrimSpace(d.lines[i]), prefix) {
			d.setLine(i, leadingSpace(d.lines[i])+line)
			return
		}
	}
	at, indent := s.end, ""
	if ks := keys[p.si]; len(ks) > 0 {
		at, indent = ks[len(ks)-1].end, ks[0].indent
	}
	if k, ok := find(keys, p.si, key); ok {
		at, indent = k.start, k.indent
	}
	d.replace(at, at, []string{indent + line})
}

// noted is the date of the comment starting with prefix, if any.
func (p *part) noted(prefix string) (content.Date, string) {
	d := p.file.d
	secs, _ := d.scan()
	s := secs[p.si]
	for i := s.start; i < s.end && i < len(d.lines); i++ {
		t := strings.TrimSpace(d.lines[i])
		if strings.HasPrefix(t, prefix) {
			if m := dateRe.FindString(t); m != "" {
				day, _ := content.ParseDate(m)
				return day, strings.TrimSpace(strings.TrimPrefix(t, prefix))
			}
		}
	}
	return content.Date{}, ""
}

var dateRe = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// articleStore: one Markdown file per language, <cc>/<region>/<kind>/<slug>.<lang>.md.
type articleStore struct{}

func (articleStore) file(e *Entry, lang string) string { return e.Base + "." + lang + ".md" }

func (s articleStore) part(ed *edit, e *Entry, lang string, create bool) (*part, error) {
	if lang == "" {
		lang = e.Original
	}
	p := s.file(e, lang)
	if !create && !ed.t.exists(p) {
		return nil, fmt.Errorf("%s has no %s text", e.ID, lang)
	}
	f, err := ed.open(p, true)
	if err != nil {
		return nil, err
	}
	if !f.exists && len(f.d.lines) == 0 {
		f.d = parseDoc(fmt.Sprintf("id = %s\nstatus = \"machine\"\ntranslation_of = %s\n", quote(e.ID), quote(e.Original)))
	}
	return &part{file: f, si: 0}, nil
}

func (articleStore) langs(ed *edit, e *Entry) ([]string, error) {
	return e.langList(), nil
}

// recordStore: records of one table in a TOML file ([[hotline]] in
// <cc>/hotlines.toml), each language a [[<table>.text]] below its record.
type recordStore struct {
	table string
	file  func(folder string) string
}

// record finds the record's section and the sections of its texts.
func (s recordStore) record(d *doc, id string) (rec int, texts []int, end int, ok bool) {
	secs, keys := d.scan()
	top := "[[" + s.table + "]]"
	rec = -1
	for i, sec := range secs {
		switch {
		case sec.header == top && rec >= 0:
			return rec, texts, i, true
		case sec.header == top:
			if k, found := find(keys, i, "id"); found && text(d.value(k)) == id {
				rec = i
			}
		case rec >= 0 && sec.header == "[["+s.table+".text]]":
			texts = append(texts, i)
		case rec >= 0 && !strings.HasPrefix(sec.header, "[["+s.table+"."):
			return rec, texts, i, true
		}
	}
	return rec, texts, len(secs), rec >= 0
}

func (s recordStore) part(ed *edit, e *Entry, lang string, create bool) (*part, error) {
	f, err := ed.open(e.Base, false)
	if err != nil {
		return nil, err
	}
	rec, texts, end, ok := s.record(f.d, e.ID)
	if !ok {
		return nil, fmt.Errorf("%s: no %s with id %s", e.Base, s.table, e.ID)
	}
	if lang == "" {
		return &part{file: f, si: rec}, nil
	}
	_, keys := f.d.scan()
	for _, ti := range texts {
		if k, ok := find(keys, ti, "lang"); ok && text(f.d.value(k)) == lang {
			return &part{file: f, si: ti}, nil
		}
	}
	if !create {
		return nil, fmt.Errorf("%s has no %s text", e.ID, lang)
	}
	// A new [[<table>.text]] after the record's last section, indented
	// like the others.
	secs, _ := f.d.scan()
	last := secs[end-1]
	at := last.end
	for at > last.start && strings.TrimSpace(f.d.lines[at-1]) == "" {
		at--
	}
	indent := "  "
	if len(texts) > 0 {
		indent = leadingSpace(f.d.lines[secs[texts[0]].start])
	}
	f.d.replace(at, at, []string{"", indent + "[[" + s.table + ".text]]", indent + "lang = " + quote(lang)})
	_, texts, _, _ = s.record(f.d, e.ID)
	return &part{file: f, si: texts[len(texts)-1]}, nil
}

func (s recordStore) langs(ed *edit, e *Entry) ([]string, error) { return e.langList(), nil }

// langFileStore: an item kept as one TOML file per language,
// <base>.<lang>.toml, with a list of rows ([[step]] or [[phrase]]) that a
// translation repeats by id. Checklists and phrasebook categories differ
// only in the keys a new translation file starts with.
type langFileStore struct {
	rows string // "step" or "phrase": the row tables of the file
	// header is the start of a new translation file of e.
	header func(e *Entry) string
}

var (
	// checklistFiles: <cc>/<region>/checklist/<slug>.<lang>.toml.
	checklistFiles = langFileStore{rows: "step", header: func(e *Entry) string {
		return fmt.Sprintf("id = %s\nstatus = \"machine\"\ntranslation_of = %s\ntitle = \"\"\n", quote(e.ID), quote(e.Original))
	}}
	// phraseFiles: phrases/<category>.<lang>.toml.
	phraseFiles = langFileStore{rows: "phrase", header: func(e *Entry) string {
		return fmt.Sprintf("category = %s\nname = \"\"\nstatus = \"machine\"\ntranslation_of = %s\n", quote(e.ID), quote(e.Original))
	}}
)

func (langFileStore) file(e *Entry, lang string) string { return e.Base + "." + lang + ".toml" }

func (s langFileStore) part(ed *edit, e *Entry, lang string, create bool) (*part, error) {
	if lang == "" {
		lang = e.Original
	}
	p := s.file(e, lang)
	if !create && !ed.t.exists(p) {
		return nil, fmt.Errorf("%s has no %s text", e.ID, lang)
	}
	f, err := ed.open(p, false)
	if err != nil {
		return nil, err
	}
	if !f.exists && len(f.d.lines) == 0 {
		f.d = parseDoc(s.header(e))
	}
	return &part{file: f, si: 0}, nil
}

func (langFileStore) langs(ed *edit, e *Entry) ([]string, error) { return e.langList(), nil }

// phrase is the [[phrase]] section of id in the file of part p, added at
// the end when create is set.
func (p *part) phrase(id string, create bool) (int, bool) {
	secs, keys := p.file.d.scan()
	for i, s := range secs {
		if s.header != "[[phrase]]" {
			continue
		}
		if k, ok := find(keys, i, "id"); ok && text(p.file.d.value(k)) == id {
			return i, true
		}
	}
	if !create {
		return 0, false
	}
	n := len(p.file.d.lines)
	p.file.d.replace(n, n, []string{"", "[[phrase]]", "id = " + quote(id)})
	secs, _ = p.file.d.scan()
	return len(secs) - 1, true
}

// phraseRow is one phrase of a category in the form: its id, answer kind,
// options, and text per language.
type phraseRow struct {
	ID      string
	Answer  string
	Options []string
	Texts   map[string]string            // lang → text
	OptText map[string]map[string]string // lang → option id → text
}

// readPhrases lists the phrases of category e with their texts in langs.
func readPhrases(ed *edit, e *Entry, langs []string) ([]phraseRow, error) {
	st := phraseFiles
	var rows []phraseRow
	index := map[string]int{}
	for li, lang := range langs {
		p, err := st.part(ed, e, lang, false)
		if err != nil {
			continue
		}
		secs, keys := p.file.d.scan()
		for i, s := range secs {
			if s.header != "[[phrase]]" {
				continue
			}
			get := func(key string) any {
				if k, ok := find(keys, i, key); ok {
					return p.file.d.value(k)
				}
				return nil
			}
			id := text(get("id"))
			n, ok := index[id]
			if !ok {
				if li > 0 {
					continue // not in the original: the checker reports it
				}
				index[id] = len(rows)
				n = len(rows)
				rows = append(rows, phraseRow{ID: id, Answer: text(get("answer")), Texts: map[string]string{}, OptText: map[string]map[string]string{}})
			}
			rows[n].Texts[lang] = text(get("text"))
			if opts := optionList(get("options")); opts != nil {
				rows[n].OptText[lang] = map[string]string{}
				for _, o := range opts {
					oid := text(o["id"])
					if li == 0 {
						rows[n].Options = append(rows[n].Options, oid)
					}
					rows[n].OptText[lang][oid] = text(o["text"])
				}
			}
		}
	}
	return rows, nil
}

// langList is the item's languages, the original first, then by tag.
func (e *Entry) langList() []string {
	var out []string
	for _, l := range e.Langs {
		out = append(out, l.Lang)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i] == e.Original) != (out[j] == e.Original) {
			return out[i] == e.Original
		}
		return out[i] < out[j]
	})
	return out
}

// optionList is a decoded options array as its tables.
func optionList(v any) []map[string]any {
	switch x := v.(type) {
	case []map[string]any:
		return x
	case []any:
		var out []map[string]any
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}
