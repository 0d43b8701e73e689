// Command safar-screenshots renders Safar's main screens to PNG files with
// Fyne's software renderer, for the README and for checking by eye that every
// script shows without boxes or clipping.
//
//	go run -tags 'ci sqlite_fts5' ./cmd/safar-screenshots -out docs/screenshots
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"safar.app/safar/app/snapshot"
	"safar.app/safar/content"
	"safar.app/safar/content/bundled"
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
)

var sizes = []struct {
	name string
	size fyne.Size
}{
	{"phone", fyne.NewSize(360, 740)},
	{"desktop", fyne.NewSize(1024, 768)},
}

func main() {
	out := flag.String("out", "docs/screenshots", "folder for the PNG files")
	country := flag.String("country", "de", "destination country shown")
	langs := flag.String("langs", "en,ar,fa-AF,ps,ti", "comma-separated UI languages")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "safar-screenshots")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	cs, _, err := bundled.Open(filepath.Join(tmp, "content.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer cs.Close()

	if err := phrasebookShots(cs, *out); err != nil {
		log.Fatal(err)
	}
	for _, lang := range strings.Split(*langs, ",") {
		if err := readerShots(cs, *out, lang); err != nil {
			log.Fatal(err)
		}
		shots, err := screensFor(cs, *country, lang)
		if err != nil {
			log.Fatal(err)
		}
		for _, sz := range sizes {
			// The first run is shown as a new reader sees it; the other
			// screens as a reader who chose this language and country.
			firstRun := userdata.Settings{Lang: lang, TextScale: 1}
			settled := userdata.Settings{Lang: lang, Country: *country, Stage: string(content.StageFirstWeeks),
				TextScale: 1, Onboarded: true}
			for _, s := range shots {
				st := settled
				if s.where == "first-run" {
					st = firstRun
				}
				name := filepath.Join(*out, fmt.Sprintf("%s-%s-%s.png", s.name, lang, sz.name))
				if err := capture(cs, st, sz.size, s.where, name); err != nil {
					log.Fatal(err)
				}
				fmt.Println(name)
			}
		}
	}
}

type shot struct{ name, where string }

// screensFor picks what to show: the first health article of the country,
// and a search for the first word of its title, in the reader's language.
func screensFor(cs *store.Store, country, lang string) ([]shot, error) {
	chain := content.LangChain(lang)
	items, err := cs.Items(country, []content.Kind{content.KindHealth}, content.StageFirstWeeks, chain)
	if err != nil || len(items) == 0 {
		return nil, fmt.Errorf("no health article for %s: %v", country, err)
	}
	word := strings.Fields(items[0].Title)[0]
	return []shot{
		{"first-run", "first-run"},
		{"home", "home"},
		{"article", "article:" + items[0].ID},
		{"search", "search:" + word},
		{"services", "topic:2"},
		{"berlin-service", "service:de-berlin-svc-crisis"},
		{"emergency", "emergency"},
		{"settings", "settings"},
	}, nil
}

// shotTime is a Monday morning, so that "open now" reads the same in every run.
var shotTime = time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)

// capture renders screen where for settings st into name.
func capture(cs *store.Store, st userdata.Settings, size fyne.Size, where, name string) error {
	if where == "first-run" {
		where = ""
	}
	return snapshot.WritePNG(cs, snapshot.Shot{Settings: st, Where: where, Size: size, Now: shotTime}, name)
}

// phrasebookShots renders the phrasebook at phone size: the patient's view
// of the pain scale in Arabic, Tigrinya and Ukrainian, the body map in
// Arabic, and a summary in German after two answers given in Arabic.
func phrasebookShots(cs *store.Store, out string) error {
	reader := func(clinician, patient string) userdata.Settings {
		return userdata.Settings{Lang: "en", Country: "de", Stage: string(content.StageFirstWeeks), TextScale: 1,
			Onboarded: true, ClinicianLang: clinician, PatientLang: patient}
	}
	yes, err := cs.Phrase("answer-yes", content.LangChain("ar"), content.LangChain("ar"))
	if err != nil {
		return err
	}
	shots := []struct {
		name string
		shot snapshot.Shot
	}{
		{"phrasebook-en-ar", snapshot.Shot{Settings: reader("en", "ar"), Where: "phrases:pain"}},
		{"patient-scale-ar", snapshot.Shot{Settings: reader("en", "ar"), Where: "patient:pain-scale"}},
		{"patient-scale-ti", snapshot.Shot{Settings: reader("en", "ti"), Where: "patient:pain-scale"}},
		{"patient-scale-uk", snapshot.Shot{Settings: reader("en", "uk"), Where: "patient:pain-scale"}},
		{"patient-body-ar", snapshot.Shot{Settings: reader("en", "ar"), Where: "patient:pain-where"}},
		{"summary-de", snapshot.Shot{Settings: reader("de", "ar"), Steps: []snapshot.Step{
			{Open: "patient:pain-scale"}, {Tap: "7"},
			{Open: "patient:symptoms-fever"}, {Tap: yes.Patient.Text},
			{Open: "summary"}}}},
	}
	for _, s := range shots {
		s.shot.Size, s.shot.Now = snapshot.Phone, shotTime
		name := filepath.Join(out, s.name+"-phone.png")
		if err := snapshot.WritePNG(cs, s.shot, name); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Println(name)
	}
	return nil
}
