package fold_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"safar.app/safar/content/bundled"
	"safar.app/safar/content/fold"
)

// TestFolderFoldsAsFold: folding word by word, with the memory of words
// seen, gives Fold's result on every text of the shipped pack and on the
// cases at word edges where a rule could look across a space.
func TestFolderFoldsAsFold(t *testing.T) {
	texts := []string{
		"Müller \u0301ue", "q ue", "a\ne", "ال طوارئ", "والطوارئ\tللعودة", "\u00a8x \u00a0y", "ﷺ و ﻻ",
		"ΣΊΣΥΦΟΣ σ", "İstanbul ǅ", "٠١٢ ۳۴ ०", "می‌خواهم  ", " \r\n ", "",
	}
	pack, _ := bundled.Pack()
	for _, it := range pack.Items {
		for _, tr := range it.Translations {
			texts = append(texts, tr.Title, tr.Summary, tr.Body)
		}
	}
	for _, h := range pack.Hotlines {
		for _, tx := range h.Texts {
			texts = append(texts, tx.Label, tx.Note)
		}
	}
	for _, p := range pack.Phrases {
		for _, tx := range p.Texts {
			texts = append(texts, tx.Text)
		}
	}
	f := fold.NewFolder()
	for pass := 0; pass < 2; pass++ { // the second from memory
		for _, s := range texts {
			if got, want := f.Fold(s), fold.Fold(s); got != want {
				t.Fatalf("Folder.Fold(%.80q) = %.80q, want %.80q", s, got, want)
			}
		}
	}
	for _, lang := range []string{"en", "de", "fr", "uk", "fa"} {
		for _, s := range texts[:2000] {
			for _, w := range fold.Terms(fold.Fold(s)) {
				if got, want := f.Stem(lang, w), fold.Stem(lang, w); got != want {
					t.Fatalf("Folder.Stem(%s, %q) = %q, want %q", lang, w, got, want)
				}
			}
		}
	}
	if len(texts) < 10000 {
		t.Errorf("only %d texts: the pack did not load", len(texts))
	}
}

// TestTermsAsFieldsFunc: Terms, which looks at ASCII without Unicode's
// tables, splits every text of the shipped pack, folded and as written,
// as the plain rule (runs of letters, digits and marks) does.
func TestTermsAsFieldsFunc(t *testing.T) {
	texts := []string{"", " ", "a", "a1 b", "\xffa\xfe", "e\u0301 x", "١٢ ab-cd", "_x_", "ሰላም፡ሰላም", "a\u200cb", "Z9"}
	pack, _ := bundled.Pack()
	for _, it := range pack.Items {
		for _, tr := range it.Translations {
			texts = append(texts, tr.Title, tr.Summary, tr.Body, strings.Join(tr.Terms, "\n"))
		}
	}
	for _, p := range pack.Phrases {
		for _, tx := range p.Texts {
			texts = append(texts, tx.Text)
		}
	}
	plain := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool {
			return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r))
		})
	}
	for _, s := range texts {
		for _, in := range []string{s, fold.Fold(s)} {
			if got, want := fold.Terms(in), plain(in); !reflect.DeepEqual(got, want) {
				t.Fatalf("Terms(%.80q) = %.80q, want %.80q", in, got, want)
			}
		}
	}
}
