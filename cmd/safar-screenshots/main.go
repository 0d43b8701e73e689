// Command safar-screenshots renders Safar's main screens to PNG files with
// Fyne's software renderer, for the README and for checking by eye that every
// script shows without boxes or clipping.
//
//	go run -tags 'ci sqlite_fts5' ./cmd/safar-screenshots -out docs/screenshots
package main

import (
	"flag"
	"fmt"
	"image/png"
	"log"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"safar.app/safar/app"
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
	langs := flag.String("langs", "en,ar,fa-AF,ti", "comma-separated UI languages")
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

	for _, lang := range strings.Split(*langs, ",") {
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
		{"emergency", "emergency"},
	}, nil
}

// capture starts the app with settings st, opens screen where and writes it.
func capture(cs *store.Store, st userdata.Settings, size fyne.Size, where, name string) error {
	us := userdata.OpenMemory()
	defer us.Close()
	if err := us.SaveSettings(st); err != nil {
		return err
	}
	a, err := app.New(test.NewApp(), cs, us, app.Options{})
	if err != nil {
		return err
	}
	a.Window().Resize(size)
	if where != "first-run" {
		if err := a.Open(where); err != nil {
			return err
		}
	}
	// The test canvas lays out once; wrapped text learns its height from
	// that pass, so lay out again as a real window does on its next frame.
	a.Window().Resize(size.AddWidthHeight(0, 1))
	a.Window().Resize(size)
	return writePNG(name, a.Window())
}

func writePNG(name string, w fyne.Window) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
