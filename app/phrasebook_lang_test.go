package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/locales"
	"safar.app/safar/userdata"
)

// TestPhrasebookDefaultLanguages: the patient's language is the reader's
// own; the clinician's is the destination country's where the phrasebook
// has it, else English. A choice the reader made wins.
func TestPhrasebookDefaultLanguages(t *testing.T) {
	tests := []struct {
		lang, country, clinicianSet, patientSet string
		clinician, patient                      string
	}{
		{"fa-AF", "de", "", "", "de", "fa-AF"},
		{"ar", "se", "", "", "sv", "ar"},
		{"ti", "at", "", "", "de", "ti"},
		{"uk", "gr", "", "", "el", "uk"},
		{"en", "es", "", "", "es", "en"},
		{"so", "gb", "", "", "en", "so"},
		{"ps", "ma", "", "", "en", "ps"}, // Arabic is no clinician language
		{"ar", "", "", "", "en", "ar"},
		{"fa-AF", "de", "fr", "ps", "fr", "ps"},
	}
	for _, tt := range tests {
		s := userdata.Settings{Lang: tt.lang, Country: tt.country, TextScale: 1, Onboarded: tt.country != "",
			Stage: "first-weeks", ClinicianLang: tt.clinicianSet, PatientLang: tt.patientSet}
		a := newTestApp(t, &s)
		if c, p := a.book.clinicianLang(), a.book.patientLang(); c != tt.clinician || p != tt.patient {
			t.Errorf("%s reader in %q: clinician %s, patient %s; want %s, %s", tt.lang, tt.country, c, p, tt.clinician, tt.patient)
		}
	}
}

