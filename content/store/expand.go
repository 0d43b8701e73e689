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
// synonyms, and (when a typo first needs it) the vocabulary of the index.
// Install and reindex drop it.
type searchCache struct {
	mu    sync.Mutex
	syn   *synonymIndex
	vocab *vocabulary
	stmts map[string]*sql.Stmt // prepared search statements; they outlive installs
}

func (s *Store) dropVocabulary() {
	s.cache.mu.Lock()
	s.cache.syn, s.cache.vocab = nil, nil
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

// vocabulary is the index's words of four letters or more, for typo
// correction by symmetric deletion: a word and a query within one edit
// share a form with at most one letter deleted.
type vocabulary struct {
	terms   []string
	docs    []int
	deletes map[string][]int32
}

func (s *Store) vocabulary() (*vocabulary, error) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if s.cache.vocab != nil {
		return s.cache.vocab, nil
	}
	rows, err := s.db.Query(`SELECT term, doc FROM search_vocab`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	v := &vocabulary{deletes: map[string][]int32{}}
	for rows.Next() {
		var term string
		var docs int
		if err := rows.Scan(&term, &docs); err != nil {
			return nil, err
		}
		if utf8.RuneCountInString(term) < fuzzyMinLen-1 || isDigits(term) {
			continue
		}
		i := int32(len(v.terms))
		v.terms = append(v.terms, term)
		v.docs = append(v.docs, docs)
		for _, d := range deletions(term, true) {
			v.deletes[d] = append(v.deletes[d], i)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.cache.vocab = v
	return v, nil
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
func (v *vocabulary) corrections(w string) []string {
	found := map[int32]bool{}
	for _, d := range deletions(w, true) {
		for _, i := range v.deletes[d] {
			if !found[i] && v.terms[i] != w && withinOneEdit(w, v.terms[i]) {
				found[i] = true
			}
		}
	}
	ids := make([]int32, 0, len(found))
	for i := range found {
		ids = append(ids, i)
	}
	sort.Slice(ids, func(a, b int) bool {
		if v.docs[ids[a]] != v.docs[ids[b]] {
			return v.docs[ids[a]] > v.docs[ids[b]]
		}
		return v.terms[ids[a]] < v.terms[ids[b]]
	})
	if len(ids) > maxFixes {
		ids = ids[:maxFixes]
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = v.terms[id]
	}
	return out
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
