package app

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/internal/packtest"
	"safar.app/safar/userdata"
	"safar.app/safar/userdata/vault"
)

// newVaultApp is a test app on a real data folder, with a fast key
// derivation; it returns the folder too.
func newVaultApp(t *testing.T, settings userdata.Settings) (*App, string) {
	t.Helper()
	fa := test.NewTempApp(t)
	dir := t.TempDir()
	cs, err := packtest.Open(filepath.Join(dir, "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	us, st := userdata.OpenFolder(dir)
	t.Cleanup(func() { us.Close() })
	if err := us.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	a, err := New(fa, cs, us, Options{Now: func() time.Time { return testNow }, UserData: st, VaultLogN: 10, VaultIdle: -1, Background: inPlace})
	if err != nil {
		t.Fatal(err)
	}
	a.win.Resize(fyne.NewSize(360, 740))
	settleable(t, a)
	return a, dir
}

// inPlace runs background work at once, on the test's goroutine: the
// screen is whole whenever the test reads it.
func inPlace(f func()) { f() }

// testPhoto is a small JPEG.
func testPhoto(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 120, 80))
	for y := range 80 {
		for x := range 120 {
			img.Set(x, y, color.RGBA{uint8(2 * x), uint8(3 * y), 120, 255})
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, nil)
	return buf.Bytes()
}

// pickFiles makes the file pickers hand over Fyne storage readers and
// writers of real files, as the platform dialogs do.
func pickFiles(t *testing.T, a *App, open string, save *string) {
	a.docs.pickOpen = func(_ []string, done func(fyne.URIReadCloser)) {
		r, err := storage.Reader(storage.NewFileURI(open))
		if err != nil {
			t.Fatal(err)
		}
		done(r)
	}
	a.docs.pickSave = func(name string, done func(fyne.URIWriteCloser)) {
		*save = filepath.Join(filepath.Dir(*save), name)
		w, err := storage.Writer(storage.NewFileURI(*save))
		if err != nil {
			t.Fatal(err)
		}
		done(w)
	}
}

// typeInto types into the text field whose placeholder is label.
func typeInto(t *testing.T, a *App, label, s string) {
	t.Helper()
	for _, o := range objects(a) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == label {
			e.SetText("")
			test.Type(e, s)
			return
		}
	}
	t.Fatalf("no field %q on screen:\n%s", label, screenText(a))
}

// fields are the text fields on screen, top to bottom.
func fields(a *App) []*widget.Entry {
	var out []*widget.Entry
	for _, o := range objects(a) {
		if e, ok := o.(*widget.Entry); ok {
			out = append(out, e)
		}
	}
	return out
}

// dialogText and tapDialog read and press the dialog on top.
func dialogObjects(t *testing.T, a *App) []fyne.CanvasObject {
	t.Helper()
	top := a.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	return test.LaidOutObjects(top)
}

func dialogText(t *testing.T, a *App) string {
	var b strings.Builder
	for _, o := range dialogObjects(t, a) {
		switch o := o.(type) {
		case *text.Paragraph:
			b.WriteString(o.Text() + "\n")
		case *widget.Button:
			b.WriteString(o.Text + "\n")
		}
	}
	return b.String()
}

