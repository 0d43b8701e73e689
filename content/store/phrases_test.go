package store

import (
	"path/filepath"
	"testing"

	"safar.app/safar/content"
)

// phrasePack is testPack with a small phrasebook in English, Arabic and
// (partly) Dari.
func phrasePack() *content.Pack {
	p := testPack()
	txt := func(lang, s string, st content.Status) content.PhraseText {
		return content.PhraseText{Lang: lang, Text: s, Status: st}
	}
	p.PhraseCategories = []content.PhraseCategory{
		{ID: "pain", Order: 2, Names: map[string]string{"en": "Pain", "ar": "الألم"}, Provenance: testProvenance},
		{ID: "greeting-consent", Order: 1, Names: map[string]string{"en": "Greeting"}, Provenance: testProvenance},
	}
	p.Phrases = []content.Phrase{
		{ID: "greeting-hello", Category: "greeting-consent", Answer: content.AnswerNone, Texts: []content.PhraseText{
			txt("en", "Hello, I am your doctor.", content.StatusOriginal), txt("ar", "مرحباً، أنا طبيبك.", content.StatusMachine)}},
		{ID: "pain-scale", Category: "pain", Order: 0, Answer: content.AnswerScale, Texts: []content.PhraseText{
			txt("en", "How strong is the pain?", content.StatusOriginal), txt("ar", "ما مدى شدة الألم؟", content.StatusMachine),
			txt("fa-AF", "درد چقدر شدید است؟", content.StatusMachine)}},
		{ID: "pain-kind", Category: "pain", Order: 1, Answer: content.AnswerChoice, Options: []string{"sharp", "dull"},
			Texts: []content.PhraseText{
				{Lang: "en", Text: "What is the pain like?", Status: content.StatusOriginal, Options: map[string]string{"sharp": "Sharp", "dull": "Dull"}},
				{Lang: "ar", Text: "كيف هو الألم؟", Status: content.StatusMachine, Options: map[string]string{"sharp": "حاد", "dull": "خفيف"}}}},
	}
	for _, set := range []struct {
		cat string
		ids []string
	}{{content.CategoryBodyParts, content.BodyRegions}, {content.CategoryAnswers, content.AnswerWords}} {
		p.PhraseCategories = append(p.PhraseCategories, content.PhraseCategory{ID: set.cat, Order: 20,
			Names: map[string]string{"en": set.cat}, Provenance: testProvenance})
		for _, id := range set.ids {
			p.Phrases = append(p.Phrases, content.Phrase{ID: id, Category: set.cat, Answer: content.AnswerNone,
				Texts: []content.PhraseText{txt("en", id, content.StatusOriginal), txt("ar", id+"-ar", content.StatusMachine),
					txt("fa-AF", id+"-prs", content.StatusMachine)}})
		}
	}
	return p
}

func TestPhrasebookQueries(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Install(phrasePack(), PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	en, ar, prs := content.LangChain("en"), content.LangChain("ar"), content.LangChain("fa-AF")

	cats, err := s.PhraseCategories(ar)
	if err != nil || len(cats) != 2 || cats[0].ID != "greeting-consent" || cats[1].Name != "الألم" || cats[1].Count != 2 {
		t.Fatalf("categories = %+v, %v (want greeting first, the answer vocabulary hidden)", cats, err)
	}

	pairs, err := s.Phrases("pain", en, ar)
	if err != nil || len(pairs) != 2 {
		t.Fatalf("pain = %+v, %v", pairs, err)
	}
	kind := pairs[1]
	if kind.ID != "pain-kind" || kind.Clinician.Text != "What is the pain like?" || kind.Patient.Text != "كيف هو الألم؟" ||
		len(kind.Patient.Options) != 2 || kind.Patient.Options[1] != "خفيف" || kind.Patient.Status != content.StatusMachine {
		t.Errorf("pain-kind = %+v", kind)
	}

	// Dari has pain-scale but not pain-kind: the fallback is marked.
	pairs, _ = s.Phrases("pain", en, prs)
	if pairs[0].Patient.Lang != "fa-AF" || pairs[0].Patient.OtherLanguage {
		t.Errorf("pain-scale for a Dari reader = %+v", pairs[0].Patient)
	}
	if pairs[1].Patient.Lang != "en" || !pairs[1].Patient.OtherLanguage {
		t.Errorf("pain-kind for a Dari reader = %+v, want English marked as another language", pairs[1].Patient)
	}

	tests := []struct {
		query string
		want  []string
	}{
		{"pain", []string{"pain-scale", "pain-kind"}},
		{"PAIN strong", []string{"pain-scale"}},
		{"الألم", []string{"pain-scale", "pain-kind"}},
		{"الالم", []string{"pain-scale", "pain-kind"}}, // folded: hamza on alif
		{"dull", []string{"pain-kind"}},                // an option's text
		{"body-head", nil},                             // the answer vocabulary is not searched
		{"", nil},
	}
	for _, tt := range tests {
		got, err := s.SearchPhrases(tt.query, en, ar, 10)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if len(ids) != len(tt.want) {
			t.Errorf("search %q = %v, want %v", tt.query, ids, tt.want)
			continue
		}
		for i := range ids {
			if ids[i] != tt.want[i] {
				t.Errorf("search %q = %v, want %v", tt.query, ids, tt.want)
			}
		}
	}
}
