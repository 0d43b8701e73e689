package source

import (
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"safar.app/safar/content"
)

// PhrasesDir is the folder of the health phrasebook in a content tree.
const PhrasesDir = "phrases"

type phraseFile struct {
	Category      string `toml:"category"`
	Order         int    `toml:"order"`
	Name          string `toml:"name"`
	Status        string `toml:"status"`
	TranslationOf string `toml:"translation_of"`
	recordProvenance
	Phrase []struct {
		ID      string `toml:"id"`
		Answer  string `toml:"answer"`
		Text    string `toml:"text"`
		Options []struct {
			ID   string `toml:"id"`
			Text string `toml:"text"`
		} `toml:"options"`
	} `toml:"phrase"`
}

// phraseSource is one parsed phrase file, kept until every file of its
// category is read: translations are joined to the original's phrases.
type phraseSource struct {
	path, category, lang string
	data                 []byte
	md                   toml.MetaData
	f                    phraseFile
}

// phrases reads phrases/<category>.<lang>.toml.
func (l *loader) phrases(p, name string) {
	stem := strings.TrimSuffix(name, ".toml")
	dot := strings.Index(stem, ".")
	if dot <= 0 {
		l.problem(p, 0, "file name must be <category>.<lang>.toml")
		return
	}
	var f phraseFile
	data, md, ok := l.readTOML(p, &f)
	if !ok {
		return
	}
	src := phraseSource{path: p, category: stem[:dot], lang: stem[dot+1:], data: data, md: md, f: f}
	if f.Category != src.category {
		l.problem(p, keyLine(data, []string{"category"}), "category %q does not match the file name %q", f.Category, src.category)
	}
	l.phraseFiles = append(l.phraseFiles, src)
}

// assemblePhrases joins each category's translations to its original.
func (l *loader) assemblePhrases() {
	byCategory := map[string][]phraseSource{}
	for _, s := range l.phraseFiles {
		byCategory[s.category] = append(byCategory[s.category], s)
	}
	var names []string
	for c := range byCategory {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, cat := range names {
		files := byCategory[cat]
		var orig *phraseSource
		for i := range files {
			if files[i].f.Status == string(content.StatusOriginal) {
				orig = &files[i]
			}
		}
		if orig == nil {
			for _, s := range files {
				l.problem(s.path, 0, "phrases of %q have no original (no %s.<lang>.toml with status = \"original\")", cat, cat)
			}
			continue
		}
		l.phraseCategory(orig, files)
	}
}

func (l *loader) phraseCategory(orig *phraseSource, files []phraseSource) {
	f := orig.f
	requireKeys(l, orig.category, orig.path, orig.md, nil, 0, "category", "order", "name", "status",
		"publisher", "reviewed_on", "review_by")
	l.requireSource(orig.category, orig.path, orig.data, 0, orig.md.IsDefined("source"), orig.md.IsDefined("sources"))
	l.defs[orig.category] = def{id: orig.category, file: orig.path, lines: l.lines(orig.path, orig.data), line: 1}
	cat := content.PhraseCategory{ID: orig.category, Order: f.Order, Names: map[string]string{},
		Provenance: f.recordProvenance.get()}
	index := map[string]int{} // phrase id → index in phrases
	var phrases []content.Phrase
	keys := arrayKeys(orig.md, "phrase")
	for i, ph := range f.Phrase {
		d, unique := l.defineID(ph.ID, orig.path, orig.data, 0)
		if !unique {
			continue
		}
		for _, k := range []string{"id", "answer", "text"} {
			if !keys[i][k] {
				l.problem(orig.path, d.line, "phrase %q: missing key %q", ph.ID, k)
				l.reported[content.Ref{ID: ph.ID, Key: k}] = true
			}
		}
		p := content.Phrase{ID: ph.ID, Category: orig.category, Order: i, Answer: content.AnswerKind(ph.Answer)}
		for _, o := range ph.Options {
			p.Options = append(p.Options, o.ID)
		}
		index[ph.ID] = len(phrases)
		phrases = append(phrases, p)
	}
	for _, s := range files {
		if s.path != orig.path {
			if s.f.Status == string(content.StatusOriginal) {
				l.problem(s.path, keyLine(s.data, []string{"status"}), "a second original of %q (the first is %s)", orig.category, orig.path)
				continue
			}
			requireKeys(l, "", s.path, s.md, nil, 0, "category", "name", "status", "translation_of")
			if s.f.TranslationOf != "" && s.f.TranslationOf != orig.lang {
				l.problem(s.path, keyLine(s.data, []string{"translation_of"}), "translation_of is %q but the original is in %q", s.f.TranslationOf, orig.lang)
			}
			for _, k := range []string{"order", "publisher", "source", "sources", "checked", "reviewed_on", "review_by"} {
				if s.md.IsDefined(k) {
					l.problem(s.path, keyLine(s.data, []string{k}), "%q belongs in the original, not in a translation", k)
				}
			}
		}
		cat.Names[s.lang] = s.f.Name
		seen := map[string]bool{}
		tkeys := arrayKeys(s.md, "phrase")
		for i, ph := range s.f.Phrase {
			at, ok := index[ph.ID]
			lines := l.lines(s.path, s.data)
			line := idLine(lines, ph.ID)
			if !ok {
				l.problem(s.path, line, "phrase %q is not in the original %s", ph.ID, orig.path)
				continue
			}
			if s.path != orig.path && tkeys[i]["answer"] {
				l.problem(s.path, keyLineFrom(lines, line, "answer"), "\"answer\" belongs in the original, not in a translation")
			}
			seen[ph.ID] = true
			t := content.PhraseText{Lang: s.lang, Text: ph.Text, Status: content.Status(s.f.Status)}
			if len(ph.Options) > 0 {
				t.Options = map[string]string{}
				for _, o := range ph.Options {
					t.Options[o.ID] = o.Text
				}
			}
			phrases[at].Texts = append(phrases[at].Texts, t)
			if l.texts[ph.ID] == nil {
				l.texts[ph.ID] = map[string]def{}
			}
			l.texts[ph.ID][s.lang] = def{id: ph.ID, file: s.path, lines: lines, line: line}
		}
		if s.path != orig.path {
			var missing []string
			for _, ph := range phrases {
				if !seen[ph.ID] {
					missing = append(missing, ph.ID)
				}
			}
			if len(missing) > 0 {
				l.problems = append(l.problems, content.Problem{Where: s.path, Warning: true,
					Message: "not translated yet (readers see English): " + strings.Join(missing, ", ")})
			}
		}
	}
	l.pack.PhraseCategories = append(l.pack.PhraseCategories, cat)
	l.pack.Phrases = append(l.pack.Phrases, phrases...)
}
