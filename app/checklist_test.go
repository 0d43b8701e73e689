package app

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"safar.app/safar/assets"
	"safar.app/safar/content"
	"safar.app/safar/content/bundled"
	"safar.app/safar/content/source"
	"safar.app/safar/content/store"
	"safar.app/safar/locales"
	"safar.app/safar/sync/client"
	"safar.app/safar/sync/publish"
	"safar.app/safar/userdata"
)

// withFixtureChecklist installs the built-in pack with the loader's
// fixture checklist (de, first weeks) in place of the pack's own, changed
// by edit first when it is given: an update from the publisher.
func withFixtureChecklist(t *testing.T, a *App, edit func(c *content.Checklist)) {
	t.Helper()
	pack, _ := bundled.Pack()
	fixture, problems := source.LoadOn(os.DirFS("../content/source/testdata/checklist"), content.Date{Year: 2026, Month: 10, Day: 15})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var lists []content.Checklist
	for _, c := range pack.Checklists {
		if !(c.Country == "de" && c.Stage == content.StageFirstWeeks) {
			lists = append(lists, c)
		}
	}
	c := fixture.Checklists[0]
	if edit != nil {
		edit(&c)
	}
	pack.Checklists = append(lists, c)
	if err := a.content.Install(pack, store.PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
}

// germanyArrivedOn is a reader in their first weeks in Germany who arrived
// on day (testNow is 2026-11-23).
func germanyArrivedOn(day string) *userdata.Settings {
	st := onboardedInGermany
	st.Arrival = day
	return &st
}

func TestTickSurvivesAnUpdateThatChangesIt(t *testing.T) {
	a := newTestApp(t, germanyArrivedOn("2026-11-12"))
	withFixtureChecklist(t, a, nil)
	a.goHome()
	title := a.loc.T("ChecklistHomeTitle", "Stage", a.loc.T("StageFirstWeeks"))
	// Registration is due 14 days after arrival: on 26 November, in three
	// days, so home highlights it.
	mustShow(t, a, title, "0 of 3 done", "Register your address. · Due by 26 November 2026")

	tapCard(t, a, title)
	mustShow(t, a, "Your first weeks", "Many offices need the registration.", "Due by 26 November 2026",
		"Due by 12 February 2027", "Read: ")
	tapCard(t, a, "Register your address.")
	tapCard(t, a, "Apply for health cover.")
	mustShow(t, a, "2 of 3 done")
	a.goHome()
	mustNotShow(t, a, "Register your address. · Due by") // done: no longer urgent
	tapCard(t, a, title)

	// The publisher rewords the registration step and removes the health
	// step; the reader's ticks stay, and the screen says what changed.
	withFixtureChecklist(t, a, func(c *content.Checklist) {
		for i, tx := range c.Steps[0].Texts {
			if tx.Lang == "en" {
				c.Steps[0].Texts[i].Text = "Register your address at the Bürgeramt."
			}
		}
		c.Steps = c.Steps[:2]
	})
	a.show()
	mustShow(t, a, "1 of 2 done", "Register your address at the Bürgeramt.", "Changed since you ticked it",
		"When you ticked it, it said: Register your address.",
		"Removed by the publisher", "When you ticked it, it said: Apply for health cover.")
	a.goHome()
	mustShow(t, a, "1 of 2 done", "Changed since you ticked them: 2")

	tapCard(t, a, title)
	tapButton(t, a, "Still done")
	mustNotShow(t, a, "Changed since you ticked it")
	mustShow(t, a, "1 of 2 done")
	tapButton(t, a, "Remove")
	mustNotShow(t, a, "Apply for health cover.")
	ticks, _ := a.user.Ticks("de", "first-weeks")
	if len(ticks) != 1 {
		t.Errorf("ticks kept: %+v", ticks)
	}
}

func TestUntickAndOwnSteps(t *testing.T) {
	a := newTestApp(t, germanyArrivedOn("2026-11-01"))
	withFixtureChecklist(t, a, nil)
	a.Open("home")
	tapCard(t, a, a.loc.T("ChecklistHomeTitle", "Stage", a.loc.T("StageFirstWeeks")))
	// Arrived on 1 November: registration was due on 15 November.
	mustShow(t, a, "The deadline was 15 November 2026", "You arrived on 1 November 2026.")
	tapCard(t, a, "Register your address.")
	mustShow(t, a, "1 of 3 done")
	tapCard(t, a, "Register your address.")
	mustShow(t, a, "0 of 3 done")

	tapButton(t, a, "Add step")
	mustShow(t, a, "Write the step first.")
	typeOnto(t, a, "Add a step of your own", "Buy a SIM card")
	tapButton(t, a, "Add step")
	mustShow(t, a, "Buy a SIM card", "0 of 4 done")
	tapCard(t, a, "Buy a SIM card")
	mustShow(t, a, "1 of 4 done")
	a.goHome()
	mustShow(t, a, "1 of 4 done")
}

func TestArrivalDateSetsDeadlines(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	withFixtureChecklist(t, a, nil)
	a.goHome()
	mustShow(t, a, "Add the day you arrived to see your deadlines.")
	tapCard(t, a, a.loc.T("ChecklistHomeTitle", "Stage", a.loc.T("StageFirstWeeks")))
	mustShow(t, a, "When did you arrive?", "Within 14 days of arrival")
	typeOnto(t, a, "year-month-day, e.g. 2026-11-20", "20.11.2026")
	tapButton(t, a, "Save")
	mustShow(t, a, "Write the date as year-month-day")
	if a.settings.Arrival != "" {
		t.Fatalf("a bad date was saved: %q", a.settings.Arrival)
	}
	for _, e := range entriesOnScreen(a) {
		if e.PlaceHolder == "year-month-day, e.g. 2026-11-20" {
			e.SetText("")
		}
	}
	typeOnto(t, a, "year-month-day, e.g. 2026-11-20", "2026-11-20")
	tapButton(t, a, "Save")
	mustShow(t, a, "You arrived on 20 November 2026.", "Due by 4 December 2026", "Due by 20 February 2027")
	if st, _ := a.user.Settings(); st.Arrival != "2026-11-20" {
		t.Errorf("arrival saved as %q", st.Arrival)
	}
}

func TestStepLinkOpensTheItem(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	withFixtureChecklist(t, a, nil)
	art, err := a.content.Article("de-asylum", a.chain())
	if err != nil {
		t.Fatal(err)
	}
	a.goHome()
	tapCard(t, a, a.loc.T("ChecklistHomeTitle", "Stage", a.loc.T("StageFirstWeeks")))
	tapButton(t, a, "Read: "+art.Title)
	if got := a.stack[len(a.stack)-1].title(); got != art.Title {
		t.Errorf("the link opened %q, want %q", got, art.Title)
	}
}

// A reader before leaving sees the checklists of the country they leave
// and of their destination together.
func TestBeforeLeavingShowsTheOriginsChecklist(t *testing.T) {
	st := onboardedInGermany
	st.Stage, st.Origin = "before", "ph"
	a := newTestApp(t, &st)
	if got := a.checklistCountries(content.StageBefore); len(got) != 2 || got[0] != "ph" || got[1] != "de" {
		t.Errorf("countries before leaving: %v", got)
	}
	if got := a.checklistCountries(content.StageFirstWeeks); len(got) != 1 || got[0] != "de" {
		t.Errorf("countries in the first weeks: %v", got)
	}
}

// A step not yet translated is shown in the original, and the screen says
// so; a machine translation is marked as one.
func TestUntranslatedStepsAreMarked(t *testing.T) {
	st := onboardedInGermany
	st.Lang = "fa-AF"
	a := newTestApp(t, &st)
	withFixtureChecklist(t, a, nil) // English and Arabic only
	a.push(a.checklistScreen(content.StageFirstWeeks))
	mustShow(t, a, a.loc.T("ShownInOtherLanguage", "Language", locales.NameOf("en")), "Register your address.")

	st.Lang = "ar"
	a = newTestApp(t, &st)
	withFixtureChecklist(t, a, nil)
	a.push(a.checklistScreen(content.StageFirstWeeks))
	mustShow(t, a, a.loc.T("MachineTranslated"), "سجّل عنوانك.")
	mustNotShow(t, a, a.loc.T("ShownInOtherLanguage", "Language", locales.NameOf("en")))
}

// TestTickSurvivesASync: the reader ticks two steps of the built-in
// checklist; the publisher rewords one and removes the other in a signed
// release; after Settings → Check for updates, both ticks are kept and the
// checklist says what changed, with the old text.
func TestTickSurvivesASync(t *testing.T) {
	base := t.TempDir()
	tree := filepath.Join(base, "tree")
	if err := os.CopyFS(tree, assets.Content()); err != nil {
		t.Fatal(err)
	}
	repo := publish.Open(filepath.Join(base, "feed"), filepath.Join(base, "keys"))
	if err := repo.Init(1, 1); err != nil {
		t.Fatal(err)
	}
	if err := repo.AddPublisher("germany", "de/"); err != nil {
		t.Fatal(err)
	}
	// The update: "keep-letters" reworded in English, "get-advice" gone
	// from the original and its translations.
	files, _ := filepath.Glob(filepath.Join(tree, "de", "_", "checklist", "first-weeks.*.toml"))
	removeStep := regexp.MustCompile(`(?s)\n\[\[step\]\]\nid = "get-advice"\n.*?\n\n`)
	for _, f := range files {
		data, _ := os.ReadFile(f)
		s := removeStep.ReplaceAllString(string(data), "\n")
		s = strings.Replace(s, `text = "Keep every letter you receive in one safe place."`,
			`text = "Keep every letter you receive, with its envelope, in one safe place."`, 1)
		os.WriteFile(f, []byte(s), 0o644)
	}
	if _, err := repo.Release("germany", os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}
	root, _ := os.ReadFile(filepath.Join(base, "feed", "metadata", "1.root.json"))

	a := newTestApp(t, &onboardedInGermany)
	a.opts = Options{Sync: client.NewService(client.Config{Feed: filepath.Join(base, "feed"), Root: root,
		Dir: filepath.Join(base, "sync"), Store: a.content, Base: assets.Content(), Now: a.now})}
	a.goHome()
	title := a.loc.T("ChecklistHomeTitle", "Stage", a.loc.T("StageFirstWeeks"))
	tapCard(t, a, title)
	tapCard(t, a, "Keep every letter you receive in one safe place.")
	tapCard(t, a, "Get advice before your asylum interview.")
	mustShow(t, a, "2 of 7 done")

	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Check for updates")
	waitFor(t, a, "Updated from 1 publisher.")
	tapButton(t, a, "Close")

	a.goHome()
	mustShow(t, a, "1 of 6 done", "Changed since you ticked them: 2")
	tapCard(t, a, title)
	mustShow(t, a, "Keep every letter you receive, with its envelope, in one safe place.", "Changed since you ticked it",
		"When you ticked it, it said: Keep every letter you receive in one safe place.",
		"Removed by the publisher. Your tick is kept.", "When you ticked it, it said: Get advice before your asylum interview.")
	ticks, _ := a.user.Ticks("de", "first-weeks")
	if len(ticks) != 2 {
		t.Errorf("ticks after the sync: %+v", ticks)
	}
}

// The checklist of a stage has an address of its own, for deep links and
// the Studio's preview; an unknown stage is refused, not shown empty.
func TestOpenChecklistByStage(t *testing.T) {
	tests := []struct {
		where   string
		wantErr bool
	}{
		{"checklist:first-weeks", false},
		{"checklist:settling-in", false},
		{"checklist:holiday", true},
		{"checklist:", true},
	}
	for _, tt := range tests {
		t.Run(tt.where, func(t *testing.T) {
			a := newTestApp(t, &onboardedInGermany)
			withFixtureChecklist(t, a, nil)
			err := a.Open(tt.where)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Open(%q) showed a screen, want an error", tt.where)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			stage := content.Stage(strings.TrimPrefix(tt.where, "checklist:"))
			want := a.loc.T("ChecklistHomeTitle", "Stage", a.loc.T(stageMessages[stage]))
			if got := a.stack[len(a.stack)-1].title(); got != want {
				t.Errorf("Open(%q) shows %q, want %q", tt.where, got, want)
			}
			if stage == content.StageFirstWeeks {
				mustShow(t, a, "Register your address.")
			}
			if len(a.stack) != 2 {
				t.Errorf("the checklist opened with %d screens below it, want home only", len(a.stack)-1)
			}
		})
	}
}
