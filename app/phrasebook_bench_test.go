package app

import "testing"

// BenchmarkOpenPhrasebook measures what a clinician waits for: opening the
// phrasebook and then a category's list, both screens built and laid out
// on the embedded content. Target: under 20 ms.
func BenchmarkOpenPhrasebook(b *testing.B) {
	s := onboardedInGermany
	s.ClinicianLang, s.PatientLang = "en", "ar"
	a := newTestApp(b, &s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := a.Open("phrasebook"); err != nil {
			b.Fatal(err)
		}
		if err := a.Open("phrases:pain"); err != nil {
			b.Fatal(err)
		}
	}
}
