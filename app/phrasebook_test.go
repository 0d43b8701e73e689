package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
)

// showToPatient taps "Show to patient" on the phrase with id, wherever it
// is in the list on screen.
func showToPatient(t *testing.T, a *App, id string) {
	t.Helper()
	clinician, patient := a.phraseChains()
	p, err := a.content.Phrase(id, clinician, patient)
	if err != nil {
		t.Fatalf("phrase %s: %v", id, err)
	}
	// Each phrase card holds its clinician text, then its buttons.
	seen := false
	for _, o := range objects(a) {
		if para, ok := o.(*text.Paragraph); ok && para.Text() == p.Clinician.Text {
			seen = true
		}
		if b, ok := o.(*text.Button); ok && seen && b.Label == a.loc.T("ShowToPatient") {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("phrase %s (%q) is not on screen:\n%s", id, p.Clinician.Text, screenText(a))
}

func summaryShows(t *testing.T, a *App, question, answer string) {
	t.Helper()
	tapButton(t, a, a.loc.N("SummaryButton", len(a.talk.log)))
	mustShow(t, a, "Conversation summary", question, answer)
	if !strings.Contains(a.summaryText(), question+" → "+answer) {
		t.Errorf("copied summary lacks %q → %q:\n%s", question, answer, a.summaryText())
	}
}

// TestPhrasebookPainScaleInArabic: a doctor speaking English and a patient
// reading Arabic; the doctor searches "pain", shows the pain scale, the
// patient taps 7, and the summary reads the English question with 7/10.
func TestPhrasebookPainScaleInArabic(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	tapCard(t, a, "Health phrasebook")
	mustShow(t, a, "Clinician's language", "English", "Patient's language", "العربية")

	test.Type(entry(t, a), "pain")
	tapButton(t, a, "Search")
	showToPatient(t, a, "pain-scale")

	_, patient := a.phraseChains()
	scale, _ := a.content.Phrase("pain-scale", patient, patient)
	if scale.Patient.Lang != "ar" {
		t.Fatalf("the pain scale has no Arabic text (got %s)", scale.Patient.Lang)
	}
	mustShow(t, a, scale.Patient.Text)
	mustNotShow(t, a, "How strong is the pain?")
	tapCard(t, a, "7")

	summaryShows(t, a, "How strong is the pain? 0 means no pain. 10 means the worst pain you can imagine.", "7/10")
	if got, _ := a.user.Conversations(); len(got) != 0 {
		t.Errorf("the conversation was stored without being saved: %v", got)
	}
	tapButton(t, a, "Save on this device")
	if got, _ := a.user.Conversations(); len(got) != 1 || !strings.Contains(got[0], "7/10") {
		t.Errorf("saved conversations = %q", got)
	}
	tapButton(t, a, "End conversation and clear")
	if len(a.talk.log) != 0 {
		t.Error("ending the conversation kept its answers")
	}
}

// pickPatientLanguage changes the patient's language on the phrasebook screen.
func pickPatientLanguage(t *testing.T, a *App, current, name string) {
	t.Helper()
	tapButton(t, a, current)
	tapButton(t, a, name)
	mustShow(t, a, "Patient's language", name)
}

// TestPhrasebookBodyMapAndYesNoInDari: the patient reads Dari, taps their
// left arm on the body map (drawn on the viewer's right, as a person facing
// you), then answers yes to the fever question.
func TestPhrasebookBodyMapAndYesNoInDari(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	if err := a.Open("phrasebook"); err != nil {
		t.Fatal(err)
	}
	pickPatientLanguage(t, a, "العربية", "دری")
	if got, _ := a.user.Settings(); got.PatientLang != "fa-AF" {
		t.Errorf("patient language not remembered: %+v", got)
	}

	if err := a.Open("phrases:pain"); err != nil {
		t.Fatal(err)
	}
	showToPatient(t, a, "pain-where")
	var m *bodyMap
	for _, o := range objects(a) {
		if bm, ok := o.(*bodyMap); ok {
			m = bm
		}
	}
	if m == nil {
		t.Fatalf("no body map:\n%s", screenText(a))
	}
	s := m.Size()
	test.TapAt(m, fyne.NewPos(0.79*s.Width, 0.30*s.Height)) // viewer's right, upper arm
	a.Open("phrases:pain")
	summaryShows(t, a, "Where does it hurt? Please point to the place on the picture.", "Left arm (Front)")

	a.Open("phrases:symptoms")
	showToPatient(t, a, "symptoms-fever")
	_, patient := a.phraseChains()
	words := a.words(patient)
	if words["answer-yes"] == "" || words["answer-yes"] == "Yes" {
		t.Fatalf("no Dari word for yes: %q", words["answer-yes"])
	}
	tapButton(t, a, words["answer-yes"])
	a.Open("phrases:symptoms")
	fever, _ := a.content.Phrase("symptoms-fever", content.LangChain("en"), patient)
	summaryShows(t, a, fever.Clinician.Text, "Yes")
}

func TestBodyMapSidesAndTouchTargets(t *testing.T) {
	for _, back := range []bool{false, true} {
		seen := map[string]bool{}
		for _, r := range bodyRegions(back) {
			seen[r.id] = true
			if w, h := r.w*mapSize.Width, r.h*mapSize.Height; w < text.MinTouch-0.5 || h < text.MinTouch-0.5 {
				t.Errorf("back=%v %s is %.0f×%.0f, smaller than %d dp", back, r.id, w, h, text.MinTouch)
			}
		}
		m := newBodyMap(nil)
		m.back = back
		m.Resize(mapSize)
		// The patient's left arm: on the viewer's right from the front.
		x := float32(0.79)
		if back {
			x = 0.21
		}
		if got := m.regionAt(fyne.NewPos(x*mapSize.Width, 0.3*mapSize.Height)); got != "body-left-arm" {
			t.Errorf("back=%v: tap at x=%.2f is %q, want body-left-arm", back, x, got)
		}
	}
	for _, r := range content.BodyRegions {
		front, back := false, false
		for _, g := range bodyRegions(false) {
			front = front || g.id == r
		}
		for _, g := range bodyRegions(true) {
			back = back || g.id == r
		}
		if !front && !back {
			t.Errorf("%s is on neither side of the map", r)
		}
	}
}
