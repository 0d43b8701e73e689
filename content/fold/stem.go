package fold

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/danish"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/norwegian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/blevesearch/snowballstem/swedish"
	"github.com/blevesearch/snowballstem/turkish"
)

// snowball holds the Snowball stemmers by base language. Snowball has none
// for Ukrainian, Somali, Tigrinya, Persian, Dari or Pashto; Ukrainian gets
// the light suffix stripper below, the others are matched by prefix only.
// Arabic is left to the prefix rules of Fold: Snowball's Arabic stemmer
// also strips suffixes that carry meaning (the feminine ة, plurals) and
// merges too many words for a small pack.
var snowball = map[string]func(*snowballstem.Env) bool{
	"en": english.Stem, "fr": french.Stem, "es": spanish.Stem, "de": german.Stem,
	"it": italian.Stem, "pt": portuguese.Stem, "nl": dutch.Stem, "sv": swedish.Stem,
	"no": norwegian.Stem, "nb": norwegian.Stem, "da": danish.Stem, "tr": turkish.Stem,
	"ru": russian.Stem,
}

// latinStemmers and cyrillicStemmers are tried on a query word: what a
// reader types says nothing certain about its language.
var (
	latinStemmers        = []string{"en", "fr", "es", "de", "it", "pt", "nl", "sv", "no", "da", "tr"}
	cyrillicStemmers     = []string{"uk", "ru"}
	arabicScriptStemmers = []string{"fa"}
)

var envs = sync.Pool{New: func() any { return snowballstem.NewEnv("") }}

// base is the language part of a BCP 47 tag ("fa-AF" → "fa").
func base(lang string) string {
	if i := strings.IndexByte(lang, '-'); i > 0 {
		return lang[:i]
	}
	return lang
}

// HasStemmer reports whether Stem changes words of language lang.
func HasStemmer(lang string) bool {
	l := base(lang)
	return l == "uk" || l == "fa" || snowball[l] != nil
}

// Stem is the stem of a folded word in language lang, or the word itself
// when Safar has no stemmer for lang.
func Stem(lang, word string) string {
	l := base(lang)
	switch l {
	case "uk":
		return stripSuffix(word, ukrainianSuffixes)
	case "fa":
		return stripSuffix(word, persianSuffixes)
	}
	stem := snowball[l]
	if stem == nil || utf8.RuneCountInString(word) < 4 {
		return word
	}
	env := envs.Get().(*snowballstem.Env)
	env.SetCurrent(word)
	stem(env)
	out := env.Current()
	envs.Put(env)
	if out == "" {
		return word
	}
	return out
}

// QueryStems are the stems of a folded query word under every stemmer of
// its script, without repeats; nil when its script has none.
func QueryStems(word string) []string {
	r, _ := utf8.DecodeRuneInString(word)
	var langs []string
	switch {
	case unicode.Is(unicode.Latin, r):
		langs = latinStemmers
	case unicode.Is(unicode.Cyrillic, r):
		langs = cyrillicStemmers
	case unicode.Is(unicode.Arabic, r):
		langs = arabicScriptStemmers
	default:
		return nil
	}
	var out []string
	for _, l := range langs {
		s := Stem(l, word)
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// persianSuffixes are the plural endings of Persian and Dari nouns (ها،
// های، ات، ان), folded. Snowball has no Persian stemmer; this meets خطرات
// and خطرهای at خطر.
var persianSuffixes []string

// ukrainianSuffixes are common noun, adjective and verb endings, folded as
// Fold folds them (й → и, ї → і), longest first. Snowball has no Ukrainian
// stemmer; this light stripper is enough to meet лікаря and лікар.
var ukrainianSuffixes []string

// init folds the suffixes once fold.go's init has filled the letter table.
func init() {
	raw := strings.Fields(`ування ювання ання ення ості ість ться ими ами ями ові еві ого ому
		ої ій ий их ім ах ях ів їв ом ем ою ею ам ям ти ть ся ють ать ять а я о е у ю і и ь`)
	out := make([]string, 0, len(raw))
	for _, s := range raw {
		out = append(out, Fold(s))
	}
	// Longest first, so that -ами wins over -и.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && utf8.RuneCountInString(out[j]) > utf8.RuneCountInString(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	ukrainianSuffixes = out
	for _, s := range []string{"هایی", "های", "ها", "ات", "ان"} {
		persianSuffixes = append(persianSuffixes, Fold(s))
	}
}

// stripSuffix removes the first of suffixes (longest first) that leaves a
// stem of minStem letters or more.
func stripSuffix(word string, suffixes []string) string {
	n := utf8.RuneCountInString(word)
	for _, s := range suffixes {
		if strings.HasSuffix(word, s) && n-utf8.RuneCountInString(s) >= minStem {
			return word[:len(word)-len(s)]
		}
	}
	return word
}
