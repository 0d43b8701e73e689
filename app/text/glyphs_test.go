package text

import (
	"fmt"
	"sort"
	"testing"
	"unicode"

	"safar.app/safar/content/bundled"
	"safar.app/safar/internal/bidi"
	"safar.app/safar/locales"
)

// uncovered lists the runes of s (written in lang) that the font Safar
// would draw them in lacks: they would show as boxes.
func uncovered(s, lang string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if seen[r] || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == bidi.LRI || r == bidi.PDI {
			continue
		}
		seen[r] = true
		for _, bold := range []bool{false, true} {
			if !covers(scriptFont(r, bold, ScriptOf(lang)), r) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// glyphProblems checks every text in texts (key → text, in lang).
func glyphProblems(texts map[string]string, lang string) []string {
	var out []string
	for key, s := range texts {
		if rs := uncovered(s, lang); len(rs) > 0 {
			out = append(out, fmt.Sprintf("%s (%s): no glyph for %q", key, lang, string(rs)))
		}
	}
	sort.Strings(out)
	return out
}

// TestEveryShippedStringHasGlyphs: every UI string and every content and
// phrase string, in every shipped language, is covered by the font that
// draws it. No string may fall back to a box.
func TestEveryShippedStringHasGlyphs(t *testing.T) {
	msgs, err := locales.Messages()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for lang, texts := range msgs {
		for _, p := range glyphProblems(texts, lang) {
			t.Error("locales: " + p)
		}
		checked += len(texts)
	}
	pack, _ := bundled.Pack()
	byLang := map[string]map[string]string{}
	add := func(lang, key, s string) {
		if byLang[lang] == nil {
			byLang[lang] = map[string]string{}
		}
		byLang[lang][key] = s
		checked++
	}
	for _, c := range pack.Countries {
		for lang, n := range c.Names {
			add(lang, "country "+c.Code, n)
		}
		for _, r := range c.Regions {
			for lang, n := range r.Names {
				add(lang, "region "+c.Code+"/"+r.Code, n)
			}
		}
	}
	for _, it := range pack.Items {
		for _, tr := range it.Translations {
			add(tr.Lang, it.ID+" title", tr.Title)
			add(tr.Lang, it.ID+" summary", tr.Summary)
			add(tr.Lang, it.ID+" body", tr.Body)
		}
	}
	for _, h := range pack.Hotlines {
		for _, tx := range h.Texts {
			add(tx.Lang, h.ID+" label", tx.Label)
			add(tx.Lang, h.ID+" note", tx.Note)
		}
	}
	for _, s := range pack.Services {
		for _, tx := range s.Texts {
			add(tx.Lang, s.ID+" name", tx.Name)
			add(tx.Lang, s.ID+" description", tx.Description)
		}
	}
	for _, c := range pack.PhraseCategories {
		for lang, n := range c.Names {
			add(lang, "phrase category "+c.ID, n)
		}
	}
	for _, ph := range pack.Phrases {
		for _, tx := range ph.Texts {
			add(tx.Lang, ph.ID, tx.Text)
			for o, s := range tx.Options {
				add(tx.Lang, ph.ID+" option "+o, s)
			}
		}
	}
	for _, l := range locales.Languages {
		add(l.Tag, "language name", l.Name) // shown on the first run in its own script
	}
	for lang, texts := range byLang {
		for _, p := range glyphProblems(texts, lang) {
			t.Error("content: " + p)
		}
	}
	t.Logf("checked %d strings", checked)
	if checked < 10000 {
		t.Errorf("checked only %d strings: is the pack loaded?", checked)
	}
}

// TestGlyphCheckNamesTheString: a string with a character no bundled font
// has is reported with its key and language.
func TestGlyphCheckNamesTheString(t *testing.T) {
	tests := []struct {
		key, text, lang string
		want            string
	}{
		{"Greeting", "مرحبا 漢", "ar", `Greeting (ar): no glyph for "漢"`},
		{"Plane", "ሰላም ✈", "ti", `Plane (ti): no glyph for "✈"`},
		{"Fine", "Привіт 112 (ok)", "uk", ""},
		{"Dari", "می‌روید ۱۲ (BAMF)", "fa-AF", ""},
	}
	for _, tt := range tests {
		got := glyphProblems(map[string]string{tt.key: tt.text}, tt.lang)
		switch {
		case tt.want == "" && len(got) > 0:
			t.Errorf("%q: %v", tt.text, got)
		case tt.want != "" && (len(got) != 1 || got[0] != tt.want):
			t.Errorf("%q: %v, want %q", tt.text, got, tt.want)
		}
	}
}
