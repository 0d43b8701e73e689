package feedback

import (
	"net/url"
	"strings"
	"testing"

	"safar.app/safar/content"
)

// FuzzURLCarriesTheTextAsWritten: whatever the reader writes, the mailto:
// and form addresses parse, stay on their scheme and host, and decode to
// exactly the report's text (line breaks as CRLF in an email).
func FuzzURLCarriesTheTextAsWritten(f *testing.F) {
	for _, s := range []string{"", "الرقم خطأ", "a&b=c?d#e%20+", "\u200fشماره\r\nغلط\n", "ቁጽሪ ጌጋ", "\x00\xff", "mailto:x@y.z?bcc=a@b.c"} {
		f.Add(s)
	}
	mail := content.FeedbackChannel{Folder: "de/", Mailto: "feedback@example.org"}
	form := content.FeedbackChannel{Folder: "de/", Form: "https://forms.example.org/f?usp=pp_url",
		Params: map[string]string{"text": "msg", "id": "item"}}
	f.Fuzz(func(t *testing.T, text string) {
		r := Report{ItemID: "de-asylum", Release: 1, Language: "ar", AppVersion: "0.1.0", Category: Other, Text: text}
		m, err := URL(mail, r)
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(m)
		if err != nil || u.Scheme != "mailto" || u.Opaque != "feedback@example.org" {
			t.Fatalf("%q: %v", m, err)
		}
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.ReplaceAll(strings.ReplaceAll(r.Body(), "\r\n", "\n"), "\n", "\r\n")
		if len(q) != 2 || q.Get("body") != want || q.Get("subject") != r.Subject() {
			t.Errorf("%q decodes to %v", m, q)
		}
		fa, err := URL(form, r)
		if err != nil {
			t.Fatal(err)
		}
		fu, err := url.Parse(fa)
		if err != nil || fu.Scheme != "https" || fu.Host != "forms.example.org" || fu.Path != "/f" {
			t.Fatalf("%q: %v", fa, err)
		}
		if fq := fu.Query(); fq.Get("msg") != r.Message() || fq.Get("item") != "de-asylum" || fq.Get("usp") != "pp_url" || len(fq) != 3 {
			t.Errorf("%q decodes to %v", fa, fq)
		}
	})
}
