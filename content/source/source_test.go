package source

import (
	"strings"
	"testing"
	"testing/fstest"
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
source = "https://www.bamf.de"
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
source = "https://www.112.eu"
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
source = "https://www.bamf.de"
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
	pack, problems := Load(tree)
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
			strings.Replace(originalMD, "source = \"https://www.bamf.de\"\n", "", 1),
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
		{"unknown region", "de/hamburg/services.toml", strings.Replace(servicesTOML, "de-svc-bamf", "de-svc-x", 1),
			[]string{`de/hamburg/services.toml:2: region "hamburg" is not a region of de`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := validTree()
			tree[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, problems := Load(tree)
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
	_, problems := Load(tree)
	found := false
	for _, p := range problems {
		found = found || strings.Contains(p.Message, `language tag "xx-!!" is not BCP 47`)
	}
	if !found {
		t.Errorf("bad tag not reported: %v", problems)
	}
}
