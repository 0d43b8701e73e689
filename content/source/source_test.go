package source

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"safar.app/safar/content"
)

const (
	countryTOML = "code = \"de\"\nname = { en = \"Germany\" }\n[[region]]\ncode = \"berlin\"\nname = { en = \"Berlin\" }\n"
	originalMD  = `+++
id = "de-asylum"
kind = "entry"
stages = ["before", "first-weeks"]
title = "Asking for asylum"
summary = "Who decides."
publisher = "Test"
source = "https://www.bamf.de/EN/Themen/AsylFluechtlingsschutz/asylfluechtlingsschutz-node.html"
reviewed_on = 2026-11-20
review_by = 2027-05-20
status = "original"
+++
The **Federal Office** decides.
`
	translationMD = `+++
id = "de-asylum"
status = "machine"
translation_of = "en"
title = "طلب اللجوء"
summary = "من يقرر."
+++
المكتب الاتحادي يقرر.
`
	hotlinesTOML = `[[hotline]]
id = "de-hl-112"
number = "112"
purpose = "ambulance"
hours = "24/7"
languages = ["de", "en"]
publisher = "Test"
source = "https://www.bmi.bund.de/notruf"
reviewed_on = 2026-11-20
review_by = 2027-11-20
  [[hotline.text]]
  lang = "en"
  status = "original"
  label = "Fire brigade and ambulance"
  note = "Free."
`
	servicesTOML = `[[service]]
id = "de-svc-bamf"
website = "https://www.bamf.de"
publisher = "Test"
source = "https://www.bamf.de/EN/Startseite/startseite_node.html"
reviewed_on = 2026-11-20
review_by = 2027-11-20
  [[service.text]]
  lang = "en"
  status = "original"
  name = "BAMF"
  description = "Federal office."
`
)

func validTree() fstest.MapFS {
	return fstest.MapFS{
		"de/country.toml":         {Data: []byte(countryTOML)},
		"de/hotlines.toml":        {Data: []byte(hotlinesTOML)},
		"de/_/services.toml":      {Data: []byte(servicesTOML)},
		"de/_/entry/asylum.en.md": {Data: []byte(originalMD)},
		"de/_/entry/asylum.ar.md": {Data: []byte(translationMD)},
		"de/berlin/entry/.keep":   {Data: nil},
		"de/_/README.md":          {Data: []byte("notes")},
	}
}

func TestLoadValidTree(t *testing.T) {
	tree := validTree()
	pack, problems := loadToday(tree)
	if len(problems) != 0 {
		t.Fatalf("problems in a valid tree: %v", problems)
	}
	if len(pack.Countries) != 1 || len(pack.Items) != 1 || len(pack.Hotlines) != 1 || len(pack.Services) != 1 {
		t.Fatalf("pack = %+v", pack)
	}
	it := pack.Items[0]
	if it.Path() != "de/_/entry/asylum" || it.OriginalLang != "en" || len(it.Translations) != 2 {
		t.Errorf("item = %+v", it)
	}
	if it.Provenance.ReviewBy.String() != "2027-05-20" {
		t.Errorf("review_by = %s", it.Provenance.ReviewBy)
	}
	for _, tr := range it.Translations {
		if tr.Lang == "en" && tr.Body != "The **Federal Office** decides." {
			t.Errorf("body = %q", tr.Body)
		}
	}
}

