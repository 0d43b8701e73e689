package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"safar.app/safar/content"
)

func date(s string) content.Date {
	d, err := content.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

var testProvenance = content.Provenance{
	Publisher:  "Test Publisher",
	Source:     "https://example.org/source",
	ReviewedOn: date("2026-01-10"),
	ReviewBy:   date("2027-01-10"),
}

// testPack is a small pack with two countries, several languages and one
// item translated into nothing but English.
func testPack() *content.Pack {
	item := func(id, cc string, kind content.Kind, trs ...content.Translation) content.Item {
		return content.Item{ID: id, Country: cc, Region: "_", Kind: kind, Slug: id,
			Stages: []content.Stage{content.StageFirstWeeks}, OriginalLang: "en",
			Provenance: testProvenance, Translations: trs}
	}
	tr := func(lang, title, body string, st content.Status) content.Translation {
		return content.Translation{Lang: lang, Title: title, Summary: title + " summary", Body: body, Status: st}
	}
	return &content.Pack{
		Countries: []content.Country{
			{Code: "de", Names: map[string]string{"en": "Germany", "ar": "ألمانيا"},
				Regions: []content.Region{{Code: "berlin", Names: map[string]string{"en": "Berlin"}}}},
			{Code: "se", Names: map[string]string{"en": "Sweden", "ar": "السويد"}},
		},
		Items: []content.Item{
			item("de-asylum", "de", content.KindEntry,
				tr("en", "Asking for asylum", "The Federal Office decides on asylum.", content.StatusOriginal),
				tr("ar", "طلب اللجوء", "المكتب الاتحادي يقرر بشأن اللجوء.", content.StatusMachine)),
			item("de-doctor", "de", content.KindHealth,
				tr("en", "Seeing a doctor", "Call 116117 when the practice is closed.", content.StatusOriginal),
				tr("fa", "مراجعه به پزشک", "وقتی مطب بسته است با ۱۱۶۱۱۷ تماس بگیرید.", content.StatusMachine)),
			item("de-housing", "de", content.KindLiving, withTerms(
				tr("en", "Finding a flat", "Housing in Müllerstraße and elsewhere.", content.StatusOriginal), "Wohnung", "apartment")),
			item("se-doctor", "se", content.KindHealth,
				tr("en", "Seeing a doctor in Sweden", "Call 1177 for health advice.", content.StatusOriginal)),
		},
		Hotlines: []content.Hotline{
			{ID: "de-hl-116016", Country: "de", Number: "116016", Purpose: content.PurposeGBV, Hours: "24/7",
				Provenance: testProvenance, Texts: []content.HotlineText{
					{Lang: "en", Label: "Violence against women helpline", Status: content.StatusOriginal},
					{Lang: "ar", Label: "هاتف مساعدة", Status: content.StatusMachine}}},
			{ID: "de-hl-112", Country: "de", Number: "112", Purpose: content.PurposeAmbulance, Hours: "24/7",
				Provenance: testProvenance, Texts: []content.HotlineText{
					{Lang: "en", Label: "Fire brigade and ambulance", Status: content.StatusOriginal}}},
			{ID: "de-hl-110", Country: "de", Number: "110", Purpose: content.PurposePolice, Hours: "24/7",
				Provenance: testProvenance, Texts: []content.HotlineText{
					{Lang: "en", Label: "Police", Status: content.StatusOriginal}}},
		},
		Synonyms: []content.Concept{
			{ID: "doctor", Terms: map[string][]string{"en": {"doctor", "GP"}, "ar": {"طبيب"}, "fa": {"پزشک"}}},
			{ID: "police", Terms: map[string][]string{"en": {"police"}, "ar": {"شرطة"}}},
		},
		Services: []content.Service{
			{ID: "de-svc-bamf", Country: "de", Region: "_", Kind: content.KindService,
				Website: "https://www.bamf.de", Provenance: testProvenance, Texts: []content.ServiceText{
					{Lang: "en", Name: "Federal Office for Migration and Refugees", Status: content.StatusOriginal}}},
		},
	}
}

func withTerms(t content.Translation, terms ...string) content.Translation {
	t.Terms = terms
	return t
}

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Install(testPack(), PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOpenUsesWALAndMigrates(t *testing.T) {
	s := openTest(t)
	var mode string
	var version int
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" || version != len(migrations) {
		t.Errorf("journal_mode=%s user_version=%d, want wal %d", mode, version, len(migrations))
	}
}

func TestInstallRefusesInvalidPackAndKeepsOldContent(t *testing.T) {
	s := openTest(t)
	bad := testPack()
	bad.Items[0].Provenance.Source = ""
	bad.Hotlines[0].Number = "call us"
	err := s.Install(bad, PackInfo{Origin: "bad"})
	var pe *content.ProblemError
	if !errors.As(err, &pe) || len(pe.Problems) != 2 {
		t.Fatalf("Install(bad) = %v, want two problems", err)
	}
	for _, want := range []string{"item de-asylum: missing source address", `item de-hl-116016: number "call us"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	info, err := s.Installed()
	if err != nil || info.Origin != "test" {
		t.Errorf("after refused install: %+v, %v; want the old pack", info, err)
	}
	if _, err := s.Article("de-asylum", []string{"en"}); err != nil {
		t.Errorf("old content gone: %v", err)
	}
}

func TestInstallReplacesEverything(t *testing.T) {
	s := openTest(t)
	next := testPack()
	next.Items = next.Items[:1]
	if err := s.Install(next, PackInfo{Origin: "next", Sequence: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Article("de-doctor", []string{"en"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed item still there: %v", err)
	}
	if res, _ := s.Search("doctor", "", []string{"en"}, 10); len(res) != 0 {
		t.Errorf("search index still finds removed item: %+v", res)
	}
	info, _ := s.Installed()
	if info.Origin != "next" || info.Sequence != 2 {
		t.Errorf("Installed() = %+v", info)
	}
}

func TestCountries(t *testing.T) {
	s := openTest(t)
	tests := []struct {
		chain []string
		want  string
	}{
		{[]string{"en"}, "Germany Sweden"},
		{[]string{"ar", "en"}, "ألمانيا السويد"},
		{[]string{"ti", "en"}, "Germany Sweden"},
	}
	for _, tt := range tests {
		got, err := s.Countries(content.RoleDestination, tt.chain)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range got {
			names = append(names, p.Name)
		}
		if strings.Join(names, " ") != tt.want {
			t.Errorf("Countries(%v) = %v, want %s", tt.chain, names, tt.want)
		}
	}
	if n, _ := s.CountryName("se", []string{"ar", "en"}); n != "السويد" {
		t.Errorf("CountryName(se, ar) = %q", n)
	}
}

func TestItemsPicksLanguageAndMarksOthers(t *testing.T) {
	s := openTest(t)
	tests := []struct {
		chain     []string
		kinds     []content.Kind
		wantTitle string
		wantOther bool
	}{
		{[]string{"ar", "en"}, []content.Kind{content.KindEntry}, "طلب اللجوء", false},
		{[]string{"en"}, []content.Kind{content.KindEntry}, "Asking for asylum", false},
		{[]string{"ti", "en"}, []content.Kind{content.KindEntry}, "Asking for asylum", true},
		{[]string{"fa-AF", "fa", "en"}, []content.Kind{content.KindHealth}, "مراجعه به پزشک", false},
		{[]string{"ar", "en"}, []content.Kind{content.KindLiving}, "Finding a flat", true},
	}
	for _, tt := range tests {
		got, err := s.Items("de", tt.kinds, content.StageFirstWeeks, tt.chain)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Title != tt.wantTitle || got[0].OtherLanguage != tt.wantOther {
			t.Errorf("Items(de, %v, %v) = %+v, want %q other=%v", tt.kinds, tt.chain, got, tt.wantTitle, tt.wantOther)
		}
	}
	counts, err := s.KindCounts("de")
	if err != nil || counts[content.KindHealth] != 1 || counts[content.KindRisk] != 0 {
		t.Errorf("KindCounts(de) = %v, %v", counts, err)
	}
}

func TestArticle(t *testing.T) {
	s := openTest(t)
	a, err := s.Article("de-asylum", []string{"ar", "en"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Lang != "ar" || a.Body != "المكتب الاتحادي يقرر بشأن اللجوء." || a.Status != content.StatusMachine {
		t.Errorf("Article = %+v", a)
	}
	if !reflect.DeepEqual(a.Provenance, testProvenance) || strings.Join(a.Languages, ",") != "ar,en" {
		t.Errorf("Article provenance %+v languages %v", a.Provenance, a.Languages)
	}
	if _, err := s.Article("nope", []string{"en"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("Article(nope) = %v, want ErrNotFound", err)
	}
}

func TestHotlinesOrderedByUrgency(t *testing.T) {
	s := openTest(t)
	got, err := s.Hotlines("de", []string{"ar", "en"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Number != "112" || got[1].Number != "110" || got[2].Number != "116016" {
		t.Fatalf("Hotlines = %+v", got)
	}
	if got[0].Label != "Fire brigade and ambulance" || got[2].Label != "هاتف مساعدة" {
		t.Errorf("labels %q, %q", got[0].Label, got[2].Label)
	}
}

func TestServices(t *testing.T) {
	s := openTest(t)
	got, err := s.Services("de", []content.Kind{content.KindService, content.KindProgramme}, []string{"en"})
	if err != nil || len(got) != 1 || got[0].Website != "https://www.bamf.de" {
		t.Errorf("Services = %+v, %v", got, err)
	}
}

func TestSearch(t *testing.T) {
	s := openTest(t)
	tests := []struct {
		name, query, country string
		chain                []string
		want                 []string // item ids, best first
	}{
		{"english word", "asylum", "", []string{"en"}, []string{"de-asylum"}},
		{"prefix", "asyl", "", []string{"en"}, []string{"de-asylum"}},
		{"case and accents", "ÁSYLUM", "", []string{"en"}, []string{"de-asylum"}},
		{"arabic without tashkeel finds", "اللُّجُوء", "", []string{"ar"}, []string{"de-asylum"}},
		{"persian digits find a number", "۱۱۶۱۱۷", "", []string{"en"}, []string{"de-doctor"}},
		{"german digraph", "muellerstrasse", "", []string{"en"}, []string{"de-housing"}},
		{"country filter", "doctor", "se", []string{"en"}, []string{"se-doctor"}},
		{"title ranks above body", "doctor", "", []string{"en"}, []string{"de-doctor", "se-doctor"}},
		{"all words first, then any", "doctor sweden", "", []string{"en"}, []string{"se-doctor", "de-doctor", "se"}},
		{"empty", "", "", []string{"en"}, nil},
		{"symbols only", "?!* \"()", "", []string{"en"}, nil},
		{"fts operators are text", "asylum OR NOT", "", []string{"en"}, []string{"de-asylum"}},
		{"number typed with a space", "116 016", "de", []string{"en"}, []string{"de-hl-116016"}},
		{"number typed whole", "116016", "de", []string{"en"}, []string{"de-hl-116016"}},
		{"arabic finds an english-only hotline", "الشرطة", "de", []string{"ar"}, []string{"de-hl-110"}},
		{"arabic without its article", "لجوء", "de", []string{"ar"}, []string{"de-asylum"}},
		{"synonym in another language", "طبيب", "de", []string{"ar"}, []string{"de-doctor"}},
		{"word the text does not use", "GP", "de", []string{"en"}, []string{"de-doctor"}},
		{"an item's search terms", "wohnung", "de", []string{"en"}, []string{"de-housing"}},
		{"plural by its stem", "doctors", "de", []string{"en"}, []string{"de-doctor"}},
		{"one typo forgiven", "asylym", "de", []string{"en"}, []string{"de-asylum"}},
		{"swapped letters forgiven", "asyulm", "de", []string{"en"}, []string{"de-asylum"}},
		{"short words get no typo forgiven", "flta", "de", []string{"en"}, nil},
		{"service by name", "migration refugees", "de", []string{"en"}, []string{"de-svc-bamf"}},
		{"city by name", "berlin", "de", []string{"en"}, []string{"de/berlin"}},
		{"no match", "zebra", "", []string{"en"}, nil},
		{"scope tokens are not searchable", "ccde", "", []string{"en"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Search(tt.query, tt.country, tt.chain, 20)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range got {
				ids = append(ids, r.ID)
			}
			if strings.Join(ids, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Search(%q) = %v, want %v", tt.query, ids, tt.want)
			}
		})
	}
}

// TestSearchExactBeforeApproximate: what is found as typed comes before
// what only a forgiven typo or a missing word finds.
func TestSearchExactBeforeApproximate(t *testing.T) {
	s := openTest(t)
	for _, q := range []string{"doctor sweden", "asylym", "asylum OR NOT", "seeing doctor zebra"} {
		got, err := s.Search(q, "", []string{"en"}, 20)
		if err != nil {
			t.Fatal(err)
		}
		approx := false
		for _, r := range got {
			if approx && !r.Approximate {
				t.Errorf("Search(%q): exact hit %s after an approximate one: %+v", q, r.ID, got)
			}
			approx = approx || r.Approximate
		}
	}
	got, _ := s.Search("doctor sweden", "", []string{"en"}, 20)
	if len(got) == 0 || got[0].Approximate || got[len(got)-1].Approximate == false {
		t.Errorf("Search(doctor sweden) = %+v: want the item with both words first, the rest marked approximate", got)
	}
}

// TestSearchRanksPhraseAndStage: the words as a phrase rank above the same
// words apart, and the reader's stage ranks first.
func TestSearchRanksPhraseAndStage(t *testing.T) {
	s := openTest(t)
	got, err := s.Find(Query{Text: "seeing a doctor", Country: "", Chain: []string{"en"}, Limit: 5})
	if err != nil || len(got) < 2 || got[0].ID != "de-doctor" {
		t.Fatalf("Find(seeing a doctor) = %+v, %v: want the exact phrase first", got, err)
	}
}

func TestSearchShowsReadersLanguageOrMarksOther(t *testing.T) {
	s := openTest(t)
	// An English-only hotline found by an Arabic reader is marked.
	if got, err := s.Search("الشرطة", "de", []string{"ar", "en"}, 5); err != nil || len(got) != 1 ||
		got[0].Type != TypeHotline || !got[0].OtherLanguage || got[0].Detail != "110" {
		t.Errorf("Search(الشرطة) = %+v, %v: want the police hotline, marked as English", got, err)
	}
	// An Arabic query finds the item through its Arabic text; an English
	// reader still sees it in English.
	got, err := s.Search("اللجوء", "", []string{"en"}, 5)
	if err != nil || len(got) != 1 || got[0].Title != "Asking for asylum" || got[0].OtherLanguage {
		t.Fatalf("Search(ar query, en reader) = %+v, %v", got, err)
	}
	got, _ = s.Search("flat", "", []string{"ar", "en"}, 5)
	if len(got) != 1 || !got[0].OtherLanguage || got[0].Lang != "en" {
		t.Errorf("untranslated result not marked: %+v", got)
	}
}

func TestOpenOrRebuild(t *testing.T) {
	install := func(s *Store) error { return s.Install(testPack(), PackInfo{Origin: "embedded"}) }
	tests := []struct {
		name        string
		prepare     func(path string)
		wantDamaged bool
	}{
		{"missing", func(string) {}, false},
		{"garbage", func(p string) { os.WriteFile(p, bytes.Repeat([]byte("not sqlite "), 500), 0o600) }, true},
		{"empty file", func(p string) { os.WriteFile(p, nil, 0o600) }, false},
		{"truncated database", func(p string) {
			s, _ := Open(p)
			s.Install(testPack(), PackInfo{Origin: "x"})
			s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
			s.Close()
			b, _ := os.ReadFile(p)
			b = b[:len(b)/2]
			copy(b[4096:], bytes.Repeat([]byte{0xff}, 2048)) // a scribbled page
			os.WriteFile(p, b, 0o600)
		}, true},
		{"newer schema", func(p string) {
			s, _ := Open(p)
			s.db.Exec(`PRAGMA user_version = 99`)
			s.Close()
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "content.db")
			tt.prepare(path)
			s, r, err := OpenOrRebuild(path, install, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if r.Damaged() != tt.wantDamaged || !r.Installed {
				t.Errorf("Rebuilt = %+v, want damaged=%v installed", r, tt.wantDamaged)
			}
			if tt.wantDamaged {
				if _, err := os.Stat(r.MovedTo); err != nil {
					t.Errorf("damaged file not kept: %v", err)
				}
				if r.Reason == "" {
					t.Error("no reason given")
				}
			}
			if _, err := s.Article("de-asylum", []string{"en"}); err != nil {
				t.Errorf("content not there after rebuild: %v", err)
			}
		})
	}
}

func TestOpenOrRebuildKeepsHealthyDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "content.db")
	installs := 0
	install := func(s *Store) error {
		installs++
		return s.Install(testPack(), PackInfo{Origin: "embedded", Hash: "v1"})
	}
	for i := 0; i < 2; i++ {
		s, r, err := OpenOrRebuild(path, install, func(p PackInfo) bool { return p.Hash != "v1" })
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		if r.Damaged() {
			t.Errorf("run %d: healthy database reported damaged: %+v", i, r)
		}
	}
	if installs != 1 {
		t.Errorf("installed %d times, want once", installs)
	}
	s, r, err := OpenOrRebuild(path, install, func(p PackInfo) bool { return p.Hash != "v2" })
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if !r.Installed || r.Damaged() {
		t.Errorf("a newer embedded pack was not installed: %+v", r)
	}
}

// TestEverySourceIsKept: an item, hotline or service that rests on several
// pages keeps all of them, in order, through an install and through the
// index rebuild an upgrade asks for (which reads the stored rows back).
func TestEverySourceIsKept(t *testing.T) {
	pv := testProvenance
	pv.MoreSources = []string{"https://example.org/law", "https://example.org/office/page"}
	p := testPack()
	p.Items[0].Provenance = pv    // de-asylum
	p.Hotlines[1].Provenance = pv // de-hl-112
	p.Services[0].Provenance = pv // de-svc-bamf
	s, err := Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Install(p, PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"https://example.org/source", "https://example.org/law", "https://example.org/office/page"}
	check := func(when string) {
		t.Helper()
		a, err := s.Article("de-asylum", []string{"en"})
		if err != nil || !reflect.DeepEqual(a.Provenance.Sources(), want) {
			t.Errorf("%s: article sources = %q, %v; want %q", when, a.Provenance.Sources(), err, want)
		}
		if a, err := s.Article("de-doctor", []string{"en"}); err != nil || len(a.Provenance.Sources()) != 1 {
			t.Errorf("%s: an item with one source has %q, %v", when, a.Provenance.Sources(), err)
		}
		hl, err := s.Hotlines("de", []string{"en"})
		if err != nil || len(hl) != 3 || hl[0].ID != "de-hl-112" || !reflect.DeepEqual(hl[0].Provenance.Sources(), want) {
			t.Errorf("%s: hotlines = %+v, %v; want de-hl-112 first with %q", when, hl, err, want)
		}
		svc, err := s.Services("de", []content.Kind{content.KindService}, []string{"en"})
		if err != nil || len(svc) != 1 || !reflect.DeepEqual(svc[0].Provenance.Sources(), want) {
			t.Errorf("%s: services = %+v, %v; want sources %q", when, svc, err, want)
		}
	}
	check("after the install")
	if _, err := s.db.Exec(`INSERT OR REPLACE INTO meta (key, value) VALUES ('reindex', '1')`); err != nil {
		t.Fatal(err)
	}
	if err := s.reindex(); err != nil {
		t.Fatal(err)
	}
	check("after the index rebuild")
}
