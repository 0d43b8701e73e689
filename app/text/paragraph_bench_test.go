package text

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// BenchmarkParagraphLayout lays out an Arabic paragraph with numbers,
// a phone number and a web address at phone width, as a screen does on
// every resize.
func BenchmarkParagraphLayout(b *testing.B) {
	test.NewTempApp(b)
	s := "للطبيب المناوب اتصل بالرقم 116 117 ليلاً أو في عطلة نهاية الأسبوع. العيادة مفتوحة من 09:00–16:00، " +
		"والموعد يوم 12.05.2026 في الساعة 14:30. راجع www.116117.de للمزيد، أو اتصل بـ +49 800 111 0 111."
	p := Plain(s, "ar", Body, nil)
	b.ResetTimer()
	for b.Loop() {
		p.layoutFor(330)
	}
}
