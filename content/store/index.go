package store

import (
	"net/url"
	"sort"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"safar.app/safar/content"
	"safar.app/safar/content/fold"
	"safar.app/safar/content/phone"
)

// Result types: what a search hit shows.
const (
	TypeItem    = "item"
	TypeHotline = "hotline"
	TypeService = "service" // a service or a programme: see Kind
	TypePhrase  = "phrase"
	TypePlace   = "place" // a country ("de") or a city ("de/berlin")
)

// scopeAll is the scope token of what every country's readers may find:
// phrases and country names.
const scopeAll = "ccall"

// searchDoc is one text in one language as search indexes and shows it.
type searchDoc struct {
	typ, ref, lang, original, kind, region, stages, scope string
	// What is indexed: the title and the terms weigh most, then the
	// summary, then the body.
	title, terms, summary, body string
	// What a hit shows.
	showTitle, showSummary, detail, status string
}

// ftsRow is a searchDoc's text folded and stemmed for search_fts.
type ftsRow struct {
	title, terms, summary, body, headStems, stems string
}

func itemDocs(it content.Item) []searchDoc {
	stages := make([]string, len(it.Stages))
	for i, st := range it.Stages {
		stages[i] = string(st)
	}
	docs := make([]searchDoc, 0, len(it.Translations))
	for _, t := range it.Translations {
		docs = append(docs, searchDoc{typ: TypeItem, ref: it.ID, lang: t.Lang, original: it.OriginalLang,
			kind: string(it.Kind), region: it.Region, stages: strings.Join(stages, " "), scope: "cc" + it.Country,
			title: t.Title, terms: strings.Join(t.Terms, "\n"), summary: t.Summary, body: t.Body,
			showTitle: t.Title, showSummary: t.Summary, status: string(t.Status)})
	}
	return docs
}

func hotlineDocs(h content.Hotline) []searchDoc {
	shown := phone.Display(h.Number)
	numbers := strings.Join(numberForms(h.Number, h.Country), " ")
	docs := make([]searchDoc, 0, len(h.Texts))
	for _, t := range h.Texts {
		docs = append(docs, searchDoc{typ: TypeHotline, ref: h.ID, lang: t.Lang, original: "en",
			kind: string(h.Purpose), region: content.NationalRegion, scope: "cc" + h.Country,
			title: t.Label + " " + shown, terms: numbers, summary: t.Note,
			showTitle: t.Label, showSummary: t.Note, detail: h.Number, status: string(t.Status)})
	}
	return docs
}

func serviceDocs(sv content.Service) []searchDoc {
	var body []string
	if sv.Address != "" {
		body = append(body, sv.Address)
	}
	if sv.Phone != "" {
		body = append(body, numberForms(sv.Phone, sv.Country)...)
	}
	if u, err := url.Parse(sv.Website); err == nil && u.Host != "" {
		body = append(body, strings.TrimPrefix(u.Host, "www."))
	}
	docs := make([]searchDoc, 0, len(sv.Texts))
	for _, t := range sv.Texts {
		docs = append(docs, searchDoc{typ: TypeService, ref: sv.ID, lang: t.Lang, original: "en",
			kind: string(sv.Kind), region: sv.Region, scope: "cc" + sv.Country,
			title: t.Name, summary: t.Description, body: strings.Join(body, "\n"),
			showTitle: t.Name, showSummary: t.Description, detail: sv.Address, status: string(t.Status)})
	}
	return docs
}

func phraseDocs(ph content.Phrase) []searchDoc {
	docs := make([]searchDoc, 0, len(ph.Texts))
	for _, t := range ph.Texts {
		opts := make([]string, len(ph.Options))
		for i, o := range ph.Options {
			opts[i] = t.Options[o]
		}
		docs = append(docs, searchDoc{typ: TypePhrase, ref: ph.ID, lang: t.Lang, original: "en",
			// A phrase's text is indexed as a summary: the phrasebook is
			// found, but a country's own articles rank above it.
			region: content.NationalRegion, scope: scopeAll,
			summary: t.Text, body: strings.Join(opts, "\n"),
			showTitle: t.Text, detail: ph.Category, status: string(t.Status)})
	}
	return docs
}

// placeDocs indexes a country's names in every language, and its cities'.
// Countries can be found from anywhere; a city within its country.
func placeDocs(c content.Country) []searchDoc {
	var docs []searchDoc
	for lang, n := range c.Names {
		docs = append(docs, searchDoc{typ: TypePlace, ref: c.Code, lang: lang, original: "en",
			kind: string(c.Role), region: content.NationalRegion, scope: scopeAll,
			title: n, showTitle: n, detail: c.Code, status: string(content.StatusOriginal)})
	}
	for _, r := range c.Regions {
		for lang, n := range r.Names {
			docs = append(docs, searchDoc{typ: TypePlace, ref: c.Code + "/" + r.Code, lang: lang, original: "en",
				kind: string(c.Role), region: r.Code, scope: "cc" + c.Code,
				title: n, summary: c.Names[lang], showTitle: n, showSummary: c.Names[lang], detail: c.Code,
				status: string(content.StatusOriginal)})
		}
	}
	return docs
}

// numberForms are the ways a reader may type a stored number: its digits,
// and for E.164 numbers the national form ("0800 111 0 111" → 08001110111).
func numberForms(stored, country string) []string {
	forms := []string{strings.TrimPrefix(stored, "+")}
	if strings.HasPrefix(stored, "+") {
		if n, err := phonenumbers.Parse(stored, ""); err == nil {
			forms = append(forms, digitsOnly(phonenumbers.Format(n, phonenumbers.NATIONAL)))
		}
	}
	return forms
}

