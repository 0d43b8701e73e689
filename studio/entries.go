package studio

import (
	"sort"
	"strconv"
	"strings"

	"safar.app/safar/content"
	"safar.app/safar/content/source"
)

// Entry is one item of the tree as the overview lists it.
type Entry struct {
	Kind     *Kind
	ID       string
	Sub      string // an article's kind (entry, health, …)
	Country  string
	Region   string
	Base     string // articles: cc/region/kind/slug; records: their file; phrases: phrases/<category>
	Original string // the original's language
	Title    string
	Langs    []LangStatus
	ReviewBy content.Date
	Overdue  bool
	Problems []content.Problem
	Editable bool // the editor's delegation covers its files
}

// LangStatus is one language of an item.
type LangStatus struct {
	Lang   string
	Status content.Status
}

// Errors counts the item's errors; warnings are the rest.
func (e *Entry) Errors() int { return len(content.Errors(e.Problems)) }

// Warnings counts the item's warnings.
func (e *Entry) Warnings() int { return len(e.Problems) - e.Errors() }

// Folder is the folder of the tree the item belongs to, as a delegation names it.
func (e *Entry) Folder() string {
	if e.Kind.Name == "phrases" {
		return "phrases/"
	}
	if e.Region == "" {
		return e.Country + "/"
	}
	return e.Country + "/" + e.Region + "/"
}

// Files are the files the item lives in.
func (e *Entry) Files() []string {
	switch e.Kind.store.(type) {
	case articleStore:
		var out []string
		for _, l := range e.langList() {
			out = append(out, articleStore{}.file(e, l))
		}
		return out
	case langFileStore:
		var out []string
		for _, l := range e.langList() {
			out = append(out, langFileStore{}.file(e, l))
		}
		return out
	}
	return []string{e.Base}
}

// Status is the status of language lang, "" when the item lacks it.
func (e *Entry) Status(lang string) content.Status {
	for _, l := range e.Langs {
		if l.Lang == lang {
			return l.Status
		}
	}
	return ""
}

// index is the tree as the overview shows it: every item, the problems the
// checker found, and those it could not tie to an item.
type index struct {
	entries  []*Entry
	byKey    map[string]*Entry // kind/id
	loose    []content.Problem // problems of files no item comes from
	errors   int
	warnings int
	day      content.Date // the day review dates were judged on
}

func key(kind, id string) string { return kind + "/" + id }

