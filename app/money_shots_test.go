package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"safar.app/safar/userdata"
)

// TestMoneyScreenshots writes the money and check-in screens at phone size
// in en, ar and fa-AF to $SAFAR_SHOTS, to be looked at; it is skipped
// without it.
func TestMoneyScreenshots(t *testing.T) {
	dir := shotsDir(t)
	write := func(a *App, name string) {
		writeShot(t, dir, a, name)
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