// TestPhrasebookSpeaksEachReadersLanguage: a Dari reader in Germany. The
// clinician's screens and buttons are in German, the question and the
// answer buttons the patient taps in Dari, the summary in German; the
// window's own Back stays in the reader's Dari.
func TestPhrasebookSpeaksEachReadersLanguage(t *testing.T) {
	s := onboardedInGermany
	s.Lang = "fa-AF"
	a := newTestApp(t, &s)
	dari, _ := locales.New("fa-AF")
	if err := a.Open("phrasebook"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Gesundheits-Sprachführer", "Sprache der Ärztin / des Arztes", "Deutsch",
		"Sprache der Patientin / des Patienten", "دری", "Sprachen tauschen", dari.T("Back"))
	mustNotShow(t, a, "به مریض نشان دهید")

	if err := a.Open("phrases:symptoms"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Dem Patienten zeigen")
	showToPatient(t, a, "symptoms-fever")
	_, patient := a.book.chains()
	fever, _ := a.content.Phrase("symptoms-fever", patient, patient)
	if fever.Patient.Lang != "fa-AF" {
		t.Fatalf("no Dari text for the fever question (got %s)", fever.Patient.Lang)
	}
	mustShow(t, a, fever.Patient.Text)
	german, _ := a.content.Phrase("symptoms-fever", []string{"de"}, []string{"de"})
	mustNotShow(t, a, german.Clinician.Text)
	yes := a.book.words(patient)["answer-yes"]
	tapButton(t, a, yes)

	tapButton(t, a, "Zusammenfassung: 1 Antwort")
	mustShow(t, a, "Zusammenfassung des Gesprächs", german.Clinician.Text, "Ja", "Kopieren",
		"Auf diesem Gerät speichern", "Gespräch beenden und löschen")
	tapButton(t, a, "Kopieren")
	clip := a.fyne.Clipboard().Content()
	if !strings.Contains(clip, german.Clinician.Text+" – Ja") || !strings.Contains(clip, "Deutsch / دری") {
		t.Errorf("clipboard = %q", clip)
	}
	mustShow(t, a, "Kopiert")
}

// TestSavedSummariesListOpenCopyDelete: a saved summary can be found again
// from the phrasebook, opened, copied, and deleted after a second tap.
func TestSavedSummariesListOpenCopyDelete(t *testing.T) {
	s := onboardedInGermany
	s.ClinicianLang, s.PatientLang = "en", "ar"
	a := newTestApp(t, &s)
	if err := a.Open("patient:pain-scale"); err != nil {
		t.Fatal(err)
	}
	tapCard(t, a, "7")
	if err := a.Open("summary"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Save on this device")
	mustShow(t, a, "Saved on this device")
	tapButton(t, a, "End conversation and clear")

	if err := a.Open("phrasebook"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Saved summaries", "1 saved summary")
	tapCard(t, a, "Saved summaries")
	title := "Saved on " + a.book.loc().DateTime(testNow)
	mustShow(t, a, title, "7/10")
	tapCard(t, a, title)
	mustShow(t, a, "How strong is the pain?", "7/10", "Health phrasebook")

	tapButton(t, a, "Copy")
	if clip := a.fyne.Clipboard().Content(); !strings.Contains(clip, "7/10") {
		t.Errorf("clipboard = %q", clip)
	}
	tapButton(t, a, "Delete")
	if got, _ := a.user.SavedConversations(); len(got) != 1 {
		t.Fatal("one tap on Delete deleted the summary")
	}
	tapButton(t, a, "Tap again to delete for good")
	if got, _ := a.user.SavedConversations(); len(got) != 0 {
		t.Errorf("still saved after delete: %+v", got)
	}
	mustShow(t, a, "No saved summaries.")
}

// rectOf is an object's place in the window.
type rect struct{ x, y, w, h float32 }

func rectOf(o fyne.CanvasObject) rect {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return rect{p.X, p.Y, o.Size().Width, o.Size().Height}
}

func (r rect) midX() float32         { return r.x + r.w/2 }
func (r rect) overlapsX(o rect) bool { return r.x < o.x+o.w && o.x < r.x+r.w }
func (r rect) inside(o rect) bool {
	return r.x >= o.x-0.5 && r.y >= o.y-0.5 && r.x+r.w <= o.x+o.w+0.5 && r.y+r.h <= o.y+o.h+0.5
}
func accessible(o fyne.CanvasObject) string {
	if a, ok := o.(fyne.Accessible); ok {
		return a.AccessibilityLabel()
	}
	return ""
}

// find is the first object of the patient's answers whose accessibility
// label passes ok.
func find(t *testing.T, a *App, what string, ok func(string) bool) fyne.CanvasObject {
	t.Helper()
	for _, o := range test.LaidOutObjects(answerPart(t, a)) {
		if l := accessible(o); l != "" && ok(l) {
			return o
		}
	}
	t.Fatalf("no %s on screen:\n%s", what, screenText(a))
	return nil
}

func labelled(l string) func(string) bool { return func(s string) bool { return s == l } }

// TestPatientScreensFollowPatientReadingOrder: for a patient who reads
// right to left the pain scale runs from the right, "0 = no pain" sits over
// the 0 face and "10 = worst pain" by the 10; the body map's Front comes
// first on the right, and so do the numbers of a duration. For a patient
// who reads left to right, all of it is mirrored. The reader's own
// direction (English here, then Arabic) changes none of it.
func TestPatientScreensFollowPatientReadingOrder(t *testing.T) {
	for _, tt := range []struct{ reader, patient string }{{"en", "ar"}, {"ar", "en"}, {"en", "en"}, {"fa-AF", "fa-AF"}} {
		rtl := locales.RightToLeft(tt.patient)
		// before reports whether a comes before b in the patient's reading order.
		before := func(a, b rect) bool {
			if rtl {
				return a.midX() > b.midX()
			}
			return a.midX() < b.midX()
		}
		s := onboardedInGermany
		s.Lang, s.ClinicianLang, s.PatientLang = tt.reader, "en", tt.patient
		a := newTestApp(t, &s)
		name := tt.reader + " reader, " + tt.patient + " patient"

		if err := a.Open("patient:pain-scale"); err != nil {
			t.Fatal(err)
		}
		face := func(n string) rect { return rectOf(find(t, a, "face "+n, labelled(n))) }
		for _, pair := range [][2]string{{"0", "1"}, {"1", "2"}, {"2", "3"}, {"8", "9"}, {"9", "10"}} {
			if !before(face(pair[0]), face(pair[1])) {
				t.Errorf("%s: face %s is not before face %s", name, pair[0], pair[1])
			}
		}
		zero := rectOf(find(t, a, "0 label", func(s string) bool { return strings.HasPrefix(s, "0 = ") }))
		ten := rectOf(find(t, a, "10 label", func(s string) bool { return strings.HasPrefix(s, "10 = ") }))
		if !zero.overlapsX(face("0")) || zero.overlapsX(face("3")) || zero.y > face("0").y {
			t.Errorf("%s: %q label at %+v is not over face 0 at %+v", name, "0 =", zero, face("0"))
		}
		if !ten.overlapsX(face("10")) || ten.overlapsX(face("8")) || ten.y < face("10").y {
			t.Errorf("%s: %q label at %+v is not by face 10 at %+v", name, "10 =", ten, face("10"))
		}

		if err := a.Open("patient:pain-where"); err != nil {
			t.Fatal(err)
		}
		pw := a.book.words(content.LangChain(tt.patient))
		front := rectOf(find(t, a, "Front", labelled(pw.of("answer-front"))))
		back := rectOf(find(t, a, "Back", labelled(pw.of("answer-back"))))
		if !before(front, back) {
			t.Errorf("%s: body map's Back comes before Front", name)
		}
		head := rectOf(find(t, a, "head", labelled(pw.of("body-head"))))
		faceRegion := rectOf(find(t, a, "face", labelled(pw.of("body-face"))))
		if !before(head, faceRegion) {
			t.Errorf("%s: body part list does not start at the patient's start", name)
		}

		if err := a.Open("patient:children-fever-since"); err != nil {
			t.Fatal(err)
		}
		tapButton(t, a, pw.of("duration-days"))
		one := rectOf(find(t, a, "1", labelled("1")))
		two := rectOf(find(t, a, "2", labelled("2")))
		if !before(one, two) {
			t.Errorf("%s: duration numbers do not start at the patient's start", name)
		}
	}
}

// answerPart is the part of a patient screen that holds the answers.
func answerPart(t *testing.T, a *App) *container.Scroll {
	t.Helper()
	for _, o := range objects(a) {
		if c, ok := o.(*fyne.Container); ok {
			if _, ok := c.Layout.(patientLayout); ok {
				return c.Objects[2].(*container.Scroll)
			}
		}
	}
	t.Fatalf("no patient screen:\n%s", screenText(a))
	return nil
}

// answersVisible counts the answers a patient can tap without scrolling:
// buttons and cards wholly inside the answers' part of the screen and the
// window, and the body map's regions that are.
func answersVisible(t *testing.T, a *App, skip map[string]bool) int {
	t.Helper()
	answers := answerPart(t, a)
	view := rectOf(answers)
	n := 0
	for _, o := range test.LaidOutObjects(answers.Content) {
		if !o.Visible() {
			continue
		}
		switch v := o.(type) {
		case *text.Button:
			if !skip[v.Label] && rectOf(v).inside(view) {
				n++
			}
		case *text.Card:
			if rectOf(v).inside(view) {
				n++
			}
		case *bodyMap:
			at := rectOf(v)
			for _, r := range bodyRegions(v.back) {
				reg := rect{at.x + r.x*at.w, at.y + r.y*at.h, r.w * at.w, r.h * at.h}
				if reg.inside(view) {
					n++
				}
			}
		}
	}
	return n
}

// TestPatientAnswersFitAtDoubleText: at twice the text size on a 360×740
// phone, every kind of patient answer screen shows at least three answers
// without scrolling, in English, Arabic, Dari and Tigrinya.
func TestPatientAnswersFitAtDoubleText(t *testing.T) {
	screens := []string{"symptoms-fever", "pain-scale", "pain-where", "children-fever-since", "allergies-reaction"}
	for _, lang := range []string{"en", "ar", "fa-AF", "ti"} {
		s := onboardedInGermany
		s.Lang, s.TextScale = lang, 2
		a := newTestApp(t, &s)
		pw := a.book.words(content.LangChain(lang))
		skip := map[string]bool{pw.of("answer-front"): true, pw.of("answer-back"): true}
		for _, id := range screens {
			if err := a.Open("patient:" + id); err != nil {
				t.Fatal(err)
			}
			a.win.Resize(fyne.NewSize(360, 741)) // lay out twice, as a window does
			a.win.Resize(fyne.NewSize(360, 740))
			if n := answersVisible(t, a, skip); n < 3 {
				t.Errorf("%s %s at 2×: %d answers visible without scrolling, want at least 3", lang, id, n)
			}
		}
	}
}
