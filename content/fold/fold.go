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
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

var caser = cases.Fold()

// letters maps Arabic-script letter variants to one form and other-script
// digits to ASCII. Hamza and madda forms (أ إ آ ؤ ئ) need no entry: they
// decompose into a base letter and a mark, and the mark is dropped. It is a
// table over the Arabic and Devanagari blocks rather than a map because
// every rune of every indexed text is looked up.
var letters [lettersEnd - lettersStart]rune

const lettersStart, lettersEnd = 0x0600, 0x0970

func init() {
	for from, to := range map[rune]rune{
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
		'ګ': 'گ', // Pashto gaf with ring
	} {
		letters[from-lettersStart] = to
	}
	for i := rune(0); i < 10; i++ {
		letters['٠'+i-lettersStart] = '0' + i // Arabic-Indic
		letters['۰'+i-lettersStart] = '0' + i // Extended Arabic-Indic (Persian, Urdu)
		letters['०'+i-lettersStart] = '0' + i // Devanagari
	}
}

func letter(r rune) rune {
	if r >= lettersStart && r < lettersEnd {
		if m := letters[r-lettersStart]; m != 0 {
			return m
		}
	}
	return r
}

// dropMarksAfter lists the scripts whose combining marks are optional for
// meaning in search (accents, tashkeel, niqqud). Scripts such as Devanagari
// write vowels as marks, so their marks are kept.
var dropMarksAfter = []*unicode.RangeTable{unicode.Latin, unicode.Greek, unicode.Cyrillic,
	unicode.Arabic, unicode.Hebrew, unicode.Common, unicode.Inherited}

// Fold returns s normalised for search: NFKC, case-folded, with the
// script-specific unifications above and German digraphs folded.
func Fold(s string) string {
	if isASCII(s) {
		// What the general path does to ASCII, without its three passes
		// over the text: most of an English pack is ASCII.
		return germanDigraphs(strings.ToLower(s))
	}
	return foldAny(s)
}

// foldAny is Fold for text in any script.
func foldAny(s string) string {
	s = norm.NFKC.String(s)
	s = caser.String(s)
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	var base rune = ' '
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			base = r
		case r == 'ـ', r == 'ء', r == '\u200c', r == '\u200d':
			// Tatweel only stretches a word; a lone hamza is written or
			// left out at will (طوارئ, طوارء, طواري); ZWNJ and ZWJ only
			// shape letters (می‌خواهم is typed میخواهم as often).
			continue
		case unicode.Is(unicode.Mn, r):
			if unicode.In(base, dropMarksAfter...) {
				continue
			}
		default:
			r = letter(r)
			base = r
		}
		b.WriteRune(r)
	}
	return stripArabicPrefixes(germanDigraphs(norm.NFC.String(b.String())))
}

// arabicPrefixes are the article and the one-letter prefixes joined to it
// (و، ف، ب، ك، ل), longest first. Readers type طوارئ where the text says
// الطوارئ, and عوده where it says للعوده.
var arabicPrefixes = []string{"وال", "فال", "بال", "كال", "لل", "ال"}

// minStem is how many letters must remain after a prefix: shorter words
// are left whole, so that a word such as الم (pain) keeps its meaning.
const minStem = 3

// stripArabicPrefixes removes a prefix from each Arabic-script word of
// folded text long enough to keep a stem.
func stripArabicPrefixes(s string) string {
	if !strings.Contains(s, "ل") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	start := -1
	flush := func(end int) {
		w := s[start:end]
		for _, p := range arabicPrefixes {
			if strings.HasPrefix(w, p) && utf8.RuneCountInString(w)-utf8.RuneCountInString(p) >= minStem {
				w = w[len(p):]
				break
			}
		}
		b.WriteString(w)
	}
	for i, r := range s {
		inWord := unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r)
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			flush(i)
			start = -1
			b.WriteRune(r)
		case !inWord:
			b.WriteRune(r)
		}
	}
	if start >= 0 {
		flush(len(s))
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// germanDigraphs folds "ae", "oe" and "ue" to a, o and u, as ä, ö and ü have
// already lost their marks, so "Mueller" and "Müller" meet at "muller". "ue"
// after "q" is left alone ("quelle"). This is the rule of Lucene's German
// normaliser; applied to every language it only merges a few extra spellings.
// It works on bytes: every letter it looks at is ASCII, and UTF-8 never
// uses ASCII bytes inside another character.
func germanDigraphs(s string) string {
	if strings.IndexByte(s, 'e') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		b = append(b, c)
		if i+1 < len(s) && s[i+1] == 'e' && (c == 'a' || c == 'o' || (c == 'u' && prev != 'q')) {
			i++ // skip the e
		}
		prev = c
	}
	return string(b)
}

// Terms splits folded text into the words FTS5's unicode61 tokenizer would
// see: runs of letters, digits and marks. It is used to build queries, so a
// query of only symbols yields no terms.
func Terms(folded string) []string {
	out := AppendTerms(nil, folded)
	if out == nil {
		return []string{} // as strings.FieldsFunc, which Terms was
	}
	return out
}

// AppendTerms appends the terms of folded to dst, as Terms splits them:
// an install splits thousands of texts into one slice used again.
func AppendTerms(dst []string, folded string) []string {
	out := dst
	start := -1
	for i := 0; i < len(folded); {
		c, size := folded[i], 1
		var word bool
		if c < utf8.RuneSelf {
			// Most folded text is ASCII: letters and digits without a
			// look into Unicode's tables.
			word = 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(folded[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, folded[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		out = append(out, folded[start:])
	}
	return out
}
