package bidi

import (
	"strings"
	"testing"
)

// display shows a line as it appears on screen, left to right, with
// right-to-left characters reversed by the reordering only (no mirroring),
// the way BidiCharacterTest.txt states its expected orders.
func display(s string, rtl bool) string {
	text := []rune(s)
	levels := Levels(text, rtl)
	var b strings.Builder
	for _, i := range VisualOrder(levels) {
		if text[i] == LRI || text[i] == PDI {
			continue
		}
		b.WriteRune(text[i])
	}
	return b.String()
}

func TestLevels(t *testing.T) {
	tests := []struct {
		name string
		text string
		rtl  bool
		want []int
	}{
		// Cases in the manner of BidiCharacterTest.txt: R = Hebrew/Arabic
		// letters, numbers, neutrals between runs.
		{"LTR only", "ab c", false, []int{0, 0, 0, 0}},
		{"RTL only", "אב ג", true, []int{1, 1, 1, 1}},
		{"number in RTL", "אב 12", true, []int{1, 1, 1, 2, 2}},
		{"Latin in RTL", "אב cd", true, []int{1, 1, 1, 2, 2}},
		{"RTL in LTR", "ab אב", false, []int{0, 0, 0, 1, 1}},
		{"number after RTL in LTR (I1)", "ab אב 12", false, []int{0, 0, 0, 1, 1, 1, 2, 2}},
		{"number after Latin in LTR", "ab 12", false, []int{0, 0, 0, 0, 0}},
		{"Arabic-Indic digits in LTR", "a ١٢", false, []int{0, 0, 2, 2}},
		{"isolate in RTL", "אב \u20661 2\u2069", true, []int{1, 1, 1, 2, 2, 2, 2, 2}},
		{"Latin in brackets in Dari", "عمومی (Hausarzt) در", true,
			[]int{1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1}},
	}
	for _, tt := range tests {
		got := Levels([]rune(tt.text), tt.rtl)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %d levels, want %d", tt.name, len(got), len(tt.want))
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: levels %v, want %v", tt.name, got, tt.want)
				break
			}
		}
	}
}

func TestDisplayOrder(t *testing.T) {
	tests := []struct {
		text string
		rtl  bool
		want string
	}{
		{"abc", false, "abc"},
		{"אבג", true, "גבא"},
		{"אבג 123", true, "123 גבא"},
		{"אבג def", true, "def גבא"},
		{"abc אבג def", false, "abc גבא def"},
		{"abc אבג 123", false, "abc 123 גבא"}, // I1: the number belongs to the Hebrew
		{"אב 1 ג", true, "ג 1 בא"},
		// Without isolation "116 117" inside RTL reads as two numbers in
		// right-to-left order; isolated it keeps its order.
		{"אב 116 117", true, "117 116 בא"},
		{"אב \u2066116 117\u2069", true, "116 117 בא"},
		{"שלום abc def", true, "abc def םולש"},
	}
	for _, tt := range tests {
		if got := display(tt.text, tt.rtl); got != tt.want {
			t.Errorf("display(%q, rtl=%v) = %q, want %q", tt.text, tt.rtl, got, tt.want)
		}
	}
}

func TestVisualOrderLevels(t *testing.T) {
	// From the L2 example in UAX #9: levels 0 0 1 1 2 2 1 1 → the level-2
	// pair keeps its order inside the reversed level-1 sequence.
	got := VisualOrder([]int{0, 0, 1, 1, 2, 2, 1, 1})
	want := []int{0, 1, 7, 6, 4, 5, 3, 2}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("VisualOrder = %v, want %v", got, want)
		}
	}
}
