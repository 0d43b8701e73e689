package source

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"safar.app/safar/content"
)

// checklistTree reads the valid checklist tree in testdata into a map
// tests change one file of at a time.
func checklistTree(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, p := range []string{"de/country.toml", "de/_/entry/asylum.en.md",
		"de/_/checklist/first-weeks.en.toml", "de/_/checklist/first-weeks.ar.toml"} {
		data, err := os.ReadFile("testdata/checklist/" + p)
		if err != nil {
			t.Fatal(err)
		}
		fsys[p] = &fstest.MapFile{Data: data}
	}
	return fsys
}

func TestChecklistLoads(t *testing.T) {
	pack, problems := LoadOn(checklistTree(t), fixtureDay)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	if len(pack.Checklists) != 1 {
		t.Fatalf("got %d checklists", len(pack.Checklists))
	}
	c := pack.Checklists[0]
	if c.ID != "de-checklist-first-weeks" || c.Country != "de" || c.Region != "_" || c.Stage != content.StageFirstWeeks ||
		c.OriginalLang != "en" || c.Provenance.Checked != "steps, deadlines" || c.Provenance.ReviewBy.String() != "2027-03-01" {
		t.Fatalf("checklist read as %+v", c)
	}
	if title, lang := c.Title([]string{"ar", "en"}); title != "أسابيعك الأولى" || lang != "ar" {
		t.Errorf("Arabic title %q in %s", title, lang)
	}
	tests := []struct {
		i                  int
		id, link, deadline string
		en, reason, ar     string
	}{
		{0, "register", "", "14 days", "Register your address.", "Many offices need the registration.", "سجّل عنوانك."},
		{1, "asylum", "de-asylum", "", "Ask for asylum.", "", "اطلب اللجوء."},
		{2, "health", "", "3 months", "Apply for health cover.", "", "قدّم طلب التأمين الصحي."},
	}
	if len(c.Steps) != len(tests) {
		t.Fatalf("got %d steps", len(c.Steps))
	}
	for _, tt := range tests {
		s := c.Steps[tt.i]
		en, ar := s.Text([]string{"en"}, "en"), s.Text([]string{"ar"}, "en")
		if s.ID != tt.id || s.Link != tt.link || s.Deadline.String() != tt.deadline ||
			en.Text != tt.en || en.Reason != tt.reason || en.Status != content.StatusOriginal ||
			ar.Text != tt.ar || ar.Status != content.StatusMachine {
			t.Errorf("step %d read as %+v", tt.i, s)
		}
	}
}