func tapDialog(t *testing.T, a *App, label string) {
	t.Helper()
	for _, o := range dialogObjects(t, a) {
		if b, ok := o.(*widget.Button); ok && b.Text == label {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q in the dialog:\n%s", label, dialogText(t, a))
}

// fullScreenImage is the picture of the full-screen view on top; it fills
// most of the window.
func fullScreenImage(t *testing.T, a *App) *canvas.Image {
	t.Helper()
	for _, o := range dialogObjects(t, a) {
		if img, ok := o.(*canvas.Image); ok {
			if img.MinSize().Width < 300 {
				t.Errorf("full-screen picture is %v wide in a 360 window", img.MinSize())
			}
			return img
		}
	}
	t.Fatal("no picture in the full-screen view")
	return nil
}

// tapOverlay taps a Safar button on the overlay on top.
func tapOverlay(t *testing.T, a *App, label string) {
	t.Helper()
	for _, o := range dialogObjects(t, a) {
		if b, ok := o.(*text.Button); ok && b.Label == label {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q on the overlay", label)
}

// TestVaultThroughTheScreens: a reader sets a passphrase, adds a photo
// through the file picker, views it, exports it after the warning,
// deletes it, locks, tries a wrong passphrase and unlocks.
func TestVaultThroughTheScreens(t *testing.T) {
	a, dir := newVaultApp(t, onboardedInGermany)
	mustShow(t, a, "My documents", "Copies of your papers")
	tapCard(t, a, "My documents")
	mustShow(t, a, "Choose a passphrase", "Nobody can recover it, not even Safar")

	typeInto(t, a, "Passphrase", "short")
	typeInto(t, a, "The same passphrase again", "short")
	tapButton(t, a, "Lock my documents with it")
	mustShow(t, a, "The passphrase needs at least 8 characters.")
	typeInto(t, a, "Passphrase", "river stone lamp")
	typeInto(t, a, "The same passphrase again", "river stone lump")
	tapButton(t, a, "Lock my documents with it")
	mustShow(t, a, "The two passphrases are not the same.")
	typeInto(t, a, "The same passphrase again", "river stone lamp")
	tapButton(t, a, "Lock my documents with it")
	waitFor(t, a, "No documents yet")

	// Add a photo: picked as a Fyne storage reader, never a path.
	photo := testPhoto(t)
	src := filepath.Join(t.TempDir(), "passport-scan.jpg")
	os.WriteFile(src, photo, 0o600)
	exported := filepath.Join(t.TempDir(), "unused")
	pickFiles(t, a, src, &exported)
	tapButton(t, a, "Add a photo or file")
	mustShow(t, a, "Title", "Category", "Identity", "Residence", "Notes (optional)", "Expiry date")
	f := fields(a)
	if len(f) != 3 || f[0].Text != "passport-scan" {
		t.Fatalf("form fields: %d, title %q", len(f), f[0].Text)
	}
	f[0].SetText("")
	test.Type(f[0], "Passport")
	test.Type(f[1], "Issued in Kabul")
	test.Type(f[2], "2027-31-01")
	tapButton(t, a, "Identity")
	tapButton(t, a, "Save")
	mustShow(t, a, "Write the date as year-month-day")
	f = fields(a)
	f[2].SetText("")
	test.Type(f[2], "2027-01-10")
	tapButton(t, a, "Save")
	waitFor(t, a, "Expires 10 January 2027") // CLDR English as in Europe: docs/decisions.md
	mustShow(t, a, "Passport", "Identity")
	mustNotShow(t, a, "No documents yet")

	// Expiring within 60 days of "now" (23 Nov 2026): home lists it.
	tapButton(t, a, "Back")
	mustShow(t, a, "Documents expiring soon", "Passport")

	// View, zoom.
	tapCard(t, a, "My documents")
	tapCard(t, a, "Passport")
	mustShow(t, a, "Passport", "Issued in Kabul", "View full screen", "Export a copy", "Delete")
	tapButton(t, a, "View full screen")
	img := fullScreenImage(t, a)
	before := img.MinSize()
	tapOverlay(t, a, "Zoom in")
	tapOverlay(t, a, "Zoom in")
	if got := img.MinSize(); got.Width != 4*before.Width {
		t.Errorf("zoomed twice: %v, from %v", got, before)
	}
	tapOverlay(t, a, "Zoom out")
	if got := img.MinSize(); got.Width != 2*before.Width {
		t.Errorf("zoomed out: %v", got)
	}
	tapOverlay(t, a, "Close")
	if a.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the full-screen view did not close")
	}

	// Export: a warning first; the copy is the original photo.
	tapButton(t, a, "Export a copy")
	if d := dialogText(t, a); !strings.Contains(d, "not protected") {
		t.Fatalf("export warning: %q", d)
	}
	tapDialog(t, a, "Export a copy")
	got, err := os.ReadFile(exported)
	if err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("exported %s: %d bytes, %v", exported, len(got), err)
	}
	if filepath.Base(exported) != "passport-scan.jpg" {
		t.Errorf("export offered the name %q", filepath.Base(exported))
	}
	mustShow(t, a, "Copy saved.")

	// Nothing the reader added is in plaintext in the data folder.
	for _, probe := range [][]byte{photo[200:260], []byte("Issued in Kabul")} {
		filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				if b, _ := os.ReadFile(p); bytes.Contains(b, probe) {
					t.Errorf("plaintext in %s", p)
				}
			}
			return nil
		})
	}

	// Lock, a wrong passphrase, unlock.
	tapButton(t, a, "Lock now")
	mustShow(t, a, "Your documents are locked.")
	mustNotShow(t, a, "Passport")
	typeInto(t, a, "Passphrase", "river stone lame")
	tapButton(t, a, "Unlock")
	waitFor(t, a, "Wrong passphrase. Nothing was deleted.")
	typeInto(t, a, "Passphrase", "river stone lamp")
	tapButton(t, a, "Unlock")
	waitFor(t, a, "Passport")

	// Delete, after a question.
	tapCard(t, a, "Passport")
	tapButton(t, a, "Delete")
	if d := dialogText(t, a); !strings.Contains(d, "Delete “Passport” from your documents?") {
		t.Fatalf("delete question: %q", d)
	}
	tapDialog(t, a, "Delete")
	mustShow(t, a, "No documents yet")
	if entries, _ := os.ReadDir(filepath.Join(dir, "vault")); len(entries) != 0 {
		t.Errorf("the vault folder still holds %d files", len(entries))
	}
}

