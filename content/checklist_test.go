package content

import "testing"

func TestParseDeadline(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when refused
	}{
		{"14 days", "14 days"},
		{"within 14 days", "14 days"},
		{"1 day", "1 day"},
		{"2 weeks", "2 weeks"},
		{"1 month", "1 month"},
		{"3 months", "3 months"},
		{"36 months", "36 months"},
		{"14", ""},
		{"0 days", ""},
		{"-3 days", ""},
		{"+3 days", ""},
		{"two weeks", ""},
		{"1 year", ""},
		{"37 months", ""},
		{"1200 days", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, err := ParseDeadline(tt.in)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("%q read as %v, want an error", tt.in, d)
		case tt.want != "" && (err != nil || d.String() != tt.want):
			t.Errorf("%q read as %v, %v; want %s", tt.in, d, err, tt.want)
		}
	}
}

func TestDeadlineDue(t *testing.T) {
	tests := []struct {
		arrival  Date
		deadline string
		want     string
	}{
		{Date{2026, 11, 20}, "14 days", "2026-12-04"},
		{Date{2026, 12, 25}, "2 weeks", "2027-01-08"},
		{Date{2026, 11, 20}, "3 months", "2027-02-20"},
		{Date{2027, 1, 31}, "1 month", "2027-02-28"}, // no 31 February: its last day
		{Date{2028, 1, 31}, "1 month", "2028-02-29"},
		{Date{2026, 3, 28}, "1 day", "2026-03-29"}, // across a clock change
	}
	for _, tt := range tests {
		d, err := ParseDeadline(tt.deadline)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Due(tt.arrival).String(); got != tt.want {
			t.Errorf("%s + %s = %s, want %s", tt.arrival, tt.deadline, got, tt.want)
		}
	}
	if n := (Date{2026, 12, 30}).DaysUntil(Date{2027, 1, 2}); n != 3 {
		t.Errorf("DaysUntil = %d", n)
	}
}

func TestStepFingerprint(t *testing.T) {
	base := Step{ID: "register", Texts: []StepText{{Lang: "en", Text: "Register."}, {Lang: "ar", Text: "سجل."}}}
	fp := base.Fingerprint("en")
	same := base
	same.Texts = []StepText{{Lang: "en", Text: "Register.", Reason: "new reason"}, {Lang: "ar", Text: "سجّل عنوانك."}}
	if same.Fingerprint("en") != fp {
		t.Error("a new reason or translation changed the fingerprint")
	}
	for name, changed := range map[string]Step{
		"text":     {ID: "register", Texts: []StepText{{Lang: "en", Text: "Register within a week."}}},
		"deadline": {ID: "register", Deadline: Deadline{14, Days}, Texts: base.Texts},
		"link":     {ID: "register", Link: "de-asylum", Texts: base.Texts},
	} {
		if changed.Fingerprint("en") == fp {
			t.Errorf("a new %s kept the fingerprint", name)
		}
	}
}
