package store

import (
	"database/sql"
	"fmt"
	"math"
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
	groups := syn.groups(tokens)
	out, err := s.run(matchExpressions(groups, tokens, nil, false), q)
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
		if out, err = s.more(out, matchExpressions(groups, tokens, fixes, false), q); err != nil {
			return nil, err
		}
	}
	if len(out) < fuzzyBelow && len(groups) > 1 {
		// Any of the words, in titles and search terms only: a text that
		// has one of a reader's words somewhere in its body is no answer,
		// and there are thousands of them.
		relaxed := matchExpressions(groups, tokens, fixes, true)
		relaxed.headOnly = true
		if out, err = s.more(out, relaxed, q); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// more appends to out the results of match it does not have, marked
// Approximate.
func (s *Store) more(out []Result, match matches, q Query) ([]Result, error) {
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

// columns names the columns of an index that hold words as written and
// their stems.
type columns struct{ text, stems string }

var (
	fullColumns = columns{`{title terms summary body}`, `{head_stems stems}`}
	headColumns = columns{`{title terms}`, `{head_stems}`}
)

// matches is a query as FTS5 expressions for search_head and search_fts;
// headOnly leaves search_fts out.
type matches struct {
	head, full string
	headOnly   bool
}

func matchExpressions(groups []group, tokens []string, fixes map[string][]string, relaxed bool) matches {
	return matches{head: matchExpression(groups, tokens, fixes, relaxed, headColumns),
		full: matchExpression(groups, tokens, fixes, relaxed, fullColumns)}
}

// matchExpression builds the FTS5 query over cols: every group must match
// (any, if relaxed); fixes are typo corrections to allow for some words.
func matchExpression(groups []group, tokens []string, fixes map[string][]string, relaxed bool, cols columns) string {
	parts := make([]string, 0, len(groups))
	for _, g := range groups {
		parts = append(parts, g.expr(fixes, cols, tokens[len(tokens)-1]))
	}
	op := " AND "
	if relaxed {
		op = " OR "
	}
	match := strings.Join(parts, op)
	if len(tokens) > 1 {
		// The words as one phrase: matched again, so such rows rank higher.
		match = "(" + match + ") OR " + cols.text + ": " + phrase(tokens, true)
	}
	return match
}

// group is a word of the query, or a run of words that names a concept of
// the synonyms; concept is then the concept's index token.
type group struct {
	tokens  []string
	concept string
}

func (g group) expr(fixes map[string][]string, cols columns, last string) string {
	words := make([]string, len(g.tokens))
	for i, t := range g.tokens {
		words[i] = wordExpr(t, fixes[t], cols, t == last)
	}
	own := strings.Join(words, " AND ")
	if g.concept == "" {
		return own
	}
	return "((" + own + ") OR " + cols.stems + ": " + phrase([]string{g.concept}, false) + ")"
}

// wordExpr matches one word as written, or as a prefix if it is the last
// word typed (a reader is still typing it), by its stems, or by its
// corrections. The words before the last are whole: a prefix query reads
// the lists of every word it starts, and a word the reader has finished
// typing is found as written or by its stem.
func wordExpr(t string, fixes []string, cols columns, last bool) string {
	alts := []string{phrase([]string{t}, last && utf8.RuneCountInString(t) > 1)}
	for _, f := range fixes {
		alts = append(alts, phrase([]string{f}, true))
	}
	e := cols.text + ": (" + strings.Join(alts, " OR ") + ")"
	if st := fold.QueryStems(t); len(st) > 0 {
		qs := make([]string, len(st))
		for i, s := range st {
			qs[i] = phrase([]string{s}, false)
		}
		e += " OR " + cols.stems + ": (" + strings.Join(qs, " OR ") + ")"
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

// run finds what match matches: first in the reader's country, then, if
// that leaves room, in what belongs to every country (the phrasebook,
// country names). A query with no country searches everything at once.
//
// In each, the titles and search terms (search_head) are searched first;
// the full index only when they leave room on the page. Results that name
// the words in their title thus come first, and a word in the text of
// half the pack costs no more than the page it fills (see fullHits).
func (s *Store) run(m matches, q Query) ([]Result, error) {
	ranges := [][2]int64{{0, math.MaxInt64}}
	if q.Country != "" {
		lo, hi := scopeRange("cc" + q.Country)
		alo, ahi := scopeRange(scopeAll)
		ranges = [][2]int64{{lo, hi}, {alo, ahi}}
	}
	var found []scored
	seen := map[int64]bool{}
	for _, r := range ranges {
		for _, full := range []bool{false, true} {
			if len(found) >= q.Limit || full && m.headOnly {
				break
			}
			var hs []hit
			var err error
			if full {
				hs, err = s.fullHits(m.full, r, q)
			} else {
				hs, err = s.hits(headRanked, m.head, r, hitCap(q))
			}
			if err != nil {
				return nil, err
			}
			for _, sc := range groupHits(hs, q.Stage) {
				if len(found) < q.Limit && !seen[sc.key] {
					seen[sc.key] = true
					found = append(found, sc)
				}
			}
		}
	}
	return s.show(found, q)
}

// hitCap is how many hits (texts) a search ranks: enough to hold the best
// results in every language.
func hitCap(q Query) int { return max(q.Limit*hitsPerResult, minHits) }

// hitsPerResult and minHits size the hits a search ranks before grouping;
// rankedAtMost is the most texts of the full index ranked by bm25 (about
// 3 µs each on the benchmark corpus).
const hitsPerResult, minHits, rankedAtMost = 8, 200, 100

const (
	// bm25 with the weights of each table's rank (schema.go), sorted by
	// SQLite: ORDER BY rank makes FTS5 prepare a statement of its own for
	// every query, which costs a third more.
	headRanked = `SELECT rowid, bm25(search_head, 10.0, 10.0, 5.0) AS r FROM search_head
		WHERE search_head MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY r LIMIT ?4`
	fullRanked = `SELECT rowid, bm25(search_fts, 10.0, 10.0, 4.0, 1.0, 5.0, 0.5, 0.0) AS r FROM search_fts
		WHERE search_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY r LIMIT ?4`
	fullInOrder = `SELECT rowid, -1.0 FROM search_fts WHERE search_fts MATCH ?1
		AND rowid BETWEEN ?2 AND ?3 LIMIT ?4`
)

// hit is one matching text: its row id and bm25 rank (negative; lower is
// better).
type hit struct {
	id   int64
	rank float64
}

// fullHits searches the full index. Ranking by bm25 reads the word counts
// and length of every matching text: on the benchmark corpus, a common word
// costs milliseconds. So the hits are first read in the index's order,
// and ranked only when there are at most rankedAtMost; when there are
// more, the words are so common that the results naming them in their
// titles (search_head) already lead, and the rest follow in the pack's
// order.
func (s *Store) fullHits(match string, r [2]int64, q Query) ([]hit, error) {
	limit := hitCap(q)
	hs, err := s.hits(fullInOrder, match, r, limit)
	if err != nil || len(hs) > rankedAtMost || len(hs) == 0 {
		return hs, err
	}
	return s.hits(fullRanked, match, r, limit)
}

func (s *Store) hits(query, match string, r [2]int64, limit int) ([]hit, error) {
	st, err := s.stmt(query)
	if err != nil {
		return nil, err
	}
	rows, err := st.Query(match, r[0], r[1], limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hit
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.id, &h.rank); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// scored is a result (the key of its ids, id >> resultShift) and its
// best hit's rank, weighed by type and stage.
type scored struct {
	key   int64
	score float64
}

// groupHits folds hits into results, best first. bm25 ranks are negative:
// bonuses multiply them. The reader's stage counts; short texts
// (services, places, phrases) are weighed down (typeWeight).
func groupHits(hs []hit, stage content.Stage) []scored {
	best := map[int64]float64{}
	var order []int64
	for _, h := range hs {
		key := h.id >> resultShift
		score := h.rank * typeWeight[typeOf(key)]
		if stage != "" && hasStage(key, stage) {
			score *= 1.5
		}
		if old, ok := best[key]; !ok || score < old {
			if !ok {
				order = append(order, key)
			}
			best[key] = score
		}
	}
	out := make([]scored, len(order))
	for i, k := range order {
		out[i] = scored{k, best[k]}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score < out[j].score })
	return out
}

// show reads the display text of found, one row each, in the first
// language of the reader's chain it has, else in its original language
// (content.Pick), in one statement.
func (s *Store) show(found []scored, q Query) ([]Result, error) {
	if len(found) == 0 {
		return nil, nil
	}
	keys := make([]string, len(found))
	for i, f := range found {
		keys[i] = strconv.FormatInt(f.key, 10)
	}
	var pref strings.Builder
	langs := make([]string, len(q.Chain))
	for i := range q.Chain {
		fmt.Fprintf(&pref, " WHEN ?%d THEN %d", i+2, i)
		langs[i] = "?" + strconv.Itoa(i+2)
	}
	n := strconv.Itoa(maxTexts)
	// A result's texts are the ids key*maxTexts to key*maxTexts+maxTexts-1;
	// min() picks the row of the best language (SQLite's bare columns).
	st, err := s.stmt(`SELECT j.value, d.type, d.ref, d.lang, d.kind, d.region, d.stages,
			d.title, d.summary, d.detail, d.status,
			min(CASE d.lang` + pref.String() + ` ELSE ` + strconv.Itoa(len(q.Chain)) + ` END)
		FROM json_each(?1) j JOIN search_doc d ON d.id BETWEEN j.value * ` + n + ` AND j.value * ` + n + ` + ` + n + ` - 1
		WHERE d.lang IN (` + strings.Join(langs, ", ") + `) OR d.lang = d.original
		GROUP BY j.value`)
	if err != nil {
		return nil, err
	}
	args := []any{"[" + strings.Join(keys, ",") + "]"}
	for _, l := range q.Chain {
		args = append(args, l)
	}
	rows, err := st.Query(args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byKey := map[int64]Result{}
	other := map[string]bool{}
	for rows.Next() {
		var r Result
		var key, pick int64
		var kind, stages, status string
		if err := rows.Scan(&key, &r.Type, &r.ID, &r.Lang, &kind, &r.Region, &stages,
			&r.Title, &r.Summary, &r.Detail, &status, &pick); err != nil {
			return nil, err
		}
		r.Kind, r.Status = content.Kind(kind), content.Status(status)
		for _, st := range splitList(stages) {
			r.Stages = append(r.Stages, content.Stage(st))
		}
		o, ok := other[r.Lang]
		if !ok { // SameLanguage parses tags: once per language
			o = !content.SameLanguage(r.Lang, q.Chain[0])
			other[r.Lang] = o
		}
		r.OtherLanguage = o
		byKey[key] = r
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(found))
	for _, f := range found {
		r, ok := byKey[f.key]
		if !ok {
			continue // removed by an install since the hits were read
		}
		r.Score = f.score
		out = append(out, r)
	}
	return out, nil
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