// TestVaultLocksWhenTheAppLeavesTheForeground and the vault screens close.
func TestVaultLocksWhenTheAppLeavesTheForeground(t *testing.T) {
	a, _ := newVaultApp(t, onboardedInGermany)
	if err := a.docs.vault.Create("river stone lamp"); err != nil {
		t.Fatal(err)
	}
	a.docs.vault.Add(bytes.NewReader(testPhoto(t)), vault.Meta{Title: "Residence permit", Category: vault.Residence})
	a.Open("documents")
	tapCard(t, a, "Residence permit")
	tapButton(t, a, "View full screen")
	// What the platform calls when Safar goes to the background.
	a.fyne.Lifecycle().(interface{ OnExitedForeground() func() }).OnExitedForeground()()
	if a.docs.vault.Unlocked() {
		t.Fatal("the vault is open after the app left the foreground")
	}
	waitFor(t, a, "Your documents are locked.")
	mustNotShow(t, a, "Residence permit")
	if a.win.Canvas().Overlays().Top() != nil {
		t.Error("the full-screen picture stayed over the locked vault")
	}
}

func TestQuickExitLocksAndCloses(t *testing.T) {
	for _, where := range []string{"documents", "emergency"} {
		t.Run(where, func(t *testing.T) {
			a, _ := newVaultApp(t, onboardedInGermany)
			a.docs.vault.Create("river stone lamp")
			quit := false
			a.docs.quit = func() { quit = true }
			a.Open(where)
			tapButton(t, a, "Quick exit")
			if !quit || a.docs.vault.Unlocked() {
				t.Errorf("quick exit: app closed %v, vault open %v", quit, a.docs.vault.Unlocked())
			}
		})
	}
}

// TestBackupAndRestoreThroughSettings: the reminder after adding a
// document shows once; a backup written through the save picker restores
// into a fresh install, after showing what it holds.
func TestBackupAndRestoreThroughSettings(t *testing.T) {
	a, _ := newVaultApp(t, onboardedInGermany)
	a.docs.vault.Create("river stone lamp")
	a.docs.vault.Add(bytes.NewReader(testPhoto(t)), vault.Meta{Title: "Birth certificate", Category: vault.Family})
	a.Open("settings")
	mustShow(t, a, "Backup", "You added a document or changed your passphrase")
	a.Open("settings")
	mustNotShow(t, a, "You added a document")

	saved := filepath.Join(t.TempDir(), "x")
	pickFiles(t, a, "", &saved)
	tapButton(t, a, "Back up my data")
	typeInto(t, a, "Passphrase", "backup words here")
	typeInto(t, a, "The same passphrase again", "backup words here")
	tapButton(t, a, "Choose where to save it")
	waitFor(t, a, "Backup saved, with 1 documents.")
	if !strings.HasSuffix(saved, ".safarbackup") {
		t.Errorf("backup saved as %s", saved)
	}

	// A new phone: restore from the first screen, before any question.
	b, _ := newVaultApp(t, userdata.Defaults)
	pickFiles(t, b, saved, new(string))
	mustShow(t, b, "Choose your language")
	tapButton(t, b, "Restore from backup")
	tapButton(t, b, "Choose the backup file")
	typeInto(t, b, "Passphrase", "wrong words here")
	tapButton(t, b, "Restore from backup")
	waitFor(t, b, "This passphrase does not open the backup. Nothing was changed.")

	tapButton(t, b, "Choose the backup file")
	typeInto(t, b, "Passphrase", "backup words here")
	tapButton(t, b, "Restore from backup")
	waitFor(t, b, "It holds 1 documents")
	mustShow(t, b, "Everything Safar holds now will be replaced")
	tapButton(t, b, "Replace my data with this backup")
	waitFor(t, b, "Your data was restored from the backup.")
	mustShow(t, b, "Settings") // onboarded by the backup: past the first run

	b.Open("documents")
	typeInto(t, b, "Passphrase", "river stone lamp")
	tapButton(t, b, "Unlock")
	waitFor(t, b, "Birth certificate")
}

