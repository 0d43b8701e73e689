package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"safar.app/safar/content"
	"safar.app/safar/content/fold"
)

// Synonyms are applied when a text is indexed: a text that uses a word of
// a concept, in its own language, is indexed with the concept's token
// ("syndoctor") beside its stems. A query that names the concept in any
// language then matches one token, not forty spellings, which keeps
// search fast however many words a concept has.

// conceptToken is the index token of a concept: letters and digits only,
// so the tokenizer keeps it whole.
func conceptToken(id string) string {
	var b strings.Builder
	b.WriteString("syn")
	for _, r := range strings.ToLower(id) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// conceptMatcher finds concepts in folded text of one language.
type conceptMatcher struct {
	// byLang maps a base language to the entries keyed by their first
	// word, folded, and by its stem ("\x00" + stem).
	byLang map[string]map[string][]conceptEntry
	hash   string // identifies the synonyms, for unit digests
}

type conceptEntry struct {
	token  string   // the concept's index token
	words  []string // folded
	stems  []string // the stem of each word in its language
	lang   string
	length int
}

func newConceptMatcher(cs []content.Concept) *conceptMatcher {
	m := &conceptMatcher{byLang: map[string]map[string][]conceptEntry{}}
	data, _ := json.Marshal(cs)
	sum := sha256.Sum256(data)
	m.hash = hex.EncodeToString(sum[:8])
	for _, c := range cs {
		for lang, terms := range c.Terms {
			base := baseLang(lang)
			if m.byLang[base] == nil {
				m.byLang[base] = map[string][]conceptEntry{}
			}
			for _, t := range terms {
				words := fold.Terms(fold.Fold(t))
				if len(words) == 0 {
					continue
				}
				e := conceptEntry{token: conceptToken(c.ID), words: words, lang: lang, length: len(words)}
				for _, w := range words {
					e.stems = append(e.stems, fold.Stem(lang, w))
				}
				keys := m.byLang[base]
				keys[words[0]] = append(keys[words[0]], e)
				if e.stems[0] != words[0] {
					keys["\x00"+e.stems[0]] = append(keys["\x00"+e.stems[0]], e)
				}
			}
		}
	}
	return m
}

func baseLang(lang string) string {
	if i := strings.IndexByte(lang, '-'); i > 0 {
		return lang[:i]
	}
	return lang
}

// in lists the concept tokens that texts (folded words in language lang)
// use; stems holds the stem of each of those words, in the same places.
func (m *conceptMatcher) in(lang string, texts, stems [][]string) []string {
	keys := m.byLang[baseLang(lang)]
	if len(keys) == 0 {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for t, words := range texts {
		for i, w := range words {
			cands := keys[w]
			if s := stems[t][i]; s != w {
				cands = append(cands[:len(cands):len(cands)], keys["\x00"+s]...)
			}
			for _, e := range cands {
				if !seen[e.token] && e.matches(words[i:], stems[t][i:]) {
					seen[e.token] = true
					out = append(out, e.token)
				}
			}
		}
	}
	return out
}

// matches reports whether words (with their stems) start with the
// entry's words, each as written or by its stem.
func (e conceptEntry) matches(words, stems []string) bool {
	if len(words) < e.length {
		return false
	}
	for i := 0; i < e.length; i++ {
		if words[i] != e.words[i] && stems[i] != e.stems[i] {
			return false
		}
	}
	return true
}
