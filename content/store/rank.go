package store

import (
	"math"
	"slices"
	"sort"

	"safar.app/safar/content"
	"safar.app/safar/content/fold"
)

// group is a word of the query, or a run of words that names a concept of
// the synonyms; concept is then the concept's index token.
type group struct {
	tokens  []string
	concept string
}

// plan is a query as the keys of search_term it reads (postings.go).
type plan struct {
	groups []groupKeys
	// pairs holds, for each two neighbouring words of the query, the pair
	// keys any of which makes them a phrase.
	pairs [][]string
	// relaxed: any group, in titles and search terms only.
	relaxed bool
	docs    int // texts in the index, for IDF
	voc     *vocabulary
}

// groupKeys are a group's keys: every word must match (each by any of its
// keys), or the concept.
type groupKeys struct {
	words   [][]alt
	concept string
}

// alt is a key that matches a word of the query, and the share of its
// weight a match counts.
type alt struct {
	key    string
	factor float32
}

// stemAsWord is the share of a word's weight it counts when it matches as
// the stem of a query word: a word that is its own stem has no stem key
// (indexKeys), and a stem weighs half a word in the title.
const stemAsWord = 0.5

// prefixWords is how many of the words the last word typed starts are
// read, the commonest first: a reader still typing "ho" means a common
// word, and the lists of a thousand rare ones would cost more than the
// page they fill.
const prefixWords = 16

// newPlan lists the keys of a query. Each word matches as written, the
// last also as the start of longer words (it may be half typed), by its
// stems in every stemmer of its script, and by its corrections (fixes).
// The words before the last are whole: the reader has finished them.
// lastForms are the last word and its completions (Store.completions).
func newPlan(groups []group, tokens []string, fixes map[string][]string, relaxed bool, voc *vocabulary, lastForms []string) plan {
	last := tokens[len(tokens)-1]
	p := plan{relaxed: relaxed, docs: voc.docs, voc: voc}
	for _, g := range groups {
		gk := groupKeys{}
		if g.concept != "" {
			gk.concept = keyStem + g.concept
		}
		for _, t := range g.tokens {
			words := []string{t}
			if t == last {
				words = append(words, lastForms...)
			}
			words = append(words, fixes[t]...)
			words = dedupe(words)
			alts := make([]alt, 0, len(words)+4)
			for _, w := range words {
				alts = append(alts, alt{w, 1})
			}
			for _, st := range fold.QueryStems(t) {
				alts = append(alts, alt{keyStem + st, 1})
				if !slices.Contains(words, st) {
					alts = append(alts, alt{st, stemAsWord})
				}
			}
			gk.words = append(gk.words, alts)
		}
		p.groups = append(p.groups, gk)
	}
	for i := 0; i+1 < len(tokens); i++ {
		seconds := []string{tokens[i+1]}
		if i+2 == len(tokens) {
			seconds = append(seconds, lastForms...)
			if len(seconds) > 8 {
				seconds = seconds[:8]
			}
		}
		var keys []string
		for _, b := range seconds {
			keys = append(keys, pairKey(tokens[i], b))
		}
		p.pairs = append(p.pairs, dedupe(keys))
	}
	return p
}

// keys are every key the plan reads.
func (p plan) keys() []string {
	var out []string
	for _, g := range p.groups {
		for _, w := range g.words {
			for _, a := range w {
				out = append(out, a.key)
			}
		}
		if g.concept != "" {
			out = append(out, g.concept)
		}
	}
	for _, ks := range p.pairs {
		out = append(out, ks...)
	}
	return dedupe(out)
}

// run finds what p matches: first in the reader's country, then, if that
// leaves room, in what belongs to every country (the phrasebook, country
// names). A query with no country searches everything at once.
func (s *Store) run(p plan, q Query) ([]Result, error) {
	lists, err := s.lists(p.keys())
	if err != nil {
		return nil, err
	}
	ranges := [][2]int64{{0, math.MaxInt64}}
	if q.Country != "" {
		lo, hi := scopeRange("cc" + q.Country)
		alo, ahi := scopeRange(scopeAll)
		ranges = [][2]int64{{lo, hi}, {alo, ahi}}
	}
	var found []scored
	for _, r := range ranges {
		if len(found) >= q.Limit {
			break
		}
		found = append(found, p.rank(lists, r, q.Stage, q.Limit-len(found))...)
	}
	return s.show(found, q, p.voc)
}

// acc is a text that matches so far: its score and whether every part of
// the query matched in its title or search terms.
type acc struct {
	id    int64
	score float32
	head  bool
}

