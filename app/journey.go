package app

import (
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"

	"safar.app/safar/content"
)

// JourneyLangs are the languages a Journey reads the app in: the two
// right-to-left scripts most of Safar's readers use.
var JourneyLangs = []string{"ar", "fa-AF"}

// Journey walks every screen of the app rounds times, in each of
// JourneyLangs, the way a reader would: home, each topic, every article and
// service of the reader's country, search, emergency numbers, settings, the
// phrasebook with each category and each patient question, and the
// summary. It waits pause on each screen, as a reader would (at least
// long enough for it to be drawn), and returns how many screens it showed. It runs on
// the caller's goroutine and changes screens through fyne.DoAndWait, so
// call it from a background goroutine of a running app.
//
// make bench-startup uses it (SAFAR_BENCH_JOURNEY, see main_bench.go) to
// read what the app keeps in memory after a long session: screens, text
// and images that are no longer shown must not accumulate.
func (a *App) Journey(rounds int, pause time.Duration) (visited int, err error) {
	if !a.settings.Onboarded || a.settings.Country == "" {
		return 0, fmt.Errorf("journey: the reader has not chosen a country yet")
	}
	start := a.settings.Lang
	for r := 0; r < rounds; r++ {
		for _, lang := range JourneyLangs {
			var stops []string
			fyne.DoAndWait(func() {
				a.changeLanguage(lang)
				stops, err = a.journeyStops()
			})
			if err != nil {
				return visited, err
			}
			for _, where := range stops {
				fyne.DoAndWait(func() { err = a.Open(where) })
				if err != nil {
					return visited, fmt.Errorf("journey: %s: %w", where, err)
				}
				visited++
				time.Sleep(pause)
			}
		}
	}
	fyne.DoAndWait(func() {
		a.changeLanguage(start)
		a.goHome()
	})
	return visited, nil
}

// journeyStops lists every screen, as names for Open, in the current language.
func (a *App) journeyStops() ([]string, error) {
	stops := []string{"home"}
	for i := range topics {
		stops = append(stops, "topic:"+strconv.Itoa(i))
	}
	items, err := a.content.Items(a.settings.Country, content.Kinds, "", a.chain())
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		stops = append(stops, "article:"+it.ID)
	}
	services, err := a.content.Services(a.settings.Country, content.Kinds, a.chain())
	if err != nil {
		return nil, err
	}
	for _, sv := range services {
		stops = append(stops, "service:"+sv.ID)
	}
	for _, q := range []string{"doctor", "طبيب", "پزشک", "asylum"} {
		stops = append(stops, "search:"+q)
	}
	stops = append(stops, "emergency", "settings", "phrasebook")
	clinician, patient := a.book.chains()
	cats, err := a.content.PhraseCategories(clinician)
	if err != nil {
		return nil, err
	}
	for _, c := range cats {
		stops = append(stops, "phrases:"+c.ID)
		phrases, err := a.content.Phrases(c.ID, clinician, patient)
		if err != nil {
			return nil, err
		}
		for _, p := range phrases {
			stops = append(stops, "patient:"+p.ID)
		}
	}
	return append(stops, "summary"), nil
}
