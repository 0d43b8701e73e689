package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"safar.app/safar/app/snapshot"
	"safar.app/safar/content"
	"safar.app/safar/content/source"
	"safar.app/safar/content/store"
	"safar.app/safar/studio"
	"safar.app/safar/userdata"
)

// studioCommand starts Safar Studio on a content tree and opens it in the
// browser.
func studioCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("studio", flag.ContinueOnError)
	fs.SetOutput(stderr)
	paths := fs.String("paths", "", "the folders the editor may change, comma-separated (de/berlin/); default: the publisher's delegation, or the whole tree")
	publisher := fs.String("publisher", "", "the publisher whose folder the Studio releases")
	feedDir := fs.String("feed", "", "the feed folder releases go to")
	keys := fs.String("keys", "", "the keys folder holding the feed's online key (the publisher key is opened in the browser)")
	lang := fs.String("lang", "", "the Studio's language (en, de, fr, es, it, sv, nl, pt, el); default: the browser's")
	noBrowser := fs.Bool("no-browser", false, "print the address but do not open a browser")
	if err := fs.Parse(flagsFirst(fs, args)); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: safar-publish studio DIR [--publisher NAME --feed F --keys K] [--paths de/berlin/]")
		return 2
	}
	dir := fs.Arg(0)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "safar-publish studio: %s is not a folder\n", dir)
		return 2
	}
	var scopes []string
	for _, p := range strings.Split(*paths, ",") {
		if p = strings.TrimSpace(p); p != "" {
			scopes = append(scopes, p)
		}
	}
	if *keys == "" && *feedDir != "" {
		*keys = filepath.Join(filepath.Dir(*feedDir), "keys")
	}
	if len(scopes) == 0 && *publisher != "" && *feedDir != "" {
		scope, err := publishRepo(*feedDir, *keys).Scope(*publisher)
		if err != nil {
			fmt.Fprintln(stderr, "safar-publish studio:", err)
			return 1
		}
		scopes = []string{scope}
	}
	s, err := studio.New(studio.Config{Dir: dir, Scopes: scopes, Publisher: *publisher, Feed: *feedDir, Keys: *keys,
		Preview: renderPreview, Lang: *lang})
	if err != nil {
		fmt.Fprintln(stderr, "safar-publish studio:", err)
		return 1
	}
	ln, url, err := s.Listen()
	if err != nil {
		fmt.Fprintln(stderr, "safar-publish studio:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Safar Studio on %s\nopen %s\n(the address carries this session's key; stop with Ctrl+C)\n", dir, url)
	if !*noBrowser {
		openBrowser(url)
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		srv.Shutdown(context.Background())
	}()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(stderr, "safar-publish studio:", err)
		return 1
	}
	return 0
}

// openBrowser opens url in the desktop's browser, if there is one.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}

// renderPreview renders one screen of the tree fsys with the app's own
// screens at phone size: the Studio's live preview.
func renderPreview(fsys fs.FS, where, lang, country string) ([]byte, error) {
	// Parse, not Load: Install checks the pack anyway, and Locate names
	// the file and line of what it refuses.
	pack, problems := source.Parse(fsys)
	if errs := content.Errors(problems); len(errs) > 0 {
		return nil, &content.ProblemError{Problems: errs}
	}
	tmp, err := os.MkdirTemp("", "safar-studio-preview")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	cs, err := store.Open(filepath.Join(tmp, "content.db"))
	if err != nil {
		return nil, err
	}
	defer cs.Close()
	// The reader's country alone installs in a fraction of the time; a
	// link to another country's item needs the whole pack.
	small := onlyCountry(pack, country)
	if !strings.HasPrefix(where, "phrases:") {
		// Neither the phrasebook nor the search synonyms show on the
		// other screens, and they are most of the install's time.
		small.PhraseCategories, small.Phrases, small.Synonyms = nil, nil, nil
	}
	if err := cs.Install(small, store.PackInfo{Origin: "studio"}); err != nil {
		if err := cs.Install(pack, store.PackInfo{Origin: "studio"}); err != nil {
			return nil, source.Locate(fsys, err)
		}
	}
	st := userdata.Settings{Lang: lang, Country: country, Stage: string(content.StageFirstWeeks), TextScale: 1, Onboarded: true}
	img, err := snapshot.Render(cs, snapshot.Shot{Settings: st, Where: where, Size: snapshot.Phone})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// onlyCountry is pack with the content of country cc alone, and the
// phrasebook and synonyms, which belong to no country: the reader's
// country alone installs in a fraction of the time.
func onlyCountry(pack *content.Pack, cc string) *content.Pack {
	out := *pack
	out.Countries, out.Items, out.Hotlines, out.Services, out.Corridors = nil, nil, nil, nil, nil
	for _, c := range pack.Countries {
		if c.Code == cc {
			out.Countries = append(out.Countries, c)
		}
	}
	for _, it := range pack.Items {
		if it.Country == cc {
			out.Items = append(out.Items, it)
		}
	}
	for _, h := range pack.Hotlines {
		if h.Country == cc {
			out.Hotlines = append(out.Hotlines, h)
		}
	}
	for _, sv := range pack.Services {
		if sv.Country == cc {
			out.Services = append(out.Services, sv)
		}
	}
	for _, c := range pack.Corridors {
		if c.Country == cc {
			out.Corridors = append(out.Corridors, c)
		}
	}
	return &out
}
