package checkin

import (
	"strings"
	"testing"
	"time"

	"safar.app/safar/userdata"
)

var berlinEvening = time.Date(2026, 12, 6, 21, 30, 0, 0, time.FixedZone("CET", 3600))

// An Arabic reader (the app in Arabic) tells a friend who reads English
// that they are safe: the message is in English, and the addresses are
// exactly these.
func TestArabicReaderWritesToEnglishReader(t *testing.T) {
	friend := userdata.Contact{Name: "Sam", Phone: "+4915112345678", Email: "sam@example.org", Lang: "en"}
	m, err := Compose(Safe, friend, "Berlin", berlinEvening)
	if err != nil {
		t.Fatal(err)
	}
	const body = "I am safe. I am in Berlin. Time: 6 December 2026 21:30 (UTC+01:00)."
	const escaped = "I%20am%20safe.%20I%20am%20in%20Berlin.%20Time%3A%206%20December%202026%2021%3A30%20%28UTC%2B01%3A00%29."
	if m.Lang != "en" || m.Body != body || m.Subject != "I am safe" {
		t.Fatalf("got %+v", m)
	}
	for name, got := range map[string]string{
		"sms":      SMS(friend, m),
		"whatsapp": WhatsApp(friend, m),
		"mailto":   Mail(friend, m),
	} {
		want := map[string]string{
			"sms":      "sms:+4915112345678?body=" + escaped,
			"whatsapp": "https://wa.me/4915112345678?text=" + escaped,
			"mailto":   "mailto:sam@example.org?subject=I%20am%20safe&body=" + escaped,
		}[name]
		if got != want {
			t.Errorf("%s:\ngot  %s\nwant %s", name, got, want)
		}
	}
}

func TestComposeInTheContactsLanguage(t *testing.T) {
	tests := []struct {
		name, lang, place string
		kind              Kind
		wantLang, want    string
	}{
		{"Arabic", "ar", "برلين", Help, "ar",
			"أحتاج إلى مساعدة. أنا في برلين. الوقت: 6 ديسمبر 2026 9:30 م (UTC+01:00). من فضلك اتصل بي أو أرسل رسالة."},
		{"Dari under its own code", "prs", "برلین", Safe, "fa-AF",
			"من صحیح و سلامت هستم. من در برلین هستم. وقت: 6 دسمبر 2026 21:30 (UTC+01:00)."},
		{"a language Safar has not: English", "de", "Berlin", Safe, "en",
			"I am safe. I am in Berlin. Time: 6 December 2026 21:30 (UTC+01:00)."},
		{"no place given", "en", "  ", Help, "en",
			"I need help. Time: 6 December 2026 21:30 (UTC+01:00). Please call me or send a message."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Compose(tc.kind, userdata.Contact{Name: "x", Phone: "+963944123456", Lang: tc.lang}, tc.place, berlinEvening)
			if err != nil {
				t.Fatal(err)
			}
			if m.Lang != tc.wantLang || m.Body != tc.want {
				t.Errorf("got %s %q\nwant %s %q", m.Lang, m.Body, tc.wantLang, tc.want)
			}
		})
	}
}

func TestAddressesNeedTheirChannel(t *testing.T) {
	m := Message{Subject: "s", Body: "b"}
	emailOnly := userdata.Contact{Name: "x", Email: "x@example.org"}
	if SMS(emailOnly, m) != "" || WhatsApp(emailOnly, m) != "" {
		t.Error("phone addresses for a contact without a phone")
	}
	if Mail(userdata.Contact{Name: "x", Phone: "+4915112345678"}, m) != "" {
		t.Error("mailto for a contact without email")
	}
}

func TestMailBreaksLinesCRLF(t *testing.T) {
	got := Mail(userdata.Contact{Email: "x@example.org"}, Message{Subject: "a&b", Body: "one\ntwo"})
	if want := "mailto:x@example.org?subject=a%26b&body=one%0D%0Atwo"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestWithNumbers(t *testing.T) {
	friend := userdata.Contact{Name: "Sam", Phone: "+4915112345678", Lang: "en"}
	m, err := Compose(Help, friend, "Berlin", berlinEvening)
	if err != nil {
		t.Fatal(err)
	}
	m, err = WithNumbers(m, []string{"112", "110"})
	if err != nil {
		t.Fatal(err)
	}
	const want = "I need help. I am in Berlin. Time: 6 December 2026 21:30 (UTC+01:00). Please call me or send a message.\nEmergency numbers where I am: 112, 110"
	if m.Body != want {
		t.Errorf("got %q", m.Body)
	}
	if got := SMS(friend, m); !strings.HasSuffix(got, "message.%0AEmergency%20numbers%20where%20I%20am%3A%20112%2C%20110") {
		t.Errorf("sms: %s", got)
	}
}
