package store

import (
	"database/sql"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"safar.app/safar/content/fold"
)

// searchCache holds what search reads once per installed pack: the
// synonyms, the vocabulary of the index, and the lists last read (a
// bounded cache). Install, reindex and restore drop it; gen counts the
// drops, so that lists read before one are not kept after it.
type searchCache struct {
	mu       sync.Mutex
	syn      *synonymIndex
	vocab    *vocabulary
	lists    lru[postingList] // by key
	shown    lru[Result]      // by result key and reader's languages
	prefixes lru[[]string]    // a prefix's commonest words
	gen      uint64
	stmts    map[string]*sql.Stmt // prepared search statements; they outlive installs
}

func (s *Store) dropVocabulary() {
	s.cache.mu.Lock()
	s.cache.syn, s.cache.vocab = nil, nil
	s.cache.lists = lru[postingList]{max: listCacheBytes}
	s.cache.shown = lru[Result]{max: shownCacheBytes}
	s.cache.prefixes = lru[[]string]{max: prefixCacheBytes}
	s.cache.gen++
	s.cache.mu.Unlock()
}

// synonymIndex finds the concepts a query's words name.
type synonymIndex struct {
	// byKey maps a folded word, or "\x00"+one of its stems, to the entries
	// that start with it.
	byKey map[string][]synEntry
}

type synEntry struct {
	concept string
	tokens  []string // folded
	stems   [][]string
}

