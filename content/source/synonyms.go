package source

import (
	"sort"
	"strings"

	"safar.app/safar/content"
	"safar.app/safar/content/fold"
)

// SearchDir holds what search needs beyond the articles; SynonymsFile in it
// maps concepts to the words readers use for them in each language.
const (
	SearchDir    = "search"
	SynonymsFile = "synonyms.toml"
)

// synonyms reads search/synonyms.toml:
//
//	[[concept]]
//	id = "doctor"
//	en = ["doctor", "GP"]
//	ar = ["طبيب", "دكتور"]
//
// Every key but id is a language tag with a list of words or phrases.
func (l *loader) synonyms(p string) {
	var file struct {
		Concept []map[string]any `toml:"concept"`
	}
	data, _, ok := l.readTOML(p, &file)
	if !ok {
		return
	}
	lines := l.lines(p, data)
	// starts[i] is the line of the i-th [[concept]], for messages.
	var starts []int
	for i, ln := range lines {
		if strings.TrimSpace(ln) == "[[concept]]" {
			starts = append(starts, i+1)
		}
	}
	lineOf := func(i int, key string) int {
		if i >= len(starts) {
			return 1
		}
		if key != "" {
			if k := keyLineFrom(lines, starts[i], key); k > 0 {
				return k
			}
			if k := keyLineFrom(lines, starts[i], `"`+key+`"`); k > 0 {
				return k
			}
		}
		return starts[i]
	}
	seen := map[string]int{} // concept id → its line
	owner := map[string]string{}
	for i, m := range file.Concept {
		id, _ := m["id"].(string)
		if strings.TrimSpace(id) == "" {
			l.problem(p, lineOf(i, ""), "concept without an id")
			continue
		}
		if first, dup := seen[id]; dup {
			l.problem(p, lineOf(i, "id"), "duplicate concept %q: line %d has it already", id, first)
			continue
		}
		seen[id] = lineOf(i, "id")
		c := content.Concept{ID: id, Terms: map[string][]string{}}
		langs := make([]string, 0, len(m))
		for k := range m {
			if k != "id" {
				langs = append(langs, k)
			}
		}
		sort.Strings(langs)
		reported := false // a mistake in a word is reported once, not again as "no words"
		for _, lang := range langs {
			line := lineOf(i, lang)
			if !content.ValidLang(lang) {
				l.problem(p, line, "concept %q: %q is not a known language tag", id, lang)
				reported = true
				continue
			}
			list, ok := m[lang].([]any)
			if !ok {
				l.problem(p, line, "concept %q: %s must be a list of words, such as [\"doctor\"]", id, lang)
				continue
			}
			if len(list) == 0 {
				l.problem(p, line, "concept %q: %s has no words", id, lang)
			}
			for _, v := range list {
				w, _ := v.(string)
				if strings.TrimSpace(w) == "" {
					l.problem(p, line, "concept %q: %s has an empty entry", id, lang)
					continue
				}
				// A word in two concepts would join them into one.
				key := lang + " " + fold.Fold(w)
				if o, taken := owner[key]; taken && o != id {
					l.problem(p, line, "concept %q: %s %q is already in concept %q", id, lang, w, o)
					reported = true
					continue
				}
				owner[key] = id
				c.Terms[lang] = append(c.Terms[lang], strings.TrimSpace(w))
			}
		}
		if len(c.Terms) == 0 {
			if !reported {
				l.problem(p, lineOf(i, "id"), "concept %q has no words", id)
			}
			continue
		}
		l.pack.Synonyms = append(l.pack.Synonyms, c)
	}
}