// load reads the tree through the loader and checker of safar-publish check.
func load(t *tree, today content.Date) *index {
	pack, problems := source.LoadOn(t.FS(), today)
	ix := &index{byKey: map[string]*Entry{}, day: today}
	add := func(e *Entry, pv content.Provenance) {
		e.ReviewBy = pv.ReviewBy
		e.Overdue = !pv.ReviewBy.IsZero() && pv.ReviewBy.Before(today)
		e.Editable = true
		for _, f := range e.Files() {
			if !t.mayWrite(f) {
				e.Editable = false
			}
		}
		ix.entries = append(ix.entries, e)
		ix.byKey[key(e.Kind.Name, e.ID)] = e
	}
	byFile := map[string]*Entry{}
	for _, it := range pack.Items {
		e := &Entry{Kind: KindNamed("article"), ID: it.ID, Sub: string(it.Kind), Country: it.Country, Region: it.Region,
			Base: it.Path(), Original: it.OriginalLang}
		for _, tr := range it.Translations {
			e.Langs = append(e.Langs, LangStatus{tr.Lang, tr.Status})
			if tr.Lang == it.OriginalLang || (e.Title == "" && tr.Lang == "en") {
				e.Title = tr.Title
			}
		}
		add(e, it.Provenance)
		for _, f := range e.Files() {
			byFile[f] = e
		}
	}
	for _, h := range pack.Hotlines {
		e := &Entry{Kind: KindNamed("hotline"), ID: h.ID, Country: h.Country, Base: h.Country + "/hotlines.toml"}
		for _, tx := range h.Texts {
			e.Langs = append(e.Langs, LangStatus{tx.Lang, tx.Status})
			if tx.Status == content.StatusOriginal && e.Original == "" {
				e.Original, e.Title = tx.Lang, tx.Label
			}
		}
		add(e, h.Provenance)
	}
	for _, s := range pack.Services {
		e := &Entry{Kind: KindNamed(string(s.Kind)), ID: s.ID, Country: s.Country, Region: s.Region,
			Base: s.Country + "/" + s.Region + "/services.toml"}
		if e.Kind == nil {
			e.Kind = KindNamed("service")
		}
		for _, tx := range s.Texts {
			e.Langs = append(e.Langs, LangStatus{tx.Lang, tx.Status})
			if tx.Status == content.StatusOriginal && e.Original == "" {
				e.Original, e.Title = tx.Lang, tx.Name
			}
		}
		add(e, s.Provenance)
	}
	for _, c := range pack.Corridors {
		e := &Entry{Kind: KindNamed("remittance"), ID: c.ID, Country: c.Country, Base: c.Country + "/remittance.toml",
			Title: strings.ToUpper(c.SendCurrency) + " → " + strings.ToUpper(c.ReceiveCurrency) + " (" + c.ReceiveCountry + ")"}
		add(e, c.Provenance)
	}
	for _, c := range pack.Checklists {
		e := &Entry{Kind: KindNamed("checklist"), ID: c.ID, Sub: string(c.Stage), Country: c.Country, Region: c.Region,
			Base: c.Country + "/" + c.Region + "/" + string(content.KindChecklist) + "/" + c.Slug, Original: c.OriginalLang}
		e.Title, _ = c.Title([]string{c.OriginalLang})
		for _, t := range c.Titles {
			e.Langs = append(e.Langs, LangStatus{t.Lang, t.Status})
		}
		add(e, c.Provenance)
		for _, f := range e.Files() {
			byFile[f] = e
		}
	}
	phraseLangs := map[string]map[string]content.Status{}
	for _, ph := range pack.Phrases {
		if phraseLangs[ph.Category] == nil {
			phraseLangs[ph.Category] = map[string]content.Status{}
		}
		for _, tx := range ph.Texts {
			phraseLangs[ph.Category][tx.Lang] = tx.Status
		}
	}
	for _, c := range pack.PhraseCategories {
		e := &Entry{Kind: KindNamed("phrases"), ID: c.ID, Base: source.PhrasesDir + "/" + c.ID, Original: "en", Title: c.Names["en"]}
		var langs []string
		for l := range c.Names {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		for _, l := range langs {
			st := phraseLangs[c.ID][l]
			if st == "" {
				st = content.StatusMachine
				if l == "en" {
					st = content.StatusOriginal
				}
			}
			e.Langs = append(e.Langs, LangStatus{l, st})
		}
		add(e, c.Provenance)
		for _, f := range e.Files() {
			byFile[f] = e
		}
	}
	for _, e := range ix.entries {
		if e.Original == "" && len(e.Langs) > 0 {
			e.Original = e.Langs[0].Lang
		}
		sort.Slice(e.Langs, func(i, j int) bool {
			if (e.Langs[i].Lang == e.Original) != (e.Langs[j].Lang == e.Original) {
				return e.Langs[i].Lang == e.Original
			}
			return e.Langs[i].Lang < e.Langs[j].Lang
		})
	}
	// Record files: which record each line belongs to.
	records := map[string][]span{}
	for _, p := range problems {
		if p.Warning {
			ix.warnings++
		} else {
			ix.errors++
		}
		file, line := splitWhere(p.Where)
		e := byFile[file]
		if e == nil && strings.HasSuffix(file, ".toml") && !strings.HasPrefix(file, source.PhrasesDir+"/") {
			if _, ok := records[file]; !ok {
				records[file] = recordSpans(t, file)
			}
			for _, s := range records[file] {
				if line >= s.from && line < s.to {
					for _, k := range Kinds {
						if x := ix.byKey[key(k.Name, s.id)]; x != nil {
							e = x
						}
					}
				}
			}
		}
		if e == nil && p.Ref.ID != "" {
			for _, k := range Kinds {
				if x := ix.byKey[key(k.Name, p.Ref.ID)]; x != nil {
					e = x
				}
			}
		}
		if e == nil {
			ix.loose = append(ix.loose, p)
			continue
		}
		e.Problems = append(e.Problems, p)
	}
	// Errors first, then overdue review dates (the oldest first), then by folder.
	sort.SliceStable(ix.entries, func(i, j int) bool {
		a, b := ix.entries[i], ix.entries[j]
		if (a.Errors() > 0) != (b.Errors() > 0) {
			return a.Errors() > 0
		}
		if a.Overdue != b.Overdue {
			return a.Overdue
		}
		if a.Overdue && a.ReviewBy != b.ReviewBy {
			return a.ReviewBy.Before(b.ReviewBy)
		}
		if a.Folder() != b.Folder() {
			return a.Folder() < b.Folder()
		}
		if a.Kind.Name != b.Kind.Name {
			return a.Kind.Name < b.Kind.Name
		}
		return a.ID < b.ID
	})
	return ix
}

// span is the lines (1-based, end exclusive) of one record of a TOML file.
type span struct {
	id       string
	from, to int
}

func recordSpans(t *tree, file string) []span {
	data, err := t.read(file)
	if err != nil {
		return nil
	}
	d := parseDoc(data)
	secs, keys := d.scan()
	var out []span
	for i, s := range secs {
		if strings.Count(s.header, ".") > 0 || !strings.HasPrefix(s.header, "[[") {
			if len(out) > 0 {
				out[len(out)-1].to = s.end + 1
			}
			continue
		}
		if k, ok := find(keys, i, "id"); ok {
			out = append(out, span{id: text(d.value(k)), from: s.start + 1, to: s.end + 1})
		}
	}
	return out
}

// splitWhere splits "de/hotlines.toml:12" into its file and line.
func splitWhere(where string) (string, int) {
	if i := strings.LastIndex(where, ":"); i > 0 {
		if n, err := strconv.Atoi(where[i+1:]); err == nil {
			return where[:i], n
		}
	}
	return where, 0
}
