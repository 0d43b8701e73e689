package hours

import (
	"strings"
	"testing"
	"time"
)

// 2026-11-23 is a Monday.
func at(day int, hhmm string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", "2026-11-"+twoDigits(day)+" "+hhmm)
	if err != nil {
		panic(err)
	}
	return t
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func TestOpenAt(t *testing.T) {
	tests := []struct {
		value string
		when  time.Time
		open  bool
	}{
		{"24/7", at(29, "03:00"), true},
		{"Mo-Fr 09:00-17:00", at(23, "09:00"), true},
		{"Mo-Fr 09:00-17:00", at(23, "17:00"), false},
		{"Mo-Fr 09:00-17:00", at(23, "08:59"), false},
		{"Mo-Fr 09:00-17:00", at(28, "10:00"), false}, // Saturday
		{"Mo-Fr 09:00-12:00,13:00-16:00", at(24, "12:30"), false},
		{"Mo-Fr 09:00-12:00,13:00-16:00", at(24, "13:30"), true},
		{"Mo,We,Fr 10:00-14:00", at(25, "11:00"), true},
		{"Mo,We,Fr 10:00-14:00", at(24, "11:00"), false},
		{"Mo-Fr 09:00-17:00; We 09:00-12:00", at(25, "13:00"), false},
		{"Mo-Fr 09:00-17:00; We 09:00-12:00", at(26, "13:00"), true},
		{"Mo-Sa 08:00-20:00; Su off", at(29, "10:00"), false},
		{"Mo-Sa 08:00-20:00; Su off", at(28, "19:59"), true},
		{"Fr 22:00-02:00", at(28, "01:30"), true}, // Saturday night after Friday
		{"Fr 22:00-02:00", at(28, "02:00"), false},
		{"Sa-Mo 10:00-11:00", at(30, "10:30"), true}, // wraps over Sunday
		{"Mo-Fr 08:00-16:00, Sa 10:00-12:00", at(28, "11:00"), true},
		{"Mo-Fr 08:00-16:00, Sa 10:00-12:00", at(27, "11:00"), true},
		{"Mo-Fr 08:00-16:00; PH off", at(23, "10:00"), true},
		{"Mo-Su 00:00-24:00", at(25, "23:59"), true},
		{"Tu", at(24, "23:00"), true},
	}
	for _, tt := range tests {
		s, err := Parse(tt.value)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.value, err)
			continue
		}
		if got := s.OpenAt(tt.when); got != tt.open {
			t.Errorf("%q at %s: open = %v, want %v", tt.value, tt.when.Format("Mon 15:04"), got, tt.open)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	tests := []struct{ value, wantIn string }{
		{"", "empty"},
		{"Mo-Fr 9-17", "HH:MM"},
		{"Mo-Fr 09:00-25:00", "between 00:00 and 24:00"},
		{"Jan-Mar Mo-Fr 09:00-17:00", "outside the supported subset"},
		{"Mo-Fx 09:00-17:00", "not a weekday"},
		{"Mo-Fr 09:00", "closing time"},
		{"Mo-Fr 09:00-09:00", "same time"},
		{"PH 10:00-12:00", "PH off"},
		{"Mo-Fr 09:00-17:00 Sa", "\";\""},
		{"sunrise-sunset", "outside the supported subset"},
		{"Mo-Fr 08:00-12:00 \"by appointment\"", "\";\""},
	}
	for _, tt := range tests {
		_, err := Parse(tt.value)
		if err == nil {
			t.Errorf("Parse(%q) accepted it", tt.value)
			continue
		}
		if !strings.Contains(err.Error(), tt.wantIn) {
			t.Errorf("Parse(%q) = %v; want a message with %q", tt.value, err, tt.wantIn)
		}
	}
}

func TestNextChange(t *testing.T) {
	tests := []struct {
		value string
		from  time.Time
		want  time.Time
		ok    bool
	}{
		{"Mo-Fr 09:00-17:00", at(23, "10:00"), at(23, "17:00"), true},
		{"Mo-Fr 09:00-17:00", at(23, "18:00"), at(24, "09:00"), true},
		{"Mo-Fr 09:00-17:00", at(27, "18:00"), at(30, "09:00"), true}, // Friday evening → Monday
		{"Fr 22:00-02:00", at(27, "23:00"), at(28, "02:00"), true},
		{"24/7", at(23, "10:00"), time.Time{}, false},
		{"Mo-Su off", at(23, "10:00"), time.Time{}, false},
	}
	for _, tt := range tests {
		s, err := Parse(tt.value)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.value, err)
		}
		got, ok := s.NextChange(tt.from)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("%q from %s: next change %s (%v), want %s (%v)", tt.value,
				tt.from.Format("Mon 15:04"), got.Format("Mon 02 15:04"), ok, tt.want.Format("Mon 02 15:04"), tt.ok)
		}
	}
}

func TestHolidaysOff(t *testing.T) {
	s, err := Parse("Mo-Fr 08:00-16:00; PH off")
	if err != nil || !s.HolidaysOff() {
		t.Fatalf("PH off not recorded: %v", err)
	}
	s, _ = Parse("Mo-Fr 08:00-16:00")
	if s.HolidaysOff() {
		t.Fatal("PH off recorded without PH")
	}
}
