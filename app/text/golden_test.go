package text

import (
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite app/text/testdata/bidi/*.png (check each by eye first)")

// goldenCases are the bidi layouts issue 6 names, each in Arabic and Dari.
// Each image was checked by eye against the logical order of its text
// (see docs/bidi-golden.md).
var goldenCases = []struct {
	name, lang, markdown string
}{
	{"phone-ar", "ar", "للطبيب المناوب اتصل بالرقم 116 117 ليلاً أو في عطلة نهاية الأسبوع."},
	{"phone-fa-AF", "fa-AF", "برای داکتر نوکریوال به شماره 116 117 زنگ بزنید، مخصوصاً در شب."},
	{"wrap-ar", "ar", "لمزيد من المعلومات زر موقع BAMF أو اتصل بالرقم 0911 943 0. الخدمة مجانية وتجيب بالعربية أيضاً."},
	{"wrap-fa-AF", "fa-AF", "برای معلومات بیشتر به ویب‌سایت BAMF بروید یا به شماره 0911 943 0 زنگ بزنید. این خدمت رایگان است."},
	{"list-ar", "ar", "- **مهم:** احمل جواز سفرك دائماً.\n- اتصل بـ **112** في حالة الطوارئ.\n- **لا** توقّع ورقة لا تفهمها."},
	{"list-fa-AF", "fa-AF", "- **مهم:** پاسپورت خود را همیشه با خود داشته باشید.\n- در حالت عاجل به **112** زنگ بزنید.\n- ورقی را که نمی‌فهمید **امضا نکنید**."},
	{"english-first-ar", "ar", "WhatsApp متاح أيضاً للاستفسارات."},
	{"english-first-fa-AF", "fa-AF", "WhatsApp هم برای سؤال‌ها در دسترس است."},
	// Issue 11: numbers keep their logical order in right-to-left text.
	{"time-ar", "ar", "يفتح المكتب الساعة 08:30 ويغلق الساعة 14:30."},
	{"time-fa-AF", "fa-AF", "دفتر ساعت 08:30 باز می‌شود و ساعت 14:30 بسته می‌شود."},
	{"date-ar", "ar", "الموعد يوم 12.05.2026 في الساعة 9:15 صباحاً."},
	{"decimal-ar", "ar", "المسافة 2,5 كم، وحجم النص 1.25× أو 1.5×."},
	{"range-ar", "ar", "ساعات العمل 9–17، ويوم السبت 09:00–13:00."},
	{"range-ps", "ps", "دفتر له 9–17 پورې خلاص دی، په 2–3 ورځو کې ځواب ورکوي."},
}

func TestBidiGoldenImages(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			got := renderMarkdown(t, tc.markdown, tc.lang, fyne.NewSize(300, 160))
			path := filepath.Join("testdata", "bidi", tc.name+".png")
			if *updateGolden {
				writePNG(t, path, got)
				return
			}
			want := readPNG(t, path)
			if d := differentPixels(got, want); d > 0 {
				writePNG(t, filepath.Join("testdata", "bidi", "failed-"+tc.name+".png"), got)
				t.Errorf("%s: %d pixels differ from %s (the new rendering is in failed-%s.png)", tc.name, d, path, tc.name)
			}
		})
	}
}

// renderMarkdown draws md, written in lang, in a window of size with the
// theme Safar gives a reader of lang, and captures it.
func renderMarkdown(t *testing.T, md, lang string, size fyne.Size) image.Image {
	t.Helper()
	fa := test.NewTempApp(t)
	fa.Settings().SetTheme(NewTheme(RegionScript(lang), 1))
	w := fa.NewWindow("Safar")
	t.Cleanup(w.Close)
	w.SetContent(container.NewPadded(Markdown(md, lang, func(string) {})))
	// Lay out twice, as a real window does: wrapped text learns its height
	// from the first pass.
	w.Resize(size.AddWidthHeight(0, 1))
	w.Resize(size)
	return w.Canvas().Capture()
}

func writePNG(t *testing.T, path string, img image.Image) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func readPNG(t *testing.T, path string) image.Image {
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run with -update-golden and check the image by eye)", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// differentPixels counts pixels whose colour differs by more than a little
// antialiasing noise.
func differentPixels(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if diff(r1, r2)+diff(g1, g2)+diff(b1, b2) > 3*0x1000 {
				n++
			}
		}
	}
	return n
}

func diff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}
