package store

import (
	"database/sql"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"safar.app/safar/content"
	"safar.app/safar/content/fold"
)

// Result is one search hit: an item, a hotline, a service or programme, a
// phrase or a place. It is shown in the reader's language when it has it,
// and marked (OtherLanguage) when it does not. For items, the embedded
// ItemSummary is what any item list shows; for the other types ID is the
// hotline's, service's or phrase's id, or the place's code.
type Result struct {
	ItemSummary
	Type string // TypeItem, TypeHotline, TypeService, TypePhrase or TypePlace
	// Detail is a hotline's number, a service's address, a phrase's
	// category, or a city's country code.
	Detail string
	Score  float64 // lower is better
	// Approximate is true for a hit found only by forgiving a typing
	// mistake or a word no text has; such hits come after all others.
	Approximate bool
}

// Query is what a reader searches for, and who they are.
type Query struct {
	Text    string
	Country string        // the reader's country; "" searches all
	Stage   content.Stage // the reader's stage of the journey; its items rank first
	Chain   []string      // the reader's languages, best first
	Limit   int
}

// Search finds what matches every word of query, in any language, in
// country ("" for all). See Find.
func (s *Store) Search(query, country string, chain []string, limit int) ([]Result, error) {
	return s.Find(Query{Text: query, Country: country, Chain: chain, Limit: limit})
}

// Find searches items, hotlines, services, programmes, phrases and places.
// Every word of the query must match, in any language:
//   - as written, and the last word also as the start of a longer one
//     (case, accents, tashkeel, letter variants and the Arabic article do
//     not matter: see fold);
//   - by its stem, in the languages Safar has stemmers for;
//   - through the shared synonyms, which carry a word across languages and
//     dialects (پزشک finds the Dari داکتر);
//   - when these find fewer than five, with one typing mistake forgiven
//     in a word of five letters or more, and then with any of the words.
//     Such hits come after all others.
//
// Results with the words in their title or search terms come first; then
// the summary weighs more than the body (see run). The words as one phrase
// rank above the words apart, and items for the reader's stage rank above
// others. A query with no words finds nothing.
func (s *Store) Find(q Query) ([]Result, error) {
	tokens := queryTokens(q.Text)
	if len(tokens) == 0 {
		return nil, nil
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if len(q.Chain) == 0 {
		q.Chain = []string{"en"}
	}
	syn, err := s.synonyms()
	if err != nil {
		return nil, err
	}
	voc, err := s.vocabulary()
	if err != nil {
		return nil, err
	}
	groups := syn.groups(tokens)
	last := tokens[len(tokens)-1]
	lastForms := []string{last}
	if utf8.RuneCountInString(last) > 1 {
		if lastForms, err = s.completions(last); err != nil {
			return nil, err
		}
	}
	out, err := s.run(newPlan(groups, tokens, nil, false, voc, lastForms), q)
	if err != nil || len(out) >= fuzzyBelow {
		return out, err
	}
	// Too few hits: forgive one typing mistake in the long words, then a
	// word that no text has. What was found as typed stays first.
	fixes := map[string][]string{}
	for _, t := range tokens {
		if utf8.RuneCountInString(t) >= fuzzyMinLen {
			c, err := voc.corrections(t)
			if err != nil {
				return nil, err
			}
			if len(c) > 0 {
				fixes[t] = c
			}
		}
	}
	if len(fixes) > 0 {
		if out, err = s.more(out, newPlan(groups, tokens, fixes, false, voc, lastForms), q); err != nil {
			return nil, err
		}
	}
	if len(out) < fuzzyBelow && len(groups) > 1 {
		// Any of the words, in titles and search terms only: a text that
		// has one of a reader's words somewhere in its body is no answer,
		// and there are thousands of them.
		if out, err = s.more(out, newPlan(groups, tokens, fixes, true, voc, lastForms), q); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// more appends to out the results of p it does not have, marked
// Approximate.
func (s *Store) more(out []Result, p plan, q Query) ([]Result, error) {
	more, err := s.run(p, q)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, r := range out {
		seen[r.Type+" "+r.ID] = true
	}
	for _, r := range more {
		if len(out) >= q.Limit {
			break
		}
		if !seen[r.Type+" "+r.ID] {
			r.Approximate = true
			out = append(out, r)
		}
	}
	return out, nil
}

// fuzzyBelow is how few exact hits make a search forgive typing mistakes;
// fuzzyMinLen is the shortest word forgiven one.
const (
	fuzzyBelow  = 5
	fuzzyMinLen = 5
)

// queryTokens folds what a reader typed into words. Digit groups typed
// apart ("116 016") are joined, as the index joins them, and so are the
// Persian suffixes written after a ZWNJ when it is typed as a space
// (پناهنده گی).
func queryTokens(text string) []string {
	var out []string
	for _, t := range fold.Terms(fold.Fold(text)) {
		n := len(out)
		if n > 0 && (isDigits(t) && isDigits(out[n-1]) || detachedSuffixes[t] && isArabicScript(out[n-1])) {
			out[n-1] += t
			continue
		}
		out = append(out, t)
	}
	return out
}

// detachedSuffixes are Persian and Dari suffixes joined to their word by a
// ZWNJ, which readers without it on their keyboard type as a space.
var detachedSuffixes = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range []string{"ها", "های", "گی", "ای", "تر", "ترین"} {
		m[fold.Fold(s)] = true
	}
	return m
}()

func isArabicScript(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.Is(unicode.Arabic, r)
}

func isDigits(s string) bool { return s != "" && digitsOnly(s) == s }

// show reads the display text of found, one row each, in the first
// language of the reader's chain it has, else in its original language
// (content.Pick): the row is picked from the texts' languages in memory
// (textLangs), and what the cache does not hold is read in one statement.
func (s *Store) show(found []scored, q Query, voc *vocabulary) ([]Result, error) {
	if len(found) == 0 {
		return nil, nil
	}
	chain := strings.Join(q.Chain, ",")
	cacheKey := func(key int64) string { return strconv.FormatInt(key, 36) + " " + chain }
	byKey := make(map[int64]Result, len(found))
	var ids []string
	s.cache.mu.Lock()
	gen := s.cache.gen
	for _, f := range found {
		if r, ok := s.cache.shown.get(cacheKey(f.key)); ok {
			byKey[f.key] = r
		} else if id, ok := voc.texts.pick(f.key, q.Chain); ok {
			ids = append(ids, strconv.FormatInt(id, 10))
		}
	}
	s.cache.mu.Unlock()
	if len(ids) > 0 {
		read, err := s.readShown(ids, q.Chain)
		if err != nil {
			return nil, err
		}
		s.cache.mu.Lock()
		for k, r := range read {
			byKey[k] = r
			if gen == s.cache.gen {
				s.cache.shown.put(cacheKey(k), r, len(r.ID)+len(r.Title)+len(r.Summary)+len(r.Detail)+len(r.Region)+200)
			}
		}
		s.cache.mu.Unlock()
	}
	out := make([]Result, 0, len(found))
	for _, f := range found {
		r, ok := byKey[f.key]
		if !ok {
			continue // removed by an install since the hits were read
		}
		r.Score = -f.score
		out = append(out, r)
	}
	return out, nil
}

// readShown reads the display text of the texts ids (decimal) for a
// reader of chain, by result key.
func (s *Store) readShown(ids []string, chain []string) (map[int64]Result, error) {
	st, err := s.stmt(`SELECT d.id, d.type, d.ref, d.lang, d.kind, d.region, d.stages,
			d.title, d.summary, d.detail, d.status
		FROM json_each(?1) j JOIN search_doc d ON d.id = j.value`)
	if err != nil {
		return nil, err
	}
	rows, err := st.Query("[" + strings.Join(ids, ",") + "]")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]Result, len(ids))
	other := map[string]bool{}
	for rows.Next() {
		var r Result
		var id int64
		var kind, stages, status string
		if err := rows.Scan(&id, &r.Type, &r.ID, &r.Lang, &kind, &r.Region, &stages,
			&r.Title, &r.Summary, &r.Detail, &status); err != nil {
			return nil, err
		}
		r.Kind, r.Status = content.Kind(kind), content.Status(status)
		for _, st := range splitList(stages) {
			r.Stages = append(r.Stages, content.Stage(st))
		}
		o, ok := other[r.Lang]
		if !ok { // SameLanguage parses tags: once per language
			o = !content.SameLanguage(r.Lang, chain[0])
			other[r.Lang] = o
		}
		r.OtherLanguage = o
		out[id>>resultShift] = r
	}
	return out, rows.Err()
}

