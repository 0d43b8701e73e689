package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"safar.app/safar/userdata"
)

// TestMoneyScreenshots writes the money and check-in screens at phone size
// in en, ar and fa-AF to $SAFAR_SHOTS, to be looked at; it is skipped
// without it.
func TestMoneyScreenshots(t *testing.T) {
	dir := os.Getenv("SAFAR_SHOTS")
	if dir == "" {
		t.Skip("set SAFAR_SHOTS to a folder to write screenshots")
	}
	write := func(a *App, name string) {
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, a.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []string{"en", "ar", "fa-AF"} {
		st := onboardedInGermany
		st.Lang = lang
		a := newTestApp(t, &st)
		withFixtureCorridors(t, a)
		a.Open("money")
		for _, e := range entriesOnScreen(a) {
			test.Type(e, "300")
		}
		write(a, "money-"+lang)
		a.Open("compare")
		write(a, "compare-"+lang)
		if _, err := a.user.SaveContact(userdata.Contact{Name: "Sam", Phone: "+4915112345678", Lang: "en"}, a.now()); err != nil {
			t.Fatal(err)
		}
		a.Open("contacts")
		write(a, "contacts-"+lang)
		tapCard(t, a, "Sam")
		typeOnto(t, a, a.loc.T("CheckinPlace"), "Berlin")
		tapButton(t, a, a.loc.T("CheckinSafe"))
		write(a, "checkin-"+lang)
	}
}
