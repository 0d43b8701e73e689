package app

import "testing"

// TestReportScreenshots writes "Report a problem", filled in, and the
// report waiting to send, at phone size in en, ar and fa-AF to
// $SAFAR_SHOTS, to be looked at; it is skipped without it.
func TestReportScreenshots(t *testing.T) {
	dir := shotsDir(t)
	write := func(a *App, name string) {
		writeShot(t, dir, a, name)
	}
	written := map[string]string{
		"en":    "The office moved to a new address in May.",
		"ar":    "انتقل المكتب إلى عنوان جديد في أيار.",
		"fa-AF": "آدرس این دفتر تغییر کرده است.",
	}
	for _, lang := range []string{"en", "ar", "fa-AF"} {
		st := onboardedInGermany
		st.Lang = lang
		a := newTestApp(t, &st)
		a.opts.Version = "0.1.0"
		captureOpened(a, nil)
		if err := a.Open("report:de-berlin-svc-arrival"); err != nil {
			t.Fatal(err)
		}
		tapButton(t, a, a.loc.T("ReportWrongContact"))
		typeOnto(t, a, a.loc.T("ReportMore"), written[lang])
		write(a, "report-"+lang)
		tapButton(t, a, a.loc.T("ReportSave"))
		write(a, "report-waiting-"+lang)
	}
}