// textLangs is the language of every text of the index, in id order, and
// its result's original language: a result's text in the reader's
// language is picked from it without reading rows. About 12 bytes a text.
type textLangs struct {
	ids        []int64
	lang, orig []uint16 // in names
	names      []string
}

func (t *textLangs) read(db *sql.DB) error {
	rows, err := db.Query(`SELECT id, lang, original FROM search_doc ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	index := map[string]uint16{}
	code := func(l string) uint16 {
		c, ok := index[l]
		if !ok {
			c = uint16(len(t.names))
			index[l] = c
			t.names = append(t.names, l)
		}
		return c
	}
	for rows.Next() {
		var id int64
		var lang, orig string
		if err := rows.Scan(&id, &lang, &orig); err != nil {
			return err
		}
		t.ids = append(t.ids, id)
		t.lang = append(t.lang, code(lang))
		t.orig = append(t.orig, code(orig))
	}
	return rows.Err()
}

// pick is the id of result key's text in the first language of chain it
// has, else in its original language; false if it has neither.
func (t *textLangs) pick(key int64, chain []string) (int64, bool) {
	i := sort.Search(len(t.ids), func(i int) bool { return t.ids[i] >= key<<resultShift })
	best, bestRank := int64(0), -1
	for ; i < len(t.ids) && t.ids[i]>>resultShift == key; i++ {
		rank := len(chain)
		if l := t.names[t.lang[i]]; !slices.Contains(chain, l) {
			if t.lang[i] != t.orig[i] {
				continue
			}
		} else {
			rank = slices.Index(chain, l)
		}
		if bestRank < 0 || rank < bestRank {
			best, bestRank = t.ids[i], rank
		}
	}
	return best, bestRank >= 0
}

// stmt prepares query once per store.
func (s *Store) stmt(query string) (*sql.Stmt, error) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if st, ok := s.cache.stmts[query]; ok {
		return st, nil
	}
	st, err := s.db.Prepare(query)
	if err != nil {
		return nil, err
	}
	if s.cache.stmts == nil {
		s.cache.stmts = map[string]*sql.Stmt{}
	}
	s.cache.stmts[query] = st
	return st, nil
}
