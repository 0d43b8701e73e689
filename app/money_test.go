package app

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/bundled"
	"safar.app/safar/content/source"
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
)

// withFixtureCorridors installs the built-in pack plus the loader's
// fixture corridors (made-up prices, for tests only).
func withFixtureCorridors(t *testing.T, a *App) {
	t.Helper()
	pack, _ := bundled.Pack()
	fixture, problems := source.LoadOn(os.DirFS("../content/source/testdata/remittance"), content.Date{Year: 2026, Month: 10, Day: 15})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	pack.Corridors = fixture.Corridors
	if err := a.content.Install(pack, store.PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
}

// typeOnto types s after whatever the entry with placeholder already
// holds, as a reader adding digits does (vault_test's typeInto clears it).
func typeOnto(t *testing.T, a *App, placeholder, s string) {
	t.Helper()
	for _, o := range objects(a) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == placeholder {
			test.Type(e, s)
			return
		}
		if e, ok := o.(*widget.SelectEntry); ok && e.PlaceHolder == placeholder {
			test.Type(e, s)
			return
		}
	}
	t.Fatalf("no entry %q on screen:\n%s", placeholder, screenText(a))
}

// inOrder fails unless the screen shows every want, in this order.
func inOrder(t *testing.T, a *App, want ...string) {
	t.Helper()
	shown := screenText(a)
	at := 0
	for _, w := range want {
		i := strings.Index(shown[at:], w)
		if i < 0 {
			t.Fatalf("screen does not show %q after position %d; it shows:\n%s", w, at, shown)
		}
		at += i + len(w)
	}
}

func TestSendMoneyHomeSortsProvidersByAmountReceived(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	withFixtureCorridors(t, a)
	if err := a.Open("money"); err != nil {
		t.Fatal(err)
	}
	mustNotShow(t, a, "Your family receives")
	typeOnto(t, a, "Amount to send (EUR)", "300")
	// Worked out in content/remit's tests and by hand for Beta Bank:
	// Alpha: fee 3.00 + 5.54 × 115/277 = 5.30, margin 300 × 0.6/60 = 3.00,
	//        total 8.30 (2.77 %), received 300 × 59.40 = 17 820.00 PHP.
	// Beta:  fee 1.5 % of 185 = 2.775 and of 462 = 6.93, interpolated
	//        2.775 + 4.155 × 115/277 = 4.50; margin 2.5 % of 300 = 7.50;
	//        total 12.00 (4.00 %); received 300 × 58.50 = 17 550.00 PHP.
	inOrder(t, a,
		"Alpha Transfer", "Your family receives 17,820.00 PHP", "Total cost 8.30 EUR (2.77% of the amount sent)",
		"Fee 5.30 EUR + exchange-rate margin 3.00 EUR",
		"The fee is interpolated in a straight line between the prices for 185.00 EUR and 462.00 EUR",
		"Price of 1 October 2026",
		"Beta Bank", "Your family receives 17,550.00 PHP", "Total cost 12.00 EUR (4.00% of the amount sent)",
		"Price of 1 September 2026", "Old price: it should have been checked again by 1 November 2026",
		"Cost = fee + the exchange-rate margin against the mid-market rate (1 EUR = 60 PHP on 1 October 2026)")
	if strings.Count(screenText(a), "Old price") != 1 {
		t.Error("only Beta Bank's price is old")
	}

	typeOnto(t, a, "Amount to send (EUR)", "0") // "3000": above the quoted range
	mustShow(t, a, "More than the largest amount with a price: the price for 462.00 EUR is used.")
}

