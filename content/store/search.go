package store

import (
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
//   - as written, or as the start of a longer word (case, accents, tashkeel,
//     letter variants and the Arabic article do not matter: see fold);
//   - by its stem, in the languages Safar has stemmers for;
//   - through the shared synonyms, which carry a word across languages and
//     dialects (پزشک finds the Dari داکتر);
//   - when these find fewer than five, with one typing mistake forgiven
//     in a word of five letters or more, and then with any of the words.
//     Such hits come after all others.
//
// The title and search terms weigh most, then the summary, then the body;
// the words as one phrase rank above the words apart, and items for the
// reader's stage rank above others. A query with no words finds nothing.
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
	groups := syn.groups(tokens)
	out, err := s.run(matchExpression(groups, tokens, nil, false), q)
	if err != nil || len(out) >= fuzzyBelow {
		return out, err
	}
	// Too few hits: forgive one typing mistake in the long words, then a
	// word that no text has. What was found as typed stays first.
	voc, err := s.vocabulary()
	if err != nil {
		return nil, err
	}
	fixes := map[string][]string{}
	for _, t := range tokens {
		if utf8.RuneCountInString(t) >= fuzzyMinLen {
			if c := voc.corrections(t); len(c) > 0 {
				fixes[t] = c
			}
		}
	}
	if len(fixes) > 0 {
		if out, err = s.more(out, matchExpression(groups, tokens, fixes, false), q); err != nil {
			return nil, err
		}
	}
	if len(out) < fuzzyBelow && len(groups) > 1 {
		if out, err = s.more(out, matchExpression(groups, tokens, fixes, true), q); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// more appends to out the results of match it does not have, marked
// Approximate.
func (s *Store) more(out []Result, match string, q Query) ([]Result, error) {
	more, err := s.run(match, q)
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

const (
	textColumns = `{title terms summary body}`
	stemColumns = `{head_stems stems}`
)

// matchExpression builds the FTS5 query: every group must match (any,
// if relaxed); fixes are typo corrections to allow for some words.
func matchExpression(groups []group, tokens []string, fixes map[string][]string, relaxed bool) string {
	parts := make([]string, 0, len(groups))
	for _, g := range groups {
		parts = append(parts, g.expr(fixes))
	}
	op := " AND "
	if relaxed {
		op = " OR "
	}
	match := strings.Join(parts, op)
	if len(tokens) > 1 {
		// The words as one phrase: matched again, so such rows rank higher.
		match = "(" + match + ") OR " + textColumns + ": " + phrase(tokens, true)
	}
	return match
}

// group is a word of the query, or a run of words that names a concept of
// the synonyms; concept is then the concept's index token.
type group struct {
	tokens  []string
	concept string
}

func (g group) expr(fixes map[string][]string) string {
	words := make([]string, len(g.tokens))
	for i, t := range g.tokens {
		words[i] = wordExpr(t, fixes[t])
	}
	own := strings.Join(words, " AND ")
	if g.concept == "" {
		return own
	}
	return "((" + own + ") OR " + stemColumns + ": " + phrase([]string{g.concept}, false) + ")"
}

// wordExpr matches one word as written or as a prefix, by its stems, or
// by its corrections.
func wordExpr(t string, fixes []string) string {
	alts := []string{phrase([]string{t}, utf8.RuneCountInString(t) > 1)}
	for _, f := range fixes {
		alts = append(alts, phrase([]string{f}, true))
	}
	e := textColumns + ": (" + strings.Join(alts, " OR ") + ")"
	if st := fold.QueryStems(t); len(st) > 0 {
		qs := make([]string, len(st))
		for i, s := range st {
			qs[i] = phrase([]string{s}, false)
		}
		e += " OR " + stemColumns + ": (" + strings.Join(qs, " OR ") + ")"
	}
	return "(" + e + ")"
}

// phrase quotes words as an FTS5 phrase, so operators a reader types are
// only text; prefix lets the last word be the start of a longer one.
func phrase(words []string, prefix bool) string {
	q := `"` + strings.ReplaceAll(strings.Join(words, " "), `"`, `""`) + `"`
	if prefix {
		q += "*"
	}
	return q
}

func quoteless(s string) string { return strings.ReplaceAll(s, `"`, "") }

// run finds what match matches: first in the reader's country, then, if
// that leaves room, in what belongs to every country (the phrasebook,
// country names). A query with no country searches everything at once.
func (s *Store) run(match string, q Query) ([]Result, error) {
	if q.Country == "" {
		return s.runScoped(match, q)
	}
	out, err := s.runScoped(`{scope}: "cc`+quoteless(q.Country)+`" AND (`+match+`)`, q)
	if err != nil || len(out) >= q.Limit {
		return out, err
	}
	rest := q
	rest.Limit -= len(out)
	more, err := s.runScoped(`{scope}: "`+scopeAll+`" AND (`+match+`)`, rest)
	return append(out, more...), err
}

// hitsPerResult and minHits size the hits a search ranks before grouping.
const hitsPerResult, minHits = 8, 200

// runScoped executes one match expression and reads its results with their
// display text in the reader's language, in one statement.
func (s *Store) runScoped(match string, q Query) ([]Result, error) {
	// Hits are translations: enough of them to hold the best results in
	// every language, and to let the type weights below reorder them.
	args := []any{match, max(q.Limit*hitsPerResult, minHits), string(q.Stage), q.Limit}
	langIn := `?` + strings.Repeat(", ?", len(q.Chain)-1)
	for _, l := range q.Chain {
		args = append(args, l)
	}
	rows, err := s.db.Query(`
		WITH hits AS (
			SELECT rowid AS id, rank FROM search_fts WHERE search_fts MATCH ?1 ORDER BY rank LIMIT ?2
		), best AS (
			-- bm25 ranks are negative: bonuses multiply them. The reader's
			-- stage counts; short texts (services, places, phrases) would
			-- otherwise outrank the articles bm25 finds long.
			SELECT d.type, d.ref, min(hits.rank
				* CASE WHEN ?3 <> '' AND instr(' ' || d.stages || ' ', ' ' || ?3 || ' ') THEN 1.5 ELSE 1.0 END
				* CASE d.type WHEN 'phrase' THEN 0.25 WHEN 'service' THEN 0.7 WHEN 'place' THEN 0.8 ELSE 1.0 END
			) AS score
			FROM hits JOIN search_doc d ON d.id = hits.id
			GROUP BY d.type, d.ref ORDER BY score LIMIT ?4
		)
		SELECT best.type, best.ref, best.score, d.lang, d.original, d.kind, d.region, d.stages,
			d.title, d.summary, d.detail, d.status
		FROM best JOIN search_doc d ON d.ref = best.ref AND d.type = best.type
		WHERE d.lang IN (`+langIn+`) OR d.lang = d.original
		ORDER BY best.score, best.type, best.ref`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Result
	type cand struct {
		key      string
		byLang   map[string]Result
		langs    []string
		original string
	}
	var cands []*cand
	for rows.Next() {
		var r Result
		var original, kind, stages, status string
		if err := rows.Scan(&r.Type, &r.ID, &r.Score, &r.Lang, &original, &kind, &r.Region, &stages,
			&r.Title, &r.Summary, &r.Detail, &status); err != nil {
			return nil, err
		}
		r.Kind, r.Status = content.Kind(kind), content.Status(status)
		for _, st := range splitList(stages) {
			r.Stages = append(r.Stages, content.Stage(st))
		}
		// Rows come grouped by result, best first.
		key := r.Type + " " + r.ID
		if n := len(cands); n == 0 || cands[n-1].key != key {
			cands = append(cands, &cand{key: key, byLang: map[string]Result{}, original: original})
		}
		c := cands[len(cands)-1]
		c.byLang[r.Lang] = r
		c.langs = append(c.langs, r.Lang)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range cands {
		r := c.byLang[content.Pick(c.langs, q.Chain, c.original)]
		r.OtherLanguage = !content.SameLanguage(r.Lang, q.Chain[0])
		out = append(out, r)
	}
	return out, nil
}