func TestLoadFindsEveryProblem(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		data  string
		wants []string
	}{
		{"unknown key", "de/_/entry/asylum.en.md",
			strings.Replace(originalMD, "status = \"original\"", "status = \"original\"\nauthor = \"me\"", 1),
			[]string{`de/_/entry/asylum.en.md:12: unknown key "author"`}},
		{"missing key", "de/_/entry/asylum.en.md",
			strings.Replace(originalMD, "source = \"https://www.bamf.de/EN/Themen/AsylFluechtlingsschutz/asylfluechtlingsschutz-node.html\"\n", "", 1),
			[]string{`de/_/entry/asylum.en.md:2: missing key "source"`}},
		{"toml syntax", "de/_/entry/asylum.en.md",
			strings.Replace(originalMD, "review_by = 2027-05-20", "review_by = 2027-05-", 1),
			[]string{`de/_/entry/asylum.en.md:10: invalid datetime`}},
		{"review before reviewed", "de/_/entry/asylum.en.md",
			strings.Replace(originalMD, "review_by = 2027-05-20", "review_by = 2025-01-01", 1),
			[]string{"review_by 2025-01-01 is before reviewed_on 2026-11-20"}},
		{"kind mismatch", "de/_/entry/asylum.en.md",
			strings.Replace(originalMD, `kind = "entry"`, `kind = "health"`, 1),
			[]string{`de/_/entry/asylum.en.md:3: kind "health" does not match the folder "entry"`}},
		{"no front matter", "de/_/entry/asylum.en.md", "just text",
			[]string{"de/_/entry/asylum.en.md:1: front matter must start"}},
		{"bad number", "de/hotlines.toml", strings.Replace(hotlinesTOML, `"112"`, `"one-one-two"`, 1),
			[]string{`de/hotlines.toml:3: "one-one-two" is not a phone number`}},
		{"stray file", "de/notes.txt", "x", []string{"de/notes.txt: unexpected file"}},
		{"orphan translation", "de/_/entry/other.ar.md", translationMD,
			[]string{`de/_/entry/other.ar.md: translation of "de-asylum" has no original`}},
		{"both source and sources", "de/_/entry/asylum.en.md",
			strings.Replace(originalMD, "status = \"original\"", "status = \"original\"\nsources = [\"https://www.bamf.de/a\"]", 1),
			[]string{"de/_/entry/asylum.en.md:12: both source and sources are set"}},
		{"neither source nor sources", "de/_/entry/asylum.en.md",
			strings.Replace(originalMD, "source = \"https://www.bamf.de/EN/Themen/AsylFluechtlingsschutz/asylfluechtlingsschutz-node.html\"\n", "", 1),
			[]string{`missing key "source" (or "sources", a list of pages)`}},
		{"a bad address among sources", "de/_/entry/asylum.en.md",
			strings.Replace(originalMD, "source = \"https://www.bamf.de/EN/Themen/AsylFluechtlingsschutz/asylfluechtlingsschutz-node.html\"",
				"sources = [\"https://www.bamf.de/a\", \"bamf.de/b\"]", 1),
			[]string{`de/_/entry/asylum.en.md:8: source: "bamf.de/b" is not a web address`}},
		{"home page source", "de/_/entry/asylum.en.md",
			strings.Replace(originalMD, "https://www.bamf.de/EN/Themen/AsylFluechtlingsschutz/asylfluechtlingsschutz-node.html", "https://www.bamf.de/", 1),
			[]string{`de/_/entry/asylum.en.md:8: warning: source "https://www.bamf.de/" is a home page`}},
		{"home page among sources", "de/_/entry/asylum.en.md",
			strings.Replace(originalMD, "source = \"https://www.bamf.de/EN/Themen/AsylFluechtlingsschutz/asylfluechtlingsschutz-node.html\"",
				"sources = [\"https://www.bamf.de/a\", \"https://www.iom.int\"]", 1),
			[]string{`de/_/entry/asylum.en.md:8: warning: source "https://www.iom.int" is a home page`}},
		{"entry rules reviewed too rarely", "de/_/entry/asylum.en.md",
			strings.Replace(originalMD, "review_by = 2027-05-20", "review_by = 2027-11-20", 1),
			[]string{"de/_/entry/asylum.en.md:10: warning: review_by 2027-11-20 is more than 6 months after reviewed_on 2026-11-20"}},
		{"hotline reviewed too rarely", "de/hotlines.toml",
			strings.Replace(hotlinesTOML, "review_by = 2027-11-20", "review_by = 2028-11-20", 1),
			[]string{"de/hotlines.toml:10: warning: review_by 2028-11-20 is more than 12 months after reviewed_on 2026-11-20"}},
		{"service with both source and sources", "de/_/services.toml",
			strings.Replace(servicesTOML, "publisher = \"Test\"", "publisher = \"Test\"\nsources = [\"https://www.bamf.de/a\"]", 1),
			[]string{`de/_/services.toml:5: "de-svc-bamf" sets both source and sources`}},
		{"unknown region", "de/hamburg/services.toml", strings.Replace(servicesTOML, "de-svc-bamf", "de-svc-x", 1),
			[]string{`de/hamburg/services.toml:2: region "hamburg" is not a region of de`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := validTree()
			tree[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, problems := loadToday(tree)
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			all := strings.Join(got, "\n")
			for _, want := range tt.wants {
				if !strings.Contains(all, want) {
					t.Errorf("problems do not mention %q:\n%s", want, all)
				}
			}
			if strings.Contains(all, "has no original") && !strings.Contains(tt.name, "orphan") {
				t.Errorf("a broken original also reported its translations as orphans:\n%s", all)
			}
		})
	}
}