func TestChecklistErrors(t *testing.T) {
	const en, ar = "de/_/checklist/first-weeks.en.toml", "de/_/checklist/first-weeks.ar.toml"
	tests := []struct{ name, file, from, to, want string }{
		{"unknown stage", en, `stage = "first-weeks"`, `stage = "arrival"`,
			en + `:2: unknown stage "arrival"`},
		{"link to a missing item", en, `link = "de-asylum"`, `link = "de-asylum-old"`,
			en + `:18: step 2 ("asylum"): link to "de-asylum-old": no item has that id`},
		{"deadline without a unit", en, `deadline = "14 days"`, `deadline = "14"`,
			en + `:15: step 1 ("register"): deadline "14": write a whole number and days, weeks or months`},
		{"deadline of zero days", en, `deadline = "14 days"`, `deadline = "0 days"`,
			en + `:15: step 1 ("register"): deadline "0 days"`},
		{"deadline in years", en, `deadline = "3 months"`, `deadline = "1 year"`,
			en + `:25: step 3 ("health"): deadline "1 year"`},
		{"deadline too far", en, `deadline = "3 months"`, `deadline = "40 months"`,
			en + `:25: step 3 ("health"): deadline "40 months" is more than three years after arrival`},
		{"deadline before arrival", en, `stage = "first-weeks"`, `stage = "before"`,
			en + `:12: step 1 ("register"): a deadline counts from arrival; a step of stage "before" cannot have one`},
		{"empty step", en, `text = "Ask for asylum."`, `text = " "`,
			en + `:18: step 2 ("asylum"): empty text in en`},
		{"step without text", en, "text = \"Ask for asylum.\"\n", "",
			en + `:18: step 2 ("asylum"): empty text in en`},
		{"empty translated step", ar, `text = "اطلب اللجوء."`, `text = ""`,
			ar + `:12: step 2 ("asylum"): empty text in ar`},
		{"two steps with one id", en, `id = "health"`, `id = "register"`,
			en + `:12: step 3 ("register"): two steps with the id "register"`},
		{"step id not a slug", en, `id = "health"`, `id = "Health Cover"`,
			en + `:23: step 3 ("Health Cover"): step id must be lower-case letters, digits and -`},
		{"translated step not in the original", ar, `id = "health"`, `id = "bank"`,
			ar + `:16: step "bank" is not in the original`},
		{"deadline in a translation", ar, `text = "اطلب اللجوء."`, "text = \"اطلب اللجوء.\"\ndeadline = \"2 days\"",
			ar + `:12: step "asylum": link and deadline belong in the original`},
		{"no publisher", en, `publisher = "Test"`, `publisher = ""`,
			en + `:5: missing publisher`},
		{"no source", en, "source = \"https://example.org/first-weeks/steps\"\n", "",
			en + `:1: missing key "source"`},
		{"id outside its country", en, `id = "de-checklist-first-weeks"`, `id = "at-checklist-first-weeks"`,
			en + `:1: id "at-checklist-first-weeks" is in the folder de/`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := checklistTree(t)
			old := string(fsys[tt.file].Data)
			if !strings.Contains(old, tt.from) {
				t.Fatalf("%s has no %q", tt.file, tt.from)
			}
			fsys[tt.file] = &fstest.MapFile{Data: []byte(strings.Replace(old, tt.from, tt.to, 1))}
			_, problems := LoadOn(fsys, fixtureDay)
			errs := content.Errors(problems)
			for _, p := range errs {
				if strings.Contains(p.String(), tt.want) {
					return
				}
			}
			t.Errorf("want an error with %q, got %v", tt.want, errs)
		})
	}
}

func TestChecklistIsATOMLFile(t *testing.T) {
	fsys := checklistTree(t)
	fsys["de/_/checklist/arrival.en.md"] = &fstest.MapFile{Data: []byte("+++\nid = \"de-arrival\"\n+++\n")}
	_, problems := LoadOn(fsys, fixtureDay)
	if len(problems) != 1 || !strings.HasPrefix(problems[0].String(), "de/_/checklist/arrival.en.md: a checklist is a TOML file") {
		t.Fatalf("got %v", problems)
	}
}

func TestUntranslatedStepIsAWarning(t *testing.T) {
	fsys := checklistTree(t)
	ar := string(fsys["de/_/checklist/first-weeks.ar.toml"].Data)
	ar = ar[:strings.LastIndex(ar, "[[step]]")]
	fsys["de/_/checklist/first-weeks.ar.toml"] = &fstest.MapFile{Data: []byte(ar)}
	pack, problems := LoadOn(fsys, fixtureDay)
	if len(problems) != 1 || !problems[0].Warning || !strings.Contains(problems[0].Message, "health") {
		t.Fatalf("got %v", problems)
	}
	if got := pack.Checklists[0].Steps[2].Text([]string{"ar"}, "en"); got.Lang != "en" {
		t.Errorf("the untranslated step falls back to %q", got.Lang)
	}
}

func TestChecklistWithoutSteps(t *testing.T) {
	fsys := checklistTree(t)
	en := string(fsys["de/_/checklist/first-weeks.en.toml"].Data)
	fsys["de/_/checklist/first-weeks.en.toml"] = &fstest.MapFile{Data: []byte(en[:strings.Index(en, "[[step]]")])}
	delete(fsys, "de/_/checklist/first-weeks.ar.toml")
	_, problems := LoadOn(fsys, fixtureDay)
	if len(problems) != 1 || problems[0].String() != "de/_/checklist/first-weeks.en.toml:1: checklist de-checklist-first-weeks has no steps" {
		t.Fatalf("got %v", problems)
	}
}
