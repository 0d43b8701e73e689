package fold

import (
	"reflect"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"case", "Asylum", "asylum"},
		{"latin accents", "Santé Éducation", "sante education"},
		{"sharp s", "Straße", "strasse"},
		{"umlaut meets digraph", "Müller", "muller"},
		{"digraph", "Mueller", "muller"},
		{"oe digraph", "Österreich", "osterreich"},
		{"oe spelled out", "Oesterreich", "osterreich"},
		{"q keeps ue", "Quelle", "quelle"},
		{"compatibility forms", "ﬁle ①", "file 1"},
		{"arabic tashkeel", "مُسَاعَدَة", "مساعده"},
		{"arabic tatweel", "مـسـاعدة", "مساعده"},
		{"alef with hamza", "أمان إسعاف آمن", "امان اسعاف امن"},
		{"alef maksura and farsi yeh", "مستشفى بیمارستان", "مستشفي بيمارستان"},
		{"keheh to kaf", "کمک", "كمك"},
		{"teh marbuta", "صحة", "صحه"},
		{"arabic presentation forms", "ﻻ", "لا"},
		{"persian digits", "۱۱۲", "112"},
		{"arabic-indic digits", "١١٢", "112"},
		{"ukrainian lower case", "Притулок", "притулок"},
		{"ethiopic unchanged", "ሕክምና", "ሕክምና"},
		{"devanagari keeps vowel signs", "हिंदी", "हिंदी"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldIsIdempotent(t *testing.T) {
	for _, s := range []string{"Müller", "مُسَاعَدَة", "Straße", "ሕክምና", "Quelle"} {
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Errorf("Fold(Fold(%q)) = %q, want %q", s, twice, once)
		}
	}
}

// TestASCIIShortcut checks that the shortcut for ASCII text gives what the
// general path gives, on every printable character and the digraph rules.
func TestASCIIShortcut(t *testing.T) {
	var all []byte
	for c := byte(0); c < 0x80; c++ {
		all = append(all, c)
	}
	for _, s := range []string{string(all), "Mueller QUELLE aeroplane Oesterreich queue", "Call 112, then 0800 111 0 111.",
		"ae", "e", "ue", "que", "AEOEUE", "**bold** [link](https://www.example.org)\n- list"} {
		if got, want := Fold(s), foldAny(s); got != want {
			t.Errorf("Fold(%q) = %q, the general path gives %q", s, got, want)
		}
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"see a doctor", []string{"see", "a", "doctor"}},
		{"  ?!* ", nil},
		{"116-117", []string{"116", "117"}},
		{"ሕክምና፡ሓገዝ", []string{"ሕክምና", "ሓገዝ"}},
	}
	for _, tt := range tests {
		got := Terms(Fold(tt.in))
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldSearchRules(t *testing.T) {
	tests := []struct {
		name, a, b string
	}{
		{"article", "الطوارئ", "طوارئ"},
		{"lil prefix", "للعودة", "عودة"},
		{"wal prefix", "والمستشفى", "مستشفى"},
		{"bal prefix", "بالشرطة", "شرطة"},
		{"fal prefix", "فالمحامي", "محامي"},
		{"kal prefix", "كالطبيب", "طبيب"},
		{"lone hamza after alef maksura", "طوارئ", "طوارىء"},
		{"lone hamza on its own", "شيء", "شئ"},
		{"lone hamza dropped", "طوارئ", "طواري"},
		{"hamza on waw", "مسؤول", "مسوول"},
		{"alef maksura", "مستشفى", "مستشفي"},
		{"teh marbuta", "مساعدة", "مساعده"},
		{"zwnj", "می\u200cخواهم", "میخواهم"},
		{"persian kaf and yeh", "كمكي", "کمکی"},
		{"pashto gaf", "ګرځنده", "گرځنده"},
		{"pashto yeh", "روغتیايي", "روغتيايې"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, b := Fold(tt.a), Fold(tt.b); a != b {
				t.Errorf("Fold(%q) = %q, Fold(%q) = %q: want them equal", tt.a, a, tt.b, b)
			}
		})
	}
	// Short words keep their prefix-like start: الم (pain) is not لم.
	for _, w := range []string{"الم", "بالا", "الله"} {
		if got := Fold(w); got != Fold(w) || len([]rune(got)) != len([]rune(w)) {
			t.Errorf("Fold(%q) = %q: a short word must stay whole", w, got)
		}
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ lang, a, b string }{
		{"en", "hospitals", "hospital"},
		{"en", "doctors", "doctor"},
		{"fr", "médecins", "médecin"},
		{"es", "hospitales", "hospital"},
		{"de", "Ärzte", "Ärzten"},
		{"uk", "лікаря", "лікар"},
		{"uk", "лікарні", "лікарня"},
		{"ru", "врача", "врач"},
	}
	for _, tt := range tests {
		a, b := Stem(tt.lang, Fold(tt.a)), Stem(tt.lang, Fold(tt.b))
		if a != b {
			t.Errorf("%s: Stem(%q) = %q, Stem(%q) = %q: want them equal", tt.lang, tt.a, a, tt.b, b)
		}
	}
	if got := Stem("ti", "ሓኪም"); got != "ሓኪም" {
		t.Errorf("a language with no stemmer keeps its word, got %q", got)
	}
	if got := QueryStems("hospitals"); len(got) == 0 || got[0] != "hospit" {
		t.Errorf("QueryStems(hospitals) = %q, want the English stem first", got)
	}
	if got := QueryStems("ሓኪም"); got != nil {
		t.Errorf("QueryStems of Ethiopic = %q, want none", got)
	}
}

func TestPersianStem(t *testing.T) {
	for _, pair := range [][2]string{{"خطرات", "خطرهای"}, {"کتاب‌ها", "کتاب"}} {
		a, b := Stem("fa-AF", Fold(pair[0])), Stem("fa", Fold(pair[1]))
		if a != b {
			t.Errorf("Stem(%q) = %q, Stem(%q) = %q: want them equal", pair[0], a, pair[1], b)
		}
	}
}
