// Package fold turns text into the form Safar indexes and searches, so that a
// reader finds an item however they type a word: with or without accents,
// tashkeel or tatweel, with Persian or Arabic letter forms, "Müller" or
// "Mueller", Arabic-Indic or ASCII digits.
//
// The same Fold runs on indexed text and on queries; that symmetry is what
// makes matching work, so every rule applies to both sides.
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

var caser = cases.Fold()

// letters maps Arabic-script letter variants to one form and other-script
// digits to ASCII. Hamza and madda forms (أ إ آ ؤ ئ) need no entry: they
// decompose into a base letter and a mark, and the mark is dropped.
var letters = map[rune]rune{
	'ٱ': 'ا', // alef wasla
	'ى': 'ي', // alef maksura
	'ی': 'ي', // Farsi yeh
	'ې': 'ي', // Pashto yeh
	'ۍ': 'ي', // Pashto yeh with tail
	'ێ': 'ي',
	'ک': 'ك', // keheh (Persian kaf)
	'ڪ': 'ك', // swash kaf
	'ة': 'ه', // teh marbuta
	'ھ': 'ه', // heh doachashmee
	'ہ': 'ه', // heh goal
	'ە': 'ه', // ae
	'ۀ': 'ه', // heh with yeh above
}

func init() {
	for i := rune(0); i < 10; i++ {
		letters['٠'+i] = '0' + i // Arabic-Indic
		letters['۰'+i] = '0' + i // Extended Arabic-Indic (Persian, Urdu)
		letters['०'+i] = '0' + i // Devanagari
	}
}

// dropMarksAfter lists the scripts whose combining marks are optional for
// meaning in search (accents, tashkeel, niqqud). Scripts such as Devanagari
// write vowels as marks, so their marks are kept.
var dropMarksAfter = []*unicode.RangeTable{unicode.Latin, unicode.Greek, unicode.Cyrillic,
	unicode.Arabic, unicode.Hebrew, unicode.Common, unicode.Inherited}

// Fold returns s normalised for search: NFKC, case-folded, with the
// script-specific unifications above and German digraphs folded.
func Fold(s string) string {
	s = norm.NFKC.String(s)
	s = caser.String(s)
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	var base rune = ' '
	for _, r := range s {
		switch {
		case r == 'ـ': // tatweel only stretches a word
			continue
		case unicode.Is(unicode.Mn, r):
			if unicode.In(base, dropMarksAfter...) {
				continue
			}
		default:
			if m, ok := letters[r]; ok {
				r = m
			}
			base = r
		}
		b.WriteRune(r)
	}
	return germanDigraphs(norm.NFC.String(b.String()))
}

// germanDigraphs folds "ae", "oe" and "ue" to a, o and u, as ä, ö and ü have
// already lost their marks, so "Mueller" and "Müller" meet at "muller". "ue"
// after "q" is left alone ("quelle"). This is the rule of Lucene's German
// normaliser; applied to every language it only merges a few extra spellings.
func germanDigraphs(s string) string {
	if !strings.ContainsAny(s, "e") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := rune(0)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if i+1 < len(rs) && rs[i+1] == 'e' && (r == 'a' || r == 'o' || (r == 'u' && prev != 'q')) {
			b.WriteRune(r)
			prev = r
			i++ // skip the e
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// Terms splits folded text into the words FTS5's unicode61 tokenizer would
// see: runs of letters, digits and marks. It is used to build queries, so a
// query of only symbols yields no terms.
func Terms(folded string) []string {
	return strings.FieldsFunc(folded, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r))
	})
}