// rank scores the texts with ids in r that match p and returns the best
// limit results. A text's score is, for each key it matches, the key's
// IDF times the text's weight for it (postings.go): bm25 with weights per
// column, fixed at install. Results whose texts match every word in their
// title or search terms come first; the words as a phrase count half
// again; then the type and stage weights of docid.go.
func (p plan) rank(lists map[string]postingList, r [2]int64, stage content.Stage, limit int) []scored {
	idf := func(df int) float32 {
		return float32(math.Log(1 + (float64(p.docs)-float64(df)+0.5)/(float64(df)+0.5)))
	}
	// list is the part of key's list in r, as accs.
	list := func(key string, factor float32) []acc {
		l := lists[key].within(r[0], r[1])
		if len(l.ids) == 0 {
			return nil
		}
		f := factor * idf(len(lists[key].ids))
		out := make([]acc, 0, len(l.ids))
		for i, id := range l.ids {
			w := l.w[i]
			if p.relaxed && w&headBit == 0 {
				continue
			}
			out = append(out, acc{id, f * weightOf[w&^headBit], w&headBit != 0})
		}
		return out
	}
	var matched []acc
	for gi, g := range p.groups {
		var own []acc
		for wi, keys := range g.words {
			var any []acc
			for _, a := range keys {
				any = union(any, list(a.key, a.factor))
			}
			if wi == 0 {
				own = any
			} else {
				own = intersect(own, any)
			}
		}
		if g.concept != "" {
			own = union(own, list(g.concept, 1))
		}
		switch {
		case gi == 0:
			matched = own
		case p.relaxed:
			matched = union(matched, own)
		default:
			matched = intersect(matched, own)
		}
		if len(matched) == 0 && !p.relaxed {
			return nil
		}
	}
	var phrase []int64
	for i, keys := range p.pairs {
		var any []int64
		for _, k := range keys {
			any = unionIDs(any, lists[k].within(r[0], r[1]).ids)
		}
		if i == 0 {
			phrase = any
		} else {
			phrase = intersectIDs(phrase, any)
		}
	}
	return best(matched, phrase, stage, limit)
}

// best folds texts into results (id >> resultShift) and keeps the limit
// best, best first: those that match in the title first, then by score.
func best(matched []acc, phrase []int64, stage content.Stage, limit int) []scored {
	top := make([]scored, 0, limit+1)
	better := func(a, b scored) bool {
		if a.head != b.head {
			return a.head
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return a.key < b.key
	}
	// top is kept sorted, best first; it holds at most limit results.
	push := func(sc scored) {
		if len(top) == limit && !better(sc, top[limit-1]) {
			return
		}
		i := sort.Search(len(top), func(i int) bool { return better(sc, top[i]) })
		top = slices.Insert(top, i, sc)
		if len(top) > limit {
			top = top[:limit]
		}
	}
	cur := scored{key: -1}
	pi := 0
	for _, a := range matched {
		score := float64(a.score)
		for pi < len(phrase) && phrase[pi] < a.id {
			pi++
		}
		if pi < len(phrase) && phrase[pi] == a.id {
			score *= 1.5
		}
		key := a.id >> resultShift
		score *= typeWeight[typeOf(key)]
		if stage != "" && hasStage(key, stage) {
			score *= 1.5
		}
		sc := scored{key: key, score: score, head: a.head}
		if key != cur.key {
			if cur.key >= 0 {
				push(cur)
			}
			cur = sc
		} else if better(sc, cur) {
			cur = sc
		}
	}
	if cur.key >= 0 {
		push(cur)
	}
	return top
}

// scored is a result (the key of its ids, id >> resultShift), its best
// text's score (more is better) and whether that text matched in its
// title or search terms.
type scored struct {
	key   int64
	score float64
	head  bool
}

// union merges two lists in id order, adding the scores of a text in
// both.
func union(a, b []acc) []acc {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]acc, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id < b[j].id:
			out = append(out, a[i])
			i++
		case a[i].id > b[j].id:
			out = append(out, b[j])
			j++
		default:
			out = append(out, acc{a[i].id, a[i].score + b[j].score, a[i].head || b[j].head})
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// intersect keeps the texts in both lists, with their scores added; a
// text matched in its title only if both parts were.
func intersect(a, b []acc) []acc {
	var out []acc
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			out = append(out, acc{a[i].id, a[i].score + b[j].score, a[i].head && b[j].head})
			i++
			j++
		}
	}
	return out
}

func unionIDs(a, b []int64) []int64 {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]int64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

func intersectIDs(a, b []int64) []int64 {
	var out []int64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}
