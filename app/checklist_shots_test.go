package app

import (
	"testing"

	"safar.app/safar/content"
)

// TestChecklistScreenshots writes home with the reader's checklist, and
// the checklist itself, at phone size in en, ar and fa-AF to $SAFAR_SHOTS,
// to be looked at; it is skipped without it. The reader is in the first
// weeks in Germany, has ticked two steps, and one of them was reworded by
// an update since.
func TestChecklistScreenshots(t *testing.T) {
	dir := shotsDir(t)
	write := func(a *App, name string) {
		writeShot(t, dir, a, name)
	}
	for _, lang := range []string{"en", "ar", "fa-AF"} {
		st := onboardedInGermany
		st.Lang = lang
		a := newTestApp(t, &st)
		sl, err := a.loadStage(content.StageFirstWeeks)
		if err != nil || len(sl.steps) == 0 || len(sl.steps[0]) < 3 {
			t.Fatalf("the built-in pack has no checklist for the first weeks in Germany: %v", err)
		}
		for _, v := range sl.steps[0][:2] {
			if err := a.tickStep(v); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.user.AddOwnStep("de", "first-weeks", map[string]string{"en": "Buy a SIM card", "ar": "شراء شريحة هاتف",
			"fa-AF": "خریدن سیم‌کارت"}[lang], a.now()); err != nil {
			t.Fatal(err)
		}
		a.goHome()
		write(a, "checklist-home-"+lang)
		a.push(a.checklistScreen(content.StageFirstWeeks))
		write(a, "checklist-"+lang)
	}
}