func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// index folds and stems a document for search_fts, and adds the tokens of
// the concepts it names (see concepts.go) beside the stems. Each word is
// stemmed once.
func index(d searchDoc, concepts *conceptMatcher) ftsRow {
	r := ftsRow{title: fold.Fold(d.title), terms: fold.Fold(d.terms), summary: fold.Fold(d.summary),
		body: fold.Fold(d.body)}
	// Numbers written in groups ("116 016") are found typed whole.
	r.terms = joinNumbers(r.terms, r.title, r.summary, r.body)
	st := &docStems{lang: d.lang, has: fold.HasStemmer(d.lang), cache: map[string]string{}}
	head := [][]string{fold.Terms(r.title), fold.Terms(r.terms)}
	rest := [][]string{fold.Terms(r.summary), fold.Terms(r.body)}
	r.headStems = st.list(head) + concepts.in(d.lang, st, head)
	r.stems = st.list(rest) + concepts.in(d.lang, st, rest)
	return r
}

// docStems stems the words of one document, each once.
type docStems struct {
	lang  string
	has   bool // Safar has a stemmer for lang
	cache map[string]string
}

func (d *docStems) of(w string) string {
	if !d.has {
		return w
	}
	s, ok := d.cache[w]
	if !ok {
		s = fold.Stem(d.lang, w)
		d.cache[w] = s
	}
	return s
}

// list is the distinct stems of texts' words, or "" when lang has no
// stemmer: the words themselves are indexed already.
func (d *docStems) list(texts [][]string) string {
	if !d.has {
		return ""
	}
	seen := map[string]bool{}
	var b strings.Builder
	for _, words := range texts {
		for _, w := range words {
			if s := d.of(w); !seen[s] {
				seen[s] = true
				b.WriteString(s)
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

// joinNumbers appends to terms every run of digit groups in texts written
// with spaces, joined ("116 016" → "116016"), so a number is found however
// it is typed. A group with punctuation before or after it starts or ends
// a run ("**110**: police").
func joinNumbers(terms string, texts ...string) string {
	var extra []string
	var run []string
	flush := func() {
		if len(run) > 1 {
			extra = append(extra, strings.Join(run, ""))
		}
		run = run[:0]
	}
	for _, t := range texts {
		for _, f := range strings.Fields(t) {
			core := strings.TrimFunc(f, func(r rune) bool { return r < '0' || r > '9' })
			if core == "" || core != digitsOnly(core) || len(core) > 5 {
				flush()
				continue
			}
			if !strings.HasPrefix(f, core) {
				flush()
			}
			run = append(run, core)
			if !strings.HasSuffix(f, core) {
				flush()
			}
		}
		flush()
	}
	if len(extra) == 0 {
		return terms
	}
	return strings.TrimSpace(terms + " " + strings.Join(extra, " "))
}

const insertSearchDoc = `INSERT INTO search_doc (id, type, ref, lang, original, kind, region, stages,
	title, summary, detail, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

const insertSearchRow = `INSERT INTO search_fts (rowid, title, terms, summary, body, head_stems, stems, scope)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

const insertHeadRow = `INSERT INTO search_head (rowid, title, terms, head_stems) VALUES (?, ?, ?, ?)`

// search numbers a unit's documents and keeps them with their index rows
// for writeSearch.
func (w *writer) search(docs []searchDoc, rows []ftsRow) {
	if w.err != nil {
		return
	}
	ids, err := w.ids.assign(w.tx, docs)
	if err != nil {
		w.err = err
		return
	}
	for i := range docs {
		w.pending = append(w.pending, pendingDoc{ids[i], &docs[i], &rows[i]})
	}
}

// pendingDoc is a document waiting to be written with its index rows.
type pendingDoc struct {
	id  int64
	doc *searchDoc
	row *ftsRow
}

// writeSearch writes the documents of the install and their index rows:
// every text in search_fts, and those with a title or terms in
// search_head too. They go in order of id: FTS5 writes its pending words
// out as a new segment whenever a row id is lower than the last, which in
// pack order would be at almost every item, leaving the index in
// thousands of pieces.
func (w *writer) writeSearch() {
	sort.Slice(w.pending, func(i, j int) bool { return w.pending[i].id < w.pending[j].id })
	for _, p := range w.pending {
		d, r := p.doc, p.row
		w.exec(insertSearchDoc, p.id, d.typ, d.ref, d.lang, d.original, d.kind, d.region, d.stages,
			d.showTitle, d.showSummary, d.detail, d.status)
		w.exec(insertSearchRow, p.id, r.title, r.terms, r.summary, r.body, r.headStems, r.stems, d.scope)
		if r.title != "" || r.terms != "" || r.headStems != "" {
			w.exec(insertHeadRow, p.id, r.title, r.terms, r.headStems)
		}
	}
	w.pending = nil
}

// removeSearch is the statements that take a unit's documents out.
func removeSearch(typ, match string) []string {
	where := `type = '` + typ + `' AND ` + match
	return []string{`DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_doc WHERE ` + where + `)`,
		`DELETE FROM search_head WHERE rowid IN (SELECT id FROM search_doc WHERE ` + where + `)`,
		`DELETE FROM search_doc WHERE ` + where}
}
