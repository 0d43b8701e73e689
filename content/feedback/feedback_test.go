package feedback

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"safar.app/safar/content"
)

var report = Report{ItemID: "de-asylum", Title: "Asking for asylum", Publisher: "Safar editorial team",
	Release: 42, Language: "ar", AppVersion: "0.1.0", Category: WrongContact}

func TestBodyCarriesTheItemAndNothingAboutTheReader(t *testing.T) {
	r := report
	r.Text = "  الرقم خطأ  "
	want := "Item: de-asylum\nTitle: Asking for asylum\nPublisher: Safar editorial team\nRelease: 42\n" +
		"Language: ar\nApp version: 0.1.0\nCategory: wrong-contact\n\nالرقم خطأ\n"
	if got := r.Body(); got != want {
		t.Errorf("body:\n%s\nwant:\n%s", got, want)
	}
	if got := r.Subject(); got != "Safar: problem report (wrong-contact) de-asylum: Asking for asylum" {
		t.Errorf("subject %q", got)
	}
	story := Report{Publisher: "Safar editorial team", Release: 3, Language: "fa-AF", AppVersion: "0.1.0", Category: Story, Text: "…"}
	if got := story.Subject(); got != "Safar: a story to share" {
		t.Errorf("story subject %q", got)
	}
	if strings.Contains(story.Body(), "Item:") {
		t.Errorf("a story names no item:\n%s", story.Body())
	}
}

func TestMailtoEscapesEverythingAMailAppCouldMisread(t *testing.T) {
	for _, tc := range []struct {
		name, text, wantIn string
	}{
		{"arabic", "الرقم خطأ", "%D8%A7%D9%84%D8%B1%D9%82%D9%85%20%D8%AE%D8%B7%D8%A3"},
		{"dari with a bidi mark", "\u200fشماره غلط است", "%E2%80%8F%D8%B4%D9%85%D8%A7%D8%B1%D9%87%20"},
		{"ethiopic", "ቁጽሪ ጌጋ እዩ", "%E1%89%81%E1%8C%BD%E1%88%AA%20"},
		{"query characters", "a&b=c?d#e", "a%26b%3Dc%3Fd%23e"},
		{"plus and percent", "1+1 = 100%", "1%2B1%20%3D%20100%25"},
		{"line breaks", "one\ntwo\r\nthree", "one%0D%0Atwo%0D%0Athree"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := report
			r.Text = tc.text
			got, err := URL(content.FeedbackChannel{Folder: "de/", Mailto: "feedback@example.org"}, r)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got, "mailto:feedback@example.org?subject=Safar%3A%20problem%20report%20") {
				t.Errorf("address %q", got)
			}
			if !strings.Contains(got, tc.wantIn) {
				t.Errorf("%q does not contain %q", got, tc.wantIn)
			}
			if strings.ContainsAny(got, "+ \n#") {
				t.Errorf("unescaped space, plus, line break or # in %q", got)
			}
			// What the mail app decodes is what the reader wrote, line
			// breaks as CRLF.
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			q, err := url.ParseQuery(u.RawQuery)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(strings.ReplaceAll(r.Body(), "\r\n", "\n"), "\n", "\r\n")
			if q.Get("body") != want || q.Get("subject") != r.Subject() || u.Opaque != "feedback@example.org" {
				t.Errorf("decoded to %q / %q / %q", u.Opaque, q.Get("subject"), q.Get("body"))
			}
		})
	}
}

func TestFormFillsTheParametersThePublisherNamed(t *testing.T) {
	r := report
	r.Text = "العنوان تغيّر & الباب الخلفي"
	for _, tc := range []struct {
		name   string
		ch     content.FeedbackChannel
		want   map[string]string
		absent []string
	}{
		{"every field", content.FeedbackChannel{Folder: "de/", Form: "https://forms.example.org/safar",
			Params: map[string]string{"id": "item", "publisher": "org", "release": "rel", "language": "lang",
				"app_version": "v", "category": "what", "text": "msg"}},
			map[string]string{"item": "de-asylum", "org": "Safar editorial team", "rel": "42", "lang": "ar",
				"v": "0.1.0", "what": "wrong-contact", "msg": r.Message()}, nil},
		{"text only, keeping the address's own query", content.FeedbackChannel{Folder: "de/",
			Form: "https://docs.example.org/forms/d/e/x/viewform?usp=pp_url", Params: map[string]string{"text": "entry.1"}},
			map[string]string{"usp": "pp_url", "entry.1": r.Message()}, []string{"id", "item"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := URL(tc.ch, r)
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(got)
			if err != nil || u.Scheme != "https" {
				t.Fatalf("%q: %v", got, err)
			}
			q := u.Query()
			for k, v := range tc.want {
				if q.Get(k) != v {
					t.Errorf("%s = %q, want %q", k, q.Get(k), v)
				}
			}
			for _, k := range tc.absent {
				if q.Has(k) {
					t.Errorf("%s set in %q", k, got)
				}
			}
			if !strings.Contains(got, "%D8%A7%D9%84%D8%B9%D9%86%D9%88%D8%A7%D9%86") {
				t.Errorf("Arabic text not percent-encoded in %q", got)
			}
		})
	}
}

func TestOnlyMailtoAndHTTPSComeOut(t *testing.T) {
	for _, tc := range []struct {
		name string
		ch   content.FeedbackChannel
	}{
		{"script", content.FeedbackChannel{Folder: "de/", Form: "javascript:alert(1)", Params: map[string]string{"text": "t"}}},
		{"plain http", content.FeedbackChannel{Folder: "de/", Form: "http://example.org/f", Params: map[string]string{"text": "t"}}},
		{"form without text", content.FeedbackChannel{Folder: "de/", Form: "https://example.org/f"}},
		{"address with a header", content.FeedbackChannel{Folder: "de/", Mailto: "a@example.org?bcc=b@example.org"}},
		{"both", content.FeedbackChannel{Folder: "de/", Mailto: "a@example.org", Form: "https://example.org/f"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := URL(tc.ch, report); err == nil {
				t.Errorf("accepted: %q", got)
			}
		})
	}
	if _, err := URL(content.FeedbackChannel{Folder: "de/"}, report); !errors.Is(err, ErrNoChannel) {
		t.Errorf("no channel: %v", err)
	}
}

func TestChannelRoundTrip(t *testing.T) {
	for _, c := range []content.FeedbackChannel{
		{Folder: "de/", Mailto: "feedback@example.org"},
		{Folder: "de/berlin/", Form: "https://example.org/f?x=1", Params: map[string]string{"text": "t", "id": "i"}},
	} {
		got := DecodeChannel(EncodeChannel(c))
		if got.Folder != c.Folder || got.Mailto != c.Mailto || got.Form != c.Form || len(got.Params) != len(c.Params) || got.Params["text"] != c.Params["text"] {
			t.Errorf("%+v came back as %+v", c, got)
		}
	}
	if got := DecodeChannel("{broken"); got.Mailto != "" || got.Form != "" {
		t.Errorf("damaged: %+v", got)
	}
}
