package store

import (
	"fmt"
	"path/filepath"
	"testing"

	"safar.app/safar/content"
)

// TestSearchCommonWord: a word in hundreds of texts, in more than a page
// of them in the reader's country, still gives the results that name it
// in their title first, fills the page, and keeps to the country.
func TestSearchCommonWord(t *testing.T) {
	p := testPack()
	mk := func(id, cc, title, body string) content.Item {
		return content.Item{ID: id, Country: cc, Region: "_", Kind: content.KindLiving, Slug: id,
			Stages: []content.Stage{content.StageFirstWeeks}, OriginalLang: "en", Provenance: testProvenance,
			Translations: []content.Translation{{Lang: "en", Title: title, Summary: "About " + id,
				Body: body, Status: content.StatusOriginal}}}
	}
	for i := 0; i < 300; i++ {
		p.Items = append(p.Items, mk(fmt.Sprintf("de-body-%03d", i), "de", fmt.Sprintf("Note %d", i),
			"The clinic and the clinic again: clinic."))
		p.Items = append(p.Items, mk(fmt.Sprintf("se-body-%03d", i), "se", fmt.Sprintf("Note %d", i), "A clinic."))
	}
	p.Items = append(p.Items, mk("de-title", "de", "The clinic near you", "Opening hours."))
	s, err := Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Install(p, PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{5, 50} {
		got, err := s.Search("clinic", "de", []string{"en"}, limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != limit || got[0].ID != "de-title" {
			t.Fatalf("Search(clinic, limit %d) = %d results, first %+v: want %d, the title match first", limit, len(got), got[0], limit)
		}
		for _, r := range got {
			if r.ID[:3] != "de-" {
				t.Errorf("Search(clinic, de) found %s", r.ID)
			}
		}
	}
}
