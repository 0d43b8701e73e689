package store

import (
	"reflect"
	"testing"

	"safar.app/safar/content"
)

// TestInstallRecordsWhatChanged installs an edited pack over testPack and
// checks the record of what a reader sees change: exactly the units
// edited, with a hotline's old and new number, and nothing for what only
// the search index or a review date sees.
func TestInstallRecordsWhatChanged(t *testing.T) {
	type want struct {
		id, change, oldNum, newNum string
	}
	tests := []struct {
		name string
		edit func(p *content.Pack)
		want []want
	}{
		{"nothing", func(p *content.Pack) {}, nil},
		{"a review date and search terms only", func(p *content.Pack) {
			p.Items[0].Provenance.ReviewedOn = date("2026-06-01")
			p.Items[0].Translations[0].Terms = []string{"BAMF"}
			p.Synonyms = append(p.Synonyms, content.Concept{ID: "flat", Terms: map[string][]string{"en": {"flat", "apartment"}}})
		}, nil},
		{"an article's body", func(p *content.Pack) {
			p.Items[0].Translations[1].Body = "نص جديد"
		}, []want{{"de-asylum", Changed, "", ""}}},
		{"a hotline's number", func(p *content.Pack) {
			p.Hotlines[2].Number = "+4930110"
		}, []want{{"de-hl-110", Changed, "110", "+4930110"}}},
		{"a hotline's label, same number", func(p *content.Pack) {
			p.Hotlines[1].Texts[0].Label = "Fire and rescue"
		}, []want{{"de-hl-112", Changed, "", ""}}},
		{"added, removed and a service's phone", func(p *content.Pack) {
			p.Items = p.Items[1:] // de-asylum removed
			p.Items = append(p.Items, content.Item{ID: "de-school", Country: "de", Region: "_", Kind: content.KindLiving,
				Slug: "school", Stages: []content.Stage{content.StageSettling}, OriginalLang: "en", Provenance: testProvenance,
				Translations: []content.Translation{{Lang: "en", Title: "School", Summary: "s", Body: "b", Status: content.StatusOriginal}}})
			p.Hotlines = p.Hotlines[:2] // de-hl-110 removed
			p.Services[0].Phone = "+4991194360"
		}, []want{{"de-asylum", Removed, "", ""}, {"de-school", Added, "", ""},
			{"de-hl-110", Removed, "", ""}, {"de-svc-bamf", Changed, "", "+4991194360"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			if sets, err := s.ChangeSets(); err != nil || len(sets) != 0 {
				t.Fatalf("the first install records %v, %v; want nothing", sets, err)
			}
			p := testPack()
			tt.edit(p)
			if err := s.Install(p, PackInfo{Origin: "feed", Sequence: 7}); err != nil {
				t.Fatal(err)
			}
			sets, err := s.ChangeSets()
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if len(sets) != 0 {
					t.Fatalf("recorded %+v; want nothing", sets)
				}
				return
			}
			if len(sets) != 1 || sets[0].Origin != "feed" || sets[0].Sequence != 7 || sets[0].InstalledAt.IsZero() {
				t.Fatalf("recorded %+v; want one set from feed, sequence 7", sets)
			}
			got := map[string]want{}
			for _, c := range sets[0].Changes {
				got[c.ID] = want{c.ID, c.Change, c.OldNumber, c.NewNumber}
			}
			wantByID := map[string]want{}
			for _, w := range tt.want {
				wantByID[w.id] = w
			}
			if !reflect.DeepEqual(got, wantByID) {
				t.Errorf("recorded %v; want %v", got, wantByID)
			}
		})
	}
}

// TestRemovedKeepsItsTitles: a removed item's record keeps its titles in
// every language, its country, kind and stages, as they were before.
func TestRemovedKeepsItsTitles(t *testing.T) {
	s := openTest(t)
	p := testPack()
	p.Items = p.Items[1:]
	if err := s.Install(p, PackInfo{Origin: "feed"}); err != nil {
		t.Fatal(err)
	}
	sets, _ := s.ChangeSets()
	if len(sets) != 1 || len(sets[0].Changes) != 1 {
		t.Fatalf("recorded %+v", sets)
	}
	c := sets[0].Changes[0]
	want := ItemChange{Type: TypeItem, ID: "de-asylum", Country: "de", Kind: content.KindEntry,
		Stages: []content.Stage{content.StageFirstWeeks}, Change: Removed,
		Titles: map[string]string{"en": "Asking for asylum", "ar": "طلب اللجوء"}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("recorded %+v\nwant %+v", c, want)
	}
}

// TestChangeSetsKeepTheLast: the record keeps the last keptChangeSets
// installs, oldest first.
func TestChangeSetsKeepTheLast(t *testing.T) {
	s := openTest(t)
	for i := 1; i <= keptChangeSets+3; i++ {
		p := testPack()
		p.Hotlines[0].Texts[0].Note = string(rune('a' + i))
		if err := s.Install(p, PackInfo{Origin: "feed", Sequence: int64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	sets, err := s.ChangeSets()
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != keptChangeSets || sets[0].Sequence != 4 || sets[len(sets)-1].Sequence != keptChangeSets+3 {
		t.Fatalf("kept %d sets from %d to %d", len(sets), sets[0].Sequence, sets[len(sets)-1].Sequence)
	}
}

// BenchmarkWhatChanged is what working out the record of what changed
// adds to an install of a 2,000-item pack in ten languages: for a
// one-article update, and for one that rewrites every unit (new search
// synonyms), where each unit is compared and nothing visible changed.
func BenchmarkWhatChanged(b *testing.B) {
	s, err := Open(b.TempDir() + "/content.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	p := syntheticPack(2000, 10)
	if err := s.Install(p, PackInfo{Origin: "bench"}); err != nil {
		b.Fatal(err)
	}
	one := map[unitKey]bool{{TypeItem, p.Items[7].ID}: true}
	every := map[unitKey]bool{}
	for _, it := range p.Items {
		every[unitKey{TypeItem, it.ID}] = true
	}
	edited := *p
	edited.Items = append([]content.Item{}, p.Items...)
	edited.Items[7].Translations = append([]content.Translation{}, p.Items[7].Translations...)
	edited.Items[7].Translations[0].Body += " One more sentence."
	for _, bc := range []struct {
		name       string
		candidates map[unitKey]bool
		want       int
	}{{"one article", one, 1}, {"every unit", every, 1}} {
		b.Run(bc.name, func(b *testing.B) {
			tx, err := s.db.Begin()
			if err != nil {
				b.Fatal(err)
			}
			defer tx.Rollback()
			for b.Loop() {
				changes, err := diff(tx, &edited, bc.candidates)
				if err != nil || len(changes) != bc.want {
					b.Fatalf("%d changes, %v", len(changes), err)
				}
			}
		})
	}
}
