package app

import (
	"net/url"
	"testing"
)

// TestArticleShowsEverySource: an article that rests on several pages
// lists all of them under "Source:", the main one first, and each opens
// when tapped; in Arabic too, where the addresses stay left-to-right links.
func TestArticleShowsEverySource(t *testing.T) {
	for _, lang := range []string{"en", "ar"} {
		s := onboardedInGermany
		s.Lang = lang
		a := newTestApp(t, &s)
		art, err := a.content.Article("de-seeing-a-doctor", a.chain())
		if err != nil {
			t.Fatal(err)
		}
		sources := art.Provenance.Sources()
		if len(sources) < 2 {
			t.Fatalf("de-seeing-a-doctor has sources %q; this test needs an item with several", sources)
		}
		var opened []string
		a.openExternal = func(u *url.URL) error { opened = append(opened, u.String()); return nil }
		if err := a.Open("article:de-seeing-a-doctor"); err != nil {
			t.Fatal(err)
		}
		mustShow(t, a, append([]string{a.loc.T("SourceLink")}, sources...)...)
		for _, src := range sources {
			tapLink(t, a, src)
		}
		if len(opened) != len(sources) {
			t.Fatalf("%s: tapping the sources opened %q, want %q", lang, opened, sources)
		}
		for i := range sources {
			if opened[i] != sources[i] {
				t.Errorf("%s: source %d opened %q, want %q", lang, i, opened[i], sources[i])
			}
		}
	}
}
