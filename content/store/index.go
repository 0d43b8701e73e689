package store

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

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

// textRow is a searchDoc's text folded, and the keys it is indexed under
// (postings.go).
type textRow struct {
	title, terms, summary, body string
	keys                        []keyWeight
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
	// In the names' order, not the map's: row ids then come out the same
	// in every install of the same pack.
	for _, lang := range slices.Sorted(maps.Keys(c.Names)) {
		n := c.Names[lang]
		docs = append(docs, searchDoc{typ: TypePlace, ref: c.Code, lang: lang, original: "en",
			kind: string(c.Role), region: content.NationalRegion, scope: scopeAll,
			title: n, showTitle: n, detail: c.Code, status: string(content.StatusOriginal)})
	}
	for _, r := range c.Regions {
		for _, lang := range slices.Sorted(maps.Keys(r.Names)) {
			n := r.Names[lang]
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

// index folds (with the install's folder) and stems a document, and adds
// the tokens of the concepts it names (see concepts.go) beside the stems.
func index(d searchDoc, concepts *conceptMatcher, f *fold.Folder) textRow {
	r := textRow{title: f.Fold(d.title), terms: f.Fold(d.terms), summary: f.Fold(d.summary),
		body: f.Fold(d.body)}
	// Numbers written in groups ("116 016") are found typed whole.
	r.terms = joinNumbers(r.terms, r.title, r.summary, r.body)
	r.keys = indexKeys(r, d.lang, concepts, f)
	return r
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
		if !hasDigit(t) {
			continue // no group, and so no run (most texts)
		}
		for rest := t; ; {
			var f string
			if f, rest = nextField(rest); f == "" {
				break
			}
			core := strings.TrimFunc(f, func(r rune) bool { return r < '0' || r > '9' })
			if core == "" || !allDigits(core) || len(core) > 5 {
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

// nextField returns the first of the fields strings.Fields would split s
// into, and what follows it; "" when there is none. It allocates nothing.
func nextField(s string) (field, rest string) {
	start := -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		space := unicode.IsSpace(r)
		switch {
		case !space && start < 0:
			start = i
		case space && start >= 0:
			return s[start:i], s[i:]
		}
		i += size
	}
	if start < 0 {
		return "", ""
	}
	return s[start:], ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

const (
	searchDocColumns = `INSERT INTO search_doc (id, type, ref, lang, original, kind, region, stages,
	title, summary, detail, status, terms) VALUES `
	insertSearchDoc   = searchDocColumns + `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	searchTermColumns = `INSERT INTO search_term (id, term, df, list) VALUES `
)

// search numbers a unit's documents and keeps them with their index rows
// for writeSearch.
func (w *writer) search(docs []searchDoc, rows []textRow) {
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
	row *textRow
}

// collectPostings sorts the pending documents by id and gathers their
// keys into lists. It only reads and sorts pending, so an install runs it
// while it writes the units' rows.
//
// Each distinct key gets a slot, looked up once per posting; a document's
// keys are then its slots (hundreds of thousands of map lookups fewer than
// looking the keys up again for their term ids). The lists are cut from
// two flat arrays once their lengths are known, not grown posting by
// posting.
func collectPostings(pending []pendingDoc) collected {
	sort.Slice(pending, func(i, j int) bool { return pending[i].id < pending[j].id })
	n := 0
	for _, p := range pending {
		n += len(p.row.keys)
	}
	fresh := freshLists{slot: make(map[string]int32, n/8)}
	slots := make([]int32, 0, n)
	var df []int32
	for _, p := range pending {
		for _, kw := range p.row.keys {
			k, ok := fresh.slot[kw.key]
			if !ok {
				k = int32(len(fresh.keys))
				fresh.slot[kw.key] = k
				fresh.keys = append(fresh.keys, kw.key)
				df = append(df, 0)
			}
			df[k]++
			slots = append(slots, k)
		}
	}
	ids, weights := make([]int64, n), make([]uint8, n)
	fresh.lists = make([]postingList, len(fresh.keys))
	at := 0
	for k, c := range df {
		fresh.lists[k] = postingList{ids[at : at : at+int(c)], weights[at : at : at+int(c)]}
		at += int(c)
	}
	rest := slots
	for _, p := range pending {
		for j, kw := range p.row.keys {
			l := &fresh.lists[rest[j]]
			l.ids = append(l.ids, p.id)
			l.w = append(l.w, kw.w)
		}
		rest = rest[len(p.row.keys):]
	}
	return collected{fresh, slots}
}

// collected is what collectPostings gathered: the lists, and the slot of
// each key of each document, in the documents' order.
type collected struct {
	fresh freshLists
	slots []int32
}

// writeSearch writes the documents of the install and merges their keys
// (c, collectPostings of w.pending) into the lists of search_term, taking
// out the documents removed (removeDocs). Each document records its keys'
// term ids, so that a later install can take it out again.
func (w *writer) writeSearch(c collected) {
	if w.err != nil {
		return
	}
	fresh, slots := c.fresh, c.slots
	termIDs, err := w.mergeLists(fresh)
	if err != nil {
		w.err = err
		return
	}
	terms := []int64{}
	args := make([]any, 0, 13*len(w.pending))
	for _, p := range w.pending {
		d := p.doc
		terms = terms[:0]
		for _, k := range slots[:len(p.row.keys)] {
			terms = append(terms, termIDs[k])
		}
		slots = slots[len(p.row.keys):]
		slices.Sort(terms)
		args = append(args, p.id, d.typ, d.ref, d.lang, d.original, d.kind, d.region, d.stages,
			d.showTitle, d.showSummary, d.detail, d.status, encodeIDs(terms))
	}
	w.insertMany(searchDocColumns, 13, args)
	w.pending, w.removedDocs, w.removedTerms = nil, nil, nil
}

// freshLists are an install's new postings: the list of each key, by the
// key's slot.
type freshLists struct {
	slot  map[string]int32
	keys  []string
	lists []postingList
}

// mergeLists writes the new postings into search_term: into an empty table
// at once, else key by key, merged with the stored list less the removed
// documents. It returns the term id of every key of fresh, by slot.
func (w *writer) mergeLists(fresh freshLists) ([]int64, error) {
	order := make([]int32, len(fresh.keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(fresh.keys[a], fresh.keys[b]) })
	var next int64
	if err := w.tx.QueryRow(`SELECT coalesce(max(id), 0) + 1 FROM search_term`).Scan(&next); err != nil {
		return nil, err
	}
	ids := make([]int64, len(fresh.keys))
	var inserts []any
	insert := func(k int32) {
		ids[k] = next
		l := fresh.lists[k]
		inserts = append(inserts, next, fresh.keys[k], len(l.ids), encodeList(l))
		next++
	}
	if next == 1 {
		inserts = make([]any, 0, 4*len(order))
		for _, k := range order {
			insert(k)
		}
		w.insertMany(searchTermColumns, 4, inserts)
		return ids, w.err
	}
	type stored struct {
		id   int64
		list []byte
		df   int
	}
	// The stored lists of the keys written and of those that held removed
	// texts, read 500 to a statement: a sync that adds thousands of texts
	// touches tens of thousands of keys.
	touched := map[string]*stored{}
	read := func(query string, values []any) error {
		for start := 0; start < len(values); start += 500 {
			arg, err := json.Marshal(values[start:min(start+500, len(values))])
			if err != nil {
				return err
			}
			rows, err := w.tx.Query(query, string(arg))
			if err != nil {
				return err
			}
			for rows.Next() {
				var k string
				var st stored
				if err := rows.Scan(&st.id, &k, &st.df, &st.list); err != nil {
					rows.Close()
					return err
				}
				if touched[k] == nil {
					touched[k] = &st
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	}
	byTerm := make([]any, len(order))
	for i, k := range order {
		byTerm[i] = fresh.keys[k]
	}
	if err := read(`SELECT id, term, df, list FROM search_term WHERE term IN (SELECT value FROM json_each(?))`, byTerm); err != nil {
		return nil, err
	}
	byID := make([]any, 0, len(w.removedTerms))
	for id := range w.removedTerms {
		byID = append(byID, id)
	}
	if err := read(`SELECT id, term, df, list FROM search_term WHERE id IN (SELECT value FROM json_each(?))`, byID); err != nil {
		return nil, err
	}
	for k, st := range touched {
		old, ok := decodeList(st.list, st.df)
		if !ok {
			return nil, fmt.Errorf("search_term %d: damaged list", st.id)
		}
		var add postingList
		slot, isFresh := fresh.slot[k]
		if isFresh {
			add = fresh.lists[slot]
			ids[slot] = st.id
		}
		merged := mergeKeeping(old, add, w.removedDocs)
		switch {
		case len(merged.ids) == 0:
			w.exec(`DELETE FROM search_term WHERE id = ?`, st.id)
		default:
			w.exec(`UPDATE search_term SET df = ?, list = ? WHERE id = ?`, len(merged.ids), encodeList(merged), st.id)
		}
	}
	for _, k := range order {
		if touched[fresh.keys[k]] == nil {
			insert(k)
		}
	}
	w.insertMany(searchTermColumns, 4, inserts)
	return ids, w.err
}

// mergeKeeping merges two lists in id order, leaving out of old the ids in
// removed; an id in both (a text written again) keeps add's weight.
func mergeKeeping(old, add postingList, removed map[int64]bool) postingList {
	out := postingList{ids: make([]int64, 0, len(old.ids)+len(add.ids)), w: make([]uint8, 0, len(old.ids)+len(add.ids))}
	i, j := 0, 0
	for i < len(old.ids) || j < len(add.ids) {
		switch {
		case j == len(add.ids) || i < len(old.ids) && old.ids[i] < add.ids[j]:
			if !removed[old.ids[i]] {
				out.ids, out.w = append(out.ids, old.ids[i]), append(out.w, old.w[i])
			}
			i++
		default:
			if i < len(old.ids) && old.ids[i] == add.ids[j] {
				i++
			}
			out.ids, out.w = append(out.ids, add.ids[j]), append(out.w, add.w[j])
			j++
		}
	}
	return out
}

// removeDocs notes the documents that match (and so the lists that hold
// them) before they are deleted; writeSearch takes them out of the lists.
func (w *writer) removeDocs(query string, arg any) {
	if w.err != nil {
		return
	}
	rows, err := w.tx.Query(query, arg)
	if err != nil {
		w.err = err
		return
	}
	defer rows.Close()
	if w.removedDocs == nil {
		w.removedDocs, w.removedTerms = map[int64]bool{}, map[int64]bool{}
	}
	for rows.Next() {
		var id int64
		var terms []byte
		if err := rows.Scan(&id, &terms); err != nil {
			w.err = err
			return
		}
		w.removedDocs[id] = true
		for _, t := range decodeIDs(terms) {
			w.removedTerms[t] = true
		}
	}
	if err := rows.Err(); err != nil {
		w.err = err
	}
}

// removeSearch is the statements that take a unit's documents out: the
// first, a SELECT, finds them for removeDocs.
func removeSearch(typ, match string) []string {
	where := `type = '` + typ + `' AND ` + match
	return []string{`SELECT id, terms FROM search_doc WHERE ` + where, `DELETE FROM search_doc WHERE ` + where}
}
