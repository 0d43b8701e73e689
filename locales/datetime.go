package locales

import (
	"time"

	cldr "github.com/go-playground/locales"
	"github.com/go-playground/locales/ar"
	"github.com/go-playground/locales/de"
	"github.com/go-playground/locales/en_150"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/fa"
	"github.com/go-playground/locales/fa_AF"
	"github.com/go-playground/locales/fr"
	"github.com/go-playground/locales/it"
	"github.com/go-playground/locales/nl"
	"github.com/go-playground/locales/ps"
	"github.com/go-playground/locales/so"
	"github.com/go-playground/locales/sv"
	"github.com/go-playground/locales/ti"
	"github.com/go-playground/locales/uk"
	"golang.org/x/text/language"
)

// Dates and times are written with CLDR's patterns for the reader's
// language (github.com/go-playground/locales, generated from CLDR), never
// as ISO strings: "12 May 2026" reads as a date to everyone, "2026-05-12"
// only to programmers, and a numeric date is read day-first in one country
// and month-first in another. Dates name their month, so no reader has to
// guess the order of the numbers.

// calendars are the CLDR formatters: the interface languages and the
// languages of the destination countries a clinician may read. English is
// CLDR's English for Europe (en-150: "12 May 2026", "14:30"), where Safar's
// readers live, not its US default ("May 12, 2026", "2:30 pm").
var calendars = map[string]func() cldr.Translator{
	"en": en_150.New, "ar": ar.New, "fa": fa.New, "fa-AF": fa_AF.New, "ps": ps.New,
	"ti": ti.New, "so": so.New, "uk": uk.New, "fr": fr.New, "es": es.New,
	"de": de.New, "sv": sv.New, "it": it.New, "nl": nl.New,
}

var (
	calendarTags    []language.Tag
	calendarMatcher language.Matcher
)

func init() {
	calendarTags = []language.Tag{language.English} // first: the fallback
	for tag := range calendars {
		if tag != "en" {
			calendarTags = append(calendarTags, language.MustParse(tag))
		}
	}
	calendarMatcher = language.NewMatcher(calendarTags)
}

// calendar is the CLDR formatter for tag, or the closest one (fa-IR → fa,
// ar-EG → ar), English when none is close.
func calendar(tag string) cldr.Translator {
	t, err := language.Parse(tag)
	if err != nil {
		return en_150.New()
	}
	_, i, conf := calendarMatcher.Match(t)
	if conf == language.No {
		return en_150.New()
	}
	return calendars[calendarTags[i].String()]()
}

// FormatDate is the day of t as a reader of language tag writes it, month
// by name (CLDR's long date): "12 May 2026", "12 مايو 2026",
// "12 ግንቦት 2026".
func FormatDate(tag string, t time.Time) string { return calendar(tag).FmtDateLong(t) }

// FormatDay is FormatDate for a calendar day with no time zone (a review
// date): year, month (1–12) and day.
func FormatDay(tag string, year, month, day int) string {
	return FormatDate(tag, time.Date(year, time.Month(month), day, 12, 0, 0, 0, time.UTC))
}

// FormatTime is the clock time of t as a reader of tag writes it (CLDR's
// short time): "14:30", "2:30 pm", "2:30 م".
func FormatTime(tag string, t time.Time) string { return calendar(tag).FmtTimeShort(t) }

// FormatDateTime is the day and the clock time of t.
func FormatDateTime(tag string, t time.Time) string {
	c := calendar(tag)
	return c.FmtDateLong(t) + " " + c.FmtTimeShort(t)
}

// Date is FormatDate in the localizer's language.
func (l *Localizer) Date(t time.Time) string { return FormatDate(l.tag, t) }

// Day is FormatDay in the localizer's language.
func (l *Localizer) Day(year, month, day int) string { return FormatDay(l.tag, year, month, day) }

// Time is FormatTime in the localizer's language.
func (l *Localizer) Time(t time.Time) string { return FormatTime(l.tag, t) }

// DateTime is FormatDateTime in the localizer's language.
func (l *Localizer) DateTime(t time.Time) string { return FormatDateTime(l.tag, t) }