func (s *Store) synonyms() (*synonymIndex, error) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if s.cache.syn != nil {
		return s.cache.syn, nil
	}
	rows, err := s.db.Query(`SELECT concept, term FROM synonym ORDER BY rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	idx := &synonymIndex{byKey: map[string][]synEntry{}}
	seen := map[string]bool{}
	for rows.Next() {
		var concept, term string
		if err := rows.Scan(&concept, &term); err != nil {
			return nil, err
		}
		tokens := fold.Terms(fold.Fold(term))
		if len(tokens) == 0 || seen[concept+" "+strings.Join(tokens, " ")] {
			continue
		}
		seen[concept+" "+strings.Join(tokens, " ")] = true
		e := synEntry{concept: concept, tokens: tokens, stems: make([][]string, len(tokens))}
		for i, t := range tokens {
			e.stems[i] = fold.QueryStems(t)
		}
		keys := append([]string{tokens[0]}, prefixed(e.stems[0])...)
		for _, k := range dedupe(keys) {
			idx.byKey[k] = append(idx.byKey[k], e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.cache.syn = idx
	return idx, nil
}

func prefixed(stems []string) []string {
	out := make([]string, len(stems))
	for i, s := range stems {
		out[i] = "\x00" + s
	}
	return out
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// groups splits query tokens into groups: the longest run of words at each
// place that names a concept becomes one group with the concept's words.
func (idx *synonymIndex) groups(tokens []string) []group {
	var out []group
	for i := 0; i < len(tokens); {
		bestLen, bestConcept := 0, ""
		keys := append([]string{tokens[i]}, prefixed(fold.QueryStems(tokens[i]))...)
		for _, k := range keys {
			for _, e := range idx.byKey[k] {
				if n := len(e.tokens); n > bestLen && e.matches(tokens[i:]) {
					bestLen, bestConcept = n, e.concept
				}
			}
		}
		if bestLen == 0 {
			out = append(out, group{tokens: tokens[i : i+1]})
			i++
			continue
		}
		out = append(out, group{tokens: tokens[i : i+bestLen], concept: conceptToken(bestConcept)})
		i += bestLen
	}
	return out
}

// matches reports whether the query words start with the entry's words,
// each equal or sharing a stem.
func (e synEntry) matches(words []string) bool {
	if len(words) < len(e.tokens) {
		return false
	}
	for i, t := range e.tokens {
		if words[i] == t {
			continue
		}
		ok := false
		for _, qs := range fold.QueryStems(words[i]) {
			for _, es := range e.stems[i] {
				ok = ok || qs == es
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// vocabulary is what search reads once per installed pack: how many texts
// the index holds (for IDF), their languages (textLangs), and, on the
// first typo, the index's words as written for typo correction.
type vocabulary struct {
	docs  int
	texts textLangs

	db    *sql.DB
	once  sync.Once
	err   error
	words []string // sorted
	df    []int32  // how many texts have each word
	// deletes maps the words of four letters or more, and each of them
	// with one letter left out, to the words: a word and a query within
	// one edit share such a form (symmetric deletion).
	deletes map[string][]int32
}

func (s *Store) vocabulary() (*vocabulary, error) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if s.cache.vocab != nil {
		return s.cache.vocab, nil
	}
	v := &vocabulary{db: s.db}
	if err := v.texts.read(s.db); err != nil {
		return nil, err
	}
	v.docs = len(v.texts.ids)
	s.cache.vocab = v
	return v, nil
}

// loadWords reads the words and builds the deletion table, once.
func (v *vocabulary) loadWords() error {
	v.once.Do(func() {
		rows, err := v.db.Query(`SELECT term, df FROM search_term WHERE term >= ? ORDER BY term`, wordKeysFrom)
		if err != nil {
			v.err = err
			return
		}
		defer rows.Close()
		for rows.Next() {
			var term string
			var df int32
			if err := rows.Scan(&term, &df); err != nil {
				v.err = err
				return
			}
			v.words = append(v.words, term)
			v.df = append(v.df, df)
		}
		if v.err = rows.Err(); v.err == nil {
			v.buildDeletes()
		}
	})
	return v.err
}

func (v *vocabulary) buildDeletes() {
	v.deletes = map[string][]int32{}
	for i, term := range v.words {
		if utf8.RuneCountInString(term) < fuzzyMinLen-1 || isDigits(term) {
			continue
		}
		for _, d := range deletions(term, true) {
			v.deletes[d] = append(v.deletes[d], int32(i))
		}
	}
}

// completions are w and the indexed words it starts, the commonest first,
// at most prefixWords besides w itself: from the index's key range, and
// kept (a reader typing reads the same prefix again).
func (s *Store) completions(w string) ([]string, error) {
	s.cache.mu.Lock()
	gen := s.cache.gen
	c, ok := s.cache.prefixes.get(w)
	s.cache.mu.Unlock()
	if ok {
		return c, nil
	}
	// Keys are UTF-8, which never holds the byte 0xff: w+"\xff" sorts
	// after every word that starts with w.
	st, err := s.stmt(`SELECT term FROM search_term WHERE term > ?1 AND term < ?2 ORDER BY df DESC, term LIMIT ?3`)
	if err != nil {
		return nil, err
	}
	rows, err := st.Query(w, w+"\xff", prefixWords)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c = []string{w}
	size := len(w)
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		c = append(c, t)
		size += len(t) + 16
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	if gen == s.cache.gen {
		s.cache.prefixes.put(w, c, size)
	}
	s.cache.mu.Unlock()
	return c, nil
}

// deletions are w with one letter left out, and w itself if self.
func deletions(w string, self bool) []string {
	rs := []rune(w)
	out := make([]string, 0, len(rs)+1)
	if self {
		out = append(out, w)
	}
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
	}
	return out
}

// maxFixes is how many corrections of one word are tried, the most
// common first.
const maxFixes = 6

// corrections are the indexed words one insertion, deletion, replacement
// or swap of neighbours away from w.
func (v *vocabulary) corrections(w string) ([]string, error) {
	if err := v.loadWords(); err != nil {
		return nil, err
	}
	found := map[int32]bool{}
	for _, d := range deletions(w, true) {
		for _, i := range v.deletes[d] {
			if !found[i] && v.words[i] != w && withinOneEdit(w, v.words[i]) {
				found[i] = true
			}
		}
	}
	ids := make([]int32, 0, len(found))
	for i := range found {
		ids = append(ids, i)
	}
	sort.Slice(ids, func(a, b int) bool {
		if v.df[ids[a]] != v.df[ids[b]] {
			return v.df[ids[a]] > v.df[ids[b]]
		}
		return v.words[ids[a]] < v.words[ids[b]]
	})
	if len(ids) > maxFixes {
		ids = ids[:maxFixes]
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = v.words[id]
	}
	return out, nil
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, replacement or swap of neighbouring letters.
func withinOneEdit(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(x) > len(y) {
		x, y = y, x
	}
	switch len(y) - len(x) {
	case 0:
		diff := -1
		for i := range x {
			if x[i] != y[i] {
				if diff >= 0 {
					// A second difference: only a swap of neighbours.
					return diff == i-1 && x[i] == y[diff] && x[diff] == y[i] && string(x[i+1:]) == string(y[i+1:])
				}
				diff = i
			}
		}
		return true
	case 1:
		i := 0
		for i < len(x) && x[i] == y[i] {
			i++
		}
		return string(x[i:]) == string(y[i+1:])
	}
	return false
}
