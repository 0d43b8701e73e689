package app

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"safar.app/safar/userdata"
	"safar.app/safar/userdata/vault"
)

// TestVaultScreenshots renders the vault's screens at phone size in
// English, Arabic and Tigrinya into $SAFAR_VAULT_SHOTS (docs/screenshots):
//
//	SAFAR_VAULT_SHOTS=$PWD/docs/screenshots go test -tags 'ci sqlite_fts5' -run TestVaultScreenshots ./app/
func TestVaultScreenshots(t *testing.T) {
	out := os.Getenv("SAFAR_VAULT_SHOTS")
	if out == "" {
		t.Skip("set SAFAR_VAULT_SHOTS to a folder to write the vault screenshots")
	}
	for _, lang := range []string{"en", "ar", "ti"} {
		st := onboardedInGermany
		st.Lang = lang
		a, _ := newVaultApp(t, st)
		shot := func(name string) {
			t.Helper()
			// Wrapped text learns its height from a first layout pass: lay
			// out again, as a real window does on its next frame.
			a.win.Resize(fyne.NewSize(360, 741))
			a.win.Resize(fyne.NewSize(360, 740))
			var buf bytes.Buffer
			if err := png.Encode(&buf, a.win.Canvas().Capture()); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, "vault-"+name+"-"+lang+"-phone.png"), buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		a.Open("documents")
		shot("setup")

		v := a.docs.vault
		if err := v.Create("river stone lamp"); err != nil {
			t.Fatal(err)
		}
		titles := map[string][2]string{
			"en": {"Passport", "Vaccination card"},
			"ar": {"جواز السفر", "بطاقة التطعيم"},
			"ti": {"ፓስፖርት", "ካርድ ክታበት"},
		}[lang]
		v.Add(bytes.NewReader(testPhoto(t)), vault.Meta{Title: titles[0], Category: vault.Identity,
			Expiry: testNow.AddDate(0, 1, 0), Notes: "Kabul 2019"})
		v.Add(bytes.NewReader([]byte("%PDF-1.4\n%%EOF\n")), vault.Meta{Title: titles[1], Category: vault.Health})
		a.Open("documents")
		shot("list")
		list, _ := v.List()
		for _, m := range list {
			if m.IsImage() {
				a.push(a.documentScreen(m.ID))
			}
		}
		shot("document")
		for _, m := range list {
			if m.IsImage() {
				_, data, _ := v.Open(m.ID)
				a.showFullScreen(m, data)
			}
		}
		shot("fullscreen")
		a.docs.viewer.Hide()
		a.docs.viewer = nil
		a.push(a.documentForm(vault.Meta{Title: "IMG_2041", Category: vault.Residence}, testPhoto(t)))
		shot("add")
		a.Open("home")
		shot("home")
		v.Lock()
		a.Open("documents")
		shot("locked")
		a.userStart = userdata.Startup{Damaged: true, MovedTo: "/data/user.db.damaged-20261206T201500Z"}
		a.Open("settings")
		shot("settings-notice")
		a.userStart = userdata.Startup{}
	}
}