// TestDamagedUserDBNoticeOffersRestore: a user.db cut short at start-up is
// kept aside, and the reader is told in their language.
func TestDamagedUserDBNoticeOffersRestore(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"en", "Your saved data could not be read."},
		{"ar", "تعذّرت قراءة بياناتك المحفوظة"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, userdata.FileName), []byte("SQLite format 3\x00 cut"), 0o600)
			us, st := userdata.OpenFolder(dir)
			defer us.Close()
			us.SaveSettings(userdata.Settings{Lang: tc.lang, Country: "de", Stage: "first-weeks", TextScale: 1, Onboarded: true})
			cs, _ := packtest.Open(filepath.Join(dir, "content.db"))
			defer cs.Close()
			a, err := New(test.NewTempApp(t), cs, us, Options{UserData: st, VaultLogN: 10, Background: inPlace})
			if err != nil {
				t.Fatal(err)
			}
			mustShow(t, a, tc.want, filepath.Base(st.MovedTo))
			tapButton(t, a, a.loc.T("BackupRestore"))
			mustShow(t, a, a.loc.T("BackupChooseFile"))
		})
	}
}

func TestReadOnlyNotice(t *testing.T) {
	a, _ := newVaultApp(t, onboardedInGermany)
	a.userStart = userdata.Startup{ReadOnly: true}
	a.show()
	mustShow(t, a, "Safar cannot save in its folder.")
}

// TestVaultStaysOpenWhileAFilePickerIsShowing: on a phone the picker is
// another app, so Safar leaves the foreground while the reader picks a
// document; that must not lock the vault under the add form.
func TestVaultStaysOpenWhileAFilePickerIsShowing(t *testing.T) {
	a, _ := newVaultApp(t, onboardedInGermany)
	a.docs.vault.Create("river stone lamp")
	a.Open("documents")
	leave := a.fyne.Lifecycle().(interface{ OnExitedForeground() func() }).OnExitedForeground()
	a.docs.pickOpen([]string{".jpg"}, func(fyne.URIReadCloser) { t.Error("nothing was picked") })
	leave()
	if !a.docs.vault.Unlocked() {
		t.Fatal("the vault locked while the file picker was showing")
	}
	tapDialog(t, a, "Cancel")
	leave()
	if a.docs.vault.Unlocked() {
		t.Fatal("the vault stayed open after the picker closed")
	}
}

// TestDeepDamageFoundAfterStartUp: damage in the middle of user.db passes
// the start-up check; the background quick_check finds it, the file is
// kept aside and the reader told, while the app goes on.
func TestDeepDamageFoundAfterStartUp(t *testing.T) {
	dir := t.TempDir()
	us, _ := userdata.OpenFolder(dir)
	us.SaveSettings(onboardedInGermany)
	for i := range 300 {
		us.SaveConversation(strings.Repeat("a kept summary ", 20)+string(rune('a'+i%26)), testNow)
	}
	us.DB().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	us.Close()
	path := filepath.Join(dir, userdata.FileName)
	b, _ := os.ReadFile(path)
	mid := len(b) / 2 / 4096 * 4096
	for i := mid; i < mid+4096; i++ {
		b[i] = byte(i * 13)
	}
	os.WriteFile(path, b, 0o600)

	us, st := userdata.OpenFolder(dir)
	defer us.Close()
	if st.Damaged {
		t.Fatal("the start-up check saw the damage; this test needs damage only quick_check finds")
	}
	cs, _ := packtest.Open(filepath.Join(dir, "content.db"))
	defer cs.Close()
	a, err := New(test.NewTempApp(t), cs, us, Options{UserData: st, VaultLogN: 10, Background: inPlace})
	if err != nil {
		t.Fatal(err)
	}
	settleable(t, a)
	waitFor(t, a, "Your saved data could not be read.")
	kept, _ := filepath.Glob(path + ".damaged-*")
	if len(kept) != 1 {
		t.Fatalf("kept aside: %v", kept)
	}
	if got, _ := os.ReadFile(kept[0]); !bytes.Equal(got, b) {
		t.Error("the damaged file was not kept as it was")
	}
	mustShow(t, a, filepath.Base(kept[0]), "Restore from backup")
	// The session's choices went into the new user.db.
	if got, _ := us.Settings(); got.Country != "de" || !got.Onboarded {
		t.Errorf("settings in the new user.db: %+v", got)
	}
}