func TestSendMoneyHomeWithoutQuotes(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	if err := a.Open("money"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Safar has no checked prices for this route", "https://remittanceprices.worldbank.org/")
	tapButton(t, a, "Compare quotes I got")
	mustShow(t, a, "Mid-market rate")
}

func TestCompareTwoTypedQuotes(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	if err := a.Open("compare"); err != nil {
		t.Fatal(err)
	}
	typeOnto(t, a, "EUR", "EUR")
	typeOnto(t, a, "SYP", "PHP")
	for _, f := range [][2]string{{"Provider 1", "Shop on the corner"}, {"Provider 2", "Online app"}} {
		typeOnto(t, a, f[0], f[1])
	}
	entries := entriesOnScreen(a)
	// send, receive, reference rate, amount, then name, fee, rate per provider
	test.Type(entries[2], "60")
	test.Type(entries[3], "200")
	test.Type(entries[5], "2")
	test.Type(entries[6], "59")
	test.Type(entries[8], "6")
	test.Type(entries[9], "59.90")
	tapButton(t, a, "Compare")
	// Shop: received 200 × 59 = 11 800.00, margin 200 × 1/60 = 3.33, total 5.33 (2.67 %).
	// App:  received 200 × 59.90 = 11 980.00, margin 200 × 0.1/60 = 0.33, total 6.33 (3.17 %).
	// The app leaves the family more, though its fee is higher: it comes first.
	inOrder(t, a, "Online app", "Your family receives 11,980.00 PHP", "Total cost 6.33 EUR (3.17% of the amount sent)",
		"Shop on the corner", "Your family receives 11,800.00 PHP", "Total cost 5.33 EUR (2.67% of the amount sent)")
}

func entriesOnScreen(a *App) []*widget.Entry {
	var out []*widget.Entry
	for _, o := range objects(a) {
		if e, ok := o.(*widget.Entry); ok {
			out = append(out, e)
		}
	}
	return out
}

func TestAddTrustedContact(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	if err := a.Open("contacts"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "No one yet.")
	typeOnto(t, a, "Name", "Sam")
	typeOnto(t, a, "Phone number, with country code", "0151 1234567")
	tapButton(t, a, "Add contact")
	mustShow(t, a, "This phone number is not valid.")
	typeOnto(t, a, "Phone number, with country code", "8") // 0151 12345678, a German mobile
	tapButton(t, a, "Add contact")
	mustShow(t, a, "Sam", "+49 1511 2345678", "Language they read: English")
	people, err := a.user.Contacts()
	if err != nil || len(people) != 1 || people[0].Phone != "+4915112345678" || people[0].Lang != "en" {
		t.Fatalf("user.db holds %+v, %v", people, err)
	}
}

// An Arabic reader tells a friend who reads English that they are safe:
// the message is in English, and SMS and WhatsApp open exactly these
// addresses.
func TestCheckInInArabicForAnEnglishReader(t *testing.T) {
	st := onboardedInGermany
	st.Lang = "ar"
	a := newTestApp(t, &st)
	a.now = func() time.Time { return time.Date(2026, 12, 6, 21, 30, 0, 0, time.FixedZone("CET", 3600)) }
	if _, err := a.user.SaveContact(userdata.Contact{Name: "Sam", Phone: "+4915112345678", Lang: "en"}, a.now()); err != nil {
		t.Fatal(err)
	}
	var opened []string
	openOut = func(_ *App, u string) { opened = append(opened, u) }
	t.Cleanup(func() { openOut = nil })
	if err := a.Open("contacts"); err != nil {
		t.Fatal(err)
	}
	tapCard(t, a, "Sam")
	typeOnto(t, a, "أين أنت؟ (المدينة)", "برلين") // a city of the content, named in Arabic
	tapButton(t, a, "أنا بأمان")
	mustShow(t, a, "الرسالة بـEnglish:", "I am safe. I am in Berlin, Germany. Time: 6 December 2026 21:30 (UTC+01:00).")
	tapButton(t, a, "رسالة نصية")
	tapButton(t, a, "واتساب")
	const body = "I%20am%20safe.%20I%20am%20in%20Berlin%2C%20Germany.%20Time%3A%206%20December%202026%2021%3A30%20%28UTC%2B01%3A00%29."
	want := []string{"sms:+4915112345678?body=" + body, "https://wa.me/4915112345678?text=" + body}
	if len(opened) != 2 || opened[0] != want[0] || opened[1] != want[1] {
		t.Fatalf("opened %q\nwant   %q", opened, want)
	}
	mustNotShow(t, a, "بريد إلكتروني") // Sam has no email address
}

func TestShareWhereIAmFromTheEmergencyScreen(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	if _, err := a.user.SaveContact(userdata.Contact{Name: "Amal", Email: "amal@example.org", Lang: "ar"}, a.now()); err != nil {
		t.Fatal(err)
	}
	var opened []string
	openOut = func(_ *App, u string) { opened = append(opened, u) }
	t.Cleanup(func() { openOut = nil })
	if err := a.Open("emergency"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Share where I am")
	tapCard(t, a, "Amal")
	typeOnto(t, a, "Where are you? (city)", "Berlin") // the English name: Amal reads "برلين، ألمانيا"
	tapButton(t, a, "I need help")
	mustShow(t, a, "أحتاج إلى مساعدة. أنا في برلين، ألمانيا.", "أرقام الطوارئ حيث أنا: 112، 110")
	mustNotShow(t, a, "SMS") // Amal has only an email address
	tapButton(t, a, "Email")
	if len(opened) != 1 || !strings.HasPrefix(opened[0], "mailto:amal@example.org?subject=%D8%A3%D8%AD%D8%AA%D8%A7%D8%AC") {
		t.Fatalf("opened %q", opened)
	}
}

func overlayText(a *App) string {
	var b strings.Builder
	if top := a.win.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if p, ok := o.(*text.Paragraph); ok {
				b.WriteString(p.Text() + "\n")
			}
		}
	}
	return b.String()
}

func TestCheckinReminder(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	if overlayText(a) != "" {
		t.Fatal("a reminder while it is off")
	}
	if err := a.Open("contacts"); err != nil {
		t.Fatal(err)
	}
	for _, o := range objects(a) {
		if s, ok := o.(*widget.Select); ok && s.Selected == "Off" {
			s.SetSelected("Every 4 h")
		}
	}
	r, err := a.user.CheckinReminder()
	if err != nil || r.Every != 4*time.Hour || !r.Last.Equal(testNow) {
		t.Fatalf("reminder saved as %+v, %v", r, err)
	}
	// Five hours later, Safar is opened again: the reminder shows.
	a.now = func() time.Time { return testNow.Add(5 * time.Hour) }
	a.remindCheckin()
	if got := overlayText(a); !strings.Contains(got, "Time to check in") {
		t.Fatalf("no reminder; overlay shows %q", got)
	}
}
