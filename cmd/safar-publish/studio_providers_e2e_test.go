package main

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"safar.app/safar/content/source"
	"safar.app/safar/studio"
)

// TestStudioProvidersInABrowser: an editor adds a quote to a corridor's
// provider in Chromium and saves it; a quote with both a rate and a margin
// is then refused with the checker's words, and the file stays as saved.
// The corridor is the Studio's fixture (made-up providers, for the
// arithmetic only): the shipped pack has no corridors.
func TestStudioProvidersInABrowser(t *testing.T) {
	browser := chromium(t)
	tree := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(filepath.Join(tree, "de"), os.DirFS(filepath.Join("..", "..", "assets", "content", "de"))); err != nil {
		t.Fatal(err)
	}
	fixture := readFile(t, filepath.Join("..", "..", "studio", "testdata", "remittance"), "de/remittance.toml")
	writeFile(t, tree, "de/remittance.toml", fixture)

	s, err := studio.New(studio.Config{Dir: tree, Scopes: []string{"de/"}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(s.Handler())
	ts.Start()
	defer ts.Close()
	s.Allow(ts.Listener.Addr().String())

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.WindowSize(1400, 1600), chromedp.Flag("lang", "en"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, 2*time.Minute)
	defer cancel()
	shots := screenshotDir(t)
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			png, err := chromedp.CaptureScreenshot()(ctx, tg)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name), png, 0o644)
		})
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return v
	}

	item := ts.URL + "/item?kind=remittance&id=de-remit-eur-php&token=" + s.Token()
	// Alpha Transfer has two quotes; its third row is empty, for a new one.
	do("add a quote",
		chromedp.Navigate(item),
		chromedp.WaitVisible(css(`#provider-0`)),
		chromedp.SendKeys(css(`input[name="pv.0.q.2.amount"]`), "900"),
		chromedp.SendKeys(css(`input[name="pv.0.q.2.fee"]`), "12.00"),
		chromedp.SendKeys(css(`input[name="pv.0.q.2.rate"]`), "59.80"),
		chromedp.Click(css(`#save`)),
		chromedp.WaitVisible(css(`#flash`)),
	)
	saved := readFile(t, tree, "de/remittance.toml")
	if !strings.Contains(saved, "    rate = 59.70\n\n    [[corridor.provider.quote]]\n    amount = 900\n    fee = 12.00\n    rate = 59.80\n") {
		t.Fatalf("the new quote is not after Alpha Transfer's last:\n%s", saved)
	}
	pack, _ := source.Load(os.DirFS(tree))
	if len(pack.Corridors) != 1 || len(pack.Corridors[0].Providers[0].Quotes) != 3 {
		t.Fatalf("the loader reads %d corridors", len(pack.Corridors))
	}

	do("give a quote both a rate and a margin",
		chromedp.SendKeys(css(`input[name="pv.0.q.0.margin_percent"]`), "1.0"),
		chromedp.Click(css(`#save`)),
		chromedp.WaitVisible(css(`#refused`)),
		shot("studio-providers-refused.png"),
	)
	if got := text(`#refused`); !strings.Contains(got, "give either rate or margin_percent") {
		t.Errorf("the refusal says %q", got)
	}
	if got := readFile(t, tree, "de/remittance.toml"); got != saved {
		t.Errorf("a refused form was written:\n%s", got)
	}
}
