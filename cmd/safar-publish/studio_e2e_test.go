package main

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"safar.app/safar/app/snapshot"
	"safar.app/safar/content"
	"safar.app/safar/content/install"
	"safar.app/safar/content/store"
	"safar.app/safar/studio"
	"safar.app/safar/sync/client"
	"safar.app/safar/sync/publish"
	"safar.app/safar/userdata"
)

// chromium is Debian's browser, which the test drives.
func chromium(t *testing.T) string {
	t.Helper()
	if os.Getenv("SAFAR_E2E") == "" {
		t.Skip("browser test of Safar Studio: set SAFAR_E2E=1 (make test does) with Chromium installed (make e2e-deps)")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("SAFAR_E2E is set but no Chromium is installed: run make e2e-deps (apt-get install chromium)")
	return ""
}

// TestStudioInABrowser: an editor of the German folder opens the Studio in
// Chromium, fixes an item the checker refuses, is stopped on a wrong
// hotline number, adds an Arabic translation and sees it right to left in
// the preview, marks it reviewed and releases with the key from their
// USB stick; a Safar client then syncs the release from the feed folder
// and shows the Arabic text.
func TestStudioInABrowser(t *testing.T) {
	browser := chromium(t)
	work := t.TempDir()
	tree := filepath.Join(work, "content")
	if err := os.CopyFS(tree, os.DirFS(filepath.Join("..", "..", "assets", "content"))); err != nil {
		t.Fatal(err)
	}
	const (
		itemID = "de-berlin-first-contact"
		enFile = "de/berlin/service/first-contact.en.md"
		arFile = "de/berlin/service/first-contact.ar.md"
	)
	// The Arabic text the editor will type is the project's own
	// translation; the released baseline lacks it.
	arabic := readFile(t, tree, arFile)
	os.Remove(filepath.Join(tree, arFile))
	// The reader's app ships the tree as it was at the first release.
	shipped := filepath.Join(work, "shipped")
	if err := os.CopyFS(shipped, os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}

	feedDir, keys, usb := filepath.Join(work, "feed"), filepath.Join(work, "keys"), filepath.Join(work, "usb")
	repo := publish.Open(feedDir, keys)
	if err := repo.Init(1, 1); err != nil {
		t.Fatal(err)
	}
	if err := repo.AddPublisher("germany", "de/"); err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Release("germany", os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}
	// The publisher's key leaves the keys folder for the editor's stick,
	// protected by a passphrase (safar-publish protect-key --remove).
	os.MkdirAll(usb, 0o700)
	plainKey := filepath.Join(usb, "publisher-germany.key")
	if err := os.Rename(filepath.Join(keys, "publisher-germany.key"), plainKey); err != nil {
		t.Fatal(err)
	}
	if code, out, e := runWith("Altena 2026\nAltena 2026\n", "protect-key", plainKey, "--remove"); code != 0 {
		t.Fatalf("protect-key: %s %s", out, e)
	}
	keyFile := plainKey + publish.ProtectedSuffix
	// Since the release someone broke a date.
	en := readFile(t, tree, enFile)
	m := regexp.MustCompile(`(?m)^review_by = (\d{4}-\d{2}-\d{2})$`).FindStringSubmatch(en)
	if m == nil {
		t.Fatalf("%s has no review_by line", enFile)
	}
	goodDay, reviewBy := m[0], m[1] // what the editor types back
	writeFile(t, tree, enFile, strings.Replace(en, goodDay, "review_by = 2026-05-23", 1))
	hotlinesBefore := readFile(t, tree, "de/hotlines.toml")

	s, err := studio.New(studio.Config{Dir: tree, Scopes: []string{"de/"}, Publisher: "germany", Feed: feedDir, Keys: keys, Preview: renderPreview})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(s.Handler())
	ts.Start()
	defer ts.Close()
	s.Allow(ts.Listener.Addr().String())
	start := ts.URL + "/?token=" + s.Token()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.WindowSize(1400, 1000), chromedp.Flag("lang", "en"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The first run starts the browser, and must have no timeout of its own.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, 4*time.Minute)
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
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return v
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	row := `tr[data-id="` + itemID + `"]`

	// 1. Open: the overview lists the broken item first, with its error.
	do("open the Studio",
		chromedp.Navigate(start),
		chromedp.WaitVisible(css(`#items`)),
		chromedp.WaitVisible(css(row+`.has-errors`)),
		shot("studio-overview.png"),
	)
	if got := text(row); !strings.Contains(got, "1 error") {
		t.Errorf("the row of %s says %q", itemID, got)
	}
	if first := eval(`document.querySelector("#items tbody tr").dataset.id`); first != itemID {
		t.Errorf("the first row is %s, not the item with an error", first)
	}

	// 2. Fix it: the error disappears.
	do("open the broken item",
		chromedp.Click(css(row+` a`)),
		chromedp.WaitVisible(css(`#item-problems`)),
	)
	if got := text(`#item-problems`); !strings.Contains(got, "review_by") {
		t.Errorf("the item page shows %q", got)
	}
	do("fix the date",
		chromedp.SetValue(css(`input[name="r.review_by"]`), reviewBy),
		chromedp.Click(css(`#save`)),
		chromedp.WaitVisible(css(`#flash`)),
	)
	if n := eval(`String(document.querySelectorAll("#item-problems .error").length)`); n != "0" {
		t.Errorf("%s errors left on the item page", n)
	}
	do("see the overview", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(css(row)))
	if eval(`String(document.querySelector('`+row+`').classList.contains("has-errors"))`) != "false" {
		t.Error("the overview still shows the error")
	}
	if got := readFile(t, tree, enFile); got != en {
		t.Errorf("the fixed file differs from before it broke:\n%s", got)
	}

	// 3. A hotline with a wrong number: the field says so as it is typed,
	// and saving is stopped.
	do("type a wrong number",
		chromedp.Navigate(ts.URL+"/item?kind=hotline&id=de-hl-112"),
		chromedp.WaitVisible(css(`input[name="r.number"]`)),
		chromedp.Clear(css(`input[name="r.number"]`)),
		chromedp.SendKeys(css(`input[name="r.number"]`), "113"),
		chromedp.WaitVisible(css(`output.check.bad`)),
		chromedp.Click(css(`#save`)),
		chromedp.Sleep(time.Second),
		shot("studio-hotline-refused.png"),
	)
	if got := text(`output.check.bad`); !strings.Contains(got, "113") {
		t.Errorf("the number's check says %q", got)
	}
	if eval(`location.pathname+location.search`) != "/item?kind=hotline&id=de-hl-112" {
		t.Error("the browser left the form")
	}
	if readFile(t, tree, "de/hotlines.toml") != hotlinesBefore {
		t.Fatal("a wrong number was saved")
	}

	// 4. An Arabic translation, previewed right to left.
	title, summary, body := frontValue(arabic, "title"), frontValue(arabic, "summary"), bodyOf(arabic)
	do("add Arabic",
		chromedp.Navigate(ts.URL+"/item?kind=article&id="+itemID),
		chromedp.WaitVisible(css(`#addlang`)),
		chromedp.SendKeys(css(`#addlang`), "ar"),
		chromedp.Click(css(`#addlang-go`)),
		chromedp.WaitVisible(css(`input[name="t.ar.title"]`)),
		chromedp.SendKeys(css(`input[name="t.ar.title"]`), title),
		chromedp.SetValue(css(`textarea[name="t.ar.summary"]`), summary),
		chromedp.SetValue(css(`textarea[name="t.ar.body"]`), body),
		chromedp.SendKeys(css(`textarea[name="t.ar.summary"]`), " "),
		chromedp.WaitVisible(css(`#preview[data-lang="ar"]`)),
		shot("studio-arabic-preview.png"),
	)
	if dir := eval(`getComputedStyle(document.querySelector('input[name="t.ar.title"]')).direction`); dir != "rtl" {
		t.Errorf("the Arabic title field is %s; dir=auto should make it rtl", dir)
	}
	if w := eval(`String(document.querySelector("#preview").naturalWidth)`); w != "360" {
		t.Errorf("the preview is %s pixels wide, not a phone's 360", w)
	}
	do("save Arabic", chromedp.Click(css(`#save`)), chromedp.WaitVisible(css(`#flash`)))
	if !strings.Contains(readFile(t, tree, arFile), title) {
		t.Fatal("the Arabic translation was not written")
	}

	// 5. Mark it reviewed.
	do("mark reviewed",
		chromedp.SendKeys(css(`#reviewer`), "Amal Haddad"),
		chromedp.Click(css(`#mark-reviewed`)),
		chromedp.WaitVisible(css(`#flash`)),
		chromedp.WaitVisible(css(`#preview[data-rendered]`)),
		shot("studio-reviewed.png"),
	)
	if ar := readFile(t, tree, arFile); !strings.Contains(ar, `status = "reviewed"`) || !strings.Contains(ar, "# reviewed by Amal Haddad, ") {
		t.Fatalf("after review:\n%s", ar)
	}

	// 6. Release with the protected key from the stick: a mistyped
	// passphrase is refused, naming the file, and signs nothing.
	do("see the release", chromedp.Navigate(ts.URL+"/release"), chromedp.WaitVisible(css(`#changes`)))
	if changes := text(`#changes`); !strings.Contains(changes, arFile) || strings.Contains(changes, enFile) {
		t.Errorf("the release lists %q", changes)
	}
	feedBefore := feedSnapshot(t, feedDir)
	do("sign with a mistyped passphrase",
		chromedp.SetUploadFiles(css(`#keyfile`), []string{keyFile}),
		chromedp.SendKeys(css(`#passphrase`), "Altena 2025"),
		chromedp.Click(css(`#sign`)),
		chromedp.WaitVisible(css(`#release-refused`)),
	)
	if got := text(`#release-refused`); !strings.Contains(got, "publisher-germany.key.age: wrong passphrase") {
		t.Errorf("a wrong passphrase: %q", got)
	}
	if feedSnapshot(t, feedDir) != feedBefore {
		t.Fatal("the feed changed with a wrong passphrase")
	}
	do("sign",
		chromedp.SetUploadFiles(css(`#keyfile`), []string{keyFile}),
		chromedp.SendKeys(css(`#passphrase`), "Altena 2026"),
		shot("studio-release.png"),
		chromedp.Click(css(`#sign`)),
		chromedp.WaitVisible(css(`#released`)),
	)
	if got := text(`#released`); !strings.Contains(got, "Release 2") {
		t.Errorf("after signing: %q", got)
	}

	// 7. A reader's Safar syncs the feed folder and shows the Arabic text.
	root, err := os.ReadFile(filepath.Join(feedDir, "metadata", "1.root.json"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(work, "reader"), 0o755)
	cs, err := store.Open(filepath.Join(work, "reader", "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	// The reader's app starts with the content it ships, as a first run does.
	base := os.DirFS(shipped)
	if err := install.Tree(cs, base, store.PackInfo{Origin: "embedded"}, nil); err != nil {
		t.Fatal(err)
	}
	if art, err := cs.Article(itemID, []string{"ar", "en"}); err != nil || art.Title == title {
		t.Fatalf("before the sync the reader has %q, %v", art.Title, err)
	}
	svc := client.NewService(client.Config{Dir: filepath.Join(work, "reader", "sync"), Root: root, Store: cs, Base: base})
	if _, err := svc.Sync(context.Background(), feedDir, nil); err != nil {
		t.Fatal(err)
	}
	art, err := cs.Article(itemID, []string{"ar", "en"})
	if err != nil {
		t.Fatal(err)
	}
	if art.Title != title {
		t.Errorf("the reader sees %q, want the Arabic title %q", art.Title, title)
	}
	st := userdata.Settings{Lang: "ar", Country: "de", Stage: string(content.StageFirstWeeks), TextScale: 1, Onboarded: true}
	if err := snapshot.WritePNG(cs, snapshot.Shot{Settings: st, Where: "article:" + itemID, Size: snapshot.Phone},
		filepath.Join(shots, "studio-synced-ar.png")); err != nil {
		t.Fatal(err)
	}
}

// screenshotDir is where the test's screenshots go: the README's folder
// when SAFAR_STUDIO_SCREENSHOTS names it (make studio-screenshots).
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("SAFAR_STUDIO_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func readFile(t *testing.T, dir, p string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, p))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func writeFile(t *testing.T, dir, p, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, p), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// frontValue is the string value of key in an article's front matter.
func frontValue(article, key string) string {
	for _, l := range strings.Split(article, "\n") {
		if v, ok := strings.CutPrefix(l, key+` = "`); ok {
			return strings.TrimSuffix(v, `"`)
		}
	}
	return ""
}

func bodyOf(article string) string {
	parts := strings.SplitN(article, "+++\n", 3)
	return strings.TrimSpace(parts[2])
}
