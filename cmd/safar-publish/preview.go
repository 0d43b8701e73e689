package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"

	fyneapp "fyne.io/fyne/v2/app"

	"safar.app/safar/app"
	"safar.app/safar/app/snapshot"
	"safar.app/safar/content"
	"safar.app/safar/content/bundled"
	"safar.app/safar/content/source"
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
)

// preview shows a content tree as readers will see it: in a Safar window, or
// with -png as one image per language of every item that is new or changed
// against the content shipped in the app (every item with -all).
func preview(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pngDir := fs.String("png", "", "write PNG images to this folder instead of opening a window")
	all := fs.Bool("all", false, "with -png: every item, not only new or changed ones")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	dir := fs.Arg(0)
	pack, problems := source.Load(os.DirFS(dir))
	if errs := content.Errors(problems); len(errs) > 0 {
		for _, p := range errs {
			fmt.Fprintln(stderr, p)
		}
		fmt.Fprintf(stderr, "safar-publish preview: %d error(s); `safar-publish check %s` lists them all\n", len(errs), dir)
		return 1
	}
	tmp, err := os.MkdirTemp("", "safar-preview")
	if err != nil {
		fmt.Fprintln(stderr, "safar-publish preview:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	cs, err := store.Open(filepath.Join(tmp, "content.db"))
	if err == nil {
		err = cs.Install(pack, store.PackInfo{Origin: "preview:" + dir})
	}
	if err != nil {
		fmt.Fprintln(stderr, "safar-publish preview:", err)
		return 1
	}
	defer cs.Close()
	if *pngDir == "" {
		return window(cs, stderr)
	}
	shipped, _ := bundled.Pack()
	n, err := renderChanged(cs, pack, shipped, *all, *pngDir, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "safar-publish preview:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d image(s) in %s\n", n, *pngDir)
	return 0
}

// window opens Safar on the previewed content, as a new reader: the editor
// picks language and country on the first-run screens like anyone else.
func window(cs *store.Store, stderr io.Writer) int {
	us := userdata.OpenMemory()
	defer us.Close()
	a, err := app.New(fyneapp.NewWithID("app.safar.publish-preview"), cs, us, app.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "safar-publish preview:", err)
		return 1
	}
	a.Window().ShowAndRun()
	return 0
}

// renderChanged writes <id>.<lang>.png for each language of each item of
// pack that differs from the same item in shipped, and the emergency screen
// of each country whose hotlines changed.
func renderChanged(cs *store.Store, pack, shipped *content.Pack, all bool, dir string, stdout io.Writer) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	before := map[string]content.Item{}
	for _, it := range shipped.Items {
		before[it.ID] = it
	}
	n := 0
	shot := func(lang, country, where, name string) error {
		st := userdata.Settings{Lang: lang, Country: country, Stage: string(content.StageFirstWeeks),
			TextScale: 1, Onboarded: true}
		path := filepath.Join(dir, name)
		if err := snapshot.WritePNG(cs, snapshot.Shot{Settings: st, Where: where, Size: snapshot.Phone}, path); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintln(stdout, path)
		n++
		return nil
	}
	for _, it := range pack.Items {
		if old, ok := before[it.ID]; ok && !all && reflect.DeepEqual(old, it) {
			continue
		}
		for _, tr := range it.Translations {
			if err := shot(tr.Lang, it.Country, "article:"+it.ID, it.ID+"."+tr.Lang+".png"); err != nil {
				return n, err
			}
		}
	}
	for cc, langs := range changedHotlines(pack, shipped, all) {
		for lang := range langs {
			if err := shot(lang, cc, "emergency", cc+"-emergency."+lang+".png"); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// changedHotlines is, per country whose hotlines differ from the shipped
// ones, the languages its hotline texts are in.
func changedHotlines(pack, shipped *content.Pack, all bool) map[string]map[string]bool {
	byCountry := func(p *content.Pack) map[string][]content.Hotline {
		m := map[string][]content.Hotline{}
		for _, h := range p.Hotlines {
			m[h.Country] = append(m[h.Country], h)
		}
		return m
	}
	now, then := byCountry(pack), byCountry(shipped)
	out := map[string]map[string]bool{}
	for cc, hs := range now {
		if !all && reflect.DeepEqual(hs, then[cc]) {
			continue
		}
		out[cc] = map[string]bool{}
		for _, h := range hs {
			for _, t := range h.Texts {
				out[cc][t.Lang] = true
			}
		}
	}
	return out
}