func TestLoadBadLanguageTag(t *testing.T) {
	tree := validTree()
	tree["de/_/entry/asylum.xx-!!.md"] = &fstest.MapFile{Data: []byte(translationMD)}
	_, problems := loadToday(tree)
	found := false
	for _, p := range problems {
		found = found || strings.Contains(p.Message, `language tag "xx-!!" is not BCP 47`)
	}
	if !found {
		t.Errorf("bad tag not reported: %v", problems)
	}
}

// TestLoadSourcesAndChecked: `sources` lists several pages, the first being
// the one readers are sent to; `checked` says what was checked; the older
// single `source` still reads as a list of one.
func TestLoadSourcesAndChecked(t *testing.T) {
	tests := []struct {
		name, replace, with string
		source              string
		more                []string
		checked             string
	}{
		{"single source", "", "",
			"https://www.bamf.de/EN/Themen/AsylFluechtlingsschutz/asylfluechtlingsschutz-node.html", nil, ""},
		{"sources and checked",
			`source = "https://www.bamf.de/EN/Themen/AsylFluechtlingsschutz/asylfluechtlingsschutz-node.html"`,
			"sources = [\"https://www.bamf.de/a\", \"https://eur-lex.europa.eu/b\"]\nchecked = \"age, where to register\"",
			"https://www.bamf.de/a", []string{"https://eur-lex.europa.eu/b"}, "age, where to register"},
		{"a list of one",
			`source = "https://www.bamf.de/EN/Themen/AsylFluechtlingsschutz/asylfluechtlingsschutz-node.html"`,
			`sources = ["https://www.bamf.de/a"]`,
			"https://www.bamf.de/a", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := validTree()
			if tt.replace != "" {
				tree["de/_/entry/asylum.en.md"] = &fstest.MapFile{Data: []byte(strings.Replace(originalMD, tt.replace, tt.with, 1))}
			}
			pack, problems := loadToday(tree)
			if len(problems) != 0 {
				t.Fatalf("problems: %v", problems)
			}
			pv := pack.Items[0].Provenance
			if pv.Source != tt.source || strings.Join(pv.MoreSources, " ") != strings.Join(tt.more, " ") || pv.Checked != tt.checked {
				t.Errorf("provenance = %+v, want source %q, more %q, checked %q", pv, tt.source, tt.more, tt.checked)
			}
		})
	}
}

// TestTranslationCannotSetSources: what was checked, and against what, is
// the original's to say.
func TestTranslationCannotSetSources(t *testing.T) {
	for _, key := range []string{`sources = ["https://www.bamf.de/a"]`, `checked = "numbers"`} {
		tree := validTree()
		tree["de/_/entry/asylum.ar.md"] = &fstest.MapFile{Data: []byte(strings.Replace(translationMD, `status = "machine"`, `status = "machine"`+"\n"+key, 1))}
		_, problems := loadToday(tree)
		name := key[:strings.Index(key, " ")]
		if !strings.Contains(fmt.Sprint(problems), fmt.Sprintf("%q belongs in the original", name)) {
			t.Errorf("%s in a translation not reported: %v", name, problems)
		}
	}
}

// loadToday loads as of a fixed day, so review dates in the test trees do
// not fall due as the calendar moves on.
func loadToday(fsys fs.FS) (*content.Pack, []content.Problem) {
	return LoadOn(fsys, content.Date{Year: 2026, Month: 12, Day: 1})
}
